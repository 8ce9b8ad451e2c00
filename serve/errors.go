package serve

import "errors"

var (
	// ErrConfig means the configuration file is invalid; the message names the file, key and reason.
	ErrConfig = errors.New("serve: invalid configuration")
	// ErrBusy means a run is already in progress; runs never overlap.
	ErrBusy = errors.New("serve: a run is already in progress")
	// ErrCron means a schedule expression could not be parsed.
	ErrCron = errors.New("serve: invalid schedule")
	// ErrUnsafePath means a requested or uploaded path would leave its folder.
	ErrUnsafePath = errors.New("serve: path leaves its folder")
)

var (
	// ErrUnknownPack means an explorer was asked for a pack that has none.
	ErrUnknownPack = errors.New("serve: unknown pack")
	// ErrNoData means the tables an explorer reads are empty (nothing loaded or computed yet).
	ErrNoData = errors.New("serve: no data yet: load files and let the weekly run compute the packs")
)
