"""The therapist directory and callback requests: validation, files and the
repository, each repository test on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.domain.matching import SessionOption, TherapistProfile
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import (
    DEMO_FILE,
    FIELDS,
    OTHER_STYLES,
    PREGNANCY_MASSAGE,
    THERAPIST_STYLES,
    DirectoryStore,
    TherapistFieldError,
    TherapistFileError,
    dump_therapists,
    parse_therapist,
    parse_therapist_text,
    read_therapist_file,
    therapist_record,
)
from bot.vocabulary import words as vocab

RECORD = {
    "name": "Test Therapist",
    "bio": "Gentle.",
    "licence_number": "LMT-1",
    "licensing_body": "Board",
    "years_practice": 10,
    "styles": ["light", "myofascial_release"],
    "fibro_years": 4,
    "pressure_min": 2,
    "pressure_max": 6,
    "hot_cold_packs": True,
    "sessions": [{"minutes": 45, "price": 60}, {"minutes": 60, "price": 75.5}],
    "languages": ["english", "spanish"],
    "gender": "female",
    "locations": ["Main"],
    "step_free_access": True,
    "adjustable_table": False,
    "availability": {"mon": ["09:00-13:00"], "fri": ["13:00-17:00"]},
}


def profile(**changes) -> TherapistProfile:
    return dataclasses.replace(parse_therapist(RECORD), **changes)


@pytest.fixture
def store(database_url):
    s = DirectoryStore(database_url)
    yield s
    s.dispose()


# Contact validation (phonenumbers, email-validator): tests/unit/test_contacts.py.


# --- Records and files -------------------------------------------------------------------


def test_core_and_other_styles():
    assert set(vocab.STYLES_BY_GENTLENESS) <= set(THERAPIST_STYLES)
    assert vocab.NO_MASSAGE not in THERAPIST_STYLES
    assert {"manual_lymph_drainage", "pregnancy_massage", "swedish", "shiatsu"} <= set(
        OTHER_STYLES
    )


def test_parse_a_full_record():
    p = parse_therapist(RECORD)
    assert p.sessions == (SessionOption(45, 60.0), SessionOption(60, 75.5))
    assert p.session_lengths == (45, 60)
    assert p.availability == {"mon": ("09:00-13:00",), "fri": ("13:00-17:00",)}
    assert therapist_record(p) == RECORD


def test_defaults_for_optional_fields():
    minimal = {
        k: RECORD[k]
        for k in (
            "name",
            "licence_number",
            "licensing_body",
            "styles",
            "pressure_min",
            "pressure_max",
            "sessions",
            "languages",
            "gender",
        )
    }
    minimal["fibro_years"] = 0
    p = parse_therapist(minimal)
    assert (p.bio, p.years_practice, p.hot_cold_packs, p.locations, p.availability) == (
        "",
        0,
        False,
        (),
        {},
    )


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("gender", "robot", "must be one of female, male, non_binary"),
        ("styles", ["light", "reiki"], "unknown style 'reiki'"),
        ("styles", [], "is required"),
        ("pressure_min", 0, "from 1 to 10"),
        ("pressure_max", 11, "from 1 to 10"),
        ("pressure_max", 1, "at least pressure_min"),
        ("pressure_min", "soft", "whole number"),
        ("fibro_years", 20, "cannot be more than years_practice"),
        ("sessions", [{"minutes": 5}], "from 10 to 240"),
        ("sessions", [{"minutes": 45}, {"minutes": 45}], "listed twice"),
        ("sessions", [{"minutes": 45, "price": "cheap"}], "not a number"),
        ("sessions", "45 minutes please", "should look like 45=65"),
        ("languages", ["english", "123"], "not a language"),
        ("hot_cold_packs", "sometimes", "yes or no"),
        ("availability", {"mon": ["9-5"]}, "should look like 09:00-13:00"),
        ("availability", {"funday": ["09:00-10:00"]}, "unknown day"),
        ("availability", {"mon": ["13:00-09:00"]}, "must end after it starts"),
        ("name", "   ", "is required"),
        ("licence_number", None, "is required"),
    ],
)
def test_field_errors_name_the_field(field, value, words):
    with pytest.raises(TherapistFieldError) as caught:
        parse_therapist(dict(RECORD, **{field: value}))
    assert caught.value.field == field
    assert words in caught.value.message


def test_unknown_field_suggests_the_right_one():
    with pytest.raises(TherapistFieldError) as caught:
        parse_therapist(dict(RECORD, gendr="female"))
    assert caught.value.field == "gendr"
    assert "did you mean 'gender'" in caught.value.message


def test_csv_style_text_values():
    row = {k: str(v) for k, v in RECORD.items() if not isinstance(v, (list, dict, bool))}
    row.update(
        styles="Light; myofascial release",
        sessions="45=60; 60=75.5",
        languages="English; ES",
        hot_cold_packs="yes",
        step_free_access="Yes",
        adjustable_table="no",
        locations="Main",
        gender="Female",
        availability="mon 09:00-13:00; Friday 13:00-17:00",
    )
    assert parse_therapist(row) == parse_therapist(RECORD)


def test_file_errors_name_every_bad_row_and_field():
    bad = dump_therapists(
        [
            profile(name="A"),
            profile(name="B", licence_number="2"),
            profile(name="C", licence_number="3"),
        ],
        "yaml",
    )
    bad = bad.replace("gender: female", "gender: robot", 2)
    with pytest.raises(TherapistFileError) as caught:
        parse_therapist_text(bad, "yaml")
    assert caught.value.errors == [
        "row 1, field 'gender': must be one of female, male, non_binary, not 'robot'",
        "row 2, field 'gender': must be one of female, male, non_binary, not 'robot'",
    ]


def test_the_same_licence_twice_in_a_file():
    text_value = dump_therapists([profile(name="A"), profile(name="B")], "csv")
    with pytest.raises(TherapistFileError) as caught:
        parse_therapist_text(text_value, "csv")
    assert caught.value.errors[0].startswith("row 2, field 'licence_number': the same licence")


def test_csv_unknown_column_and_extra_cells():
    with pytest.raises(TherapistFileError, match="unknown column 'gendr'.*'gender'"):
        parse_therapist_text("name,gendr\nA,female\n", "csv")
    good = dump_therapists([profile()], "csv")
    header, line = good.strip().split("\n")
    with pytest.raises(TherapistFileError, match="row 1: has more cells"):
        parse_therapist_text(f"{header}\n{line},extra\n", "csv")


@pytest.mark.parametrize(
    "content, words",
    [
        ("therapists: [", "not valid YAML"),
        ("just text", "should hold a list"),
        ("- 3", "row 1: must be a mapping"),
    ],
)
def test_bad_yaml_files(content, words):
    with pytest.raises(TherapistFileError) as caught:
        parse_therapist_text(content, "yaml")
    assert words in str(caught.value)


def test_read_file_by_extension(tmp_path):
    (tmp_path / "t.txt").write_text("x")
    with pytest.raises(TherapistFileError, match="use a .yaml"):
        read_therapist_file(tmp_path / "t.txt")
    with pytest.raises(TherapistFileError, match="no such file"):
        read_therapist_file(tmp_path / "missing.csv")


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_dump_and_parse_round_trip(fmt):
    profiles = read_therapist_file(DEMO_FILE)
    assert parse_therapist_text(dump_therapists(profiles, fmt), fmt) == profiles


def test_demo_directory_is_varied():
    demo = read_therapist_file(DEMO_FILE)
    assert len(demo) >= 8
    assert {"female", "male"} <= {p.gender for p in demo}
    languages = {lang for p in demo for lang in p.languages}
    assert {"english", "spanish", "french"} <= languages
    assert any(PREGNANCY_MASSAGE in p.styles for p in demo)
    assert any(
        p.styles == (vocab.DEEP_TISSUE,)
        or set(p.styles) - set(OTHER_STYLES) == {vocab.DEEP_TISSUE}
        for p in demo
    )
    assert any(p.fibro_years <= 1 for p in demo)
    assert any(p.hot_cold_packs for p in demo) and any(not p.hot_cold_packs for p in demo)
    assert len({p.pressure_min for p in demo}) > 2 and len({p.pressure_max for p in demo}) > 2
    assert len({loc for p in demo for loc in p.locations}) >= 3
    for style in vocab.STYLES_BY_GENTLENESS:
        assert sum(style in p.styles for p in demo) >= 2


# --- The repository (SQLite and PostgreSQL) ---------------------------------------------------


def test_import_list_and_update(store):
    assert store.list_therapists() == []
    counts = store.import_therapists(
        [profile(name="Zed", licence_number="1"), profile(name="Amy", licence_number="2")]
    )
    assert counts == {"added": 2, "updated": 0, "removed": 0}
    listed = store.list_therapists()
    assert [p.name for p in listed] == ["Amy", "Zed"]
    assert all(isinstance(p.id, int) for p in listed)
    assert dataclasses.replace(listed[0], id=None) == profile(name="Amy", licence_number="2")
    assert store.get_therapist(listed[0].id) == listed[0]
    assert store.get_therapist(999_999) is None

    # Same licence (any case): updated in place, id kept.
    counts = store.import_therapists(
        [profile(name="Amy B.", licence_number="2", licensing_body="BOARD", fibro_years=9)]
    )
    assert counts == {"added": 0, "updated": 1, "removed": 0}
    amy = store.get_therapist(listed[0].id)
    assert (amy.name, amy.fibro_years) == ("Amy B.", 9)
    assert store.count_therapists() == 2


def test_import_with_replace_removes_the_others(store):
    store.import_therapists([profile(licence_number="1"), profile(licence_number="2")])
    counts = store.import_therapists([profile(licence_number="2")], replace=True)
    assert counts == {"added": 0, "updated": 1, "removed": 1}
    assert [p.licence_number for p in store.list_therapists()] == ["2"]


def test_import_is_all_or_nothing(store):
    store.import_therapists([profile(licence_number="1", name="Kept")])
    broken = profile(licence_number="2", pressure_min=9, pressure_max=3)  # violates a CHECK
    with pytest.raises(IntegrityError):
        store.import_therapists(
            [profile(licence_number="3"), broken, profile(licence_number="1", name="Changed")]
        )
    assert [(p.licence_number, p.name) for p in store.list_therapists()] == [("1", "Kept")]


def test_load_demo_only_when_empty(store):
    assert store.load_demo() == len(read_therapist_file(DEMO_FILE))
    assert store.load_demo() == 0
    assert store.count_therapists() == len(read_therapist_file(DEMO_FILE))


def test_save_callback_needs_consent(store):
    for consent in (False, None, "yes", 1):
        with pytest.raises(ValueError, match="consent"):
            store.save_callback("conv", "Ana", phone="+1 555 0100 100", consent=consent)
    assert store.list_callbacks() == []


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"name": "  "}, "name is required"),
        ({"phone": None, "email": None}, "phone number or an e-mail"),
        ({"phone": "", "email": "  "}, "phone number or an e-mail"),
        ({"phone": "12"}, "not a number that can be dialled"),
        ({"phone": None, "email": "ana@"}, "not a valid e-mail"),
        ({"therapist_id": 424242}, "no therapist with id 424242"),
        ({"preferred_times": "x" * 501}, "at most 500"),
        ({"conversation_id": ""}, "must not be empty"),
    ],
)
def test_bad_callbacks_are_refused(store, kwargs, words):
    args = dict(
        conversation_id="conv",
        name="Ana",
        phone="212 555 0100",
        email=None,
        preferred_times=None,
        consent=True,
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=words):
        store.save_callback(**args)
    assert store.list_callbacks() == []


def test_callbacks_saved_listed_and_marked(store, database_url):
    store.import_therapists([profile(name="Anna")])
    anna = store.list_therapists()[0]
    IntakeStore(database_url).save_summary("conv-1", {"recommended_style": "light"})
    first = store.save_callback(
        "conv-1",
        " Ana  López ",
        phone="+1 (212) 555-0100",
        email=None,
        preferred_times="mornings",
        consent=True,
        therapist_id=anna.id,
    )
    second = store.save_callback("conv-2", "Bo", email="Bo@Example.COM", consent=True)
    assert isinstance(first, int) and second != first

    one = store.get_callback(first)
    assert (one.name, one.phone, one.email, one.preferred_times, one.status) == (
        "Ana López",
        "+12125550100",
        None,
        "mornings",
        "new",
    )
    assert (one.therapist_id, one.therapist_name) == (anna.id, "Anna")
    assert one.intake_summary_id is not None
    assert one.created_at.tzinfo is not None
    two = store.get_callback(second)
    assert (two.email, two.phone, two.intake_summary_id, two.therapist_id) == (
        "Bo@example.com",
        None,
        None,
        None,
    )

    assert [c.id for c in store.list_callbacks()] == [first, second]
    assert store.mark_callback(first, "contacted") is True
    assert [c.id for c in store.list_callbacks("new")] == [second]
    assert [c.id for c in store.list_callbacks("contacted")] == [first]
    assert store.get_callback(first).updated_at >= one.updated_at
    assert store.mark_callback(999_999, "closed") is False
    with pytest.raises(ValueError):
        store.mark_callback(first, "lost")
    with pytest.raises(ValueError):
        store.list_callbacks("lost")
    assert store.get_callback(999_999) is None


def test_database_refuses_a_callback_without_contact_or_with_bad_status(store):
    """The CHECK constraints hold even for writes that bypass the repository."""
    store.count_therapists()  # migrate
    for values in ("'c', 'Ana', NULL, NULL, 'new'", "'c', 'Ana', '123', NULL, 'lost'"):
        with pytest.raises(IntegrityError):
            with store.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO callback_requests (conversation_id, name, phone, email, "
                        f"status, created_at, updated_at) VALUES ({values}, "
                        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    )
                )


def test_removing_a_therapist_keeps_the_callback(store):
    store.import_therapists([profile(licence_number="1"), profile(licence_number="2")])
    gone = [p for p in store.list_therapists() if p.licence_number == "1"][0]
    callback = store.save_callback(
        "conv", "Ana", phone="2125550100", consent=True, therapist_id=gone.id
    )
    store.import_therapists([profile(licence_number="2")], replace=True)
    kept = store.get_callback(callback)
    assert kept is not None and kept.therapist_id is None


def test_delete_person_removes_summary_and_callbacks(store, database_url):
    intake = IntakeStore(database_url)
    try:
        intake.save_summary("conv-1", {"recommended_style": "light"})
        intake.save_summary("conv-2", {"recommended_style": "light"})
        store.save_callback("conv-1", "Ana", phone="2125550100", consent=True)
        store.save_callback("conv-1", "Ana", email="ana@example.com", consent=True)
        other = store.save_callback("conv-2", "Bo", phone="2125550101", consent=True)
        assert store.delete_person("conv-1") == {"intake_summaries": 1, "callback_requests": 2}
        assert intake.get_summary("conv-1") is None
        assert [c.id for c in store.list_callbacks()] == [other]
        assert store.delete_person("conv-1") == {"intake_summaries": 0, "callback_requests": 0}
        # The bot's "delete my data" (IntakeStore) also removes callback requests.
        assert intake.delete_conversation("conv-2") == 2
        assert store.list_callbacks() == []
    finally:
        intake.dispose()


def test_unicode_and_sql_looking_values(store):
    evil = "x'); DROP TABLE therapists;--"
    store.import_therapists([profile(name="Élodie 痛い", bio=evil)])
    callback = store.save_callback(evil, "Zoë ' OR '1'='1", email="z@example.com", consent=True)
    assert store.list_therapists()[0].name == "Élodie 痛い"
    assert store.list_therapists()[0].bio == evil
    assert store.get_callback(callback).conversation_id == evil
    assert store.delete_person(evil)["callback_requests"] == 1


def test_every_field_survives_the_database(store):
    p = profile(
        availability={"sun": ("10:00-12:00", "13:00-14:30")},
        sessions=(SessionOption(30, None), SessionOption(90, 120.25)),
        gender="non_binary",
        locations=("A", "B"),
    )
    store.import_therapists([p])
    assert dataclasses.replace(store.list_therapists()[0], id=None) == p
    assert set(FIELDS) == set(therapist_record(p))
