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

.PHONY: run help build test test-e2e test-short test-scim scim-tester audit-deps bench bench-go generate check-generated lint fuzz clean

## run: the service with the demo organization, on its own local Neo4j (unless NEO4J_URI is set; settings: docs/configuration.md)
run: build
	./bin/orgnet serve

## help: this list
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## build: the orgnet binary in bin/
build:
	$(GO) build -o bin/orgnet ./cmd/orgnet

## test: every test (Go, the SCIM conformance suite among them, then the browser tests of test-e2e), against a fresh local Neo4j on its own port and data folder
test: build web/node_modules/.package-lock.json scim-tester audit-deps
	$(GO) run ./internal/withneo4j --port $(TEST_NEO4J_PORT) --data $(ORGNET_CACHE)/test-neo4j -- \
		sh -c '$(GO) test -p 1 -count=1 -timeout 45m ./... && $(E2E)'

# The browser tests (web/e2e): the app's types checked, then Chromium (Debian's
# /usr/bin/chromium; they fail, never skip, without it) driven by
# playwright-core against orgnet serve on the test Neo4j.
E2E = cd web && npx tsc --noEmit -p . && node --test --test-concurrency=1 e2e/graphiql.test.mjs e2e/app.test.mjs e2e/explorer.test.mjs e2e/changes.test.mjs e2e/scenarios.test.mjs e2e/signin.test.mjs

## test-e2e: the browser tests alone: the web app and GraphiQL in Chromium, against a fresh local Neo4j
test-e2e: build web/node_modules/.package-lock.json
	$(GO) run ./internal/withneo4j --port $(TEST_NEO4J_PORT) --data $(ORGNET_CACHE)/test-neo4j -- sh -c '$(E2E)'

# The web app's packages, as web/package-lock.json pins them.
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

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

## audit-deps: the npm packages of the GraphQL-over-HTTP audit (audit/), which make test runs
audit-deps:
	npm ci --prefix audit --no-audit --no-fund --loglevel=error

## bench: the benchmark suite, writing bench/RESULTS.md (see bench/README.md); BENCH_PEOPLE=10000 for a quick run
BENCH_PEOPLE ?= 10000,100000
BENCH_NEO4J_PORT ?= 7689
BENCH_ADDR ?= 127.0.0.1:8089
BENCH_PEER_ADDR ?= 127.0.0.1:8090
bench: build
	$(GO) run ./bench/cmd/orgnet-bench -orgnet bin/orgnet -people $(BENCH_PEOPLE) \
		-port $(BENCH_NEO4J_PORT) -addr $(BENCH_ADDR) -peer-addr $(BENCH_PEER_ADDR) -data $(ORGNET_CACHE)/bench-neo4j \
		-invoked-as "make bench$(if $(filter command line,$(origin BENCH_PEOPLE)), BENCH_PEOPLE=$(BENCH_PEOPLE))" $(BENCH_FLAGS)

## bench-go: the Go benchmarks (decoder, generator, a large whoCanAct answer: store call beside the whole GraphQL request; single-entity writes at 100 000 people), on the bench's Neo4j port
BENCH_GO ?= .
bench-go:
	$(GO) run ./internal/withneo4j --port $(BENCH_NEO4J_PORT) --data $(ORGNET_CACHE)/bench-neo4j -- \
		$(GO) test -p 1 -run '^$$' -bench '$(BENCH_GO)' -benchmem -count 3 -timeout 60m ./graph/ ./graph/store/ ./seed/ ./server/

## generate: regenerate gqlgen's code from schema/, docs/configuration.md from the settings table, and the web bundle (web/dist) from web/src
generate: web/node_modules/.package-lock.json
	$(GO) generate ./...

## check-generated: fail if the generated code, docs/configuration.md or the web bundle is stale
check-generated: generate
	@git diff --exit-code -- resolvers/ web/dist/ docs/configuration.md && test -z "$$(git status --porcelain -- resolvers/ web/dist/ docs/configuration.md)" || \
		(git status --short -- resolvers/ web/dist/ docs/configuration.md; echo "generated code is stale: run make generate and commit" >&2; exit 1)

## lint: formatting and go vet
lint:
	@test -z "$$(gofmt -l . | grep -v '^.cache/')" || (gofmt -l . | grep -v '^.cache/'; echo "run gofmt -w" >&2; exit 1)
	$(GO) vet ./...

## fuzz: each fuzz target for a minute
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecodeSnapshot -fuzztime 60s ./graph/
	$(GO) test -run '^$$' -fuzz FuzzValidate -fuzztime 60s ./graph/
	$(GO) test -run '^$$' -fuzz FuzzPlanAroundKeepsSubjects -fuzztime 60s ./graph/
	$(GO) test -run '^$$' -fuzz FuzzParseFilter -fuzztime 60s ./scim/
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime 60s ./cmd/orgnet/
	$(GO) test -run '^$$' -fuzz FuzzParseToken -fuzztime 60s ./auth/
	$(GO) test -run '^$$' -fuzz FuzzDocumentGate -fuzztime 60s ./server/
	$(GO) test -run '^$$' -fuzz FuzzWriteResponse -fuzztime 60s ./server/

## clean: remove bin/
clean:
	rm -rf bin
