// Package demo generates deterministic, realistic demo data for a
// multi-sector retailer (products, order lines, return lines, claims) together
// with the ground truth it was drawn from (truth.json).
package demo
