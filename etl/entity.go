package etl

import (
	"slices"
	"strings"
)

// Kind is a canonical field's type.
type Kind int

// Field kinds.
const (
	KString Kind = iota
	KInt
	KFloat
	KTime
)

// Field is one canonical column.
type Field struct {
	Name     string
	Kind     Kind
	Required bool
	// NonNeg rejects negative numbers; Positive rejects <= 0.
	NonNeg, Positive bool
	// Enum, when set, lists the accepted values (after value mapping).
	Enum []string
	// Min and Max bound integers when Max > 0.
	Min, Max int64
}

// Entity is a canonical table the ETL loads.
type Entity struct {
	Name   string
	Fields []Field
	Key    []string // natural key
	// Order loads entities that others refer to first.
	Order int
}

// Canonical value sets (see docs/data-contract.md).
var (
	Sectors      = []string{"fashion", "high_tech", "food", "furniture", "appliance", "other"}
	Reasons      = []string{"size_too_small", "size_too_large", "not_as_described", "defective", "damaged_in_transit", "wrong_item", "late_delivery", "changed_mind", "better_price", "quality", "other"}
	Dispositions = []string{"restock", "refurbish", "repair", "resell_secondary", "donate", "recycle", "destroy"}
	Outcomes     = []string{"success", "failed"}
	Modes        = []string{"parcel_home", "parcel_pickup", "van_diesel", "van_electric", "truck_rigid", "truck_artic", "rail", "ship", "air"}
	ClaimTypes   = []string{"commercial", "financial", "transport", "quality"}
	Resolutions  = []string{"replacement", "credit_note", "refund", "compensation", "rejected"}
	ClaimStatus  = []string{"open", "closed"}
	Grades       = []string{"A", "B", "C", "D"}
	// LinkMethods say how a return line was tied to its order line.
	LinkMethods = []string{"given", "inferred", "none"}
)

// Entities are the canonical tables, in load order.
var Entities = []*Entity{
	{Name: "products", Order: 0, Key: []string{"sku"}, Fields: []Field{
		{Name: "sku", Required: true},
		{Name: "name"}, {Name: "category"},
		{Name: "sector", Enum: Sectors},
		{Name: "brand"},
		{Name: "unit_cost", Kind: KFloat, NonNeg: true},
		{Name: "list_price", Kind: KFloat, NonNeg: true},
		{Name: "weight_kg", Kind: KFloat, NonNeg: true},
		{Name: "material"},
		{Name: "pcf_kgco2e", Kind: KFloat, NonNeg: true},
	}},
	{Name: "sites", Order: 0, Key: []string{"site"}, Fields: []Field{
		{Name: "site", Required: true},
		{Name: "name"}, {Name: "city"}, {Name: "region"}, {Name: "postcode"}, {Name: "country"},
	}},
	{Name: "order_lines", Order: 1, Key: []string{"order_id", "line_id"}, Fields: []Field{
		{Name: "order_id", Required: true},
		{Name: "line_id", Required: true},
		{Name: "order_ts", Kind: KTime, Required: true},
		{Name: "ship_ts", Kind: KTime},
		{Name: "delivered_ts", Kind: KTime},
		{Name: "customer_id"}, {Name: "channel"}, {Name: "country"},
		{Name: "sku", Required: true},
		{Name: "qty", Kind: KInt, Required: true, Positive: true},
		{Name: "unit_price", Kind: KFloat, NonNeg: true},
		{Name: "discount", Kind: KFloat, NonNeg: true},
		{Name: "currency"},
		{Name: "promised_ts", Kind: KTime},
		{Name: "shipping_cost", Kind: KFloat, NonNeg: true},
	}},
	{Name: "return_lines", Order: 2, Key: []string{"return_id", "sku"}, Fields: []Field{
		{Name: "return_id", Required: true},
		{Name: "order_id"}, {Name: "line_id"},
		{Name: "sku", Required: true},
		{Name: "qty", Kind: KInt, Required: true, Positive: true},
		{Name: "requested_ts", Kind: KTime},
		{Name: "received_ts", Kind: KTime},
		{Name: "inspected_ts", Kind: KTime},
		{Name: "processed_ts", Kind: KTime},
		{Name: "reason_code", Enum: Reasons},
		{Name: "reason_raw"}, {Name: "reason_text"},
		{Name: "condition_grade", Enum: Grades},
		{Name: "disposition", Enum: Dispositions},
		{Name: "refurbish_outcome", Enum: Outcomes},
		{Name: "refund_amount", Kind: KFloat, NonNeg: true},
		{Name: "resale_value", Kind: KFloat, NonNeg: true},
		{Name: "processing_cost", Kind: KFloat, NonNeg: true},
		{Name: "transport_cost", Kind: KFloat, NonNeg: true},
		{Name: "transport_mode", Enum: Modes},
		{Name: "transport_km", Kind: KFloat, NonNeg: true},
		{Name: "carrier"}, {Name: "site"},
		{Name: "csat_score", Kind: KInt, Min: 1, Max: 5},
		{Name: "customer_id"},
		{Name: "link_method", Enum: LinkMethods},
	}},
	{Name: "claims", Order: 3, Key: []string{"claim_id"}, Fields: []Field{
		{Name: "claim_id", Required: true},
		{Name: "order_id"}, {Name: "sku"}, {Name: "carrier"},
		{Name: "opened_ts", Kind: KTime, Required: true},
		{Name: "closed_ts", Kind: KTime},
		{Name: "type", Enum: ClaimTypes},
		{Name: "subtype"},
		{Name: "resolution", Enum: Resolutions},
		{Name: "amount", Kind: KFloat, NonNeg: true},
		{Name: "status", Enum: ClaimStatus},
	}},
}

