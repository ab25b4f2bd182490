# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PYTHON := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app youthhub
RUNTIME_STAMP := $(VENV)/.installed-runtime
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed
# pytest-xdist workers: each has its own database, app, live server and fake Stripe.
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS)

.PHONY: run test test-postgres install install-test translations lint clean

run: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(PYTHON) -m devtools.run

test: install-test translations lint
	$(PYTEST)

test-postgres: install-test translations
	YOUTHHUB_TEST_DATABASE=postgresql $(PYTEST)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

install: $(RUNTIME_STAMP)

install-test: $(TEST_STAMP) $(NODE_STAMP)

translations: install
	$(FLASK) translate compile

$(PYTHON):
	python3 -m venv $(VENV)

$(RUNTIME_STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(RUNTIME_STAMP)
	$(PYTHON) -m pip install --quiet -e ".[test]"
	touch $@

# axe-core for the accessibility tests and Lighthouse for bench/lighthouse.py come from the npm
# registry, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
