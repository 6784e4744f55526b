# make run: set up .venv with what running needs, prepare the database, load questions/ and serve on
#           http://127.0.0.1:5000 (make run PORT=5001 for another port, HOST=0.0.0.0 for the classroom network)
# make test: add the test tools to .venv and run the whole test suite
# make test-pg: the same on a throwaway PostgreSQL server (.ci/postgres; stop it with .ci/postgres stop)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-pg check venv venv-test lock clean

# What running needs; the test tools (pytest, Playwright, Hypothesis, axe, build) come only with venv-test.
venv: $(VENV)/.installed-run
venv-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The pip that comes with Python 3.11+ installs this project as it is; upgrading it first cost a
# download on every first run and changed nothing.
$(VENV)/.installed-run: pyproject.toml requirements.lock | $(VENV)/bin/python
	@echo "Installing the app into $(VENV) (only the first time, or after an update)..."
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

# make lock: pin the newest versions pyproject.toml allows, resolved in a fresh venv
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Exact versions that 'make test' installs and .ci/audit checks. Refresh with 'make lock'."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .venv-lock

run: venv
	$(BIN)/quizapp serve --host $(HOST) --port $(PORT)

test: venv-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: venv-test
	url=$$(.ci/postgres start) && QUIZAPP_TEST_DATABASE_URL=$$url $(BIN)/python -m pytest $(PYTEST_ARGS)

check: venv
	$(BIN)/quizapp check questions/

clean:
	rm -rf $(VENV) .venv-audit build dist *.egg-info
