"""The first steps of the roster import dialog: choose the file, check which column is which.

Each step only shows what it is given and says what the user changed; the dialog (import_dialog)
reads the file, runs the preview (import_preview_page) and the import. Nothing here touches the
database.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import idcard
from branchdesk.services.roster_sheet import FIELD_LABELS, SheetTable

from branchdesk.ui.widgets.field_errors import ERROR_STYLE, error_label

NOT_IMPORTED = "（不导入）"
SAMPLE_COUNT = 3
NOTE_STYLE = "color: #555555;"
REFUSAL_STYLE = "color: #b71c1c; background: #fdecea; border: 1px solid #ef9a9a; padding: 10px;"
OK_STYLE = "color: #2e7d32; font-weight: bold;"
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]")
_MOBILE_LIKE = re.compile(r"1\d{10}")


def user_documents_folder() -> Path:
    """Where secretaries keep their files: 文档, else the desktop, else the home folder."""
    for location in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.DesktopLocation,
    ):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: the letters Excel shows above the columns."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def row_list(rows: list[int] | tuple[int, ...], limit: int = 6) -> str:
    """第 7、9、12 行 — shortened with 等 after `limit` rows."""
    shown = "、".join(str(r) for r in rows[:limit])
    return f"第 {shown} 行" + (f"等 {len(rows)} 行" if len(rows) > limit else "")


def sample_text(table: SheetTable, column: int) -> str:
    """The first few values of a column; anything that looks like an ID or a mobile number is masked."""
    sensitive = table.mapping[column] in ("id_number", "phone")
    values: list[str] = []
    for _row, cells in table.rows:
        if column >= len(cells) or cells[column].blank:
            continue
        text = cells[column].text()
        if sensitive or _ID_LIKE.fullmatch(text):
            text = idcard.mask_id(text) if len(text) > 11 else idcard.mask_phone(text)
        elif _MOBILE_LIKE.fullmatch(text):
            text = idcard.mask_phone(text)
        values.append(text)
        if len(values) == SAMPLE_COUNT:
            break
    return "、".join(values)


def note_label(text: str = "", name: str = "") -> QLabel:
    """Grey explanatory text that wraps."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    if name:
        label.setObjectName(name)
    return label


