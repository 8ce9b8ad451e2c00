package reports

import (
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// go-echarts builds the chart options; pages never use its HTML templates, so
// no script is ever fetched from its default asset host (which is also set to
// nothing below). The options are marshalled with encoding/json, which
// escapes <, > and & as \u003c, \u003e, \u0026: a string from data cannot close
// the inline <script> that carries them.

// palette keeps series colours stable across packs.
var palette = []string{"#2f5d8a", "#e07b39", "#4f9d69", "#c44e52", "#8172b2", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd", "#1b3a57"}

// defaultGrid leaves room for the legend and the value axis name above the
// plot (the page script moves the top down when the legend wraps).
var defaultGrid = opts.Grid{Left: "1%", Right: "2%", Top: "36", Bottom: "4%", ContainLabel: opts.Bool(true)}

// baseOpts are the options every chart shares. go-echarts appends a grid
// per WithGridOpts, so each chart passes its single grid here.
func baseOpts(legend bool, grid opts.Grid) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: ""}),
		charts.WithAnimation(false),
		charts.WithColorsOpts(opts.Colors(palette)),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(legend), Type: "scroll", Top: "0"}),
		charts.WithGridOpts(grid),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
	}
}

// optionJSON validates a go-echarts chart and returns its option object.
func optionJSON(c interface {
	Validate()
	JSON() map[string]interface{}
}) (json.RawMessage, error) {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("marshal chart options: %w", err)
	}
	return b, nil
}

func categoryOption(c *CategoryChart, l Lang) (json.RawMessage, error) {
	bar := charts.NewBar()
	g := baseOpts(len(c.Series) > 1, defaultGrid)
	cat := opts.XAxis{Type: "category", Data: c.Categories}
	val := opts.YAxis{Type: "value", Name: l.unit(c.Unit)}
	if c.Max > 0 {
		val.Max = c.Max
	}
	if c.Horizontal {
		g = append(g,
			charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: l.unit(c.Unit)}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: c.Categories, Inverse: opts.Bool(true)}),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		)
	} else {
		g = append(g, charts.WithXAxisOpts(cat), charts.WithYAxisOpts(val))
		bar.SetXAxis(c.Categories) // Validate copies it into the x axis
	}
	bar.SetGlobalOptions(g...)
	if c.Unit2 != "" {
		bar.ExtendYAxis(opts.YAxis{Type: "value", Name: l.unit(c.Unit2), Position: "right"})
	}
	for _, s := range c.Series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: v}
			if i < len(s.Gaps) && s.Gaps[i] {
				data[i] = opts.BarData{Value: "-"}
			}
		}
		s := s
		bar.AddSeries(s.Name, data, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
			if s.Kind == "line" {
				ss.Type = "line"
				ss.ShowSymbol = opts.Bool(len(s.Values) <= 30)
			}
			if c.Stacked && s.Kind != "line" {
				ss.Stack = "total"
			}
			ss.YAxisIndex = s.Axis
		}))
	}
	return optionJSON(bar)
}

func lineData(vs []*float64) []opts.LineData {
	out := make([]opts.LineData, len(vs))
	for i, v := range vs {
		if v == nil {
			out[i] = opts.LineData{Value: "-"}
		} else {
			out[i] = opts.LineData{Value: *v}
		}
	}
	return out
}

// widths returns hi - lo where both exist, for stacked interval bands.
func widths(lo, hi []*float64) []*float64 {
	out := make([]*float64, len(lo))
	for i := range lo {
		if lo[i] != nil && hi[i] != nil {
			out[i] = ptr(*hi[i] - *lo[i])
		}
	}
	return out
}

func bandOption(c *BandChart, l Lang) (json.RawMessage, error) {
	line := charts.NewLine()
	g := baseOpts(true, defaultGrid)
	g = append(g,
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: c.Weeks}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: l.unit(c.Unit)}),
	)
	line.SetXAxis(c.Weeks) // Validate copies it into the x axis
	visible := []string{l.T("chart.actual"), l.T("chart.forecast"), l.T("chart.band80"), l.T("chart.band95")}
	g = append(g, charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Data: visible}))
	line.SetGlobalOptions(g...)
	hidden := func(stack string) charts.SeriesOpts {
		return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack = stack
			s.ShowSymbol = opts.Bool(false)
			s.LineStyle = &opts.LineStyle{Opacity: opts.Float(0)}
		})
	}
	band := func(stack, color string) charts.SeriesOpts {
		return charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack = stack
			s.ShowSymbol = opts.Bool(false)
			s.LineStyle = &opts.LineStyle{Opacity: opts.Float(0)}
			s.AreaStyle = &opts.AreaStyle{Color: color, Opacity: opts.Float(1)}
			s.Color = color
			s.ItemStyle = &opts.ItemStyle{Color: color} // the legend swatch
			s.Symbol = "rect"
		})
	}
	line.AddSeries("lo95", lineData(c.Lo95), hidden("b95"))
	line.AddSeries(l.T("chart.band95"), lineData(widths(c.Lo95, c.Hi95)), band("b95", "#d6e4f0"))
	line.AddSeries("lo80", lineData(c.Lo80), hidden("b80"))
	line.AddSeries(l.T("chart.band80"), lineData(widths(c.Lo80, c.Hi80)), band("b80", "#a9c6e0"))
	line.AddSeries(l.T("chart.forecast"), lineData(c.Mean), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Color = "#1b3a57"
		s.LineStyle = &opts.LineStyle{Type: "dashed", Width: 2}
		s.ShowSymbol = opts.Bool(false)
	}))
	line.AddSeries(l.T("chart.actual"), lineData(c.Actual), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Color = "#e07b39"
		s.LineStyle = &opts.LineStyle{Width: 2}
		s.ShowSymbol = opts.Bool(false)
	}))
	line.Validate()
	m := line.JSON()
	// The page's script builds the tooltip from these (lower, upper) bounds,
	// since the drawn band series hold widths.
	m["retourBand"] = map[string]any{"lo80": c.Lo80, "hi80": c.Hi80, "lo95": c.Lo95, "hi95": c.Hi95, "mean": c.Mean, "actual": c.Actual,
		"labels": map[string]string{"actual": l.T("chart.actual"), "mean": l.T("chart.forecast"), "pi80": l.T("chart.band80"), "pi95": l.T("chart.band95")}}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("marshal band chart options: %w", err)
	}
	return b, nil
}

func heatmapOption(c *HeatmapChart, l Lang) (json.RawMessage, error) {
	h := charts.NewHeatMap()
	g := baseOpts(false, opts.Grid{Left: "1%", Right: "6%", Top: "20", Bottom: "80", ContainLabel: opts.Bool(true)})
	g = append(g,
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Position: "top", Data: c.X, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}, AxisLabel: &opts.AxisLabel{Rotate: 25, Interval: "0"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: c.Y, SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithVisualMapOpts(opts.VisualMap{Calculable: opts.Bool(true), Min: 0, Max: float32(c.Max), Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#f7fbff", "#6baed6", "#08306b"}}}),
	)
	h.SetGlobalOptions(g...)
	data := make([]opts.HeatMapData, len(c.Cells))
	for i, cell := range c.Cells {
		data[i] = opts.HeatMapData{Value: [3]interface{}{int(cell[0]), int(cell[1]), cell[2]}}
	}
	h.AddSeries(l.unit(c.Unit), data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(len(c.X)*len(c.Y) <= 200)}))
	return optionJSON(h)
}
