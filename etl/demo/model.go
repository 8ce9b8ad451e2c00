package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// maxLag is the longest ship-to-receipt lag in weeks; LagPMF has maxLag+1 entries.
const maxLag = 16

// skuGen is one SKU's generation state: its catalogue row and the true
// parameters the rows are drawn from.
type skuGen struct {
	idx       int
	code      string
	sec       *sectorSpec
	secIdx    int
	cat       *category
	name      string
	brand     string
	material  string
	listCents int64
	costCents int64
	weight    float64
	pcf       float64 // 0 = no override
	qtyCum    []float64
	meanQty   float64
	lineRate  []float64 // expected order lines per ship week
	p         []float64 // return probability per unit, ship week t, outside the carrier-event group
	pGroup    []float64 // the same for units in the carrier-event group
	mixes     [][]float64
	mixOf     []uint8 // per ship week: index into mixes, outside the group
	mixGroup  []uint8 // per ship week: index into mixes, in the group
	lagCum    []float64
	truth     ProductTruth
}

// carrierGroup is the (country, carrier) pair hit by the carrier damage event.
type carrierGroup struct {
	country, carrier int // indexes; -1 when there is no such event
	start, end       int // ship weeks [start, end)
	weight           float64
}

func (g carrierGroup) active(t int) bool { return g.country >= 0 && t >= g.start && t < g.end }

// model is everything Generate draws rows from.
type model struct {
	opts      Options
	cal       *calendar
	skus      []*skuGen
	group     carrierGroup
	events    []Event
	sites     []site
	route     []int // country index -> site index
	markup    [][]float64
	season    []seasonDay
	expLine   float64 // expected order lines over all SKUs and weeks
	customers int     // size of the customer base
}

type site struct{ code, country string }

func parseSites(list []string) ([]site, error) {
	if len(list) == 0 {
		list = defaultSites
	}
	out := make([]site, 0, len(list))
	for _, s := range list {
		code, cc, ok := strings.Cut(s, ":")
		if !ok || code == "" || len(cc) != 2 {
			return nil, fmt.Errorf("%w: site %q (want CODE:CC, e.g. FR-LIL:FR)", ErrOptions, s)
		}
		out = append(out, site{code, strings.ToUpper(cc)})
	}
	return out, nil
}

// buildModel draws every SKU's true parameters and the events.
func buildModel(opts Options, cal *calendar) (*model, error) {
	sites, err := parseSites(opts.Sites)
	if err != nil {
		return nil, err
	}
	m := &model{opts: opts, cal: cal, sites: sites, group: carrierGroup{country: -1, carrier: -1}}
	m.route = make([]int, len(countries))
	for ci, c := range countries {
		for si, s := range sites {
			if s.country == c.code {
				m.route[ci] = si
				break
			}
		}
	}
	m.season = make([]seasonDay, opts.Weeks)
	for t := range m.season {
		m.season[t] = cal.season(t)
	}
	secIdx := assignSectors(opts.SKUs)
	catsBySector := make([][]int, len(sectorSpecs))
	for i, c := range categories {
		catsBySector[c.sector] = append(catsBySector[c.sector], i)
	}
	natural := 0.0
	for i := range opts.SKUs {
		s := m.drawSKU(i, secIdx[i], catsBySector[secIdx[i]])
		m.skus = append(m.skus, s)
		for _, d := range s.truth.Demand {
			natural += d / s.meanQty
		}
	}
	scale := 1.0
	if opts.Lines > 0 && natural > 0 {
		scale = float64(opts.Lines) / natural
	}
	m.expLine = 0
	for _, s := range m.skus {
		s.lineRate = make([]float64, opts.Weeks)
		for t, d := range s.truth.Demand {
			d = round(d*scale, 4)
			s.truth.Demand[t] = d
			s.lineRate[t] = d / s.meanQty
			m.expLine += s.lineRate[t]
		}
	}
	m.customers = max(500, int(m.expLine/3))
	m.markup = m.markdowns()
	m.drawEvents()
	m.applyEvents()
	return m, nil
}

