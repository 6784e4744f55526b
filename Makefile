# make run: set up .venv, prepare the database, load questions/ and serve on http://127.0.0.1:5000
# make test: set up .venv and run the whole test suite
# make test-pg: the same on a throwaway PostgreSQL server (.ci/postgres; stop it with .ci/postgres stop)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-pg check venv clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: venv
	$(BIN)/quizapp serve --host $(HOST) --port $(PORT)

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: venv
	url=$$(.ci/postgres start) && QUIZAPP_TEST_DATABASE_URL=$$url $(BIN)/python -m pytest $(PYTEST_ARGS)

check: venv
	$(BIN)/quizapp check questions/

clean:
	rm -rf $(VENV) build dist *.egg-info
