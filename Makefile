# One command each: `make run` starts the app on a demo store; `make test` runs every check.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test demo bench bench-quick lint clean-store

$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) cli.py demo --if-empty
	$(PY) cli.py setup-link --url http://localhost:$(PORT)
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

demo: $(VENV)/.installed
	$(PY) cli.py demo

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test: lint
	$(PY) -m pytest -q

# Every performance figure in one table (bench/run.py): about an hour on 2 cores.
# BENCH_ARGS adds options, e.g. `make bench BENCH_ARGS="--only pages --rounds 1"`.
bench: $(VENV)/.dev-installed
	$(PY) bench/run.py $(BENCH_ARGS)

# The same table at small sizes (about ten minutes): checks the benchmark, not the app.
bench-quick: $(VENV)/.dev-installed
	$(PY) bench/run.py --ingest-rows 200000 --large-rows 1000000 --rounds 1 --viewers 3 --sessions 1,3 \
		--load-rows 200000 --soak-minutes 1 --present-minutes 1 $(BENCH_ARGS)

clean-store:
	rm -rf data/store
