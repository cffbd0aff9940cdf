"""Report data shared by services (which fill it) and writers (which lay it out): plain, no I/O."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportColumn:
    title: str
    width: float  # in Excel character widths, tuned for A4 landscape fit-to-width


@dataclass(frozen=True)
class TableReport:
    """A titled table for one branch: what every committee sheet and export is made of."""

    title: str
    branch_name: str
    committee_name: str
    period: str  # e.g. "截至 2026年11月25日"
    columns: tuple[ReportColumn, ...]
    rows: tuple[tuple[str, ...], ...]
    masked: bool
