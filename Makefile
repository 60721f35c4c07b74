# Two commands do everything on a fresh machine:
#   make demo   - create .venv, install hatescope, analyse the embedded demo article (offline)
#   make test   - the same set-up plus system packages for the full suite, then run every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup demo test system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,postgres,spark]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/hatescope demo

system-deps:
	bash scripts/install-system-deps.sh all

test: setup system-deps
	bash scripts/run-tests.sh $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
