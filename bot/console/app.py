"""The console's application factory: configuration, the stores, the
extensions (Flask-Login, Flask-WTF CSRF, Flask-Limiter), the blueprints,
security headers and kind error pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Optional

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.console import admin, auth, callbacks, directory, summaries
from bot.console.body_map import REGION_NAMES
from bot.console.context import Stores
from bot.domain.matching import style_name
from bot.runtime.settings import (
    MIN_CONSOLE_SECRET_LENGTH,
    ConsoleSettings,
    get_console_settings,
    get_settings,
)
from bot.storage.staff import StaffStore
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DirectoryStore

# An import file larger than this is refused (413) before it is read.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SESSION_HOURS = 8  # a working day; then sign in again
SIGN_IN_LIMIT = "5 per minute"

# Scripts and styles from the console only, nothing framed, no referrer, and
# pages with health details never kept in a shared computer's cache.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ConsoleConfigError(RuntimeError):
    """The console cannot start with these settings (said in plain words)."""


def _check_secret(secret: str) -> None:
    if not secret:
        raise ConsoleConfigError(
            "set CONSOLE_SECRET_KEY (it signs the staff's session cookies), e.g. export "
            "CONSOLE_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if len(secret) < MIN_CONSOLE_SECRET_LENGTH:
        raise ConsoleConfigError(
            f"CONSOLE_SECRET_KEY must be at least {MIN_CONSOLE_SECRET_LENGTH} characters"
        )


def _configure(app: Flask, settings: ConsoleSettings) -> None:
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_NAME="clinic_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        SIGN_IN_LIMIT=SIGN_IN_LIMIT,
        WTF_CSRF_SSL_STRICT=settings.secure_cookies,
    )


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _error_page(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


def _register_error_pages(app: Flask) -> None:
    app.register_error_handler(
        CSRFError,
        lambda error: _error_page(
            400,
            "The form had expired",
            "For your safety, forms work only for a while and only from this console. "
            "Please go back, reload the page and try again.",
        ),
    )
    app.register_error_handler(
        403,
        lambda error: _error_page(
            403,
            "Not for your role",
            "This page is for clinic admins. Ask an admin if you need something from it.",
        ),
    )
    app.register_error_handler(
        404,
        lambda error: _error_page(
            404,
            "Not found",
            "There is nothing here. It may have been deleted, or the link is incomplete.",
        ),
    )
    app.register_error_handler(
        413,
        lambda error: _error_page(
            413, "File too large", "Files up to 2 MB can be imported. Please try a smaller one."
        ),
    )
    app.register_error_handler(
        429,
        lambda error: _error_page(
            429,
            "Too many attempts",
            "There were too many unsuccessful sign-ins. Please wait a minute and try again.",
        ),
    )


def create_app(
    settings: Optional[ConsoleSettings] = None,
    database_url: Optional[str] = None,
    tracker_url: Optional[str] = None,
    **config,
) -> Flask:
    """The console. `database_url` None: DATABASE_URL; `tracker_url` None: the
    tracker store of the endpoints file (ENDPOINTS); `config` overrides Flask's."""
    settings = settings or get_console_settings()
    _check_secret(settings.secret_key)
    app = Flask(__name__)
    _configure(app, settings)
    app.config.update(config)
    url = database_url or get_settings().database_url
    app.extensions["clinic_stores"] = Stores(
        DirectoryStore(url), IntakeStore(url), StaffStore(url), tracker_url
    )
    CSRFProtect(app)
    auth.init_app(app)
    for blueprint in (callbacks.bp, summaries.bp, directory.bp, admin.bp):
        app.register_blueprint(blueprint)
    app.after_request(_security_headers)
    _register_error_pages(app)
    app.jinja_env.globals.update(
        clinic_name=get_settings().clinic_name,
        style_name=style_name,
        region_name=lambda region: REGION_NAMES.get(region, region.replace("_", " ")),
    )
    app.jinja_env.filters["when"] = auth.when
    return app
