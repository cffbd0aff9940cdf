"""导出花名册 from the roster page: where it goes, masked by default, full values only after confirming."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from branchdesk.paths import DataPaths
from tests.qt_helpers import (
    LI_ID,
    LI_PHONE,
    ZHANG_ID,
    ZHANG_PHONE,
    build_context,
    record_warnings,
    show_active,
)

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.import_pages import user_documents_folder
from branchdesk.ui.dialogs.roster_export_dialog import RosterExportDialog, default_file_name
from branchdesk.ui.pages.roster_page import RosterPage

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext) -> RosterExportDialog:
    widget = RosterExportDialog(ctx, synchronous=True, today=TODAY)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


class Confirms:
    """Stands in for messages.confirm: records each question's title, answers from `answers` (else yes)."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answers: list[bool] = []

    def __call__(self, _parent: object, title: str, _text: str, **_kwargs: object) -> bool:
        self.asked.append(title)
        return self.answers.pop(0) if self.answers else True


@pytest.fixture
def confirms(monkeypatch: pytest.MonkeyPatch) -> Confirms:
    fake = Confirms()
    monkeypatch.setattr(messages, "confirm", fake)
    return fake


def save_as(qtbot: QtBot, dialog: RosterExportDialog, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """更改位置 with the save dialog answering `path` (typed without .xlsx, as people do)."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(path.with_suffix("")), ""))
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)


def cells_by_header(path: Path) -> dict[str, list[str]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header = [str(v) for v in rows[0]]
    body = [r for r in rows[1:] if r[1]]  # the signature line has nothing in 姓名
    return {title: [str(r[i] or "") for r in body] for i, title in enumerate(header)}


def test_default_file_is_named_after_the_branch_in_the_users_documents(dialog: RosterExportDialog) -> None:
    assert default_file_name("内科第七党支部", TODAY) == "内科第七党支部党员花名册_20261125.xlsx"
    assert Path(dialog.path_edit.text()) == user_documents_folder() / "内科第七党支部党员花名册_20261125.xlsx"
    assert default_file_name("内科/外科 联合支部", TODAY) == "内科_外科_联合支部党员花名册_20261125.xlsx"
    assert not dialog.full_check.isChecked()


def test_export_writes_masked_ids_and_phones_and_says_where(
    qtbot: QtBot, dialog: RosterExportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "花名册.xlsx"
    target.parent.mkdir()
    save_as(qtbot, dialog, monkeypatch, target)
    assert dialog.target() == target
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert dialog.saved_path == target and target.exists()
    cells = cells_by_header(target)
    assert cells["姓名"] == ["王书记", "张三", "李四", "王五", "赵六"]
    assert cells["身份证号"][1:3] == ["*" * 14 + ZHANG_ID[-4:], "*" * 14 + LI_ID[-4:]]
    assert cells["手机号"][1:3] == ["138****8000", "139****5678"]
    everything = " ".join(v for column in cells.values() for v in column)
    assert not any(secret in everything for secret in (ZHANG_ID, LI_ID, ZHANG_PHONE, LI_PHONE))
    assert dialog.result_frame.isVisible()
    assert str(target) in dialog.result_label.text() and "已导出 5 名党员" in dialog.result_label.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [target.parent]
    assert dialog.close_button.text() == "关闭"


def test_full_values_only_after_the_user_confirms(
    qtbot: QtBot,
    dialog: RosterExportDialog,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    confirms: Confirms,
) -> None:
    confirms.answers.append(False)
    box = dialog.full_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(12, box.height() // 2))  # the tick box
    assert confirms.asked == ["导出完整信息"] and not dialog.full_check.isChecked()
    save_as(qtbot, dialog, monkeypatch, tmp_path / "masked.xlsx")
    assert dialog.export_now()
    assert ZHANG_ID not in " ".join(cells_by_header(tmp_path / "masked.xlsx")["身份证号"])

    dialog.full_check.setFocus()
    qtbot.keyClick(dialog.full_check, Qt.Key.Key_Space)  # yes this time
    assert dialog.full_check.isChecked() and confirms.asked == ["导出完整信息", "导出完整信息"]
    save_as(qtbot, dialog, monkeypatch, tmp_path / "full.xlsx")
    assert dialog.export_now()
    cells = cells_by_header(tmp_path / "full.xlsx")
    assert cells["身份证号"][1:3] == [ZHANG_ID, LI_ID]
    assert cells["手机号"][1:3] == [ZHANG_PHONE, LI_PHONE]
    assert "请妥善保管" in dialog.result_label.text()


def test_an_existing_file_is_replaced_only_after_asking(
    dialog: RosterExportDialog, tmp_path: Path, confirms: Confirms
) -> None:
    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"old")
    dialog.path_edit.setText(str(target))
    confirms.answers.append(False)
    assert not dialog.export_now()
    assert confirms.asked == ["替换文件"] and target.read_bytes() == b"old"
    assert dialog.export_now()
    assert target.read_bytes().startswith(b"PK")


def test_a_missing_folder_is_refused_with_the_field_named(
    dialog: RosterExportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = record_warnings(monkeypatch)
    dialog.path_edit.setText(str(tmp_path / "没有这个文件夹" / "花名册.xlsx"))
    assert not dialog.export_now()
    assert shown and "保存位置" in shown[0]
    assert dialog.saved_path is None and not dialog.result_frame.isVisible()


def test_a_file_that_cannot_be_written_says_to_close_it_in_excel(
    dialog: RosterExportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import branchdesk.exports.xlsx_sheet as xlsx_sheet

    def locked(*_args: object, **_kwargs: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx_sheet, "save_report", locked)
    shown = record_warnings(monkeypatch)
    dialog.path_edit.setText(str(tmp_path / "花名册.xlsx"))
    assert not dialog.export_now()
    assert shown and "Excel" in shown[0] and "关闭" in shown[0]


def test_the_roster_pages_export_button_opens_the_export(qtbot: QtBot, ctx: AppContext) -> None:
    """Ctrl+E is the window's (文件 → 导出花名册…, from any page): tests/test_ui_main_window.py."""
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    page.export_button.click()
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, RosterExportDialog))
    dialog = page.active_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
