"""The post plaque (岗位牌) as plain data: what the A4/A5 print, its preview and its PDF all draw.

Hung at the post so patients can see who serves there and what they promised: the kind as the
heading, the post's name, place and branch, its holders on the day printed, its duties and its
public service commitment, an invitation to hold them to it (欢迎监督) with the number to call, and
the hospital's committee with the branch at the foot.

监督电话: a post has no field of its own for it. A line of the post's 备注 that starts "监督电话" is
printed (so the secretary types it once, where the post's other particulars are); without one the
plaque leaves a blank line to write the number on by hand, never a made-up number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import Branch
from branchdesk.services import posts

SUPERVISION = "欢迎广大患者和职工群众监督"
PHONE_LABEL = "监督电话"
PHONE_LINE = re.compile(r"^\s*监督电话\s*[:：]?\s*(.+?)\s*$")


@dataclass(frozen=True)
class Plaque:
    heading: str  # 党员示范岗
    name: str  # 心内科护理党员示范岗
    place: str
    branch_name: str
    holders: tuple[str, ...]  # "王芳（岗长）"
    duties: tuple[str, ...]  # one duty a line, numbered when printed
    commitment: tuple[str, ...]  # one line a paragraph
    footer: str  # "中共示范市第一人民医院委员会 · 内科第一党支部 · 2026年3月设岗"
    phone: str = ""  # 监督电话 from the post's notes; "" leaves a blank line to fill in by hand
    supervision: str = SUPERVISION

    @property
    def title(self) -> str:
        """The document's name for the preview window and the PDF."""
        return f"{self.name} 岗位牌"


def supervision_phone(notes: str) -> str:
    """The number after "监督电话" on a line of the post's notes, "" when there is none."""
    for line in notes.splitlines():
        found = PHONE_LINE.match(line)
        if found:
            return found.group(1)
    return ""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def plaque(session: Session, post_id: int, *, on: dt.date | None = None) -> Plaque:
    """The plaque of a post with its holders on `on` (today); a voided post has none."""
    row = posts.get_post(session, post_id, on=on)
    if row.voided:
        raise ValidationError("该岗位已作废，不能打印岗位牌。", field="岗位")
    since = f"{row.started_on.year}年{row.started_on.month}月设岗" if row.started_on else ""
    committee = session.get_one(Branch, row.branch_id).committee
    organisation = committee.hospital or committee.name
    branch = row.branch_name
    if not organisation and not branch.startswith("中共"):
        branch = f"中共{branch}"
    footer = " · ".join(part for part in (organisation, branch, since) if part)
    return Plaque(
        heading=row.kind_label,
        name=row.name,
        place=row.place,
        branch_name=row.branch_name,
        holders=tuple(h.label for h in row.holders),
        duties=row.duty_lines,
        commitment=_lines(row.commitment),
        footer=footer,
        phone=supervision_phone(row.notes),
    )
