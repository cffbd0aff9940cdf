"""The roster import dialog: a real roster file, the columns, the problems by row, the import itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QMessageBox

from branchdesk.errors import ValidationError
from branchdesk.paths import DataPaths
from branchdesk.services import backup, groups, roster
from tests import roster_files as rf
from tests.qt_helpers import branch_context, record_warnings, show_active

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.import_dialog import (
    DONE_STEP,
    FILE_FILTER,
    FILE_STEP,
    MAPPING_STEP,
    PREVIEW_STEP,
    ImportDialog,
)
from branchdesk.ui.pages.roster_page import RosterPage
from branchdesk.ui.tablemodels.import_preview import KIND_COLUMN, IssueLine, IssueTableModel, PreviewRowModel

BAD_INDEX = 3  # the fourth person: two title rows and the header above, so Excel row 7
BAD_ROW = 4 + BAD_INDEX
MANGLED_ID = 1.10105197007071e17


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = branch_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext) -> ImportDialog:
    widget = ImportDialog(ctx, synchronous=True)
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


@pytest.fixture
def no_unexpected(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object) -> None:
        raise AssertionError("an unexpected error was shown")

    monkeypatch.setattr(QMessageBox, "critical", fail)


def mangled_roster(path: Path, count: int = 8) -> Path:
    """Merged title rows, signature lines under the table, and one ID Excel turned into a float."""
    people = [rf.person(i) for i in range(count)]
    headers = list(people[0])
    rows = [[p.get(h) for h in headers] for p in people]
    rows[BAD_INDEX][headers.index("身份证号码")] = MANGLED_ID
    return rf.write_rows(
        path,
        headers,
        rows,
        title_rows=("内科第七党支部党员花名册", "填报单位：内科第七党支部    填报日期：2026年11月"),
        footer_rows=("填表人：张三", "审核人：李四", "日期：2026年11月20日"),
    )


def choose_file(qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Click 选择文件 with the file dialog answering `path`; returns the folder it was opened in."""
    asked: list[str] = []

    def answer(_parent: object, _title: str, folder: str, filters: str) -> tuple[str, str]:
        asked.append(folder)
        assert filters == FILE_FILTER
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    qtbot.mouseClick(dialog.file_step.choose_button, Qt.MouseButton.LeftButton)
    return asked


def combo_of(dialog: ImportDialog, letter: str) -> QComboBox:
    combo = dialog.mapping_step.findChild(QComboBox, f"importField{letter}")
    assert isinstance(combo, QComboBox), letter
    return combo


def field_of(dialog: ImportDialog, letter: str) -> str | None:
    return combo_of(dialog, letter).currentData()


def set_field(dialog: ImportDialog, letter: str, field: str | None) -> None:
    """As a user does: the combo focused, then the choice picked."""
    combo = combo_of(dialog, letter)
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(field))


def issues(dialog: ImportDialog) -> list[IssueLine]:
    return dialog.preview_step.issue_model.rows()


def names(ctx: AppContext) -> set[str]:
    with ctx.db.transaction() as session:
        return {m.name for m in roster.list_members(session, ctx.branch_id)}


def test_mangled_id_blocks_the_import_until_its_row_is_excluded_then_the_rest_is_imported(
    qtbot: QtBot,
    dialog: ImportDialog,
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_unexpected: None,
) -> None:
    source = mangled_roster(tmp_path / "花名册.xlsx")
    assert choose_file(qtbot, dialog, monkeypatch, source)
    assert dialog.step() == MAPPING_STEP
    assert "工作表“花名册”第 3 行找到表头" in dialog.mapping_step.found_label.text()
    assert "8 行数据" in dialog.mapping_step.found_label.text()
    assert [field_of(dialog, c) for c in "ABCE"] == [None, "name", "gender", "id_number"]

    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step() == PREVIEW_STEP
    [problem] = issues(dialog)
    assert (problem.row, problem.issue.field, problem.blocking) == (BAD_ROW, "身份证号", True)
    assert "将新增 7 人，更新 0 人，跳过 0 人" in dialog.preview_step.summary_label.text()
    assert "第一党小组" in dialog.preview_step.summary_label.text()
    assert not dialog.import_button.isEnabled()

    view = dialog.preview_step.issue_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)  # 排除此行 from the keyboard
    qtbot.waitUntil(dialog.import_button.isEnabled)
    assert dialog.preview is not None and dialog.preview.excluded_rows == (BAD_ROW,)
    [excluded] = issues(dialog)  # still listed, so it can be taken back
    assert excluded.excluded and excluded.row == BAD_ROW
    assert dialog.preview_step.exclude_button.text() == "恢复此行(&X)"

    members_changed: list[bool] = []
    groups_changed: list[bool] = []
    ctx.events.members_changed.connect(lambda: members_changed.append(True))
    ctx.events.groups_changed.connect(lambda: groups_changed.append(True))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert dialog.step() == DONE_STEP
    assert "已导入：新增 7 人，更新 0 人" in dialog.done_label.text()
    expected = {str(rf.person(i)["姓名"]) for i in range(8) if i != BAD_INDEX}
    assert names(ctx) == expected | {"张三"}
    with ctx.db.transaction() as session:
        assert {g.name for g in groups.list_groups(session, ctx.branch_id)} == {"第一党小组", "第二党小组"}
    [made] = backup.list_backups(ctx.paths.backups)
    assert made.reason == "import"
    assert members_changed and groups_changed
    assert dialog.finish_button.isVisible() and not dialog.cancel_button.isVisible()


