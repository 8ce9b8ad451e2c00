package kpi

import "fmt"

// ClaimedAvoidedShare is the "up to 65 %" often quoted for the CO2 a
// well-managed return saves against producing a new item. No primary source
// was found: it is a figure to compare the achieved avoided share with, never
// a factor.
const ClaimedAvoidedShare = 65.0

// ESRS E5-5 routes for the mass leaving the returns process.
const (
	RouteReuse        = "prepared_for_reuse"
	RouteRecycled     = "recycled"
	RouteOtherRecover = "other_recovery"
	RouteIncinerated  = "incinerated"
	RouteLandfilled   = "landfilled"
	RouteOtherDispose = "other_disposal"
)

// CarbonModel holds the CO2 factors and the assumptions that are not factors.
type CarbonModel struct {
	// Factors is the factor table; nil means the shipped one (DefaultFactors).
	Factors *Factors
	// DestroyRoutes maps a sector to the route of its destroyed units
	// (landfilled or incinerated); key "*" covers the other sectors. nil means
	// fashion and food landfilled (the factors DEFRA gives), the rest
	// incinerated with energy recovery.
	DestroyRoutes map[string]string
	// ParcelLinehaul is the transport factor (without the "transport." prefix)
	// applied to the km of parcel returns on top of the per-parcel first-mile
	// factor; "" means truck_artic.
	ParcelLinehaul string
	// DefaultMode replaces a missing or unknown transport mode; "" means parcel_home.
	DefaultMode string
	// DefaultWeightKg is the unit mass when products.weight_kg is missing or
	// not positive; 0 means 1 kg (the mass the parcel factors are given for).
	DefaultWeightKg float64
}

func (m CarbonModel) withDefaults() (CarbonModel, error) {
	if m.Factors == nil {
		f, err := DefaultFactors()
		if err != nil {
			return m, err
		}
		m.Factors = f
	}
	if m.DestroyRoutes == nil {
		m.DestroyRoutes = map[string]string{"fashion": RouteLandfilled, "food": RouteLandfilled, "*": RouteIncinerated}
	}
	for s, r := range m.DestroyRoutes {
		if r != RouteLandfilled && r != RouteIncinerated {
			return m, fmt.Errorf("%w: destroy route for %s must be landfilled or incinerated, got %q", ErrOptions, s, r)
		}
	}
	if m.ParcelLinehaul == "" {
		m.ParcelLinehaul = "truck_artic"
	}
	if _, ok := m.Factors.value("transport." + m.ParcelLinehaul); !ok {
		return m, fmt.Errorf("%w: parcel line-haul factor transport.%s is not in the factor table", ErrOptions, m.ParcelLinehaul)
	}
	if m.DefaultMode == "" {
		m.DefaultMode = "parcel_home"
	}
	if m.DefaultWeightKg == 0 {
		m.DefaultWeightKg = 1
	}
	if m.DefaultWeightKg < 0 {
		return m, fmt.Errorf("%w: default weight must be > 0, got %g", ErrOptions, m.DefaultWeightKg)
	}
	return m, nil
}

// Unit describes one returned unit for the carbon calculation.
type Unit struct {
	Sector           string
	Category         string
	Material         string
	Disposition      string  // restock, refurbish, repair, resell_secondary, donate, recycle, destroy
	RefurbishOutcome string  // success, failed, "" when not attempted
	TransportMode    string  // parcel_home, parcel_pickup, van_diesel, ... ("" = DefaultMode)
	TransportKm      float64 // km travelled by the unit
	WeightKg         float64 // 0 = DefaultWeightKg
	PCF              float64 // product footprint override, kgCO2e; 0 = from the factor table
}

// Emissions are one unit's figures. Transport, Processing and EndOfLife are
// the inventory (emissions caused by the return); Avoided is reported
// separately against the reference scenario NewFootprint (producing a new
// unit). There is deliberately no method adding the two sides.
type Emissions struct {
	Transport    float64 // kgCO2e, inventory: return transport
	Processing   float64 // kgCO2e, inventory: processing
	EndOfLife    float64 // kgCO2e, inventory: destroyed or recycled goods
	Avoided      float64 // kgCO2e, avoided (already net of processing for units back in use)
	NewFootprint float64 // kgCO2e, footprint of a new unit (0 when unknown)
	MassKg       float64
	Route        string // ESRS E5-5 route
	BackInUse    bool
	Destroyed    bool // AGEC / ESPR flag
}

// Inventory is the emissions caused by the unit's return: transport +
// processing + end of life.
func (e Emissions) Inventory() float64 { return e.Transport + e.Processing + e.EndOfLife }

// Net is avoided minus return-transport emissions: a KPI, never subtracted
// from the inventory.
func (e Emissions) Net() float64 { return e.Avoided - e.Transport }

