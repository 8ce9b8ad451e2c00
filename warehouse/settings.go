package warehouse

// Unknown is how the views spell a site, category, sector, channel or carrier
// that the data does not give. Every stage uses it; none writes '?' or NULL
// for "not given".
const Unknown = "unknown"
