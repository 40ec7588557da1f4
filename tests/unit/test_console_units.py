"""The staff console's parts without a server: the therapist brief's rules,
the body map, staff users and the audit log in the database, the callback
queue's filters, the console's settings and `staff add-user`."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from bot.console.body_map import AVOID, BOTH, PAIN, REGION_NAMES, body_map
from bot.console.callbacks import read_filter
from bot.domain.recommendation import IntakeAnswers, intake_summary, recommend
from bot.domain.therapist_brief import pressure_ceiling, therapist_brief
from bot.runtime.settings import ConsoleSettings
from bot.staff import cli
from bot.storage.staff import StaffStore
from bot.storage.therapists import DirectoryStore
from bot.vocabulary.words import ALL_REGIONS

PASSWORD = "a pass phrase long enough"


def _ceiling(**slots):
    answers = IntakeAnswers.from_slots(slots)
    return pressure_ceiling(answers, recommend(answers).style)


# --- the brief ------------------------------------------


def test_caution_flag_caps_pressure_at_light():
    ceiling = _ceiling(
        red_flags=["osteoporosis"],
        touch_sensitivity="none",
        pressure_preference="firm",
        pain_intensity=3,
    )
    assert ceiling.level == 3 and ceiling.band == "light"
    assert any("caution flag" in why for why in ceiling.reasons)


def test_moderate_sensitivity_never_deep():
    ceiling = _ceiling(touch_sensitivity="moderate", pressure_preference="firm")
    assert ceiling.level == 6 and ceiling.band == "medium"


def test_flare_history_never_deep():
    ceiling = _ceiling(
        touch_sensitivity="none",
        pressure_preference="firm",
        pain_intensity=3,
        post_massage_flare=True,
    )
    assert ceiling.level == 6
    assert any("Sore for more than two days" in why for why in ceiling.reasons)


def test_low_sensitivity_and_firm_allows_deep():
    ceiling = _ceiling(touch_sensitivity="mild", pressure_preference="firm", pain_intensity=4)
    assert ceiling.level == 8 and ceiling.band == "deep"


def test_stop_flag_means_no_massage():
    ceiling = _ceiling(red_flags=["fever_or_infection"])
    assert ceiling.level is None and "No massage" in ceiling.text


def test_brief_from_a_stored_summary():
    answers = IntakeAnswers.from_slots(
        {
            "red_flags": ["pregnancy", "possible_blood_clot"],
            "pain_areas": ["neck"],
            "goals": ["sleep"],
            "heat_packs": "no",
            "therapist_gender": "any",
            "avoid_areas": ["abdomen"],
        }
    )
    brief = therapist_brief(intake_summary(answers, recommend(answers)))
    assert brief.stopped
    assert [f.flag_id for f in brief.flags] == ["possible_blood_clot", "pregnancy"]
    assert "pregnancy massage" in brief.flags[1].meaning
    assert brief.goals == ("better sleep",)
    assert ("Hot or cold packs", "no") in brief.preferences
    assert all(what != "Therapist" for what, _ in brief.preferences)  # "any" is no wish
    assert brief.avoid_areas_text == "stomach area"


# --- the body map ------------------------------------------


def test_every_region_is_drawn_with_its_state():
    front, back = body_map(["neck", "lower_back"], ["neck", "hip_left"])
    drawn = {s.region for s in front.shapes + back.shapes}
    assert drawn == set(ALL_REGIONS) == set(REGION_NAMES)
    states = {s.region: s.state for s in front.shapes + back.shapes}
    assert states["neck"] == BOTH and states["lower_back"] == PAIN
    assert states["hip_left"] == AVOID
    assert "chest" not in {s.region for s in back.shapes}  # front only
    right_hip_front = next(s for s in front.shapes if s.region == "hip_right")
    right_hip_back = next(s for s in back.shapes if s.region == "hip_right")
    assert right_hip_front.x < 100 < right_hip_back.x  # mirrored on the back


# --- staff users and the audit log ------------------------------------------


@pytest.fixture
def staff(tmp_path):
    store = StaffStore(f"sqlite:///{tmp_path / 'clinic.db'}")
    yield store
    store.dispose()


def _column(store, sql):
    engine = create_engine(store.url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_passwords_are_stored_as_argon2id_only(staff):
    staff.add_user("Desk@Clinic.example", PASSWORD, "front_desk")
    (stored,) = _column(staff, "SELECT password_hash FROM staff_users")[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert staff.authenticate("desk@clinic.example", PASSWORD).role == "front_desk"
    assert staff.authenticate("desk@clinic.example", PASSWORD + "x") is None
    assert staff.authenticate("nobody@clinic.example", PASSWORD) is None


@pytest.mark.parametrize(
    "email, password, role, problem",
    [
        ("a@clinic.example", "short", "admin", "password: must be at least 12"),
        ("a@clinic.example", "a@clinic.example", "admin", "password: must not be the e-mail"),
        ("not an address", PASSWORD, "admin", "email:"),
        ("a@clinic.example", PASSWORD, "owner", "role: must be one of"),
    ],
)
def test_bad_users_are_refused_by_field(staff, email, password, role, problem):
    with pytest.raises(ValueError, match=problem):
        staff.add_user(email, password, role)
    assert staff.list_users() == []


def test_the_same_address_twice_is_refused(staff):
    staff.add_user("a@clinic.example", PASSWORD, "admin")
    with pytest.raises(ValueError, match="already has an account"):
        staff.add_user("A@clinic.example", PASSWORD, "front_desk")


def test_new_session_token_and_deactivation_end_sessions(staff):
    user = staff.add_user("a@clinic.example", PASSWORD, "admin")
    assert staff.by_session_token(user.session_token) == user
    staff.end_sessions(user.id)
    assert staff.by_session_token(user.session_token) is None
    fresh = staff.get_user(user.id)
    staff.set_active(user.id, False)
    assert staff.by_session_token(fresh.session_token) is None
    assert staff.authenticate("a@clinic.example", PASSWORD) is None


def test_audit_details_are_cut_to_their_column(staff):
    user = staff.add_user("a@clinic.example", PASSWORD, "admin")
    staff.record(user, "viewed", "intake_summary", 7, "x" * 500)
    (entry,) = staff.audit_entries()
    assert (entry.staff_email, entry.action, entry.record_id) == (
        "a@clinic.example",
        "viewed",
        "7",
    )
    assert len(entry.detail) == 200


# --- the callback queue ------------------------------------------


def test_queue_filter_reads_the_query_kindly():
    chosen = read_filter({"status": "bogus", "received": "yesterday", "order": "sideways"})
    assert (chosen.status, chosen.received, chosen.order) == (None, "yesterday", "newest")
    start, before = chosen.window(date(2024, 6, 3))
    assert start == datetime(2024, 6, 2, tzinfo=timezone.utc)
    assert before == datetime(2024, 6, 3, tzinfo=timezone.utc)
    bad = read_filter({"received": "date", "day": "3rd of June"})
    assert bad.received == "any" and "YYYY-MM-DD" in bad.problem


def test_callback_note_is_cleaned_and_kept_with_the_status(tmp_path):
    store = DirectoryStore(f"sqlite:///{tmp_path / 'clinic.db'}")
    callback = store.save_callback("c1", "Kim", phone="+12125550123", consent=True)
    assert store.mark_callback(callback, "contacted", "called \x1b[31mback")
    found = store.get_callback(callback)
    assert found.status == "contacted" and found.note == "called back"
    with pytest.raises(ValueError, match="at most 1000"):
        store.mark_callback(callback, "closed", "x" * 1001)
    assert store.get_callback(callback).status == "contacted"
    store.dispose()


# --- settings and the command line ------------------------------------------


def test_console_settings_from_the_environment():
    settings = ConsoleSettings.from_env(
        {"CONSOLE_SECRET_KEY": "k" * 40, "CONSOLE_SECURE_COOKIES": "1", "CONSOLE_PORT": "9001"}
    )
    assert settings.secure_cookies and settings.port == 9001
    assert "k" * 40 not in repr(settings)
    with pytest.raises(ValueError, match="CONSOLE_SECURE_COOKIES"):
        ConsoleSettings.from_env({"CONSOLE_SECURE_COOKIES": "maybe"})


def test_add_user_from_the_command_line(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    argv = ["--database-url", url, "staff", "add-user", "boss@clinic.example", "--role", "admin"]
    assert cli.main(argv + ["--password-stdin"]) == cli.OK
    assert "Created boss@clinic.example (an admin)" in capsys.readouterr().out
    typed = iter([PASSWORD, PASSWORD + " but different"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(typed))
    argv[4] = "second@clinic.example"
    assert cli.main(argv) == cli.BAD_INPUT
    assert "The two passwords differ" in capsys.readouterr().err
    store = StaffStore(url)
    assert [u.email for u in store.list_users()] == ["boss@clinic.example"]
    assert [e.action for e in store.audit_entries()] == ["added"]
    store.dispose()
