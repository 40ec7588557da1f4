"""The staff command line, called as main(argv), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401

from bot.staff import cli
from bot.storage import migrations
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DEMO_FILE, DirectoryStore, dump_therapists, read_therapist_file

ROOT = Path(__file__).resolve().parents[2]
DEMO = read_therapist_file(DEMO_FILE)


@pytest.fixture
def run(database_url, capsys):
    """run("therapists", "list") -> (exit code, stdout, stderr)."""

    def call(*argv):
        code = cli.main(["--database-url", database_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def store(database_url):
    s = DirectoryStore(database_url)
    yield s
    s.dispose()


def names(store) -> list:
    return sorted(p.name for p in store.list_therapists())


def test_db_upgrade_downgrade(run):
    code, out, _ = run("db", "upgrade")
    assert code == 0 and "up to date" in out
    code, out, _ = run("db", "downgrade")
    # One step back from the newest revision.
    previous = migrations.script_directory().get_revision(migrations.head_revision())
    assert code == 0 and f"at revision {previous.down_revision};" in out
    code, out, _ = run("db", "downgrade", "base")
    assert code == 0 and "no clinic tables" in out
    code, _, err = run("db", "upgrade", "no-such-revision")
    assert code == 2 and "Sorry" in err
    assert run("db", "current")[1].startswith("The database has no clinic tables")
    assert run("db", "upgrade")[0] == 0


def test_load_demo_then_list(run):
    code, out, _ = run("therapists", "list")
    assert code == 0 and "The directory is empty" in out
    code, out, _ = run("therapists", "load-demo")
    assert code == 0 and f"{len(DEMO)} therapists" in out
    code, out, _ = run("therapists", "load-demo")
    assert code == 0 and "already has therapists" in out
    code, out, _ = run("therapists", "list")
    assert code == 0
    for p in DEMO:
        assert p.name in out
    assert "myofascial release" in out and f"{len(DEMO)} therapists." in out


@pytest.mark.parametrize("suffix, fmt", [(".yaml", "yaml"), (".yml", "yaml"), (".csv", "csv")])
def test_import_a_valid_file(run, store, tmp_path, suffix, fmt):
    path = tmp_path / f"team{suffix}"
    path.write_text(dump_therapists(DEMO[:3], fmt), encoding="utf-8")
    code, out, err = run("therapists", "import", str(path))
    assert (code, err) == (0, "")
    assert "Imported 3 therapists: 3 added, 0 updated." in out
    assert names(store) == sorted(p.name for p in DEMO[:3])
    # Importing again updates instead of duplicating.
    code, out, _ = run("therapists", "import", str(path))
    assert "0 added, 3 updated" in out
    assert len(store.list_therapists()) == 3


def test_import_a_hand_written_csv(run, store, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(
        "name,licence_number,licensing_body,styles,pressure_min,pressure_max,sessions,"
        "languages,gender,hot_cold_packs,fibro_years,years_practice\n"
        "Rosa Díaz,MT-9,Board,light; myofascial_release,1,5,30=35; 60=70,Spanish; English,"
        "female,yes,3,8\n",
        encoding="utf-8",
    )
    code, out, err = run("therapists", "import", str(path))
    assert code == 0, err
    (rosa,) = store.list_therapists()
    assert (rosa.name, rosa.languages, rosa.session_lengths, rosa.hot_cold_packs) == (
        "Rosa Díaz",
        ("spanish", "english"),
        (30, 60),
        True,
    )


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_a_bad_file_names_row_and_field_and_changes_nothing(run, store, tmp_path, fmt):
    store.import_therapists(DEMO[:1])
    before = store.list_therapists()
    bad_rows = [DEMO[1], DEMO[2], DEMO[3]]
    text = dump_therapists(bad_rows, fmt)
    # Row 3 gets a gender the directory does not know; rows 1-2 are fine.
    if fmt == "yaml":
        data = yaml.safe_load(text)
        data["therapists"][2]["gender"] = "woman"
        text = yaml.safe_dump(data, allow_unicode=True)
    else:
        lines = text.splitlines()
        lines[3] = lines[3].replace(f",{DEMO[3].gender},", ",woman,")
        text = "\n".join(lines) + "\n"
    path = tmp_path / f"bad.{fmt}"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("therapists", "import", str(path))
    assert code == 2
    assert out == ""
    assert "Nothing was imported" in err
    assert "row 3, field 'gender': must be one of female, male, non_binary" in err
    assert store.list_therapists() == before


def test_a_file_that_breaks_in_the_database_changes_nothing(run, store, tmp_path, monkeypatch):
    """All or nothing even when the database refuses a row half-way."""
    import bot.storage.therapists as directory

    store.import_therapists(DEMO[:1])
    before = store.list_therapists()
    path = tmp_path / "team.yaml"
    path.write_text(dump_therapists(DEMO[1:4], "yaml"), encoding="utf-8")
    real = directory._row_values
    calls = []

    def breaking(profile):
        calls.append(profile.name)
        values = real(profile)
        if len(calls) == 3:
            values["pressure_min"], values["pressure_max"] = 9, 2  # CHECK constraint
        return values

    monkeypatch.setattr(directory, "_row_values", breaking)
    with pytest.raises(Exception):
        cli.main(["--database-url", store.url, "therapists", "import", str(path)])
    monkeypatch.undo()
    assert store.list_therapists() == before


def test_import_missing_or_wrong_kind_of_file(run, tmp_path):
    code, _, err = run("therapists", "import", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err
    (tmp_path / "x.json").write_text("[]")
    code, _, err = run("therapists", "import", str(tmp_path / "x.json"))
    assert code == 2 and "use a .yaml" in err


def test_import_replace(run, store, tmp_path):
    store.import_therapists(DEMO[:3])
    path = tmp_path / "one.yaml"
    path.write_text(dump_therapists(DEMO[2:3], "yaml"), encoding="utf-8")
    code, out, _ = run("therapists", "import", "--replace", str(path))
    assert code == 0 and "2 removed" in out
    assert names(store) == [DEMO[2].name]


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_export_round_trip(run, store, database_url, tmp_path, fmt, capsys):
    store.load_demo()
    path = tmp_path / f"export.{fmt}"
    code, out, _ = run("therapists", "export", "--format", fmt, str(path))
    assert code == 0 and f"Wrote {len(DEMO)} therapists" in out
    # Into an empty database: the same directory.
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli.main(["--database-url", other_url, "therapists", "import", str(path)]) == 0
    assert f"{len(DEMO)} added" in capsys.readouterr().out
    other = DirectoryStore(other_url)
    try:

        def strip(profiles):
            return sorted(
                (dataclasses.replace(p, id=None) for p in profiles), key=lambda p: p.licence_number
            )

        assert strip(other.list_therapists()) == strip(store.list_therapists())
    finally:
        other.dispose()
    # To stdout too.
    code, out, _ = run("therapists", "export", "--format", fmt)
    assert code == 0 and out == path.read_text(encoding="utf-8")


def _two_callbacks(store, database_url):
    store.load_demo()
    anna = [p for p in store.list_therapists() if p.name == "Anna Kowalski"][0]
    IntakeStore(database_url).save_summary(
        "conv-1", {"recommended_style": "light", "pain_areas_text": "your neck"}
    )
    first = store.save_callback(
        "conv-1",
        "Ana López",
        phone="+1 212 555 0100",
        preferred_times="weekday mornings",
        consent=True,
        therapist_id=anna.id,
    )
    second = store.save_callback("conv-2", "Bo", email="bo@example.com", consent=True)
    return first, second


def test_callbacks_list_show_mark(run, store, database_url):
    assert run("callbacks", "list")[1].strip() == "No callback requests."
    first, second = _two_callbacks(store, database_url)

    code, out, _ = run("callbacks", "list")
    assert code == 0 and "Ana López" in out and "Bo" in out and "2 requests." in out
    assert "(for Anna Kowalski)" in out

    code, out, _ = run("callbacks", "show", str(first))
    assert code == 0
    for words in (
        "Ana López",
        "+12125550100",
        "weekday mornings",
        "Anna Kowalski",
        "conv-1",
        "[new]",
        "light (gentle) massage",
    ):
        assert words in out

    code, out, _ = run("callbacks", "mark", str(first), "contacted")
    assert code == 0 and "is now 'contacted'" in out
    code, out, _ = run("callbacks", "list", "--status", "new")
    assert "Bo" in out and "Ana" not in out
    code, out, _ = run("callbacks", "list", "--status", "closed")
    assert "No callback requests with status 'closed'" in out

    code, _, err = run("callbacks", "show", "999999")
    assert code == 1 and "no callback request #999999" in err
    code, _, err = run("callbacks", "mark", "999999", "closed")
    assert code == 1
    with pytest.raises(SystemExit) as exited:
        run("callbacks", "mark", str(first), "lost")
    assert exited.value.code == 2


def test_summaries_list_and_show(run, database_url):
    assert run("summaries", "list")[1].strip() == "No intake summaries yet."
    summary = {
        "recommended_style": "myofascial_release",
        "pain_areas_text": "your neck",
        "reasons": ["Light touch does not hurt."],
        "red_flags": [],
        "therapists": [{"id": 3, "name": "Ana", "styles": [], "reasons": []}],
    }
    IntakeStore(database_url).save_summary("conv-9", summary)
    code, out, _ = run("summaries", "list")
    assert code == 0 and "conv-9  myofascial_release" in out and "1 summary." in out
    code, out, _ = run("summaries", "show", "conv-9")
    assert code == 0
    assert "your neck" in out and "Light touch does not hurt." in out and "Ana (#3)" in out
    code, out, _ = run("summaries", "show", "conv-9", "--json")
    import json

    assert json.loads(out) == summary
    code, _, err = run("summaries", "show", "nobody")
    assert code == 1 and "no intake summary" in err


def test_delete_person(run, store, database_url):
    first, second = _two_callbacks(store, database_url)
    store.save_callback("conv-1", "Ana López", email="ana@example.com", consent=True)
    # The conversation histories: none here (tests/unit/test_retention.py has them).
    tracker = ("--tracker-url", database_url)
    code, out, _ = run(*tracker, "delete-person", "conv-1")
    assert code == 0
    assert (
        "Deleted 1 intake summary, 2 callback requests and 0 conversation events "
        "(0 messages) for conversation 'conv-1'." in out
    )
    assert IntakeStore(database_url).get_summary("conv-1") is None
    assert [c.id for c in store.list_callbacks()] == [second]
    code, _, err = run(*tracker, "delete-person", "conv-1")
    assert code == 1 and "Nothing is stored" in err


def test_bad_command_is_exit_2(run):
    with pytest.raises(SystemExit) as exited:
        run("therapists", "fly")
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        run()
    assert exited.value.code == 2


def test_runs_as_a_module(tmp_path):
    """`python -m bot.staff.cli` in a fresh process, the database from DATABASE_URL."""
    import os

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}")
    done = subprocess.run(
        [sys.executable, "-m", "bot.staff.cli", "therapists", "load-demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Loaded the demo directory" in done.stdout
    assert (tmp_path / "p.db").exists()
