"""The staff console over HTTP: Flask's test client with CSRF on (every attack
replayed and read back from the database), then the real console process
(`python -m bot.console`, waitress) on a free port."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, insert, text

from bot.console.app import create_app
from bot.console.directory import form_values
from bot.runtime.settings import ConsoleSettings
from bot.storage.conversations import EVENTS
from bot.storage.therapists import DirectoryStore
from tests.console_data import (
    ADMIN_EMAIL,
    DESK_EMAIL,
    PASSWORD,
    SECRET,
    SETTINGS,
    running_console,
    seed,
)
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)
FRONT_DESK_PAGES = ["/callbacks", "/summaries"]
ADMIN_PAGES = [
    "/therapists",
    "/therapists/new",
    "/therapists/import",
    "/users",
    "/retention",
    "/delete-person",
    "/audit",
]


def token_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has a CSRF token"
    return match.group(1) or match.group(2)


class Clinic:
    def __init__(self, tmp_path: Path) -> None:
        self.url = f"sqlite:///{tmp_path / 'clinic.db'}"
        self.tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
        self.seeded = seed(self.url)

    def rows(self, sql: str, **params):
        engine = create_engine(self.url, future=True)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql), params).all()
        finally:
            engine.dispose()

    def audit_text(self) -> str:
        return "\n".join(
            " ".join(str(v) for v in row)
            for row in self.rows(
                "SELECT staff_email, action, record_type, record_id, detail FROM audit_log"
            )
        )


@pytest.fixture
def clinic(tmp_path):
    return Clinic(tmp_path)


@pytest.fixture
def app(clinic):
    app = create_app(SETTINGS, clinic.url, clinic.tracker_url)
    yield app
    app.extensions["clinic_stores"].dispose()


def sign_in(client, email=ADMIN_EMAIL, password=PASSWORD):
    page = client.get("/sign-in").get_data(as_text=True)
    return client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token_of(page)}
    )


def post_form(client, page_path: str, action: str, data: dict):
    """A POST as the console's own page makes it: with that page's CSRF token."""
    page = client.get(page_path).get_data(as_text=True)
    return client.post(action, data=dict(data, csrf_token=token_of(page)))


# --- signing in ------------------------------------------


def test_every_page_needs_a_signed_in_user(app, clinic):
    client = app.test_client()
    summary = clinic.seeded.summary_ids["conv-caution"]
    for path in FRONT_DESK_PAGES + ADMIN_PAGES + [f"/summaries/{summary}/brief", "/callbacks/1"]:
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], path
    assert b"Maria" not in client.get("/callbacks", follow_redirects=True).data


def test_sign_in_sets_a_secure_session_cookie(clinic):
    app = create_app(ConsoleSettings(secret_key=SECRET, secure_cookies=True), clinic.url)
    client = app.test_client()
    response = sign_in(client)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "Strict-Transport-Security" in client.get("/callbacks").headers


def test_cookie_is_not_secure_by_default_but_httponly_and_lax(app):
    cookie = sign_in(app.test_client()).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_wrong_password_is_refused_and_audited_without_the_password(app, clinic):
    client = app.test_client()
    response = sign_in(client, password="not the password at all")
    assert response.status_code == 401
    assert b"do not match an active account" in response.data
    assert client.get("/callbacks").status_code == 302
    log = clinic.audit_text()
    assert "sign-in failed" in log and "not the password" not in log


def test_sign_in_without_csrf_token_is_refused(app):
    client = app.test_client()
    response = client.post("/sign-in", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 400
    assert b"The form had expired" in response.data
    assert client.get("/callbacks").status_code == 302  # not signed in


def test_sign_in_is_rate_limited_per_account(app, clinic):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, password="wrong password, again").status_code == 401
    # The sixth try is refused before the password is checked, the right one too.
    response = sign_in(client)
    assert response.status_code == 429
    assert b"Too many attempts" in response.data
    assert (
        clinic.rows("SELECT last_sign_in_at FROM staff_users WHERE email = :e", e=ADMIN_EMAIL)[0][
            0
        ]
        is None
    )


def test_sign_in_is_rate_limited_per_address_across_accounts(app):
    client = app.test_client()
    for n in range(5):
        assert sign_in(client, email=f"guess{n}@clinic.example").status_code == 401
    assert sign_in(client, email=DESK_EMAIL).status_code == 429


def test_successful_sign_ins_are_not_limited(app):
    for _ in range(7):
        client = app.test_client()
        assert sign_in(client, email=DESK_EMAIL).status_code == 302


def test_sign_out_ends_the_session_even_for_a_copied_cookie(app):
    client = app.test_client()
    sign_in(client)
    copied = client.get_cookie("clinic_console").value
    assert post_form(client, "/callbacks", "/sign-out", {}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("clinic_console", copied)
    assert thief.get("/callbacks").status_code == 302


def test_deactivated_user_is_signed_out(app, clinic):
    desk = app.test_client()
    sign_in(desk, email=DESK_EMAIL)
    admin = app.test_client()
    sign_in(admin)
    desk_id = clinic.rows("SELECT id FROM staff_users WHERE email = :e", e=DESK_EMAIL)[0][0]
    post_form(admin, "/users", f"/users/{desk_id}/active", {"active": "0"})
    assert desk.get("/callbacks").status_code == 302
    assert sign_in(app.test_client(), email=DESK_EMAIL).status_code == 401


# --- roles ------------------------------------------


def test_front_desk_sees_callbacks_summaries_and_briefs_only(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    summary = clinic.seeded.summary_ids["conv-caution"]
    for path in FRONT_DESK_PAGES + [f"/summaries/{summary}", f"/summaries/{summary}/brief"]:
        assert client.get(path).status_code == 200, path
    for path in ADMIN_PAGES + ["/therapists/export.csv"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"Not for your role" in response.data
    assert b"/therapists" not in client.get("/callbacks").data  # not in the menu either
    assert "refused" in clinic.audit_text()


def test_front_desk_cannot_change_admin_things_even_with_a_token(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    response = post_form(client, "/callbacks", "/therapists/1/active", {"active": "0"})
    assert response.status_code == 403
    assert clinic.rows("SELECT active FROM therapists WHERE id = 1")[0][0] in (1, True)
    response = post_form(
        client, "/callbacks", "/delete-person", {"conversation_id": "conv-caution", "confirm": "y"}
    )
    assert response.status_code == 403
    assert clinic.rows("SELECT count(*) FROM intake_summaries")[0][0] == 3


def test_admin_sees_every_page(app):
    client = app.test_client()
    sign_in(client)
    for path in FRONT_DESK_PAGES + ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


# --- callbacks ------------------------------------------


def test_queue_filters_by_status_and_day(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    yesterday = client.get("/callbacks?received=yesterday").get_data(as_text=True)
    assert "Maria Lopez" in yesterday and "Sam Okafor" not in yesterday
    today = client.get("/callbacks?received=today&status=new").get_data(as_text=True)
    assert "Sam Okafor" in today and "Maria Lopez" not in today
    oldest = client.get("/callbacks?order=oldest").get_data(as_text=True)
    assert oldest.index("Maria Lopez") < oldest.index("Sam Okafor")
    bad = client.get("/callbacks?received=date&day=yesterday-ish")
    assert bad.status_code == 200 and b"Please give the date as YYYY-MM-DD" in bad.data


def test_mark_contacted_with_a_note(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    callback = clinic.seeded.callback_ids["yesterday"]
    response = post_form(
        client,
        f"/callbacks/{callback}",
        f"/callbacks/{callback}/mark",
        {"status": "contacted", "note": "Left a voicemail \x1b[2J at 10:15"},
    )
    assert response.status_code == 302
    status, note = clinic.rows(
        "SELECT status, note FROM callback_requests WHERE id = :i", i=callback
    )[0]
    assert status == "contacted"
    assert note.startswith("Left a voicemail") and "\x1b" not in note and "[2J" not in note
    log = clinic.audit_text()
    assert f"marked callback_request {callback} status: contacted" in log
    assert "voicemail" not in log and "Maria" not in log


def test_cross_site_mark_without_token_changes_nothing(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    callback = clinic.seeded.callback_ids["today"]
    response = client.post(f"/callbacks/{callback}/mark", data={"status": "closed"})
    assert response.status_code == 400
    assert (
        clinic.rows("SELECT status FROM callback_requests WHERE id = :i", i=callback)[0][0]
        == "new"
    )


def test_stored_text_is_shown_as_text(app, clinic):
    store = DirectoryStore(clinic.url)
    store.save_callback("conv-x", "<script>alert(1)</script>", phone="+12125550199", consent=True)
    store.dispose()
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    page = client.get("/callbacks").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- summaries and the brief ------------------------------------------


def test_summary_page_highlights_flags_and_draws_the_body_map(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    summary = clinic.seeded.summary_ids["conv-caution"]
    page = client.get(f"/summaries/{summary}").get_data(as_text=True)
    assert 'class="flag flag-caution"' in page and "Blood thinners or a bleeding disorder" in page
    assert re.search(r'class="region region-pain"[^>]*>\s*<title>neck: hurts', page)
    assert re.search(r'class="region region-avoid"[^>]*>\s*<title>abdomen: avoid', page)
    assert "light (gentle) massage" in page  # the recommendation
    assert "Questions the person was given" in page and "Matched therapists" in page


def test_brief_names_the_pressure_ceiling_and_what_flags_mean(app, clinic):
    client = app.test_client()
    sign_in(client, email=DESK_EMAIL)
    caution = client.get(f"/summaries/{clinic.seeded.summary_ids['conv-caution']}/brief")
    text_ = caution.get_data(as_text=True)
    assert "At most 3 on the 1–10 pressure scale (light)" in text_
    assert "Bruises and bleeds easily" in text_
    assert "Sore for more than two days" in text_ and "better sleep" in text_
    stop = client.get(f"/summaries/{clinic.seeded.summary_ids['conv-stop']}/brief")
    assert b"No massage for now" in stop.data and b"See a doctor first" in stop.data


def test_audit_log_names_records_never_health_details(app, clinic):
    client = app.test_client()
    sign_in(client)
    summary = clinic.seeded.summary_ids["conv-caution"]
    client.get(f"/summaries/{summary}")
    client.get(f"/summaries/{summary}/brief")
    client.get(f"/callbacks/{clinic.seeded.callback_ids['yesterday']}")
    log = clinic.audit_text()
    assert f"viewed intake_summary {summary}" in log
    assert f"viewed therapist_brief {summary}" in log
    for secret in ("blood_thinners", "thinners", "neck", "Maria", "555", "weekday", "light"):
        assert secret not in log, secret
    page = client.get("/audit").get_data(as_text=True)
    assert f"intake summary #{summary}" in page and ADMIN_EMAIL in page


def test_unknown_records_are_a_kind_404(app):
    client = app.test_client()
    sign_in(client)
    for path in ("/summaries/999", "/summaries/999/brief", "/callbacks/999", "/therapists/999"):
        response = client.get(path)
        assert response.status_code == 404 and b"There is nothing here" in response.data


# --- the therapist directory ------------------------------------------


def _therapist_form(client, clinic, therapist_id: int) -> dict:
    """What the edit page's form sends unchanged (its values come from form_values)."""
    store = DirectoryStore(clinic.url)
    values = form_values(store.get_therapist(therapist_id))
    store.dispose()
    form = {key: value for key, value in values.items() if not isinstance(value, bool)}
    form.update({key: "y" for key, value in values.items() if value is True})
    form["csrf_token"] = token_of(client.get(f"/therapists/{therapist_id}").get_data(as_text=True))
    return form


