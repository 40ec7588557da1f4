#!/usr/bin/env bash
# Several Rasa servers behind nginx on this machine, against PostgreSQL and Redis:
#
#   scripts/cluster.sh start    # make cluster: start whatever is not running
#   scripts/cluster.sh stop     # make cluster-stop
#   scripts/cluster.sh status
#
# Rasa servers on RASA_PORTS (5005 5006), action servers on ACTION_PORTS
# (5055 5056), nginx on NGINX_PORT (8080: the website and socket.io only) and
# NGINX_INTERNAL_PORT (8081, loopback: REST and Rasa's HTTP API) balancing the
# Rasa servers round robin and, on NGINX_ACTION_PORT (5050), the action servers.
# Every Rasa server needs the same SESSION_SECRET (scripts/production_env.sh).
# Conversations go to PostgreSQL (TRACKER_STORE_URL), the clinic's tables too
# (DATABASE_URL), the conversation locks to Redis (REDIS_URL); missing
# databases are created. Pids, output and the rotated logs (logs/) are in
# CLUSTER_DIR (var/cluster); the action servers share ACTION_SERVER_SECRET.
# `start` is idempotent: after a server died, `start` again starts just that
# one. Every setting is listed in the README ("Production and scale-out").
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-start}

export CLUSTER_DIR=${CLUSTER_DIR:-var/cluster}
export RASA_PORTS=${RASA_PORTS:-"5005 5006"}
export ACTION_PORTS=${ACTION_PORTS:-"5055 5056"}
export NGINX_PORT=${NGINX_PORT:-8080}
export NGINX_ACTION_PORT=${NGINX_ACTION_PORT:-5050}
export NGINX_INTERNAL_PORT=${NGINX_INTERNAL_PORT:-8081}
export CLUSTER_HOST=${CLUSTER_HOST:-127.0.0.1}
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-postgresql://postgres@127.0.0.1:5432/rasa_tracker}
export DATABASE_URL=${DATABASE_URL:-postgresql+psycopg2://postgres@127.0.0.1:5432/clinic}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export RABBITMQ_URL=${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$NGINX_ACTION_PORT/webhook}
export CORS_ORIGINS=${CORS_ORIGINS:-"http://localhost:$NGINX_PORT http://127.0.0.1:$NGINX_PORT"}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-300}
# The action servers' shared secret (channels/action_server.py) and the staff
# console's signing key, unless given: made once per cluster and kept in
# CLUSTER_DIR (owner-only), so that a server `start` restarts later shares them.
source scripts/kept_secret.sh
kept_secret ACTION_SERVER_SECRET "$CLUSTER_DIR/action_server_secret"
kept_secret CONSOLE_SECRET_KEY "$CLUSTER_DIR/console_secret"
export CONSOLE_PORT=${CONSOLE_PORT:-8010}
source scripts/env.sh

mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
export CLUSTER_DIR

pidfile() { echo "$CLUSTER_DIR/$1.pid"; }
alive() { local f; f=$(pidfile "$1"); [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; }
components() {
  local port
  for port in $ACTION_PORTS; do echo "action-$port"; done
  for port in $RASA_PORTS; do echo "rasa-$port"; done
  echo nginx
}

# Stops one component: its whole process group, TERM first, KILL after 20 s.
stop_one() {
  local name=$1 f pid
  f=$(pidfile "$name")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

stop_all() {
  local f name
  # nginx first (no new requests), then Rasa, then the action servers: every
  # pid file in CLUSTER_DIR, whatever ports it was started with.
  stop_one nginx
  stop_one purge
  stop_one console
  stop_one notify
  stop_one funnel-consumer
  for f in "$CLUSTER_DIR"/rasa-*.pid "$CLUSTER_DIR"/action-*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    stop_one "$name"
  done
}

# Starts a command in its own session (pid = process group), logging to CLUSTER_DIR.
launch() {
  local name=$1; shift
  setsid "$@" >"$CLUSTER_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$(pidfile "$name")"
  echo "started $name (pid $!, log $CLUSTER_DIR/$name.log)"
}

find_nginx() {
  local candidate
  for candidate in "${NGINX:-}" nginx /usr/sbin/nginx /usr/local/sbin/nginx; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 \
      && { command -v "$candidate"; return 0; }
  done
  echo "nginx not found: install it (Debian: apt-get install -y nginx) or set NGINX=/path/to/nginx" >&2
  return 1
}

# PostgreSQL and Redis must answer; the databases are created when missing.
check_services() {
  .venv/bin/python - <<'PY'
import os, sys
from urllib.parse import urlsplit
import psycopg2
import redis
from psycopg2 import sql


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def pg_parts(url):
    parts = urlsplit(url.replace("+psycopg2", ""))
    return dict(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                user=parts.username or "postgres", password=parts.password or None,
                dbname=parts.path.lstrip("/"))


for variable in ("TRACKER_STORE_URL", "DATABASE_URL"):
    url = os.environ[variable]
    if not url.startswith("postgres"):
        continue
    target = pg_parts(url)
    try:
        connection = psycopg2.connect(**dict(target, dbname="postgres"), connect_timeout=5)
    except psycopg2.OperationalError as error:
        fail(f"PostgreSQL is not reachable at {target['host']}:{target['port']} "
             f"({variable}): {str(error).strip()}\nStart PostgreSQL or point "
             f"{variable} at one.")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target["dbname"],))
        if cursor.fetchone() is None:
            try:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(
                    sql.Identifier(target["dbname"])))
                print(f"created PostgreSQL database {target['dbname']} ({variable})")
            except psycopg2.errors.DuplicateDatabase:
                pass
    connection.close()

