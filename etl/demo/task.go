package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// blockWeeks is the number of ship weeks in one unit of parallel work.
const blockWeeks = 13

// counts are the rows and tallies of one chunk.
type counts struct {
	rows    [nFiles]int
	dirty   [nFiles][nKinds]int
	backlog int
	// backlogCents is the backlog valued at unit cost, in cents.
	backlogCents int64
}

func (c *counts) add(o *counts) {
	for f := range c.rows {
		c.rows[f] += o.rows[f]
		for k := range c.dirty[f] {
			c.dirty[f][k] += o.dirty[f][k]
		}
	}
	c.backlog += o.backlog
	c.backlogCents += o.backlogCents
}

// chunk is the output of one task: (week block, SKU).
type chunk struct {
	orders, returns, claims []byte
	c                       counts
}

// taskGen holds one task's RNG and scratch buffers.
type taskGen struct {
	m             *model
	r             *rand.Rand
	c             *counts
	sku           *skuGen
	block         int
	dirty         bool
	rate          float64
	row, tmp      []byte
	tmp2          []byte
	unknown       int
	lastRequested int64
}

func strconvAppendInt(b []byte, v int) []byte { return strconv.AppendInt(b, int64(v), 10) }

// Distributions shared by all tasks.
var (
	shipDow    = cumulative([]float64{1.25, 1.2, 1.15, 1.1, 1.0, 0.35, 0.05})
	dockDow    = cumulative([]float64{1.1, 1.0, 1.0, 1.0, 1.0, 0.5, 0})
	countryCum []float64
	carrierCum [][]float64
	channelCum = cumulative(channelShare)
	dispCum    [][]float64
)

func init() {
	shares := make([]float64, len(countries))
	for i, c := range countries {
		shares[i] = c.share
		carrierCum = append(carrierCum, cumulative(c.cshare))
	}
	countryCum = cumulative(shares)
	for _, s := range sectorSpecs {
		dispCum = append(dispCum, cumulative(s.dispositions[:]))
	}
}

var (
	modeNames          = []string{"parcel_home", "parcel_pickup", "van_diesel", "van_electric", "truck_rigid", "truck_artic", "rail"}
	gradeByDisposition = [nDispositions][]float64{
		dRestock:   cumulative([]float64{0.9, 0.1, 0, 0}),
		dRefurbish: cumulative([]float64{0, 0.5, 0.5, 0}),
		dRepair:    cumulative([]float64{0, 0, 0.7, 0.3}),
		dResell:    cumulative([]float64{0, 0.6, 0.4, 0}),
		dDonate:    cumulative([]float64{0.4, 0.6, 0, 0}),
		dRecycle:   cumulative([]float64{0, 0, 0.3, 0.7}),
		dDestroy:   cumulative([]float64{0, 0, 0, 1}),
	}
)

const (
	mParcelHome = iota
	mParcelPickup
	mVanDiesel
	mVanElectric
	mTruckRigid
	mTruckArtic
	mRail
)

// genTask generates the order lines of one SKU over one block of ship weeks,
// with their returns and claims.
func (m *model) genTask(block, si int, ch *chunk) {
	s := m.skus[si]
	g := &taskGen{m: m, r: newRNG(m.opts.Seed, streamTask, si, block), c: &ch.c, sku: s, block: block,
		dirty: m.opts.Dirty, rate: m.opts.DirtyRate}
	t1 := min(m.opts.Weeks, (block+1)*blockWeeks)
	for t := block * blockWeeks; t < t1; t++ {
		n := poisson(g.r, s.lineRate[t])
		for seq := 1; seq <= n; seq++ {
			g.line(ch, t, seq)
		}
	}
}

