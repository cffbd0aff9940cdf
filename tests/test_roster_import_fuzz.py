"""Property: whatever a roster file holds, the import ends in a result or a Chinese refusal.

Valid workbooks are mutated at the byte level (a damaged download) and at the cell level (anything a
person can type); the import must never raise anything but a BranchDeskError, never run for more
than a few seconds, and leave the database byte-identical whenever it refuses.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from branchdesk.db import Database
from branchdesk.errors import BranchDeskError
from branchdesk.services import roster_import, xlsx_guard
from branchdesk.services.roster_sheet import read_table
from tests import roster_files as rf
from tests.factories import TODAY, setup_branch

SECONDS = 5.0


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("seeds")
    return [
        rf.merged_title_roster(folder / "a.xlsx", count=6),
        rf.two_row_header_roster(folder / "b.xlsx"),
        rf.group_merged_down_roster(folder / "c.xlsx"),
    ]


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("db") / "branchdesk.sqlite3"
    shutil.copy2(template_db, path)
    db = Database(path)
    with db.transaction() as session:
        setup_branch(session)
    db.dispose()
    return path


def _attempt(db_file: Path, source: Path) -> None:
    """The import as the UI and CLI run it: read, preview, apply only when clean, one transaction."""
    before = db_file.read_bytes()
    db = Database(db_file)
    started = time.perf_counter()
    refused = False
    try:
        table = read_table(xlsx_guard.load_workbook(source))
        with db.transaction() as session:
            preview = roster_import.preview_import(session, table, branch_id=1, today=TODAY)
            if preview.importable:
                roster_import.apply_import(session, preview, branch_id=1, mapping=table.mapping, today=TODAY)
            else:
                refused = True
                raise _Rollback
    except _Rollback:
        pass
    except BranchDeskError as exc:
        refused = True
        assert exc.user_message
    finally:
        db.dispose()
    assert time.perf_counter() - started < SECONDS
    if refused:
        assert db_file.read_bytes() == before


class _Rollback(Exception):
    pass


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_byte_mutations_never_escape_as_crashes(
    data: st.DataObject, seed_files: list[Path], seeded_db: Path, tmp_path: Path
) -> None:
    original = bytearray(data.draw(st.sampled_from(seed_files)).read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        original = original[: data.draw(st.integers(0, len(original)))]
    source = tmp_path / "mutated.xlsx"
    source.write_bytes(bytes(original))
    db_file = tmp_path / "db.sqlite3"
    shutil.copy2(seeded_db, db_file)
    _attempt(db_file, source)


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(["=1+1", "1985.1", "1.10105E+17", "男", "预备党员", "19850701", "　", "填表人：张三"]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(1, 14), st.integers(1, 14), CELL_VALUES), max_size=40))
def test_cell_mutations_never_escape_as_crashes(
    cells: list[tuple[int, int, object]], seed_files: list[Path], seeded_db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "seed.xlsx"
    source.write_bytes(seed_files[0].read_bytes())
    workbook = openpyxl.load_workbook(source)
    sheet = workbook.active
    assert sheet is not None
    for row, column, value in cells:
        try:
            sheet.cell(row, column).value = value
        except (ValueError, TypeError, AttributeError, IllegalCharacterError):
            continue  # openpyxl itself refuses some values (merged cells, control characters)
    workbook.save(source)
    db_file = tmp_path / "db.sqlite3"
    shutil.copy2(seeded_db, db_file)
    _attempt(db_file, source)
