"""Helpers shared by the UI tests: typing Chinese as an input method does, and ready-made contexts.

Kept in one module so that no test module imports another, and every UI test types the same way.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from branchdesk.db import Database
from branchdesk.models import MemberCategory
from branchdesk.paths import DataPaths
from branchdesk.services import groups, roster
from tests.factories import make_id, setup_branch

from branchdesk.ui.context import AppContext

ZHANG_ID = make_id(dt.date(1980, 1, 2), male=True)
ZHANG_PHONE = "13800138000"
LI_ID = make_id(dt.date(1985, 3, 4), male=False, seq=34)
LI_PHONE = "13912345678"


def type_text(qtbot: QtBot | None, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese as an input method's commit (as a real IME does).

    QTest.keyClicks cannot send non-ASCII characters (Qt asserts in qasciikey.cpp). Without a qtbot
    the ASCII runs go through QTest directly.
    """
    for is_ascii, chars in itertools.groupby(text, key=str.isascii):
        run = "".join(chars)
        if not is_ascii:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
        elif qtbot is not None:
            qtbot.keyClicks(widget, run)
        else:
            QTest.keyClicks(widget, run)


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show `widget` and wait until it has the keyboard, as it would for a user (shortcuts need that)."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def record_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every error message shown from now on (QMessageBox.warning, as messages.show_error uses)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


def make_context(db: Database, data_paths: DataPaths, tmp_path: Path, branch_id: int) -> AppContext:
    """An AppContext on `db` with settings in a throw-away ini file, as the house rules ask."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    return AppContext(paths=data_paths, db=db, settings=settings, branch_id=branch_id)


def branch_context(data_paths: DataPaths, tmp_path: Path) -> AppContext:
    """A branch as the first-run wizard leaves it (committee, branch, secretary 张三), nothing more."""
    db = Database(data_paths.database)
    with db.transaction() as session:
        branch_id = setup_branch(session)
    return make_context(db, data_paths, tmp_path, branch_id)


def build_context(data_paths: DataPaths, tmp_path: Path) -> AppContext:
    """A branch (secretary 王书记) with two groups and four more members, as a secretary would enter them."""
    db = Database(data_paths.database)
    today = dt.date.today()
    with db.transaction() as session:
        branch_id = setup_branch(session, secretary="王书记")
        first = groups.add_group(session, branch_id, "第一党小组")
        second = groups.add_group(session, branch_id, "第二党小组")
        people = [
            roster.MemberInput(
                name="张三",
                id_number=ZHANG_ID,
                phone=ZHANG_PHONE,
                department="心内科",
                group_id=first.id,
                joined_on=dt.date(2005, 7, 1),
                full_member_on=dt.date(2006, 7, 1),
            ),
            roster.MemberInput(
                name="李四",
                id_number=LI_ID,
                phone=LI_PHONE,
                department="普外科",
                group_id=second.id,
                joined_on=dt.date(2010, 7, 1),
                full_member_on=dt.date(2011, 7, 1),
            ),
            roster.MemberInput(name="王五", department="心内科", group_id=second.id),
            roster.MemberInput(
                name="赵六",
                birth_date=dt.date(1995, 5, 5),
                department="普外科",
                category=MemberCategory.PROBATIONARY,
                joined_on=today - dt.timedelta(days=350),  # 转正 due in about 15 days
            ),
        ]
        for person in people:
            roster.add_member(session, branch_id, person)
    return make_context(db, data_paths, tmp_path, branch_id)
