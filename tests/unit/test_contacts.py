"""Issue 14, point 6: contact details read with phonenumbers and email-validator
for the clinic's country (bot/domain/contacts.py, bot/domain/callback.py);
control characters and terminal escapes stripped before a callback request is
stored, and escaped when the staff command line prints one."""

from __future__ import annotations

import pytest
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from bot.domain import callback
from bot.domain.contacts import (
    clean_text,
    example_phone,
    phone_for_people,
    phone_region,
    validate_email,
    validate_phone,
    visible_text,
)
from bot.runtime.settings import clear_settings_cache
from bot.staff import cli
from bot.storage.callbacks import CallbackStore

# --- Phone numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, region, expected",
    [
        # The two numbers of the issue: a UK number with its "(0)" trunk prefix
        # (once read as +4402079460958) and a US number written with dots (once refused).
        ("+44 (0)20 7946 0958", "US", "+442079460958"),
        ("212.555.0123", "US", "+12125550123"),
        ("(212) 555-0123", "US", "+12125550123"),
        ("+1 212 555 0123", "GB", "+12125550123"),  # "+": the region does not matter
        ("020 7946 0958", "GB", "+442079460958"),  # national: the clinic's country
        ("020 7946 0958", "UK", "+442079460958"),  # "UK" is what people write
        ("0044 20 7946 0958", "GB", "+442079460958"),
        ("  +44 20 7946 0958 ", None, "+442079460958"),
        ("(02) 9876 5432", "AU", "+61298765432"),
        ("212-555-0123 ext 4", "US", "+12125550123 ext. 4"),
        ("212-555-0123 x 4", "us", "+12125550123 ext. 4"),
    ],
)
def test_numbers_are_read_for_the_clinics_country_and_stored_in_e164(raw, region, expected):
    assert validate_phone(raw, region) == expected


@pytest.mark.parametrize(
    "raw, region",
    [
        ("", "US"),
        ("   ", "US"),
        ("+1 555 0199", "US"),  # 7 digits after +1: no such number
        ("+1 (555) 010-0100", "US"),  # area code 555 does not exist
        ("212.555.0123", "GB"),  # a US number read as a UK one: invalid
        ("020 7946 0958", "US"),
        ("020 7946 0958", None),  # no "+" and no known country: cannot be read
        ("020 7946 0958", "XX"),
        ("CALL-ME-NOW", "US"),  # letters would be keypad digits to phonenumbers
        ("212 555 0123 please", "US"),
        ("1+5550100100", "US"),
        ("(212 555 0123", "US"),
        ("+1 212 555 0123" + " 0" * 40, "US"),
        (None, "US"),
        (2125550123, "US"),
    ],
)
def test_what_cannot_be_dialled_is_refused(raw, region):
    assert validate_phone(raw, region) is None


def test_regions_people_write():
    assert phone_region("uk") == "GB" and phone_region(" us ") == "US"
    assert phone_region("XX") is None and phone_region("") is None and phone_region(None) is None


def test_numbers_are_shown_the_way_people_read_them():
    assert phone_for_people("+442079460958") == "+44 20 7946 0958"
    assert phone_for_people("+12125550123 ext. 4") == "+1 212-555-0123 ext. 4"
    assert phone_for_people("ana@example.com") == "ana@example.com"
    assert example_phone("GB") == "0121 234 5678"  # the hint after a misread number
    assert example_phone("XX").startswith("+1 ")


# --- E-mail addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ana@example.com", "ana@example.com"),
        ("  Ana.Lopez+fibro@Example.ORG ", "Ana.Lopez+fibro@example.org"),
        ("x@sub.domain.co.uk", "x@sub.domain.co.uk"),
        # Internationalised addresses, refused by the old pattern:
        ("josé@example.com", "josé@example.com"),
        ("anna@münchen.de", "anna@münchen.de"),
        ("anna@xn--mnchen-3ya.de", "anna@münchen.de"),
        ("用户@例子.广告", "用户@例子.广告"),
    ],
)
def test_addresses_are_normalised_internationalised_ones_included(raw, expected):
    assert validate_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "ana",
        "ana@",
        "@example.com",
        "ana@example",
        "ana@@example.com",
        "ana example@example.com",
        "ana@exa mple.com",
        ".ana@example.com",
        "ana.@example.com",
        "a..b@example.com",
        "ana@-example.com",
        "ana@example.c",
        "a" * 65 + "@example.com",
        "ana@localhost",
        "ana\x1b[31m@example.com",
        "ana\u202e@example.com",
        None,
        42,
    ],
)
def test_what_is_not_an_address_is_refused(raw):
    assert validate_email(raw) is None


@given(st.text(max_size=40), st.sampled_from(["US", "GB", None]))
def test_validators_never_crash_and_are_idempotent(text_value, region):
    phone = validate_phone(text_value, region)
    assert phone is None or validate_phone(phone, region) == phone
    email = validate_email(text_value)
    assert email is None or validate_email(email) == email


# --- The callback form's answers ---------------------------------------------------------


