# Klyngebot — `make shell` to talk to it, `make test` to check all of it. `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.8–3.10: take the first python3.10 that really runs (pyenv's shim may not).
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/klyngebot.tar.gz
# Lookup tables from the dataset, for the benchmark's keyword baseline only (the bot's own
# entities come from components/dataset_entities.py, which reads the dataset itself).
LOOKUPS := build/nlu-lookups/lookups.yml
CHECKED := build/dataset.checked
WEB_DEPS := web/node_modules/.package-lock.json

# Rasa started with Klyngebot's fences (scripts/run_rasa.py): exact --cors origins only, and the HTTP
# API on only when KLYNGEBOT_API_TOKEN or KLYNGEBOT_JWT_SECRET is set, the secret kept out of `ps`.
RASA_RUN := $(PY) -m scripts.run_rasa
# The action server on 127.0.0.1:5055 beside a command (scripts/servers.py starts every server).
WITH_ACTIONS := $(PY) -m scripts.servers --

export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONHASHSEED := 0

DATASET := $(wildcard data/clusters/*.yml data/clusters/clusters/*.yml data/geo/*.csv data/geo/*.txt)
# The classifier learns from the entity types bot/understanding.py finds, so its code trains too.
# The model holds what DatasetEntities read at training time: bot/ and data/geo are inputs too.
TRAINING := config.yml domain.yml data/stories.yml data/rules.yml $(wildcard data/nlu/*.yml components/*.py) \
	$(wildcard bot/*.py bot/*/*.py data/geo/*)

.PHONY: help install lock validate facts-report train run run-scaled shell serve serve-slack slack-staff migrate actions test test-unit test-rasa test-nlu test-e2e test-long load soak bench bench-quick audit clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed  ## create .venv with Python 3.10 and the pinned dependencies

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 is needed (Rasa 3.6 runs on 3.8–3.10); none was found." >&2; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==24.0 wheel==0.45.1  # a newer wheel pulls a packaging Rasa 3.6 refuses
	@echo "Installing $$(grep -c '==' requirements.txt) pinned packages into $(VENV) (a few minutes; one line per package) …"
	set -o pipefail; $(PY) -m pip install --progress-bar off --no-input -r requirements.txt \
	  | { grep --line-buffered -E '^(Collecting|Successfully installed|ERROR)' || true; }
	touch $@

lock: install  ## re-pin requirements.txt after changing requirements.in
	$(PY) -m pip install --quiet -r requirements.in
	(echo "# Pinned by 'make lock' from requirements.in on Python 3.10; install with 'make install'."; \
	 $(PY) -m pip freeze --exclude-editable) > requirements.txt

validate: install  ## check the dataset
	$(PY) -m bot.validate

$(CHECKED): $(DATASET) bot/validate.py bot/dataset.py $(VENV)/.installed
	$(PY) -m bot.validate
	@mkdir -p $(dir $@) && touch $@

$(LOOKUPS): $(CHECKED) bot/nlu_export.py
	$(PY) -m bot.nlu_export $(dir $@)

facts-report: $(CHECKED)  ## write docs/facts-report.md: unknown, conflicting, weak and stale facts per cluster
	$(PY) -m bot.facts_report docs/facts-report.md

train: $(MODEL)  ## train the Rasa model into models/ (only when its inputs changed)

$(MODEL): $(TRAINING) $(CHECKED)
	$(RASA) train --fixed-model-name klyngebot --out models
	@touch $@  # rasa keeps the old file when nothing it fingerprints changed

shell: $(MODEL)  ## talk to Klyngebot in the terminal (starts the action server too)
	$(WITH_ACTIONS) $(RASA_RUN) shell --model $(MODEL) --endpoints endpoints.yml --interface 127.0.0.1

$(WEB_DEPS): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund

run: $(MODEL) $(WEB_DEPS)  ## the web page with the chat widget on http://localhost:8000 (Rasa on 127.0.0.1:5005)
	$(PY) web/serve.py --port 8000 --rasa-url http://localhost:5005 & web=$$!; trap 'kill $$web' EXIT; \
	$(WITH_ACTIONS) $(RASA_RUN) run --model $(MODEL) --endpoints endpoints.yml --credentials credentials.yml \
		--cors http://localhost:8000 --interface 127.0.0.1 --port 5005

run-scaled: $(MODEL) $(WEB_DEPS)  ## production layout on loopback: nginx :5005, 2 Rasa, 2 action servers, PostgreSQL, Redis; page on :8000 (docs/scaling.md)
	scripts/system_packages.sh postgresql redis-server nginx
	$(PY) web/serve.py --port 8000 --rasa-url http://localhost:5005 & web=$$!; trap 'kill $$web' EXIT; \
	$(PY) -m scripts.stack up --credentials $${CREDENTIALS:-credentials.yml}

serve: $(MODEL)  ## run the action server and the Rasa server with the REST channel on HOST:PORT
	$(WITH_ACTIONS) $(RASA_RUN) run --model $(MODEL) --endpoints endpoints.yml \
		--credentials credentials.yml --interface $${HOST:-127.0.0.1} --port $${PORT:-5005}

serve-slack: $(MODEL)  ## like serve, plus the Slack channel (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET; docs/slack.md)
	$(WITH_ACTIONS) $(RASA_RUN) run --model $(MODEL) --endpoints endpoints.yml \
		--credentials credentials-slack.yml --interface $${HOST:-127.0.0.1} --port $${PORT:-5005}

slack-staff: install  ## staff's Slack app over Socket Mode, no public URL (SLACK_APP_TOKEN …; docs/slack.md)
	$(PY) -m staff.socket_mode --rasa http://127.0.0.1:$${PORT:-5005}

migrate: install  ## bring the requests' tables to the newest schema (Alembic; KLYNGEBOT_DB_URL or var/)
	$(PY) -c "from stores.requests import migrate; migrate()"

actions: install  ## run only the action server (loopback, port 5055)
	$(PY) -m actions.server --host 127.0.0.1 --port 5055

test: test-unit test-rasa test-nlu test-e2e  ## run every test: unit, Rasa stories, held-out NLU, end to end

test-unit: $(LOOKUPS)  ## ruff, then pytest for bot/, actions/, components/ and channels/ in random order
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q -m "not e2e" -p randomly tests

test-rasa: $(MODEL)  ## rasa data validate and the test stories
	$(RASA) data validate --fail-on-warnings --data data
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/core

test-nlu: $(MODEL)  ## intent accuracy and entity F1 on the held-out Danish test set, against the floors in tests/nlu/thresholds.yml
	$(RASA) test nlu --model $(MODEL) --nlu tests/nlu/test_nlu.yml --out results/nlu
	$(PY) -m tests.nlu_report results/nlu --check tests/nlu/thresholds.yml

test-e2e: $(MODEL) $(WEB_DEPS)  ## start the servers: REST, socket.io in Chromium, Slack, the shell, the scaled layout's faults
	$(PY) -m pytest -q -m e2e tests

test-long: load soak  ## the long runs of the production layout: 5-minute load, 30-minute soak

load: $(MODEL)  ## 100 conversations at once for 5 minutes through nginx; trackers checked; tables into docs/benchmarks.md
	scripts/system_packages.sh postgresql redis-server nginx
	$(PY) -m bench.scaled --users 100 --seconds 300 --sample 30 --write

soak: $(MODEL)  ## 30 minutes of steady traffic; memory and connections sampled against their bounds
	scripts/system_packages.sh postgresql redis-server nginx
	$(PY) -m bench.scaled --users 100 --seconds 1800 --sample 150 --soak --write

bench: $(LOOKUPS)  ## benchmark NLU, answers, latency and memory against two baselines; writes docs/benchmarks.md
	$(PY) -m bench.run

bench-quick: $(LOOKUPS)  ## smoke run of the benchmark (Rasa's training cache, fewer messages)
	$(PY) -m bench.run --quick

AUDIT_VENV := build/audit-venv
$(AUDIT_VENV)/bin/pip-audit:
	$(PYTHON310) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet pip-audit==2.10.1

audit: install $(AUDIT_VENV)/bin/pip-audit  ## advisories: the reviewed list offline, then pip-audit and npm audit where an advisory service answers
	$(PY) -m security.audit offline
	$(PY) -m security.audit online --pip-audit $(AUDIT_VENV)/bin/pip-audit

clean:  ## remove the model, generated files and results (not .venv)
	rm -rf models build results .pytest_cache