import socket
try:
    socket.create_connection(
        (os.environ["RABBITMQ_HOST"], int(os.environ["RABBITMQ_PORT"])), timeout=5
    ).close()
except OSError as error:
    fail(f"RabbitMQ is not reachable at {os.environ['RABBITMQ_HOST']}:"
         f"{os.environ['RABBITMQ_PORT']} (RABBITMQ_URL): {error}\nStart RabbitMQ or point "
         f"RABBITMQ_URL at one.")

try:
    redis.Redis(host=os.environ["REDIS_HOST"], port=int(os.environ["REDIS_PORT"]),
                db=int(os.environ["REDIS_DB"]), password=os.environ["REDIS_PASSWORD"] or None,
                socket_connect_timeout=5).ping()
except redis.RedisError as error:
    fail(f"Redis is not reachable at {os.environ['REDIS_HOST']}:{os.environ['REDIS_PORT']} "
         f"(REDIS_URL): {error}\nStart Redis or point REDIS_URL at one.")
PY
}

render_nginx() {
  local nginx_dir=$CLUSTER_DIR/nginx port servers=""
  mkdir -p "$nginx_dir/tmp"
  # The website, pointing the widget at nginx; else build/web as it is; else nothing.
  export STATIC_ROOT=$CLUSTER_DIR/web
  if ! RASA_URL=${PUBLIC_URL:-http://localhost:$NGINX_PORT} \
      .venv/bin/python -m bot.web.serve --build --out "$STATIC_ROOT" >/dev/null 2>&1; then
    if [ -f build/web/index.html ]; then STATIC_ROOT=$(pwd)/build/web; else mkdir -p "$STATIC_ROOT"; fi
  fi
  for port in $RASA_PORTS; do servers+="server $CLUSTER_HOST:$port max_fails=1 fail_timeout=10s; "; done
  export RASA_UPSTREAM_SERVERS=$servers
  servers=""
  for port in $ACTION_PORTS; do servers+="server $CLUSTER_HOST:$port max_fails=1 fail_timeout=5s; "; done
  export ACTION_UPSTREAM_SERVERS=$servers
  export NGINX_PREFIX=$nginx_dir
  export NGINX_LISTEN=$CLUSTER_HOST:$NGINX_PORT
  # REST, Rasa's HTTP API and the action servers: on loopback whatever CLUSTER_HOST is.
  export NGINX_INTERNAL_LISTEN=127.0.0.1:$NGINX_INTERNAL_PORT
  export NGINX_ACTION_LISTEN=127.0.0.1:$NGINX_ACTION_PORT
  .venv/bin/python deploy/render_template.py deploy/nginx.conf.template "$nginx_dir/nginx.conf" \
    NGINX_PREFIX NGINX_LISTEN NGINX_INTERNAL_LISTEN NGINX_ACTION_LISTEN RASA_UPSTREAM_SERVERS \
    ACTION_UPSTREAM_SERVERS STATIC_ROOT
  "$NGINX_BIN" -t -q -p "$nginx_dir" -c "$nginx_dir/nginx.conf"
}

# Waits until every URL answers (or a component died, or the time is up).
wait_ready() {
  local deadline=$(( $(date +%s) + STARTUP_TIMEOUT )) name url pending
  while :; do
    pending=""
    for name in $(components); do
      case $name in
        action-*) url="http://$CLUSTER_HOST:${name#action-}/health" ;;
        rasa-*) url="http://$CLUSTER_HOST:${name#rasa-}/" ;;
        nginx) url="http://$CLUSTER_HOST:$NGINX_PORT/healthz" ;;
      esac
      if ! alive "$name"; then
        echo "$name exited during start-up; the end of $CLUSTER_DIR/$name.log:" >&2
        tail -n 30 "$CLUSTER_DIR/$name.log" >&2 || true
        return 1
      fi
      curl -sf -o /dev/null --max-time 3 "$url" || pending+=" $name"
    done
    # nginx must also reach an action server again (it marks failed ones down for a while).
    if [ -z "$pending" ] && ! curl -sf -o /dev/null --max-time 3 \
        "http://127.0.0.1:$NGINX_ACTION_PORT/health"; then
      pending=" nginx->actions"
    fi
    [ -z "$pending" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "not ready after $STARTUP_TIMEOUT s:$pending (logs in $CLUSTER_DIR)" >&2
      return 1
    fi
    sleep 1
  done
}

