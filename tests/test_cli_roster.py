"""`branchdesk import-roster` / `export-roster`: JSON shape, exit codes, nothing written on refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from branchdesk import cli
from tests import roster_files as rf

BRANCH = "内科第七党支部"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = cli.main(list(argv))
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1]) if out else {}


def test_dry_run_on_a_new_folder_reports_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = rf.merged_title_roster(tmp_path / "r.xlsx", count=7)
    data = tmp_path / "data"
    code, result = _run(
        capsys,
        "import-roster",
        str(source),
        "--branch",
        BRANCH,
        "--data-dir",
        str(data),
        "--dry-run",
        "--json",
    )
    assert code == 0
    assert result == {"ok": True, "members": 7, "problems": [], "warnings": [], "rejected": None}
    assert not data.exists()


def test_import_creates_the_database_with_the_branch_then_skips_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = rf.merged_title_roster(tmp_path / "r.xlsx", count=7)
    data = tmp_path / "data"
    assert (
        _run(capsys, "import-roster", str(source), "--branch", BRANCH, "--data-dir", str(data), "--json")[0]
        == 0
    )
    assert (data / "branchdesk.sqlite3").exists()
    code, result = _run(
        capsys, "import-roster", str(source), "--data-dir", str(data), "--on-duplicate", "skip", "--json"
    )
    assert (code, result["ok"], result["members"]) == (0, True, 0)
    backups = list((data / "backups").glob("*-import.sqlite3"))
    assert backups, "an import into an existing database is backed up first"


def test_problems_exit_1_and_leave_the_database_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    good = rf.simple_roster(tmp_path / "good.xlsx", count=3)
    assert (
        _run(capsys, "import-roster", str(good), "--branch", BRANCH, "--data-dir", str(data), "--json")[0]
        == 0
    )
    before = (data / "branchdesk.sqlite3").read_bytes()
    bad = rf.write_rows(tmp_path / "bad.xlsx", ["姓名", "身份证号码"], [["王伟", 1.1e17], ["李芳", None]])
    code, result = _run(capsys, "import-roster", str(bad), "--data-dir", str(data), "--json")
    assert code == 1 and result["ok"] is False
    assert result["problems"] == [
        {"row": 2, "field": "身份证号", "kind": "mangled_id", "message": result["problems"][0]["message"]}  # type: ignore[index]
    ]
    assert (data / "branchdesk.sqlite3").read_bytes() == before


@pytest.mark.parametrize(
    ("make", "reason"),
    [(rf.legacy_xls, "legacy_xls"), (rf.csv_file, "not_xlsx"), (rf.encrypted_xlsx, "encrypted")],
)
def test_rejected_files_say_why_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, reason: str
) -> None:  # type: ignore[no-untyped-def]
    source = make(tmp_path / "roster.xls")
    code, result = _run(
        capsys, "import-roster", str(source), "--branch", BRANCH, "--data-dir", str(tmp_path / "d"), "--json"
    )
    assert code == 1
    assert result["rejected"]["reason"] == reason  # type: ignore[index]
    assert result["members"] == 0 and not (tmp_path / "d").exists()


def test_several_branches_need_branch_and_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    source = rf.simple_roster(tmp_path / "r.xlsx", count=2)
    cli.main(["import-roster", str(source), "--branch", "甲支部", "--data-dir", str(data)])
    other = rf.write_rows(tmp_path / "o.xlsx", ["姓名"], [["赵六"]])
    cli.main(["import-roster", str(other), "--branch", "乙支部", "--data-dir", str(data)])
    capsys.readouterr()
    assert cli.main(["import-roster", str(source), "--data-dir", str(data)]) == 2
    assert "甲支部" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["import-roster", str(source), "--on-duplicate", "maybe"])
    assert exit_info.value.code == 2


def test_export_roster_writes_masked_values_unless_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    source = rf.simple_roster(tmp_path / "r.xlsx", count=3)
    cli.main(["import-roster", str(source), "--branch", BRANCH, "--data-dir", str(data)])
    number = str(rf.person(0)["身份证号码"])
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    assert cli.main(["export-roster", "-o", str(masked), "--data-dir", str(data)]) == 0
    assert cli.main(["export-roster", "-o", str(full), "--full", "--data-dir", str(data)]) == 0

    def values(path: Path) -> str:
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        return str([c.value for row in sheet.iter_rows() for c in row])

    assert number not in values(masked) and number[-4:] in values(masked)
    assert number in values(full)


def test_import_roster_runs_as_a_real_process(tmp_path: Path) -> None:
    source = rf.simple_roster(tmp_path / "r.xlsx", count=2)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "branchdesk",
            "import-roster",
            str(source),
            "--branch",
            BRANCH,
            "--data-dir",
            str(tmp_path / "d"),
            "--dry-run",
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["members"] == 2
    assert "PySide6" not in done.stderr


def test_a_file_with_problems_makes_no_import_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    good = rf.simple_roster(tmp_path / "good.xlsx", count=2)
    assert (
        _run(capsys, "import-roster", str(good), "--branch", BRANCH, "--data-dir", str(data), "--json")[0]
        == 0
    )
    bad = rf.write_rows(tmp_path / "bad.xlsx", ["姓名", "身份证号码"], [["王伟", 1.1e17]])
    assert _run(capsys, "import-roster", str(bad), "--data-dir", str(data), "--json")[0] == 1
    assert list((data / "backups").glob("*-import.sqlite3")) == []
