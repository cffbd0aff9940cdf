"""Print preview and printing through the system dialog, for any printout drawn by a paint function.

A printout is one function `paint(device)` that draws every page on a QPagedPaintDevice (see
sign_in_sheet.render_sign_in_sheet); the preview, the printer and the PDF all call the same one.
Every preview's toolbar is tidied by `tidy_toolbar`: the theme (qt-material) squeezes a dialog's
tool buttons into thin red dashes, so the toolbar gets its own stylesheet, Chinese labels beside the
icons, 打印 first, shortcuts, and none of the buttons that would fight the printout's fixed paper
(纵向/横向) or that nobody needs for a one- or few-page sheet (first/last page, facing and overview).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QToolBar, QToolButton, QWidget

from branchdesk import APP_NAME, APP_TITLE
from branchdesk.errors import BranchDeskError
from branchdesk.services.sign_in_sheet import SignInSheet

from branchdesk.ui.dialogs import messages
from branchdesk.ui.printing.drawing import set_up_page
from branchdesk.ui.printing.sign_in_sheet import render_sign_in_sheet

Paint = Callable[[QPrinter], object]
A4 = QPageSize.PageSizeId.A4
PORTRAIT = QPageLayout.Orientation.Portrait


# Qt builds the toolbar from fixed code (qprintpreviewdialog.cpp): its plain actions come in this
# order. Labels are ours (short, the words a secretary uses); None hides the button.
_TOOLBAR_ACTIONS: tuple[tuple[str, str | None, str | None], ...] = (  # key, label, shortcut
    ("fit_width", "适合宽度", None),
    ("fit_page", "整页", None),
    ("zoom_out", "缩小", "Ctrl+-"),
    ("zoom_in", "放大", "Ctrl+="),
    ("portrait", None, None),
    ("landscape", None, None),
    ("first_page", None, None),
    ("previous_page", "上一页", "PgUp"),
    ("next_page", "下一页", "PgDown"),
    ("last_page", None, None),
    ("single_page", None, None),
    ("facing_pages", None, None),
    ("all_pages", None, None),
    ("page_setup", "页面设置", None),
    ("print", "打印", "Ctrl+P"),
)
_KEY = "branchdeskPreviewKey"
TOOLBAR_QSS = """
QToolBar#previewToolBar { background: #ffffff; border: none; border-bottom: 1px solid #e0e0e0;
  spacing: 2px; padding: 3px 6px; }
QToolBar#previewToolBar QToolButton { height: 28px; min-height: 28px; margin: 1px; padding: 2px 8px;
  border: 1px solid transparent; border-radius: 4px; background-color: transparent; color: #212121; }
QToolBar#previewToolBar QToolButton:hover { background-color: #fdecea; border: 1px solid #ef9a9a; }
QToolBar#previewToolBar QToolButton:pressed { background-color: #f8d7d7; border: 1px solid #c62828; }
QToolBar#previewToolBar QToolButton:checked { background-color: #fdecea; border: 1px solid #c62828;
  color: #b71c1c; }
QToolBar#previewToolBar QToolButton:focus { border: 1px solid #c62828; }
QToolBar#previewToolBar QToolButton:disabled { background-color: transparent; color: #9e9e9e; }
QToolBar#previewToolBar QToolButton#previewPrintButton { background-color: #c62828; color: #ffffff;
  font-weight: bold; }
