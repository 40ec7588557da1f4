#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST and socket.io channels,
# SQLite tracker store); Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p var

api=()
if [ -n "${RASA_AUTH_TOKEN:-}" ]; then
  api=(--enable-api --auth-token "$RASA_AUTH_TOKEN")
fi

pids=()
web_pid=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" "${web_pid[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

.venv/bin/rasa run actions --port "$ACTION_PORT" --actions actions &
pids+=($!)
.venv/bin/rasa run --model "$MODEL" --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$ENDPOINTS" "${api[@]}" \
  --cors $CORS_ORIGINS &
pids+=($!)
# The demo clinic page with the chat widget (bot/web, built into build/web). If
# it cannot start (port taken, no `npm ci` yet), the assistant runs on without it.
RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT} .venv/bin/python -m bot.web.serve --port "$WEB_PORT" &
web_pid=($!)

echo "Rasa server: http://localhost:$RASA_PORT (REST: /webhooks/rest/webhook, socket.io)"
echo "Action server: http://localhost:$ACTION_PORT"
echo "Website with the chat widget: http://localhost:$WEB_PORT/ (allowed origins: $CORS_ORIGINS)"
echo "Press Ctrl-C to stop them all."
wait -n "${pids[@]}"
