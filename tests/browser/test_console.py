"""The staff console in Debian's Chromium (Playwright) against the real console
process: a front-desk person signs in, opens a new callback, prints the
therapist brief and marks the callback contacted; an admin edits a therapist;
axe-core finds no violations on any page. Screenshots of each page (made-up
data) are written to docs/console/."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.console_data import ADMIN_EMAIL, DESK_EMAIL, PASSWORD, running_console, seed
from tests.servers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "docs" / "console"


class Console:
    def __init__(self, base: str, clinic_url: str, seeded) -> None:
        self.base = base
        self.clinic_url = clinic_url
        self.seeded = seeded

    def row(self, sql: str, **params):
        engine = create_engine(self.clinic_url, future=True)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql), params).one()
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def console(tmp_path_factory) -> Iterator[Console]:
    workdir = tmp_path_factory.mktemp("console")
    clinic_url = f"sqlite:///{workdir / 'clinic.db'}"
    seeded = seed(clinic_url)
    with running_console(workdir, clinic_url, f"sqlite:///{workdir / 'tracker.db'}") as base:
        yield Console(base, clinic_url, seeded)


@pytest.fixture
def page(browser):
    # axe-core goes in as a script of the test's own: past the console's CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def sign_in(page, console: Console, email: str) -> None:
    page.goto(f"{console.base}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Callback requests")).to_be_visible()


def axe_violations(page):
    """Every axe-core violation (WCAG 2.0-2.2 A/AA and best practices), any impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                      'best-practice']}})"""
    )
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


def checked(page, name: str) -> None:
    """No axe violations, then a full-page screenshot for docs/console/."""
    assert axe_violations(page) == [], name
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_sign_in_page(page, console):
    page.goto(f"{console.base}/sign-in")
    checked(page, "sign-in")


def test_front_desk_callback_brief_and_mark(page, console):
    callback = console.seeded.callback_ids["yesterday"]
    sign_in(page, console, DESK_EMAIL)
    checked(page, "callbacks")
    # Yesterday's new requests.
    page.get_by_label("Status").select_option("new")
    page.get_by_label("Received (UTC)").select_option("yesterday")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("cell", name="Maria Lopez")).to_be_visible()
    expect(page.get_by_role("cell", name="Sam Okafor")).to_have_count(0)
    page.get_by_role("link", name=f"Request #{callback}", exact=True).click()
    expect(
        page.get_by_role("heading", name=re.compile(f"Callback request #{callback}"))
    ).to_be_visible()
    checked(page, "callback")
    # The intake summary, then the printable brief.
    page.get_by_role("link", name="Open the intake summary").click()
    expect(page.get_by_role("heading", name=re.compile("Intake summary #"))).to_be_visible()
    expect(page.locator(".flag-caution")).to_contain_text("Blood thinners")
    checked(page, "summary")
    page.get_by_role("link", name="Therapist brief (printable)").click()
    expect(page.get_by_text("At most 3 on the 1–10 pressure scale (light).")).to_be_visible()
    checked(page, "brief")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Therapist brief")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1, "the brief is one page"
    page.screenshot(path=str(SHOTS / "brief-print.png"), full_page=True)
    page.emulate_media(media="screen")
    # Back to the request: mark it contacted with a note.
    page.goto(f"{console.base}/callbacks/{callback}")
    page.get_by_label("Status").select_option("contacted")
    page.get_by_label(re.compile("^Note")).fill("Called, booked with Anna on Tuesday")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("is now contacted")
    status, note = console.row(
        "SELECT status, note FROM callback_requests WHERE id = :i", i=callback
    )
    assert status == "contacted" and note == "Called, booked with Anna on Tuesday"
    page.goto(f"{console.base}/summaries")
    checked(page, "summaries")
    assert page.errors == []


def test_admin_edits_a_therapist_and_every_admin_page_is_accessible(page, console):
    sign_in(page, console, ADMIN_EMAIL)
    page.get_by_role("link", name="Therapists").click()
    checked(page, "therapists")
    page.locator("table.data a").first.click()
    name = page.get_by_label("Name").input_value()
    page.get_by_label("Firmest pressure (1-10)").fill("11")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("must be a whole number from 1 to 10")
    checked(page, "therapist-error")
    page.get_by_label("Firmest pressure (1-10)").fill("5")
    page.get_by_label("Uses hot and cold packs").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"Saved {name}")
    pressure_max, packs = console.row(
        "SELECT pressure_max, hot_cold_packs FROM therapists WHERE name = :n", n=name
    )
    assert pressure_max == 5 and packs in (1, True)
    for path, shot in (
        ("/therapists/new", "therapist-new"),
        ("/therapists/import", "therapist-import"),
        ("/users", "users"),
        ("/retention", "retention"),
        ("/delete-person", "delete-person"),
        ("/audit", "audit"),
    ):
        page.goto(console.base + path)
        checked(page, shot)
    expect(page.get_by_role("cell", name="changed")).not_to_have_count(0)
    assert page.errors == []
