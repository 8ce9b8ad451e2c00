package reports

// The data behind each chart: plain structs computed from SQL, checked by the
// golden tests, turned into ECharts options by echarts.go.

// Caption is what every figure carries: what it is, how it is defined, its
// unit and where the numbers come from.
type Caption struct {
	Title      string `json:"title"`
	Definition string `json:"definition"`
	Unit       string `json:"unit"`
	Source     string `json:"source"`
}

// Series is one named series over a chart's categories.
type Series struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
	// Kind is "bar" (default) or "line".
	Kind string `json:"kind,omitempty"`
	// Axis is the value axis: 0 (left) or 1 (right, see CategoryChart.Unit2).
	Axis int `json:"axis,omitempty"`
	// Gaps marks the categories without a value (a KPI not computable that
	// week): lines break there instead of dropping to zero. Nil when none.
	Gaps []bool `json:"gaps,omitempty"`
}

// CategoryChart is a bar or line chart over categories (weeks, SKUs, sites).
type CategoryChart struct {
	ID string `json:"id"`
	Caption
	Categories []string `json:"categories"`
	Series     []Series `json:"series"`
	// Stacked stacks the bar series.
	Stacked bool `json:"stacked,omitempty"`
	// Horizontal puts categories on the vertical axis (long labels).
	Horizontal bool `json:"horizontal,omitempty"`
	// Unit2 is the unit of the right axis, when a series uses it.
	Unit2 string `json:"unit2,omitempty"`
	// Max caps the value axis (100 for shares stacked to 100 %); 0 lets
	// the axis fit the data.
	Max float64 `json:"max,omitempty"`
}

// Empty reports whether the chart has nothing to draw.
func (c *CategoryChart) Empty() bool {
	if c == nil || len(c.Categories) == 0 {
		return true
	}
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v != 0 {
				return false
			}
		}
	}
	return true
}

// BandChart is history plus a forecast with 80 % and 95 % intervals, and the
// backtest accuracy of the model that made it.
type BandChart struct {
	ID string `json:"id"`
	Caption
	Key   string   `json:"key"`
	Weeks []string `json:"weeks"`
	// Actual is nil for weeks without history (the forecast horizon).
	Actual []*float64 `json:"actual"`
	// Mean and the bounds are nil for weeks before the forecast.
	Mean     []*float64 `json:"mean"`
	Lo80     []*float64 `json:"lo80"`
	Hi80     []*float64 `json:"hi80"`
	Lo95     []*float64 `json:"lo95"`
	Hi95     []*float64 `json:"hi95"`
	Accuracy *Accuracy  `json:"accuracy"`
}

// Empty reports whether the chart has nothing to draw.
func (c *BandChart) Empty() bool { return c == nil || len(c.Weeks) == 0 }

// Accuracy is a model's rolling-origin backtest score (forecast_accuracy).
type Accuracy struct {
	Model      string   `json:"model"`
	Horizons   string   `json:"horizons"`
	WAPE       *float64 `json:"wape"`
	MASE       *float64 `json:"mase"`
	Bias       *float64 `json:"bias"`
	Coverage80 *float64 `json:"coverage80"`
	Coverage95 *float64 `json:"coverage95"`
	N          int64    `json:"n"`
}

// HeatmapChart is a matrix of values (e.g. category x reason shares).
type HeatmapChart struct {
	ID string `json:"id"`
	Caption
	X []string `json:"x"`
	Y []string `json:"y"`
	// Cells are [x index, y index, value].
	Cells [][3]float64 `json:"cells"`
	Max   float64      `json:"max"`
}

// Empty reports whether the chart has nothing to draw.
func (c *HeatmapChart) Empty() bool { return c == nil || len(c.Cells) == 0 }

// Table is a captioned table; cells are already formatted for the language.
type Table struct {
	ID string `json:"id"`
	Caption
	Head []string   `json:"head"`
	Rows [][]string `json:"rows"`
	// Numeric marks the columns to right-align.
	Numeric []bool `json:"numeric,omitempty"`
	// Links, when set, holds per row the in-page anchor its last cell links to.
	Links []string `json:"links,omitempty"`
}

// Empty reports whether the table has no rows.
func (t *Table) Empty() bool { return t == nil || len(t.Rows) == 0 }

// Missing explains an empty section: what is missing and what to run.
type Missing struct {
	Message string `json:"message"`
	Command string `json:"command,omitempty"`
}

func ptr(v float64) *float64 { return &v }