QToolBar#previewToolBar QToolButton#previewPrintButton:hover { background-color: #b71c1c; }
"""


# The system print dialog's small "…" (choose the output file) is a QToolButton too: the same theme rule
# drew it as a red dash.
PRINT_DIALOG_QSS = """
QToolButton { min-height: 24px; min-width: 28px; margin: 0; padding: 1px 6px; border: 1px solid #bdbdbd;
  border-radius: 4px; background-color: #ffffff; color: #212121; }
QToolButton:hover { background-color: #fdecea; border: 1px solid #ef9a9a; }
QToolButton:disabled { color: #9e9e9e; }
"""


def toolbar_actions(dialog: QPrintPreviewDialog) -> dict[str, QAction]:
    """The preview's own actions by key (see _TOOLBAR_ACTIONS); empty when Qt's toolbar is not the
    one this module knows (then the buttons keep Qt's labels, still visible)."""
    toolbar = dialog.findChild(QToolBar)
    if toolbar is None:
        return {}
    keyed = {str(a.property(_KEY)): a for a in toolbar.actions() if a.property(_KEY)}
    if keyed:  # tidied already: the order has changed (打印 first)
        return keyed
    plain = [a for a in toolbar.actions() if isinstance(toolbar.widgetForAction(a), QToolButton)]
    if len(plain) != len(_TOOLBAR_ACTIONS) or plain[0].objectName() != "fitWidthAction":
        return {}
    return {key: action for (key, _label, _keys), action in zip(_TOOLBAR_ACTIONS, plain, strict=True)}


def tidy_toolbar(dialog: QPrintPreviewDialog) -> None:
    """Make the preview's toolbar readable under the theme: labelled buttons of a usable size,
    打印 first and marked, the unneeded buttons hidden, and keyboard shortcuts."""
    toolbar = dialog.findChild(QToolBar)
    if toolbar is None:
        return
    toolbar.setObjectName("previewToolBar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(QSize(20, 20))
    dialog.setStyleSheet(TOOLBAR_QSS)  # a widget's own sheet wins over the theme's, whatever its rules
    actions = toolbar_actions(dialog)
    for key, label, keys in _TOOLBAR_ACTIONS:
        action = actions.get(key)
        if action is None:
            continue
        action.setProperty(_KEY, key)
        if label is None:
            action.setVisible(False)
            continue
        action.setText(label)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown_keys = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{label}（{shown_keys}）" if shown_keys else label)
    _hide_idle_separators(toolbar)
    printing = actions.get("print")
    if printing is not None:
        first = toolbar.actions()[0]
        toolbar.removeAction(printing)
        toolbar.insertAction(first, printing)
        toolbar.insertSeparator(first)
        button = toolbar.widgetForAction(printing)
        if button is not None:
            button.setObjectName("previewPrintButton")


def _hide_idle_separators(toolbar: QToolBar) -> None:
    """One separator before each group that still shows a button, none at the ends or doubled."""
    pending: QAction | None = None
    seen_any = False
    for action in toolbar.actions():
        if action.isSeparator():
            action.setVisible(False)
            pending = action if seen_any else None
        elif action.isVisible():
            if pending is not None:
                pending.setVisible(True)
                pending = None
            seen_any = True


class PrintFailedError(BranchDeskError):
    """The printer (or the file it prints to) could not be opened."""


def new_printer(
    title: str, *, page_size: QPageSize.PageSizeId = A4, orientation: QPageLayout.Orientation = PORTRAIT
) -> QPrinter:
    """A high-resolution printer on that paper (A4 portrait unless asked) whose page is the whole
    sheet (the printout keeps its own margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)
    printer.setDocName(title)
    printer.setCreator(f"{APP_TITLE} {APP_NAME}")
    set_up_page(printer, page_size, orientation)
    return printer


def _checked(paint: Paint) -> Paint:
    """Turn a device that will not open into a message the secretary can act on."""

    def run(printer: QPrinter) -> object:
        try:
            return paint(printer)
        except OSError as exc:
            raise PrintFailedError(
                "无法打印：打印机没有响应或输出文件无法写入。请检查打印机是否开机、联网，然后重试。",
                context=f"printing failed: {exc}",
            ) from exc

    return run


def preview_dialog(
    paint: Paint,
    *,
    title: str,
    parent: QWidget | None = None,
    page_size: QPageSize.PageSizeId = A4,
    orientation: QPageLayout.Orientation = PORTRAIT,
) -> QPrintPreviewDialog:
    """A print preview of `paint` on that paper (its 打印 button prints it); the caller shows or
    executes it. The paper is set before the dialog is built, so its first layout is already right."""
    printer = new_printer(title, page_size=page_size, orientation=orientation)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(f"打印预览 - {title}")
    checked = _checked(paint)

    def on_paint_requested(device: QPrinter) -> None:  # a slot: errors are shown, not raised into Qt
        try:
            checked(device)
        except BranchDeskError as exc:
            messages.show_error(dialog, exc, title="无法打印")

    dialog.paintRequested.connect(on_paint_requested)
    dialog.printer_ref = printer  # type: ignore[attr-defined]  # the dialog does not own the printer
    tidy_toolbar(dialog)
    dialog.resize(1000, 700)  # fits 1366x768 with the taskbar
    return dialog


def print_with_dialog(
    paint: Paint,
    *,
    title: str,
    parent: QWidget | None = None,
    printer: QPrinter | None = None,
    page_size: QPageSize.PageSizeId = A4,
    orientation: QPageLayout.Orientation = PORTRAIT,
) -> bool:
    """Ask the system print dialog where to print, then print; False when the user cancels.

    Without `printer`, a new one on that paper; a given printer is used as it is set up."""
    printer = printer or new_printer(title, page_size=page_size, orientation=orientation)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    dialog.setWindowTitle(f"打印 - {title}")
    dialog.setStyleSheet(PRINT_DIALOG_QSS)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _checked(paint)(printer)
    return True


def sign_in_sheet_preview(sheet: SignInSheet, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """The preview of a sign-in sheet, not yet shown (tests show it; the app calls exec())."""
    return preview_dialog(
        lambda printer: render_sign_in_sheet(sheet, printer), title=sheet.title, parent=parent
    )


def show_sign_in_sheet_preview(sheet: SignInSheet, parent: QWidget | None = None) -> None:
    """Open the print preview modally; the secretary prints from it or closes it."""
    sign_in_sheet_preview(sheet, parent).exec()


def print_sign_in_sheet(
    sheet: SignInSheet, parent: QWidget | None = None, *, printer: QPrinter | None = None
) -> bool:
    """Print a sign-in sheet through the system print dialog; False when cancelled."""
    return print_with_dialog(
        lambda device: render_sign_in_sheet(sheet, device), title=sheet.title, parent=parent, printer=printer
    )
