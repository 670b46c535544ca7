# Two commands for a fresh clone: `make run` (set up and serve the demo) and `make test`.
# Needs only Python 3.11, Node.js and the package registries; everything else is installed here.
SHELL := /bin/bash
PYTHON ?= python3
UV := var/tools/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup db db-stop migrate messages demo lint openapi check-deploy browser clean worker bench bench-data loadtest

# The demo signs in through the local ESIA (fakes/esia), which makes its own demo keys in var/esia.
ESIA_FAKE_PORT ?= 8010
# The local vacancy sources (issue 18): «Работа России» and hh.ru, imported from once the demo starts.
TRUDVSEM_FAKE_PORT ?= 8021
HHRU_FAKE_PORT ?= 8022
VACANCY_DEMO_ENV = TRUDVSEM_URL=http://127.0.0.1:$(TRUDVSEM_FAKE_PORT) HHRU_URL=http://127.0.0.1:$(HHRU_FAKE_PORT)
# Remote learning's demo connects to the local Moodle and BigBlueButton (fakes/moodle, fakes/bbb; copp/learning/demo.py).
MOODLE_FAKE_PORT ?= 8023
BBB_FAKE_PORT ?= 8024
ESIA_DEMO_ENV = ESIA_ENABLED=true ESIA_ENVIRONMENT=custom ESIA_URL=http://127.0.0.1:$(ESIA_FAKE_PORT) \
  ESIA_CLIENT_ID=COPP-DEMO ESIA_SIGNER=gostcrypto ESIA_KEY_PATH=var/esia/copp-demo.key \
  ESIA_CERT_PATH=var/esia/copp-demo.cer ESIA_ESIA_CERT_PATH=var/esia/esia-fake.cer

