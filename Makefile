# Citizens in Policing: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=wsgi:app $(VENV)/bin/flask
PYTHON ?= python3

.PHONY: run test lint format venv db seed clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

db: venv
	mkdir -p instance
	$(FLASK) db upgrade

seed: db
	$(FLASK) seed-demo --if-empty

run: seed
	@echo "Serving Citizens in Policing on http://127.0.0.1:5000 (demo logins in README.md)"
	$(VENV)/bin/gunicorn --bind 127.0.0.1:5000 --workers 2 --access-logfile - wsgi:app

test: venv
	scripts/test.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) instance/cip.sqlite3*

.PHONY: bench test-stress

# County-scale benchmark through gunicorn with wrk (bench/README.md); results land in bench/results/.
bench: venv
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || sudo apt-get install -y wrk
	$(PY) bench/run.py $(BENCH_ARGS)

# Load, fault and scheduler tests against real servers on 127.0.0.1 (not part of `make test`).
test-stress: venv
	CIP_STRESS=1 $(PY) -m pytest tests/stress -q $(STRESS_ARGS)