def test_edit_refuses_a_bad_field_by_name_and_changes_nothing(app, clinic):
    client = app.test_client()
    sign_in(client)
    before = clinic.rows(
        "SELECT pressure_min, pressure_max, updated_at FROM therapists WHERE id = 1"
    )
    form = _therapist_form(client, clinic, 1)
    form.update(pressure_min="6", pressure_max="2")
    response = client.post("/therapists/1", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "must be at least pressure_min (6)" in page
    assert 'id="pressure_max-error"' in page
    assert (
        clinic.rows("SELECT pressure_min, pressure_max, updated_at FROM therapists WHERE id = 1")
        == before
    )


def test_edit_saves_through_the_import_validation(app, clinic):
    client = app.test_client()
    sign_in(client)
    form = _therapist_form(client, clinic, 1)
    form.update(pressure_min="2", pressure_max="5", languages="English; es")
    assert client.post("/therapists/1", data=form).status_code == 302
    row = clinic.rows("SELECT pressure_min, pressure_max, languages FROM therapists WHERE id = 1")[
        0
    ]
    assert row[0] == 2 and row[1] == 5 and "spanish" in row[2]  # 'es' read as the import does


def test_deactivate_rather_than_delete(app, clinic):
    client = app.test_client()
    sign_in(client)
    assert (
        post_form(client, "/therapists", "/therapists/1/active", {"active": "0"}).status_code
        == 302
    )
    assert clinic.rows("SELECT active FROM therapists WHERE id = 1")[0][0] in (0, False)
    store = DirectoryStore(clinic.url)
    assert 1 not in [t.id for t in store.list_therapists()]  # never suggested
    store.dispose()
    assert clinic.rows("SELECT count(*) FROM therapists")[0][0] == 9


def test_import_lists_every_mistake_and_imports_nothing(app, clinic):
    client = app.test_client()
    sign_in(client)
    page = client.get("/therapists/import").get_data(as_text=True)
    bad = (
        "name,licence_number,licensing_body,styles,pressure_min,pressure_max,sessions,"
        "languages,gender\nNew One,X-1,Board,light,2,4,60=70,english,woman\n"
    )
    response = client.post(
        "/therapists/import",
        data={"csrf_token": token_of(page), "file": (io.BytesIO(bad.encode()), "team.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert (
        b"row 1, field &#39;gender&#39;: must be one of female, male, non_binary" in response.data
    )
    assert clinic.rows("SELECT count(*) FROM therapists")[0][0] == 9


def test_export_then_import_gives_back_the_directory(app, clinic):
    client = app.test_client()
    sign_in(client)
    exported = client.get("/therapists/export.csv")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="therapists.csv"'
    page = client.get("/therapists/import").get_data(as_text=True)
    response = client.post(
        "/therapists/import",
        data={"csrf_token": token_of(page), "file": (io.BytesIO(exported.data), "team.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert clinic.rows("SELECT count(*) FROM therapists")[0][0] == 9
    assert "imported therapists" in clinic.audit_text()


# --- users, retention, deleting a person ------------------------------------------


def test_admin_adds_a_user_with_the_password_rules(app, clinic):
    client = app.test_client()
    sign_in(client)
    weak = post_form(
        client,
        "/users",
        "/users",
        {
            "email": "new@clinic.example",
            "role": "front_desk",
            "password": "short",
            "confirm": "short",
        },
    )
    assert weak.status_code == 400 and b"at least 12 characters" in weak.data
    ok = post_form(
        client,
        "/users",
        "/users",
        {
            "email": "new@clinic.example",
            "role": "front_desk",
            "password": "a long enough pass phrase",
            "confirm": "a long enough pass phrase",
        },
    )
    assert ok.status_code == 302
    stored = clinic.rows(
        "SELECT role, password_hash FROM staff_users WHERE email = :e", e="new@clinic.example"
    )[0]
    assert stored[0] == "front_desk" and stored[1].startswith("$argon2id$")
    assert "pass phrase" not in stored[1]


def test_the_last_admin_cannot_be_deactivated(app, clinic):
    client = app.test_client()
    sign_in(client)
    admin_id = clinic.rows("SELECT id FROM staff_users WHERE email = :e", e=ADMIN_EMAIL)[0][0]
    post_form(client, "/users", f"/users/{admin_id}/active", {"active": "0"})
    assert clinic.rows("SELECT active FROM staff_users WHERE id = :i", i=admin_id)[0][0] in (
        1,
        True,
    )


def test_retention_page_shows_the_settings(app):
    client = app.test_client()
    sign_in(client)
    page = client.get("/retention").get_data(as_text=True)
    assert "90 days after their last change" in page and "CLINIC_RETENTION_DAYS" in page


def test_delete_person_erases_rows_and_history(app, clinic):
    engine = create_engine(clinic.tracker_url, future=True)
    EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for n in range(4):
            connection.execute(
                insert(EVENTS).values(
                    sender_id="conv-caution",
                    type_name="user" if n % 2 else "slot",
                    timestamp=time.time(),
                    data="{}",
                )
            )
    client = app.test_client()
    sign_in(client)
    unconfirmed = post_form(
        client, "/delete-person", "/delete-person", {"conversation_id": "conv-caution"}
    )
    assert unconfirmed.status_code == 400
    assert clinic.rows("SELECT count(*) FROM intake_summaries")[0][0] == 3
    response = post_form(
        client,
        "/delete-person",
        "/delete-person",
        {"conversation_id": "conv-caution", "confirm": "y"},
    )
    assert response.status_code == 200
    assert (
        b"Deleted 1 intake summary, 1 callback request and 4 conversation events" in response.data
    )
    assert (
        clinic.rows(
            "SELECT count(*) FROM intake_summaries WHERE conversation_id = 'conv-caution'"
        )[0][0]
        == 0
    )
    assert (
        clinic.rows(
            "SELECT count(*) FROM callback_requests WHERE conversation_id = 'conv-caution'"
        )[0][0]
        == 0
    )
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 0
    engine.dispose()
    assert "deleted person's data conversation conv-caution" in clinic.audit_text()


# --- the real process ------------------------------------------


def test_console_refuses_to_start_without_a_secret(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", CONSOLE_SECRET_KEY="")
    done = subprocess.run(
        [sys.executable, "-m", "bot.console", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "set CONSOLE_SECRET_KEY" in done.stderr


@pytest.fixture
def console_process(clinic, tmp_path):
    with running_console(tmp_path, clinic.url, clinic.tracker_url) as base:
        yield base


def _real_sign_in(base: str, email: str, password: str = PASSWORD):
    session = requests.Session()
    page = session.get(f"{base}/sign-in", timeout=10).text
    response = session.post(
        f"{base}/sign-in",
        data={"email": email, "password": password, "csrf_token": token_of(page)},
        allow_redirects=False,
        timeout=10,
    )
    return session, response


def test_the_real_console_process(console_process, clinic):
    base = console_process
    # CSRF: a sign-in without the token is refused.
    assert (
        requests.post(
            f"{base}/sign-in", data={"email": ADMIN_EMAIL, "password": PASSWORD}, timeout=10
        ).status_code
        == 400
    )
    # Front desk: their pages, not the admin's.
    desk, response = _real_sign_in(base, DESK_EMAIL)
    assert response.status_code == 302
    assert "HttpOnly" in response.headers["Set-Cookie"]
    summary = clinic.seeded.summary_ids["conv-caution"]
    for path in FRONT_DESK_PAGES + [
        f"/summaries/{summary}",
        f"/summaries/{summary}/brief",
        f"/callbacks/{clinic.seeded.callback_ids['today']}",
    ]:
        assert desk.get(base + path, timeout=10).status_code == 200, path
    for path in ADMIN_PAGES:
        assert desk.get(base + path, timeout=10).status_code == 403, path
    # Admin: every page.
    admin, response = _real_sign_in(base, ADMIN_EMAIL)
    for path in FRONT_DESK_PAGES + ADMIN_PAGES + ["/therapists/1", "/therapists/export.yaml"]:
        assert admin.get(base + path, timeout=10).status_code == 200, path
    # Rate limit: five wrong passwords, then even the right one waits.
    for _ in range(5):
        assert _real_sign_in(base, DESK_EMAIL, "wrong password here")[1].status_code == 401
    assert _real_sign_in(base, DESK_EMAIL)[1].status_code == 429
