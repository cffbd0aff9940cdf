"""The member dialog refuses what the roster service refuses, stays open and names the field;
the date field understands the ways secretaries write dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from branchdesk.models import MemberCategory
from branchdesk.paths import DataPaths
from branchdesk.services import idcard, roster
from tests.factories import make_id
from tests.qt_helpers import LI_PHONE, ZHANG_ID, ZHANG_PHONE, build_context, show_active, type_text

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.member_dialog import MemberDialog
from branchdesk.ui.widgets.date_field import DATE_HINT, DateField, parse_date

BAD_BODY = "11010519491231002"
WRONG_CHECK = next(c for c in "0123456789X" if c != idcard.check_char(BAD_BODY))


@pytest.fixture
def ctx(data_paths: DataPaths, tmp_path: Path) -> Iterator[AppContext]:
    context = build_context(data_paths, tmp_path)
    yield context
    context.db.dispose()


def open_dialog(qtbot: QtBot, ctx: AppContext, member_name: str | None = None) -> MemberDialog:
    member_id = None
    if member_name:
        with ctx.db.transaction() as session:
            member_id = next(
                m.id for m in roster.list_members(session, ctx.branch_id) if m.name == member_name
            )
    dialog = MemberDialog(ctx, member_id)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog


def members(ctx: AppContext) -> dict[str, roster.MemberRow]:
    with ctx.db.transaction() as session:
        return {m.name: m for m in roster.list_members(session, ctx.branch_id)}


def press_enter(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[arg-type]


# --- adding and refusing --------------------------------------------------------------------------


def test_adding_a_member_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    new_id = make_id(dt.date(1990, 6, 1), male=False, seq=77)
    type_text(qtbot, dialog.name_edit, "孙七")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.gender_combo  # tab order goes down the first column
    qtbot.keyClicks(dialog.id_edit, new_id)
    dialog.phone_edit.setFocus()
    qtbot.keyClicks(dialog.phone_edit, "139 0000 1111")
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.department_combo  # then to the top of the second column
    type_text(qtbot, dialog.department_combo.lineEdit(), "急诊科")
    qtbot.keyClicks(dialog.joined_field, "2012/7/1")
    qtbot.keyClicks(dialog.full_field, "20130701")
    with qtbot.waitSignal(ctx.events.members_changed):
        press_enter(qtbot, dialog.full_field)
    assert dialog.result() == QDialog.DialogCode.Accepted
    added = members(ctx)["孙七"]
    assert (added.birth_date, added.gender) == (dt.date(1990, 6, 1), "女")  # filled from the ID
    assert (added.id_number, added.phone, added.department) == (new_id, "13900001111", "急诊科")
    assert (added.joined_on, added.full_member_on) == (dt.date(2012, 7, 1), dt.date(2013, 7, 1))
    assert dialog.saved is not None and dialog.saved.id == added.id


def _history_start(ctx: AppContext, name: str) -> dt.date:
    with ctx.db.transaction() as session:
        return roster.status_history(session, members(ctx)[name].id)[0].changed_on


def test_a_new_member_counts_on_the_roll_from_joining_unless_a_start_is_given(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """So meetings entered afterwards for earlier dates find the member on their rolls."""
    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "孙七")
    qtbot.keyClicks(dialog.joined_field, "2012/7/1")
    press_enter(qtbot, dialog.joined_field)
    assert _history_start(ctx, "孙七") == dt.date(2012, 7, 1)

    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "周九")
    qtbot.keyClicks(dialog.joined_field, "2012/7/1")
    qtbot.keyClicks(dialog.roll_start_field, "2026-03-01")
    press_enter(qtbot, dialog.roll_start_field)
    assert _history_start(ctx, "周九") == dt.date(2026, 3, 1)


def test_edit_dialog_has_no_roll_start_field(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx, "张三")
    assert not dialog.roll_start_field.isVisibleTo(dialog)


def test_wrong_check_digit_is_refused_naming_the_id_and_nothing_is_written(
    qtbot: QtBot, ctx: AppContext
) -> None:
    before = members(ctx)
    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "钱八")
    qtbot.keyClicks(dialog.id_edit, BAD_BODY + WRONG_CHECK)
    assert "校验位" in dialog.id_hint.text()  # the live hint says so before saving
    press_enter(qtbot, dialog.name_edit)
    assert dialog.isVisible() and dialog.saved is None
    assert "身份证号" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.id_edit
    assert dialog.id_edit.property("invalid") is True
    assert members(ctx).keys() == before.keys()
    dialog.id_edit.clear()
    qtbot.keyClicks(dialog.id_edit, BAD_BODY + idcard.check_char(BAD_BODY))
    press_enter(qtbot, dialog.id_edit)
    assert not dialog.isVisible()
    assert members(ctx)["钱八"].birth_date == dt.date(1949, 12, 31)


def test_phone_of_wrong_length_is_refused_naming_the_phone(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "钱八")
    qtbot.keyClicks(dialog.phone_edit, "1380013800")
    press_enter(qtbot, dialog.phone_edit)
    assert dialog.isVisible()
    assert "手机号" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.phone_edit
    assert "钱八" not in members(ctx)


def test_joining_before_eighteen_is_refused(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "钱八")
    qtbot.keyClicks(dialog.id_edit, make_id(dt.date(2000, 1, 1)))
    qtbot.keyClicks(dialog.joined_field, "2015-01-01")
    press_enter(qtbot, dialog.joined_field)
    assert dialog.isVisible()
    assert "入党时间" in dialog.error_label.text() and "18" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.joined_field
    assert "钱八" not in members(ctx)


def test_unreadable_date_is_refused_before_the_service_is_asked(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name_edit, "钱八")
    qtbot.keyClicks(dialog.birth_field, "1985-13-45")
    assert dialog.birth_field.property("invalid") is True
    press_enter(qtbot, dialog.name_edit)
    assert dialog.isVisible()
    assert "出生日期" in dialog.error_label.text()
    assert "钱八" not in members(ctx)


def test_probation_and_party_age_hints(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData(MemberCategory.PROBATIONARY))
    assert dialog.category() is MemberCategory.PROBATIONARY
    qtbot.keyClicks(dialog.joined_field, "2026.1.5")
    assert dialog.probation_hint.text().startswith("预备期满（应转正）：2027-01-05")
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData(MemberCategory.FULL))
    assert dialog.probation_hint.text() == ""
    type_text(qtbot, dialog.full_field, "2000年7月1日")
    years = roster.party_age(dt.date(2000, 7, 1), dt.date.today())
    assert dialog.party_age_hint.text() == f"党龄：{years} 年"


# --- editing and personal data ---------------------------------------------------------------------


def test_edit_shows_masked_values_and_saving_keeps_the_stored_ones(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx, "张三")
    assert dialog.id_edit.text() == "*" * 14 + ZHANG_ID[-4:]
    assert dialog.phone_edit.text() == "138****8000"
    assert dialog.id_edit.isReadOnly() and dialog.phone_edit.isReadOnly()
    type_text(qtbot, dialog.position_edit, "科主任")
    press_enter(qtbot, dialog.position_edit)
    assert not dialog.isVisible()
    stored = members(ctx)["张三"]
    assert (stored.id_number, stored.phone, stored.position) == (ZHANG_ID, ZHANG_PHONE, "科主任")


def test_reveal_in_the_dialog_needs_confirmation_then_allows_editing(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [False, True]
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: answers.pop(0))
    dialog = open_dialog(qtbot, ctx, "李四")
    qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert dialog.phone_edit.text() != LI_PHONE and dialog.phone_edit.isReadOnly()
    qtbot.keyClick(
        dialog, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert dialog.phone_edit.text() == LI_PHONE and not dialog.phone_edit.isReadOnly()
    assert answers == []
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "13900001111")
    press_enter(qtbot, dialog.phone_edit)
    assert members(ctx)["李四"].phone == "13900001111"


def test_add_dialog_has_no_reveal_button(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    assert not dialog.reveal_button.isVisible()
    assert not dialog.id_edit.isReadOnly()


# --- the date field ---------------------------------------------------------------------------------

FORMATS = (
    lambda d: f"{d:%Y-%m-%d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_written_in_each_accepted_form_parses_back(day: dt.date) -> None:
    for form in FORMATS:
        assert parse_date(form(day)) == day


@given(st.text())
def test_garbage_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-07-01", dt.date(1985, 7, 1)),
        (" 1985/7/1 ", dt.date(1985, 7, 1)),
        ("１９８５年７月１日", dt.date(1985, 7, 1)),  # full-width, as a Chinese input method types it
        ("1985-02-29", None),
        ("85-7-1", None),
        ("1985-07", None),
        ("", None),
        ("明天", None),
    ],
)
def test_parse_date_examples(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_date_field_shows_what_it_understood_and_flags_bad_text(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "1985/7/1")
    assert field.date() == dt.date(1985, 7, 1) and field.is_valid()
    field.editingFinished.emit()
    assert field.text() == "1985-07-01"
    field.clear()
    assert field.is_valid() and field.date() is None
    qtbot.keyClicks(field, "1985/13/1")
    assert not field.is_valid() and field.date() is None
    assert field.property("invalid") is True and field.toolTip() == DATE_HINT
    field.setDate(None)
    assert field.text() == "" and field.property("invalid") is False


def test_date_field_calendar_opens_from_the_keyboard_and_picks_a_day(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.setDate(dt.date(2001, 7, 1))
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate().toPython() == dt.date(2001, 7, 1)
    target = QApplication.focusWidget() or popup.calendar
    qtbot.keyClick(target, Qt.Key.Key_Right)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    assert field.date() == dt.date(2001, 7, 2)
    assert not popup.isVisible()