def test_taking_an_exclusion_back_blocks_the_import_again(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, mangled_roster(tmp_path / "r.xlsx"))
    dialog.next_button.click()
    view = dialog.preview_step.issue_view
    box = view.visualRect(dialog.preview_step.issue_model.index(0, 0))
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(box.left() + 12, box.center().y())
    )
    qtbot.waitUntil(dialog.import_button.isEnabled)
    dialog.preview_step.exclude_button.click()
    qtbot.waitUntil(lambda: not dialog.import_button.isEnabled())
    assert dialog.preview is not None and dialog.preview.excluded_rows == ()
    assert [line.blocking and not line.excluded for line in issues(dialog)] == [True]


def test_changing_a_mapping_changes_what_is_read(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, mangled_roster(tmp_path / "r.xlsx"))
    headers = list(rf.person(0))
    department = "ABCDEFGHIJKL"[headers.index("科室")]
    title = "ABCDEFGHIJKL"[headers.index("职称")]
    id_column = "ABCDEFGHIJKL"[headers.index("身份证号码")]

    set_field(dialog, title, "department")  # 职称 read as 科室: the 科室 column gives it up
    assert field_of(dialog, department) is None
    assert f"原来对应 {department} 列" in dialog.mapping_step.status_label.text()
    set_field(dialog, id_column, None)  # IDs not read: the mangled one is no problem any more
    dialog.next_button.click()

    assert issues(dialog) == []
    assert dialog.import_button.isEnabled()
    rows = dialog.preview_step.row_model.rows()
    assert {r.data.department for r in rows} == {"主治医师"}
    assert {r.data.id_number for r in rows} == {""}


def test_name_must_be_mapped_before_going_on(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=3))
    assert dialog.next_button.isEnabled()
    set_field(dialog, "B", None)
    assert not dialog.next_button.isEnabled()
    assert "姓名" in dialog.mapping_step.status_label.text()
    set_field(dialog, "B", "name")
    assert dialog.next_button.isEnabled() and dialog.mapping_step.status_label.text() == ""


def test_enter_moves_on_and_back_returns_by_keyboard(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=3))
    combo = dialog.mapping_step.first_combo()
    assert combo is not None and combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert dialog.step() == PREVIEW_STEP
    qtbot.keyClick(dialog, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.step() == MAPPING_STEP)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("make", "words"),
    [(rf.legacy_xls, "另存为"), (rf.encrypted_xlsx, "密码"), (rf.csv_file, "文本文件")],
)
def test_a_refused_file_says_why_touches_nothing_and_another_can_be_chosen(
    qtbot: QtBot,
    dialog: ImportDialog,
    ctx: AppContext,
    data_paths: DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: Callable[[Path], Path],
    words: str,
) -> None:
    before = data_paths.database.read_bytes()
    choose_file(qtbot, dialog, monkeypatch, make(tmp_path / "旧花名册.xls"))
    assert dialog.step() == FILE_STEP
    assert dialog.file_step.error_label.isVisible()
    assert words in dialog.file_step.error_label.text()
    assert dialog.table is None and not dialog.next_button.isEnabled()
    assert data_paths.database.read_bytes() == before
    assert backup.list_backups(ctx.paths.backups) == []

    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "new.xlsx", count=2))
    assert dialog.step() == MAPPING_STEP
    assert not dialog.file_step.error_label.isVisible()


def test_a_refused_file_after_a_good_one_does_not_go_on_with_the_old_one(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=2))
    dialog.back_button.click()
    assert dialog.step() == FILE_STEP and dialog.next_button.isEnabled()
    choose_file(qtbot, dialog, monkeypatch, rf.legacy_xls(tmp_path / "old.xls"))
    assert dialog.table is None and not dialog.next_button.isEnabled()
    assert dialog.file_step.path_edit.text().endswith("old.xls")


