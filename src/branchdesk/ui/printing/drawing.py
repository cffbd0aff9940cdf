"""The drawing helpers every printout shares: page measures in device pixels, text fitted to boxes in
the bundled font, ruled lines collected per page, and the page set-up without device margins.

The sign-in sheet, a post's duty rota and its plaque draw through these, so their text
shrinks, wraps and elides alike, and a fix here (see Painter's note on PySide6 6.12.0) reaches all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

MARGIN_MM = 15.0  # an A4 printout's margin on every side (the plaque keeps its own)
FOOTER_MM = 10.0  # room under the body for "第 N 页 共 M 页"
WRAP_PT, MIN_PT = 9.0, 6.5  # Painter.text: wrapped text goes down to WRAP_PT before two lines, all to MIN_PT


def set_up_page(
    device: QPagedPaintDevice,
    page_size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4,
    orientation: QPageLayout.Orientation = QPageLayout.Orientation.Portrait,
) -> None:
    """The paper (A4 portrait unless asked) with no device margins: each printout keeps its own."""
    device.setPageLayout(
        QPageLayout(QPageSize(page_size), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    )


def pdf_writer(
    path: Path,
    title: str,
    *,
    page_size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4,
    resolution: int = 600,
) -> QPdfWriter:
    """A PDF file to draw a printout on: its title and creator set, the paper without device margins."""
    from branchdesk import APP_NAME, APP_TITLE

    writer = QPdfWriter(str(path))
    writer.setResolution(resolution)
    writer.setTitle(title)
    writer.setCreator(f"{APP_TITLE} {APP_NAME}")
    set_up_page(writer, page_size)
    return writer


@dataclass(frozen=True)
class Geometry:
    """Page measures in device pixels, from the device's own resolution and size."""

    px_per_mm: float
    left: float
    top: float
    width: float  # between the side margins
    bottom: float  # lowest y the body may reach (above the footer)

    @classmethod
    def of(
        cls, device: QPagedPaintDevice, *, margin_mm: float = MARGIN_MM, footer_mm: float = FOOTER_MM
    ) -> Geometry:
        """The page of `device` less `margin_mm` on every side and `footer_mm` for the page number."""
        px = device.logicalDpiY() / 25.4
        margin = margin_mm * px
        return cls(px, margin, margin, device.width() - 2 * margin, device.height() - margin - footer_mm * px)

    def mm(self, value: float) -> float:
        return value * self.px_per_mm


class Painter:
    """The drawing helpers of one render: fonts of the print family, text fitted to boxes, rules.

    Calls are kept few on purpose: a render is mostly text, and PySide6 6.12.0 on Python 3.11
    dropped one reference to None at each call of a Qt method returning nothing (setFont, setPen,
    drawLine ...), so a renderer calling them per cell aborted the app after some prints. The font
    is set only when it changes, and each page's rules are drawn with one drawLines() per width.
    """

    def __init__(self, painter: QPainter, geometry: Geometry, family: str) -> None:
        self.p = painter
        self.g = geometry
        self.family = family
        self._fonts: dict[tuple[float, bool], tuple[QFont, QFontMetricsF]] = {}
        self._current: QFont | None = None
        self.lines: dict[float, list[QLineF]] = {}  # pen width in mm -> rules still to draw

    def font(self, size: float, bold: bool = False) -> tuple[QFont, QFontMetricsF]:
        key = (size, bold)
        if key not in self._fonts:
            font = QFont(self.family)
            font.setPointSizeF(size)
            if bold:
                font.setBold(True)
            self._fonts[key] = (font, QFontMetricsF(font, self.p.device()))
        return self._fonts[key]

    def _use(self, font: QFont) -> None:
        if font is not self._current:
            self.p.setFont(font)
            self._current = font

    def rule(self, x1: float, y1: float, x2: float, y2: float, *, width_mm: float = 0.25) -> None:
        """A line to draw with the page's other lines of that width (see flush_rules)."""
        self.lines.setdefault(width_mm, []).append(QLineF(x1, y1, x2, y2))

    def flush_rules(self) -> None:
        """Draw the page's collected lines: one setPen and one drawLines per width."""
        for width_mm, lines in sorted(self.lines.items()):
            self.p.setPen(QPen(QColor("black"), self.g.mm(width_mm)))
            self.p.drawLines(lines)
        self.lines.clear()

    def text(
        self,
        rect: QRectF,
        text: str,
        size: float,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        bold: bool = False,
        wrap: bool = False,
    ) -> None:
        """Draw `text` in `rect`, shrinking the font until it fits.

        With `wrap`, text too long for one line at WRAP_PT goes on two lines (a 请假 reason in
        备注); what still does not fit at MIN_PT is elided rather than spilling into the next cell.
        """
        if not text:
            return
        font, metrics = self.font(size, bold)
        while metrics.horizontalAdvance(text) > rect.width() and size > (WRAP_PT if wrap else MIN_PT):
            size = max(MIN_PT, size - 0.5)
            font, metrics = self.font(size, bold)
        flags = align | Qt.AlignmentFlag.AlignVCenter
        if metrics.horizontalAdvance(text) > rect.width() and wrap:
            wrapped = flags | Qt.TextFlag.TextWordWrap
            while metrics.boundingRect(rect, int(wrapped), text).height() > rect.height() and size > MIN_PT:
                size = max(MIN_PT, size - 0.5)
                font, metrics = self.font(size, bold)
            if metrics.boundingRect(rect, int(wrapped), text).height() <= rect.height():
                self._use(font)
                self.p.drawText(rect, int(wrapped), text)
                return
        if metrics.horizontalAdvance(text) > rect.width():
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        self._use(font)
        self.p.drawText(rect, int(flags), text)