start() {
  local started=$(date +%s) port api=()
  NGINX_BIN=$(find_nginx)
  [ -f "$MODEL" ] || { echo "No trained model at $MODEL: run make setup first." >&2; exit 1; }
  check_services
  # The clinic's tables and the demo therapist directory, before any action server runs.
  .venv/bin/python -m bot.staff.cli db upgrade >/dev/null
  .venv/bin/python -m bot.staff.cli therapists load-demo >/dev/null
  render_nginx
  if [ -n "${RASA_AUTH_TOKEN:-}" ]; then api=(--enable-api --auth-token "$RASA_AUTH_TOKEN"); fi
  trap 'echo "start-up failed: stopping the cluster" >&2; stop_all' ERR
  for port in $ACTION_PORTS; do
    # On CLUSTER_HOST (loopback by default), answering only calls with the secret.
    alive "action-$port" || launch "action-$port" env LOG_FILE="$CLUSTER_DIR/logs/action-$port.log" \
      .venv/bin/python -m channels.action_server --host "$CLUSTER_HOST" --port "$port" \
        --actions actions --logging-config-file logging.yml
  done
  for port in $RASA_PORTS; do
    alive "rasa-$port" || launch "rasa-$port" env LOG_FILE="$CLUSTER_DIR/logs/rasa-$port.log" \
      .venv/bin/rasa run --model "$MODEL" --interface "$CLUSTER_HOST" --port "$port" \
        --credentials credentials.yml --endpoints "$ENDPOINTS" "${api[@]}" \
        --cors $CORS_ORIGINS --logging-config-file logging.yml
  done
  alive nginx || launch nginx "$NGINX_BIN" -p "$CLUSTER_DIR/nginx" \
    -c "$CLUSTER_DIR/nginx/nginx.conf" -g "daemon off;"
  # The scheduled purge (README, "Privacy and retention"), one for the cluster.
  alive purge || launch purge .venv/bin/python -m bot.staff.cli purge --repeat
  # The staff console (README "Staff console"), on loopback: put it behind HTTPS
  # (CONSOLE_SECURE_COOKIES=1) before staff reach it from elsewhere.
  alive console || launch console .venv/bin/python -m bot.console --host 127.0.0.1 \
    --port "$CONSOLE_PORT"
  # E-mails about new callback requests, retried while the mail server is down,
  # and the funnel report's counts from RabbitMQ (README, "Notifications and funnel").
  alive notify || launch notify .venv/bin/python -m bot.staff.cli notify --repeat
  alive funnel-consumer || launch funnel-consumer .venv/bin/python -m bot.staff.cli funnel-consumer
  wait_ready
  trap - ERR
  echo "Cluster ready in $(( $(date +%s) - started )) s:"
  echo "  http://localhost:$NGINX_PORT/ (website and socket.io only)"
  echo "  http://127.0.0.1:$NGINX_INTERNAL_PORT/ (REST /webhooks/rest/webhook, Rasa's HTTP API" \
       "with the header X-Rasa-Token; loopback only)"
  echo "  Rasa servers: $RASA_PORTS; action servers: $ACTION_PORTS behind :$NGINX_ACTION_PORT"
  echo "  tracker store: $TRACKER_DB_HOST:$TRACKER_DB_PORT/$TRACKER_DB_NAME;" \
       "locks: redis $REDIS_HOST:$REDIS_PORT/$REDIS_DB prefix $LOCK_KEY_PREFIX"
  echo "  staff console: http://127.0.0.1:$CONSOLE_PORT/ (loopback)"
  echo "  pids and logs: $CLUSTER_DIR; stop with: make cluster-stop"
}

status() {
  local name state=0
  for name in $(components) purge notify funnel-consumer console; do
    if alive "$name"; then echo "$name: running (pid $(cat "$(pidfile "$name")"))"
    else echo "$name: stopped"; state=3; fi
  done
  return $state
}

case $command in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
