"""GB 11643 ID numbers and phone masking."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from branchdesk.services import idcard
from tests.factories import make_id


def test_a_known_valid_id_passes_and_one_changed_digit_fails() -> None:
    good = "11010519491231002X"
    assert idcard.id_problem(good) is None
    bad = "11010519491231003X"
    problem = idcard.id_problem(bad)
    assert problem is not None and problem.kind == "checksum"


def test_fifteen_digit_ids_are_refused_with_advice() -> None:
    problem = idcard.id_problem("110105491231002")
    assert problem is not None and "15位" in problem.message


def test_impossible_birth_date_in_id_is_reported() -> None:
    body = "11010519490231002"
    problem = idcard.id_problem(body + idcard.check_char(body))
    assert problem is not None and problem.kind == "birth_date"


def test_normalize_handles_full_width_and_lowercase_x() -> None:
    assert idcard.normalize_id(" １１０１０５１９４９１２３１００２ｘ ") == "11010519491231002X"


@given(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2010, 12, 31)), st.booleans())
def test_generated_ids_agree_with_birth_date_and_gender(birth: dt.date, male: bool) -> None:
    number = make_id(birth, male=male)
    assert idcard.id_problem(number) is None
    assert idcard.birth_date_from_id(number) == birth
    assert idcard.gender_from_id(number) == ("男" if male else "女")


@given(st.text(max_size=25))
def test_id_problem_never_raises_on_any_text(text: str) -> None:
    idcard.id_problem(idcard.normalize_id(text))


def test_masks_show_only_the_last_four_and_the_phone_pattern() -> None:
    assert idcard.mask_id("11010519491231002X") == "*" * 14 + "002X"
    assert idcard.mask_phone("13812348000") == "138****8000"
    assert idcard.mask_id("") == "" and idcard.mask_phone("") == ""


def test_phone_normalisation_and_mobile_check() -> None:
    assert idcard.normalize_phone("138-1234 8000") == "13812348000"
    assert idcard.normalize_phone("+86 138 1234 8000") == "13812348000"
    assert idcard.is_mobile("13812348000")
    assert not idcard.is_mobile("1381234800")
