"""The one place that shows errors and asks for confirmation, so tests patch a single function."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.errors import BranchDeskError

log = logging.getLogger(__name__)


def error_text(error: BranchDeskError) -> str:
    """The Chinese message with the field named in front when the text does not name it already."""
    text = error.user_message
    if error.field and error.field not in text:
        text = f"【{error.field}】{text}"
    return text


def show_error(parent: QWidget | None, error: BranchDeskError, *, title: str = "无法完成操作") -> None:
    """An expected failure: its Chinese message, naming the field or row when known."""
    text = error_text(error)
    if error.row is not None:
        text = f"第 {error.row} 行：{text}"
    QMessageBox.warning(parent, title, text)


def show_unexpected(parent: QWidget | None, log_path: str) -> None:
    """An unexpected failure: nothing half-saved, and where the details are."""
    QMessageBox.critical(
        parent,
        "发生意外错误",
        "操作未能完成，已撤销本次修改，数据库未受影响。\n\n"
        f"详细信息已记录在日志文件中：\n{log_path}\n\n请将该文件发给技术支持人员。",
    )


def confirm(
    parent: QWidget | None, title: str, text: str, *, ok_text: str = "确定", cancel_text: str = "取消"
) -> bool:
    """Ask before anything that cannot be undone with one click; the default answer is no
    (`cancel_text`, e.g. 保留 where 取消 would be mixed up with an ok_text of 取消关联)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(cancel_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def keep_editing(parent: QWidget | None, changed: bool, text: str, *, title: str = "放弃修改") -> bool:
    """Esc or 取消 on a form: True (stay open) when there are unsaved changes and the user did not
    choose 不保存，关闭 — nothing typed is thrown away without asking."""
    return changed and not confirm(parent, title, text, ok_text="不保存，关闭")


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
