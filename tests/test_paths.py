"""Where the data folder is: --data-dir, then portable.txt beside the program, then the per-user folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from branchdesk.paths import DataPaths, resolve_data_dir


def test_an_explicit_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    assert resolve_data_dir(tmp_path / "mine", base=tmp_path) == (tmp_path / "mine").resolve()


def test_portable_marker_keeps_data_beside_the_program(tmp_path: Path) -> None:
    (tmp_path / "portable.txt").write_text("", encoding="utf-8")
    assert resolve_data_dir(None, base=tmp_path) == tmp_path / "data"


def test_otherwise_the_per_user_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "user" / "BranchDesk"))
    assert resolve_data_dir(None, base=tmp_path) == tmp_path / "user" / "BranchDesk"


def test_demo_files_never_share_the_real_names(tmp_path: Path) -> None:
    real, demo = DataPaths(tmp_path), DataPaths(tmp_path, demo=True)
    assert (
        real.database != demo.database and real.backups != demo.backups and real.lock_file != demo.lock_file
    )
    assert real.log_file == demo.log_file  # one log per folder, with the demo flag in its lines