// assignSectors spreads the sectors over the SKU indexes in their shares,
// interleaved so that any prefix of SKUs has every sector.
func assignSectors(n int) []int {
	out := make([]int, n)
	count := make([]float64, len(sectorSpecs))
	for i := range n {
		best, bestGap := 0, math.Inf(-1)
		for s, spec := range sectorSpecs {
			gap := spec.share*float64(i+1) - count[s]
			if gap > bestGap {
				best, bestGap = s, gap
			}
		}
		out[i] = best
		count[best]++
	}
	return out
}

// pcfTable is the ADEME footprint per category (kgCO2e per unit; food per kg),
// used to draw the optional manufacturer-declared pcf_kgco2e overrides.
var pcfTable = map[string]float64{
	"t-shirt": 5.2, "jeans": 23.2, "shoes": 17.3, "smartphone": 85.1, "laptop": 182.6, "tv": 375.8,
	"kettle": 9.9, "vacuum_cleaner": 47.3, "microwave": 98.4, "washing_machine": 342,
	"sofa": 179, "wooden_table": 80.2, "chicken": 4.56, "rice": 2.01, "apple": 0.40,
}

func (m *model) drawSKU(i, sec int, cats []int) *skuGen {
	r := newRNG(m.opts.Seed, streamParams, i, 0)
	spec := sectorSpecs[sec]
	cat := &categories[cats[r.IntN(len(cats))]]
	s := &skuGen{idx: i, sec: spec, secIdx: sec, cat: cat}
	s.code = fmt.Sprintf("%s-%05d", spec.prefix, i+1)
	s.name = cat.names[r.IntN(len(cat.names))] + " " + cat.variants[r.IntN(len(cat.variants))]
	s.brand = brands[sec][r.IntN(len(brands[sec]))]
	s.material = cat.material[r.IntN(len(cat.material))]
	price := math.Exp(uniform(r, math.Log(cat.price[0]), math.Log(cat.price[1])))
	switch {
	case price < 10:
		s.listCents = int64(math.Floor(price*10))*10 + 9
	case price < 200:
		s.listCents = int64(math.Floor(price))*100 + 99
	default:
		s.listCents = int64(math.Floor(price/10))*1000 + 900
	}
	s.costCents = int64(math.Round(float64(s.listCents) * spec.costRatio * uniform(r, 0.85, 1.15)))
	s.weight = round(cat.weight*uniform(r, 0.9, 1.1), 2)
	if r.Float64() < 0.1 {
		f := pcfTable[cat.code]
		if spec.code == "food" {
			f *= s.weight
		}
		s.pcf = round(f*uniform(r, 0.7, 1.1), 1)
	}
	s.qtyCum = cumulative(spec.qty)
	for q, p := range spec.qty {
		s.meanQty += float64(q+1) * p
	}
	weeks := m.opts.Weeks
	tr := ProductTruth{SKU: s.code, Category: cat.code, Sector: spec.code}

	// Demand: level x life cycle x season x growth x AR(1) noise.
	// Life cycle: 15 % slow movers, 20 % launched inside the window, 20 %
	// declining inside it, the rest on sale throughout.
	level := cat.level * lognormal(r, 1, 0.6)
	ramp := 3 + r.IntN(8)
	life := spec.lifeWeeks[0] + r.IntN(spec.lifeWeeks[1]-spec.lifeWeeks[0]+1)
	halfLife := uniform(r, 6, 20)
	launch := -ramp - 1 - r.IntN(200)
	pattern := "regular"
	switch u := r.Float64(); {
	case u < 0.15:
		level = uniform(r, 0.15, 1.2)
		pattern = "slow_mover"
		life = math.MaxInt32
	case u < 0.35:
		launch = r.IntN(max(1, weeks*4/5))
		pattern = "launch"
	case u < 0.55:
		life = weeks/5 + r.IntN(max(1, weeks*7/10)) - launch
		pattern = "end_of_life"
	default:
		life = math.MaxInt32
	}
	if pattern == "launch" && launch+life >= weeks {
		life = math.MaxInt32
	}
	tr.Pattern = pattern
	tr.LaunchWeek = launch
	tr.Demand = make([]float64, weeks)
	tr.DemandNoise = make([]float64, weeks)
	noise := 0.0
	for t := range weeks {
		noise = DemandARPhi*noise + DemandARSigma*r.NormFloat64()
		tr.DemandNoise[t] = round(noise, 4)
		age := t - launch
		lc := 0.0
		switch {
		case age < 0:
			lc = 0
		case age < ramp:
			lc = float64(age+1) / float64(ramp+1)
		case age < life:
			lc = 1
		default:
			lc = math.Exp2(-float64(age-life) / halfLife)
			if lc < 0.03 {
				lc = 0
			}
		}
		tr.Demand[t] = level * lc * m.seasonFactor(spec, t) * math.Exp(0.06*float64(t)/52+noise)
	}

	// Return probability: the category rate x SKU noise x gift effect.
	base := math.Min(0.6, math.Max(0.003, cat.return_*lognormal(r, 1, 0.15)))
	base = round(base, 6)
	s.p = make([]float64, weeks)
	for t := range weeks {
		sd := m.season[t]
		f := 1.0
		if sd.month >= 11 {
			f = spec.seasonality.giftReturn
		}
		if sd.blackFriday {
			f *= 1.1
		}
		s.p[t] = base * f
	}

	// Reason mix: the sector mix with SKU noise.
	mix := make([]float64, nReasons)
	sum := 0.0
	for k, v := range spec.reasons {
		if v > 0 {
			mix[k] = v * lognormal(r, 1, 0.25)
			sum += mix[k]
		}
	}
	for k := range mix {
		mix[k] = round(mix[k]/sum, 6)
	}
	s.mixes = [][]float64{mix}
	s.mixOf = make([]uint8, weeks)
	s.mixGroup = make([]uint8, weeks)
	tr.ReasonMix = mixMap(mix)

	// Lag: a discretised lognormal in weeks, at least one week.
	med := spec.lagMedian * uniform(r, 0.85, 1.15)
	pmf := make([]float64, maxLag+1)
	cdf := func(x float64) float64 { return normCDF((math.Log(x) - math.Log(med)) / spec.lagSigma) }
	for k := 1; k <= maxLag; k++ {
		hi := 1.0
		if k < maxLag {
			hi = cdf(float64(k) + 0.5)
		}
		lo := 0.0
		if k > 1 {
			lo = cdf(float64(k) - 0.5)
		}
		pmf[k] = round(hi-lo, 6)
	}
	tr.LagPMF = pmf
	tr.MeanQty = s.meanQty
	s.lagCum = cumulative(pmf)
	s.truth = tr
	return s
}

