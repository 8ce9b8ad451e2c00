package kpi

import "testing"

// TestRegistryNeeds: every KPI declares the fields it needs, in a form the
// warehouse measures.
func TestRegistryNeeds(t *testing.T) {
	for _, k := range Registry() {
		needs, err := k.NeedList()
		if err != nil {
			t.Errorf("%s: %v", k.ID, err)
			continue
		}
		if len(needs) == 0 {
			t.Errorf("%s declares no Needs", k.ID)
		}
	}
}
