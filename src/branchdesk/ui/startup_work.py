"""Start-up work done beside the window: a first look at the branch before the ORM loads (read-only,
so a file that later fails its check is untouched), the database file's integrity check in a thread
from the first paint, and the start backup after the pages show their data, with writes held until
it is taken.

Kept apart from app.py, which runs the steps in order; these are the steps that overlap.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QWidget

from branchdesk.db import integrity_problems
from branchdesk.errors import BranchDeskError
from branchdesk.paths import DataPaths

from branchdesk.ui.dialogs import messages

if TYPE_CHECKING:
    from branchdesk.services.first_look import FirstLook

    from branchdesk.ui.context import AppContext
    from branchdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
T = TypeVar("T")
BENCH_EXIT_ENV = "BRANCHDESK_BENCH_EXIT"  # set only by the benchmark


class BackgroundJob(Generic[T]):
    """One piece of start-up work in a thread: file work in sqlite3 (C code that releases the GIL), so it
    runs beside the ORM import or the first minutes of use; `result()` waits and re-raises."""

    def __init__(self, name: str, work: Callable[[], T]) -> None:
        self.done = threading.Event()
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> BackgroundJob[T]:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to whoever waits for the result
            self._error = exc
        finally:
            self.done.set()

    @property
    def error(self) -> BaseException | None:
        return self._error if self.done.is_set() else None

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def start_check(paths: DataPaths, *, reset_demo: bool = False) -> BackgroundJob[list[str]] | None:
    """The existing database file's integrity check, started in a thread (None: no file yet, or a demo
    about to be rebuilt); storage.open_database takes its verdict before it touches the file."""
    if reset_demo or not paths.database.is_file():
        return None
    return BackgroundJob("integrity-check", lambda: integrity_problems(paths.database)).start()


def read_first_look(paths: DataPaths, settings: QSettings) -> FirstLook | None:
    """The branch used last (else the first) at a glance, read-only, before the ORM is imported."""
    from branchdesk.services.first_look import read_first_look as look_at

    from branchdesk.ui.context import branch_key

    stored = settings.value(branch_key(paths.demo))
    try:
        preferred = int(stored) if stored is not None else None
    except (TypeError, ValueError):
        preferred = None
    return look_at(paths.database, preferred, today=dt.date.today())


def bench_wanted() -> bool:
    return bool(os.environ.get(BENCH_EXIT_ENV))


def bench_line(stage: str, started: float) -> None:
    """`BENCH stage=first|ready ms=… peak_kb=…` for `python -m branchdesk.bench` (stdout, then nothing)."""
    import resource

    elapsed_ms = (time.perf_counter() - started) * 1000
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"BENCH stage={stage} ms={elapsed_ms:.1f} peak_kb={peak_kb}", flush=True)


def start_backup_in_background(window: MainWindow, ctx: AppContext) -> BackgroundJob[object] | None:
    """The start backup and rotation in a thread, writes held until it is done; a failure is told and
    closes the window, as a failed backup at opening always did. None when it was taken at opening."""
    if not window.start_backup_deferred:
        return None
    from branchdesk.services import storage

    job: BackgroundJob[object] = BackgroundJob("start-backup", lambda: storage.take_start_backup(ctx.paths))
    ctx.db.hold_writes_until(job.done)
    window.background_job = job
    job.start()

    def check_finished() -> None:
        if not job.done.is_set():
            QTimer.singleShot(100, check_finished)
            return
        if job.error is not None:
            log.error("start backup failed: %s", job.error)
            error = job.error
            if isinstance(error, BranchDeskError):
                messages.show_error(window, error, title="启动时备份失败")
            else:
                messages.show_unexpected(window, str(ctx.paths.log_file))
            window.close()

    QTimer.singleShot(100, check_finished)
    return job


def wait_for_background(window: QWidget | None) -> None:
    """Let the start backup finish before the file is closed, swapped or rebuilt (its error is told
    elsewhere)."""
    job = getattr(window, "background_job", None)
    if isinstance(job, BackgroundJob):
        job.done.wait()
