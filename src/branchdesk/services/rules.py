"""The rules the app computes with (meeting minimums, warning months, reminder windows) as dated data.

Every hospital and locality sets its own figures (党课 quarterly here, monthly there), and a change
must not rewrite the past: a rule is a row with an effective date, and the value in force on a day
is the row with the latest `effective_from` not after that day, else the default shipped here.
The value column holds JSON, so a minimum can be a small object ({"per": "month", "count": 1}).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import MeetingType, RuleSetting

PERIODS: Final = ("month", "quarter", "year")
PERIOD_LABELS: Final[dict[str, str]] = {"month": "每月", "quarter": "每季度", "year": "每年"}


def minimum_key(meeting_type: MeetingType) -> str:
    """The rule key holding the minimum for a meeting type, e.g. "minimum.theme_day"."""
    return f"minimum.{meeting_type.value}"


DEFAULT_RULES: Final[dict[str, object]] = {
    minimum_key(MeetingType.THEME_DAY): {"per": "month", "count": 1},
    minimum_key(MeetingType.GENERAL_MEETING): {"per": "quarter", "count": 1},
    minimum_key(MeetingType.COMMITTEE_MEETING): {"per": "month", "count": 1},
    minimum_key(MeetingType.GROUP_MEETING): {"per": "month", "count": 1},
    minimum_key(MeetingType.PARTY_LECTURE): {"per": "quarter", "count": 1},
    minimum_key(MeetingType.LIFE_MEETING): {"per": "year", "count": 1},
    "secretary_lectures_per_year": 1,
    "inactive_warn_months": 3,
    "inactive_alarm_months": 6,
    "probation_due_days": 30,
    "term_due_warn_days": 90,
    "honour_party_years": 50,
}

RULE_LABELS: Final[dict[str, str]] = {
    minimum_key(MeetingType.THEME_DAY): "主题党日最低次数",
    minimum_key(MeetingType.GENERAL_MEETING): "支部党员大会最低次数",
    minimum_key(MeetingType.COMMITTEE_MEETING): "支部委员会会议最低次数",
    minimum_key(MeetingType.GROUP_MEETING): "党小组会最低次数（每个党小组）",
    minimum_key(MeetingType.PARTY_LECTURE): "党课最低次数",
    minimum_key(MeetingType.LIFE_MEETING): "组织生活会最低次数",
    "secretary_lectures_per_year": "书记每年讲党课次数",
    "inactive_warn_months": "连续未参加组织生活提醒（月）",
    "inactive_alarm_months": "连续未参加组织生活警告（月，自行脱党风险）",
    "probation_due_days": "预备党员转正提前提醒（天）",
    "term_due_warn_days": "支委会换届提前提醒（天）",
    "honour_party_years": "“光荣在党”纪念章党龄（年）",
}

# Allowed ranges of the whole-number rules, and the unit shown after the number.
_INT_RANGES: Final[dict[str, tuple[int, int, str]]] = {
    "secretary_lectures_per_year": (0, 12, "次"),
    "inactive_warn_months": (1, 24, "个月"),
    "inactive_alarm_months": (1, 24, "个月"),
    "probation_due_days": (0, 365, "天"),
    "term_due_warn_days": (0, 730, "天"),
    "honour_party_years": (1, 100, "年"),
}
_MAX_MINIMUM_COUNT: Final = 31


@dataclass(frozen=True)
class Minimum:
    """How often a meeting type must be held: `count` times per month/quarter/year (0: no minimum)."""

    per: str
    count: int

    @property
    def text(self) -> str:
        return "不作要求" if self.count == 0 else f"{PERIOD_LABELS[self.per]}至少 {self.count} 次"


@dataclass(frozen=True)
class RuleRow:
    """One dated value of a rule, as the history list shows it."""

    id: int
    key: str
    label: str
    value: object
    value_text: str
    effective_from: dt.date
    note: str


@dataclass(frozen=True)
class RuleState:
    """A rule as the settings screen shows it on a day: the value in force and since when."""

    key: str
    label: str
    value: object
    value_text: str
    default: object
    default_text: str
    effective_from: dt.date | None  # None: the shipped default, never changed
    note: str

    @property
    def is_default(self) -> bool:
        return self.effective_from is None


def _label(key: str) -> str:
    return RULE_LABELS[key]


def _check_key(key: str) -> None:
    if key not in DEFAULT_RULES:
        raise ValidationError("没有这项规则设置。", field="规则", context=f"unknown rule key {key!r}")


def _as_int(value: object) -> int | None:
    """A whole number, or None; bools are not numbers here (JSON true is not 1 time a month)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _validated(key: str, value: object) -> object:
    """The value in its stored shape, or ValidationError naming the rule."""
    label = _label(key)
    if key.startswith("minimum."):
        if isinstance(value, Minimum):
            value = {"per": value.per, "count": value.count}
        if not isinstance(value, dict) or set(value) != {"per", "count"}:
            raise ValidationError(f"“{label}”应包含周期和次数。", field=label)
        count = _as_int(value["count"])
        if value["per"] not in PERIODS:
            raise ValidationError(f"“{label}”的周期应为每月、每季度或每年。", field=label)
        if count is None or not 0 <= count <= _MAX_MINIMUM_COUNT:
            raise ValidationError(f"“{label}”的次数应为0到{_MAX_MINIMUM_COUNT}的整数。", field=label)
        return {"per": value["per"], "count": count}
    number = _as_int(value)
    low, high, unit = _INT_RANGES[key]
    if number is None or not low <= number <= high:
        raise ValidationError(f"“{label}”应为{low}到{high}的整数（{unit}）。", field=label)
    return number


