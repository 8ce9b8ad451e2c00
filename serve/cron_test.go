package serve

import (
	"errors"
	"testing"
	"time"
)

func TestCronNext(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	cases := []struct {
		expr, from, want string
		loc              *time.Location
	}{
		{"0 6 * * 1", "2026-11-30T05:59:00Z", "2026-11-30T06:00:00Z", time.UTC},       // a Monday
		{"0 6 * * 1", "2026-11-30T06:00:00Z", "2026-12-07T06:00:00Z", time.UTC},       // strictly after
		{"0 6 * * 1", "2026-11-30T04:00:00Z", "2026-11-30T05:00:00Z", paris},          // 06:00 in Paris (UTC+1)
		{"0 6 * * 1", "2026-03-28T00:00:00Z", "2026-03-30T04:00:00Z", paris},          // after the DST change (UTC+2)
		{"*/15 9-10 * * *", "2026-12-01T10:50:00Z", "2026-12-02T09:00:00Z", time.UTC}, // steps and ranges
		{"30 2 1,15 * *", "2026-12-01T03:00:00Z", "2026-12-15T02:30:00Z", time.UTC},
		{"0 0 * * 7", "2026-12-01T00:00:00Z", "2026-12-06T00:00:00Z", time.UTC},  // 7 is Sunday
		{"0 0 13 * 5", "2026-12-01T00:00:00Z", "2026-12-04T00:00:00Z", time.UTC}, // day of month OR Friday
		{"0 0 31 2 *", "2026-12-01T00:00:00Z", "0001-01-01T00:00:00Z", time.UTC}, // never
	}
	for _, tc := range cases {
		t.Run(tc.expr+" "+tc.from, func(t *testing.T) {
			c, err := ParseCron(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			from, _ := time.Parse(time.RFC3339, tc.from)
			got := c.Next(from, tc.loc).UTC().Format(time.RFC3339)
			if got != tc.want {
				t.Errorf("Next = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseCronErrors(t *testing.T) {
	for _, expr := range []string{"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *"} {
		if _, err := ParseCron(expr); !errors.Is(err, ErrCron) {
			t.Errorf("ParseCron(%q) = %v, want ErrCron", expr, err)
		}
	}
}
