#!/usr/bin/env bash
# A whole conversation in `rasa shell`, with the action server running behind it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p var
.venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions >var/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null && break
  sleep 1
done
.venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS"
