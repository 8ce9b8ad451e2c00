package demo

import "flag"

var benchLines = flag.Int("lines", 1_000_000, "order lines per BenchmarkGenerate iteration")