def value_text(key: str, value: object) -> str:
    """The value as a secretary reads it: "每月至少 1 次", "3 个月"."""
    if key.startswith("minimum.") and isinstance(value, dict):
        return Minimum(str(value["per"]), int(value["count"])).text
    unit = _INT_RANGES[key][2] if key in _INT_RANGES else ""
    return f"{value} {unit}".strip()


def _fresh(value: object) -> object:
    """A copy of a dict value, so no caller can change the shipped defaults by accident."""
    return dict(value) if isinstance(value, dict) else value


def _load(text: str, key: str) -> object:
    """A stored value, or the default when the row cannot be read (a hand-edited database)."""
    try:
        return _validated(key, json.loads(text))
    except (ValueError, ValidationError):
        return _fresh(DEFAULT_RULES[key])


def get_rule(session: Session, key: str, on: dt.date) -> object:
    """The value in force on `on`: the row with the latest effective_from <= on, else the default."""
    _check_key(key)
    stmt = (
        select(RuleSetting.value)
        .where(RuleSetting.key == key, RuleSetting.effective_from <= on)
        .order_by(RuleSetting.effective_from.desc())
        .limit(1)
    )
    text = session.scalar(stmt)
    return _fresh(DEFAULT_RULES[key]) if text is None else _load(text, key)


def get_int(session: Session, key: str, on: dt.date) -> int:
    """A whole-number rule (months, days, times) in force on `on`."""
    value = get_rule(session, key, on)
    number = _as_int(value)
    if number is None:
        raise ValidationError(f"“{_label(key)}”不是数值规则。", field=_label(key))
    return number


def get_minimum(session: Session, meeting_type: MeetingType, on: dt.date) -> Minimum:
    """The minimum in force on `on` for a meeting type."""
    value = get_rule(session, minimum_key(meeting_type), on)
    assert isinstance(value, dict)
    return Minimum(str(value["per"]), int(value["count"]))


@dataclass(frozen=True)
class RuleTimeline:
    """Every dated value of some rules, read once, to answer "in force on day D" without more queries."""

    rows: dict[str, tuple[tuple[dt.date, object], ...]]  # key -> (effective_from, value), oldest first

    def value(self, key: str, on: dt.date) -> object:
        current = DEFAULT_RULES[key]
        for start, value in self.rows.get(key, ()):
            if start > on:
                break
            current = value
        return _fresh(current)

    def minimum(self, meeting_type: MeetingType, on: dt.date) -> Minimum:
        value = self.value(minimum_key(meeting_type), on)
        assert isinstance(value, dict)
        return Minimum(str(value["per"]), int(value["count"]))

    def integer(self, key: str, on: dt.date) -> int:
        number = _as_int(self.value(key, on))
        assert number is not None
        return number


