"""The bundled print font: no radical code points, every character the app prints, a modest size.

Read through Qt's own QRawFont (the character map Qt's PDF writer uses), so the check needs nothing
beyond the app's dependencies; fontTools is only the tool that made the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtGui import QFont, QRawFont

from branchdesk.services import demo, labels

from branchdesk.ui.printing.fonts import FONT_FILE, PRINT_FAMILY, print_family
from branchdesk.ui.theme import resource_path

MAX_BYTES = 12 * 1024 * 1024
SHEET_WORDS = (
    "签到表 序号 姓名 党小组 科室 签到 备注 列席 时间 地点 主题 主持人 记录人 主讲人 应到 实到 请假 缺席 迟到"
    " 人 第 页 共 续 年 月 日 星期一二三四五六日 支部 党员大会 委员会会议 主题党日 党课 组织生活会"
    " 学习贯彻 重温入党誓词 交纳党费 民主议事 志愿服务 义诊 红色教育 党建共建 门诊楼 会议室"
    " 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"
    " ：（）—“”‘’·・、，。；？！《》【】-:/.,%"
)


@pytest.fixture
def font_path() -> Path:
    path = resource_path("fonts", FONT_FILE)
    assert path is not None, f"resources/fonts/{FONT_FILE} is missing"
    return path


@pytest.fixture
def raw_font(font_path: Path, qapp: Any) -> QRawFont:
    font = QRawFont(str(font_path), 12.0)
    assert font.isValid()
    return font


def _maps(font: QRawFont, ch: str) -> bool:
    """Whether the font's cmap has `ch`; by code point (PySide's QChar overload misreads some)."""
    return bool(font.supportsCharacter(ord(ch)))


def _missing(font: QRawFont, text: str) -> set[str]:
    return {ch for ch in text if not ch.isspace() and not _maps(font, ch)}


def test_no_radical_code_points_so_pdf_text_keeps_ordinary_characters(raw_font: QRawFont) -> None:
    mapped = [f"U+{cp:04X}" for cp in range(0x2E80, 0x2FE0) if _maps(raw_font, chr(cp))]
    assert mapped == []
    assert _maps(raw_font, "马") and _maps(raw_font, "\u9fa5")  # 马 U+9A6C, and the block's last


def test_covers_every_character_of_the_demo_names_and_places(raw_font: QRawFont) -> None:
    text = demo.SURNAMES + demo.MALE_CHARS + demo.FEMALE_CHARS + "".join(demo.NOT_TO_USE)
    text += demo.DEMO_COMMITTEE + "".join(demo.FORCED_SURNAMES.values())
    for spec in demo.BRANCHES:
        text += spec.name + "".join(spec.departments) + "".join(g for g, _depts in spec.groups)
    text += "".join(place for place, _code in demo.NATIVE_PLACES) + "".join(demo.MINORITIES)
    assert _missing(raw_font, text) == set()


def test_covers_the_words_a_sign_in_sheet_prints(raw_font: QRawFont) -> None:
    words = SHEET_WORDS + "".join(labels.MEETING_TYPE_LABELS.values())
    words += "".join(labels.ATTENDANCE_LABELS.values())
    assert _missing(raw_font, words) == set()


def test_rare_name_characters_are_covered(raw_font: QRawFont) -> None:
    assert _missing(raw_font, "堃喆昇珺婧玥翀淼犇鑫垚焱燚曌") == set()


def test_size_and_licence_beside_it(font_path: Path) -> None:
    assert font_path.stat().st_size <= MAX_BYTES
    licence = (font_path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence


def test_registers_once_under_its_own_family(qapp: Any) -> None:
    assert print_family() == PRINT_FAMILY
    assert print_family() == PRINT_FAMILY  # a second call finds it registered
    assert QFont(PRINT_FAMILY).exactMatch()
