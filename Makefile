# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper of those two.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/portal
REDIS_BASE ?= redis://127.0.0.1:6379
DEMO_ENTERPRISES ?= 300
DEMO_PRODUCTS ?= 120

.PHONY: run test install lint format migrate seed bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

install: $(STAMP)

## make run: install, migrate the embedded SQLite database, seed the programs and demo data, serve on :8000.
run: install
	mkdir -p .data
	$(PY) manage.py compilemessages --ignore=.venv -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_programs
	$(PY) manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --products $(DEMO_PRODUCTS)
	$(PY) manage.py demo_logins
	$(PY) manage.py runserver 127.0.0.1:8000

## make test: install, lint, and run the whole suite against PostgreSQL and Redis.
test: install lint
	$(PY) manage.py compilemessages --ignore=.venv -v0
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_BASE)/14 CELERY_BROKER_URL=$(REDIS_BASE)/15 \
		$(PY) -m pytest $(PYTEST_ARGS)

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
