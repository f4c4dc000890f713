# The two set-up commands of the README: `make run` (install + start the app) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-test run test bench eval loadtest

$(BIN)/python:
	$(PY) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[st,milvus,test]'

run: install
	$(BIN)/rag serve

test: install-test
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/rag eval

bench: install
	$(BIN)/python benchmarks/bench.py

loadtest: install
	$(BIN)/python benchmarks/loadtest.py
