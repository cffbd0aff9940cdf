"""Render resources/icons/branchdesk.svg into the PNG sizes the desktops want and a Windows .ico.

A developer tool, run after the SVG changes (the outputs are committed):
    QT_QPA_PLATFORM=offscreen python installer/make_icons.py
Qt's SVG renderer draws each size from the vector (crisper than scaling the 256 PNG down); the .ico
holds every size, the small ones as bitmaps and 256 as PNG, as Windows Explorer and NSIS expect,
and is put together by ImageMagick's `convert`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "branchdesk.svg"))
    if not renderer.isValid():
        raise SystemExit("branchdesk.svg is not a valid SVG")
    for size in PNG_SIZES:
        render(renderer, size, ICONS / f"branchdesk-{size}.png")
    sources = [str(ICONS / f"branchdesk-{size}.png") for size in ICO_SIZES]
    subprocess.run(["convert", *sources, str(ICONS / "branchdesk.ico")], check=True)
    del app
    print("wrote", ", ".join(f"branchdesk-{s}.png" for s in PNG_SIZES), "and branchdesk.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
