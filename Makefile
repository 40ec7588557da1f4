# One command each: `make run` for the assistant, `make test` for the tests.
SHELL := /bin/bash

.PHONY: setup run shell test eval crossval clean bench cluster cluster-stop

setup:
	@scripts/setup.sh

run: setup
	@scripts/run.sh

shell: setup
	@scripts/shell.sh

test: setup
	@scripts/test.sh

# The understanding scored on the frozen evaluation corpus (tests/eval): per-flag
# recall and false alarms, regions, answers, intents, parse p95, and messages to
# a recommendation through a real server, for the dev and the test half.
eval: setup
	@source scripts/env.sh && .venv/bin/python tests/eval/run_eval.py $(EVAL_ARGS)

# 5-fold cross-validation of the NLU pipeline on data/nlu (FOLDS=n to change):
# per-intent F1, intent macro-F1 and body_region F1, reports in var/results/crossval.
crossval: setup
	@scripts/crossval.sh

# Performance figures against Rasa's starter assistant (bench/README.md);
# BENCH_ARGS=--quick for a smaller run.
bench: setup
	@source scripts/env.sh && .venv/bin/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf build models var .pytest_cache

# Production-like scale-out on this machine (README "Production and scale-out"):
# 2 Rasa servers and 2 action servers behind nginx, PostgreSQL and Redis.
cluster: setup
	@scripts/cluster.sh start

cluster-stop:
	@scripts/cluster.sh stop
