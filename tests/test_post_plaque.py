"""The post plaque (A4 and A5) and the month rota as PDFs read back with poppler, and their previews."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintPreviewWidget

from branchdesk.services.duty_sheet import RotaLine, RotaSheet
from branchdesk.services.post_labels import weekday_text
from branchdesk.services.post_plaque import Plaque

from branchdesk.ui.printing import duty_rota, post_plaque, preview

POPPLER = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(POPPLER is None, reason="pdftotext (poppler-utils) is not installed")
PLAQUE = Plaque(
    heading="党员示范岗",
    name="心内科护理党员示范岗",
    place="内科楼8楼护士站",
    branch_name="内科第一党支部",
    holders=("王芳（岗长）", "马丽"),
    duties=("带头落实护理核心制度", "带头开展健康宣教"),
    commitment=("微笑服务，有问必答。", "急危重患者先救治后缴费。"),
    footer="中共内科第一党支部 · 2025年3月设岗 · 欢迎广大患者和职工群众监督",
)


def _text(path: Path) -> str:
    result = subprocess.run([str(POPPLER), "-layout", str(path), "-"], capture_output=True, text=True,
                            encoding="utf-8", check=True)  # fmt: skip
    return result.stdout


def _page_size_mm(path: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Page size:"))
    width, height = (float(v) for v in line.split(":")[1].split("pts")[0].split(" x "))
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


@needs_poppler
@pytest.mark.parametrize(("size", "mm"), [("A4", (210, 297)), ("A5", (148, 210))])
def test_plaque_pdf_carries_kind_name_holders_duties_and_commitment(
    size: str, mm: tuple[int, int], tmp_path: Path, qapp: Any
) -> None:
    path = tmp_path / f"plaque_{size}.pdf"
    assert post_plaque.write_pdf(PLAQUE, path, size=size) == 1
    text = _text(path)
    expected = (
        "党员示范岗", "心内科护理党员示范岗", "地点：内科楼8楼护士站", "所属支部：内科第一党支部",
        "在岗党员：王芳（岗长）、马丽", "岗位职责", "1. 带头落实护理核心制度", "2. 带头开展健康宣教",
        "服务承诺", "微笑服务，有问必答。", "急危重患者先救治后缴费。", "欢迎广大患者和职工群众监督",
        "监督电话：____", "中共内科第一党支部 · 2025年3月设岗",
    )  # fmt: skip
    for words in expected:
        assert words in text, words
    assert "\u2ee2" not in text  # 马 U+9A6C, never the radical ⻢
    assert _page_size_mm(path) == mm


@needs_poppler
def test_long_duties_shrink_to_stay_on_one_page(tmp_path: Path, qapp: Any) -> None:
    long = Plaque(
        **{**PLAQUE.__dict__, "duties": tuple(f"第{n}条职责：" + "认真负责" * 12 for n in range(1, 25))}
    )
    path = tmp_path / "long.pdf"
    post_plaque.write_pdf(long, path, size="A5")
    text = _text(path)
    assert text.count("\f") == 1 and "第1条职责" in text and "服务承诺" in text


def _bottom_of(path: Path, words: str) -> float:
    """How far down the page (0 top, 1 bottom) the last line holding `words` ends, read with poppler."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', xhtml).group(1))  # type: ignore[union-attr]
    found = [
        float(m.group(1))
        for m in re.finditer(r'yMax="([\d.]+)">([^<]*)</word>', xhtml)
        if words in m.group(2)
    ]
    return max(found) / height


@needs_poppler
def test_a_short_plaque_fills_the_page_and_keeps_the_supervision_line(tmp_path: Path, qapp: Any) -> None:
    path = tmp_path / "short.pdf"
    post_plaque.write_pdf(PLAQUE, path)
    assert _bottom_of(path, "急危重患者先救治后缴费") > 0.6  # was 0.5: the lower half stood empty
    assert _bottom_of(path, "监督电话") > _bottom_of(path, "急危重患者先救治后缴费")
    phoned = Plaque(**{**PLAQUE.__dict__, "phone": "0571-88881234"})
    post_plaque.write_pdf(phoned, path)
    assert "监督电话：0571-88881234" in _text(path)


@needs_poppler
def test_no_paragraph_ends_on_a_lone_word(tmp_path: Path, qapp: Any) -> None:
    widows = Plaque(
        **{
            **PLAQUE.__dict__,
            "duties": ("带头践行《医疗机构工作人员廉洁从业九项准则》，拒收红包礼品",),
            "commitment": ("以病人为中心，做到微笑服务、耐心解答、及时响应、规范操作。",),
        }
    )
    path = tmp_path / "widows.pdf"
    post_plaque.write_pdf(widows, path)
    lines = [line.strip() for line in _text(path).splitlines() if line.strip()]
    assert not {"礼品", "品", "作。", "。"} & set(lines)


