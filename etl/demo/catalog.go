package demo

// The catalogue: sectors, categories and the codes the demo data uses. Every
// string here is Latin-1 encodable (products.csv is written in Latin-1 with
// --dirty).

// Reasons is the canonical reason list, in the order used by mixes.
var Reasons = []string{
	"size_too_small", "size_too_large", "not_as_described", "defective",
	"damaged_in_transit", "wrong_item", "late_delivery", "changed_mind",
	"better_price", "quality", "other",
}

// Reason indexes into Reasons.
const (
	rSizeSmall = iota
	rSizeLarge
	rNotAsDescribed
	rDefective
	rDamaged
	rWrongItem
	rLate
	rChangedMind
	rBetterPrice
	rQuality
	rOther
	nReasons
)

// Dispositions is the canonical disposition list, in the order used by mixes.
var Dispositions = []string{"restock", "refurbish", "repair", "resell_secondary", "donate", "recycle", "destroy"}

const (
	dRestock = iota
	dRefurbish
	dRepair
	dResell
	dDonate
	dRecycle
	dDestroy
	nDispositions
)

// Sectors is the canonical sector list.
var Sectors = []string{"fashion", "high_tech", "food", "furniture", "appliance"}

// sectorSpec holds the process parameters of one sector.
type sectorSpec struct {
	code   string
	prefix string // SKU prefix
	share  float64
	// reasons is the sector's base reason mix (indexed like Reasons).
	reasons [nReasons]float64
	// qty is the pmf of units per order line: qty[i] = P(qty = i+1).
	qty []float64
	// lagMedian (weeks) and lagSigma shape the lognormal ship-to-receipt lag.
	lagMedian, lagSigma float64
	// procMedian (hours) and procSigma shape the lognormal processing time.
	procMedian, procSigma float64
	// dispositions is the disposition mix among processed units.
	dispositions [nDispositions]float64
	refurbOK     float64 // P(success | refurbish)
	costRatio    float64 // unit cost / list price
	procCost     float64 // EUR per unit, median inspection and handling cost
	lifeWeeks    [2]int  // product life before decline, min and max weeks
	seasonality  seasonProfile
}

// seasonProfile gives the sector's multiplicative seasonal factors.
type seasonProfile struct {
	month       [13]float64 // index 1..12
	blackFriday float64
	cyberWeek   float64
	winterSales float64
	summerSales float64
	christmas   float64
	giftReturn  float64 // return-probability factor for units shipped in Nov-Dec
}

