#!/usr/bin/env bash
# A whole conversation in `rasa shell`, with the action server running behind it.
# Every way out (/stop, Ctrl-C, Ctrl-D, closing the terminal) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
LOG_DIR=${LOG_DIR:-var/logs}
mkdir -p var "$LOG_DIR"
# The same action server as `make run` (loopback, shared secret, logs without
# personal data).
LOG_FILE=$LOG_DIR/actions-shell.log .venv/bin/python -m channels.action_server \
  --port "$ACTION_PORT" --actions actions --logging-config-file logging.yml \
  >var/actions-shell.log 2>&1 &
started=($!)
stop_all() { kill "${started[@]}" 2>/dev/null || true; }
trap stop_all EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# A closed terminal does not always reach this script (make may hold the hang-up),
# and SIGKILL runs no trap: a watchdog stops everything once the script is gone or
# its terminal can no longer be opened.
watched=$$
( trap '' HUP INT
  while kill -0 "$watched" 2>/dev/null && { : </dev/tty; } 2>/dev/null; do sleep 1; done
  kill "${started[@]}" "$watched" 2>/dev/null ) &
for _ in $(seq 1 60); do
  curl -sf "http://localhost:$ACTION_PORT/health" >/dev/null && break
  sleep 1
done
echo "Starting the assistant (about 10 s). Type your answers; /stop ends the conversation."
# Only the conversation on the terminal: library notices go to var/shell.log. The
# shell runs as a job of this script (reading the terminal) so a hang-up reaches
# the traps at once.
.venv/bin/rasa shell --model "$MODEL" --endpoints "$ENDPOINTS" --quiet </dev/tty 2>>var/shell.log &
started+=($!)
wait "${started[1]}"
