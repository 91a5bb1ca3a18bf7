# Every target sets itself up on a fresh machine: a virtual environment with the pinned packages.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on both cores; `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n 2

.PHONY: run test serve bench loadtest lint messages migrations-check

$(INSTALLED): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

# The site with demo content on SQLite, at http://127.0.0.1:8000/ (safe to run again: edits are kept).
run: export DJANGO_DEBUG = 1
run: export DJANGO_HTTPS = 0
run: $(INSTALLED)
	$(MAKE) --no-print-directory messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py render_publications
	$(PY) manage.py ensure_superuser
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite; with DATABASE_URL set it runs against that database.
test: $(INSTALLED)
	$(PY) -m pytest $(PYTEST_ARGS)

# Compile .po files whose .mo is missing or older (the .mo files are committed).
messages:
	@for po in $$(find locale -name '*.po'); do \
		mo=$${po%.po}.mo; \
		if [ ! -f $$mo ] || [ $$po -nt $$mo ]; then \
			command -v msgfmt >/dev/null && msgfmt --check -o $$mo $$po && echo "compiled $$mo"; \
		fi; \
	done; true

# Production settings behind gunicorn (needs DJANGO_SECRET_KEY; DJANGO_HTTPS=0 for plain HTTP).
serve: $(INSTALLED)
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py render_publications
	$(VENV)/bin/gunicorn backhealth.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3}

# Pages and API under load against gunicorn (production settings, a throwaway database of
# BENCH_ARTICLES generated articles), each as a ratio of the floor, a minimal Django project
# returning the same number of bytes (DESIGN.md "Performance"; bench/run.py lists the options).
# Writes bench/RESULTS.md. Installs wrk if missing.
BENCH_ARTICLES ?= 100
bench: $(INSTALLED)
	@command -v wrk >/dev/null || apt-get install -y wrk
	BENCH_ARTICLES=$(BENCH_ARTICLES) $(PY) bench/run.py

# A minute of mixed load and the fault drills (Redis stopped, Redis hanging, database connections
# killed) against gunicorn in production settings; fails if any request failed.
loadtest: $(INSTALLED)
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) -m bench.loadtest

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(INSTALLED)
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
