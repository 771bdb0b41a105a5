# The index of what one can do with orgnet. Everything runs from a fresh
# clone: Go fetches the modules, Maven fetches Neo4j's jars into .cache/ on
# first use.
GO ?= go
# orgnet's settings are environment variables (docs/configuration.md); set
# them on make's command line or in the environment, e.g.
#   make run ORGNET_ADDR=127.0.0.1:9000 ORGNET_NEO4J_PORT=7690
# Under make, Neo4j's jars and stores live in .cache/ of the checkout.
export ORGNET_CACHE ?= $(CURDIR)/.cache
TEST_NEO4J_PORT ?= 7688

.PHONY: run help build test test-short test-scim scim-tester bench bench-go generate check-generated lint fuzz clean

## run: the service with the demo organization, on its own local Neo4j (unless NEO4J_URI is set; settings: docs/configuration.md)
run: build
	./bin/orgnet serve

## help: this list
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## build: the orgnet binary in bin/
build:
	$(GO) build -o bin/orgnet ./cmd/orgnet

## test: every test, against a fresh local Neo4j on its own port and data folder (the SCIM conformance suite among them)
test: scim-tester
	$(GO) run ./internal/withneo4j --port $(TEST_NEO4J_PORT) --data $(ORGNET_CACHE)/test-neo4j -- \
		$(GO) test -p 1 -count=1 -timeout 45m ./...

## test-scim: the SCIM conformance suite (scim2-tester, docs/scim.md) alone, against orgnet on a fresh local Neo4j
test-scim: scim-tester
	$(GO) run ./internal/withneo4j --port $(TEST_NEO4J_PORT) --data $(ORGNET_CACHE)/test-neo4j -- \
		$(GO) test -count=1 -run TestSCIMConformance -v ./server/

## scim-tester: PyPI's scim2-tester and scim2-cli, pinned in .ci/scim-tester.txt, in a virtual environment under .cache/
SCIM_VENV := $(ORGNET_CACHE)/scim-venv
scim-tester: $(SCIM_VENV)/installed.txt
$(SCIM_VENV)/installed.txt: .ci/scim-tester.txt
	python3 -m venv $(SCIM_VENV)
	$(SCIM_VENV)/bin/pip install --quiet --disable-pip-version-check -r .ci/scim-tester.txt
	cp .ci/scim-tester.txt $@

## test-short: the tests that need no database
test-short:
	$(GO) test -short ./...

## bench: the benchmark suite, writing bench/RESULTS.md (see bench/README.md); BENCH_PEOPLE=10000 for a quick run
BENCH_PEOPLE ?= 10000,100000
BENCH_NEO4J_PORT ?= 7689
BENCH_ADDR ?= 127.0.0.1:8089
bench: build
	$(GO) run ./bench/cmd/orgnet-bench -orgnet bin/orgnet -people $(BENCH_PEOPLE) \
		-port $(BENCH_NEO4J_PORT) -addr $(BENCH_ADDR) -data $(ORGNET_CACHE)/bench-neo4j \
		-invoked-as "make bench$(if $(filter command line,$(origin BENCH_PEOPLE)), BENCH_PEOPLE=$(BENCH_PEOPLE))" $(BENCH_FLAGS)

## bench-go: the Go benchmarks (decoder, generator, a large whoCanAct answer: store call beside the whole GraphQL request), on the bench's Neo4j port
BENCH_GO ?= .
bench-go:
	$(GO) run ./internal/withneo4j --port $(BENCH_NEO4J_PORT) --data $(ORGNET_CACHE)/bench-neo4j -- \
		$(GO) test -p 1 -run '^$$' -bench '$(BENCH_GO)' -benchmem -count 3 -timeout 30m ./graph/ ./seed/ ./server/

## generate: regenerate gqlgen's code from schema/ and docs/configuration.md from the settings table
generate:
	$(GO) generate ./...

## check-generated: fail if the generated code or docs/configuration.md is stale
check-generated: generate
	@git diff --exit-code -- resolvers/ docs/configuration.md || (echo "generated code is stale: run make generate and commit" >&2; exit 1)

## lint: formatting and go vet
lint:
	@test -z "$$(gofmt -l . | grep -v '^.cache/')" || (gofmt -l . | grep -v '^.cache/'; echo "run gofmt -w" >&2; exit 1)
	$(GO) vet ./...

## fuzz: each fuzz target for a minute
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeSnapshot -fuzztime 60s ./graph/
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime 60s ./graph/
	$(GO) test -run '^$$' -fuzz FuzzParseFilter -fuzztime 60s ./scim/
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./cmd/orgnet/

## clean: remove bin/
clean:
	rm -rf bin
