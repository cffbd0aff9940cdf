"""Draw a post plaque (岗位牌) on A4 or A5 portrait, for the PDF, the preview and the printer alike.

A red band with the kind (党员示范岗) in white, the post's name, where it is and which branch, the
holders in large type, then 岗位职责 (numbered, continuation lines hanging) and 服务承诺 under red
headings, the invitation to supervise with the 监督电话 (or a blank to write it on), and the footer
naming the hospital's committee and the branch. Everything is sized from the page width, so A5 is A4
scaled down. The body is set as large as fits and the space left over goes between the blocks, so a
short post fills the page as a long one does; long text shrinks (never below a readable size).
Lines are broken here, not by Qt, so a paragraph never ends on one or two lone characters. The
bundled font and the shared helpers (printing.drawing) are used, so a PC without Chinese fonts
prints the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPagedPaintDevice, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from branchdesk.services.post_plaque import Plaque

from branchdesk.ui.printing.drawing import Geometry, Painter, pdf_writer
from branchdesk.ui.printing.fonts import print_family
from branchdesk.ui.printing.preview import preview_dialog, print_with_dialog

PARTY_RED = QColor("#c8161d")
GOLD = QColor("#d4a017")
SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}
MARGIN_MM = 12.0
# A4 point sizes; A5 scales them by its width (148/210).
HEADING_PT, NAME_PT, INFO_PT, HOLDERS_PT, SECTION_PT, FOOTER_PT = 40.0, 24.0, 13.0, 18.0, 16.0, 10.0
MAX_BODY_PT, MIN_BODY_PT = 26.0, 9.0  # short duties are set large to fill the plaque, long ones smaller
LEADING = 1.25  # body line pitch, times the font's line spacing
MAX_GAP_MM = 24.0  # what is left over goes between the blocks, at most this much each
MIN_LAST_LINE = 3  # characters on a paragraph's last line: fewer is a widow ("礼品", "作。")
PHONE_BLANK = "________________"


def break_lines(text: str, metrics: QFontMetricsF, width: float, *, indent: float = 0.0) -> list[str]:
    """`text` broken into lines of at most `width` (the lines after the first `indent` narrower),
    with no widow: when the last line would hold fewer than MIN_LAST_LINE characters, the lines are
    made a little narrower (same count of lines) until enough of the text comes down to join it."""

    def wrap(limit: float) -> list[str]:
        lines: list[str] = []
        rest = text
        while rest:
            room = limit - (indent if lines else 0.0)
            count = len(rest)
            while count > 1 and metrics.horizontalAdvance(rest[:count]) > room:
                count -= 1
            count = _break_at(rest, count)
            lines.append(rest[:count])
            rest = rest[count:]
        return lines

    lines = wrap(width)
    if len(lines) < 2 or len(lines[-1]) >= MIN_LAST_LINE:
        return lines
    char = metrics.horizontalAdvance("中")
    for step in range(1, 8):
        narrower = wrap(width - step * char)
        if len(narrower) > len(lines):
            break
        if len(narrower[-1]) >= MIN_LAST_LINE:
            return narrower
    return lines


CLOSING = "，。、；：？！）》」』”’,.;:?!)%"
OPENING = "（《「『“‘("


def _joined(left: str, right: str) -> bool:
    """Characters a line may not come between: a closing mark and what it closes, an opening mark and
    what it opens, the digits and letters of one number or word, a number and its unit (20人次, 3个)."""
    word = left.isascii() and left.isalnum() and right.isascii() and right.isalnum()
    return right in CLOSING or left in OPENING or word or (left.isdigit() and not right.isspace())


def _break_at(text: str, count: int) -> int:
    """Where to end a line that would hold text[:count]: earlier when that splits what belongs
    together, unless nothing would be left on the line."""
    end = count
    while 0 < end < len(text) and _joined(text[end - 1], text[end]):
        end -= 1
    return end or count


class _Plaque:
    """One render: the page's measures and the drawing of each block, top to bottom."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        self.g = Geometry.of(device, margin_mm=MARGIN_MM, footer_mm=0.0)  # the footer is inside the frame
        self.d = Painter(painter, self.g, print_family())
        self.scale = device.width() / self.g.px_per_mm / 210.0  # 1.0 on A4, about 0.7 on A5
        self.limit = self.g.bottom  # the lowest y text may reach (set above the supervision line)

    def pt(self, size: float) -> float:
        return size * self.scale

    def mm(self, value: float) -> float:
        return self.g.mm(value * self.scale)

    def band(self, plaque: Plaque) -> float:
        g = self.g
        height = self.mm(30)
        self.d.p.fillRect(QRectF(g.left, g.top, g.width, height), PARTY_RED)
        self.d.p.setPen(QColor("white"))
        self.d.text(QRectF(g.left, g.top, g.width, height), plaque.heading, self.pt(HEADING_PT),
                    align=Qt.AlignmentFlag.AlignHCenter, bold=True)  # fmt: skip
        self.d.p.setPen(QColor("black"))
        return g.top + height

    def titles(self, plaque: Plaque, y: float) -> float:
        g = self.g
        y += self.mm(5)
        name_h = self.mm(16)
        self.d.text(QRectF(g.left, y, g.width, name_h), plaque.name, self.pt(NAME_PT),
                    align=Qt.AlignmentFlag.AlignHCenter, bold=True)  # fmt: skip
        y += name_h
        info = "    ".join(
            p
            for p in (f"地点：{plaque.place}" if plaque.place else "", f"所属支部：{plaque.branch_name}")
            if p
        )
        info_h = self.mm(9)
        self.d.text(
            QRectF(g.left, y, g.width, info_h), info, self.pt(INFO_PT), align=Qt.AlignmentFlag.AlignHCenter
        )
        y += info_h + self.mm(2)
        self.d.rule(g.left, y, g.left + g.width, y, width_mm=0.8 * self.scale)
        return y + self.mm(3)

    def holders(self, plaque: Plaque, y: float, size: float, draw: bool = True) -> float:
        """The holders, centred, as large as the body or larger; returns the y under them."""
        g = self.g
        text = "在岗党员：" + ("、".join(plaque.holders) if plaque.holders else "________________")
        font, metrics = self.d.font(size, True)
        lines = break_lines(text, metrics, g.width)
        pitch = metrics.lineSpacing() * LEADING
        if draw:
            self.d._use(font)
            for n, line in enumerate(lines):
                rect = QRectF(g.left, y + n * pitch, g.width, pitch)
                self.d.p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), line)
        return y + len(lines) * pitch

    def section(self, y: float, title: str, items: list[tuple[str, str]], size: float, draw: bool) -> float:
        """A red-marked heading and its paragraphs (`items` are (number, text); a number hangs)."""
        g = self.g
        heading = max(self.pt(SECTION_PT), size + 2)
        head_font, head_metrics = self.d.font(heading, True)
        head_h = head_metrics.lineSpacing() * 1.35
        if draw:
            bar = QRectF(g.left, y + head_h * 0.18, self.mm(2.2), head_h * 0.64)
            self.d.p.fillRect(bar, PARTY_RED)
            self.d.p.setPen(PARTY_RED)
            self.d._use(head_font)
            rect = QRectF(g.left + self.mm(5), y, g.width, head_h)
            self.d.p.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), title)
            self.d.p.setPen(QColor("black"))
        y += head_h
        font, metrics = self.d.font(size)
        pitch = metrics.lineSpacing() * LEADING
        left = g.left + self.mm(5)
        width = g.left + g.width - left
        for number, text in items:
            hang = metrics.horizontalAdvance(number)
            lines = break_lines(number + text, metrics, width, indent=hang) if number else None
            lines = lines or break_lines(text, metrics, width)
            if draw:
                self.d._use(font)
                for n, line in enumerate(lines):
                    x = left + (hang if n and number else 0.0)
                    rect = QRectF(x, y + n * pitch, width, pitch)
                    if rect.bottom() > self.limit:  # too long even at the smallest size: say it is cut
                        self.d.p.drawText(rect.translated(0, -pitch), int(Qt.AlignmentFlag.AlignRight), "……")
                        return y + n * pitch
                    self.d.p.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), line)
            y += len(lines) * pitch
        return y

    def body(self, plaque: Plaque, top: float, bottom: float) -> None:
        """Holders, 岗位职责 and 服务承诺 set as large as fits between `top` and `bottom` (one size for
        both sections), and what is left shared out between the blocks so the page is filled."""
        duties = [(f"{n}. ", line) for n, line in enumerate(plaque.duties, start=1)] or [("", "（未填写）")]
        commitment = [("", line) for line in plaque.commitment] or [("", "（未填写）")]

        def height(size: float) -> float:
            y = self.holders(plaque, 0.0, max(self.pt(HOLDERS_PT), size), draw=False)
            y = self.section(y, "岗位职责", duties, size, draw=False)
            return self.section(y, "服务承诺", commitment, size, draw=False)

        size = self.pt(MAX_BODY_PT)
        while size > MIN_BODY_PT and height(size) + 3 * self.mm(4) > bottom - top:
            size = max(MIN_BODY_PT, size - 0.5)
        self.limit = bottom
        gaps = 3  # under the rule, between the two sections, above the supervision line
        room = bottom - top - height(size)
        gap = min(self.mm(MAX_GAP_MM), max(self.mm(4), room / gaps))
        above = gap * 0.5 + max(0.0, room - gaps * gap) / 2  # a very short post sits mid-page
        y = self.holders(plaque, top + above, max(self.pt(HOLDERS_PT), size))
        y = self.section(y + gap, "岗位职责", duties, size, draw=True)
        self.section(y + gap, "服务承诺", commitment, size, draw=True)

    def frame_and_footer(self, plaque: Plaque) -> float:
        """The gold border, the footer (committee, branch, since when) and the 监督电话 line over it;
        returns the lowest y the body may use."""
        g = self.g
        footer_h = self.mm(10)
        bottom = g.bottom - footer_h
        self.d.text(QRectF(g.left, bottom, g.width, footer_h), plaque.footer, self.pt(FOOTER_PT),
                    align=Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
        phone_h = self.mm(12)
        bottom -= phone_h
        phone = f"{plaque.supervision}　　监督电话：{plaque.phone or PHONE_BLANK}"
        self.d.p.setPen(PARTY_RED)
        self.d.text(QRectF(g.left, bottom, g.width, phone_h), phone, self.pt(INFO_PT + 2),
                    align=Qt.AlignmentFlag.AlignHCenter, bold=True)  # fmt: skip
        self.d.p.setPen(QColor("black"))
        pad = self.mm(4)
        self.d.p.setPen(QPen(GOLD, self.mm(1.2)))
        self.d.p.drawRect(QRectF(g.left - pad, g.top - pad, g.width + 2 * pad, g.bottom - g.top + 2 * pad))
        self.d.p.setPen(QColor("black"))
        return bottom - self.mm(2)


def render_plaque(plaque: Plaque, device: QPagedPaintDevice) -> int:
    """Paint the plaque on one page of `device` (page set up by the caller); returns 1."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the paint device could not be opened (printer or file not writable)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = _Plaque(painter, device)
        bottom = r.frame_and_footer(plaque)
        r.body(plaque, r.titles(plaque, r.band(plaque)), bottom)
        r.d.flush_rules()
    finally:
        painter.end()
    return 1


def write_pdf(plaque: Plaque, path: Path, *, size: str = "A4", resolution: int = 600) -> int:
    """Write the plaque as a one-page PDF (needs a QGuiApplication, not a window)."""
    writer = pdf_writer(path, plaque.title, page_size=SIZES[size], resolution=resolution)
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
