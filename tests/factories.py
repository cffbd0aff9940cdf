"""Small builders for tests: a branch set up through the services, valid ID numbers on demand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from branchdesk.services import branches, idcard, roster

TODAY = dt.date(2026, 11, 25)


def make_id(birth: dt.date, *, male: bool = True, region: str = "110105", seq: int = 12) -> str:
    """A valid 18-character ID number for the birth date and gender."""
    order = f"{seq:02d}{1 if male else 2}"
    body = f"{region}{birth:%Y%m%d}{order}"
    return body + idcard.check_char(body)


def setup_branch(
    session: Session, *, name: str = "内科第七党支部", secretary: str = "张三", secretary_dates: bool = True
) -> int:
    """A committee, a branch and its secretary, as the first-run wizard makes them.

    The secretary joined in 2000 and so is on the roll since then; with `secretary_dates=False` the
    secretary has no Party dates and comes on the roll on TODAY (for roll tests about other members).
    """
    profile = branches.setup_first_branch(
        session,
        committee="中共测试医院委员会",
        branch=branches.BranchProfileInput(
            name=name, departments="心内科", term_started_on=dt.date(2024, 3, 1)
        ),
        secretary=roster.MemberInput(
            name=secretary,
            gender="男",
            birth_date=dt.date(1975, 5, 4),
            joined_on=dt.date(2000, 7, 1) if secretary_dates else None,
            full_member_on=dt.date(2001, 7, 1) if secretary_dates else None,
            department="心内科",
        ),
        today=TODAY,
    )
    return profile.id
