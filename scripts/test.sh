#!/usr/bin/env bash
# Everything `make test` checks: the data, the dialogue stories turn by turn,
# the held-out NLU scores, then unit and HTTP integration tests with pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
start=$(date +%s)

echo "== ruff: style, imports, unused names, complexity gate, formatting (ruff.toml)"
.venv/bin/ruff check bot actions channels tests bench
.venv/bin/ruff format --check bot actions channels tests bench

echo "== rasa data validate"
.venv/bin/rasa data validate --fail-on-warnings --quiet

echo "== rasa test: stories, turn by turn"
rm -rf var/results && mkdir -p var/results
.venv/bin/rasa test core --model "$MODEL" --stories tests/stories \
  --out var/results/core --fail-on-prediction-errors --e2e --quiet

echo "== rasa test: held-out NLU set (tests/nlu)"
.venv/bin/rasa test nlu --model "$MODEL" --nlu tests/nlu --out var/results/nlu --quiet >/dev/null
.venv/bin/python -m tests.nlu_report nlu var/results/nlu

echo "== pytest"
status=0
.venv/bin/python -m pytest tests "$@" || status=$?
echo "make test took $(( $(date +%s) - start )) s"
exit $status
