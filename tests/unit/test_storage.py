"""The intake store, on a throw-away SQLite file and a throw-away PostgreSQL database."""

from __future__ import annotations

from datetime import timezone

import pytest
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from sqlalchemy import inspect, text

from bot.domain.recommendation import IntakeAnswers, intake_summary, recommend
from bot.runtime import settings as settings_module
from bot.storage.database import Base
from bot.storage.summaries import MAX_SUMMARY_BYTES, IntakeStore


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "nested" / "folder" / "clinic.db"


@pytest.fixture
def sqlite_store(db_path):
    s = IntakeStore(f"sqlite:///{db_path}")
    yield s
    s.dispose()


@pytest.fixture
def store(database_url):
    """Each test using it runs on SQLite and on PostgreSQL."""
    s = IntakeStore(database_url)
    yield s
    s.dispose()


def count_rows(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT COUNT(*) FROM intake_summaries")).scalar_one()


SUMMARY = {"recommended_style": "light", "red_flags": [], "reasons": ["Be gentle."]}


def test_metadata_has_the_table():
    table = Base.metadata.tables["intake_summaries"]
    assert {c.name for c in table.columns} == {
        "id",
        "conversation_id",
        "recommended_style",
        "summary",
        "created_at",
        "updated_at",
    }
    assert table.c.conversation_id.unique


def test_creates_folder_and_table_on_first_use(sqlite_store, db_path):
    assert sqlite_store.get_summary("nobody") is None
    assert db_path.exists()
    assert "intake_summaries" in inspect(sqlite_store.engine).get_table_names()


def test_save_and_get(store):
    store.save_summary("conv-1", SUMMARY)
    assert store.get_summary("conv-1") == SUMMARY
    assert store.get_summary("conv-2") is None


def test_save_replaces_the_earlier_summary(store):
    store.save_summary("conv-1", SUMMARY)
    first = store.list_summaries()[0]
    newer = dict(SUMMARY, recommended_style="myofascial_release")
    store.save_summary("conv-1", newer)
    assert store.get_summary("conv-1") == newer
    assert count_rows(store) == 1
    (row,) = store.list_summaries()
    assert row["recommended_style"] == "myofascial_release"
    assert row["created_at"] == first["created_at"]
    assert row["updated_at"] >= first["updated_at"]


def test_list_summaries(store):
    assert store.list_summaries() == []
    store.save_summary("a", dict(SUMMARY, recommended_style="deep_tissue"))
    store.save_summary("b", {"recommended_style": None})
    rows = store.list_summaries()
    assert [(r["conversation_id"], r["recommended_style"]) for r in rows] == [
        ("a", "deep_tissue"),
        ("b", None),
    ]
    for row in rows:
        assert set(row) == {
            "id",
            "conversation_id",
            "recommended_style",
            "created_at",
            "updated_at",
        }
        assert row["created_at"].tzinfo is not None
        assert row["created_at"].utcoffset() == timezone.utc.utcoffset(None)


def test_delete_conversation(store):
    store.save_summary("a", SUMMARY)
    store.save_summary("b", SUMMARY)
    assert store.delete_conversation("a") == 1
    assert store.get_summary("a") is None
    assert store.get_summary("b") == SUMMARY
    assert store.delete_conversation("a") == 0
    assert store.delete_conversation("never-seen") == 0


@pytest.mark.parametrize(
    "evil",
    [
        "x'); DROP TABLE intake_summaries;--",
        "' OR '1'='1",
        'a"; DELETE FROM intake_summaries; --',
        "%_\\",
    ],
)
def test_sql_looking_ids_are_stored_verbatim(store, evil):
    store.save_summary("innocent", SUMMARY)
    store.save_summary(evil, {"note": evil})
    assert store.get_summary(evil) == {"note": evil}
    ids = {row["conversation_id"] for row in store.list_summaries()}
    assert ids == {"innocent", evil}
    assert store.get_summary("innocent") == SUMMARY  # the table is intact
    assert store.delete_conversation(evil) == 1
    assert count_rows(store) == 1


def test_unicode_round_trip(store):
    summary = {"reasons": ["Ça fait mal — très 痛い 😣"], "pain_areas": ["neck"]}
    store.save_summary("gespräch-ü-日本", summary)
    assert store.get_summary("gespräch-ü-日本") == summary


def test_oversize_summary_is_refused_and_nothing_written(store):
    store.save_summary("conv", SUMMARY)
    huge = {"recommended_style": "light", "blob": "x" * (MAX_SUMMARY_BYTES + 1)}
    with pytest.raises(ValueError):
        store.save_summary("conv", huge)
    with pytest.raises(ValueError):
        store.save_summary("other", huge)
    assert store.get_summary("conv") == SUMMARY
    assert store.get_summary("other") is None
    assert count_rows(store) == 1


def test_multibyte_size_counts_bytes(store):
    # Under the limit in characters, over it in UTF-8 bytes.
    blob = "é" * (MAX_SUMMARY_BYTES // 2 + 10)
    with pytest.raises(ValueError):
        store.save_summary("conv", {"blob": blob})
    assert store.get_summary("conv") is None


@pytest.mark.parametrize("bad", [{"when": object()}, {"n": float("nan")}])
def test_unserialisable_summary_is_refused(store, bad):
    with pytest.raises(ValueError):
        store.save_summary("conv", bad)
    assert store.list_summaries() == []


@pytest.mark.parametrize(
    "bad_id, error",
    [("", ValueError), ("x" * 256, ValueError), (None, TypeError), (42, TypeError)],
)
def test_bad_conversation_ids_are_refused(store, bad_id, error):
    with pytest.raises(error):
        store.save_summary(bad_id, SUMMARY)
    assert store.list_summaries() == []


def test_a_failed_write_is_rolled_back(store, monkeypatch):
    store.save_summary("conv", SUMMARY)

    import bot.storage.summaries as storage_module

    def broken_now():
        raise RuntimeError("clock broke mid-transaction")

    monkeypatch.setattr(storage_module, "utc_now", broken_now)
    with pytest.raises(RuntimeError):
        store.save_summary("conv", {"recommended_style": "deep_tissue"})
    with pytest.raises(RuntimeError):
        store.save_summary("new", SUMMARY)
    monkeypatch.undo()
    assert store.get_summary("conv") == SUMMARY
    assert store.get_summary("new") is None


def test_a_write_failing_at_commit_is_rolled_back(store, monkeypatch):
    """The row is changed in the session, then the flush fails: nothing is kept."""
    from datetime import datetime

    import bot.storage.summaries as storage_module

    store.save_summary("conv", SUMMARY)
    monkeypatch.setattr(storage_module, "utc_now", lambda: datetime(2024, 1, 1))  # naive
    with pytest.raises(Exception):
        store.save_summary("conv", {"recommended_style": "deep_tissue"})
    with pytest.raises(Exception):
        store.save_summary("new", SUMMARY)
    monkeypatch.undo()
    assert store.get_summary("conv") == SUMMARY
    assert [r["conversation_id"] for r in store.list_summaries()] == ["conv"]


def test_real_summary_json_round_trip(store):
    answers = IntakeAnswers.from_slots(
        {
            "red_flags": ["pregnancy"],
            "pain_areas": ["neck", "shoulder_left"],
            "pain_intensity": 6.5,
            "touch_sensitivity": "moderate",
            "pressure_preference": "medium",
            "post_massage_flare": False,
            "session_length": 45,
            "therapist_gender": "female",
        }
    )
    summary = intake_summary(answers, recommend(answers), [{"name": "Anna", "id": 3}])
    store.save_summary("round-trip", summary)
    assert store.get_summary("round-trip") == summary
    assert store.list_summaries()[0]["recommended_style"] == "light"


def test_two_stores_share_one_file(db_path, sqlite_store):
    sqlite_store.save_summary("conv", SUMMARY)
    other = IntakeStore(f"sqlite:///{db_path}")
    try:
        assert other.get_summary("conv") == SUMMARY
    finally:
        other.dispose()


def test_in_memory_database():
    memory = IntakeStore("sqlite://")
    memory.save_summary("conv", SUMMARY)
    assert memory.get_summary("conv") == SUMMARY
    memory.dispose()


def test_default_url_comes_from_settings(tmp_path, monkeypatch):
    db = tmp_path / "from-env" / "x.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    settings_module.clear_settings_cache()
    try:
        s = IntakeStore()
        assert s.url == f"sqlite:///{db}"
        s.save_summary("conv", SUMMARY)
        assert db.exists()
        s.dispose()
    finally:
        settings_module.clear_settings_cache()


# --- Settings -------------------------------------------------------------------


def test_settings_defaults(monkeypatch):
    for name in ("DATABASE_URL", "CLINIC_NAME", "CLINIC_PHONE", "CLINIC_EMAIL", "CLINIC_HOURS"):
        monkeypatch.delenv(name, raising=False)
    settings_module.clear_settings_cache()
    try:
        s = settings_module.get_settings()
        root = settings_module.PROJECT_ROOT
        assert (root / "bot").is_dir()
        assert s.database_url == f"sqlite:///{(root / 'var' / 'clinic.db').as_posix()}"
        assert s.clinic_name == "Riverside Pain Clinic"
        assert s.clinic_phone == "+1 555 0100"
        assert s.clinic_email == "care@riverside-clinic.example"
        assert s.clinic_hours == "Mon–Fri 9:00–17:00"
        assert settings_module.get_settings() is s  # cached
    finally:
        settings_module.clear_settings_cache()


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("CLINIC_NAME", "Hillside Clinic")
    monkeypatch.setenv("CLINIC_PHONE", "  ")  # blank means default
    settings_module.clear_settings_cache()
    try:
        s = settings_module.get_settings()
        assert s.clinic_name == "Hillside Clinic"
        assert s.clinic_phone == "+1 555 0100"
        with pytest.raises(Exception):
            s.clinic_name = "changed"  # frozen
    finally:
        settings_module.clear_settings_cache()
