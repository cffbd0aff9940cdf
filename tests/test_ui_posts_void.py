"""Voiding a holding typed for the wrong member and withdrawing a review, from the keyboard: Delete on
the row asks for the reason in one dialog, an empty reason is refused on its field, and the voided
row stays in the tab, greyed, saying why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from branchdesk.models import PostKind, ReviewGrade
from branchdesk.paths import DataPaths
from branchdesk.services import post_reviews, posts
from tests.qt_helpers import build_context, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.post_void_dialog import VoidDialog
from branchdesk.ui.pages.posts_details import HOLDERS_TAB, REVIEWS_TAB
from branchdesk.ui.pages.posts_page import PostsPage
from branchdesk.ui.tablemodels.posts import GREY

TODAY = dt.date.today()


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)  # 王书记, 张三, 李四, 王五, 赵六
    yield context
    context.db.dispose()


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext) -> PostsPage:
    widget = PostsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 720)
    show_active(qtbot, widget)
    return widget


def _post_with_holders(ctx: AppContext) -> int:
    """A model post held by 张三 (岗长) and 李四, who was typed by mistake."""
    with ctx.db.transaction() as session:
        data = posts.PostInput(kind=PostKind.MODEL, name="示范岗甲", started_on=dt.date(2024, 1, 1))
        post_id = posts.create_post(session, ctx.branch_id, data).id
        people = {name: mid for mid, name in posts.roll_members(session, ctx.branch_id, TODAY)}
        posts.add_holder(session, post_id, people["张三"], started_on=TODAY, role="岗长")
        posts.add_holder(session, post_id, people["李四"], started_on=TODAY)
        return post_id


def _select(qtbot: QtBot, view: QTableView, column: int, text: str) -> None:
    """Put the keyboard on the row whose `column` reads `text`, as arrow keys would."""
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, column).data() == text)
    view.window().activateWindow()  # back from a dialog (offscreen does not hand activation back)
    qtbot.waitUntil(view.window().isActiveWindow)
    view.setFocus()
    view.selectRow(row)
    view.setCurrentIndex(model.index(row, 0))
    qtbot.waitUntil(view.hasFocus)


def _void_dialog(qtbot: QtBot, page: PostsPage) -> Any:
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, VoidDialog))
    dialog = page.active_dialog
    qtbot.waitUntil(dialog.isActiveWindow)  # type: ignore[union-attr]
    return dialog


def test_delete_on_a_holding_voids_it_with_a_reason_and_keeps_it_greyed(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    post_id = _post_with_holders(ctx)
    page.refresh()
    page.select_post(post_id)
    details = page.details
    details.setCurrentIndex(HOLDERS_TAB)
    assert [a.text() for a in details.holders_table.actions()] == ["修改任岗…", "离岗…", "作废…"]
    _select(qtbot, details.holders_table, 0, "李四")
    assert details.void_holder_button.isEnabled()
    qtbot.keyClick(details.holders_table, Qt.Key.Key_Delete)
    dialog = _void_dialog(qtbot, page)
    assert "李四" in dialog.question_label.text() and dialog.reason_edit.hasFocus()

    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # no reason yet: refused on the field
    assert dialog.isVisible() and "作废原因" in dialog.error_label.text() and dialog.reason_edit.hasFocus()
    question = dialog.question_label
    qtbot.waitUntil(lambda: question.height() >= question.heightForWidth(question.width()))  # not squeezed
    type_text(qtbot, dialog.reason_edit, "录错党员，应为王五")
    with qtbot.waitSignal(ctx.events.posts_changed):
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.active_dialog is None)

    assert page.selected_post().holder_names == "张三（岗长）"  # type: ignore[union-attr]
    model = details.holder_model
    voided = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "李四")
    assert model.index(voided, 4).data() == "已作废"
    assert model.index(voided, 5).data() == "（已作废：录错党员，应为王五）"
    assert model.index(voided, 0).data(Qt.ItemDataRole.ForegroundRole).color() == GREY
    _select(qtbot, details.holders_table, 0, "李四")
    assert not details.void_holder_button.isEnabled() and not details.edit_holder_button.isEnabled()
    _select(qtbot, details.holders_table, 0, "张三")
    assert details.void_holder_button.isEnabled()


def test_escape_leaves_the_holding_as_it_was(qtbot: QtBot, page: PostsPage, ctx: AppContext) -> None:
    post_id = _post_with_holders(ctx)
    page.refresh()
    page.select_post(post_id)
    page.details.setCurrentIndex(HOLDERS_TAB)
    _select(qtbot, page.details.holders_table, 0, "张三")
    page.details.void_holder_button.click()
    dialog = _void_dialog(qtbot, page)
    type_text(qtbot, dialog.reason_edit, "想想又不作废了")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.active_dialog is None)
    with ctx.db.transaction() as session:
        assert not any(h.voided for h in posts.holders(session, post_id))


def test_withdrawing_the_newest_review_shows_the_one_before_on_the_list(
    qtbot: QtBot, page: PostsPage, ctx: AppContext
) -> None:
    post_id = _post_with_holders(ctx)
    with ctx.db.transaction() as session:
        for day, grade in ((dt.date(2025, 6, 30), ReviewGrade.GOOD), (TODAY, ReviewGrade.EXCELLENT)):
            post_reviews.add_review(session, post_id, post_reviews.ReviewInput(day, grade, period=f"{day}期"))
    page.refresh()
    page.select_post(post_id)
    assert page.selected_post().latest_review.grade_label == "优秀"  # type: ignore[union-attr]
    details = page.details
    details.setCurrentIndex(REVIEWS_TAB)
    _select(qtbot, details.reviews_table, 4, "优秀")
    qtbot.keyClick(details.reviews_table, Qt.Key.Key_Delete)
    dialog = _void_dialog(qtbot, page)
    assert "优秀" in dialog.question_label.text()
    type_text(qtbot, dialog.reason_edit, "评错岗位")
    dialog.void_button.click()
    qtbot.waitUntil(lambda: page.active_dialog is None)

    latest = page.selected_post().latest_review  # type: ignore[union-attr]
    assert latest is not None and latest.grade_label == "良好"
    model = details.review_model
    withdrawn = next(r for r in range(model.rowCount()) if model.index(r, 4).data() == "优秀")
    assert model.index(withdrawn, 5).data() == "（已作废：评错岗位）"
    assert model.index(withdrawn, 0).data(Qt.ItemDataRole.ForegroundRole).color() == GREY
