"""共建单位 and 服务类别: the two managed lists events pick from, shared by every branch.

Add, rename (edit) and 停用/恢复; a partner unit entered by mistake and never used may be deleted,
one any event names is only archived (the service refuses, and says so). Kinds are never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import volunteer_lists
from branchdesk.services.volunteer_lists import KindRow, PartnerRow

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.partner_dialog import PartnerDialog
from branchdesk.ui.pages.volunteer_events import OK_STYLE
from branchdesk.ui.tablemodels.volunteer import KIND_LIST_COLUMNS, PARTNER_COLUMNS
from branchdesk.ui.widgets.form_fields import named
from branchdesk.ui.widgets.rows_table import RowsTable

NOTE_STYLE = "color: #616161;"


class _ListTab(QWidget):
    """Buttons over a table with a 显示已停用 check, and a line saying what just happened."""

    def __init__(self, ctx: AppContext, table: RowsTable, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.table = table
        self.archived_check = named(QCheckBox("显示已停用(&V)"), f"{table.objectName()}Archived")
        self.buttons = QHBoxLayout()
        self.status_label = QLabel()
        hint = QLabel(note)
        hint.setStyleSheet(NOTE_STYLE)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.status_label)
        self.archived_check.toggled.connect(self.refresh)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        table.doubleClicked.connect(self._on_table_double_clicked)

    def add_buttons(self, *buttons: QPushButton) -> None:
        for button in buttons:
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.archived_check)

    def run(self, action: Callable[[Any], object], said: str) -> None:
        if operations.run_action(self, self._ctx, action) is not None:
            self._ctx.events.volunteer_changed.emit()
            self.refresh()
            self.status_label.setText(said)
            self.status_label.setStyleSheet(OK_STYLE)

    def reselect(self, row_id: int | None) -> None:
        """The row shown before a refresh (or the first), so the keyboard always has one."""
        if row_id is not None:
            self.table.select_where(lambda r: r.id == row_id)
        if self.table.selected() is None and self.table.model().rowCount():
            self.table.select_row(0)
        self._update_buttons()

    def refresh(self) -> None:
        raise NotImplementedError

    def _update_buttons(self, *_args: object) -> None:
        raise NotImplementedError

    def _on_table_double_clicked(self, *_args: object) -> None:
        raise NotImplementedError


class PartnersTab(_ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            RowsTable(PARTNER_COLUMNS, "partnerTable"),
            "共建单位全院共用。已有活动记录的单位不能删除，合作结束后请“停用”：停用的单位不再出现在新活动的选择中，原有记录不变。",
            parent,
        )
        self.add_button = named(QPushButton("新增单位(&A)"), "partnerAdd")
        self.edit_button = named(QPushButton("编辑/改名(&E)"), "partnerEdit")
        self.archive_button = named(QPushButton("停用(&T)"), "partnerArchive")
        self.remove_button = named(QPushButton("删除"), "partnerRemove", "只能删除从未用过的单位（如录错的）")
        self.add_buttons(self.add_button, self.edit_button, self.archive_button, self.remove_button)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_table_double_clicked)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def refresh(self, *_args: object) -> None:
        selected = self.table.selected()
        archived = self.archived_check.isChecked()
        rows = operations.read(
            self._ctx, lambda s: volunteer_lists.list_partners(s, include_archived=archived)
        )
        self.table.rows_model.set_rows(rows)
        self.reselect(selected.id if selected is not None else None)

    def _update_buttons(self, *_args: object) -> None:
        row: PartnerRow | None = self.table.selected()
        for button in (self.edit_button, self.archive_button):
            button.setEnabled(row is not None)
        self.remove_button.setEnabled(row is not None and row.used == 0)
        self.archive_button.setText("恢复使用(&T)" if row is not None and row.archived else "停用(&T)")

    def _edit(self, row: PartnerRow | None) -> None:
        dialog = PartnerDialog(self._ctx, row, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.refresh()
            self.reselect(dialog.saved.id)
            self.status_label.setText(f"已保存共建单位“{dialog.saved.name}”")
            self.status_label.setStyleSheet(OK_STYLE)

    def _on_add_button_clicked(self) -> None:
        self._edit(None)

    def _on_table_double_clicked(self, *_args: object) -> None:
        row = self.table.selected()
        if row is not None:
            self._edit(row)

    def _on_archive_button_clicked(self) -> None:
        row: PartnerRow | None = self.table.selected()
        if row is None:
            return
        archived, partner_id = not row.archived, row.id
        said = f"已停用“{row.name}”，原有活动记录不变" if archived else f"已恢复使用“{row.name}”"
        self.run(lambda s: volunteer_lists.set_partner_archived(s, partner_id, archived) or True, said)

    def _on_remove_button_clicked(self) -> None:
        row: PartnerRow | None = self.table.selected()
        if row is None or not messages.confirm(
            self,
            "删除共建单位",
            f"要删除“{row.name}”吗？它还没有任何活动记录，删除后不能恢复。",
            ok_text="删除",
        ):
            return
        partner_id = row.id
        self.run(lambda s: volunteer_lists.remove_partner(s, partner_id) or True, f"已删除“{row.name}”")


class KindsTab(_ListTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            RowsTable(KIND_LIST_COLUMNS, "kindTable"),
            "服务类别全院共用，统计按类别汇总。改名后原有活动显示新名称；不再使用的类别请“停用”，原有记录不变。",
            parent,
        )
        self.add_button = named(QPushButton("新增类别(&A)"), "kindAdd")
        self.rename_button = named(QPushButton("改名(&E)"), "kindRename")
        self.archive_button = named(QPushButton("停用(&T)"), "kindArchive")
        self.add_buttons(self.add_button, self.rename_button, self.archive_button)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.rename_button.clicked.connect(self._on_table_double_clicked)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)

    def refresh(self, *_args: object) -> None:
        selected = self.table.selected()
        archived = self.archived_check.isChecked()
        rows = operations.read(self._ctx, lambda s: volunteer_lists.list_kinds(s, include_archived=archived))
        self.table.rows_model.set_rows(rows)
        self.reselect(selected.id if selected is not None else None)

    def _update_buttons(self, *_args: object) -> None:
        row: KindRow | None = self.table.selected()
        self.rename_button.setEnabled(row is not None)
        self.archive_button.setEnabled(row is not None)
        self.archive_button.setText("恢复使用(&T)" if row is not None and row.archived else "停用(&T)")

    def _on_add_button_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, "新增服务类别", "类别名称（如 心理疏导）：")
        if ok:
            self.run(lambda s: volunteer_lists.add_kind(s, name), f"已新增服务类别“{name.strip()}”")

    def _on_table_double_clicked(self, *_args: object) -> None:
        row: KindRow | None = self.table.selected()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, "服务类别改名", "新名称：", text=row.name)
        if ok and name.strip() != row.name:
            kind_id = row.id
            self.run(
                lambda s: volunteer_lists.rename_kind(s, kind_id, name) or True, f"已改名为“{name.strip()}”"
            )

    def _on_archive_button_clicked(self) -> None:
        row: KindRow | None = self.table.selected()
        if row is None:
            return
        archived, kind_id = not row.archived, row.id
        said = f"已停用“{row.name}”，原有活动记录不变" if archived else f"已恢复使用“{row.name}”"
        self.run(lambda s: volunteer_lists.set_kind_archived(s, kind_id, archived) or True, said)
