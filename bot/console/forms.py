"""The console's forms (Flask-WTF: every POST form carries a CSRF token).

Field checks that the storage layer owns (therapist records, passwords,
e-mail addresses) are left to it, so the console says exactly what the file
import and the CLI say."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from bot.domain.matching import THERAPIST_STYLES, style_name
from bot.storage.callbacks import CALLBACK_STATUSES, MAX_NOTE
from bot.storage.staff import STAFF_ROLES
from bot.storage.therapists import RECORD_GENDERS

ROLE_CHOICES = [(role, "Admin" if role == "admin" else "Front desk") for role in STAFF_ROLES]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class MarkCallbackForm(FlaskForm):
    status = SelectField(
        "Status", choices=[(s, s.capitalize()) for s in CALLBACK_STATUSES], default="contacted"
    )
    note = TextAreaField(
        "Note (optional, e.g. 'left a voicemail'; no health details)",
        validators=[Optional(), Length(max=MAX_NOTE)],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TherapistForm(FlaskForm):
    """The fields of a therapist record, written as in the CSV file."""

    name = StringField("Name")
    bio = TextAreaField("Bio")
    licence_number = StringField("Licence number")
    licensing_body = StringField("Licensing body")
    years_practice = StringField("Years in practice")
    styles = MultiCheckboxField(
        "Styles", choices=[(s, style_name(s)) for s in THERAPIST_STYLES], validate_choice=False
    )
    fibro_years = StringField("Years with fibromyalgia or chronic pain clients")
    pressure_min = StringField("Lightest pressure (1-10)")
    pressure_max = StringField("Firmest pressure (1-10)")
    hot_cold_packs = BooleanField("Uses hot and cold packs")
    sessions = StringField("Sessions (minutes=price; e.g. 45=60; 60=75)")
    languages = StringField("Languages (separated by ;)")
    gender = SelectField(
        "Gender",
        choices=[(g, g.replace("_", "-")) for g in RECORD_GENDERS],
        validate_choice=False,
    )
    locations = StringField("Locations (separated by ;)")
    step_free_access = BooleanField("Step-free access")
    adjustable_table = BooleanField("Adjustable table")
    availability = StringField("Availability (e.g. mon 09:00-13:00 14:00-17:00; wed 10:00-16:00)")


class ImportForm(FlaskForm):
    file = FileField(
        "Therapist file (.yaml, .yml or .csv)",
        validators=[
            FileRequired(),
            FileAllowed(["yaml", "yml", "csv"], "Use a .yaml or .csv file"),
        ],
    )
    replace = BooleanField("Also remove therapists who are not in the file")


class NewUserForm(FlaskForm):
    email = EmailField("E-mail address", validators=[DataRequired(), Length(max=254)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="front_desk")
    password = PasswordField("Password (at least 12 characters)", validators=[DataRequired()])
    confirm = PasswordField(
        "The password again",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )


class UserRoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class DeletePersonForm(FlaskForm):
    conversation_id = StringField("Conversation id", validators=[DataRequired(), Length(max=255)])
    confirm = BooleanField(
        "I understand this deletes the intake summary, callback requests and the whole "
        "conversation, and cannot be undone",
        validators=[DataRequired(message="Please tick the box to confirm.")],
    )
