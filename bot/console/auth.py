"""Signing in and out, who is signed in, roles, and the audit helper.

The session cookie (Flask's, signed with CONSOLE_SECRET_KEY) holds the user's
session token, not their id: signing out replaces the token, so a copied cookie
stops working too. Sign-in attempts that fail are limited per address and per
account (Flask-Limiter); the limit is checked before the password is.
"""

from __future__ import annotations

from datetime import datetime
from functools import wraps
from typing import Any, Optional

from flask import Flask, abort, current_app, flash, redirect, render_template, request, session
from flask import url_for as _url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from bot.console.context import stores
from bot.storage.staff import ADMIN, StaffUser

FAILED_SIGN_IN = 401


class ConsoleUser(UserMixin):
    """A signed-in staff user as Flask-Login sees them."""

    def __init__(self, staff: StaffUser) -> None:
        self.staff = staff

    def get_id(self) -> str:
        return self.staff.session_token

    @property
    def email(self) -> str:
        return self.staff.email

    @property
    def is_admin(self) -> bool:
        return self.staff.role == ADMIN

    @property
    def role_name(self) -> str:
        return "Admin" if self.is_admin else "Front desk"


class SignInForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=256)])


def when(value: Optional[datetime]) -> str:
    """A stored time as staff read it (UTC, as the CLI shows it)."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


def audit(
    action: str, record_type: Optional[str] = None, record_id: Any = None, detail: str = ""
) -> None:
    """Record that the signed-in user did `action` on a record (ids only)."""
    user = current_user.staff if current_user.is_authenticated else None
    stores().staff.record(user, action, record_type, record_id, detail or None)


def admin_required(view):
    """Admins only; anyone else signed in gets 403 (and an audit entry)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        if not current_user.is_admin:
            audit("refused", "page", request.path[:200])
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def _account_key() -> str:
    """The per-account rate-limit key: the address typed in, normalised."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _failed(response) -> bool:
    return response.status_code == FAILED_SIGN_IN


def sign_in():
    if current_user.is_authenticated:
        return redirect(_url_for("callbacks.queue"))
    form = SignInForm()
    if not form.validate_on_submit():
        status = FAILED_SIGN_IN if request.method == "POST" else 200
        return render_template("sign_in.html", form=form), status
    staff = stores().staff.authenticate(form.email.data, form.password.data)
    if staff is None:
        _audit_failure(form.email.data)
        form.password.errors.append(
            "That e-mail address and password do not match an active account. "
            "Please check them and try again."
        )
        return render_template("sign_in.html", form=form), FAILED_SIGN_IN
    session.clear()  # no session fixation: a fresh session after sign-in
    login_user(ConsoleUser(staff))
    session.permanent = True
    audit("signed in")
    return redirect(_url_for("callbacks.queue"))


def _audit_failure(email: str) -> None:
    """A failed sign-in on a known account names the account; the address
    typed for an unknown one is not kept (it may be anyone's)."""
    known = stores().staff.find_email(email)
    stores().staff.record(known, "sign-in failed", detail=None if known else "unknown account")


def sign_out():
    if current_user.is_authenticated:
        audit("signed out")
        stores().staff.end_sessions(current_user.staff.id)
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(_url_for("sign_in"))


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "sign_in"
    manager.login_message = "Please sign in to see that page."
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(token: str) -> Optional[ConsoleUser]:
        staff = stores().staff.by_session_token(token)
        return ConsoleUser(staff) if staff is not None else None

    limiter = Limiter(
        app=app, key_func=get_remote_address, storage_uri="memory://", headers_enabled=True
    )
    limit = app.config["SIGN_IN_LIMIT"]
    view = limiter.limit(limit, methods=["POST"], deduct_when=_failed)(sign_in)
    view = limiter.limit(limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)(view)
    app.add_url_rule("/sign-in", "sign_in", view, methods=["GET", "POST"])
    app.add_url_rule("/sign-out", "sign_out", sign_out, methods=["POST"])
    app.add_url_rule("/", "home", lambda: redirect(_url_for("callbacks.queue")))
