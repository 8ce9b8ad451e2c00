package demo

// File names written by Generate.
const (
	ProductsFile    = "products.csv"
	OrderLinesFile  = "order_lines.csv"
	ReturnLinesFile = "return_lines.csv"
	ClaimsFile      = "claims.csv"
)

// Columns lists each file's header: the canonical columns of its table in
// warehouse/migrations (001_core.sql, then columns added later), in table
// order, without run_id.
var Columns = map[string][]string{
	ProductsFile: {"sku", "name", "category", "sector", "brand", "unit_cost", "list_price", "weight_kg", "material", "pcf_kgco2e"},
	OrderLinesFile: {"order_id", "line_id", "order_ts", "ship_ts", "delivered_ts", "customer_id", "channel", "country",
		"sku", "qty", "unit_price", "discount", "currency", "promised_ts", "shipping_cost"},
	ReturnLinesFile: {"return_id", "order_id", "line_id", "sku", "qty", "requested_ts", "received_ts", "inspected_ts",
		"processed_ts", "reason_code", "reason_raw", "reason_text", "condition_grade", "disposition", "refurbish_outcome",
		"refund_amount", "resale_value", "processing_cost", "transport_cost", "transport_mode", "transport_km",
		"carrier", "site", "csat_score"},
	ClaimsFile: {"claim_id", "order_id", "sku", "carrier", "opened_ts", "closed_ts", "type", "subtype", "resolution",
		"amount", "status"},
}

// Tables maps each file to its canonical table.
var Tables = map[string]string{
	ProductsFile: "products", OrderLinesFile: "order_lines", ReturnLinesFile: "return_lines", ClaimsFile: "claims",
}

// Column positions used by the row writers and the dirty-row injector.
const (
	olOrderTS   = 2
	olQty       = 9
	olUnitPrice = 10

	rlReturnID  = 0
	rlOrderID   = 1
	rlQty       = 4
	rlRequested = 5
	rlReceived  = 6
	rlRefund    = 15
	clOpened    = 4
	clAmount    = 9
	prListPrice = 6
)
