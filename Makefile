# ShopFlow: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PY := .venv/bin/python
export DJANGO_SETTINGS_MODULE ?= shopflow.settings.dev
export HOST ?= 127.0.0.1
export PORT ?= 8000
DEMO_ADMIN_EMAIL ?= admin@shopflow.local
DEMO_ADMIN_PASSWORD ?= shopflow-admin
# Only for `check --deploy` in make test: long and varied enough to pass Django's secret key check.
DEPLOY_CHECK_SECRET_KEY := deploy-check-only-7f3a9c2e5b8d1f4a6c0e9b2d5f8a1c4e7b0d3f6a9c2e5b8d

define BANNER

  ShopFlow: web, worker and beat run from the Procfile under honcho. Ctrl-C stops all three.
    storefront  http://$(HOST):$(PORT)/
    admin       http://$(HOST):$(PORT)/admin/   (login: $(DEMO_ADMIN_EMAIL) / $(DEMO_ADMIN_PASSWORD))
    API         http://$(HOST):$(PORT)/api/v1/   (docs: http://$(HOST):$(PORT)/api/docs/)
    health      http://$(HOST):$(PORT)/healthz
  Each process's log is also kept in .local/log/<name>.log.

endef
export BANNER

.PHONY: run test services stop lint seed bench migrate venv venv-dev browser check deploy-local deploy-stop

run: venv services migrate  ## everything: services, migrations, demo data, web + worker + beat
	$(PY) manage.py ensure_audit_partitions
	$(PY) manage.py seed_demo --size small
	$(PY) manage.py refresh_views --blocking
	$(PY) manage.py ensure_superuser
	@echo "$$BANNER" >&2
	@# honcho gives each process a PORT of its own (web's, +100, +200): all three get the site's
	@# address as the web computes it. honcho becomes this shell (exec), so its pid is the one
	@# `make stop` signals. --env /dev/null: the settings read .env themselves, the environment winning.
	@mkdir -p .local && echo $$$$ >.local/honcho.pid \
		&& export SITE_URL="$$($(PY) -c 'from django.conf import settings; print(settings.SITE_URL)')" \
		&& exec .venv/bin/honcho start --env /dev/null

test: venv-dev services browser  ## lint + the whole test suite against real PostgreSQL and Redis
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=shopflow.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=shopflow.settings.test $(PY) manage.py check --fail-level WARNING
	@# Django's deployment checklist on the production settings, nothing silenced (dummy secrets).
	DJANGO_SETTINGS_MODULE=shopflow.settings.production SECRET_KEY=$(DEPLOY_CHECK_SECRET_KEY) \
		FIELD_ENCRYPTION_KEY=deploy-check-only $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=shopflow.settings.test .venv/bin/pytest

services:  ## start the local PostgreSQL and Redis (writes their URLs into .env)
	scripts/services.sh start

stop:  ## stop everything make run / make services started
	scripts/stop_run.sh
	scripts/services.sh stop

deploy-local: venv services migrate  ## the production stack here, no Docker: nginx (https://127.0.0.1:8443) + gunicorn + Celery
	scripts/deploy_local.sh start

deploy-stop:  ## stop what make deploy-local started
	scripts/deploy_local.sh stop

migrate: venv services
	$(PY) manage.py migrate --no-input

seed: venv services migrate  ## demo data; SIZE=small|medium|large
	$(PY) manage.py seed_demo --size $(or $(SIZE),small)

bench: venv-dev services  ## the performance suite on its own database shopflow_bench (not part of make test)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

lint: venv-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

browser:
	scripts/browser.sh

venv:
	scripts/bootstrap.sh

venv-dev:
	scripts/bootstrap.sh dev
