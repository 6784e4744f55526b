# make run: set up .venv, prepare the database, load questions/ and serve on http://127.0.0.1:5000
# make test: set up .venv and run the whole test suite
# make test-pg: the same on a throwaway PostgreSQL server (.ci/postgres; stop it with .ci/postgres stop)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-pg check venv lock clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
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

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: venv
	url=$$(.ci/postgres start) && QUIZAPP_TEST_DATABASE_URL=$$url $(BIN)/python -m pytest $(PYTEST_ARGS)

check: venv
	$(BIN)/quizapp check questions/

clean:
	rm -rf $(VENV) .venv-audit build dist *.egg-info