run: setup demo
	@$(PY) manage.py demo_logins --url http://$(HOST):$(PORT)/
	@echo "Госуслуги (локальная ЕСИА): http://127.0.0.1:$(ESIA_FAKE_PORT)/"
	@echo "Вакансии: «Работа России» http://127.0.0.1:$(TRUDVSEM_FAKE_PORT)/, hh.ru http://127.0.0.1:$(HHRU_FAKE_PORT)/ (импорт в var/log/vacancies.log)"
	@echo "Moodle (локальный): http://127.0.0.1:$(MOODLE_FAKE_PORT)/ · BigBlueButton (локальный): http://127.0.0.1:$(BBB_FAKE_PORT)/bigbluebutton/"
	@echo "Фоновые задания: обработчик и планировщик Celery, журналы в var/log/ (состояние: /admin/background/)"
	@$(PY) -m fakes.esia --data var/esia --keys-only  # ESIA's certificate must exist before the platform starts
	@mkdir -p var/log; pids=""; trap 'kill $$pids 2>/dev/null; wait' EXIT; \
	  $(PY) -m fakes.esia --data var/esia --port $(ESIA_FAKE_PORT) \
	    --redirect-uri http://$(HOST):$(PORT)/accounts/esia/login/callback/ \
	    --redirect-uri http://localhost:$(PORT)/accounts/esia/login/callback/ & pids="$$pids $$!"; \
	  $(PY) -m fakes.trudvsem --port $(TRUDVSEM_FAKE_PORT) & pids="$$pids $$!"; \
	  $(PY) -m fakes.hhru --port $(HHRU_FAKE_PORT) & pids="$$pids $$!"; \
	  $(VACANCY_DEMO_ENV) $(MANAGE) import_vacancies --full --wait 30 >var/log/vacancies.log 2>&1 & \
	  $(PY) -m fakes.moodle --port $(MOODLE_FAKE_PORT) --data var/moodle --demo & pids="$$pids $$!"; \
	  $(PY) -m fakes.bbb --port $(BBB_FAKE_PORT) & pids="$$pids $$!"; \
	  (sleep 3; $(MANAGE) moodle_sync) & pids="$$pids $$!"; \
	  $(ESIA_DEMO_ENV) $(VACANCY_DEMO_ENV) .venv/bin/celery -A config worker --concurrency=2 --loglevel=INFO \
	    --logfile=var/log/worker.log & pids="$$pids $$!"; \
	  $(ESIA_DEMO_ENV) $(VACANCY_DEMO_ENV) .venv/bin/celery -A config beat --loglevel=INFO --logfile=var/log/beat.log & pids="$$pids $$!"; \
	  $(ESIA_DEMO_ENV) $(VACANCY_DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

test: setup browser
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/pytest -n 2

setup: .venv/.synced node_modules/.installed db migrate messages

$(UV):
	mkdir -p var
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The embedded PostgreSQL (data in var/pgdata) when DATABASE_URL is unset; reused when running.
db: .venv/.synced
	@if [ -z "$$DATABASE_URL" ]; then $(PY) scripts/devdb.py >/dev/null && echo "PostgreSQL: embedded, var/pgdata"; \
	else echo "PostgreSQL: DATABASE_URL"; fi

db-stop:
	$(PY) scripts/devdb.py stop

migrate: db
	$(MANAGE) migrate --noinput

# Compiled catalogues are committed too, so a machine without gettext still shows Russian.
messages: .venv/.synced
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages -l ru -l en --ignore '.venv' \
	  --ignore 'node_modules' --ignore 'var' >/dev/null; fi

demo: migrate
	$(MANAGE) demo_data

# Browser tests drive Debian's Chromium; installed here when missing and we may use apt.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; } || \
	  echo "chromium is not installed: browser tests will be skipped"

# The Celery worker and scheduler alone (for example beside a web server started another way).
worker: setup
	.venv/bin/celery -A config worker --beat --concurrency=2 --loglevel=INFO

# The performance benchmark of issue 15 (docs/performance.md), not part of `make test`: two generated databases
# on the server of DATABASE_URL, S (scale 0.01) and L (scale 1, about 5 GB and ten minutes), made once by
# `make bench-data`, then measured together.
BENCH_S ?= copp_bench_s
BENCH_L ?= copp_bench_l
bench-data: setup
	@for pair in "$(BENCH_S) 0.01" "$(BENCH_L) 1"; do set -- $$pair; \
	  psql "$$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $$1" -c "CREATE DATABASE $$1" && \
	  DATABASE_URL="$${DATABASE_URL%/*}/$$1" $(MANAGE) migrate --noinput >/dev/null && \
	  DATABASE_URL="$${DATABASE_URL%/*}/$$1" $(MANAGE) generate_scale --scale $$2 --no-fk-checks || exit 1; done

bench: setup
	DATABASE_URL="$${DATABASE_URL%/*}/$(BENCH_S)" $(MANAGE) bench_scale --small $(BENCH_S) --large $(BENCH_L)

# The load test of issue 23 (docs/performance.md), not part of `make test`: the `load` dependency group (Locust) is
# installed for the run and removed after it; gunicorn with the production settings on 127.0.0.1 over the demo
# data, LOAD_USERS users held for LOAD_TIME; the report is written to var/loadtest/.
LOAD_USERS ?= 40
LOAD_SPAWN ?= 4
LOAD_TIME ?= 3m
LOAD_PORT ?= 8300
LOAD_WORKERS ?= 3
LOAD_REDIS ?= redis://127.0.0.1:6379/1
LOAD_ENV = DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(openssl rand -hex 32) \
  REDIS_CACHE_URL=$(LOAD_REDIS) CELERY_BROKER_URL=$(LOAD_REDIS) DJANGO_ALLOWED_HOSTS=127.0.0.1 \
  DJANGO_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$(LOAD_PORT) COPP_PRIVATE_FILES_ACCEL=false \
  LOGIN_FAILED_LIMIT=1000/m/ip,1000/m/key
loadtest: setup demo
	$(UV) sync --frozen --group load
	@mkdir -p var/loadtest
	@# Collected (and compressed) once: several minutes on a small machine; `rm -rf var/static` after asset changes.
	@test -f var/static/staticfiles.json || $(LOAD_ENV) $(MANAGE) collectstatic --noinput >/dev/null
	@$(LOAD_ENV) GUNICORN_BIND=127.0.0.1:$(LOAD_PORT) GUNICORN_WORKERS=$(LOAD_WORKERS) \
	  .venv/bin/gunicorn -c deploy/gunicorn.conf.py --access-logfile /dev/null config.wsgi & pid=$$!; \
	  trap 'kill $$pid; wait $$pid; $(UV) sync --frozen' EXIT; \
	  for i in $$(seq 60); do curl -sf http://127.0.0.1:$(LOAD_PORT)/readyz >/dev/null && break; sleep 1; done; \
	  .venv/bin/locust -f loadtest/locustfile.py --headless --host http://127.0.0.1:$(LOAD_PORT) \
	    --users $(LOAD_USERS) --spawn-rate $(LOAD_SPAWN) --run-time $(LOAD_TIME) --stop-timeout 20 --only-summary \
	    --csv var/loadtest/result --html var/loadtest/report.html

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports

openapi: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) spectacular --lang ru --validate --file openapi.yaml

check-deploy: setup
	DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=$$(openssl rand -hex 32) \
	  REDIS_CACHE_URL=$${REDIS_CACHE_URL:-redis://127.0.0.1:6379/1} $(MANAGE) check --deploy --fail-level WARNING

clean: db-stop
	rm -rf .venv var node_modules
