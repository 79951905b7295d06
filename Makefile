# Quick start: `make run` serves everything locally; `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-unit lint lock bench bench-check mutate clean scorecard-pdf package deploy

# Every development and CI install comes from the hashed lock (requirements-dev.lock, from requirements-dev.txt by
# `make lock`); requirements.txt stays what the Lambda functions get.
$(STAMP): requirements-dev.lock
	tests/install.sh venv
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# After a change to requirements.txt or requirements-dev.txt: resolve again, every file pinned by its hash.
lock: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check pip-tools==7.7.0
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements-dev.lock requirements-dev.txt

run: $(STAMP)
	$(PY) -m local.run

# Debian's nodejs/npm, chromium and LibreOffice where missing, then every test (the PDF one included: it skips only
# where soffice is absent, and tests/install.sh installs it; CI sets INTEGRA_REQUIRE_LIBREOFFICE=1 so it cannot).
test: $(STAMP)
	tests/install.sh
	$(PY) -m pytest -q -rs -n 2 --dist loadgroup

# The fast tier alone: the domain and every use case on the fakes of the ports (no AWS, no moto, no browser).
test-unit: $(STAMP)
	$(PY) -m pytest -q -p no:xdist tests/unit

# ruff (pyproject.toml: E, F, W, B, I, UP; 120 columns) and mypy; CI runs this before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/cold_start.py
	$(PY) bench/scorecard.py
	$(PY) bench/dashboard.py
	$(PY) bench/snapshot.py
	$(PY) bench/dynamodb_calls.py
	$(PY) bench/forms.py
	$(PY) bench/company_link.py

# The bench targets that CI enforces (.ci/run): scorecard render <= 4 x its floor and the cold start <= 1.25 x its
# floor (each re-measured up to 3 times on a miss), and constant DynamoDB calls per request at 10 and 1,000
# stored assessments.
bench-check: $(STAMP)
	$(PY) bench/scorecard.py --check
	$(PY) bench/cold_start.py --check
	$(PY) bench/dynamodb_calls.py --check 10 1000

# Mutation testing of the pure core and the use cases against the fast tests ([tool.mutmut] in pyproject.toml).
# Long: on 2 cores expect tens of minutes. The score is the share of mutants killed.
mutate: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check mutmut==3.8.1
	$(VENV)/bin/mutmut run --max-children 2 || true
	$(PY) bench/mutation_score.py

clean:
	rm -rf $(VENV) .local .pytest_cache mutants

# Render a sample scorecard to PDF with LibreOffice (installed here if missing) and check it has pages.
scorecard-pdf: $(STAMP)
	tests/install.sh
	INTEGRA_REQUIRE_LIBREOFFICE=1 $(PY) -m pytest -q tests/integration/test_scorecard_pdf.py

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
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
		$(if $(PARAMETERS),--parameter-overrides $(PARAMETERS))
	$(AWS) cloudformation describe-stacks --stack-name $(STACK) \
		--query "Stacks[0].Outputs[?OutputKey=='FormsUrl'].OutputValue" --output text
