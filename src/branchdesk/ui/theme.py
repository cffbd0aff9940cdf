"""The look: a qt-material light theme in party red, its stylesheet cached in the data folder.

qt-material renders a Jinja template and writes some 300 coloured SVG icons on every call, which
costs a slow ward PC a noticeable part of a second at each start. The first start writes the
stylesheet and icons to `<data folder>/cache/theme-<key>/`; later starts read one file and skip
importing qt-material and Jinja altogether. The key covers everything that changes the output
(qt-material's version, our colours and options, the font found), so an upgrade rebuilds it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QDir
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from branchdesk.ui.widgets.sort_arrows import SortArrowStyle

log = logging.getLogger(__name__)

THEME_COLOURS = {  # qt-material's light layout (secondary already inverted), in party red
    "primaryColor": "#c62828",
    "primaryLightColor": "#ef9a9a",
    "secondaryColor": "#f5f5f5",
    "secondaryLightColor": "#e6e6e6",
    "secondaryDarkColor": "#ffffff",
    "primaryTextColor": "#212121",
    "secondaryTextColor": "#333333",
}
THEME_OPTIONS = {"font_size": "14px", "density_scale": "-1", "danger": "#c62828", "warning": "#b26a00"}
CJK_FONTS = (  # the first one installed wins; the bundled print font is only the last resort
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
STYLE_FILE = "style.qss"
CACHE_VERSION = "1"

OVERRIDES_FILE = "branchdesk_overrides.qss"  # resources/themes: corrections shared by every window
# The shell's own widgets (the sidebar, the loading notice, the status bar) and every table's header:
# qt-material pads a header section 20 px a side, so the roster's 13 columns would not fit 1366 px.
SHELL_QSS = """
QHeaderView::section { padding: 0 6px; }
QListWidget#navList { border: none; border-right: 1px solid #e0e0e0; background-color: #fafafa; }
QListWidget#navList::item { padding: 10px 14px; border: none; color: #333333; }
QListWidget#navList::item:selected { background-color: #fdecea; color: #b71c1c; font-weight: bold;
  border-left: 4px solid #c62828; }
