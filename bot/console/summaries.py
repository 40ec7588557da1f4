"""Intake summaries (only kept with the person's consent: nothing else is ever
written to the table) and the printable therapist brief. Front desk and admins."""

from __future__ import annotations

from typing import Any, Dict, List

from flask import Blueprint, abort, render_template
from flask_login import login_required

from bot.console.auth import audit
from bot.console.body_map import body_map, described
from bot.console.context import stores
from bot.domain.therapist_brief import flag_notes, therapist_brief
from bot.vocabulary.slots import Slot

bp = Blueprint("summaries", __name__, url_prefix="/summaries")

# The answers, as the summary page lists them: (key, label).
ANSWER_LINES = (
    ("pain_areas_text", "Where it hurts"),
    ("widespread_pain_index", "Painful regions (of the 19 WPI regions)"),
    (Slot.PAIN_INTENSITY, "Pain on a typical day (0-10)"),
    ("intensity_band", "Pain band"),
    (Slot.TOUCH_SENSITIVITY, "Touch sensitivity"),
    (Slot.PRESSURE_PREFERENCE, "Pressure they like"),
    (Slot.POST_MASSAGE_FLARE, "Flare after a firmer massage"),
    (Slot.GOALS, "Goals"),
    (Slot.HEAT_PACKS, "Hot or cold packs"),
    (Slot.SESSION_LENGTH, "Session length (minutes)"),
    (Slot.THERAPIST_GENDER, "Therapist"),
    (Slot.AVOID_AREAS, "Areas to avoid"),
)


def shown(value: Any) -> str:
    """An answer in words: lists joined, yes/no, '-' when not given."""
    if value is None or value == [] or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(item).replace("_", " ") for item in value)
    return str(value).replace("_", " ")


def _answers(summary: Dict[str, Any]) -> List[tuple]:
    return [(label, shown(summary.get(key))) for key, label in ANSWER_LINES if key in summary]


def _record_or_404(summary_id: int) -> Dict[str, Any]:
    record = stores().intake.summary_record(summary_id)
    if record is None:
        abort(404)
    return record


@bp.get("")
@login_required
def index():
    rows = list(reversed(stores().intake.list_summaries()))  # newest first
    audit("viewed list", "intake_summaries", detail=f"{len(rows)} shown")
    return render_template("summaries.html", rows=rows)


@bp.get("/<int:summary_id>")
@login_required
def show(summary_id: int):
    record = _record_or_404(summary_id)
    summary = record["summary"]
    audit("viewed", "intake_summary", summary_id)
    return render_template(
        "summary.html",
        record=record,
        summary=summary,
        answers=_answers(summary),
        flags=flag_notes(summary.get(Slot.RED_FLAGS) or ()),
        **_body_map(summary),
        callbacks=stores().directory.callbacks_of(record["conversation_id"]),
    )


@bp.get("/<int:summary_id>/brief")
@login_required
def brief(summary_id: int):
    record = _record_or_404(summary_id)
    summary = record["summary"]
    audit("viewed", "therapist_brief", summary_id)
    return render_template(
        "brief.html",
        record=record,
        brief=therapist_brief(summary),
        **_body_map(summary),
    )


def _body_map(summary: dict) -> dict:
    """The body map's figures and their text label, for a page's template."""
    return {
        "figures": body_map(summary.get(Slot.PAIN_AREAS), summary.get(Slot.AVOID_AREAS)),
        "map_label": _map_label(summary),
    }


def _map_label(summary: Dict[str, Any]) -> str:
    return (
        f"Body map. Hurts: {described(summary.get(Slot.PAIN_AREAS))}. "
        f"Avoid: {described(summary.get(Slot.AVOID_AREAS))}."
    )