// line generates one order line and, when some of its units come back, the
// return line and possibly a claim.
func (g *taskGen) line(ch *chunk, t, seq int) {
	m, r, s, cal := g.m, g.r, g.sku, g.m.cal
	weekStart := cal.startSec + int64(t)*secPerWeek
	qty := 1 + pick(r, s.qtyCum)
	ship := weekStart + int64(pick(r, shipDow))*secPerDay + 6*3600 + r.Int64N(16*3600)
	order := ship - 1800 - int64(r.ExpFloat64()*18*3600)
	order = max(order, ship-6*secPerDay)
	co := pick(r, countryCum)
	cc := &countries[co]
	car := pick(r, carrierCum[co])
	deliv := ship + int64(uniform(r, cc.transit[0], cc.transit[1])*secPerDay)
	if s.weight > 20 {
		deliv += int64(uniform(r, 2, 6) * secPerDay) // scheduled two-person delivery
	}
	channel := pick(r, channelCum)
	customer := r.IntN(m.customers)
	price := s.listCents
	if md := m.markup[s.secIdx][t]; md > 0 && r.Float64() < 0.7 {
		price = int64(math.Round(float64(price) * (1 - md)))
	} else if r.Float64() < 0.05 {
		price = int64(math.Round(float64(price) * 0.9))
	}
	var disc int64
	if r.Float64() < 0.06 && price*int64(qty) > 5000 {
		disc = 500 * int64(1+r.IntN(2))
	}
	inGroup := m.group.active(t) && co == m.group.country && car == m.group.carrier
	p, mixI := s.p[t], s.mixOf[t]
	if inGroup {
		p, mixI = s.pGroup[t], s.mixGroup[t]
	}
	ret := 0
	for range qty {
		if r.Float64() < p {
			ret++
		}
	}
	recvWeek := -1
	if ret > 0 {
		if k := pick(r, s.lagCum); t+k < m.opts.Weeks {
			recvWeek = t + k
		}
	}
	var recv int64
	if recvWeek >= 0 {
		ws := cal.startSec + int64(recvWeek)*secPerWeek
		if deliv+secPerDay > ws+6*secPerDay {
			deliv = ship + int64(uniform(r, 0.3, 0.9)*float64(ws+5*secPerDay-ship))
		}
		lo := max(ws, deliv+secPerDay)
		recv = -1
		for range 8 {
			c := ws + int64(pick(r, dockDow))*secPerDay + 7*3600 + r.Int64N(11*3600)
			if c >= lo {
				recv = c
				break
			}
		}
		if recv < 0 {
			recv = lo + r.Int64N(ws+7*secPerDay-lo)
		}
	}

	// order_lines row
	b := g.row[:0]
	b = g.appendOrderID(b, t, seq)
	b = append(b, ",1,"...)
	b = cal.appendTS(b, order)
	b = append(b, ',')
	b = cal.appendTS(b, ship)
	b = append(b, ',')
	if deliv < cal.endSec {
		b = cal.appendTS(b, deliv)
	}
	b = append(b, ",C"...)
	b = appendPad(b, customer, 8)
	b = append(b, ',')
	b = append(b, channels[channel]...)
	b = append(b, ',')
	b = append(b, cc.code...)
	b = append(b, ',')
	b = append(b, s.code...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(qty), 10)
	b = append(b, ',')
	b = appendCents(b, price)
	b = append(b, ',')
	b = appendCents(b, disc)
	b = append(b, ",EUR,"...)
	b = cal.appendTS(b, promiseSec(order, co, s.weight))
	b = append(b, ',')
	b = appendCents(b, shippingCents(co, s.weight, qty))
	b = append(b, '\n')
	g.row = b
	ch.orders = g.emit(fOrders, ch.orders, b)

	if recvWeek >= 0 {
		g.returnLine(ch, t, seq, qty, ret, price, disc, deliv, recv, co, car, mixI)
	}
}

func (g *taskGen) appendOrderID(b []byte, t, seq int) []byte {
	b = append(b, "SO-"...)
	b = appendPad(b, g.sku.idx+1, 6)
	b = append(b, '-')
	b = appendPad(b, t, 3)
	b = append(b, '-')
	return strconv.AppendInt(b, int64(seq), 10)
}

