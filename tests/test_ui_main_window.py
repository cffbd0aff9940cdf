"""The main window: areas that load, Ctrl+N, the branch switcher, status bar, menus and saved geometry."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from branchdesk.models import Committee
from branchdesk.paths import DataPaths
from branchdesk.services import backup, branches, roster
from tests.factories import TODAY
from tests.qt_helpers import branch_context, show_active

from branchdesk.ui import main_window as main_window_module
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.about_dialog import AboutDialog
from branchdesk.ui.main_window import KEY_GEOMETRY, KEY_PAGE, MainWindow
from branchdesk.ui.pages import PAGES, PageSpec


def _add_members(session: Any, branch_id: int, names: list[str]) -> None:
    for name in names:
        roster.add_member(
            session,
            branch_id,
            roster.MemberInput(name=name, gender="女", joined_on=dt.date(2010, 7, 1)),
            today=TODAY,
        )


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = branch_context(data_paths, tmp_path)
    with context.db.transaction() as session:
        _add_members(session, context.branch_id, ["李娜", "王芳"])
    yield context
    context.db.dispose()


def _second_branch(ctx: AppContext) -> int:
    with ctx.db.transaction() as session:
        committee_id = session.scalar(select(Committee.id))
        branch_id = branches.create_branch(
            session, committee_id, branches.BranchProfileInput(name="外科党支部")
        )
        _add_members(session, branch_id, ["赵敏"])
    return branch_id


def _window(qtbot: QtBot, ctx: AppContext, **kwargs: Any) -> MainWindow:
    window = MainWindow(ctx.paths, ctx.settings, demo=ctx.demo, **kwargs)
    qtbot.addWidget(window)
    window.attach(ctx)
    show_active(qtbot, window)
    return window


def _importable(spec: PageSpec) -> bool:
    try:
        importlib.import_module(spec.module)
    except Exception:
        return False
    return True


def _titles(window: MainWindow) -> list[str]:
    return [window.nav_list.item(i).text() for i in range(window.nav_list.count())]


@pytest.fixture
def fake_pages(monkeypatch: pytest.MonkeyPatch) -> list[PageSpec]:
    """Three tiny page modules, so the shell is tested whatever the real pages do."""
    specs = []
    for key in ("one", "two", "three"):
        module = types.ModuleType(f"fake_pages_{key}")

        class Page(QWidget):
            def __init__(self, ctx: AppContext, parent: QWidget | None = None, _key: str = key) -> None:
                super().__init__(parent)
                self.setObjectName(f"{_key}Page")
                self.refreshed = 0
                QLabel(_key, self)

            def refresh(self) -> None:
                self.refreshed += 1

        module.Page = Page  # type: ignore[attr-defined]
        module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)
        monkeypatch.setitem(sys.modules, module.__name__, module)
        specs.append(PageSpec(key, f"页面{key}", module.__name__, "Page", ""))
    return specs


def test_sidebar_lists_the_registered_pages_that_import(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    expected = [spec.title for spec in PAGES if _importable(spec)]
    assert expected, "no page of the registry imports"
    assert _titles(window) == expected
    assert window.shell_stack.currentIndex() == 1
    assert window.page_stack.currentWidget() is window.page(PAGES[0].key)


def test_registry_lists_the_eight_areas_in_order_with_their_shortcuts() -> None:
    assert [(s.key, s.title, s.shortcut) for s in PAGES] == [
        ("overview", "概览", "Ctrl+1"),
        ("roster", "党员花名册", "Ctrl+2"),
        ("meetings", "组织生活", "Ctrl+3"),
        ("self_check", "年度自查", "Ctrl+4"),
        ("posts", "设岗定责", "Ctrl+5"),
        ("volunteer", "志愿服务", "Ctrl+6"),
        ("branch", "支部信息", "Ctrl+7"),
        ("data", "数据与备份", "Ctrl+8"),
    ]


def test_first_start_shows_the_overview_and_ctrl_3_opens_organisational_life(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = _window(qtbot, ctx)
    assert window.current_page_key() == "overview"
    qtbot.keyClick(window.nav_list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    if main_window_module.module_available("branchdesk.ui.pages.meetings_page"):
        assert _titles(window) == [spec.title for spec in PAGES if _importable(spec)]
        assert window.current_page_key() == "meetings"
        assert window.page_stack.currentWidget() is window.page("meetings")
    else:  # not landed yet: left out, and the shortcuts follow the sidebar
        assert "组织生活" not in _titles(window)
        assert window.current_page_key() == "self_check"


def test_a_reminder_opens_its_page_or_its_member_on_the_roster(qtbot: QtBot, ctx: AppContext) -> None:
    """What 概览's lines ask for: 组织生活 for a missing meeting, the roster for a member."""
    from branchdesk.services import roster

    window = _window(qtbot, ctx)
    ctx.events.page_requested.emit("meetings")
    assert window.current_page_key() == "meetings"
    with ctx.db.transaction() as session:
        member = roster.list_members(session, ctx.branch_id)[-1]
    window.show_page("roster")
    page = window.page("roster")
    page.search_edit.setText("nobody-matches-this")  # a filter hiding everyone must not stop the jump
    window.show_page("overview")
    ctx.events.member_requested.emit(member.id)
    assert window.current_page_key() == "roster"
    assert page.selected_member() is not None and page.selected_member().id == member.id
    assert window.show_page("no-such-area") is False


