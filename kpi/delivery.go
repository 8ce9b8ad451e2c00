package kpi

import (
	"fmt"
	"sort"
	"strings"
)

// The operations director's delivery KPIs read k_ord: order lines summed by
// SKU, channel, order week, ship week and delivery week (the 10M lines are
// summed once; the three families below read the small table).
const (
	famDelivered = "delivered" // order lines delivered in the week
	famOrdered   = "ordered"   // order lines ordered in the week (service rate)
	famShipCost  = "ship_cost" // units shipped in the week with their shipping cost
)

// deliveryFamilies are the families over k_ord.
var deliveryFamilies = []family{
	{
		name:   famDelivered,
		scopes: []string{ScopeSector, ScopeCategory, ScopeChannel},
		fact: `SELECT k.deliv_week AS week_start, COALESCE(p.sector, 'unknown') AS sector, COALESCE(p.category, 'unknown') AS category,
		              k.channel, k.delivered, k.on_time, k.ship_days, k.ship_n, k.order_days, k.order_n
		       FROM k_ord k LEFT JOIN k_prod p ON p.sku = k.sku WHERE k.deliv_week IS NOT NULL`,
	},
	{
		name:   famOrdered,
		scopes: []string{ScopeSector, ScopeCategory, ScopeChannel},
		fact: `SELECT k.order_week AS week_start, COALESCE(p.sector, 'unknown') AS sector, COALESCE(p.category, 'unknown') AS category,
		              k.channel, k.lines, k.on_time AS served, k.pending
		       FROM k_ord k LEFT JOIN k_prod p ON p.sku = k.sku`,
	},
	{
		name:   famShipCost,
		scopes: []string{ScopeSector, ScopeCategory, ScopeChannel},
		fact: `SELECT k.ship_week AS week_start, COALESCE(p.sector, 'unknown') AS sector, COALESCE(p.category, 'unknown') AS category,
		              k.channel, k.qty_costed, k.ship_cost
		       FROM k_ord k LEFT JOIN k_prod p ON p.sku = k.sku WHERE k.ship_week IS NOT NULL`,
	},
}

// prepareDelivery writes k_ord. A line's promise is its promised_ts, else
// order_ts + the delivery target of its country (Options.DeliveryTargetDays,
// "*" for the others). A line is on time when delivered by its promise; it is
// pending when not delivered and its promise is after the end of the last
// complete week (its outcome is not known yet).
func prepareDelivery(opts Options, exec execFunc) error {
	fallback, ok := opts.DeliveryTargetDays["*"]
	if !ok {
		fallback = DefaultOptions().DeliveryTargetDays["*"]
	}
	countries := make([]string, 0, len(opts.DeliveryTargetDays))
	for c := range opts.DeliveryTargetDays {
		if c != "*" {
			countries = append(countries, c)
		}
	}
	sort.Strings(countries)
	target := fmt.Sprintf("%g", fallback)
	if len(countries) > 0 {
		var b strings.Builder
		b.WriteString("CASE upper(trim(o.country))")
		for _, c := range countries {
			fmt.Fprintf(&b, " WHEN '%s' THEN %g", strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(c)), "'", "''"), opts.DeliveryTargetDays[c])
		}
		fmt.Fprintf(&b, " ELSE %g END", fallback)
		target = b.String()
	}
	return exec("prepare deliveries", `CREATE OR REPLACE TEMP TABLE k_ord AS
		SELECT sku, channel, order_week, ship_week, deliv_week,
		       count(*)::DOUBLE AS lines,
		       count(delivered_ts)::DOUBLE AS delivered,
		       count(*) FILTER (WHERE ship_ts IS NOT NULL AND delivered_ts <= promise)::DOUBLE AS on_time,
		       count(*) FILTER (WHERE delivered_ts IS NULL AND promise >= $last + INTERVAL 7 DAY)::DOUBLE AS pending,
		       SUM(date_diff('second', ship_ts, delivered_ts) / 86400.0) FILTER (WHERE delivered_ts >= ship_ts) AS ship_days,
		       count(*) FILTER (WHERE delivered_ts >= ship_ts)::DOUBLE AS ship_n,
		       SUM(date_diff('second', order_ts, delivered_ts) / 86400.0) FILTER (WHERE delivered_ts >= order_ts) AS order_days,
		       count(*) FILTER (WHERE delivered_ts >= order_ts)::DOUBLE AS order_n,
		       SUM(qty) FILTER (WHERE ship_ts IS NOT NULL AND shipping_cost >= 0)::DOUBLE AS qty_costed,
		       SUM(shipping_cost) FILTER (WHERE ship_ts IS NOT NULL AND shipping_cost >= 0) AS ship_cost
		FROM (SELECT o.sku, o.channel, o.qty, o.shipping_cost, o.order_ts, o.ship_ts, o.delivered_ts, o.ship_week,
		             o.order_week, o.delivered_week AS deliv_week,
		             COALESCE(o.promised_ts, o.order_ts + to_microseconds(CAST(round((`+target+`) * 86400e6) AS BIGINT))) AS promise
		      FROM v_order_lines o)
		GROUP BY ALL`)
}