// timeOrder lists, per entity, timestamp fields that must not decrease in this order.
var timeOrder = map[string][]string{
	"order_lines":  {"order_ts", "ship_ts", "delivered_ts"},
	"return_lines": {"requested_ts", "received_ts", "inspected_ts", "processed_ts"},
	"claims":       {"opened_ts", "closed_ts"},
}

// EntityByName returns the canonical entity called name, or nil.
func EntityByName(name string) *Entity {
	for _, e := range Entities {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// FieldIndex returns the index of the named field, or -1.
func (e *Entity) FieldIndex(name string) int {
	return slices.IndexFunc(e.Fields, func(f Field) bool { return f.Name == name })
}

// entityAliases maps file-name stems to entities.
var entityAliases = map[string]string{
	"products": "products", "product": "products", "produits": "products", "articles": "products", "catalog": "products", "catalogue": "products",
	"order_lines": "order_lines", "orders": "order_lines", "order": "order_lines", "commandes": "order_lines", "ventes": "order_lines", "sales": "order_lines",
	"return_lines": "return_lines", "returns": "return_lines", "retours": "return_lines",
	"claims": "claims", "litiges": "claims", "reclamations": "claims",
	"sites": "sites", "warehouses": "sites", "entrepots": "sites",
}

// guessEntity tells the entity from the file name, then from the header.
func guessEntity(base string, header []string) *Entity {
	stem := strings.ToLower(base)
	for _, ext := range []string{".gz", ".csv", ".tsv", ".txt", ".ndjson", ".jsonl", ".json", ".parquet"} {
		stem = strings.TrimSuffix(stem, ext)
	}
	// longest alias that the stem starts with or equals
	best := ""
	for alias := range entityAliases {
		if (stem == alias || strings.HasPrefix(stem, alias+"_") || strings.HasPrefix(stem, alias+"-") || strings.HasPrefix(stem, alias+".")) && len(alias) > len(best) {
			best = alias
		}
	}
	if best != "" {
		return EntityByName(entityAliases[best])
	}
	// header overlap: the entity whose required fields are all present, most overlap wins
	var pick *Entity
	bestScore := 0
	have := map[string]bool{}
	for _, h := range header {
		have[normalizeName(h)] = true
	}
	for _, e := range Entities {
		score := 0
		ok := true
		for _, f := range e.Fields {
			if have[f.Name] {
				score++
			} else if f.Required {
				ok = false
			}
		}
		if ok && score > bestScore {
			pick, bestScore = e, score
		}
	}
	return pick
}

func normalizeName(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
