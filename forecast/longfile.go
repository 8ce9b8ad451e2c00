package forecast

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// MaxGenericCells bounds series x periods of a generic-mode file once its
// series are aligned on their own last dates (8 bytes a cell: 800 MB).
const MaxGenericCells = 100_000_000

// longObs is one row of a long-format file.
type longObs struct {
	t       time.Time
	p       int64 // absolute period: months since year 0, or days since 1970 for weeks
	v       float64
	missing bool
	line    int
}

// longSeries is one series of a long-format file as read.
type longSeries struct {
	id   string
	obs  []longObs
	freq string // "monthly", "weekly" or "" (a single date)
}

// SeriesSpan locates a generic-mode series in its own calendar: the
// dataset aligns every series on its last period (Dataset.Weeks-1), so
// series of different lengths and end dates share one index.
type SeriesSpan struct {
	// First and Last are the dates of the series' first and last rows.
	First, Last time.Time
	// Periods is the number of periods from First to Last.
	Periods int
	// Gaps counts the periods inside the span with no row; Missing the
	// rows with an empty value (both read as 0).
	Gaps, Missing int
}

// LongFile is a long-format file read by ReadLongFile.
type LongFile struct {
	*Dataset
	// Spans[i] describes Dataset.Series[i].
	Spans []SeriesSpan
	// Missing counts the empty (or NA) values read as 0.
	Missing int
}

// ReadLong reads a long-format file (see ReadLongFile) and returns its
// dataset and the number of missing values.
func ReadLong(r io.Reader, period int) (*Dataset, int, error) {
	lf, err := ReadLongFile(r, period)
	if err != nil {
		return nil, 0, err
	}
	return lf.Dataset, lf.Missing, nil
}

// ReadLongFile reads a long-format file with columns id, date, value (a
// header row first; extra columns ignored). Dates are YYYY-MM-DD or YYYY-MM,
// years 1 to 9999. Every series keeps its own calendar: the dataset aligns
// the series on their last periods, so that each is forecast from its own
// last date; its Weeks is the longest series' length. An empty value (or NA)
// is a missing period, counted and read as 0, as are periods absent inside a
// series' span; a negative value counts as 0 (the engine forecasts counts).
// Refused, naming series and lines: two rows of one series in the same
// period, a series whose dates are neither weekly nor monthly, and a file
// mixing weekly and monthly series.
func ReadLongFile(r io.Reader, period int) (*LongFile, error) {
	series, missing, err := readLongRows(r)
	if err != nil {
		return nil, err
	}
	monthly, err := longFrequency(series)
	if err != nil {
		return nil, err
	}
	lf := &LongFile{Dataset: &Dataset{Monthly: monthly, Period: period}, Missing: missing}
	if lf.Period == 0 {
		lf.Period = 52
		if monthly {
			lf.Period = 12
		}
	}
	longest := 0
	for i, s := range series {
		if err := indexPeriods(s, monthly); err != nil {
			return nil, err
		}
		n := int(s.obs[len(s.obs)-1].p-s.obs[0].p) + 1
		if n > lf.Weeks {
			lf.Weeks, longest = n, i
		}
	}
	if float64(lf.Weeks)*float64(len(series)) > MaxGenericCells {
		s := series[longest]
		return nil, fmt.Errorf("%w: series %q runs from %s (line %d) to %s (line %d): %d periods, and %d series of that length exceed %d values; check those dates",
			ErrBadInput, s.id, s.obs[0].t.Format("2006-01-02"), s.obs[0].line, s.obs[len(s.obs)-1].t.Format("2006-01-02"), s.obs[len(s.obs)-1].line,
			lf.Weeks, len(series), MaxGenericCells)
	}
	lf.Start = series[longest].obs[0].t
	for _, s := range series {
		ser, span := alignSeries(s, lf.Weeks)
		lf.Series = append(lf.Series, ser)
		lf.Spans = append(lf.Spans, span)
	}
	return lf, nil
}

