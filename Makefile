# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install run test lint messages bench worker beat

install: $(VENV)/.installed locale/en/LC_MESSAGES/django.mo

# xstatic-bootstrap still builds with pkg_resources, hence setuptools<81 and no build isolation.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip "setuptools<81" wheel
	$(VENV)/bin/pip install -q --no-build-isolation -r requirements.lock
	touch $@

# Compiled with polib, so no system gettext is needed to run the app.
locale/en/LC_MESSAGES/django.mo: locale/en/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) -c "import polib; polib.pofile('$<').save_as_mofile('$@')"

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py setup_demo
	$(PY) manage.py runserver $(HOST)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Developers: refresh the English catalogue after changing strings (needs gettext).
messages: install
	$(PY) manage.py makemessages -l en --no-location --ignore=.venv --ignore=staticfiles

worker: install
	$(VENV)/bin/celery -A config worker -l info --concurrency 1

beat: install
	$(VENV)/bin/celery -A config beat -l info

# Figures at seed and national scale on PostgreSQL (127.0.0.1:5432) and gunicorn;
# takes about five minutes; see docs/benchmarks.md. BENCH_ARGS e.g. "--scales seed --duration 2".
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)