var sectorSpecs = []*sectorSpec{
	{
		code: "fashion", prefix: "FAS", share: 0.40,
		//         small large desc  defect dmg   wrong late  mind  price qual  other
		reasons:   [nReasons]float64{0.24, 0.20, 0.10, 0.04, 0.02, 0.03, 0.02, 0.18, 0.04, 0.10, 0.03},
		qty:       []float64{0.78, 0.17, 0.04, 0.01},
		lagMedian: 1.7, lagSigma: 0.45,
		procMedian: 58, procSigma: 0.30,
		//            restock refurb repair resell donate recycle destroy
		dispositions: [nDispositions]float64{0.58, 0.08, 0.01, 0.10, 0.05, 0.15, 0.03},
		refurbOK:     0.85, costRatio: 0.35, procCost: 3.2, lifeWeeks: [2]int{52, 160},
		seasonality: seasonProfile{
			month:       [13]float64{0, 0.90, 0.85, 1.00, 1.05, 1.05, 1.00, 0.95, 0.85, 1.05, 1.05, 1.20, 1.35},
			blackFriday: 1.8, cyberWeek: 1.25, winterSales: 1.5, summerSales: 1.4, christmas: 1.1, giftReturn: 1.12,
		},
	},
	{
		code: "high_tech", prefix: "HTC", share: 0.20,
		reasons:   [nReasons]float64{0, 0, 0.12, 0.28, 0.08, 0.05, 0.04, 0.22, 0.08, 0.08, 0.05},
		qty:       []float64{0.95, 0.05},
		lagMedian: 2.4, lagSigma: 0.6,
		procMedian: 82, procSigma: 0.32,
		dispositions: [nDispositions]float64{0.35, 0.22, 0.05, 0.07, 0.02, 0.25, 0.04},
		refurbOK:     0.78, costRatio: 0.75, procCost: 11, lifeWeeks: [2]int{78, 208},
		seasonality: seasonProfile{
			month:       [13]float64{0, 0.85, 0.80, 0.90, 0.90, 0.95, 0.95, 0.95, 1.00, 1.05, 1.05, 1.30, 1.60},
			blackFriday: 2.6, cyberWeek: 1.4, winterSales: 1.1, summerSales: 1.05, christmas: 1.2, giftReturn: 1.12,
		},
	},
	{
		code: "food", prefix: "FOO", share: 0.12,
		reasons:   [nReasons]float64{0, 0, 0.04, 0.03, 0.30, 0.08, 0.20, 0.02, 0, 0.30, 0.03},
		qty:       []float64{0.40, 0.30, 0.15, 0.10, 0, 0.05},
		lagMedian: 1.1, lagSigma: 0.35,
		procMedian: 34, procSigma: 0.28,
		dispositions: [nDispositions]float64{0.02, 0, 0, 0, 0.33, 0.45, 0.20},
		refurbOK:     0, costRatio: 0.60, procCost: 1.2, lifeWeeks: [2]int{156, 520},
		seasonality: seasonProfile{
			month:       [13]float64{0, 0.95, 0.95, 1.00, 1.00, 1.00, 1.05, 1.05, 1.00, 1.00, 1.00, 1.05, 1.25},
			blackFriday: 1.1, cyberWeek: 1.0, winterSales: 1.0, summerSales: 1.0, christmas: 1.5, giftReturn: 1.0,
		},
	},
	{
		code: "furniture", prefix: "FUR", share: 0.12,
		reasons:   [nReasons]float64{0, 0, 0.18, 0.10, 0.28, 0.06, 0.08, 0.14, 0.03, 0.10, 0.03},
		qty:       []float64{0.93, 0.06, 0, 0.01},
		lagMedian: 3.2, lagSigma: 0.5,
		procMedian: 100, procSigma: 0.35,
		dispositions: [nDispositions]float64{0.40, 0.10, 0.08, 0.15, 0.05, 0.17, 0.05},
		refurbOK:     0.80, costRatio: 0.50, procCost: 24, lifeWeeks: [2]int{104, 312},
		seasonality: seasonProfile{
			month:       [13]float64{0, 1.10, 1.00, 1.10, 1.05, 1.00, 0.95, 0.90, 0.90, 1.05, 1.05, 1.10, 0.95},
			blackFriday: 1.5, cyberWeek: 1.15, winterSales: 1.3, summerSales: 1.15, christmas: 1.0, giftReturn: 1.0,
		},
	},
	{
		code: "appliance", prefix: "APP", share: 0.16,
		reasons:   [nReasons]float64{0, 0, 0.10, 0.30, 0.15, 0.05, 0.05, 0.15, 0.07, 0.09, 0.04},
		qty:       []float64{0.96, 0.04},
		lagMedian: 2.8, lagSigma: 0.65,
		procMedian: 78, procSigma: 0.33,
		dispositions: [nDispositions]float64{0.30, 0.20, 0.10, 0.10, 0.02, 0.25, 0.03},
		refurbOK:     0.72, costRatio: 0.65, procCost: 16, lifeWeeks: [2]int{104, 312},
		seasonality: seasonProfile{
			month:       [13]float64{0, 0.90, 0.85, 0.95, 0.95, 1.00, 1.05, 1.05, 0.95, 1.00, 1.00, 1.20, 1.35},
			blackFriday: 2.2, cyberWeek: 1.3, winterSales: 1.15, summerSales: 1.05, christmas: 1.15, giftReturn: 1.08,
		},
	},
}

// Processing time is a mixture: a lognormal around the sector median, and for
// holdShare of the units a hold that multiplies it by U(holdFactor).
const holdShare = 0.05

var holdFactor = [2]float64{3, 8}