def _fake_metrics(width_per_char: float = 1.0) -> Any:
    class Metrics:
        def horizontalAdvance(self, text: str) -> float:
            return width_per_char * len(text)

    return Metrics()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="中文字，。、《》（）12ab", min_size=1, max_size=60), width=st.integers(4, 30))
def test_line_breaking_keeps_every_character_and_breaks_only_where_it_may(text: str, width: int) -> None:
    lines = post_plaque.break_lines(text, _fake_metrics(), float(width))
    assert "".join(lines) == text
    assert all(len(line) <= width for line in lines)
    for before, after in itertools.pairwise(lines):
        if post_plaque._joined(before[-1], after[0]):  # only when the line could not break anywhere
            assert all(post_plaque._joined(a, b) for a, b in itertools.pairwise(before + after[0]))


def _sheet(days: int, slots: int = 2) -> RotaSheet:
    first = dt.date(2026, 12, 1)
    lines = tuple(
        RotaLine(f"12月{d.day}日", weekday_text(d.weekday()), tuple(f"党员{n}{s}" for s in "甲乙"[:slots]))
        for n, d in enumerate(first + dt.timedelta(days=i) for i in range(days))
    )
    return RotaSheet("门诊大厅党员志愿服务岗 2026年12月排班表", "内科第一党支部 · 地点：门诊大厅",
                     ("08:00—12:00", "14:30—17:30")[:slots], lines, "负责人：王芳（岗长）")  # fmt: skip


@needs_poppler
def test_rota_pdf_of_a_daily_month_repeats_its_header_and_ends_with_the_rules(
    tmp_path: Path, qapp: Any
) -> None:
    path = tmp_path / "rota.pdf"
    pages = duty_rota.write_pdf(_sheet(31), path)
    page_texts = [p for p in _text(path).split("\f") if p.strip()]
    assert pages == len(page_texts) >= 2
    for number, page in enumerate(page_texts, start=1):
        assert "08:00—12:00" in page and "14:30—17:30" in page and "星期" in page
        assert f"第{number}页共{pages}页" in "".join(page.split())
    joined = "".join(page_texts)
    for n in range(31):
        assert f"党员{n}甲" in joined and f"党员{n}乙" in joined
    assert "门诊大厅党员志愿服务岗 2026年12月排班表" in page_texts[0]
    assert "负责人：王芳（岗长）" in page_texts[-1] and "提前10分钟到岗" in page_texts[-1]


@needs_poppler
def test_a_month_of_weekdays_fits_one_page(tmp_path: Path, qapp: Any) -> None:
    assert duty_rota.write_pdf(_sheet(23), tmp_path / "rota.pdf") == 1


def test_pagination_gives_the_remainder_to_the_last_page() -> None:
    assert duty_rota.paginate(0, 20, 25) == [0]
    assert duty_rota.paginate(20, 20, 25) == [20]
    assert duty_rota.paginate(31, 20, 25) == [20, 11]
    assert duty_rota.paginate(60, 20, 25) == [20, 25, 15]


def test_previews_open_on_the_chosen_paper(qtbot: Any) -> None:
    dialog = post_plaque.plaque_preview(PLAQUE, "A5")
    qtbot.addWidget(dialog)
    dialog.show()
    widget = dialog.findChild(QPrintPreviewWidget)
    assert widget is not None
    qtbot.waitUntil(lambda: widget.pageCount() == 1)
    assert dialog.printer_ref.pageLayout().pageSize().id() == QPageSize.PageSizeId.A5  # type: ignore[attr-defined]
    assert dialog.windowTitle() == "打印预览 - 心内科护理党员示范岗 岗位牌"
    rota = duty_rota.rota_preview(_sheet(31))
    qtbot.addWidget(rota)
    rota.show()
    rota_widget = rota.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: rota_widget.pageCount() == 2)


def test_a_printer_is_made_on_the_paper_asked_for(qapp: Any) -> None:
    """The paper is set when the printer is made (A4 portrait unless asked), never re-set after."""
    default = preview.new_printer("签到表").pageLayout()
    assert default.pageSize().id() == QPageSize.PageSizeId.A4
    assert default.orientation() == QPageLayout.Orientation.Portrait
    wide = preview.new_printer(
        "排班表", page_size=QPageSize.PageSizeId.A5, orientation=QPageLayout.Orientation.Landscape
    ).pageLayout()
    assert wide.pageSize().id() == QPageSize.PageSizeId.A5
    assert wide.orientation() == QPageLayout.Orientation.Landscape
    assert wide.margins().isNull()  # the printout keeps its own margins
