"""Admins only: staff users, the retention settings, deleting a person's data
(bot.storage.privacy.erase_person: the clinic's rows and the whole conversation
history) and the audit log."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from bot.console.auth import admin_required, audit
from bot.console.context import stores
from bot.console.forms import ActionForm, DeletePersonForm, NewUserForm, UserRoleForm
from bot.runtime.settings import get_retention_settings
from bot.storage.conversations import ConversationHistory
from bot.storage.privacy import erase_person
from bot.storage.retention import RetentionPolicy, clinic_cutoff
from bot.storage.staff import ADMIN

bp = Blueprint("admin", __name__)

AUDIT_PAGE = 100


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    form = NewUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = stores().staff.add_user(form.email.data, form.password.data, form.role.data)
        except ValueError as error:
            field, _, message = str(error).partition(": ")
            target = form[field] if field in ("email", "password", "role") else form.email
            target.errors = [message or str(error)]
            status = 400
        else:
            audit("added", "staff_user", user.id, f"role: {user.role}")
            flash(f"Added {user.email}. They can sign in now.")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 400
    return render_template(
        "users.html",
        users=stores().staff.list_users(),
        form=form,
        action=ActionForm(),
        role_form=UserRoleForm,
    ), status


def _guard_last_admin(user_id: int) -> bool:
    """False (and a message) when the change would leave no active admin."""
    user = stores().staff.get_user(user_id)
    if user is None:
        abort(404)
    if user.role == ADMIN and user.active and stores().staff.count_admins() <= 1:
        flash("That is the only active admin: add another admin first.")
        return False
    return True


@bp.post("/users/<int:user_id>/role")
@admin_required
def set_role(user_id: int):
    form = UserRoleForm()
    if not form.validate_on_submit():
        abort(400)
    if form.role.data != ADMIN and not _guard_last_admin(user_id):
        return redirect(url_for("admin.users"))
    stores().staff.set_role(user_id, form.role.data)
    audit("changed role", "staff_user", user_id, f"role: {form.role.data}")
    flash("Role changed.")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/active")
@admin_required
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    if not active and not _guard_last_admin(user_id):
        return redirect(url_for("admin.users"))
    stores().staff.set_active(user_id, active)
    audit("reactivated" if active else "deactivated", "staff_user", user_id)
    flash("Reactivated." if active else "Deactivated: their sessions have ended.")
    return redirect(url_for("admin.users"))


@bp.get("/retention")
@admin_required
def retention():
    settings = get_retention_settings()
    cutoff = clinic_cutoff(RetentionPolicy.from_settings(settings), datetime.now(timezone.utc))
    due = stores().directory.expired_rows(cutoff, remove=False)
    audit("viewed", "retention_settings")
    return render_template("retention.html", settings=settings, due=due)


@bp.route("/delete-person", methods=["GET", "POST"])
@admin_required
def delete_person():
    form = DeletePersonForm()
    if request.method == "GET":
        form.conversation_id.data = request.args.get("conversation_id", "")[:255]
        return render_template("delete_person.html", form=form, erased=None)
    if not form.validate_on_submit():
        return render_template("delete_person.html", form=form, erased=None), 400
    conversation_id = form.conversation_id.data.strip()
    history = ConversationHistory(stores().tracker_url)
    try:
        erased = erase_person(conversation_id, stores().directory, history)
    finally:
        history.dispose()
    audit(
        "deleted person's data",
        "conversation",
        conversation_id,
        f"{erased.intake_summaries} summaries, {erased.callback_requests} callbacks, "
        f"{erased.events} events",
    )
    return render_template(
        "delete_person.html",
        form=DeletePersonForm(formdata=None),
        erased=erased,
        conversation_id=conversation_id,
    )


@bp.get("/audit")
@admin_required
def audit_log():
    page = max(request.args.get("page", 1, type=int), 1)
    action = request.args.get("action") or None
    entries = stores().staff.audit_entries(AUDIT_PAGE + 1, (page - 1) * AUDIT_PAGE, action)
    audit("viewed", "audit_log", detail=f"page {page}")
    return render_template(
        "audit.html",
        entries=entries[:AUDIT_PAGE],
        more=len(entries) > AUDIT_PAGE,
        page=page,
        action=action,
        actions=stores().staff.audit_actions(),
    )