def test_a_missing_page_module_is_left_out(qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]) -> None:
    missing = PageSpec("gone", "不存在的页面", "branchdesk.ui.pages.no_such_page", "Nope", "")
    window = _window(qtbot, ctx, pages=[fake_pages[0], missing, fake_pages[1]])
    assert _titles(window) == ["页面one", "页面two"]


def test_a_page_that_fails_to_import_is_removed_when_first_shown(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_page_module.py").write_text("raise RuntimeError('bug in page')\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    reported: list[str] = []
    monkeypatch.setattr(messages, "show_unexpected", lambda _parent, path: reported.append(path))
    broken = PageSpec("broken", "出错的页面", "broken_page_module", "Page", "")
    window = _window(qtbot, ctx, pages=[fake_pages[0], broken, fake_pages[1]])
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert _titles(window) == ["页面one", "页面two"]
    assert reported == [str(ctx.paths.log_file)]
    assert window.current_page_key() in {"one", "two"}


def test_ctrl_2_switches_to_the_second_page(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]
) -> None:
    window = _window(qtbot, ctx, pages=fake_pages)
    assert window.current_page_key() == "one"
    assert window.page("two") is None  # not built until first shown
    qtbot.keyClick(window.nav_list, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "two"
    assert window.page_stack.currentWidget().objectName() == "twoPage"
    qtbot.keyClick(window.page_stack.currentWidget(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "three"


def test_branch_switcher_appears_with_two_branches_and_switching_emits_branch_changed(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]
) -> None:
    other = _second_branch(ctx)
    window = _window(qtbot, ctx, pages=fake_pages)
    switcher = window.branch_switcher
    assert switcher.isVisible()
    assert switcher.count() == 2
    assert switcher.currentText() == "内科第七党支部（3人）"
    switcher.setFocus()
    with qtbot.waitSignal(ctx.events.branch_changed, timeout=2000) as blocker:
        qtbot.keyClick(switcher, Qt.Key.Key_Down)
    assert blocker.args == [other]
    assert ctx.branch_id == other
    assert window.status_branch.text() == "支部：外科党支部"
    assert window.status_members.text() == "在册党员：1 人"
    assert ctx.settings.value("session/branch_id") == other


def test_one_branch_shows_no_switcher(qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]) -> None:
    window = _window(qtbot, ctx, pages=fake_pages)
    assert not window.branch_switcher.isVisible()


def test_status_bar_names_branch_member_count_and_database_file(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]
) -> None:
    window = _window(qtbot, ctx, pages=fake_pages)
    assert window.status_branch.text() == "支部：内科第七党支部"
    assert window.status_members.text() == "在册党员：3 人"
    assert window.status_database.text() == "数据文件：branchdesk.sqlite3"
    assert window.windowTitle() == "支部工作台 — 内科第七党支部"
    with ctx.db.transaction() as session:
        _add_members(session, ctx.branch_id, ["孙丽"])
    ctx.events.members_changed.emit()
    assert window.status_members.text() == "在册党员：4 人"


def test_geometry_and_last_page_are_saved_to_the_ini_file_on_close(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec], tmp_path: Path
) -> None:
    window = _window(qtbot, ctx, pages=fake_pages)
    window.resize(1100, 700)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    window.close()
    saved = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert saved.contains(KEY_GEOMETRY)
    assert saved.value(KEY_PAGE) == "three"
    assert "geometry=" in (tmp_path / "s.ini").read_text(encoding="utf-8")

    again = MainWindow(ctx.paths, saved, pages=fake_pages)
    qtbot.addWidget(again)
    again.attach(ctx)
    assert again.current_page_key() == "three"
    assert again.height() == 700  # restored (the offscreen screen is narrower than the minimum width)


def test_window_is_usable_on_a_1366x768_screen(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec]
) -> None:
    window = _window(qtbot, ctx, pages=fake_pages)
    assert window.minimumWidth() <= 1280 and window.minimumHeight() <= 720


