"""ORM models; importing this package registers every table on `Base.metadata`."""

from branchdesk.models.base import Base
from branchdesk.models.meetings import AttendanceStatus, Meeting, MeetingAttendance, MeetingType, RuleSetting
from branchdesk.models.org import (
    Branch,
    BranchBrand,
    BranchCommitteePost,
    Committee,
    CommitteeRole,
    Member,
    MemberCategory,
    MemberGroupChange,
    MemberStatus,
    MemberStatusChange,
    PartyGroup,
)

__all__ = [
    "AttendanceStatus",
    "Base",
    "Branch",
    "BranchBrand",
    "BranchCommitteePost",
    "Committee",
    "CommitteeRole",
    "Meeting",
    "MeetingAttendance",
    "MeetingType",
    "Member",
    "MemberCategory",
    "MemberGroupChange",
    "MemberStatus",
    "MemberStatusChange",
    "PartyGroup",
    "RuleSetting",
]
