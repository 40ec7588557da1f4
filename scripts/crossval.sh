#!/usr/bin/env bash
# 5-fold cross-validation of the NLU pipeline (config.yml) on the training data
# (data/nlu), then per-intent F1, intent macro-F1 and body_region entity F1.
# The intent classifier's fixed random_state keeps the folds' models reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# CPU only, a fixed thread count: no CUDA probing, steadier timings.
export CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-}
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-$(nproc)}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-2}
FOLDS=${FOLDS:-5}
OUT=${CROSSVAL_OUT:-var/results/crossval}
start=$(date +%s)

echo "== rasa test nlu: ${FOLDS}-fold cross-validation on data/nlu"
rm -rf "$OUT" && mkdir -p "$OUT"
.venv/bin/rasa test nlu --nlu data/nlu --config config.yml --cross-validation \
  --folds "$FOLDS" --out "$OUT" --quiet >"$OUT/rasa.log" 2>&1 \
  || { tail -n 30 "$OUT/rasa.log"; exit 1; }
.venv/bin/python -m tests.nlu_report crossval "$OUT"
echo "make crossval took $(( $(date +%s) - start )) s (log: $OUT/rasa.log)"
