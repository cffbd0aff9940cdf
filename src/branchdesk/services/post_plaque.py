"""The post plaque (岗位牌) as plain data: what the A4/A5 print, its preview and its PDF all draw.

Hung at the post so patients can see who serves there and what they promised: the kind as the
heading, the post's name, place and branch, its holders on the day printed, its duties and its
public service commitment, and an invitation to hold them to it (欢迎监督).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.services import posts

SUPERVISION = "欢迎广大患者和职工群众监督"


@dataclass(frozen=True)
class Plaque:
    heading: str  # 党员示范岗
    name: str  # 心内科护理党员示范岗
    place: str
    branch_name: str
    holders: tuple[str, ...]  # "王芳（岗长）"
    duties: tuple[str, ...]  # one duty a line, numbered when printed
    commitment: tuple[str, ...]  # one line a paragraph
    footer: str  # "中共内科第一党支部 · 2026年3月设岗 · 欢迎...监督"

    @property
    def title(self) -> str:
        """The document's name for the preview window and the PDF."""
        return f"{self.name} 岗位牌"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def plaque(session: Session, post_id: int, *, on: dt.date | None = None) -> Plaque:
    """The plaque of a post with its holders on `on` (today); a voided post has none."""
    row = posts.get_post(session, post_id, on=on)
    if row.voided:
        raise ValidationError("该岗位已作废，不能打印岗位牌。", field="岗位")
    since = f"{row.started_on.year}年{row.started_on.month}月设岗" if row.started_on else ""
    branch = row.branch_name if row.branch_name.startswith("中共") else f"中共{row.branch_name}"
    footer = " · ".join(part for part in (branch, since, SUPERVISION) if part)
    return Plaque(
        heading=row.kind_label,
        name=row.name,
        place=row.place,
        branch_name=row.branch_name,
        holders=tuple(h.label for h in row.holders),
        duties=row.duty_lines,
        commitment=_lines(row.commitment),
        footer=footer,
    )
