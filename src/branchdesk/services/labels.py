"""The Chinese words users see for stored codes, in one place for lists, dialogs, prints and exports."""

from __future__ import annotations

from branchdesk.models import CommitteeRole, MemberCategory, MemberStatus

STATUS_LABELS: dict[MemberStatus, str] = {
    MemberStatus.ACTIVE: "在册",
    MemberStatus.TRANSFERRED_OUT: "转出",
    MemberStatus.SUSPENDED: "停止党籍",
    MemberStatus.EXPELLED: "出党",
    MemberStatus.DECEASED: "去世",
}

CATEGORY_LABELS: dict[MemberCategory, str] = {
    MemberCategory.FULL: "正式党员",
    MemberCategory.PROBATIONARY: "预备党员",
}

ROLE_LABELS: dict[CommitteeRole, str] = {
    CommitteeRole.SECRETARY: "书记",
    CommitteeRole.DEPUTY: "副书记",
    CommitteeRole.ORGANISATION: "组织委员",
    CommitteeRole.PUBLICITY: "宣传委员",
    CommitteeRole.DISCIPLINE: "纪检委员",
    CommitteeRole.YOUTH: "青年委员",
    CommitteeRole.UNITED_FRONT: "统战委员",
    CommitteeRole.MEMBER: "委员",
}

GENDERS = ("男", "女")
STAFF_CATEGORIES = ("在职", "退休", "离休", "规培", "进修", "其他")
EDUCATION_LEVELS = ("博士研究生", "硕士研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")
BRANCH_KINDS = ("在职", "联合", "离退休")
