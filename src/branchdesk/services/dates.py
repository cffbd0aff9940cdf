"""Dates as secretaries write them in rosters and forms, read into `datetime.date`.

One parser for the import and the date fields: 1985-07-01, 1985/7/1, 1985.7.1, 1985年7月1日,
19850701, and the month-only forms 1985.07, 1985.7, 1985-07, 1985年7月, 198507 (a month alone
means its first day), plus Excel's serial numbers for cells stored as numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

MIN_YEAR = 1900
MAX_YEAR = 2100
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug folded in
MIN_SERIAL = 1
MAX_SERIAL = (dt.date(MAX_YEAR, 12, 31) - EXCEL_EPOCH).days

_FULL = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$", re.ASCII)
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII)
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$", re.ASCII)


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_full_date_text(text: str) -> dt.date | None:
    """A date with its day (forms ask for one); None when empty, month-only or not a date."""
    if not isinstance(text, str):
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for pattern in (_FULL, _COMPACT_DAY):
        match = pattern.match(cleaned)
        if match:
            year, month, day = (int(p) for p in match.groups())
            return _make(year, month, day)
    return None


def parse_date_text(text: str) -> dt.date | None:
    """The date written in `text`, a month alone meaning its first day (rosters often have only
    the month); None when empty or not a date. Never raises."""
    full = parse_full_date_text(text)
    if full is not None or not isinstance(text, str):
        return full
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for pattern in (_MONTH, _COMPACT_MONTH):
        match = pattern.match(cleaned)
        if match:
            year, month = (int(p) for p in match.groups())
            return _make(year, month, 1)
    return None


def from_excel_serial(serial: float) -> dt.date | None:
    """An Excel serial day number (whole part) as a date; None outside 1900..2100."""
    if not MIN_SERIAL <= serial <= MAX_SERIAL:
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


class AmbiguousDate(ValueError):
    """A number like 1985.1 that Excel shortened: it may have been typed as 1985.1 or 1985.10."""


def parse_date_number(value: float, number_format: str = "General") -> dt.date | None:
    """A date typed into a number cell: 19850701, 198507, 1985.07, or an Excel serial.

    Raises AmbiguousDate for 1985.1 (January or a shortened October?) unless the cell's number
    format shows two decimals, which settles it.
    """
    if isinstance(value, bool) or not math.isfinite(value):  # inf/nan: no date, not a crash
        return None
    if float(value).is_integer():
        whole = int(value)
        text = str(whole)
        if len(text) in (6, 8):
            return parse_date_text(text)
        return from_excel_serial(whole)
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return from_excel_serial(value)
    two_decimals = re.search(r"\.(00|0#|##)", number_format) is not None
    frac = f"{value:.6f}".split(".")[1].rstrip("0")
    if len(frac) == 2 or two_decimals:
        return _make(year, round((value - year) * 100), 1)
    if len(frac) == 1 and frac == "1":
        raise AmbiguousDate(f"{value}")
    if len(frac) == 1:
        return _make(year, int(frac), 1)
    return None
