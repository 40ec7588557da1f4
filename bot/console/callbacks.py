"""The callback queue: new / contacted / closed, filtered by status and the day
received, sorted; one request with its linked intake summary; marking it with
a note. Front desk and admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Optional, Tuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from bot.console.auth import audit
from bot.console.context import stores
from bot.console.forms import MarkCallbackForm
from bot.storage.callbacks import CALLBACK_ORDERS, CALLBACK_STATUSES

bp = Blueprint("callbacks", __name__, url_prefix="/callbacks")

RECEIVED_CHOICES = {
    "any": "Any day",
    "today": "Today",
    "yesterday": "Yesterday",
    "week": "The last 7 days",
    "date": "On the date below",
}
ORDER_NAMES = {"newest": "Newest first", "oldest": "Oldest first", "updated": "Last changed"}


@dataclass(frozen=True)
class QueueFilter:
    status: Optional[str]
    received: str
    day: Optional[date]
    order: str
    problem: Optional[str] = None

    def window(self, today: date) -> Tuple[Optional[datetime], Optional[datetime]]:
        """[from, before) in UTC for the chosen days, or (None, None)."""
        first = {
            "today": today,
            "yesterday": today - timedelta(days=1),
            "week": today - timedelta(days=6),
            "date": self.day,
        }.get(self.received)
        if first is None:
            return None, None
        last = today - timedelta(days=1) if self.received == "yesterday" else today
        if self.received == "date":
            last = self.day
        start = datetime.combine(first, time.min, timezone.utc)
        return start, datetime.combine(last + timedelta(days=1), time.min, timezone.utc)


def read_filter(args) -> QueueFilter:
    """The queue's filter from the query string; unknown values fall back to
    the defaults, and a date that cannot be read is said kindly."""
    status = args.get("status") or None
    status = status if status in CALLBACK_STATUSES else None
    received = args.get("received", "any")
    received = received if received in RECEIVED_CHOICES else "any"
    if received == "any" and args.get("day"):
        received = "date"  # a date picked without choosing "On the date below"
    order = args.get("order", "newest")
    order = order if order in CALLBACK_ORDERS else "newest"
    day, problem = None, None
    if received == "date":
        try:
            day = date.fromisoformat(args.get("day", ""))
        except ValueError:
            received, problem = "any", "Please give the date as YYYY-MM-DD, e.g. 2024-06-03."
    return QueueFilter(status, received, day, order, problem)


def _store():
    return stores().directory


@bp.get("")
@login_required
def queue():
    chosen = read_filter(request.args)
    start, before = chosen.window(datetime.now(timezone.utc).date())
    found = _store().query_callbacks(chosen.status, start, before, chosen.order)
    audit("viewed list", "callback_requests", detail=f"{len(found)} shown")
    return render_template(
        "callbacks.html",
        callbacks=found,
        chosen=chosen,
        statuses=CALLBACK_STATUSES,
        received_choices=RECEIVED_CHOICES,
        order_names=ORDER_NAMES,
    )


@bp.get("/<int:callback_id>")
@login_required
def show(callback_id: int):
    callback = _store().get_callback(callback_id)
    if callback is None:
        abort(404)
    audit("viewed", "callback_request", callback_id)
    form = MarkCallbackForm(status="contacted" if callback.status == "new" else callback.status)
    return render_template("callback.html", callback=callback, form=form)


@bp.post("/<int:callback_id>/mark")
@login_required
def mark(callback_id: int):
    form = MarkCallbackForm()
    callback = _store().get_callback(callback_id)
    if callback is None:
        abort(404)
    if not form.validate_on_submit():
        return render_template("callback.html", callback=callback, form=form), 400
    _store().mark_callback(callback_id, form.status.data, form.note.data or None)
    audit("marked", "callback_request", callback_id, f"status: {form.status.data}")
    flash(f"Callback request #{callback_id} is now {form.status.data}.")
    return redirect(url_for("callbacks.show", callback_id=callback_id))
