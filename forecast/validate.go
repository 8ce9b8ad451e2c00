package forecast

import (
	"fmt"
	"strings"
)

// Limits of Options that Validate enforces.
const (
	MaxHorizon = 104 // periods ahead (two years of weeks)
	MaxOrigins = 26  // rolling backtest origins
	MaxStep    = 52  // periods between backtest origins
)

// Validate refuses options the engine would otherwise quietly replace by a
// default: a horizon, origin count or step out of range, an unknown selection
// mode or model name. Start from DefaultOptions; errors wrap ErrOptions and
// name the valid range or values.
func (o Options) Validate() error {
	switch {
	case o.Horizon < 1 || o.Horizon > MaxHorizon:
		return fmt.Errorf("%w: horizon %d: want 1 to %d periods", ErrOptions, o.Horizon, MaxHorizon)
	case o.Origins < 1 || o.Origins > MaxOrigins:
		return fmt.Errorf("%w: origins %d: want 1 to %d backtest origins", ErrOptions, o.Origins, MaxOrigins)
	case o.Step < 1 || o.Step > MaxStep:
		return fmt.Errorf("%w: step %d: want 1 to %d periods between backtest origins", ErrOptions, o.Step, MaxStep)
	}
	switch o.Selection {
	case SelectPooled, SelectFamily, SelectAuto, SelectCombo, SelectBest:
	default:
		return fmt.Errorf("%w: selection %q: want %s, %s, %s, %s or %s", ErrOptions, o.Selection,
			SelectPooled, SelectFamily, SelectAuto, SelectCombo, SelectBest)
	}
	for _, m := range o.Models {
		if ModelByName(m) == nil {
			return fmt.Errorf("%w: unknown model %q: want one of %s", ErrOptions, m, strings.Join(modelNames(), ", "))
		}
	}
	return nil
}

func modelNames() []string {
	var out []string
	for _, m := range AllModels() {
		out = append(out, m.Name())
	}
	return out
}