QLabel#loadingLabel { font-size: 18px; color: #555555; }
QStatusBar QLabel { padding: 0 8px; }
"""


def resource_path(*parts: str) -> Path | None:
    """A file or folder of the `branchdesk.resources` package, None when it is not there."""
    try:
        path = Path(str(resources.files("branchdesk.resources").joinpath(*parts)))
    except (ModuleNotFoundError, TypeError):
        return None
    return path if path.exists() else None


def bundled_fonts_dir() -> Path | None:
    """`resources/fonts` when the build ships a font (with its licence file), else None."""
    folder = resource_path("fonts")
    return folder if folder is not None and folder.is_dir() else None


def overrides_qss() -> str:
    path = resource_path("themes", OVERRIDES_FILE)
    return path.read_text(encoding="utf-8") if path is not None else ""


def load_bundled_fonts() -> list[str]:
    """Register the shipped font files with Qt; returns their family names."""
    folder = bundled_fonts_dir()
    families: list[str] = []
    if folder is None:
        return families
    for file in sorted(folder.iterdir()):
        if file.suffix.lower() in {".ttf", ".otf", ".ttc"}:
            font_id = QFontDatabase.addApplicationFont(str(file))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
            else:
                log.warning("bundled font %s could not be loaded", file.name)
    return families


def choose_font() -> str:
    """The system's own Chinese UI font (微软雅黑 on Windows, Noto/文泉驿 on Linux) when installed;
    only a PC with none gets the bundled print font, which is then loaded (5 MB, not on every start)."""
    installed = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in installed:
            return family
    bundled = load_bundled_fonts()
    return bundled[0] if bundled else QGuiApplication.font().family()


def _qt_material_version() -> str:
    """qt-material's installed version, from its dist-info folder's name when it sits beside the package
    (a plain or PyInstaller install): importing importlib.metadata costs a start ~12 ms."""
    spec = importlib.util.find_spec("qt_material")
    if spec is not None and spec.submodule_search_locations:
        parent = Path(next(iter(spec.submodule_search_locations))).parent
        found = sorted(parent.glob("qt_material-*.dist-info"))
        if len(found) == 1:
            return found[0].name.removeprefix("qt_material-").removesuffix(".dist-info")
    from importlib import metadata

    try:
        return metadata.version("qt-material")
    except metadata.PackageNotFoundError:
        return "unknown"


def cache_key(font_family: str) -> str:
    """Twelve hex digits naming what the cached stylesheet was built from (its inputs' repr: json
    would be one more import before the first paint)."""
    payload = repr(
        [
            CACHE_VERSION,
            _qt_material_version(),
            sorted(THEME_COLOURS.items()),
            sorted(THEME_OPTIONS.items()),
            font_family,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def _qt_material_resources() -> str | None:
    """qt-material's own resource folder (checkbox and arrow images), found without importing it."""
    spec = importlib.util.find_spec("qt_material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(next(iter(spec.submodule_search_locations)), "resources")


def _build(cache_dir: Path, font_family: str) -> str:
    """Render qt-material's stylesheet, its icons written into `cache_dir`; the slow first start."""
    import qt_material  # type: ignore[import-untyped]  # Jinja and qt-material load only when the cache is missing

    cache_dir.mkdir(parents=True, exist_ok=True)
    theme_file = cache_dir / "theme.xml"
    colours = "".join(f'  <color name="{k}">{v}</color>\n' for k, v in THEME_COLOURS.items())
    theme_file.write_text(f"<resources>\n{colours}</resources>\n", encoding="utf-8")
    extra = {**THEME_OPTIONS, "font_family": font_family}
    stylesheet: str | None = qt_material.build_stylesheet(
        str(theme_file), invert_secondary=False, extra=extra, parent=str(cache_dir / "icons")
    )
    if stylesheet is None:
        raise RuntimeError(f"qt-material could not build the theme from {theme_file}")
    return stylesheet


def _use_cached(cache_dir: Path) -> None:
    """What build_stylesheet does besides returning text: icon search paths and the text palette."""
    QDir.addSearchPath("icon", str(cache_dir / "icons"))
    material = _qt_material_resources()
    if material:
        QDir.addSearchPath("qt_material", material)
    palette = QGuiApplication.palette()
    primary = THEME_COLOURS["primaryColor"]
    red, green, blue = (int(primary[i : i + 2], 16) for i in (1, 3, 5))
    palette.setColor(QPalette.ColorRole.Text, QColor(red, green, blue, 92))
    QGuiApplication.setPalette(palette)


def _remove_old_caches(cache_root: Path, *, keep: Path) -> None:
    """An upgrade or another font leaves the previous theme folder (about 1 MB of icons) behind."""
    for folder in cache_root.glob("theme-*"):
        if folder != keep and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def apply_theme(app: QApplication, cache_root: Path) -> bool:
    """Style the application; True when the cached stylesheet was used (nothing regenerated).

    A theme that fails to build leaves Qt's plain Fusion style: ugly, never a failed start. The
    overrides file is read each time (small), so it can change without a new cache key.
    """
    app.setStyle(SortArrowStyle("Fusion"))  # sort arrows the way every list runs
    family = choose_font()
    font = app.font()
    font.setFamily(family)
    app.setFont(font)
    cache_dir = cache_root / f"theme-{cache_key(family)}"
    style_file = cache_dir / STYLE_FILE
    cached = style_file.is_file()
    try:
        if cached:
            stylesheet = style_file.read_text(encoding="utf-8")
            _use_cached(cache_dir)
        else:
            stylesheet = _build(cache_dir, family)
            tmp = style_file.with_suffix(".tmp")
            tmp.write_text(stylesheet, encoding="utf-8")
            os.replace(tmp, style_file)  # written last and whole: a half-built cache is never used
            _remove_old_caches(cache_root, keep=cache_dir)
    except Exception:
        log.exception("theme could not be applied; using the plain style")
        return False
    app.setStyleSheet(stylesheet + overrides_qss() + SHELL_QSS)
    return cached
