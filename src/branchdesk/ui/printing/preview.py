"""Print preview and printing through the system dialog, for any printout drawn by a paint function.

A printout is one function `paint(device)` that draws every page on a QPagedPaintDevice (see
sign_in_sheet.render_sign_in_sheet); the preview, the printer and the PDF all call the same one.
The dialogs' own buttons come from Qt, translated by the zh_CN catalogue the app loads at start;
their window titles are ours, in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from branchdesk import APP_NAME, APP_TITLE
from branchdesk.errors import BranchDeskError
from branchdesk.services.sign_in_sheet import SignInSheet

from branchdesk.ui.dialogs import messages
from branchdesk.ui.printing.drawing import set_up_page
from branchdesk.ui.printing.sign_in_sheet import render_sign_in_sheet

Paint = Callable[[QPrinter], object]
A4 = QPageSize.PageSizeId.A4
PORTRAIT = QPageLayout.Orientation.Portrait


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
    dialog.resize(900, 700)  # fits 1366x768 with the taskbar
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