// seasonFactor is the sector's seasonal demand factor in week t.
func (m *model) seasonFactor(spec *sectorSpec, t int) float64 {
	sd, sp := m.season[t], spec.seasonality
	f := sp.month[sd.month]
	if sd.blackFriday {
		f *= sp.blackFriday
	}
	if sd.cyberWeek {
		f *= sp.cyberWeek
	}
	if sd.winterSales {
		f *= sp.winterSales
	}
	if sd.summerSales {
		f *= sp.summerSales
	}
	if sd.christmas {
		f *= sp.christmas
	}
	return f
}

// markdowns returns, per sector and week, the share of list price taken off
// (sales, Black Friday).
func (m *model) markdowns() [][]float64 {
	out := make([][]float64, len(sectorSpecs))
	for s, spec := range sectorSpecs {
		out[s] = make([]float64, m.opts.Weeks)
		for t, sd := range m.season {
			switch {
			case sd.blackFriday || sd.cyberWeek:
				out[s][t] = 0.20
			case (sd.winterSales || sd.summerSales) && spec.code == "fashion":
				out[s][t] = 0.30
			case sd.winterSales && spec.code == "furniture":
				out[s][t] = 0.20
			case sd.winterSales || sd.summerSales:
				out[s][t] = 0.10
			}
		}
	}
	return out
}

