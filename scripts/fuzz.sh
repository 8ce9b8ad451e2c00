#!/usr/bin/env bash
# Runs every go test -fuzz target for the given time each (default 60s), among
# them etl FuzzRecordReader and FuzzRecordReaderBounded (the bounded record
# reader: stray-quote resynchronisation, record size cap), FuzzMappingKeys (the
# real-export mapping keys: skip and return conditions, units, generated and
# composite keys, value defaults, date window) and FuzzDatePattern (unpadded dates).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-60s}
for pkg in $(go list -tags=duckdb_arrow ./...); do
  dir=$(go list -tags=duckdb_arrow -f '{{.Dir}}' "$pkg")
  for f in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/func //'); do
    echo "== $pkg $f ($t)"
    go test -tags=duckdb_arrow -run XXX -fuzz "^$f\$" -fuzztime "$t" "$pkg"
  done
done
