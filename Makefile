# Set-up is part of every target: a fresh clone needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint validate bench startup turkey-roads clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

demo: $(BIN)/.installed  ## plan a real 7-day tour from Tbilisi into out/demo
	$(BIN)/tours plan --start tbilisi --days 7 --date 2027-05-10 --scenario status-quo \
		--interests monastery,unesco --out out/demo

test: $(BIN)/.installed  ## the test suite (offline)
	$(BIN)/python -m pytest

lint: $(BIN)/.installed  ## ruff (checks, complexity, format) and mypy --strict on tours, cli.py, benchmarks
	$(BIN)/ruff check tours cli.py tests scripts benchmarks
	$(BIN)/ruff format --check tours cli.py tests scripts benchmarks
	$(BIN)/mypy

validate: $(BIN)/.installed  ## check the built-in catalogue (schema, countries, reach, sources)
	$(BIN)/tours sites validate

bench: $(BIN)/.installed  ## literature benchmarks vs best-known scores and VROOM (about 12 min on 2 cores)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks run ../shared/benchmarks --time-limit 10 --workers 2

startup: $(BIN)/.installed  ## median cold start of `tours --help` and `tours route` (README figures)
	$(BIN)/python -m benchmarks.startup --runs 15

turkey-roads: $(BIN)/.installed  ## rebuild roads_tr_provinces.csv from the team's KGM table
	$(BIN)/python scripts/build_turkey_roads.py ../shared/reference/road_distances_turkey_provinces_KGM_2022.csv

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
