# Two commands do everything on a fresh machine:
#   make demo   - create .venv, install hatescope and (as root) Tesseract, analyse the embedded demo article
#                 and poster (offline)
#   make test   - the same set-up plus system packages for the full suite, then run every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: setup demo demo-deps test system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,postgres,spark]'
	touch $@

setup: $(VENV)/.installed

demo: setup demo-deps
	$(VENV)/bin/hatescope demo

# Tesseract + fonts for the demo's poster; without root or apt-get it prints a note and the poster is left out.
demo-deps:
	bash scripts/install-system-deps.sh demo

system-deps:
	bash scripts/install-system-deps.sh all

test: setup system-deps
	bash scripts/run-tests.sh $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
