# retour — see README.md. Every target works on a fresh clone.
GO        ?= go
TAGS      ?= duckdb_arrow
GOFLAGS_T := -tags=$(TAGS)
BIN       := bin/retour
DEMO_DIR  ?= demo-out
ECHARTS   := reports/assets/echarts.min.js

.PHONY: all build assets demo serve test test-short bench bench-load bench-forecast bench-kpi bench-report bench-serve lint fuzz clean screenshots

all: build

build:
	$(GO) build $(GOFLAGS_T) -o $(BIN) ./cmd/retour

# ECharts comes from the npm package, never from a CDN, and is not committed.
assets: $(ECHARTS)
$(ECHARTS):
	@mkdir -p reports/assets/.npm
	cd reports/assets/.npm && ( [ -f package.json ] || echo '{"private":true}' > package.json ) && npm install --no-audit --no-fund --silent echarts@5.6.0
	cp reports/assets/.npm/node_modules/echarts/dist/echarts.min.js $(ECHARTS)

# The main job: demo data -> load -> forecast -> KPIs -> reports.
demo: assets build
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	RETOUR_DB=$(DEMO_DIR)/retour.duckdb ./$(BIN) demo --out $(DEMO_DIR)

# retour serve on the demo warehouse, with a printed URL and viewer token.
serve: assets build
	DEMO_DIR=$(DEMO_DIR) bash scripts/serve-demo.sh

test: assets build
	$(GO) vet $(GOFLAGS_T) ./...
	$(GO) test $(GOFLAGS_T) -p 4 -timeout 30m ./...

test-short:
	$(GO) test $(GOFLAGS_T) -short ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GOFLAGS_T) ./...

# Benchmarks print ratios against a baseline measured in the same run.
bench: build bench-load bench-forecast bench-kpi bench-report

bench-load: build
	bash scripts/bench-load.sh

bench-forecast: build
	bash scripts/bench-forecast.sh

bench-kpi: build
	bash scripts/bench-kpi.sh

bench-report: build assets
	bash scripts/bench-report.sh

# 50 clients on the explorer API for 60 s while a 1M-line file loads (loopback).
bench-serve: build
	bash scripts/bench-serve.sh

# docs/img/<pack>-1400.png, -400.png and -print.png from the demo warehouse
# (make demo first); Chromium and Ghostscript (gs). Not part of make test.
screenshots: assets
	@[ -f $(DEMO_DIR)/retour.duckdb ] || { echo "no $(DEMO_DIR)/retour.duckdb: run make demo first"; exit 1; }
	$(GO) run $(GOFLAGS_T) ./scripts/screenshots --db $(DEMO_DIR)/retour.duckdb --out docs/img

FUZZTIME ?= 60s
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

clean:
	rm -rf bin $(DEMO_DIR) reports/assets/.npm $(ECHARTS)
