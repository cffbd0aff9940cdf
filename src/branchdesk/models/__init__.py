"""ORM models; importing this package registers every table on `Base.metadata`."""

from branchdesk.models.base import Base
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
    "Base",
    "Branch",
    "BranchBrand",
    "BranchCommitteePost",
    "Committee",
    "CommitteeRole",
    "Member",
    "MemberCategory",
    "MemberGroupChange",
    "MemberStatus",
    "MemberStatusChange",
    "PartyGroup",
]
