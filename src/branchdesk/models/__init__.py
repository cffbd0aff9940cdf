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
from branchdesk.models.posts import (
    DutyOutcome,
    DutyTurn,
    Post,
    PostHolder,
    PostKind,
    PostReview,
    ReviewAssessor,
    ReviewGrade,
)
from branchdesk.models.volunteer import (
    DEFAULT_VOLUNTEER_KINDS,
    PartnerUnit,
    VolunteerEvent,
    VolunteerKind,
    VolunteerParticipant,
)

__all__ = [
    "DEFAULT_VOLUNTEER_KINDS",
    "AttendanceStatus",
    "Base",
    "Branch",
    "BranchBrand",
    "BranchCommitteePost",
    "Committee",
    "CommitteeRole",
    "DutyOutcome",
    "DutyTurn",
    "Meeting",
    "MeetingAttendance",
    "MeetingType",
    "Member",
    "MemberCategory",
    "MemberGroupChange",
    "MemberStatus",
    "MemberStatusChange",
    "PartnerUnit",
    "PartyGroup",
    "Post",
    "PostHolder",
    "PostKind",
    "PostReview",
    "ReviewAssessor",
    "ReviewGrade",
    "RuleSetting",
    "VolunteerEvent",
    "VolunteerKind",
    "VolunteerParticipant",
]
