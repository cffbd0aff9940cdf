"""Qt's own dialogs speak Chinese: the file dialog a secretary picks a roster in has no English label."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from branchdesk.ui.app import install_qt_translations


def test_the_file_dialog_labels_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_qt_translations(app)
    dialog = QFileDialog(None, "选择花名册文件", "", "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = [re.sub(r"\(&\w\)", "", label.text()) for label in dialog.findChildren(QLabel) if label.text()]
    assert len(labels) == 3 and not any(re.search("[A-Za-z]", text) for text in labels), labels
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"  # the rest still comes from Qt
