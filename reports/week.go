package reports

import (
	"time"

	"github.com/retour-analytics/retour/warehouse"
)

// Week is the warehouse's ISO 8601 week (Monday start); reports adds nothing to it.
type Week = warehouse.Week

// ParseWeek reads an ISO week in any form warehouse.ParseWeek accepts
// (2026-W47, 2026-w47, 2026W47); errors wrap ErrBadWeek.
func ParseWeek(s string) (Week, error) { return warehouse.ParseWeek(s) }

// WeekOf returns the ISO week holding t.
func WeekOf(t time.Time) Week { return warehouse.WeekOf(t) }