func (g *taskGen) returnLine(ch *chunk, t, seq, qty, ret int, price, disc, deliv, recv int64, co, car int, mixI uint8) {
	m, r, s, cal := g.m, g.r, g.sku, g.m.cal
	spec := s.sec
	cc := &countries[co]
	reason := pick(r, s.mixes[mixI])
	var req int64
	if recv-secPerDay > deliv+3600 {
		req = deliv + 3600 + r.Int64N(recv-secPerDay-deliv-3600)
	} else {
		req = deliv + (recv-deliv)/2
	}
	g.lastRequested = req
	hours := lognormal(r, spec.procMedian, spec.procSigma)
	if r.Float64() < holdShare { // put on hold: waiting for parts, a supplier decision, a dispute
		hours *= uniform(r, holdFactor[0], holdFactor[1])
	}
	processed := recv + int64(hours*3600)
	inspected := recv + int64(hours*uniform(r, 0.15, 0.5)*3600)
	disp := pick(r, dispCum[s.secIdx])
	grade := pick(r, gradeByDisposition[disp])
	refurbOK := disp == dRefurbish && r.Float64() < spec.refurbOK
	siteI := m.route[co]
	cross := m.sites[siteI].country != cc.code
	w := s.weight * float64(ret)
	var mode int
	switch {
	case spec.code == "food":
		mode = pick(r, foodModes)
	case w < 5:
		mode = pick(r, parcelModes)
	case w < 25:
		mode = pick(r, vanModes)
	default:
		mode = pick(r, truckModes)
	}
	km := lognormal(r, cc.km, 0.5)
	if cross {
		km += uniform(r, 500, 1200)
		if mode >= mVanDiesel {
			if u := r.Float64(); u < 0.6 {
				mode = mTruckArtic
			} else if u < 0.75 {
				mode = mRail
			}
		}
	}
	kmTenths := int64(km*10 + 0.5)
	transport := transportCents(mode, km, w)
	refund := price*int64(ret) - disc*int64(ret)/int64(qty)
	if (reason == rChangedMind || reason == rBetterPrice) && spec.code == "fashion" && refund > 2000 {
		refund -= 490 // return fee
	}
	var resale int64 = -1
	switch {
	case disp == dRestock:
		resale = int64(float64(price*int64(ret)) * uniform(r, 0.85, 1))
	case disp == dRefurbish && refurbOK:
		resale = int64(float64(s.listCents*int64(ret)) * uniform(r, 0.5, 0.7))
	case disp == dResell:
		resale = int64(float64(s.listCents*int64(ret)) * uniform(r, 0.25, 0.45))
	}
	pc := spec.procCost * lognormal(r, 1, 0.25)
	switch disp {
	case dRefurbish:
		pc += 0.08 * float64(s.costCents) / 100
	case dRepair:
		pc += 0.12 * float64(s.costCents) / 100
	case dDestroy, dRecycle:
		pc += 0.15 * s.weight
	}
	procCents := int64(pc*float64(ret)*100 + 0.5)
	csat := 0
	if r.Float64() < 0.32 {
		x := 5.0 - 0.9*math.Log(hours/24) + 0.55*r.NormFloat64()
		switch reason {
		case rDefective, rDamaged, rWrongItem, rLate:
			x -= 0.4
		}
		csat = int(math.Round(min(5, max(1, x))))
	}
	text := ""
	if r.Float64() < 0.55 {
		ts := reasonTexts[reason]
		text = ts[r.IntN(len(ts))]
	}
	done := processed < cal.endSec
	if !done {
		g.c.backlog += ret
		g.c.backlogCents += int64(ret) * s.costCents
	}

	b := g.row[:0]
	b = append(b, "RMA-"...)
	b = appendPad(b, s.idx+1, 6)
	b = append(b, '-')
	b = appendPad(b, t, 3)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, ',')
	b = g.appendOrderID(b, t, seq)
	b = append(b, ",1,"...)
	b = append(b, s.code...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ret), 10)
	b = append(b, ',')
	b = cal.appendTS(b, req)
	b = append(b, ',')
	b = cal.appendTS(b, recv)
	b = append(b, ',')
	if inspected < cal.endSec {
		b = cal.appendTS(b, inspected)
	}
	b = append(b, ',')
	if done {
		b = cal.appendTS(b, processed)
	}
	b = append(b, ',')
	b = append(b, Reasons[reason]...)
	b = append(b, ',')
	b = append(b, reasonRaw[reason]...)
	b = append(b, ',')
	b = appendField(b, text)
	b = append(b, ',')
	if inspected < cal.endSec {
		b = append(b, 'A'+byte(grade))
	}
	b = append(b, ',')
	if done {
		b = append(b, Dispositions[disp]...)
	}
	b = append(b, ',')
	if done && disp == dRefurbish {
		if refurbOK {
			b = append(b, "success"...)
		} else {
			b = append(b, "failed"...)
		}
	}
	b = append(b, ',')
	b = appendCents(b, refund)
	b = append(b, ',')
	if done && resale >= 0 {
		b = appendCents(b, resale)
	}
	b = append(b, ',')
	if done {
		b = appendCents(b, procCents)
	}
	b = append(b, ',')
	b = appendCents(b, transport)
	b = append(b, ',')
	b = append(b, modeNames[mode]...)
	b = append(b, ',')
	b = appendTenths(b, kmTenths)
	b = append(b, ',')
	b = append(b, cc.carriers[car]...)
	b = append(b, ',')
	b = append(b, m.sites[siteI].code...)
	b = append(b, ',')
	if done && csat > 0 {
		b = strconv.AppendInt(b, int64(csat), 10)
	}
	b = append(b, '\n')
	g.row = b
	ch.returns = g.emit(fReturns, ch.returns, b)

	g.claim(ch, t, seq, reason, ret, refund, req, recv, cc.carriers[car])
}

