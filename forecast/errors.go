package forecast

import "errors"

var (
	// ErrNoHistory is returned when a series has too little history for a model.
	ErrNoHistory = errors.New("forecast: not enough history")
	// ErrNotApplicable is returned by a model that needs inputs the series lacks
	// (for example the order-linked model without shipments or a lag distribution).
	ErrNotApplicable = errors.New("forecast: model not applicable to this series")
	// ErrNoData is returned when the warehouse holds no returns to forecast.
	ErrNoData = errors.New("forecast: no returns in the warehouse; load data first (retour load or retour demo)")
	// ErrOptions is returned by Options.Validate for a value out of range or unknown.
	ErrOptions = errors.New("forecast: bad options")
	// ErrBadInput is returned for an unreadable generic-mode series file.
	ErrBadInput = errors.New("forecast: bad series file")
)