class FileStep(QWidget):
    """Step 1: which .xlsx file; a refusal says why in the page and another file can be chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importFileStep")
        intro = QLabel(
            "请选择支部现有的 Excel 花名册（.xlsx 文件）。表头上方有标题行、表头占两行、"
            "有合并单元格都没有关系，下一步会列出每一列对应的信息，可以修改。"
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("还没有选择文件")
        self.choose_button = QPushButton("选择文件(&O)…")
        self.choose_button.setObjectName("importChoose")
        caption = QLabel("花名册文件(&F)：")
        caption.setBuddy(self.choose_button)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        self.error_label = error_label("importFileError")
        self.error_label.setTextFormat(Qt.TextFormat.RichText)
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = note_label(name="importFileStatus")
        tips = QGroupBox("导入须知")
        tips_layout = QVBoxLayout(tips)
        for text in (
            "• 旧版 Excel 97-2003 文件（.xls）和 CSV 文件请先在 Excel 或 WPS 中“另存为”"
            "“Excel 工作簿（*.xlsx）”再导入。",
            "• 身份证号一列应设为“文本”格式；被 Excel 存成数字（如 1.10105E+17）的身份证号后几位已经丢失，"
            "需要重新填写。",
            "• 有问题的行要么在 Excel 中改正后重新选择文件，要么在预览时勾选“排除此行”，不会悄悄跳过。",
            "• 已在花名册中的党员（身份证号相同，或姓名和出生日期相同）可以选择更新或跳过。",
            "• 导入前会自动备份全部数据，导入在一次操作中完成：要么全部写入，要么什么都不改。",
        ):
            tips_layout.addWidget(note_label(text))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addSpacing(6)
        layout.addWidget(tips)
        layout.addStretch(1)

    def show_refusal(self, path: Path, message: str) -> None:
        self.path_edit.setText(str(path))
        self.status_label.clear()
        self.error_label.setText(
            f"<b>无法读取“{escape(path.name)}”</b><br>{escape(message)}<br><br>请处理后重新选择，或选择其他文件。"
        )
        self.error_label.show()

    def show_loaded(self, path: Path, table: SheetTable) -> None:
        self.path_edit.setText(str(path))
        self.error_label.clear()
        self.error_label.hide()
        self.status_label.setText(f"已读取：工作表“{table.sheet_name}”，共 {table.data_row_count} 行数据。")

    def show_status(self, text: str) -> None:
        self.status_label.setText(text)


class MappingStep(QWidget):
    """Step 2: one line per column of the file (header, first values, the field it becomes).

    A field maps from one column only: choosing it for a second column takes it from the first.
    """

    mapping_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importMappingStep")
        self._table: SheetTable | None = None
        self._columns: list[int] = []
        self.combos: dict[int, QComboBox] = {}
        self._header_labels: dict[int, QLabel] = {}
        self.found_label = QLabel()
        self.found_label.setObjectName("importHeaderInfo")
        self.found_label.setWordWrap(True)
        self.found_label.setStyleSheet("font-weight: bold;")
        hint = note_label(
            "请核对文件中的每一列要导入为哪一项信息；不需要的列请选“（不导入）”。“姓名”必须对应一列。"
        )
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("importMappingScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.status_label = QLabel()
        self.status_label.setObjectName("importMappingStatus")
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.found_label)
        layout.addWidget(hint)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.status_label)

    def set_table(self, table: SheetTable) -> None:
        """One line per column that has a header or any value, preselected with the guessed field."""
        self._table = table
        found = (
            f"在工作表“{table.sheet_name}”{row_list(table.header_rows)}找到表头，"
            f"下面共有 {table.data_row_count} 行数据。"
        )
        if table.skipped_rows:
            found += f"表格下方的{row_list(table.skipped_rows)}（签字、日期、说明等）不导入。"
        self.found_label.setText(found)
        grid_host = QWidget()
        grid_host.setObjectName("importMappingGrid")
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for position, title in enumerate(("列", "表头（文件中）", "导入为", "前几行的内容")):
            head = QLabel(title)
            head.setStyleSheet("font-weight: bold; color: #333333;")
            grid.addWidget(head, 0, position)
        self.combos = {}
        self._header_labels = {}
        self._columns = [
            c
            for c, header in enumerate(table.headers)
            if header or any(c < len(cells) and not cells[c].blank for _r, cells in table.rows)
        ]
        for line, column in enumerate(self._columns, start=1):
            letter = column_letter(column)
            header = table.headers[column] or "（无表头）"
            grid.addWidget(QLabel(letter), line, 0, Qt.AlignmentFlag.AlignCenter)
            header_label = QLabel(header)
            header_label.setMinimumWidth(150)
            self._header_labels[column] = header_label
            grid.addWidget(header_label, line, 1)
            sample = QLabel(sample_text(table, column))
            sample.setStyleSheet(NOTE_STYLE)
            sample.setMinimumWidth(120)
            sample.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(sample, line, 3)
            combo = QComboBox()
            combo.setObjectName(f"importField{letter}")
            combo.setAccessibleName(f"{letter}列“{header}”导入为")
            combo.addItem(NOT_IMPORTED, None)
            for key, label in FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(table.mapping[column])))
            combo.setMinimumWidth(150)
            combo.setMaxVisibleItems(len(FIELD_LABELS) + 1)
            combo.currentIndexChanged.connect(
                lambda _i, c=column: self._on_field_combo_current_index_changed(c)
            )
            grid.addWidget(combo, line, 2)
            self.combos[column] = combo
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(self._columns) + 1, 1)
        self.scroll_area.setWidget(grid_host)
        self._show_status("")

    def mapping(self) -> tuple[str | None, ...]:
        """The chosen field of every column of the file (None: not imported)."""
        width = len(self._table.headers) if self._table else 0
        return tuple(self.combos[c].currentData() if c in self.combos else None for c in range(width))

    @property
    def name_mapped(self) -> bool:
        return "name" in self.mapping()

    def first_combo(self) -> QComboBox | None:
        return self.combos[self._columns[0]] if self._columns else None

    def _on_field_combo_current_index_changed(self, column: int) -> None:
        field = self.combos[column].currentData()
        moved = ""
        if field is not None and self._table is not None:
            for other, combo in self.combos.items():
                if other != column and combo.currentData() == field:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    header = self._table.headers[other] or "无表头"
                    moved = (
                        f"“{FIELD_LABELS[field]}”原来对应 {column_letter(other)} 列“{header}”，"
                        f"现改为对应 {column_letter(column)} 列；{column_letter(other)} 列不再导入。"
                    )
        self._show_status(moved)
        self.mapping_changed.emit()

    def _show_status(self, moved: str) -> None:
        for column, label in self._header_labels.items():  # columns left out read as such
            label.setStyleSheet("" if self.combos[column].currentData() else "color: #9e9e9e;")
        if not self.name_mapped:
            self.status_label.setStyleSheet(ERROR_STYLE)
            self.status_label.setText("还没有指定哪一列是“姓名”：请在“导入为”中为姓名所在的列选择“姓名”。")
        else:
            self.status_label.setStyleSheet(NOTE_STYLE)
            self.status_label.setText(moved)
