"""Each figure the benchmark reports: a function returning one timing (seconds) per call.

Start-up and memory are measured in fresh processes, exactly as a user starts the app; the rest run
in this process on copies of the generated databases.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("bare"))
window.resize(1366, 768)
window.show()
window.repaint()
app.processEvents()
print("BENCH ready", flush=True)
"""


@dataclass(frozen=True)
class ProcessRun:
    seconds: float  # from spawning the process to the first data on screen (its first BENCH line)
    ready_seconds: float  # ... to the page filled from the services (its "stage=ready" line)
    peak_kb: int  # at ready


def _spawn_until_ready(argv: list[str], env: dict[str, str]) -> ProcessRun:
    """Times the child's BENCH lines as they arrive: the app prints `stage=first` when the window shows
    its first look at the data, `stage=ready` when the page shows the services' data (or only the
    latter when there was no first look); the bare window prints one line."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    peak_kb = 0
    first = ready = float("nan")
    for line in process.stdout:
        if not line.startswith("BENCH"):
            continue
        now = time.perf_counter() - started
        if first != first:  # NaN: this is the first line
            first = now
        if "stage=first" in line:
            continue
        ready = now
        for part in line.split():
            if part.startswith("peak_kb="):
                peak_kb = int(part.split("=", 1)[1])
        break
    process.wait(timeout=120)
    if ready != ready:  # NaN: the child never reported
        raise RuntimeError(f"{argv[:3]} exited {process.returncode} without reporting")
    return ProcessRun(first, ready, peak_kb)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["BRANCHDESK_BENCH_EXIT"] = "1"
    return env


def app_start(data_dir: Path) -> ProcessRun:
    """The real app (`python -m branchdesk`) until its window shows data: first the branch at a glance
    (read before the ORM loads), then the page the user left open, filled from the services."""
    return _spawn_until_ready([sys.executable, "-m", "branchdesk", "--data-dir", str(data_dir)], _env())


def bare_start() -> ProcessRun:
    """A bare PySide6 main window started the same way, for the ratio."""
    return _spawn_until_ready([sys.executable, "-c", BARE_WINDOW], _env())


def prepare_data_dir(database: Path, folder: Path) -> Path:
    """A data folder holding a copy of `database`, as a secretary's PC would have it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copy2(database, folder / "branchdesk.sqlite3")
    return folder


class RosterPageBench:
    """The roster page on a 3,000-member branch, in this process (offscreen), in the app's theme.

    The theme is applied as the app applies it: its style sheet changes what a cell costs to paint
    (padding, colours, the row height), so timing the unstyled page measured a page nobody sees.
    """

    def __init__(self, database: Path, work: Path) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from branchdesk.db import Database
        from branchdesk.paths import DataPaths

        from branchdesk.ui.context import AppContext
        from branchdesk.ui.pages.roster_page import RosterPage
        from branchdesk.ui.theme import apply_theme

        self.app = QApplication.instance() or QApplication([])
        if isinstance(self.app, QApplication):
            apply_theme(self.app, work.parent / "theme-cache")
        paths = DataPaths(prepare_data_dir(database, work))
        settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
        self.ctx = AppContext(paths=paths, db=Database(paths.database), settings=settings, branch_id=1)
        self.page = RosterPage(self.ctx)
        self.page.resize(1366, 700)
        self.page.show()
        self.app.processEvents()

    def load(self) -> float:
        started = time.perf_counter()
        self.page.refresh()
        self.app.processEvents()
        return time.perf_counter() - started

    def keystroke(self) -> float:
        """One more letter in the search box, until the filtered table is painted."""
        self.page.search_edit.clear()
        self.app.processEvents()
        self.page.search_edit.setText("z")
        self.app.processEvents()
        started = time.perf_counter()
        self.page.search_edit.setText("zh")  # filters synchronously (textChanged)
        self.page.table.viewport().repaint()  # one synchronous paint of the filtered table
        elapsed = time.perf_counter() - started
        self.app.processEvents()  # the update()s already painted above, outside the timing
        return elapsed

    def close(self) -> None:
        self.page.close()
        self.ctx.db.dispose()


def import_preview(database: Path, workbook: Path, work: Path) -> Callable[[], float]:
    """Reading a 5,000-row roster and checking every row against a hospital database."""
    from branchdesk.db import Database
    from branchdesk.services import roster_import, xlsx_guard
    from branchdesk.services.roster_sheet import read_table

    copy = prepare_data_dir(database, work) / "branchdesk.sqlite3"

    def once() -> float:
        db = Database(copy)
        started = time.perf_counter()
        table = read_table(xlsx_guard.load_workbook(workbook))
        with db.transaction() as session:
            preview = roster_import.preview_import(session, table, branch_id=1)
        elapsed = time.perf_counter() - started
        db.dispose()
        assert preview.members > 4000, preview.problems[:3]
        return elapsed

    return once


def meeting_open(
    database: Path, work: Path
) -> tuple[Callable[[], float], Callable[[], float], Callable[[], float]]:
    """Opening the newest meeting of the 150-member branch, its sign-in PDF, and its year view."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from branchdesk.db import Database
    from branchdesk.models import MeetingType
    from branchdesk.services import meetings, org_life_check, sign_in_sheet

    from branchdesk.ui.printing.sign_in_sheet import write_pdf

    QGuiApplication.instance() or QGuiApplication([])
    copy = prepare_data_dir(database, work) / "branchdesk.sqlite3"
    db = Database(copy)
    with db.transaction() as session:
        newest = meetings.list_meetings(session, 1, type=MeetingType.THEME_DAY)[0]
    assert newest.figures.due >= 140, newest.figures  # the 150-member branch less those who left

    def open_once() -> float:
        started = time.perf_counter()
        with db.transaction() as session:
            meetings.get_meeting(session, newest.id)
            entries = meetings.attendance(session, newest.id)
        assert len(entries) == newest.figures.due
        return time.perf_counter() - started

    def pdf_once() -> float:
        started = time.perf_counter()
        with db.transaction() as session:
            sheet = sign_in_sheet.sign_in_sheet(session, newest.id)
        write_pdf(sheet, work / "sign-in.pdf")
        return time.perf_counter() - started

    def year_once() -> float:
        started = time.perf_counter()
        with db.transaction() as session:
            org_life_check.year_check(session, 1, newest.held_on.year, today=newest.held_on)
        return time.perf_counter() - started

    return open_once, pdf_once, year_once


def volunteer_year(database: Path, work: Path, year: int) -> tuple[Callable[[], float], int]:
    """The whole hospital's volunteer figures for one year (events, hours, by month, kind and member),
    as the 志愿服务 page's statistics read them; returns the timing and the year's number of events."""
    from branchdesk.db import Database
    from branchdesk.services.volunteer_figures import volunteer_figures

    db = Database(prepare_data_dir(database, work) / "branchdesk.sqlite3")
    with db.transaction() as session:
        events = volunteer_figures(session, year=year).totals.events  # warm, as the page's first show
    assert events > 0, f"no volunteer events in {year}"

    def once() -> float:
        started = time.perf_counter()
        with db.transaction() as session:
            figures = volunteer_figures(session, year=year)
        elapsed = time.perf_counter() - started
        assert figures.totals.events == events
        return elapsed

    return once, events
