# Two commands do everything on a fresh machine (README):
#   make run    set up .venv if missing, then run the 2023 pipeline on the bundled snapshot
#   make test   set up .venv (and Debian's chromium) if missing, then lint and run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
YEAR ?= 2023
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test lint venv browser serve deploy worker prefect-server bench constraints clean

run: $(STAMP)
	$(BIN)/spfacts run --year $(YEAR)

test: lint browser
	$(BIN)/pytest

# formatting and lint rules live in pyproject.toml (ruff for Python, sqlfluff for sql/); part of make test
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint sql

venv: $(STAMP)

# pinned direct dependencies, installed within the full resolved set so nothing drifts
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "spfacts needs Python 3.11 (found $(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# the page tests look at HTML in headless Chromium, Debian's package, with a font for the Chinese labels
browser:
	@{ command -v chromium && fc-list :lang=zh | grep -q .; } >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium and fonts-wqy-microhei for the page tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

# scheduled runs (README "Scheduled runs"): a Prefect server, the deployments, a worker
PREFECT_API_URL ?= http://127.0.0.1:4200/api
prefect-server: $(STAMP)
	PREFECT_HOME=$(CURDIR)/.prefect $(BIN)/prefect server start --host 127.0.0.1 --port 4200

deploy: $(STAMP)
	PREFECT_API_URL=$(PREFECT_API_URL) $(BIN)/spfacts deploy --year $(YEAR)

worker: $(STAMP)
	PREFECT_API_URL=$(PREFECT_API_URL) $(BIN)/spfacts worker

serve: $(STAMP)
	PREFECT_API_URL=$(PREFECT_API_URL) $(BIN)/spfacts serve --year $(YEAR)

# one table: spfacts per stage, a DuckDB baseline and a dlt peer, at each scale (README "Performance");
# the older single-question benchmarks stay callable: $(BIN)/python benchmarks/bench_scale.py etc.
SCALES ?= 1 10 100
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --scales $(SCALES)

# regenerate the constraints from a fresh resolution of requirements.txt
constraints:
	rm -rf /tmp/spfacts-constraints && $(PYTHON) -m venv /tmp/spfacts-constraints
	/tmp/spfacts-constraints/bin/pip install --quiet -r requirements.txt
	/tmp/spfacts-constraints/bin/pip freeze --exclude-editable | sort > constraints.txt

clean:
	rm -rf $(VENV) .prefect .pytest_cache
