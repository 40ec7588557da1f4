"""The therapist directory (admins): edit with the file import's validation
(bot.storage.therapists.parse_therapist, errors named by field), add,
deactivate or reactivate (never delete), import an uploaded file and export
the directory as a download."""

from __future__ import annotations

from typing import Any, Dict, Optional

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from bot.console.auth import admin_required, audit
from bot.console.context import stores
from bot.console.forms import ActionForm, ImportForm, TherapistForm
from bot.domain.matching import TherapistProfile
from bot.storage.therapists import (
    FIELDS,
    TherapistFieldError,
    TherapistFileError,
    dump_therapists,
    parse_therapist,
    parse_therapist_text,
    therapist_record,
)

bp = Blueprint("directory", __name__, url_prefix="/therapists")

FORMATS = {"yaml": "application/yaml", "csv": "text/csv"}


def form_values(profile: TherapistProfile) -> Dict[str, Any]:
    """A profile as the form shows it: the CSV file's notation."""
    record = therapist_record(profile)
    values = dict(record)
    for key in ("languages", "locations"):
        values[key] = "; ".join(record[key])
    values["sessions"] = "; ".join(
        f"{s['minutes']}={s['price']:g}" if s.get("price") is not None else str(s["minutes"])
        for s in record["sessions"]
    )
    values["availability"] = "; ".join(
        f"{day} {' '.join(times)}" for day, times in record["availability"].items()
    )
    for key in ("years_practice", "fibro_years", "pressure_min", "pressure_max"):
        values[key] = str(record[key])
    return values


def _record(form: TherapistForm) -> Dict[str, Any]:
    return {name: form[name].data for name in FIELDS}


def _save(form: TherapistForm, therapist_id: Optional[int]):
    """Validate as the import does and save; the form again with the wrong
    field named, or a redirect."""
    if form.validate_on_submit():
        try:
            profile = parse_therapist(_record(form), therapist_id)
            saved = stores().directory.save_therapist(profile, therapist_id)
        except TherapistFieldError as error:
            # Named by field, as the import names them (the form has every field).
            form[error.field].errors = [error.message]
        else:
            audit("changed" if therapist_id else "added", "therapist", saved)
            flash(f"Saved {profile.name}.")
            return redirect(url_for("directory.index"))
    return render_template("therapist_form.html", form=form, therapist_id=therapist_id), 400


@bp.get("")
@admin_required
def index():
    audit("viewed list", "therapists")
    return render_template(
        "therapists.html", entries=stores().directory.directory_entries(), action=ActionForm()
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    form = TherapistForm()
    if request.method == "POST":
        return _save(form, None)
    return render_template("therapist_form.html", form=form, therapist_id=None)


@bp.route("/<int:therapist_id>", methods=["GET", "POST"])
@admin_required
def edit(therapist_id: int):
    entry = stores().directory.therapist_entry(therapist_id)
    if entry is None:
        abort(404)
    if request.method == "POST":
        return _save(TherapistForm(), therapist_id)
    audit("viewed", "therapist", therapist_id)
    form = TherapistForm(data=form_values(entry.profile))
    return render_template(
        "therapist_form.html", form=form, therapist_id=therapist_id, entry=entry
    )


@bp.post("/<int:therapist_id>/active")
@admin_required
def set_active(therapist_id: int):
    active = request.form.get("active") == "1"
    if not stores().directory.set_therapist_active(therapist_id, active):
        abort(404)
    audit("reactivated" if active else "deactivated", "therapist", therapist_id)
    flash("Reactivated." if active else "Deactivated: no longer suggested to anyone.")
    return redirect(url_for("directory.index"))


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_file():
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        upload = form.file.data
        fmt = "csv" if upload.filename.lower().endswith(".csv") else "yaml"
        try:
            text = upload.read().decode("utf-8-sig")
            profiles = parse_therapist_text(text, fmt)
        except UnicodeDecodeError:
            errors = ["The file is not UTF-8 text. Save it as UTF-8 and try again."]
        except TherapistFileError as error:
            errors = error.errors
        else:
            counts = stores().directory.import_therapists(profiles, replace=form.replace.data)
            detail = ", ".join(f"{n} {what}" for what, n in counts.items())
            audit("imported", "therapists", detail=detail)
            flash(f"Imported {len(profiles)} therapists: {detail}.")
            return redirect(url_for("directory.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("therapist_import.html", form=form, errors=errors), status


@bp.get("/export.<fmt>")
@admin_required
def export(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    text = dump_therapists(stores().directory.list_therapists(), fmt)
    audit("exported", "therapists", detail=fmt)
    return Response(
        text,
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="therapists.{fmt}"'},
    )
