# The two commands: `make run` (set up, ingest corpus/, serve) and `make test` (set up, lint, test, gate).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run test lint library unit integration gate bench clean

setup: $(STAMP)

# torch==2.13.0 first: it resolves to the local CPU wheel; anything else pulls CUDA packages.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	# llama-cpp-python builds from source; GGML_NATIVE=OFF or it crashes on these CPUs.
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install -q -e '.[dev,llm,app,gguf]'
	touch $(STAMP)

run: setup
	$(BIN)/caselearn ingest corpus/
	$(BIN)/caselearn library
	$(BIN)/caselearn ask "What did the reviews say about fathers and men in the household?"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The library the integration tests and the eval gate share (idempotent: seconds when unchanged).
library: setup
	$(BIN)/caselearn ingest -q corpus/

unit: setup
	$(BIN)/pytest -q tests/unit

integration: library
	CASELEARN_TEST_LIBRARY=$(CURDIR)/.caselearn $(BIN)/pytest -q -m integration tests/integration

# The regression gate: the golden set against evals/baseline.json; fails on a drop beyond tolerance.
gate: library
	$(BIN)/caselearn eval --split all --report .caselearn/reports/latest

test: lint library
	CASELEARN_TEST_LIBRARY=$(CURDIR)/.caselearn $(BIN)/pytest -q
	$(MAKE) --no-print-directory gate

bench: setup
	$(BIN)/python benchmarks/ingest_bench.py

clean:
	rm -rf .caselearn .pytest_cache .ruff_cache