def test_ctrl_b_makes_a_verified_backup(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _title, text: told.append(text))
    window = _window(qtbot, ctx, pages=fake_pages)
    qtbot.keyClick(window.nav_list, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    made = backup.list_backups(ctx.paths.backups)
    assert [b.reason for b in made] == ["manual"]
    assert backup.verify_backup(made[0].path) == []
    assert made[0].path.name in told[0]


def test_check_database_action_says_the_database_is_intact(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _title, text: told.append(text))
    window = _window(qtbot, ctx, pages=fake_pages)
    window.menu.check_action.trigger()
    assert told and told[0].startswith("数据库完好")


def test_restore_action_swaps_the_database_and_tells_the_pages(
    qtbot: QtBot, ctx: AppContext, fake_pages: list[PageSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = backup.make_backup(ctx.paths.database, ctx.paths.backups, reason="manual")
    with ctx.db.transaction() as session:
        _add_members(session, ctx.branch_id, ["后来加的"])
    paths = ctx.paths

    class FakeRestoreDialog(QDialog):
        def __init__(self, dialog_paths: DataPaths, parent: QWidget | None = None) -> None:
            super().__init__(parent)
            self.result_summary = ""
            assert dialog_paths == paths

        def exec(self) -> int:
            result = backup.restore_backup(saved.path, paths.database, paths.backups)
            self.result_summary = result.summary
            return QDialog.DialogCode.Accepted

    fake = types.ModuleType("branchdesk.ui.dialogs.restore_dialog")
    fake.RestoreDialog = FakeRestoreDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "branchdesk.ui.dialogs.restore_dialog", fake)
    told: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _title, text: told.append(text))
    window = _window(qtbot, ctx, pages=fake_pages)
    assert window.status_members.text() == "在册党员：4 人"
    with qtbot.waitSignal(ctx.events.database_replaced, timeout=2000):
        window.menu.restore_action.trigger()
    assert told and told[0].startswith("已恢复到")
    assert window.status_members.text() == "在册党员：3 人"


def test_about_dialog_shows_version_and_selectable_data_folder(qtbot: QtBot, data_paths: DataPaths) -> None:
    dialog = AboutDialog(data_paths)
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == "0.1.0"
    assert dialog.folder_label.text() == str(data_paths.root)
    assert dialog.database_label.text() == str(data_paths.database)
    assert dialog.folder_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_about_dialog_shows_the_bundled_font_licence(
    qtbot: QtBot, data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "OFL.txt").write_text("SIL OPEN FONT LICENSE Version 1.1", encoding="utf-8")
    monkeypatch.setattr("branchdesk.ui.dialogs.about_dialog.bundled_fonts_dir", lambda: fonts)
    dialog = AboutDialog(data_paths)
    qtbot.addWidget(dialog)
    assert dialog.licence_text is not None
    assert "SIL OPEN FONT LICENSE" in dialog.licence_text.toPlainText()


def test_rebuild_demo_is_only_offered_in_demo_mode(qtbot: QtBot, ctx: AppContext) -> None:
    window = MainWindow(ctx.paths, ctx.settings, pages=[])
    qtbot.addWidget(window)
    assert not window.menu.rebuild_demo_action.isVisible()
    assert not window.demo_banner.isVisibleTo(window)
    assert window.windowTitle() != main_window_module.DEMO_TITLE


def test_ctrl_i_and_ctrl_e_start_the_roster_import_and_export_from_any_page(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """文件 → 导入花名册… / 导出花名册… (Ctrl+I / Ctrl+E) work whichever page is open."""
    from branchdesk.ui.dialogs.import_dialog import ImportDialog
    from branchdesk.ui.dialogs.roster_export_dialog import RosterExportDialog

    window = _window(qtbot, ctx)
    assert window.current_page_key() == "overview"
    qtbot.keyClick(window.nav_list, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: any(isinstance(w, ImportDialog) and w.isVisible() for w in window.findChildren(QDialog))
    )
    assert window.current_page_key() == "roster"
    for dialog in window.findChildren(ImportDialog):
        dialog.reject()
    window.show_page("overview")
    qtbot.keyClick(window.nav_list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: any(isinstance(w, RosterExportDialog) and w.isVisible() for w in window.findChildren(QDialog))
    )
    assert window.current_page_key() == "roster"
    for dialog in window.findChildren(RosterExportDialog):
        dialog.reject()
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert titles[:2] == ["导入花名册(&I)…", "导出花名册(&E)…"]


def test_a_new_meeting_request_opens_the_form_of_that_kind_on_organisational_life(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """概览's "登记会议 →" on a missing 支委会: 组织生活 with that kind's new-meeting form, dated today."""
    from branchdesk.models import MeetingType

    from branchdesk.ui.dialogs.meeting_dialog import MeetingDialog

    window = _window(qtbot, ctx)
    ctx.events.new_meeting_requested.emit(MeetingType.COMMITTEE_MEETING.value, 0)
    assert window.current_page_key() == "meetings"
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(MeetingDialog)))
    dialog = next(d for d in window.findChildren(MeetingDialog) if d.isVisible())
    assert dialog.form.meeting_type() is MeetingType.COMMITTEE_MEETING
    assert dialog.form.date_field.date() == dt.date.today()
    dialog.reject()
