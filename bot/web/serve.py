"""Builds the website widget into build/web/ and serves the demo clinic page.

    python -m bot.web.serve            # build, then serve http://localhost:$WEB_PORT/
    python -m bot.web.serve --build    # build only

The bundle build/web/widget/widget.js is socket.io-client (from node_modules,
installed by `npm ci` in `make setup`), widget.css and widget.js in one file,
so a page embeds the widget with one <script> tag and nothing comes from a CDN.
The demo page is served with the same security headers as the public side of
nginx (deploy/nginx.conf.template), its Content-Security-Policy allowing
connections to the Rasa server only. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import shutil
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(__file__).resolve().parent / "static"
SOCKET_IO = ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
DEFAULT_OUT = Path(os.environ.get("WEB_BUILD_DIR") or ROOT / "build" / "web")


def bundle(widget_source: str, css: str, socket_io: str) -> str:
    return (
        "/*! Massage-matching assistant widget. Includes socket.io-client"
        " (MIT licence, see node_modules/socket.io-client/LICENSE). */\n"
        "(function () {\n"
        "var previousIo = window.io;\n"
        "(function (module, exports, define) {\n" + socket_io + "\n}).call(window);\n"
        "var io = window.io;\n"
        "if (previousIo !== undefined) { window.io = previousIo; }\n"
        "var MW_CSS = " + json.dumps(css) + ";\n" + widget_source + "\n})();\n"
    )


def default_rasa_url() -> str:
    return os.environ.get("RASA_URL", f"http://localhost:{os.environ.get('RASA_PORT', '5005')}")


def content_security_policy(rasa_url: str) -> str:
    """Scripts and styles from this site only (the widget puts its CSS in a
    <style> element, the page has one too), connections to the Rasa server only
    (its socket.io, over HTTP and WebSocket), no frames, no plugins."""
    server = urlsplit(rasa_url)
    websocket = "wss" if server.scheme == "https" else "ws"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            f"connect-src 'self' {server.scheme}://{server.netloc} {websocket}://{server.netloc}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def build(
    out: Path = DEFAULT_OUT, rasa_url: str | None = None, clinic_name: str | None = None
) -> Path:
    """Writes the demo site and the widget bundle to `out`; returns `out`."""
    if not SOCKET_IO.is_file():
        raise SystemExit(f"{SOCKET_IO} is missing: run `make setup` (it runs `npm ci`).")
    rasa_url = rasa_url or default_rasa_url()
    clinic_name = clinic_name or os.environ.get("CLINIC_NAME", "Riverside Pain Clinic")
    if out.exists():
        shutil.rmtree(out)
    (out / "widget").mkdir(parents=True)
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{RASA_URL}}", html.escape(rasa_url, quote=True))
    page = page.replace("{{CLINIC_NAME}}", html.escape(clinic_name, quote=True))
    (out / "index.html").write_text(page, encoding="utf-8")
    source = (STATIC / "widget" / "widget.js").read_text(encoding="utf-8")
    css = (STATIC / "widget" / "widget.css").read_text(encoding="utf-8")
    (out / "widget" / "widget.css").write_text(css, encoding="utf-8")
    (out / "widget" / "widget.js").write_text(
        bundle(source, css, SOCKET_IO.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return out


class Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: object, csp: str, **kwargs: object) -> None:
        self.csp = csp  # before super().__init__, which handles the request
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


def serve(
    directory: Path, port: int, host: str = "127.0.0.1", rasa_url: str | None = None
) -> ThreadingHTTPServer:
    csp = content_security_policy(rasa_url or default_rasa_url())
    handler = functools.partial(Handler, directory=str(directory), csp=csp)
    return ThreadingHTTPServer((host, port), handler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", action="store_true", help="build only, do not serve")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8000")))
    parser.add_argument("--host", default=os.environ.get("WEB_HOST", "127.0.0.1"))
    args = parser.parse_args(argv)
    out = build(args.out)
    if args.build:
        print(f"Built the widget into {out}")
        return
    try:
        server = serve(out, args.port, args.host)
    except OSError as error:
        raise SystemExit(f"The demo page cannot be served on port {args.port}: {error}")
    print(f"Demo clinic page with the chat widget: http://localhost:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main(sys.argv[1:])
