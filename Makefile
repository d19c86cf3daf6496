# dangjian — set-up, serve, test. Every target installs what it needs first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12+: take the first suitable interpreter on this machine.
PYTHON_BOOT ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENDOR_STAMP := dangjian/static/vendor/.installed
SQLITE_TEST_DB := var/test-sqlite.db
# pytest-xdist workers (each with its own test database): one per CPU.
TEST_WORKERS ?= auto
# Domain code checked by mypy (django-stubs): rules, validation, scoping, audit, permissions, services.
MYPY_TARGETS := dangjian/core/rules.py dangjian/core/validation.py dangjian/core/crypto.py dangjian/core/scoping.py \
	dangjian/core/audit.py dangjian/core/permissions.py dangjian/core/services.py dangjian/members/rules.py \
	dangjian/orglife/rules.py dangjian/villages/rules.py dangjian/service/rules.py

.PHONY: run test lint format install assets chromium serve bench-import bench-pages bench-lifecycle bench-compliance bench-villages bench-service lock clean

run: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo_county --if-empty
	scripts/serve.sh

test: install assets chromium lint
	scripts/with_postgres.sh $(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS)
	DATABASE_URL=sqlite:///$(CURDIR)/$(SQLITE_TEST_DB) $(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) -m sqlite_too

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(MYPY_TARGETS)

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@test -n "$(PYTHON_BOOT)" || { echo "需要 Python 3.12 或更高版本 (Django 6.1)"; exit 1; }
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	@touch $@

assets: $(VENDOR_STAMP)

$(VENDOR_STAMP): package.json package-lock.json scripts/copy_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(PY) scripts/copy_assets.py
	@touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

serve: install assets
	scripts/serve.sh

bench-import: install
	$(PY) bench/import_bench.py
	scripts/with_postgres.sh $(PY) bench/import_bench.py

bench-pages: install assets
	scripts/with_postgres.sh $(PY) bench/pages_bench.py

bench-lifecycle: install assets
	$(PY) bench/lifecycle_bench.py
	scripts/with_postgres.sh $(PY) bench/lifecycle_bench.py

bench-compliance: install assets
	scripts/with_postgres.sh $(PY) bench/compliance_bench.py

bench-villages: install assets
	scripts/with_postgres.sh $(PY) bench/villages_bench.py

bench-service: install assets
	scripts/with_postgres.sh $(PY) bench/service_bench.py

lock:
	rm -rf /tmp/dangjian-lock && $(PYTHON_BOOT) -m venv /tmp/dangjian-lock
	/tmp/dangjian-lock/bin/pip install -q -r requirements.in
	(echo "# Generated from requirements.in with 'make lock' (pip freeze of a clean venv). Python >= 3.12."; \
	 /tmp/dangjian-lock/bin/pip freeze) > requirements.lock

clean:
	rm -rf $(VENV) node_modules dangjian/static/vendor var/static
