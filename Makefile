# Quick start: `make run` serves everything locally; `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean scorecard-pdf package deploy

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

BROWSER_STAMP := tests/browser/node_modules/.installed

$(BROWSER_STAMP): tests/browser/package-lock.json tests/browser/install.sh
	tests/browser/install.sh
	touch $@

run: $(STAMP)
	$(PY) -m local.run

test: $(STAMP) $(BROWSER_STAMP)
	$(PY) -m pytest -q -n 2 --dist loadgroup

bench: $(STAMP)
	$(PY) bench/cold_start.py
	$(PY) bench/scorecard.py
	$(PY) bench/dashboard.py
	$(PY) bench/dynamodb_calls.py
	$(PY) bench/forms.py

clean:
	rm -rf $(VENV) .local .pytest_cache

# Render a sample scorecard to PDF with LibreOffice (installed here if missing) and check it has pages.
scorecard-pdf: $(STAMP)
	command -v soffice >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc)
	INTEGRA_REQUIRE_LIBREOFFICE=1 $(PY) -m pytest -q tests/test_scorecard_pdf.py

# Deployment (see README, "Deploying to AWS"). package: offline, no AWS account needed.
STAGE ?= dev
STACK ?= integra-$(STAGE)
DEPLOY_VENV := .venv-deploy
AWS := $(DEPLOY_VENV)/bin/aws

package: $(STAMP)
	$(PY) infra/package.py $(STAGE)

$(AWS):
	$(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/pip install --quiet --disable-pip-version-check awscli==1.44.8

deploy: package $(AWS)
	@test -n "$(ARTIFACT_BUCKET)" || (echo "Set ARTIFACT_BUCKET to an S3 bucket for the code package" && exit 2)
	$(AWS) cloudformation package --template-file build/$(STAGE)/sam.json --s3-bucket $(ARTIFACT_BUCKET) \
		--output-template-file build/$(STAGE)/packaged.yaml
	$(AWS) cloudformation deploy --template-file build/$(STAGE)/packaged.yaml --stack-name $(STACK) \
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset
	$(AWS) cloudformation describe-stacks --stack-name $(STACK) \
		--query "Stacks[0].Outputs[?OutputKey=='FormsUrl'].OutputValue" --output text
