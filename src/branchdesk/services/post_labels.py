"""The Chinese words users see for the codes of posts, reviews and duty turns, in one place."""

from __future__ import annotations

import enum

from branchdesk.models import DutyOutcome, PostKind, ReviewAssessor, ReviewGrade

KIND_LABELS: dict[PostKind, str] = {
    PostKind.MODEL: "党员示范岗",
    PostKind.AREA: "党员责任区",
    PostKind.PIONEER: "党员先锋岗",
    PostKind.VOLUNTEER: "党员志愿服务岗",
    PostKind.COMMANDO: "党员突击队",
}
KIND_SHORT: dict[PostKind, str] = {
    PostKind.MODEL: "示范岗",
    PostKind.AREA: "责任区",
    PostKind.PIONEER: "先锋岗",
    PostKind.VOLUNTEER: "志愿服务岗",
    PostKind.COMMANDO: "突击队",
}
GRADE_LABELS: dict[ReviewGrade, str] = {
    ReviewGrade.EXCELLENT: "优秀",
    ReviewGrade.GOOD: "良好",
    ReviewGrade.FAIR: "一般",
    ReviewGrade.POOR: "差",
}
ASSESSOR_LABELS: dict[ReviewAssessor, str] = {
    ReviewAssessor.SELF: "自评",
    ReviewAssessor.MEMBERS: "党员互评",
    ReviewAssessor.PATIENTS: "患者（群众）评价",
    ReviewAssessor.LEADERS: "领导评价",
    ReviewAssessor.BRANCH: "支部评议",
}
OUTCOME_LABELS: dict[DutyOutcome, str] = {
    DutyOutcome.PLANNED: "待确认",
    DutyOutcome.SERVED: "已到岗",
    DutyOutcome.SWAPPED: "换班",
    DutyOutcome.MISSED: "缺岗",
}
WEEKDAYS = "一二三四五六日"


class PostStatus(enum.StrEnum):
    """A post's standing on a day, from its dates and whether it was voided (never stored)."""

    ACTIVE = "active"  # 在岗
    NOT_STARTED = "not_started"  # 未开始
    CLOSED = "closed"  # 已撤岗
    VOIDED = "voided"  # 已作废


STATUS_LABELS: dict[PostStatus, str] = {
    PostStatus.ACTIVE: "在岗",
    PostStatus.NOT_STARTED: "未开始",
    PostStatus.CLOSED: "已撤岗",
    PostStatus.VOIDED: "已作废",
}


def weekday_text(day_index: int) -> str:
    """ "星期一" for 0 ... "星期日" for 6 (date.weekday())."""
    return f"星期{WEEKDAYS[day_index]}"
