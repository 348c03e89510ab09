# cimview: `make run` opens the viewer on the sample city; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE_DIR := data/sample_city
SAMPLE := $(SAMPLE_DIR)/sample_city.gpkg
# the suite on both cores, each test module on one worker (its module fixtures built once)
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: run test install sample lint i18n bench screenshots clean platform

run: $(SAMPLE)
	@bash tools/system-deps.sh run
	$(BIN)/cimview $(SAMPLE)

test: $(STAMP)
	@bash tools/system-deps.sh test
	@# the JS readers of the 3D Tiles checks (glTF validator, loaders.gl, CesiumJS), again
	@# whenever tools/js/package-lock.json changed
	@[ tools/js/node_modules/.package-lock.json -nt tools/js/package-lock.json ] || npm ci --no-audit --no-fund --prefix tools/js
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	xvfb-run -a -s "-screen 0 1280x1024x24" $(BIN)/pytest $(PYTEST_ARGS)

install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { bash tools/system-deps.sh run && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	@touch $@

# The sample city is built once, on first run; `make sample` rebuilds it.
$(SAMPLE): | $(STAMP)
	$(BIN)/python -m sample_city --out $(SAMPLE_DIR)

sample: $(STAMP)
	$(BIN)/python -m sample_city --out $(SAMPLE_DIR) --force

lint: $(STAMP)
	$(BIN)/ruff check .

# Refresh the translation source from the code, then compile it (edit the .ts in between).
i18n: $(STAMP)
	$(BIN)/pyside6-lupdate app/*.py app/controllers/*.py app/review/*.py -ts resources/i18n/cimview_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/i18n/cimview_zh_CN.ts -qm resources/i18n/cimview_zh_CN.qm

screenshots: $(SAMPLE)
	bash tools/screenshots.sh $(SAMPLE)

# A local OGC API - Features platform (pygeoapi over a throw-away PostGIS cluster) serving the
# sample city on 127.0.0.1:5000, its files (DEM, IFC, tiles) on :5001; Ctrl+C stops it and the
# database. See docs/platform.md.
PLATFORM_DIR := data/platform
platform: $(SAMPLE)
	@bash tools/system-deps.sh platform
	@$(BIN)/python -c "import pygeoapi, psycopg2, geoalchemy2" 2>/dev/null || $(BIN)/pip install -q -e ".[platform]"
	$(BIN)/python -m sample_city.platform --cache $(SAMPLE) --out $(PLATFORM_DIR) --serve

bench: $(STAMP)
	$(BIN)/python bench/build_city.py

clean:
	rm -rf $(VENV) data build *.egg-info .pytest_cache .ruff_cache
