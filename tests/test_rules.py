"""Rules as dated data: defaults, changes from a date on, history kept, values checked."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from branchdesk.errors import ValidationError
from branchdesk.models import MeetingType, RuleSetting
from branchdesk.services import rules


def test_every_rule_has_a_chinese_label_and_a_valid_default() -> None:
    assert set(rules.RULE_LABELS) == set(rules.DEFAULT_RULES)
    for key, default in rules.DEFAULT_RULES.items():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rules.RULE_LABELS[key])
        assert rules._validated(key, default) == default
    assert rules.DEFAULT_RULES["minimum.theme_day"] == {"per": "month", "count": 1}
    assert rules.DEFAULT_RULES["minimum.general_meeting"] == {"per": "quarter", "count": 1}
    assert rules.DEFAULT_RULES["minimum.life_meeting"] == {"per": "year", "count": 1}
    assert rules.DEFAULT_RULES["inactive_alarm_months"] == 6


def test_unchanged_rule_gives_its_default(session: Session) -> None:
    assert rules.get_rule(session, "inactive_warn_months", dt.date(2026, 5, 1)) == 3
    assert rules.get_minimum(session, MeetingType.PARTY_LECTURE, dt.date(2026, 5, 1)) == rules.Minimum(
        "quarter", 1
    )


def test_default_cannot_be_changed_through_a_returned_value(session: Session) -> None:
    value = rules.get_rule(session, "minimum.theme_day", dt.date(2026, 1, 1))
    assert isinstance(value, dict)
    value["count"] = 9
    assert rules.DEFAULT_RULES["minimum.theme_day"] == {"per": "month", "count": 1}


def test_change_mid_year_applies_from_its_date_and_keeps_history(session: Session) -> None:
    rules.set_rule(
        session, "minimum.party_lecture", {"per": "month", "count": 1}, dt.date(2026, 7, 1), "院党委要求"
    )
    rules.set_rule(session, "minimum.party_lecture", {"per": "month", "count": 2}, dt.date(2027, 1, 1))

    assert rules.get_minimum(session, MeetingType.PARTY_LECTURE, dt.date(2026, 6, 30)) == rules.Minimum(
        "quarter", 1
    )
    assert rules.get_minimum(session, MeetingType.PARTY_LECTURE, dt.date(2026, 7, 1)) == rules.Minimum(
        "month", 1
    )
    assert rules.get_minimum(session, MeetingType.PARTY_LECTURE, dt.date(2027, 3, 1)) == rules.Minimum(
        "month", 2
    )

    history = rules.rule_history(session, "minimum.party_lecture")
    assert [h.effective_from for h in history] == [dt.date(2027, 1, 1), dt.date(2026, 7, 1)]
    assert history[1].note == "院党委要求"
    assert history[1].value_text == "每月至少 1 次"
    assert history[0].label == "党课最低次数"

    timeline = rules.timeline(session)
    assert timeline.minimum(MeetingType.PARTY_LECTURE, dt.date(2026, 6, 30)).per == "quarter"
    assert timeline.minimum(MeetingType.PARTY_LECTURE, dt.date(2026, 12, 31)) == rules.Minimum("month", 1)


def test_same_effective_date_replaces_that_value_only(session: Session) -> None:
    rules.set_rule(session, "inactive_warn_months", 2, dt.date(2026, 1, 1))
    rules.set_rule(session, "inactive_warn_months", 4, dt.date(2026, 1, 1), "更正")
    history = rules.rule_history(session, "inactive_warn_months")
    assert [(h.value, h.note) for h in history] == [(4, "更正")]
    assert rules.get_int(session, "inactive_warn_months", dt.date(2025, 12, 31)) == 3
    assert rules.get_int(session, "inactive_warn_months", dt.date(2026, 1, 1)) == 4


def test_all_rules_shows_value_in_force_and_since_when(session: Session) -> None:
    rules.set_rule(session, "probation_due_days", 45, dt.date(2026, 3, 1))
    rules.set_rule(session, "probation_due_days", 60, dt.date(2027, 3, 1))
    states = {s.key: s for s in rules.all_rules(session, dt.date(2026, 11, 25))}
    assert list(states) == list(rules.DEFAULT_RULES)
    probation = states["probation_due_days"]
    assert (probation.value, probation.effective_from, probation.is_default) == (
        45,
        dt.date(2026, 3, 1),
        False,
    )
    assert probation.value_text == "45 天"
    assert probation.default_text == "30 天"
    theme = states["minimum.theme_day"]
    assert theme.is_default
    assert theme.value_text == "每月至少 1 次"


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("minimum.theme_day", {"per": "week", "count": 1}, "主题党日最低次数"),
        ("minimum.theme_day", {"per": "month", "count": -1}, "主题党日最低次数"),
        ("minimum.theme_day", {"per": "month", "count": True}, "主题党日最低次数"),
        ("minimum.theme_day", {"per": "month"}, "主题党日最低次数"),
        ("minimum.theme_day", 1, "主题党日最低次数"),
        ("inactive_warn_months", "3", "连续未参加组织生活提醒（月）"),
        ("inactive_warn_months", 0, "连续未参加组织生活提醒（月）"),
        ("probation_due_days", 2.5, "预备党员转正提前提醒（天）"),
    ],
)
def test_wrong_shape_is_refused_naming_the_rule(
    session: Session, key: str, value: object, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.set_rule(session, key, value, dt.date(2026, 1, 1))
    assert caught.value.field == field
    assert field in caught.value.user_message
    assert rules.rule_history(session, key) == []


def test_unknown_rule_is_refused(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.set_rule(session, "minimum.tea_party", 1, dt.date(2026, 1, 1))
    assert caught.value.field == "规则"


def test_effective_date_is_required(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.set_rule(session, "probation_due_days", 20, None)  # type: ignore[arg-type]
    assert caught.value.field == "生效日期"


def test_warning_months_cannot_pass_alarm_months(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.set_rule(session, "inactive_warn_months", 7, dt.date(2026, 1, 1))
    assert "6 个月" in caught.value.user_message
    with pytest.raises(ValidationError):
        rules.set_rule(session, "inactive_alarm_months", 2, dt.date(2026, 1, 1))
    rules.set_rule(session, "inactive_alarm_months", 8, dt.date(2026, 1, 1))
    rules.set_rule(session, "inactive_warn_months", 7, dt.date(2026, 2, 1))
    assert rules.get_int(session, "inactive_warn_months", dt.date(2026, 2, 1)) == 7


def test_minimum_count_zero_means_no_minimum(session: Session) -> None:
    row = rules.set_rule(session, "minimum.group_meeting", rules.Minimum("month", 0), dt.date(2026, 1, 1))
    assert row.value == {"per": "month", "count": 0}
    assert row.value_text == "不作要求"


def test_unreadable_stored_value_falls_back_to_default(session: Session) -> None:
    session.add(RuleSetting(key="term_due_warn_days", value="not json", effective_from=dt.date(2026, 1, 1)))
    session.flush()
    assert rules.get_rule(session, "term_due_warn_days", dt.date(2026, 6, 1)) == 90