// readLongRows parses the rows into series, in file order.
func readLongRows(r io.Reader) ([]*longSeries, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("%w: read header: %w", ErrBadInput, err)
	}
	if len(header) < 3 {
		return nil, 0, fmt.Errorf("%w: need columns id,date,value, got %q", ErrBadInput, strings.Join(header, ","))
	}
	// copies: the reader reuses its record slice
	dateCol, valueCol := strings.Clone(header[1]), strings.Clone(header[2])
	byID := map[string]*longSeries{}
	var order []*longSeries
	missing := 0
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			return nil, 0, fmt.Errorf("%w: line %d: %w", ErrBadInput, line, err)
		}
		if len(rec) < 3 {
			return nil, 0, fmt.Errorf("%w: line %d: %d columns, want id,date,value", ErrBadInput, line, len(rec))
		}
		ds := strings.TrimSpace(rec[1])
		t, err := time.Parse("2006-01-02", ds)
		if err != nil {
			t, err = time.Parse("2006-01", ds)
		}
		if err != nil || t.Year() < 1 {
			return nil, 0, fmt.Errorf("%w: line %d, column 2 (%s): %q is neither YYYY-MM-DD nor YYYY-MM (years 1 to 9999)", ErrBadInput, line, dateCol, ds)
		}
		o := longObs{t: t, line: line}
		vs := strings.TrimSpace(rec[2])
		if vs == "" || strings.EqualFold(vs, "NA") {
			o.missing = true
			missing++
		} else if o.v, err = strconv.ParseFloat(vs, 64); err != nil || math.IsNaN(o.v) || math.IsInf(o.v, 0) {
			return nil, 0, fmt.Errorf("%w: line %d, column 3 (%s): %q is not a number", ErrBadInput, line, valueCol, vs)
		}
		o.v = math.Max(o.v, 0)
		s := byID[rec[0]]
		if s == nil {
			s = &longSeries{id: strings.Clone(rec[0])}
			byID[s.id] = s
			order = append(order, s)
		}
		s.obs = append(s.obs, o)
	}
	if len(order) == 0 {
		return nil, 0, fmt.Errorf("%w: no data rows", ErrBadInput)
	}
	return order, missing, nil
}

// longFrequency classifies each series by the median gap between its
// dates (at least 27 days: monthly; 7 to 26: weekly; under 7 refused) and
// refuses a file mixing the two, naming a series of each kind.
func longFrequency(series []*longSeries) (monthly bool, err error) {
	var first *longSeries
	for _, s := range series {
		sort.SliceStable(s.obs, func(i, j int) bool { return s.obs[i].t.Before(s.obs[j].t) })
		var gaps []float64
		for i := 1; i < len(s.obs); i++ {
			if d := s.obs[i].t.Sub(s.obs[i-1].t).Hours() / 24; d > 0 {
				gaps = append(gaps, d)
			}
		}
		if len(gaps) == 0 {
			continue
		}
		sort.Float64s(gaps)
		switch g := gaps[len(gaps)/2]; {
		case g >= 27:
			s.freq = "monthly"
		case g >= 7:
			s.freq = "weekly"
		default:
			return false, fmt.Errorf("%w: series %q (line %d): dates %g days apart; the file must be weekly or monthly",
				ErrBadInput, s.id, s.obs[0].line, g)
		}
		if first == nil {
			first = s
		} else if s.freq != first.freq {
			return false, fmt.Errorf("%w: series %q (line %d) is %s but series %q (line %d) is %s; one file holds one frequency",
				ErrBadInput, s.id, s.obs[0].line, s.freq, first.id, first.obs[0].line, first.freq)
		}
	}
	if first == nil {
		// single dates only: YYYY-MM-01 everywhere reads as monthly
		monthly = true
		for _, s := range series {
			monthly = monthly && s.obs[0].t.Day() == 1
		}
		return monthly, nil
	}
	return first.freq == "monthly", nil
}

// indexPeriods sets each row's absolute period and refuses two rows of the
// series in one period.
func indexPeriods(s *longSeries, monthly bool) error {
	d0 := s.obs[0].t.Unix() / 86400
	for i := range s.obs {
		o := &s.obs[i]
		if monthly {
			o.p = int64(o.t.Year())*12 + int64(o.t.Month()) - 1
		} else {
			o.p = int64(math.Round(float64(o.t.Unix()/86400-d0) / 7))
		}
		if i > 0 && o.p == s.obs[i-1].p {
			return fmt.Errorf("%w: series %q: lines %d and %d (%s, %s) fall in the same period; one row per series and period",
				ErrBadInput, s.id, s.obs[i-1].line, o.line, s.obs[i-1].t.Format("2006-01-02"), o.t.Format("2006-01-02"))
		}
	}
	return nil
}

// alignSeries places s so that its last period is weeks-1.
func alignSeries(s *longSeries, weeks int) (*Series, SeriesSpan) {
	first, last := s.obs[0], s.obs[len(s.obs)-1]
	n := int(last.p-first.p) + 1
	off := weeks - n
	ser := &Series{Key: s.id, Y: make([]float64, weeks)}
	span := SeriesSpan{First: first.t, Last: last.t, Periods: n, Gaps: n - len(s.obs)}
	for _, o := range s.obs {
		if o.missing {
			span.Missing++
			continue
		}
		ser.Y[off+int(o.p-first.p)] = o.v
	}
	return ser, span
}

// periodAfter returns the date k periods after t (k may be negative).
func periodAfter(t time.Time, k int, monthly bool) time.Time {
	if monthly {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, k, 0)
	}
	return t.AddDate(0, 0, 7*k)
}