var (
	foodModes   = cumulative([]float64{0.2, 0, 0.45, 0.35, 0, 0, 0})
	parcelModes = cumulative([]float64{0.45, 0.55, 0, 0, 0, 0, 0})
	vanModes    = cumulative([]float64{0.15, 0, 0.6, 0.25, 0, 0, 0})
	truckModes  = cumulative([]float64{0, 0, 0.25, 0.1, 0.65, 0, 0})
)

// transportCents is the return transport cost of a shipment of w kg over km.
func transportCents(mode int, km, w float64) int64 {
	var eur float64
	switch mode {
	case mParcelHome:
		eur = 6.90 + 0.004*km
	case mParcelPickup:
		eur = 4.90 + 0.003*km
	case mVanDiesel:
		eur = 18 + 0.12*km
	case mVanElectric:
		eur = 19 + 0.10*km
	case mTruckRigid:
		eur = 35 + 0.09*km + 0.5*w
	case mTruckArtic:
		eur = 20 + 0.05*km + 0.3*w
	case mRail:
		eur = 15 + 0.03*km + 0.2*w
	}
	return int64(eur*100 + 0.5)
}

// claimSpec is how a return reason turns into a claim.
type claimSpec struct {
	prob       float64
	kind       string
	subtype    string
	carrier    bool      // the claim is against the carrier
	resolution []float64 // over claimResolutions
	closeDays  float64   // median days to close
	amountPct  float64   // amount as a share of the refund
}

var claimResolutions = []string{"replacement", "credit_note", "refund", "compensation", "rejected"}

var claimByReason = [nReasons]*claimSpec{
	rDamaged:        {0.35, "transport", "damaged_goods", true, cumulative([]float64{0, 0.2, 0, 0.55, 0.25}), 21, 1},
	rLate:           {0.15, "transport", "late_delivery", true, cumulative([]float64{0, 0, 0, 0.6, 0.4}), 14, 0.2},
	rDefective:      {0.25, "quality", "manufacturing_defect", false, cumulative([]float64{0.45, 0.35, 0.15, 0, 0.05}), 18, 1},
	rWrongItem:      {0.30, "commercial", "wrong_item_shipped", false, cumulative([]float64{0.5, 0.2, 0.3, 0, 0}), 7, 1},
	rNotAsDescribed: {0.10, "commercial", "catalogue_error", false, cumulative([]float64{0, 0.3, 0.5, 0.2, 0}), 10, 1},
}

