# One command each: `make run` starts the app on a demo store; `make test` runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test demo bench lint clean-store

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) cli.py demo --if-empty
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

demo: $(VENV)/.installed
	$(PY) cli.py demo

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest -q

bench: $(VENV)/.dev-installed
	$(PY) bench/ingest.py
	$(PY) bench/pages.py
	$(PY) bench/export.py

clean-store:
	rm -rf data/store
