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

# Secrets made once and kept in var/ (owner-only), unless given: socket.io
# session tokens are signed with SESSION_SECRET (channels/session_tokens.py), so
# a reload after a restart continues; the staff console's cookies and CSRF
# tokens with CONSOLE_SECRET_KEY.
source scripts/kept_secret.sh
kept_secret SESSION_SECRET var/session_secret
kept_secret CONSOLE_SECRET_KEY var/console_secret
CONSOLE_PORT=${CONSOLE_PORT:-8010}

pids=()
web_pid=()
console_pid=()
purge_pid=()
notify_pid=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" "${web_pid[@]}" "${purge_pid[@]}" "${notify_pid[@]}" "${console_pid[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

# Logs (logging.yml: no personal data, rotated), one file per server in LOG_DIR.
LOG_DIR=${LOG_DIR:-var/logs}
mkdir -p "$LOG_DIR"
# The action server on loopback, answering only calls with ACTION_SERVER_SECRET
# (scripts/env.sh makes one up when it is not set).
LOG_FILE=$LOG_DIR/actions.log .venv/bin/python -m channels.action_server \
  --port "$ACTION_PORT" --actions actions --logging-config-file logging.yml &
pids+=($!)
# On loopback only: REST takes any conversation id it is given (tests and local
# integrations); the website reaches the bot through socket.io on the same port.
LOG_FILE=$LOG_DIR/rasa.log .venv/bin/rasa run --model "$MODEL" --interface 127.0.0.1 --port "$RASA_PORT" \
  --credentials credentials.yml --endpoints "$ENDPOINTS" "${api[@]}" \
  --cors $CORS_ORIGINS --logging-config-file logging.yml &
pids+=($!)
# The demo clinic page with the chat widget (bot/web, built into build/web). If
# it cannot start (port taken, no `npm ci` yet), the assistant runs on without it.
RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT} .venv/bin/python -m bot.web.serve --port "$WEB_PORT" &
web_pid=($!)
# The scheduled purge (README, "Privacy and retention"): every PURGE_INTERVAL_MINUTES
# it erases conversations without consent once idle, and whatever is past its retention.
.venv/bin/python -m bot.staff.cli purge --repeat &
purge_pid=($!)
# The staff console (bot/console, README "Staff console") on loopback; like the
# demo page, the assistant runs on without it if it cannot start.
.venv/bin/python -m bot.console --host 127.0.0.1 --port "$CONSOLE_PORT" &
console_pid=($!)
# E-mails to CLINIC_NOTIFY_EMAIL about new callback requests, retried while the
# mail server is down (README, "Notifications and funnel"); off without SMTP_HOST.
.venv/bin/python -m bot.staff.cli notify --repeat &
notify_pid=($!)

echo "Rasa server: http://127.0.0.1:$RASA_PORT (REST: /webhooks/rest/webhook, socket.io; loopback only)"
echo "Action server: http://127.0.0.1:$ACTION_PORT (loopback, calls need ACTION_SERVER_SECRET)"
echo "Logs: $LOG_DIR (no personal data, rotated)"
echo "Website with the chat widget: http://localhost:$WEB_PORT/ (allowed origins: $CORS_ORIGINS)"
echo "Staff console: http://127.0.0.1:$CONSOLE_PORT/ (sign in; first admin: README \"Staff console\")"
echo "Press Ctrl-C to stop them all."
wait -n "${pids[@]}"
