# Settings shared by every project command (sourced, not run).
# Rasa's telemetry would report usage over the network: never for a clinic.
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONHASHSEED=0
# One TensorFlow thread: training gives the same model every time (with more
# threads, sums are added in varying order), and two servers share 2 cores.
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
# Third-party deprecation notices are noise for clinicians using the shell.
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
export MODEL=${MODEL:-models/intake.tar.gz}
export RASA_PORT=${RASA_PORT:-5005}
export ACTION_PORT=${ACTION_PORT:-5055}
# --- Production and scale-out (README): with TRACKER_STORE_URL and REDIS_URL set,
# conversations go to PostgreSQL and their locks to Redis (ENDPOINTS defaults to
# deploy/endpoints.production.yml); unset, the embedded defaults (endpoints.yml).
if [ -n "${TRACKER_STORE_URL:-}${REDIS_URL:-}" ]; then
  source "$(dirname "${BASH_SOURCE[0]}")/production_env.sh" || return 1
fi
# --- end of production settings
export ENDPOINTS=${ENDPOINTS:-endpoints.yml}
# The action server's shared secret (channels/action_server.py): Rasa sends it
# with every call (endpoints.yml). Embedded, one is made up for this command when
# none is set; production (above) requires it.
if [ -z "${ACTION_SERVER_SECRET:-}" ]; then
  ACTION_SERVER_SECRET=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  export ACTION_SERVER_SECRET
fi
# Logs without personal data (logging.yml): Rasa renders its structured events
# as JSON, which the filter can read (its terminal rendering adds the local
# variables of a failing call), and Rasa can import the filter only with the
# project on the path (it reads logging.yml before adding the working directory).
export FORCE_JSON_LOGGING=1
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ":${PYTHONPATH:-}:" in
  *":$_root:"*) ;;
  *) export PYTHONPATH="$_root${PYTHONPATH:+:$PYTHONPATH}" ;;
esac
unset _root
# The website (widget): the demo page's port, and the only origins allowed to
# call the Rasa server (REST and socket.io), space-separated.
export WEB_PORT=${WEB_PORT:-8000}
export CORS_ORIGINS=${CORS_ORIGINS:-"http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT"}