// carrierClaimProb scales the claim probability per carrier (some carriers'
// customers claim more, which makes recurring carriers in the claims).
func carrierClaimProb(name string) float64 {
	h := 0
	for i := 0; i < len(name); i++ {
		h = h*31 + int(name[i])
	}
	return 0.6 + float64(h%9)/10
}

func (g *taskGen) claim(ch *chunk, t, seq, reason, ret int, refund, req, recv int64, carrier string) {
	spec := claimByReason[reason]
	if spec == nil {
		return
	}
	prob := spec.prob
	if spec.carrier {
		prob *= carrierClaimProb(carrier)
	}
	r, cal := g.r, g.m.cal
	if r.Float64() >= prob {
		return
	}
	opened := recv + r.Int64N(3*secPerDay)
	if spec.kind == "commercial" {
		opened = req + r.Int64N(2*secPerDay)
	}
	if opened >= cal.endSec {
		return
	}
	closed := opened + int64(lognormal(r, spec.closeDays, 0.6)*secPerDay)
	res := pick(r, spec.resolution)
	amount := int64(float64(refund) * spec.amountPct)
	b := g.row[:0]
	b = append(b, "CLM-"...)
	b = appendPad(b, g.sku.idx+1, 6)
	b = append(b, '-')
	b = appendPad(b, t, 3)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, ',')
	b = g.appendOrderID(b, t, seq)
	b = append(b, ',')
	b = append(b, g.sku.code...)
	b = append(b, ',')
	if spec.carrier {
		b = append(b, carrier...)
	}
	b = append(b, ',')
	b = g.closing(b, opened, closed, spec.kind, spec.subtype, res, amount)
	g.row = b
	ch.claims = g.emit(fClaims, ch.claims, b)
}

// closing appends opened_ts through status.
func (g *taskGen) closing(b []byte, opened, closed int64, kind, subtype string, res int, amount int64) []byte {
	cal := g.m.cal
	b = cal.appendTS(b, opened)
	b = append(b, ',')
	open := closed >= cal.endSec
	if !open {
		b = cal.appendTS(b, closed)
	}
	b = append(b, ',')
	b = append(b, kind...)
	b = append(b, ',')
	b = append(b, subtype...)
	b = append(b, ',')
	if !open {
		b = append(b, claimResolutions[res]...)
	}
	b = append(b, ',')
	b = appendCents(b, amount)
	if open {
		return append(b, ",open\n"...)
	}
	return append(b, ",closed\n"...)
}

// financialClaims generates the claims that come from no return: late
// payments and invoice disputes with marketplace partners.
func (m *model) financialClaims(ch *chunk) {
	g := &taskGen{m: m, r: newRNG(m.opts.Seed, streamFinancial, 0, 0), c: &ch.c, sku: &skuGen{idx: 999999},
		dirty: m.opts.Dirty, rate: m.opts.DirtyRate}
	res := cumulative([]float64{0, 0.4, 0.1, 0.3, 0.2})
	r := g.r
	for t := range m.opts.Weeks {
		lines := 0.0
		for _, s := range m.skus {
			lines += s.lineRate[t]
		}
		n := poisson(r, max(0.2, 0.002*lines))
		for seq := 1; seq <= n; seq++ {
			opened := m.cal.startSec + int64(t)*secPerWeek + r.Int64N(5*secPerDay) + 8*3600
			closed := opened + int64(lognormal(r, 30, 0.5)*secPerDay)
			sub := "late_payment"
			if r.Float64() < 0.4 {
				sub = "invoice_dispute"
			}
			b := g.row[:0]
			b = append(b, "CLM-FIN-"...)
			b = appendPad(b, t, 3)
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(seq), 10)
			b = append(b, ",,,,"...)
			b = g.closing(b, opened, closed, "financial", sub, pick(r, res), int64(lognormal(r, 800, 0.8)*100))
			g.row = b
			ch.claims = g.emit(fClaims, ch.claims, b)
		}
	}
}
