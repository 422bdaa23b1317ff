# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of those two.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The servers `make test` uses; where one does not answer, tools/test-services.sh starts a throwaway one.
PG_URL ?= postgres://postgres@127.0.0.1:5432/portal
REDIS_BASE ?= redis://127.0.0.1:6379
REDIS_CACHE_DB ?= 14
REDIS_BROKER_DB ?= 15
DEMO_ENTERPRISES ?= 300
DEMO_PRODUCTS ?= 120

.PHONY: run test check-tools production-check install lint format migrate seed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the embedded SQLite database, seed the programs and demo data, write the local test
## signing certificate (no legal value) where none is configured, serve on :8000.
run: install
	mkdir -p .data
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_programs
	$(PY) manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --products $(DEMO_PRODUCTS)
	$(PY) manage.py make_signing_certificate
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: check the programs the tests need, install, lint, and run the whole suite against PostgreSQL and
## Redis (throwaway servers where those at PG_URL / REDIS_BASE do not answer).
test: check-tools install lint
	$(PY) manage.py compilemessages --ignore=.venv -v0
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_BASE)/$(REDIS_CACHE_DB) CELERY_BROKER_URL=$(REDIS_BASE)/$(REDIS_BROKER_DB) \
		tools/test-services.sh $(PY) -m pytest $(PYTEST_ARGS)

## Names the Debian package of each missing program (PostgreSQL, Redis, Chromium, gettext, poppler, nginx) and stops.
check-tools:
	@tools/test-services.sh --check

## make production-check: `pip install .` into a fresh virtualenv and run it as production does, on throwaway
## PostgreSQL and Redis servers (tools/production_check.sh).
production-check: check-tools
	tools/test-services.sh --throwaway tools/production_check.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make bench: the benchmark table (`manage.py bench`) on a throwaway database beside $(PG_URL); BENCH_ARGS=--quick.
bench: install
	DATABASE_URL=$(PG_URL) $(PY) manage.py bench $(BENCH_ARGS)

clean:
	rm -rf .data staticfiles .pytest_cache .ruff_cache
