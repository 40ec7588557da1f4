#!/usr/bin/env bash
# A whole conversation in `rasa shell`, with the action server running behind it.
# Every way out (/stop, Ctrl-C, Ctrl-D, closing the terminal) stops the action server.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p var
.venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions >var/actions-shell.log 2>&1 &
actions=$!
stop_actions() { kill "$actions" 2>/dev/null || true; }
trap stop_actions EXIT
trap 'stop_actions; exit 129' HUP
trap 'stop_actions; exit 130' INT
trap 'stop_actions; exit 143' TERM
# If this script dies without running its traps (SIGKILL), the watchdog stops it.
( while kill -0 $$ 2>/dev/null; do sleep 2; done; kill "$actions" 2>/dev/null ) &
for _ in $(seq 1 60); do
  curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null && break
  sleep 1
done
echo "Starting the assistant (about 10 s). Type your answers; /stop ends the conversation."
# Only the conversation on the terminal: library notices go to var/shell.log.
.venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS" --quiet 2>>var/shell.log
