"""Search keys so "zs" or "zhangsan" finds 张三, with surnames pypinyin reads the everyday way wrong.

pypinyin is imported on first use: it costs start-up time the window should not wait for.
"""

from __future__ import annotations

import os
from functools import lru_cache

# Surnames read unlike the character's common reading (多音字 as surnames); syllables split by spaces.
SURNAME_READINGS: dict[str, str] = {
    "万俟": "mo qi",
    "尉迟": "yu chi",
    "单于": "chan yu",
    "长孙": "zhang sun",
    "单": "shan",
    "曾": "zeng",
    "区": "ou",
    "仇": "qiu",
    "解": "xie",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "乐": "yue",
    "秘": "bi",
    "种": "chong",
    "翟": "zhai",
    "员": "yun",
    "黑": "he",
    "召": "shao",
    "冼": "xian",
    "洗": "xian",
    "贲": "ben",
    "繁": "po",
    "句": "gou",
    "尉": "yu",
    "宓": "mi",
    "过": "guo",
    "薄": "bo",
    "柏": "bai",
    "褚": "chu",
    "阚": "kan",
    "那": "na",
    "折": "she",
    "相": "xiang",
}


@lru_cache(maxsize=1)
def _lazy_pinyin():  # type: ignore[no-untyped-def]
    # Names are read character by character (surnames from the table above), so pypinyin's phrase
    # dictionary is not needed: skipping it cuts its import from ~130 ms to ~35 ms at start-up.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="default")


def _syllables(name: str) -> list[str]:
    """One lowercase syllable per character, the surname read as a surname."""
    convert = _lazy_pinyin()
    for length in (2, 1):
        surname = name[:length]
        if len(name) > length and surname in SURNAME_READINGS:
            head = SURNAME_READINGS[surname].split()
            return head + [s.lower() for s in convert(name[length:])]
    return [s.lower() for s in convert(name)]


@lru_cache(maxsize=20000)
def search_key(name: str) -> str:
    """`initials|fullpinyin|name`, lowercase: one string a filter can match against."""
    name = "".join(name.split())
    if not name:
        return ""
    syllables = _syllables(name)
    initials = "".join(s[0] for s in syllables if s)
    return f"{initials}|{''.join(syllables)}|{name.lower()}"


def matches(key: str, query: str) -> bool:
    """True when the query is a substring of the name, its initials, or its full pinyin."""
    query = query.strip().lower().replace(" ", "")
    if not query:
        return True
    return query in key