def timeline(session: Session) -> RuleTimeline:
    """All rule rows in one query (a handful), for views that need rules on many days."""
    stmt = select(RuleSetting.key, RuleSetting.effective_from, RuleSetting.value).order_by(
        RuleSetting.key, RuleSetting.effective_from
    )
    rows: dict[str, list[tuple[dt.date, object]]] = {}
    for key, start, text in session.execute(stmt):
        if key in DEFAULT_RULES:
            rows.setdefault(key, []).append((start, _load(text, key)))
    return RuleTimeline({k: tuple(v) for k, v in rows.items()})


def _cross_check(session: Session, key: str, value: object, effective_from: dt.date) -> None:
    """The warning must come before the alarm, on the day the new value takes effect."""
    if key == "inactive_warn_months":
        alarm = get_int(session, "inactive_alarm_months", effective_from)
        if isinstance(value, int) and value > alarm:
            raise ValidationError(
                f"“{_label(key)}”不能大于“{_label('inactive_alarm_months')}”（{alarm} 个月）。",
                field=_label(key),
            )
    elif key == "inactive_alarm_months":
        warn = get_int(session, "inactive_warn_months", effective_from)
        if isinstance(value, int) and value < warn:
            raise ValidationError(
                f"“{_label(key)}”不能小于“{_label('inactive_warn_months')}”（{warn} 个月）。",
                field=_label(key),
            )


def set_rule(session: Session, key: str, value: object, effective_from: dt.date, note: str = "") -> RuleRow:
    """Set a rule from a date on; earlier values stay in the history and keep judging the past.

    A second change on the same effective date replaces the first (one value per key and day).
    """
    _check_key(key)
    if not isinstance(effective_from, dt.date):
        raise ValidationError("请填写生效日期。", field="生效日期")
    stored = _validated(key, value)
    _cross_check(session, key, stored, effective_from)
    if len(note) > 500:
        raise ValidationError("说明不能超过500个字。", field="说明")
    row = session.scalar(
        select(RuleSetting).where(RuleSetting.key == key, RuleSetting.effective_from == effective_from)
    )
    if row is None:
        row = RuleSetting(key=key, effective_from=effective_from)
        session.add(row)
    row.value = json.dumps(stored, ensure_ascii=False, sort_keys=True)
    row.note = note.strip()
    session.flush()
    return _rule_row(row)


def _rule_row(row: RuleSetting) -> RuleRow:
    value = _load(row.value, row.key)
    return RuleRow(
        row.id, row.key, _label(row.key), value, value_text(row.key, value), row.effective_from, row.note
    )


def rule_history(session: Session, key: str) -> list[RuleRow]:
    """Every dated value of one rule, newest first (the shipped default is not a row)."""
    _check_key(key)
    stmt = select(RuleSetting).where(RuleSetting.key == key).order_by(RuleSetting.effective_from.desc())
    return [_rule_row(r) for r in session.scalars(stmt)]


def all_rules(session: Session, on: dt.date) -> list[RuleState]:
    """Every rule with the value in force on `on`, in the order of DEFAULT_RULES (one query)."""
    stmt = select(RuleSetting).where(RuleSetting.effective_from <= on).order_by(RuleSetting.effective_from)
    latest: dict[str, RuleSetting] = {}
    for setting in session.scalars(stmt):
        if setting.key in DEFAULT_RULES:
            latest[setting.key] = setting
    states = []
    for key, default in DEFAULT_RULES.items():
        row = latest.get(key)
        value = _load(row.value, key) if row else _fresh(default)
        states.append(
            RuleState(
                key=key,
                label=_label(key),
                value=value,
                value_text=value_text(key, value),
                default=_fresh(default),
                default_text=value_text(key, default),
                effective_from=row.effective_from if row else None,
                note=row.note if row else "",
            )
        )
    return states
