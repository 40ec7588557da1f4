# Production settings (sourced by scripts/env.sh when TRACKER_STORE_URL or
# REDIS_URL is set). Splits the two URLs into the parts Rasa's endpoints take
# (deploy/endpoints.production.yml fills them in with ${VARIABLE}); a part that
# is already set in the environment wins over the URL. See the README section
# "Production and scale-out".
if [ -z "${TRACKER_STORE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  echo "Set both TRACKER_STORE_URL (PostgreSQL, conversations) and REDIS_URL (Redis," \
       "conversation locks) for the production endpoints, or neither for the" \
       "embedded defaults (SQLite, in-memory locks)." >&2
  return 1
fi
# postgresql://user[:password]@host[:port]/database (also postgres://, postgresql+psycopg2://)
_pg='^postgres(ql)?(\+[a-z0-9]+)?://(([^:@/]*)(:([^@/]*))?@)?([^:@/]+)(:([0-9]+))?/([^/?]+)$'
if [[ ! "$TRACKER_STORE_URL" =~ $_pg ]]; then
  echo "TRACKER_STORE_URL must look like postgresql://user[:password]@host[:port]/database," \
       "not '$TRACKER_STORE_URL'" >&2
  return 1
fi
export TRACKER_DB_USER=${TRACKER_DB_USER-${BASH_REMATCH[4]:-postgres}}
export TRACKER_DB_PASSWORD=${TRACKER_DB_PASSWORD-${BASH_REMATCH[6]}}
export TRACKER_DB_HOST=${TRACKER_DB_HOST:-${BASH_REMATCH[7]}}
export TRACKER_DB_PORT=${TRACKER_DB_PORT:-${BASH_REMATCH[9]:-5432}}
export TRACKER_DB_NAME=${TRACKER_DB_NAME:-${BASH_REMATCH[10]}}
# redis://[[user]:password@]host[:port][/db]
_redis='^rediss?://(([^:@/]*)(:([^@/]*))?@)?([^:@/]+)(:([0-9]+))?(/([0-9]+))?/?$'
if [[ ! "$REDIS_URL" =~ $_redis ]]; then
  echo "REDIS_URL must look like redis://[:password@]host[:port][/db], not '$REDIS_URL'" >&2
  return 1
fi
export REDIS_PASSWORD=${REDIS_PASSWORD-${BASH_REMATCH[4]}}
export REDIS_HOST=${REDIS_HOST:-${BASH_REMATCH[5]}}
export REDIS_PORT=${REDIS_PORT:-${BASH_REMATCH[7]:-6379}}
export REDIS_DB=${REDIS_DB:-${BASH_REMATCH[9]:-0}}
# amqp://user:password@host[:port][/vhost]: RabbitMQ, where Rasa's Pika event broker
# publishes the events the funnel consumer counts (README, "Notifications and funnel");
# default a RabbitMQ on this machine (its guest user works from loopback only).
export RABBITMQ_URL=${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}
_amqp='^amqps?://(([^:@/]*)(:([^@/]*))?@)?([^:@/]+)(:([0-9]+))?(/.*)?$'
if [[ ! "$RABBITMQ_URL" =~ $_amqp ]]; then
  echo "RABBITMQ_URL must look like amqp://user:password@host[:port][/vhost]," \
       "not '$RABBITMQ_URL'" >&2
  return 1
fi
export RABBITMQ_USER=${RABBITMQ_USER-${BASH_REMATCH[2]:-guest}}
export RABBITMQ_PASSWORD=${RABBITMQ_PASSWORD-${BASH_REMATCH[4]:-guest}}
export RABBITMQ_HOST=${RABBITMQ_HOST:-${BASH_REMATCH[5]}}
export RABBITMQ_PORT=${RABBITMQ_PORT:-${BASH_REMATCH[7]:-5672}}
export RABBITMQ_EXCHANGE=${RABBITMQ_EXCHANGE:-rasa-exchange}
export FUNNEL_QUEUE=${FUNNEL_QUEUE:-rasa_funnel}
# Letters and digits only (Rasa ignores any other prefix).
export LOCK_KEY_PREFIX=${LOCK_KEY_PREFIX:-fibromassage}
if [[ ! "$LOCK_KEY_PREFIX" =~ ^[A-Za-z0-9]+$ ]]; then
  echo "LOCK_KEY_PREFIX must be letters and digits only, not '$LOCK_KEY_PREFIX'" >&2
  return 1
fi
# socket.io session tokens (channels/session_tokens.py): every Rasa server must
# check them with the same secret, so it is never made up here.
if [ -z "${SESSION_SECRET:-}" ]; then
  echo "Set SESSION_SECRET, the same on every Rasa server: it signs the chat's session" \
       "tokens. For example: export SESSION_SECRET=\$(python3 -c 'import secrets;" \
       "print(secrets.token_hex(32))')" >&2
  return 1
fi
# The action servers refuse every call without this secret (channels/action_server.py);
# the Rasa servers send it (deploy/endpoints.production.yml). Never made up here:
# all servers of the deployment need the same one.
if [ "${#ACTION_SERVER_SECRET}" -lt 16 ]; then
  echo "Set ACTION_SERVER_SECRET (at least 16 characters), the same for every Rasa server" \
       "and action server: the action servers refuse calls without it. For example:" \
       "export ACTION_SERVER_SECRET=\$(openssl rand -hex 32)" >&2
  return 1
fi
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://localhost:$ACTION_PORT/webhook}
export ENDPOINTS=${ENDPOINTS:-deploy/endpoints.production.yml}
unset _pg _redis _amqp
