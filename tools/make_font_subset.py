"""Make the bundled print font: Noto Sans CJK SC (OFL-1.1) cut down to what a sign-in sheet needs.

A developer's tool, run once when the font changes; the app never imports fontTools. Needs
`pip install fonttools` and Debian's fonts-noto-cjk (or --source pointing at NotoSansCJK-Regular.ttc):

    python tools/make_font_subset.py            # writes resources/fonts/BranchDeskNotoSansSC-Regular.otf

Why each step:
- Only the Simplified Chinese face of the collection, one regular weight: printing needs no more.
- Basic Latin, Latin-1, general punctuation, CJK symbols (and the katakana middle dot found in
  transliterated names), full-width forms and every CJK Unified Ideograph U+4E00-9FFF, because
  names can hold rare characters.
- No CJK Radicals Supplement / Kangxi Radicals (U+2E80-2FDF) in the cmap: those code points share
  glyphs with ordinary characters (⻢ U+2EE2 and 马 U+9A6C), and Qt's PDF writer names each glyph
  by the LOWEST code point mapped to it, so 马丽 would become ⻢丽 in the PDF's text layer and could
  not be searched or copied.
- A family name of our own ("BranchDesk Noto Sans SC") so it never clashes with an installed Noto,
  and no localised names, so every platform reports the same family.
- A fixed head.modified, so running the tool twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEFAULT_OUTPUT = ROOT / "resources" / "fonts" / "BranchDeskNotoSansSC-Regular.otf"
SOURCE_FACE = "NotoSansCJKsc-Regular"  # PostScript name of the face taken from the collection

FAMILY = "BranchDesk Noto Sans SC"
POSTSCRIPT_NAME = "BranchDeskNotoSansSC-Regular"
VERSION = "Version 1.000; subset of Noto Sans CJK SC for BranchDesk"

KEEP_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 punctuation and letters
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x30FB, 0x30FB),  # ・ the middle dot some systems put in transliterated names (阿依古丽・买买提)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
)
DROP_RANGE = (0x2E80, 0x2FDF)  # CJK Radicals Supplement + Kangxi Radicals


def load_face(source: Path, postscript_name: str) -> TTFont:
    """The one face of the collection whose PostScript name matches."""
    collection = TTCollection(str(source), recalcTimestamp=False)
    for font in collection.fonts:
        if font["name"].getDebugName(6) == postscript_name:
            return font
    raise SystemExit(f"{source} holds no face named {postscript_name}")


def subset_face(font: TTFont) -> None:
    """Keep the wanted code points (and the glyphs their layout features reach)."""
    cmap = font.getBestCmap()
    unicodes = [cp for low, high in KEEP_RANGES for cp in range(low, high + 1) if cp in cmap]
    options = subset.Options()
    options.layout_features = ["ccmp", "kern", "liga", "mark", "mkmk"]  # no locl: zh-Hans text only
    options.name_IDs = [0]  # the copyright line; the rest are rewritten below
    options.name_languages = []
    options.notdef_outline = True
    options.hinting = False  # Qt re-embeds outlines without hints in PDFs; printers rasterise finely
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx"]  # horizontal printing only
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def drop_radicals(font: TTFont) -> None:
    """Remove U+2E80-2FDF from every cmap subtable, whatever the subset kept."""
    low, high = DROP_RANGE
    for table in font["cmap"].tables:
        for cp in [cp for cp in table.cmap if low <= cp <= high]:
            del table.cmap[cp]


def rename(font: TTFont) -> None:
    """Our own family and PostScript names, in the name table and the CFF table alike."""
    name = font["name"]
    source_copyright = name.getDebugName(0) or "© 2014-2021 Adobe (http://www.adobe.com/)."
    name.names = []
    records = {
        0: f"{source_copyright} Subset and renamed for BranchDesk.",
        1: FAMILY,
        2: "Regular",
        3: f"{POSTSCRIPT_NAME};subset",
        4: f"{FAMILY} Regular",
        5: VERSION,
        6: POSTSCRIPT_NAME,
        13: "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        14: "https://openfontlicense.org",
    }
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English
        name.setName(text, name_id, 1, 0, 0)  # Macintosh, Roman, English
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT_NAME]
    top = cff.topDictIndex[0]
    top.FullName = f"{FAMILY} Regular"
    top.FamilyName = FAMILY
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            if hasattr(fd, "FontName"):
                fd.FontName = f"{POSTSCRIPT_NAME}-{fd.FontName.rsplit('-', 1)[-1]}"


def make(source: Path, output: Path) -> int:
    font = load_face(source, SOURCE_FACE)
    subset_face(font)
    drop_radicals(font)
    rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return output.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="NotoSansCJK-Regular.ttc")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    size = make(args.source, args.output)
    check = TTFont(str(args.output))
    cmap = check.getBestCmap()
    glyphs = len(check.getGlyphOrder())
    print(f"{args.output}: {size / 1_000_000:.2f} MB, {len(cmap)} code points, {glyphs} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
