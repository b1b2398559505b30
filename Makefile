# Tisserand — two commands for a newcomer: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ENV := TISSERAND_DATA_DIR=data/demo TISSERAND_DEBUG=1
HOST ?= 127.0.0.1:8000

.PHONY: demo install test test-postgres lint check-migrations clean bench bench-load bench-scale

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamps make pip run again only when pyproject.toml changes.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(DEMO_ENV) $(BIN)/tisserand migrate --noinput
	$(DEMO_ENV) $(BIN)/tisserand loaddemo --reset
	@echo ""
	@echo "Tisserand est prêt : ouvrez http://$(HOST)/ (Ctrl+C pour arrêter)."
	$(DEMO_ENV) $(BIN)/tisserand runserver $(HOST)

test: $(VENV)/.installed-test
	$(BIN)/pytest

# Same suite against PostgreSQL (default: the local server used by CI).
test-postgres: $(VENV)/.installed-test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src benchmarks
	$(BIN)/lint-imports --no-cache

check-migrations: $(VENV)/.installed
	$(BIN)/tisserand makemigrations --check --dry-run

clean:
	rm -rf $(VENV) data/demo .pytest_cache .ruff_cache

# Benchmarks (not part of `make test`): timings go to docs/performance.md.
BENCH_ENV := TISSERAND_DATA_DIR=data/bench
bench: $(VENV)/.installed
	$(BENCH_ENV) $(BIN)/tisserand migrate --noinput -v0
	$(BENCH_ENV) $(BIN)/tisserand loaddemo --reset
	$(BENCH_ENV) taskset -c 0 $(BIN)/python benchmarks/bench_report.py --write
	$(MAKE) bench-scale
	$(MAKE) bench-load

# How cost grows with the size of the centre: generated centres (`tisserand generate`) of
# SCALES times the demo one, each in data/bench-scale-N/ (kept for the next run), measured
# on one core (BENCH_CPU: pick an idle one). Table in docs/performance.md.
SCALES ?= 1 4 10 16
BENCH_CPU ?= 0
bench-scale: $(VENV)/.installed
	taskset -c $(BENCH_CPU) $(BIN)/python benchmarks/bench_scale.py --write --scales $(SCALES)

$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

# Load test (benchmarks/load/): gunicorn with two workers, 20 staff users for 60 s, on
# SQLite and, when the local server answers, on PostgreSQL (database load_bench, created
# and emptied by the run). Results in docs/performance.md.
LOAD_POSTGRES ?= postgres://postgres@127.0.0.1:5432/load_bench
bench-load: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/load/run.py --write --saturation 30 \
		$$(pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo --postgres $(LOAD_POSTGRES))
