"""Where BranchDesk keeps its files: one data folder holding the database, backups, logs and settings.

Resolution order: an explicit `--data-dir`, then a `portable.txt` beside the program (data stays on
the USB stick next to it), then the platform's per-user data folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from branchdesk import APP_NAME

PORTABLE_MARKER = "portable.txt"
DATABASE_NAME = "branchdesk.sqlite3"
DEMO_DATABASE_NAME = "demo.sqlite3"


def program_dir() -> Path:
    """The folder of the running program: the frozen executable's, or the source package's parent."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent


@dataclass(frozen=True)
class DataPaths:
    """Every path of one data folder; the demo database sits beside the real one, never mixed."""

    root: Path
    demo: bool = False

    @property
    def database(self) -> Path:
        return self.root / (DEMO_DATABASE_NAME if self.demo else DATABASE_NAME)

    @property
    def backups(self) -> Path:
        return self.root / ("backups-demo" if self.demo else "backups")

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "branchdesk.log"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.ini"

    @property
    def lock_file(self) -> Path:
        return self.root / ("demo.lock" if self.demo else "branchdesk.lock")

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> DataPaths:
        """Create the folders this data folder needs; returns self for chaining."""
        for folder in (self.root, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_data_dir(explicit: str | Path | None = None, *, base: Path | None = None) -> Path:
    """The data folder to use: explicit, portable (marker beside the program) or per-user."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    here = base if base is not None else program_dir()
    if (here / PORTABLE_MARKER).exists():
        return here / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
