"""`branchdesk --self-test`: every step passes on a fresh folder, a failure stops and is named, and the
command runs with no display and never touches the user's data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from PySide6.QtWidgets import QApplication

from branchdesk import schema, self_test
from branchdesk.self_test import STEPS, CheckResult, run_checks, summary_lines


def test_every_step_passes_and_leaves_its_outputs(tmp_path: Path, qapp: QApplication) -> None:
    results = run_checks(tmp_path)

    assert [r.label for r in results] == [label for label, _ in STEPS]
    assert [r for r in results if not r.ok] == []
    assert schema.HEAD_REVISION in results[0].detail
    backups = sorted((tmp_path / "data" / "backups").glob("*.sqlite3"))
    assert backups, "the backup step left no backup"
    sheet = load_workbook(tmp_path / "花名册-自检.xlsx", read_only=True).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert "自检甲" in cells and "138****8000" in cells and "13800138000" not in cells
    assert (tmp_path / "签到表-自检.pdf").read_bytes().startswith(b"%PDF-")
    assert summary_lines(results, 1.0)[-1].startswith("自检通过")


def test_a_failing_step_is_named_and_the_rest_are_not_run(
    tmp_path: Path, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_state: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(self_test, "STEPS", (STEPS[0], ("坏的一步 broken", broken), *STEPS[2:]))
    lines: list[str] = []

    code = self_test.main(lambda text, error=False: lines.append(text))

    assert code == self_test.EXIT_FAILED
    assert any("[失败 FAIL] 坏的一步 broken：OSError: disk full" in line for line in lines)
    assert sum("[未运行 --]" in line for line in lines) == len(STEPS) - 2
    assert lines[-1].startswith("自检失败") and "1/" in lines[-1]


def test_summary_counts_only_passed_steps() -> None:
    results = [CheckResult("a", True, "", 0.1), CheckResult("b", None, "", 0.0)]
    assert summary_lines(results, 0.2)[-1].startswith("自检失败 Self-test FAILED：1/2")


def test_the_command_runs_without_a_display_and_leaves_the_user_folder_alone(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update(
        HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"), LOCALAPPDATA=str(tmp_path / "xdg")
    )

    done = subprocess.run(
        [sys.executable, "-m", "branchdesk", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "自检通过 Self-test passed" in done.stdout
    assert str(tmp_path / "xdg" / "BranchDesk") in done.stdout  # named as the data folder ...
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()  # ... and never made
