# leakwarden: the two commands are `make demo` and `make test`; both install what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
EXTRAS := demo,test,history,web
PYTEST_ARGS ?=

.PHONY: demo test unit eval bench system-deps engines clean help

help:
	@echo "make demo    - real local Elasticsearch + synthetic leak, scanned; reports in ./demo-out"
	@echo "make test    - the whole test suite, with real Elasticsearch, OpenSearch, nginx, PostgreSQL, Chromium"
	@echo "make eval    - accuracy of detection and risk figures against the labelled corpora"
	@echo "make bench   - throughput and memory benchmarks (Presidio side by side)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[$(EXTRAS)]'
	@touch $(STAMP)

system-deps:
	@bash scripts/ensure-system-deps.sh

engines: $(STAMP) system-deps
	$(PY) -c "from leakwarden.demo.engines import ensure_engine; ensure_engine('elasticsearch'); ensure_engine('opensearch')"

demo: $(STAMP)
	@bash scripts/ensure-system-deps.sh --java-only
	$(VENV)/bin/leakwarden demo --out demo-out

# Every test runs: browser and PostgreSQL tests fail (not skip) when their server is missing.
test: $(STAMP) system-deps engines
	LEAKWARDEN_REQUIRE_BROWSER=1 LEAKWARDEN_REQUIRE_POSTGRES=1 $(PY) -m pytest $(PYTEST_ARGS)

unit: $(STAMP)
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

eval: $(STAMP)
	$(PY) eval/run.py --corpus all

bench: $(STAMP)
	$(PY) benchmarks/run_all.py --setup-presidio

clean:
	rm -rf $(VENV) demo-out test-artifacts .pytest_cache build *.egg-info src/*.egg-info
