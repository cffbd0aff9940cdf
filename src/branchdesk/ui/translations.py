"""Chinese for the few strings of Qt's own dialogs that qtbase_zh_CN.qm lacks.

Qt 6 renamed some QFileDialog labels (they gained a mnemonic: "&Look in:"), and the shipped
Chinese catalogue still has only the old wording, so the file dialog showed English labels.
This translator is installed after Qt's and answers only those strings.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

MISSING: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileSystemModel", "Size"): "大小",
}


class MissingQtTranslations(QTranslator):
    """Answers the strings in MISSING; everything else falls through to Qt's catalogue."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) lets Qt ask the next translator; "" would mean "translate to nothing".
        return MISSING.get((context, source))
