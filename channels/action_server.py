"""The action server, as scripts/run.sh, scripts/cluster.sh and the deployments
start it: rasa_sdk's server (the same /webhook, /actions and /health), except
that, because an action can delete or store a person's data,

- it listens on 127.0.0.1 unless told otherwise (`rasa run actions` has no such
  option and always listens on every address);
- every call except /health must carry the shared secret ACTION_SERVER_SECRET
  in the X-Action-Secret header, compared in constant time; any other call is
  answered 401 and runs nothing. Rasa sends the header: endpoints.yml and
  deploy/endpoints.production.yml have `headers` with ${ACTION_SERVER_SECRET};
- a failing action is answered 500 without the request it was sent (rasa_sdk
  echoes the whole tracker back, and Rasa logs that answer).

    python -m channels.action_server [--host 127.0.0.1] [--port 5055]
        [--actions actions] [--logging-config-file logging.yml] [--debug|--quiet]
"""

from __future__ import annotations

import argparse
import hmac
import logging
import logging.config
import os
import sys
from typing import List, Mapping, Optional, Sequence

import yaml
from rasa_sdk import endpoint, utils
from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger("channels.action_server")  # also when run as __main__

SECRET_VARIABLE = "ACTION_SERVER_SECRET"
SECRET_HEADER = "X-Action-Secret"
MIN_SECRET_CHARS = 16
DEFAULT_HOST = "127.0.0.1"
# Paths anyone may call: the health check of the scripts and of the deployments.
OPEN_PATHS = frozenset({"/health"})


class MissingSecret(RuntimeError):
    """ACTION_SERVER_SECRET is not set, or too short to be a secret."""


def read_secret(environ: Optional[Mapping[str, str]] = None) -> str:
    """ACTION_SERVER_SECRET, or MissingSecret saying how to set one."""
    secret = ((os.environ if environ is None else environ).get(SECRET_VARIABLE) or "").strip()
    if len(secret) < MIN_SECRET_CHARS:
        raise MissingSecret(
            f"{SECRET_VARIABLE} must be set to a random string of at least "
            f"{MIN_SECRET_CHARS} characters, the same for the Rasa servers and the "
            f"action servers (e.g. {SECRET_VARIABLE}=$(openssl rand -hex 32)). "
            "`make run` makes one up when it is not set."
        )
    return secret


def is_authorised(given: Optional[str], secret: str) -> bool:
    """Whether the header's value is the secret (constant time: a wrong guess
    tells nothing about how close it was)."""
    return hmac.compare_digest(
        (given or "").encode("utf-8", "surrogateescape"), secret.encode("utf-8")
    )


def create_app(actions: str, secret: str) -> Sanic:
    """rasa_sdk's app with the secret checked on every call but /health."""
    app = endpoint.create_app(actions, cors_origins=None)

    @app.middleware("request")
    async def require_secret(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS or is_authorised(request.headers.get(SECRET_HEADER), secret):
            return None
        logger.warning(
            "Refused a call to %s from %s without the action server's secret",
            request.path,
            request.ip,
        )
        return response.json(
            {"error": f"This action server needs its secret in the {SECRET_HEADER} header."},
            status=401,
        )

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException):  # an unknown path, a wrong method
            return response.json({"error": str(exception)}, status=exception.status_code)
        logger.error("An action failed (%s)", request.path, exc_info=exception)
        return response.json({"error": "The action failed."}, status=500)

    return app


def configure_logging(level: int, logging_config_file: Optional[str]) -> None:
    """rasa_sdk's coloured terminal log, then the project's configuration file;
    unlike rasa_sdk, a file that cannot be applied stops the server (it would
    otherwise run without the personal-data filter)."""
    utils.configure_colored_logging(level)
    if logging_config_file:
        with open(logging_config_file, encoding="utf-8") as config:
            logging.config.dictConfig(yaml.safe_load(config))
        logging.getLogger("rasa_sdk").setLevel(level)
    utils.update_sanic_log_level()


def _arguments(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m channels.action_server",
        description="The action server, on 127.0.0.1 and with a shared secret.",
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})"
    )
    parser.add_argument("-p", "--port", type=int, default=DEFAULT_SERVER_PORT)
    parser.add_argument("--actions", default="actions", help="package of the actions")
    parser.add_argument("--logging-config-file", help="logging configuration (YAML)")
    utils.add_logging_level_option_arguments(parser)
    # Like Rasa: LOG_LEVEL (e.g. DEBUG) when no option says otherwise.
    level = logging.getLevelName(os.environ.get("LOG_LEVEL", "INFO").strip().upper())
    parser.set_defaults(loglevel=level if isinstance(level, int) else logging.INFO)
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> None:
    args = _arguments(argv)
    secret = read_secret()
    configure_logging(args.loglevel, args.logging_config_file)
    app = create_app(args.actions, secret)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    logger.info(
        "Action server on http://%s:%s (calls need %s)", args.host, args.port, SECRET_HEADER
    )
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    try:
        main()
    except MissingSecret as missing:
        print(missing, file=sys.stderr)
        sys.exit(2)
