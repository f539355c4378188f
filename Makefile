# Caseloadwijzer. `make run` starts the app with demo data; `make test` runs every test.
# `make dev` is for developers: DEBUG on, Django's runserver reloading on every change.
# Both set up what they need on a fresh machine (Python 3.11, pip, npm, Debian's apt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run dev test setup setup-test assets system-deps system-test-deps lint bench messages clean

# As in production (DEBUG off, hashed static files through WhiteNoise, gunicorn), on plain HTTP on loopback
# with a fixed key and SQLite: caseloadwijzer/conf/local.py.
run: export DJANGO_SETTINGS_MODULE := caseloadwijzer.conf.local
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	@echo "Caseloadwijzer draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl-C)"
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py

dev: export DJANGO_SETTINGS_MODULE := caseloadwijzer.conf.dev
dev: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Caseloadwijzer (ontwikkelmodus, DEBUG aan) draait op http://$(HOST):$(PORT)/ (stoppen met Ctrl-C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup-test system-test-deps
	bash scripts/test.sh

setup: $(VENV)/.base-installed assets system-deps

setup-test: $(VENV)/.test-installed assets

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.test-installed: requirements/base.txt requirements/test.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@ $(VENV)/.base-installed

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need: Chromium for browser tests, PostgreSQL 15 for the second database run,
# Pango and fonts for WeasyPrint's PDFs, poppler-utils to read them back (pdftotext, pdftoppm).
system-test-deps: system-deps
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql-15"; \
	[ -x /usr/bin/pdftotext ] || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# Debian packages the app itself needs: Pango and fonts for the PDF reports (WeasyPrint).
system-deps:
	@missing=""; \
	/sbin/ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup-test
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Re-extract translatable strings into every app's locale/ (Dutch), then compile. Fill the Dutch msgstr
# in the .po files before committing: a test fails on an empty translation.
messages: setup-test
	$(BIN)/python manage.py makemessages -l nl --ignore=node_modules --ignore=.venv --ignore=staticfiles --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=node_modules --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .axe-report.jsonl