func mixMap(mix []float64) map[string]float64 {
	out := make(map[string]float64, len(mix))
	for k, v := range mix {
		if v > 0 {
			out[Reasons[k]] = v
		}
	}
	return out
}

// lift returns mix with reason k's share set to share and the other reasons
// scaled to keep the sum, and the factor F = (1-b)/(1-share) by which the
// return probability grows so that the other reasons keep their absolute rates.
func lift(mix []float64, k int, share float64) ([]float64, float64) {
	b := mix[k]
	out := make([]float64, len(mix))
	for i, v := range mix {
		out[i] = v * (1 - share) / (1 - b)
	}
	out[k] = share
	return out, (1 - b) / (1 - share)
}

// cohortPick draws a SKU index among candidates with volume in [start, end):
// uniform among the top 5 % (at least one) by expected returned units there
// (demand x return probability, before any event). A defective batch or a
// wrong description is noticed on SKUs that sell and come back: on a SKU
// returning one unit a week it would be lost in the noise, in real life as in
// the data.
func (m *model) cohortPick(r *rand.Rand, sectors []string, start, end int, exclude int) int {
	type cand struct {
		i int
		d float64
	}
	var cs []cand
	for _, s := range m.skus {
		if s.idx == exclude || !slices.Contains(sectors, s.sec.code) {
			continue
		}
		d := 0.0
		for t := start; t < end; t++ {
			d += s.truth.Demand[t] * s.p[t]
		}
		if d > 0 {
			cs = append(cs, cand{s.idx, d})
		}
	}
	if len(cs) == 0 {
		return -1
	}
	// By expected returns, descending; ties by index so the pick is deterministic.
	slices.SortFunc(cs, func(a, b cand) int {
		if c := cmp.Compare(b.d, a.d); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	top := max(1, len(cs)/20)
	return cs[r.IntN(top)].i
}

// window places an event of the given length ending about endBack weeks before
// the end of data, jittered by up to +-jitter weeks, scaled down for short histories.
func (m *model) window(r *rand.Rand, endBack, length, jitter int) (int, int) {
	w := m.opts.Weeks
	if w < 40 {
		length = max(2, length*w/40)
		endBack = endBack * w / 40
		jitter = 0
	}
	end := w - endBack
	if jitter > 0 {
		end += r.IntN(2*jitter+1) - jitter
	}
	end = min(w, max(end, length+1))
	return end - length, end
}

// drawEvents picks the injected events.
func (m *model) drawEvents() {
	r := newRNG(m.opts.Seed, streamEvents, 0, 0)
	start, end := m.window(r, 14, 10, 3)
	if i := m.cohortPick(r, []string{"high_tech", "appliance"}, start, end, -1); i >= 0 {
		m.events = append(m.events, Event{Kind: "defective_batch", SKU: m.skus[i].code, Reason: "defective",
			StartWeek: start, EndWeek: end, Share: 0.65,
			Description: "a faulty production batch: units shipped in these weeks come back more often, mostly as defective"})
	}
	start, end = m.window(r, 6, 10, 3)
	exclude := -1
	if len(m.events) > 0 {
		exclude = m.skuIndex(m.events[0].SKU)
	}
	if i := m.cohortPick(r, []string{"fashion", "furniture"}, start, end, exclude); i >= 0 {
		m.events = append(m.events, Event{Kind: "description_error", SKU: m.skus[i].code, Reason: "not_as_described",
			StartWeek: start, EndWeek: end, Share: 0.50,
			Description: "a wrong catalogue description (colour, size chart) until it was corrected"})
	}
	start, end = m.window(r, 4, 8, 2)
	ci := r.IntN(4) // FR, DE, ES or IT
	c := countries[ci]
	m.group = carrierGroup{country: ci, carrier: 0, start: start, end: end, weight: c.share * c.cshare[0]}
	m.events = append(m.events, Event{Kind: "carrier_damage", Carrier: c.carriers[0], Country: c.code,
		Reason: "damaged_in_transit", StartWeek: start, EndWeek: end, Share: 0.45,
		Description: "a damage wave at one carrier in one country: its deliveries in these ship weeks come back damaged more often"})
}

func (m *model) skuIndex(code string) int {
	for _, s := range m.skus {
		if s.code == code {
			return s.idx
		}
	}
	return -1
}

// applyEvents turns the events into per-week return probabilities and mixes,
// and writes the resulting truth (ReturnProb, MixChanges, event factors).
func (m *model) applyEvents() {
	weeks := m.opts.Weeks
	for ei := range m.events {
		ev := &m.events[ei]
		if ev.SKU == "" {
			continue
		}
		s := m.skus[m.skuIndex(ev.SKU)]
		k := reasonIndex(ev.Reason)
		mix, f := lift(s.mixes[0], k, ev.Share)
		s.mixes = append(s.mixes, mix)
		for t := ev.StartWeek; t < ev.EndWeek; t++ {
			s.p[t] *= f
			s.mixOf[t] = uint8(len(s.mixes) - 1)
		}
		ev.ReturnProbFactor = f
	}
	g := m.group
	var carrier *Event
	for ei := range m.events {
		if m.events[ei].Kind == "carrier_damage" {
			carrier = &m.events[ei]
		}
	}
	kd := reasonIndex("damaged_in_transit")
	fSum, wSum := 0.0, 0.0
	for _, s := range m.skus {
		s.pGroup = make([]float64, weeks)
		copy(s.pGroup, s.p)
		copy(s.mixGroup, s.mixOf)
		if carrier != nil {
			lifted := map[uint8]uint8{}
			for t := g.start; t < g.end; t++ {
				base := s.mixOf[t]
				mix, f := lift(s.mixes[base], kd, carrier.Share)
				if j, ok := lifted[base]; ok {
					s.mixGroup[t] = j
				} else {
					s.mixes = append(s.mixes, mix)
					lifted[base] = uint8(len(s.mixes) - 1)
					s.mixGroup[t] = lifted[base]
				}
				s.pGroup[t] = s.p[t] * f
				fSum += f * s.truth.Demand[t]
				wSum += s.truth.Demand[t]
			}
		}
		// Truth: the unit-weighted mixture over the group and the rest.
		w := g.weight
		s.truth.ReturnProb = make([]float64, weeks)
		var changes []MixChange
		for t := range weeks {
			if !g.active(t) {
				s.truth.ReturnProb[t] = s.p[t]
			} else {
				s.truth.ReturnProb[t] = (1-w)*s.p[t] + w*s.pGroup[t]
			}
			var eff []float64
			switch {
			case g.active(t):
				eff = make([]float64, nReasons)
				pr := s.truth.ReturnProb[t]
				for k := range eff {
					eff[k] = ((1-w)*s.p[t]*s.mixes[s.mixOf[t]][k] + w*s.pGroup[t]*s.mixes[s.mixGroup[t]][k]) / pr
				}
			case s.mixOf[t] != 0:
				eff = s.mixes[s.mixOf[t]]
			}
			if eff == nil {
				continue
			}
			mm := mixMap(eff)
			if n := len(changes); n > 0 && changes[n-1].EndWeek == t && sameMix(changes[n-1].Mix, mm) {
				changes[n-1].EndWeek = t + 1
				continue
			}
			changes = append(changes, MixChange{StartWeek: t, EndWeek: t + 1, Mix: mm})
		}
		s.truth.MixChanges = changes
	}
	if carrier != nil && wSum > 0 {
		carrier.ReturnProbFactor = fSum / wSum
	}
	for _, s := range m.skus {
		for i, mix := range s.mixes {
			s.mixes[i] = cumulative(mix)
		}
	}
}

func sameMix(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if math.Abs(b[k]-v) > 1e-12 {
			return false
		}
	}
	return true
}

func reasonIndex(code string) int {
	for i, r := range Reasons {
		if r == code {
			return i
		}
	}
	panic("demo: unknown reason " + code)
}
