package demo

import "math"

// Delivery promises and shipping tariffs, per country (same order as
// countries). The promised date is order_ts + promise days (+ heavyPromise
// for items over heavyKg, which get a scheduled two-person delivery); the
// shipping cost of a line is base + perKg x weight x qty (+ heavySurcharge),
// in EUR. Neither draws a random number: the order-line stream is unchanged.
var (
	promiseDays = []float64{4, 5, 5, 6, 4, 4, 6}
	shipBase    = []float64{4.90, 5.90, 6.50, 6.90, 5.50, 5.50, 7.50}
	shipPerKg   = []float64{0.40, 0.45, 0.50, 0.55, 0.45, 0.45, 0.60}
)

const (
	heavyKg        = 20.0 // items heavier than this are delivered by two people
	heavyPromise   = 6.0  // extra promised days for heavy items
	heavySurcharge = 35.0 // EUR per line for a two-person delivery
	shipGapMinSec  = 1800 // order to ship: 30 min + Exp(mean 18 h), at most 6 days
	shipGapMeanSec = 18 * 3600
	shipGapMaxSec  = 6 * secPerDay
)

var heavyExtraDays = [2]float64{2, 6} // uniform extra transit days for heavy items

// DeliveryTruth is the delivery process of the demo data and the expected
// operations KPIs it implies, over every order line of the window.
type DeliveryTruth struct {
	Countries        map[string]CountryDelivery `json:"countries"`
	HeavyKg          float64                    `json:"heavy_kg"`
	HeavyExtraDays   [2]float64                 `json:"heavy_extra_days"`
	HeavyPromiseDays float64                    `json:"heavy_promise_days"`
	HeavySurcharge   float64                    `json:"heavy_surcharge_eur"`
	// Expected values over order lines (weighted by expected lines): the
	// share delivered by the promised date, mean days ship to delivery and
	// order to delivery, and the shipping cost per unit shipped (EUR).
	// Returned lines received in their ship week are delivered earlier than
	// drawn (the delivery must precede the receipt); these expectations
	// ignore that (a few tenths of a percent).
	OnTimeRate           float64 `json:"on_time_rate"`
	ShipToDeliveryDays   float64 `json:"ship_to_delivery_days"`
	OrderToDeliveryDays  float64 `json:"order_to_delivery_days"`
	LogisticsCostPerUnit float64 `json:"logistics_cost_per_unit"`
}

// CountryDelivery is one delivery country's transit, promise and tariff.
type CountryDelivery struct {
	Share         float64    `json:"share"`
	TransitDays   [2]float64 `json:"transit_days"` // uniform, ship to delivery
	PromiseDays   float64    `json:"promise_days"` // order to promised delivery
	ShippingBase  float64    `json:"shipping_base_eur"`
	ShippingPerKg float64    `json:"shipping_per_kg_eur"`
}

func isHeavy(weight float64) bool { return weight > heavyKg }

// promiseSec is the promised delivery of a line ordered at order.
func promiseSec(order int64, co int, weight float64) int64 {
	d := promiseDays[co]
	if isHeavy(weight) {
		d += heavyPromise
	}
	return order + int64(d*secPerDay)
}

// shippingCents is the shipping cost of a line, in cents.
func shippingCents(co int, weight float64, qty int) int64 {
	c := shipBase[co] + shipPerKg[co]*weight*float64(qty)
	if isHeavy(weight) {
		c += heavySurcharge
	}
	return int64(math.Round(c * 100))
}

// gapCDF is P(order to ship <= x seconds).
func gapCDF(x float64) float64 {
	switch {
	case x < shipGapMinSec:
		return 0
	case x >= shipGapMaxSec:
		return 1
	}
	return 1 - math.Exp(-(x-shipGapMinSec)/shipGapMeanSec)
}

// gapMeanSec is E[order to ship] in seconds.
func gapMeanSec() float64 {
	return shipGapMinSec + shipGapMeanSec*(1-math.Exp(-float64(shipGapMaxSec-shipGapMinSec)/shipGapMeanSec))
}

// onTimeProb is P(gap + transit <= promise) for a line to country co, by
// numerical integration over the uniform transit (and heavy extra) days.
func onTimeProb(co int, heavy bool) float64 {
	const n = 400
	lo, hi := countries[co].transit[0], countries[co].transit[1]
	promise := promiseDays[co]
	elo, ehi := 0.0, 0.0
	if heavy {
		promise += heavyPromise
		elo, ehi = heavyExtraDays[0], heavyExtraDays[1]
	}
	ne := 1
	if heavy {
		ne = n
	}
	sum := 0.0
	for i := range n {
		u := lo + (hi-lo)*(float64(i)+0.5)/n
		for j := range ne {
			e := 0.0
			if heavy {
				e = elo + (ehi-elo)*(float64(j)+0.5)/n
			}
			sum += gapCDF((promise - u - e) * secPerDay)
		}
	}
	return sum / float64(n*ne)
}

// deliveryTruth works out the expected delivery KPIs from the model.
func (m *model) deliveryTruth() DeliveryTruth {
	dt := DeliveryTruth{Countries: map[string]CountryDelivery{}, HeavyKg: heavyKg, HeavyExtraDays: heavyExtraDays,
		HeavyPromiseDays: heavyPromise, HeavySurcharge: heavySurcharge}
	shares := make([]float64, len(countries))
	tot := 0.0
	for _, c := range countries {
		tot += c.share
	}
	var base, perKg, onTime [2]float64 // [light, heavy]
	var transit float64
	for i, c := range countries {
		shares[i] = c.share / tot
		dt.Countries[c.code] = CountryDelivery{Share: shares[i], TransitDays: c.transit, PromiseDays: promiseDays[i],
			ShippingBase: shipBase[i], ShippingPerKg: shipPerKg[i]}
		transit += shares[i] * (c.transit[0] + c.transit[1]) / 2
		perKg[0] += shares[i] * shipPerKg[i]
		base[0] += shares[i] * shipBase[i]
		onTime[0] += shares[i] * onTimeProb(i, false)
		onTime[1] += shares[i] * onTimeProb(i, true)
	}
	base[1] = base[0] + heavySurcharge
	var lines, units, cost, ok, ship float64
	for _, s := range m.skus {
		l := 0.0
		for _, r := range s.lineRate {
			l += r
		}
		h := 0
		days := transit
		if isHeavy(s.weight) {
			h = 1
			days += (heavyExtraDays[0] + heavyExtraDays[1]) / 2
		}
		lines += l
		units += l * s.meanQty
		cost += l * (base[h] + perKg[0]*s.weight*s.meanQty)
		ok += l * onTime[h]
		ship += l * days
	}
	if lines > 0 && units > 0 {
		dt.OnTimeRate = ok / lines
		dt.ShipToDeliveryDays = ship / lines
		dt.OrderToDeliveryDays = dt.ShipToDeliveryDays + gapMeanSec()/secPerDay
		dt.LogisticsCostPerUnit = cost / units
	}
	return dt
}
