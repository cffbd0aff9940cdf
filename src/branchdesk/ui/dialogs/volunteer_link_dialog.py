"""The volunteer events held as one theme day, seen from 组织生活: link an event of those days, unlink
one, or record a new event filled from the theme day (its theme, time, place, partner and who came).

Voided events stay listed (marked 已作废) so the history explains itself; a voided theme day's links
are only shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import volunteer_links
from branchdesk.services.meetings import MeetingRow
from branchdesk.services.volunteer import EventRow
from branchdesk.services.volunteer_rules import LINK_DAYS

from branchdesk.ui import operations
from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs import messages
from branchdesk.ui.dialogs.volunteer_dialog import VolunteerDialog
from branchdesk.ui.tablemodels.base import fmt_date
from branchdesk.ui.tablemodels.volunteer import EVENT_COLUMNS, EVENT_TITLE_COLUMN
from branchdesk.ui.widgets.rows_table import RowsTable

OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #616161;"


def ask_unlink(parent: QWidget | None, title: str) -> bool:
    """解除关联 or 保留 (the default): two words that cannot be mixed up, unlike 取消关联 / 取消."""
    return messages.confirm(
        parent,
        "解除关联",
        f"解除“{title}”与本次主题党日的关联吗？\n活动记录和会议记录都保留，只是不再互相关联。",
        ok_text="解除关联",
        cancel_text="保留",
    )


class VolunteerLinkDialog(QDialog):
    """Events linked to `meeting` (a theme day), with link / unlink / new-from-this-day."""

    def __init__(self, ctx: AppContext, meeting: MeetingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._meeting = meeting
        self.changed = False
        self.active_dialog: VolunteerDialog | None = None
        self.setObjectName("volunteerLinkDialog")
        self.setWindowTitle(f"志愿服务活动 — {fmt_date(meeting.held_on)} 主题党日")
        heading = QLabel(f"{fmt_date(meeting.held_on)}　{meeting.theme}")
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        self.table = RowsTable(EVENT_COLUMNS[:-1], "linkedEvents")  # all are this day's: no 主题党日 column
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EVENT_TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.new_button = QPushButton("从本次主题党日新建活动(&N)…")
        self.new_button.setObjectName("linkNew")
        self.new_button.setToolTip("按主题、时间、地点、共建单位和出席党员预先填好，核对后保存")
        self.unlink_button = QPushButton("解除关联(&U)")
        self.unlink_button.setObjectName("linkRemove")
        self.candidates = QComboBox()
        self.candidates.setObjectName("linkCandidates")
        self.candidates.setMinimumWidth(380)
        self.link_button = QPushButton("关联(&L)")
        self.link_button.setObjectName("linkAdd")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        note = QLabel(
            "活动作为主题党日开展时（如在主题党日开展义诊），在此关联；志愿服务时长在“志愿服务”中统计。"
        )
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.unlink_button)
        actions.addStretch(1)
        linking = QHBoxLayout()
        linking.addWidget(QLabel("关联已登记的活动："))
        linking.addWidget(self.candidates, 1)
        linking.addWidget(self.link_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addLayout(linking)
        layout.addWidget(note)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(1000, 460)
        buttons.rejected.connect(self.reject)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.unlink_button.clicked.connect(self._on_unlink_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        meeting_id = self._meeting.id

        def query(session: Any) -> tuple[list[EventRow], list[EventRow]]:
            return (
                volunteer_links.events_for_meeting(session, meeting_id),
                volunteer_links.link_candidates(session, meeting_id),
            )

        linked, candidates = operations.read(self._ctx, query)
        self.table.rows_model.set_rows(linked)
        if linked:
            self.table.select_row(0)
        self.candidates.clear()
        for row in candidates:
            self.candidates.addItem(f"{fmt_date(row.held_on)} {row.title}（{row.kind_name}）", row.id)
        if not candidates:
            self.candidates.addItem(
                f"（{self._meeting.held_on.month}月及前后{LINK_DAYS}天内没有未关联的志愿服务活动）", None
            )
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        open_day = not self._meeting.voided
        selected: EventRow | None = self.table.selected()
        self.new_button.setEnabled(open_day)
        self.unlink_button.setEnabled(open_day and selected is not None and not selected.voided)
        self.link_button.setEnabled(open_day and self.candidates.currentData() is not None)
        self.candidates.setEnabled(open_day)
        if self._meeting.voided:
            self.status_label.setText("该主题党日已作废：原有关联保留，只能查看。")

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(OK_STYLE)

    def _changed(self, text: str) -> None:
        self.changed = True
        self._ctx.events.volunteer_changed.emit()
        self.refresh()
        self._say(text)

    def _on_new_button_clicked(self) -> None:
        """The event form filled from the theme day (window-modal, not blocking; see _on_new_finished)."""
        meeting_id = self._meeting.id
        template = operations.read(self._ctx, lambda s: volunteer_links.template_from_meeting(s, meeting_id))
        dialog = VolunteerDialog(
            self._ctx, template=template.data, partner_text=template.partner_text, parent=self
        )
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_new_finished(dialog))
        dialog.open()

    def _on_new_finished(self, dialog: VolunteerDialog) -> None:
        self.active_dialog = None
        if dialog.saved is not None:
            saved = dialog.saved.row
            self._changed(f"已登记“{saved.title}”并关联本次主题党日：{saved.participants} 人参加。")
        dialog.deleteLater()

    def _on_link_button_clicked(self) -> None:
        event_id, meeting_id = self.candidates.currentData(), self._meeting.id
        if event_id is None:
            return
        row = operations.run_action(
            self, self._ctx, lambda s: volunteer_links.link_meeting(s, event_id, meeting_id)
        )
        if row is not None:
            self._changed(f"已关联“{row.title}”。")

    def _on_unlink_button_clicked(self) -> None:
        selected: EventRow | None = self.table.selected()
        if selected is None or not ask_unlink(self, selected.title):
            return
        event_id = selected.id

        def unlink(session: Any) -> bool:
            volunteer_links.unlink_meeting(session, event_id)
            return True

        if operations.run_action(self, self._ctx, unlink):
            self._changed(f"已解除“{selected.title}”与本次主题党日的关联。")