def test_reading_and_importing_run_off_the_gui_thread(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_unexpected: None
) -> None:
    """Without synchronous=True: the worker thread reads the file and writes in its own connection."""
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.load_file(rf.merged_title_roster(tmp_path / "r.xlsx", count=6))
    dialog.next_button.click()
    assert dialog.import_now()
    assert len(names(ctx)) == 7 and dialog.step() == DONE_STEP


def test_existing_members_are_updated_or_skipped_as_chosen(
    qtbot: QtBot, dialog: ImportDialog, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = rf.simple_roster(tmp_path / "r.xlsx", count=4)
    choose_file(qtbot, dialog, monkeypatch, source)
    dialog.next_button.click()
    assert dialog.import_now()
    again = ImportDialog(ctx, synchronous=True)
    qtbot.addWidget(again)
    choose_file(qtbot, again, monkeypatch, source)
    again.next_button.click()
    assert "将新增 0 人，更新 4 人，跳过 0 人" in again.preview_step.summary_label.text()
    qtbot.mouseClick(again.preview_step.skip_radio, Qt.MouseButton.LeftButton)
    assert "将新增 0 人，更新 0 人，跳过 4 人" in again.preview_step.summary_label.text()
    assert not again.import_button.isEnabled()  # nothing to write
    assert {again.preview_step.row_model.index(r, 7).data() for r in range(4)} == {"跳过"}


def test_a_failure_while_writing_saves_nothing_and_says_why(
    qtbot: QtBot,
    dialog: ImportDialog,
    ctx: AppContext,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_unexpected: None,
) -> None:
    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=5))
    dialog.next_button.click()
    real_add = roster.add_member
    calls: list[int] = []

    def add_then_refuse(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError("该党员的信息无法保存。", field="姓名")
        return real_add(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(roster, "add_member", add_then_refuse)
    shown = record_warnings(monkeypatch)
    assert not dialog.import_now()
    assert len(calls) == 3
    assert shown and "第 4 行" in shown[0] and "无法保存" in shown[0]
    assert names(ctx) == {"张三"}  # the two rows written before the refusal were rolled back
    with ctx.db.transaction() as session:
        assert groups.list_groups(session, ctx.branch_id) == []
    assert dialog.step() == PREVIEW_STEP and dialog.run is None


def test_samples_and_preview_never_show_a_full_id_or_phone(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=3))
    dialog.next_button.click()
    secrets = {str(rf.person(i)[key]) for i in range(3) for key in ("身份证号码", "手机号码")}
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    model = dialog.preview_step.row_model
    texts += [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(8)]
    assert not [t for t in texts if any(s in t for s in secrets)]
    assert model.index(0, 3).data() == "*" * 14 + str(rf.person(0)["身份证号码"])[-4:]


def test_file_dialog_starts_in_the_users_documents_or_desktop(
    qtbot: QtBot, dialog: ImportDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from branchdesk.ui.dialogs.import_pages import user_documents_folder

    [folder] = choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "r.xlsx", count=2))
    assert Path(folder) == user_documents_folder()
    [again] = choose_file(qtbot, dialog, monkeypatch, rf.simple_roster(tmp_path / "s.xlsx", count=2))
    assert Path(again) == tmp_path  # then where the last roster came from


def test_the_roster_pages_import_button_opens_the_import(qtbot: QtBot, ctx: AppContext) -> None:
    """Ctrl+I is the window's (文件 → 导入花名册…, from any page): tests/test_ui_main_window.py."""
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    page.import_button.click()
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, ImportDialog))
    assert page.active_dialog is not None
    page.active_dialog.reject()
    qtbot.waitUntil(lambda: page.active_dialog is None)


def test_issue_and_row_models_pass_the_model_tester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster_import import Issue

    issues_model = IssueTableModel()
    issues_model.set_rows(
        [
            IssueLine(Issue(7, "身份证号", "mangled_id", "身份证号被 Excel 存成了数字"), True),
            IssueLine(Issue(9, "手机号", "bad_value", "不是11位手机号码"), False, excluded=True),
        ]
    )
    qtmodeltester.check(issues_model)
    toggled: list[tuple[int, bool]] = []
    issues_model.exclusion_toggled.connect(lambda row, on: toggled.append((row, on)))
    index = issues_model.index(0, 0)
    assert issues_model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert issues_model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert toggled == [(7, True)]
    assert issues_model.index(1, KIND_COLUMN).data() == "已排除"
    qtmodeltester.check(PreviewRowModel())
