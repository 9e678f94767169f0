# The front door: every developer task is one command here.
.PHONY: setup run run-scale demo test test-scale load security lint format bench clean

VENV := .venv
PY := $(VENV)/bin/python

setup:
	@bash tools/setup.sh

run: setup
	@bash tools/run.sh

run-scale: setup
	@bash tools/run_scale.sh

demo: setup
	@$(PY) -m anyidphoto.demo

test: setup
	$(VENV)/bin/ruff format --check anyidphoto tests tools
	$(VENV)/bin/ruff check anyidphoto tests tools
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q $(PYTEST_ARGS)
	bash tools/security.sh
	bash tools/test_scale.sh
	bash tools/load.sh

# The browser, API and fault tests on the production profile's servers only.
test-scale: setup
	bash tools/test_scale.sh $(PYTEST_ARGS)

format: setup
	$(VENV)/bin/ruff format anyidphoto tests tools
	$(VENV)/bin/ruff check --fix anyidphoto tests tools

# bandit on the code, pip-audit on the pinned dependencies.
security: setup
	bash tools/security.sh

# 16 clients for 60 s on the production profile, with 1 then 2 task workers.
load: setup
	bash tools/load.sh

bench: setup
	@taskset -c 0 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
		$(PY) tools/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