// coef holds the per-unit coefficients of one (sector, category, material,
// disposition, outcome, mode) combination. The SQL of Compute applies exactly
// the arithmetic of (coef).apply to every return line, so PerUnit and the
// warehouse figures agree.
type coef struct {
	parcelKg  float64 // kgCO2e per unit, first mile
	tkm       float64 // kgCO2e per t.km
	procKg    float64 // kgCO2e per unit processed
	procMinus float64 // subtracted from avoided (E_proc for units back in use)
	eolPerKg  float64 // kgCO2e per kg, inventory
	share     float64 // avoided share of the new footprint
	perKg     float64 // avoided kgCO2e per kg (replaces share when > 0), at most the unit's footprint
	pcfUnit   float64 // category footprint per unit (0 = none)
	pcfPerKg  float64 // category footprint per kg (0 = none)
	route     string
	backInUse bool
	destroyed bool
}

// coefficients derives the coefficients for one combination (all keys already
// normalised with normKey).
func (m CarbonModel) coefficients(sector, category, material, disposition, outcome, mode string) coef {
	f := m.Factors
	var c coef
	if _, ok := f.value("transport." + mode); !ok {
		if _, ok := f.value("parcel." + mode); !ok {
			mode = m.DefaultMode
		}
	}
	if p, ok := f.value("parcel." + mode); ok {
		c.parcelKg = p
		c.tkm, _ = f.value("transport." + m.ParcelLinehaul)
	} else {
		c.tkm, _ = f.value("transport." + mode)
	}
	c.procKg, _ = f.value("processing.per_unit")
	if v, ok := f.value("pcf." + category + "." + material); ok && material != "" {
		c.pcfUnit = v
	} else if v, ok := f.value("pcf." + category); ok {
		c.pcfUnit = v
	} else if v, ok := f.value("pcf_kg." + category); ok {
		c.pcfPerKg = v
	}
	lookupShare := func(d string) float64 {
		if v, ok := f.value("share." + d + "." + category); ok {
			return v
		}
		v, _ := f.value("share." + d)
		return v
	}
	switch {
	case disposition == "restock" || disposition == "repair" || disposition == "resell_secondary" || disposition == "donate" ||
		disposition == "refurbish" && outcome == "success":
		c.backInUse = true
		c.route = RouteReuse
		c.share = lookupShare(disposition)
		c.perKg, _ = f.value("per_kg." + disposition + "." + sector)
		c.procMinus = c.procKg
	case disposition == "recycle" || disposition == "refurbish" && outcome == "failed":
		c.route = RouteRecycled
		c.perKg, _ = f.value("per_kg.recycle." + sector)
		c.eolPerKg, _ = f.value("eol.recycled")
	case disposition == "refurbish":
		// Refurbishment not finished or outcome unknown: no credit, no disposal yet.
		c.route = RouteOtherRecover
	case disposition == "destroy":
		c.destroyed = true
		route, ok := m.DestroyRoutes[sector]
		if !ok {
			route = m.DestroyRoutes["*"]
		}
		if route == "" {
			route = RouteIncinerated
		}
		c.route = route
		if v, ok := f.value("eol." + route + "." + sector); ok {
			c.eolPerKg = v
		} else if v, ok := f.value("eol." + route); ok {
			c.eolPerKg = v
		} else {
			// Landfill factor missing for this sector: count it as incinerated.
			c.route = RouteIncinerated
			c.eolPerKg, _ = f.value("eol.incinerated")
		}
	default:
		c.route = RouteOtherDispose
	}
	return c
}

// apply computes one unit's emissions from the coefficients.
func (c coef) apply(weightKg, km, pcfOverride float64) Emissions {
	e := Emissions{Route: c.route, BackInUse: c.backInUse, Destroyed: c.destroyed, MassKg: weightKg}
	e.Transport = c.parcelKg + weightKg/1000*km*c.tkm
	e.Processing = c.procKg
	e.EndOfLife = weightKg * c.eolPerKg
	pcf := pcfOverride
	if pcf <= 0 {
		pcf = c.pcfUnit
	}
	if pcf <= 0 {
		pcf = c.pcfPerKg * weightKg
	}
	e.NewFootprint = pcf
	// The reference scenario is producing this unit new: a unit without a
	// known footprint avoids nothing, and a per-kg credit never exceeds the
	// unit's own footprint (docs/carbon.md, "Avoided never exceeds the
	// reference").
	switch {
	case pcf <= 0:
	case c.perKg > 0:
		e.Avoided = min(weightKg*c.perKg, pcf) - c.procMinus
	case c.share > 0:
		e.Avoided = pcf*c.share - c.procMinus
	}
	return e
}

// PerUnit computes one returned unit's inventory and avoided emissions with
// the model m (see docs/carbon.md). Compute applies the same calculation to
// every return line in SQL.
func PerUnit(u Unit, m CarbonModel) (Emissions, error) {
	m, err := m.withDefaults()
	if err != nil {
		return Emissions{}, err
	}
	mode := normKey(u.TransportMode)
	if mode == "" {
		mode = m.DefaultMode
	}
	c := m.coefficients(normKey(u.Sector), normKey(u.Category), normKey(u.Material), normKey(u.Disposition), normKey(u.RefurbishOutcome), mode)
	w := u.WeightKg
	if w <= 0 {
		w = m.DefaultWeightKg
	}
	return c.apply(w, max(u.TransportKm, 0), u.PCF), nil
}