// category is a product family whose name matches a CO2 factor item of DOMAIN.md.
type category struct {
	code     string
	sector   int        // index into sectorSpecs
	price    [2]float64 // list price range, EUR incl. VAT
	weight   float64    // kg per unit, shipped
	return_  float64    // mean return probability of its SKUs
	level    float64    // mean weekly units of a regular SKU at natural size
	material []string
	names    []string // product name stems (French, Latin-1)
	variants []string // appended to the stem
}

var categories = []category{
	{code: "t-shirt", sector: 0, price: [2]float64{12, 39}, weight: 0.22, return_: 0.24, level: 16,
		material: []string{"cotton", "organic cotton", "cotton"},
		names:    []string{"T-shirt col rond", "T-shirt col V", "T-shirt manches longues", "Tee-shirt imprimé"},
		variants: []string{"coton bio", "blanc", "bleu marine", "rayé", "écru"}},
	{code: "jeans", sector: 0, price: [2]float64{39, 129}, weight: 0.65, return_: 0.33, level: 11,
		material: []string{"cotton", "cotton", "cotton blend"},
		names:    []string{"Jean slim", "Jean droit", "Jean large", "Jean taille haute"},
		variants: []string{"brut", "délavé", "noir", "stretch", "bleu clair"}},
	{code: "shoes", sector: 0, price: [2]float64{45, 169}, weight: 1.05, return_: 0.31, level: 9,
		material: []string{"leather", "textile", "sport"},
		names:    []string{"Chaussure à talon", "Basket de running", "Mocassin", "Bottine", "Escarpin"},
		variants: []string{"cuir", "daim", "toile", "noir", "camel"}},
	{code: "smartphone", sector: 1, price: [2]float64{179, 1199}, weight: 0.38, return_: 0.10, level: 8,
		material: []string{"electronics"},
		names:    []string{"Smartphone 6,1 pouces", "Smartphone 6,7 pouces", "Smartphone compact"},
		variants: []string{"128 Go", "256 Go", "512 Go", "reconditionné usine"}},
	{code: "laptop", sector: 1, price: [2]float64{449, 2199}, weight: 2.3, return_: 0.11, level: 4,
		material: []string{"electronics"},
		names:    []string{"Ordinateur portable 14\"", "Ordinateur portable 15,6\"", "Ultraportable 13\""},
		variants: []string{"8 Go / 256 Go", "16 Go / 512 Go", "32 Go / 1 To"}},
	{code: "tv", sector: 1, price: [2]float64{299, 1799}, weight: 16, return_: 0.08, level: 3,
		material: []string{"electronics"},
		names:    []string{"Téléviseur LED", "Téléviseur OLED", "Téléviseur QLED"},
		variants: []string{"43 pouces", "55 pouces", "65 pouces"}},
	{code: "kettle", sector: 4, price: [2]float64{19, 89}, weight: 1.3, return_: 0.06, level: 8,
		material: []string{"stainless steel", "plastic", "glass"},
		names:    []string{"Bouilloire électrique", "Bouilloire à température réglable"},
		variants: []string{"1,7 L", "1,2 L", "inox", "verre"}},
	{code: "vacuum_cleaner", sector: 4, price: [2]float64{89, 549}, weight: 5.8, return_: 0.075, level: 5,
		material: []string{"plastic", "electronics"},
		names:    []string{"Aspirateur sans fil", "Aspirateur traîneau", "Aspirateur robot"},
		variants: []string{"sans sac", "avec sac", "cyclonique"}},
	{code: "microwave", sector: 4, price: [2]float64{69, 349}, weight: 13, return_: 0.06, level: 4,
		material: []string{"steel", "electronics"},
		names:    []string{"Four à micro-ondes", "Micro-ondes combiné grill"},
		variants: []string{"20 L", "25 L", "32 L"}},
	{code: "washing_machine", sector: 4, price: [2]float64{329, 949}, weight: 68, return_: 0.05, level: 2.5,
		material: []string{"steel", "electronics"},
		names:    []string{"Lave-linge hublot", "Lave-linge top"},
		variants: []string{"7 kg", "8 kg", "9 kg"}},
	{code: "sofa", sector: 3, price: [2]float64{399, 1990}, weight: 55, return_: 0.07, level: 1.6,
		material: []string{"textile", "textile", "leather"},
		names:    []string{"Canapé 3 places", "Canapé d'angle", "Canapé convertible"},
		variants: []string{"tissu gris", "velours vert", "lin beige", "cuir cognac"}},
	{code: "wooden_table", sector: 3, price: [2]float64{149, 999}, weight: 36, return_: 0.06, level: 2,
		material: []string{"wood"},
		names:    []string{"Table en chêne massif", "Table extensible en hêtre", "Table basse en noyer"},
		variants: []string{"4 couverts", "6 couverts", "8 couverts"}},
	{code: "chicken", sector: 2, price: [2]float64{8, 16}, weight: 1.5, return_: 0.025, level: 20,
		material: []string{"meat"},
		names:    []string{"Poulet fermier entier", "Filets de poulet", "Cuisses de poulet"},
		variants: []string{"Label Rouge", "bio", "1,5 kg"}},
	{code: "rice", sector: 2, price: [2]float64{2.5, 9}, weight: 2.05, return_: 0.012, level: 24,
		material: []string{"cereal"},
		names:    []string{"Riz basmati", "Riz complet", "Riz de Camargue"},
		variants: []string{"1 kg", "2 kg", "5 kg"}},
	{code: "apple", sector: 2, price: [2]float64{2.9, 6.5}, weight: 1.6, return_: 0.02, level: 22,
		material: []string{"fruit"},
		names:    []string{"Pommes Golden", "Pommes Gala", "Pommes Reinette"},
		variants: []string{"1,5 kg", "2 kg", "bio"}},
}