def test_the_callback_form_reads_contacts_for_the_clinics_country():
    assert callback.read_contact("212.555.0123", "US") == "+12125550123"
    assert callback.read_contact("020 7946 0958", "GB") == "+442079460958"
    assert callback.read_contact("Ana@Example.COM", "GB") == "Ana@example.com"
    assert callback.read_contact("not a number", "US") is None
    asked_again = callback.contact_not_read_text("GB")
    assert "doesn't look like a phone number" in asked_again and "0121 234 5678" in asked_again
    assert callback.phone_and_email("+442079460958") == ("+442079460958", None)
    assert callback.phone_and_email("ana@example.com") == (None, "ana@example.com")


def test_the_details_read_back_show_the_number_as_people_read_it():
    said = callback.confirm_text("Ana", "+442079460958", "mornings")
    assert "contact Ana at +44 20 7946 0958 (mornings)" in said


ESCAPES = "\x1b[2J\x1b[H\x1b]0;owned\x07\x1b[31m"


def test_names_and_notes_lose_control_characters_and_escape_sequences():
    assert callback.read_name(f"{ESCAPES}Eve\x07 Smith\u202e\x1b[0m") == "Eve Smith"
    assert callback.read_name("\x1b[2J\x1b[31m") is None  # nothing left: not a name
    assert callback.read_times(f"mornings{ESCAPES}\r\nplease") == "mornings please"
    assert callback.read_times("\x1b[2J") == callback.ANY_TIME


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Zoë  O'Brien-Ngũgĩ", "Zoë O'Brien-Ngũgĩ"),  # letters of every language stay
        ("مريم\u200cعلي", "مريم\u200cعلي"),  # a zero-width non-joiner belongs to the name
        ("👩\u200d⚕️ Dr Lee", "👩\u200d⚕️ Dr Lee"),
        ("a\tb\nc\x00d\x7fe", "a b cde"),
        ("\x9b31mred", "red"),  # the 8-bit form of ESC [
        ("x\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "xlink"),  # a hyperlink
        ("left\u202eright\u2066", "leftright"),  # bidi overrides: a name shown backwards
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_a_bio_keeps_its_lines():
    assert clean_text("First line\x1b[1m\r\n\n  indented\tline\x07", keep_newlines=True) == (
        "First line\n\n  indented line"
    )


def test_visible_text_shows_control_characters_as_escapes():
    assert visible_text("Eve\x1b[2J\u202e\n") == "Eve\\x1b[2J\\u202e\\n"
    assert visible_text("Zoë 👩\u200d⚕️") == "Zoë 👩\u200d⚕️"


# --- Stored, and printed to the staff terminal --------------------------------------------


@pytest.fixture
def store(database_url):
    s = CallbackStore(database_url)
    yield s
    s.dispose()


def _row(database_url, callback_id):
    engine = create_engine(database_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT name, phone, preferred_times FROM callback_requests WHERE id = :i"),
                {"i": callback_id},
            ).one()
    finally:
        engine.dispose()


def test_the_store_strips_what_the_form_let_through(store, database_url):
    """A caller of the store that skipped the form (a forged action call, an
    import) still cannot store an escape sequence: read back from the table."""
    callback_id = store.save_callback(
        "conv-escapes",
        f"{ESCAPES}Eve\x07 Smith",
        phone="212.555.0123",
        preferred_times=f"after 5{ESCAPES}",
        consent=True,
    )
    assert tuple(_row(database_url, callback_id)) == ("Eve Smith", "+12125550123", "after 5")
    with pytest.raises(ValueError, match="name is required"):
        store.save_callback("conv-escapes", ESCAPES, email="a@example.com", consent=True)
    with pytest.raises(ValueError, match="dialled"):
        store.save_callback("conv-escapes", "Eve", phone="+1 555 0199", consent=True)


def test_the_store_reads_national_numbers_for_the_clinics_country(
    store, database_url, monkeypatch
):
    monkeypatch.setenv("CLINIC_COUNTRY", "GB")
    clear_settings_cache()
    try:
        callback_id = store.save_callback("conv-uk", "Ana", phone="020 7946 0958", consent=True)
    finally:
        monkeypatch.delenv("CLINIC_COUNTRY")
        clear_settings_cache()
    assert _row(database_url, callback_id).phone == "+442079460958"


def test_the_staff_terminal_never_receives_an_escape_sequence(store, database_url, capsys):
    """Rows written before the store cleaned them (or by hand) are printed with
    their control characters as visible escapes."""
    callback_id = store.save_callback("conv\x1b[2J", "Eve", email="eve@example.com", consent=True)
    engine = create_engine(database_url, future=True)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE callback_requests SET name = :n, preferred_times = :t WHERE id = :i"),
                {"n": "Eve\x1b[2J\x1b]0;owned\x07", "t": "now\x1b[31m", "i": callback_id},
            )
    finally:
        engine.dispose()
    for argv in (["callbacks", "list"], ["callbacks", "show", str(callback_id)]):
        assert cli.main(["--database-url", database_url, *argv]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out
        assert "Eve\\x1b[2J\\x1b]0;owned\\x07" in out
    assert "now\\x1b[31m" in out and "conv\\x1b[2J" in out
