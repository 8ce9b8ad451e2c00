package demo

import "errors"

// Sentinel errors returned (wrapped) by Generate and the option parsers.
var (
	// ErrOptions reports an invalid option value (negative size, bad week, ...).
	ErrOptions = errors.New("demo: invalid options")
	// ErrWeek reports an ISO week that does not parse as YYYY-Www.
	ErrWeek = errors.New("demo: bad ISO week")
)