// brands per sector index.
var brands = [][]string{
	{"Maison Lumière", "Côte Sauvage", "Urbain & Fils", "Nordlys"},
	{"Voltix", "Kerno", "Astral"},
	{"Ferme des Prés", "Terroir Doré", "Verger Léon"},
	{"Bois d'Orée", "Atelier Sève", "Nido"},
	{"Électra", "Domia", "Kessler"},
}

// country is a delivery country with its share of orders, transit days and carriers.
type country struct {
	code     string
	share    float64
	transit  [2]float64 // delivery days after shipping, min and max
	carriers []string
	cshare   []float64 // carrier shares within the country
	km       float64   // median km from customer to the nearest site
}

var countries = []country{
	{"FR", 0.45, [2]float64{1, 3}, []string{"Colivia", "RapidoFret"}, []float64{0.6, 0.4}, 220},
	{"DE", 0.18, [2]float64{2, 4}, []string{"Paketblitz", "NordKurier"}, []float64{0.65, 0.35}, 260},
	{"ES", 0.12, [2]float64{2, 4}, []string{"IberPaq", "Envíos Sol"}, []float64{0.55, 0.45}, 300},
	{"IT", 0.10, [2]float64{2, 5}, []string{"PaccoLampo", "CorrieraVerde"}, []float64{0.6, 0.4}, 280},
	{"BE", 0.07, [2]float64{1, 3}, []string{"BelColis", "EuroTrans"}, []float64{0.7, 0.3}, 160},
	{"NL", 0.05, [2]float64{2, 3}, []string{"DutchDrop", "EuroTrans"}, []float64{0.7, 0.3}, 190},
	{"PL", 0.03, [2]float64{2, 5}, []string{"PaczkaPlus", "EuroTrans"}, []float64{0.75, 0.25}, 240},
}

// defaultSites are the returns warehouses, "CODE:country".
var defaultSites = []string{"FR-LIL:FR", "DE-DUI:DE", "ES-ZAZ:ES", "IT-PIA:IT", "PL-POZ:PL"}

var channels = []string{"web", "app", "marketplace", "store"}
var channelShare = []float64{0.55, 0.25, 0.15, 0.05}

// reasonRaw is the source system's own reason code for each canonical reason.
var reasonRaw = [nReasons]string{"TAILLE_PETITE", "TAILLE_GRANDE", "NON_CONFORME", "DEFECTUEUX", "ENDOMMAGE_TRANSPORT", "ERREUR_ARTICLE", "RETARD_LIVRAISON", "CHANGEMENT_AVIS", "PRIX_INFERIEUR", "QUALITE", "AUTRE"}
