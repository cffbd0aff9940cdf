"""The `branchdesk` command: version, `check` on sound and damaged files, no Qt for subcommands."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk import cli
from branchdesk.paths import DataPaths


def _damage(path: Path) -> bytes:
    """Overwrite the header and some pages so integrity_check cannot pass; returns the new bytes."""
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100
    path.write_bytes(bytes(data))
    return bytes(data)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("QT_QPA_PLATFORM", None)  # a subcommand must not need any display at all
    env.pop("DISPLAY", None)
    return env


def test_version_prints_the_chinese_name_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "支部工作台 BranchDesk 0.1.0"


def test_check_says_the_database_is_intact(data_paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--data-dir", str(data_paths.root)]) == 0
    out = capsys.readouterr().out
    assert "数据库完好" in out
    assert str(data_paths.database) in out


def test_check_reports_a_damaged_file_and_leaves_it_untouched(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = _damage(data_paths.database)
    assert cli.main(["check", "--data-dir", str(data_paths.root)]) == 1
    captured = capsys.readouterr()
    assert "数据库完好" not in captured.out
    assert "数据库有问题" in captured.err
    assert "文件不是数据库格式" in captured.err
    assert data_paths.database.read_bytes() == damaged


def test_check_of_a_missing_database_says_so_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--data-dir", str(tmp_path / "empty")]) == 1
    assert "找不到数据库文件" in capsys.readouterr().err
    assert not (tmp_path / "empty").exists()  # a check creates nothing


@pytest.mark.parametrize("argv", [["--demo", "check"], ["check", "--demo"]])
def test_demo_option_counts_before_or_after_the_subcommand(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    # The data folder holds only the real database, so checking the demo one must fail.
    assert cli.main([*argv, "--data-dir", str(data_paths.root)]) == 1
    assert "demo.sqlite3" in capsys.readouterr().err


def test_reset_demo_implies_demo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(cli, "_cmd_gui", lambda args: seen.append(args) or 0)
    assert cli.main(["--reset-demo", "--data-dir", str(tmp_path)]) == 0
    assert seen[0].demo is True
    assert seen[0].reset_demo is True
    assert cli.data_paths(seen[0]).database.name == "demo.sqlite3"


def test_check_runs_as_a_module_without_a_display(data_paths: DataPaths) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "branchdesk", "check", "--data-dir", str(data_paths.root)],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "数据库完好" in result.stdout.decode("utf-8")


def test_check_subprocess_exit_code_is_1_on_a_damaged_file(data_paths: DataPaths) -> None:
    _damage(data_paths.database)
    result = subprocess.run(
        [sys.executable, "-m", "branchdesk", "check", "--data-dir", str(data_paths.root)],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    assert result.returncode == 1
    assert "数据库有问题" in result.stderr.decode("utf-8")


def test_the_cli_module_and_check_never_load_qt(data_paths: DataPaths) -> None:
    code = (
        "import sys; from branchdesk import cli; "
        f"rc = cli.main(['check', '--data-dir', {str(data_paths.root)!r}]); "
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))); "
        "print('QT', qt); sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "QT []" in result.stdout.decode("utf-8")


def test_a_plain_start_does_not_load_the_subcommand_modules() -> None:
    """Declaring the subcommands imports cli_roster/cli_meetings (~7 ms before the window): on demand only."""
    code = (
        "import sys; from branchdesk import cli; "
        "cli.main(['--version', '--demo']); "
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('branchdesk.cli_')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=_env(), timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "LOADED []" in result.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["--demo", "-h"], ["--data-dir", "x", "--help"]],
)
def test_help_still_lists_every_subcommand(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    for name in ("check", "import-roster", "export-roster", "sign-in-sheet"):
        assert name in shown


def test_an_unknown_word_is_refused_as_a_subcommand_choice(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["chek"])
    assert exit_info.value.code == 2
    assert "check" in capsys.readouterr().err  # argparse lists the valid choices
