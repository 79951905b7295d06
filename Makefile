# Quick start: `make run` serves everything locally; `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean scorecard-pdf

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m local.run

test: $(STAMP)
	$(PY) -m pytest -q -n 2

bench: $(STAMP)
	$(PY) bench/cold_start.py
	$(PY) bench/scorecard.py
	$(PY) bench/dynamodb_calls.py

clean:
	rm -rf $(VENV) .local .pytest_cache

# Render a sample scorecard to PDF with LibreOffice (installed here if missing) and check it has pages.
scorecard-pdf: $(STAMP)
	command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc)
	INTEGRA_REQUIRE_LIBREOFFICE=1 $(PY) -m pytest -q tests/test_scorecard_pdf.py
