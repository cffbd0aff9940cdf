"""Who was on a branch's roll, and in which group, on any day: the dated history read once.

The year view asks "did this group have members in March?" for every month and the overview asks
"since when has this member been on the roll?" for every member; one read of the branch's status and
group changes answers all of them without a query per day or per member.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.models import Member, MemberGroupChange, MemberStatus, MemberStatusChange


class RollHistory:
    """The branch's dated status and group changes, read once, to answer "on the roll that day?"."""

    def __init__(self, session: Session, branch_id: int) -> None:
        members = session.execute(
            select(Member.id, Member.status, Member.status_since, Member.group_id).where(
                Member.branch_id == branch_id
            )
        ).all()
        self.member_ids = [m.id for m in members]
        self._now: dict[int, tuple[MemberStatus, dt.date | None, int | None]] = {
            m.id: (m.status, m.status_since, m.group_id) for m in members
        }
        self._status: dict[int, list[tuple[dt.date, MemberStatus]]] = defaultdict(list)
        self._groups: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
        for mid, day, status in session.execute(
            select(MemberStatusChange.member_id, MemberStatusChange.changed_on, MemberStatusChange.status)
            .join(Member, Member.id == MemberStatusChange.member_id)
            .where(Member.branch_id == branch_id)
            .order_by(MemberStatusChange.changed_on, MemberStatusChange.id)
        ):
            self._status[mid].append((day, status))
        for mid, day, group in session.execute(
            select(MemberGroupChange.member_id, MemberGroupChange.changed_on, MemberGroupChange.group_id)
            .join(Member, Member.id == MemberGroupChange.member_id)
            .where(Member.branch_id == branch_id)
            .order_by(MemberGroupChange.changed_on, MemberGroupChange.id)
        ):
            self._groups[mid].append((day, group))

    @staticmethod
    def _at(changes: Sequence[tuple[dt.date, object]], day: dt.date) -> int:
        """Index of the newest change on or before `day`, -1 when none."""
        return bisect.bisect_right([c[0] for c in changes], day) - 1

    def on_roll_since(self, member_id: int, day: dt.date) -> dt.date | None:
        """When the member's current stint on the roll began, or None if not on the roll on `day`."""
        changes = self._status.get(member_id)
        if not changes:  # no history (old data): the member's present standing
            status, since, _group = self._now[member_id]
            if status is not MemberStatus.ACTIVE or (since is not None and since > day):
                return None
            return since or dt.date.min
        i = self._at(changes, day)
        if i < 0 or changes[i][1] is not MemberStatus.ACTIVE:
            return None
        while i > 0 and changes[i - 1][1] is MemberStatus.ACTIVE:
            i -= 1
        return changes[i][0]

    def on_roll(self, member_id: int, day: dt.date) -> bool:
        return self.on_roll_since(member_id, day) is not None

    def group_on(self, member_id: int, day: dt.date) -> int | None:
        changes = self._groups.get(member_id)
        if not changes:
            return self._now[member_id][2]
        i = self._at(changes, day)
        return changes[i][1] if i >= 0 else None

    def groups_with_members(self, day: dt.date) -> set[int]:
        return {
            g
            for mid in self.member_ids
            if self.on_roll(mid, day) and (g := self.group_on(mid, day)) is not None
        }
