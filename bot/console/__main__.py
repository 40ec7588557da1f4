"""`python -m bot.console [--host H] [--port P]`: the staff console on waitress.

Refuses to start without CONSOLE_SECRET_KEY (scripts/run.sh makes one once
into var/console_secret; a production deployment sets its own).
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from waitress import serve

from bot.console.app import ConsoleConfigError, create_app
from bot.runtime.settings import get_console_settings


def main(argv: Optional[Sequence[str]] = None) -> int:
    settings = get_console_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.console", description=__doc__)
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args(argv)
    try:
        app = create_app(settings)
    except ConsoleConfigError as error:
        print(f"The staff console cannot start: {error}", file=sys.stderr)
        return 2
    print(f"Staff console: http://{args.host}:{args.port}/", flush=True)
    serve(app, host=args.host, port=args.port, threads=4, ident="clinic-console")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
