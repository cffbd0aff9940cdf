"""The log file: UTF-8, rotated, and never holding a whole ID number or mobile number."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from branchdesk.logging_setup import BACKUP_COUNT, MAX_BYTES, redact, setup_logging
from branchdesk.paths import DataPaths

ID_18 = "11010519491231002X"
ID_15 = "110105491231002"
MOBILE = "13812345678"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    paths = DataPaths(tmp_path / "data")
    handler = setup_logging(paths)
    yield paths.log_file
    logging.getLogger().removeHandler(handler)
    handler.close()


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_id_and_mobile_in_message_and_args_are_masked_in_the_file(log_file: Path) -> None:
    log = logging.getLogger("branchdesk.test")
    log.info("导入 王芳 身份证 %s 手机 %s", ID_18, MOBILE)
    log.warning(f"旧证 {ID_15}，电话{MOBILE}。")
    text = _read(log_file)
    assert ID_18 not in text and ID_15 not in text and MOBILE not in text
    assert "**************002X" in text
    assert "138****5678" in text
    assert "***********1002" in text
    assert "导入 王芳 身份证" in text  # Chinese written as UTF-8, the rest of the line kept


def test_id_in_an_exception_traceback_is_masked(log_file: Path) -> None:
    log = logging.getLogger("branchdesk.test")
    try:
        raise ValueError(f"duplicate id_number {ID_18}")
    except ValueError:
        log.exception("import failed")
    text = _read(log_file)
    assert "ValueError: duplicate id_number **************002X" in text
    assert ID_18 not in text


def test_log_file_rotates_at_one_megabyte_keeping_five(log_file: Path) -> None:
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert len(handlers) == 1
    assert handlers[0].maxBytes == MAX_BYTES == 1024 * 1024
    assert handlers[0].backupCount == BACKUP_COUNT == 5
    assert handlers[0].encoding == "utf-8"
    assert Path(handlers[0].baseFilename) == log_file


def test_setting_up_twice_does_not_double_every_line(tmp_path: Path, log_file: Path) -> None:
    handler = setup_logging(DataPaths(tmp_path / "data"))
    try:
        logging.getLogger("branchdesk.test").info("once")
        assert _read(log_file).count("once") == 1
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-25 15:36:10 backup size=1048576",
        "sha256 0123456789012345678901234 not a person",  # 25 digits: part of a longer number
        "branch 7 has 37 members",
        "backup branchdesk-20261125-153000-start.sqlite3",
    ],
)
def test_dates_sizes_and_file_names_are_left_alone(text: str) -> None:
    assert redact(text) == text


def test_redact_keeps_the_last_four_like_the_roster_does() -> None:
    assert redact(f"id={ID_18};") == "id=**************002X;"
    assert redact(f"tel:{MOBILE}") == "tel:138****5678"
    assert redact(f"old {ID_15}") == "old ***********1002"
