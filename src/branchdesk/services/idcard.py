"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: checking and masking.

Masking lives here, not in the UI, so lists, prints and exports all hide the same characters.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID15 = re.compile(r"^\d{15}$")
_MOBILE = re.compile(r"^1\d{10}$")


def normalize_id(raw: str) -> str:
    """Full-width digits to ASCII, spaces trimmed, a lowercase x upper-cased."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).upper()


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdProblem:
    """Why an ID number is not acceptable, in Chinese."""

    kind: str  # "format", "checksum", "birth_date"
    message: str


def id_problem(id_number: str) -> IdProblem | None:
    """None when `id_number` (already normalised) is a valid 18-character ID number."""
    if _ID15.match(id_number):
        return IdProblem("format", "身份证号为旧的15位号码，请改为18位号码。")
    if not _ID18.match(id_number):
        return IdProblem("format", "身份证号应为18位：前17位是数字，最后一位是数字或X。")
    if birth_date_from_id(id_number) is None:
        return IdProblem("birth_date", "身份证号中的出生日期（第7-14位）不是有效日期。")
    if check_char(id_number[:17]) != id_number[17]:
        return IdProblem("checksum", "身份证号校验位不正确，请核对是否输错了某一位。")
    return None


def birth_date_from_id(id_number: str) -> dt.date | None:
    """The birth date encoded in an 18- or 15-character ID number, None if it is not a date."""
    try:
        if len(id_number) == 18:
            return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        if len(id_number) == 15:
            return dt.date(1900 + int(id_number[6:8]), int(id_number[8:10]), int(id_number[10:12]))
    except ValueError:
        return None
    return None


def gender_from_id(id_number: str) -> str | None:
    """男 or 女 from the sequence digit (odd: male), None when the number is too short."""
    if len(id_number) == 18:
        digit = id_number[16]
    elif len(id_number) == 15:
        digit = id_number[14]
    else:
        return None
    return "男" if int(digit) % 2 else "女"


def normalize_phone(raw: str) -> str:
    """Digits only: spaces, dashes and full-width characters removed; +86 dropped."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", raw))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def is_mobile(phone: str) -> bool:
    """An 11-digit mainland mobile number starting with 1."""
    return bool(_MOBILE.match(phone))


def mask_id(id_number: str | None) -> str:
    """Only the last 4 characters shown: **************1234."""
    if not id_number:
        return ""
    if len(id_number) <= 4:
        return "*" * len(id_number)
    return "*" * (len(id_number) - 4) + id_number[-4:]


def mask_phone(phone: str | None) -> str:
    """138****8000 for a mobile; other numbers keep only their last 4 digits."""
    if not phone:
        return ""
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]
