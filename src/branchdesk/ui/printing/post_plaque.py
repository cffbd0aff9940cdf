"""Draw a post plaque (岗位牌) on A4 or A5 portrait, for the PDF, the preview and the printer alike.

A red band with the kind (党员示范岗) in white, the post's name, where it is and which branch, the
holders in large type, then 岗位职责 (numbered) and 服务承诺 under red headings, and the footer that
invites patients to hold the post to its promise. Everything is sized from the page width, so A5
is A4 scaled down; when the duties and commitment are long, their type shrinks until they fit the
page (never below a readable size, after which the text is cut with an ellipsis). The bundled font
and the shared text helpers (printing.drawing) are used, so a PC without Chinese fonts prints the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPageSize, QPainter, QPdfWriter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from branchdesk import APP_NAME, APP_TITLE
from branchdesk.services.post_plaque import Plaque

from branchdesk.ui.printing.drawing import Geometry, Painter, set_up_page
from branchdesk.ui.printing.fonts import print_family
from branchdesk.ui.printing.preview import preview_dialog, print_with_dialog

PARTY_RED = QColor("#c8161d")
GOLD = QColor("#d4a017")
SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}
MARGIN_MM = 12.0
# A4 point sizes; A5 scales them by its width (148/210).
HEADING_PT, NAME_PT, INFO_PT, HOLDERS_PT, SECTION_PT, FOOTER_PT = 40.0, 24.0, 13.0, 18.0, 16.0, 10.0
MAX_BODY_PT, MIN_BODY_PT = 18.0, 9.0  # short duties are set large to fill the plaque, long ones smaller


class _Plaque:
    """One render: the page's measures and the drawing of each block, top to bottom."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        self.g = Geometry.of(device, margin_mm=MARGIN_MM, footer_mm=0.0)  # the footer is inside the frame
        self.d = Painter(painter, self.g, print_family())
        self.scale = device.width() / self.g.px_per_mm / 210.0  # 1.0 on A4, about 0.7 on A5

    def pt(self, size: float) -> float:
        return size * self.scale

    def paragraph_height(self, text: str, size: float, width: float, bold: bool = False) -> float:
        _font, metrics = self.d.font(size, bold)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()

    def paragraph(self, rect: QRectF, text: str, size: float) -> None:
        font, metrics = self.d.font(size)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        if metrics.boundingRect(rect, flags, text).height() > rect.height() + 1:
            lines = max(1, int(rect.height() // metrics.lineSpacing()))
            text = metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, rect.width() * lines - metrics.averageCharWidth() * 2
            )
        self.d._use(font)
        self.d.p.drawText(rect, flags, text)

    def band(self, plaque: Plaque) -> float:
        g = self.g
        height = g.mm(30 * self.scale)
        self.d.p.fillRect(QRectF(g.left, g.top, g.width, height), PARTY_RED)
        self.d.p.setPen(QColor("white"))
        self.d.text(QRectF(g.left, g.top, g.width, height), plaque.heading, self.pt(HEADING_PT),
                    align=Qt.AlignmentFlag.AlignHCenter, bold=True)  # fmt: skip
        self.d.p.setPen(QColor("black"))
        return g.top + height

    def titles(self, plaque: Plaque, y: float) -> float:
        g = self.g
        y += g.mm(5 * self.scale)
        name_h = g.mm(16 * self.scale)
        self.d.text(QRectF(g.left, y, g.width, name_h), plaque.name, self.pt(NAME_PT),
                    align=Qt.AlignmentFlag.AlignHCenter, bold=True)  # fmt: skip
        y += name_h
        info = "    ".join(
            p
            for p in (f"地点：{plaque.place}" if plaque.place else "", f"所属支部：{plaque.branch_name}")
            if p
        )
        info_h = g.mm(9 * self.scale)
        self.d.text(
            QRectF(g.left, y, g.width, info_h), info, self.pt(INFO_PT), align=Qt.AlignmentFlag.AlignHCenter
        )
        y += info_h + g.mm(2 * self.scale)
        self.d.rule(g.left, y, g.left + g.width, y, width_mm=0.8 * self.scale)
        return y + g.mm(3 * self.scale)

    def holders(self, plaque: Plaque, y: float) -> float:
        g = self.g
        text = "在岗党员：" + ("、".join(plaque.holders) if plaque.holders else "________________")
        size = self.pt(HOLDERS_PT)
        height = self.paragraph_height(text, size, g.width, bold=True)
        font, _metrics = self.d.font(size, True)
        self.d._use(font)
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        self.d.p.drawText(QRectF(g.left, y, g.width, height), flags, text)
        return y + height + g.mm(4 * self.scale)

    def section_heading(self, y: float, title: str, size: float) -> float:
        g = self.g
        height = g.mm(10 * self.scale)
        self.d.p.fillRect(
            QRectF(g.left, y + g.mm(1.5 * self.scale), g.mm(2.2 * self.scale), height - g.mm(3 * self.scale)),
            PARTY_RED,
        )
        self.d.p.setPen(PARTY_RED)
        self.d.text(
            QRectF(g.left + g.mm(5 * self.scale), y, g.width, height),
            title,
            max(self.pt(SECTION_PT), size + 1),
            bold=True,
        )
        self.d.p.setPen(QColor("black"))
        return y + height

    def body(self, plaque: Plaque, y: float, bottom: float) -> None:
        """岗位职责 and 服务承诺, shrinking their type together until both fit above `bottom`."""
        g = self.g
        duties = "\n".join(f"{n}. {line}" for n, line in enumerate(plaque.duties, start=1)) or "（未填写）"
        commitment = "\n".join(plaque.commitment) or "（未填写）"
        indent = g.mm(5 * self.scale)
        width = g.width - indent
        heading_h, gap = g.mm(10 * self.scale), g.mm(4 * self.scale)
        size = self.pt(MAX_BODY_PT)
        while size > MIN_BODY_PT:
            need = (
                2 * heading_h + gap + sum(self.paragraph_height(t, size, width) for t in (duties, commitment))
            )
            if y + need <= bottom:
                break
            size = max(MIN_BODY_PT, size - 0.5)
        room = bottom - y - 2 * heading_h - gap
        duties_h = min(self.paragraph_height(duties, size, width), room * 0.6)
        commitment_h = max(room - duties_h, 0.0)
        y = self.section_heading(y, "岗位职责", size)
        self.paragraph(QRectF(g.left + indent, y, width, duties_h), duties, size)
        y += duties_h + gap
        y = self.section_heading(y, "服务承诺", size)
        self.paragraph(QRectF(g.left + indent, y, width, commitment_h), commitment, size)

    def frame_and_footer(self, plaque: Plaque) -> float:
        """A gold border round the page and the footer line; returns the lowest y the body may use."""
        g = self.g
        footer_h = g.mm(10 * self.scale)
        bottom = g.bottom - footer_h
        self.d.text(QRectF(g.left, bottom, g.width, footer_h), plaque.footer, self.pt(FOOTER_PT),
                    align=Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
        pad = g.mm(4 * self.scale)
        self.d.p.setPen(QPen(GOLD, g.mm(1.2 * self.scale)))
        self.d.p.drawRect(QRectF(g.left - pad, g.top - pad, g.width + 2 * pad, g.bottom - g.top + 2 * pad))
        self.d.p.setPen(QColor("black"))
        return bottom - g.mm(2 * self.scale)


def render_plaque(plaque: Plaque, device: QPagedPaintDevice) -> int:
    """Paint the plaque on one page of `device` (page set up by the caller); returns 1."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the paint device could not be opened (printer or file not writable)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = _Plaque(painter, device)
        bottom = r.frame_and_footer(plaque)
        y = r.titles(plaque, r.band(plaque))
        y = r.holders(plaque, y)
        r.body(plaque, y, bottom)
        r.d.flush_rules()
    finally:
        painter.end()
    return 1


def write_pdf(plaque: Plaque, path: Path, *, size: str = "A4", resolution: int = 600) -> int:
    """Write the plaque as a one-page PDF (needs a QGuiApplication, not a window)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(resolution)
    writer.setTitle(plaque.title)
    writer.setCreator(f"{APP_TITLE} {APP_NAME}")
    set_up_page(writer, SIZES[size])
    return render_plaque(plaque, writer)


def plaque_preview(plaque: Plaque, size: str = "A4", parent: QWidget | None = None) -> QPrintPreviewDialog:
    """The print preview on the chosen paper, not yet shown (tests show it; the app calls exec())."""
    return preview_dialog(
        lambda printer: render_plaque(plaque, printer),
        title=plaque.title,
        parent=parent,
        page_size=SIZES[size],
    )


def show_preview(plaque: Plaque, size: str = "A4", parent: QWidget | None = None) -> None:
    plaque_preview(plaque, size, parent).exec()


def print_plaque(
    plaque: Plaque, size: str = "A4", parent: QWidget | None = None, *, printer: QPrinter | None = None
) -> bool:
    """Print through the system dialog on the chosen paper (a given `printer` as it is set up); False
    when cancelled."""
    return print_with_dialog(
        lambda device: render_plaque(plaque, device),
        title=plaque.title,
        parent=parent,
        printer=printer,
        page_size=SIZES[size],
    )
