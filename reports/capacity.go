package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// capacityTotal is the total of Options.CapacityFTE over the sites, and
// whether any site's capacity is known.
func capacityTotal(c map[string]float64) (float64, bool) {
	total := 0.0
	for _, v := range c {
		total += v
	}
	return total, len(c) > 0
}

// validateCapacity refuses a negative or non-finite staff count.
func validateCapacity(c map[string]float64) error {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := c[k]; !(v >= 0) || v > 1e6 {
			return fmt.Errorf("capacity of site %q: %v FTE: %w", k, v, ErrBadCapacity)
		}
	}
	return nil
}

// ParseCapacity reads the current staff per site, as "SITE=FTE,SITE=FTE"
// (LILLE=12,LYON=8.5): the --capacity flag of retour report.
func ParseCapacity(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		site, v, ok := strings.Cut(part, "=")
		site = strings.TrimSpace(site)
		if !ok || site == "" {
			return nil, fmt.Errorf("capacity %q: want SITE=FTE: %w", part, ErrBadCapacity)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, fmt.Errorf("capacity of site %q: %q is not a number: %w", site, v, ErrBadCapacity)
		}
		out[site] = f
	}
	if err := validateCapacity(out); err != nil {
		return nil, err
	}
	return out, nil
}

// capacityCells are a site's current staff and the need minus it (FTE; "–"
// when the site's capacity was not given).
func capacityCells(l Lang, c map[string]float64, site string, need float64) []string {
	have, ok := c[site]
	if !ok {
		return []string{"–", "–"}
	}
	gap := l.Number(need-have, 1)
	if need-have > 0 {
		gap = "+" + gap
	}
	return []string{l.Number(have, 1), gap}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
