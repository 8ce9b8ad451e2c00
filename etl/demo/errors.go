package demo

import (
	"errors"
	"fmt"
)

// Sentinel errors returned (wrapped) by Generate and the option parsers.
var (
	// ErrOptions reports an invalid option value (negative size, bad week, ...).
	ErrOptions = errors.New("demo: invalid options")
	// ErrWeek reports an ISO week that does not parse as YYYY-Www; it wraps ErrOptions.
	ErrWeek = fmt.Errorf("%w: bad ISO week", ErrOptions)
)
