# Every target sets itself up: a fresh machine needs only python3 (3.11+) and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SITES ?= baoquangninh
OUT ?= data

.PHONY: install test demo crawl bench lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make test: the whole test suite (real pages from ../shared/fixtures, crawls on 127.0.0.1)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## make demo: generate a local mock provincial site, crawl it with the real spiders and pipelines
demo: $(STAMP)
	$(BIN)/vnnews demo --out $(OUT)

## make crawl SITES="baoquangninh baolaocai": the real thing (needs internet)
crawl: $(STAMP)
	$(BIN)/vnnews crawl $(SITES) --out $(OUT) $(ARGS)

## make bench: every benchmark, printing ratios against the reference tools
bench: $(STAMP)
	$(BIN)/python bench/dates.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/syndication.py
	$(BIN)/python bench/reextract.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/scaleout.py  # needs redis-server (Debian's package)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache artifacts
