"""Times and dates: event timestamps and dates of birth.

``parse_datetime_text`` recognises ISO 8601 and its common relatives
(``YYYY-MM-DD HH:MM:SS``, ``YYYY/MM/DD``), day-first European dates, Chinese
dates (``2019年6月12日 12时30分``), RFC 2822 and English month names, and
compact ``YYYYMMDDHHMMSS``; it validates month/day/hour ranges.  Epoch
seconds and milliseconds count when they fall in a plausible event range
(2000-2035).  Dates of birth are date-only values in a plausible birth range;
telling them from event dates is the lexicon's job (a ``date`` is a
timestamp unless the field is about birth).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any, NamedTuple

from leakwarden.detect.base import ValueDetector, as_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector

TIMESTAMP = "time.timestamp"
BIRTHDATE = "person.birthdate"

EPOCH_MIN = 946684800  # 2000-01-01
EPOCH_MAX = 2082758400  # 2036-01-01
_THIS_YEAR = date.today().year


class Parsed(NamedTuple):
    year: int
    month: int
    day: int
    has_time: bool


_TIME = r"(?:[T\s]+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d|60)(?:[.,]\d{1,9})?)?\s*(?:Z|z|UTC|GMT|[+-](?:[01]\d|2[0-3]):?[0-5]\d|[+-]\d\d)?)?"
_ISO = re.compile(r"(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _TIME)
_ISO_BASIC = re.compile(r"(?P<y>\d{4})(?P<m>\d\d)(?P<d>\d\d)T(?P<H>[01]\d|2[0-3])(?P<M>[0-5]\d)(?P<S>[0-5]\d)?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
_DMY = re.compile(r"(?P<d>\d{1,2})(?P<s>[./-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})" + _TIME)
_CN = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*(?P<H>[01]?\d|2[0-3])\s*[时:点]\s*(?P<M>[0-5]?\d)\s*分?(?:\s*(?P<S>[0-5]?\d)\s*秒?)?)?"
)
_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MON = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_RFC = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?P<d>\d{1,2})\s+" + _MON + r"\s+(?P<y>\d{4})"
    r"(?:\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:\s*(?:[+-]\d{4}|GMT|UTC|[A-Z]{3}))?)?",
    re.I,
)
_MDY = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?" + _MON + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?\s*(?:[AaPp][Mm])?)?",
    re.I,
)
_COMPACT = re.compile(r"(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?:(?P<H>[01]\d|2[0-3])(?P<M>[0-5]\d)(?P<S>[0-5]\d)?)?")


def _valid(y: int, m: int, d: int) -> bool:
    if not (1800 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return False
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _checked(y: int, mo: int, d: int, has_time: bool, us_order: bool = False) -> Parsed | None:
    """The parsed date if it exists; ``us_order``: try month-first when day-first is impossible."""
    if _valid(y, mo, d):
        return Parsed(y, mo, d, has_time)
    # US order: 04/25/1941 (month first) when the day-first reading is impossible
    if us_order and _valid(y, d, mo):
        return Parsed(y, d, mo, has_time)
    return None


# Fast paths for the commonest layouts, ASCII only and at fixed positions.  Each
# is a sub-language of one general pattern (_ISO_COMMON of _ISO, _DMY_COMMON of
# _DMY) and the general patterns cannot match the same text (they differ in the
# character after the leading digits: "-/." after four for ISO, 年 for Chinese,
# "./-" after one or two for day-first, "T" after eight for ISO basic, white
# space after one or two for RFC 2822), so a fast match is the answer the
# general loop would give.
_ISO_COMMON = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?",
    re.ASCII,
)
_DMY_COMMON = re.compile(r"\d\d([./-])\d\d\1\d{4}", re.ASCII)
# RFC 2822 as mail and HTTP write it ("Fri, 28 Apr 2023 22:21:19 +0100"): a
# sub-language of _RFC, in which the groups can only fall one way (the day and
# year are the only digit runs before the time), tried first for text that
# starts with a letter, as _RFC is
_RFC_COMMON = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) "
    r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d{4}",
    re.ASCII,
)


def parse_datetime_text(text: str, allow_compact: bool = False) -> Parsed | None:
    """Parse a date or date-time written in one of the recognised forms."""
    n = len(text)
    if n < 8 or n > 64:
        return None
    if _ISO_COMMON.fullmatch(text) is not None:  # 2019-06-12, 2019-06-12T12:30:00.000+08:00
        try:
            day = date.fromisoformat(text[:10])  # the checks of _valid but the year range, in C
        except ValueError:
            return None
        return Parsed(day.year, day.month, day.day, n > 10) if 1800 <= day.year <= 2100 else None
    if n == 10 and (m := _DMY_COMMON.fullmatch(text)) is not None:  # 12.06.2019, 12/06/2019
        return _checked(int(text[6:]), int(text[3:5]), int(text[:2]), False, m.group(1) == "/")
    if text.isascii() and text.isdigit():  # no form but the compact one is all digits
        m = _COMPACT.fullmatch(text) if allow_compact else None
        return None if m is None else _checked(int(m["y"]), int(m["m"]), int(m["d"]), m["H"] is not None)
    c0 = text[0]
    if c0.isdigit():
        for rx in (_ISO, _CN, _DMY, _ISO_BASIC, _RFC):
            m = rx.fullmatch(text)
            if m is not None:
                break
        else:
            return None
    else:
        if (m := _RFC_COMMON.fullmatch(text)) is not None:
            return _checked(int(m[3]), _MONTHS[m[2].lower()], int(m[1]), True)
        m = _RFC.fullmatch(text) or _MDY.fullmatch(text)
        if m is None:
            return None
    g = m.groupdict()
    y = int(g["y"])
    if g.get("mon"):
        mo = _MONTHS.get(g["mon"][:3].lower(), 0)
    else:
        mo = int(g["m"])
    return _checked(y, mo, int(g["d"]), g.get("H") is not None, g.get("s") == "/" and m.re is _DMY)


def epoch_seconds(value: Any) -> float | None:
    """Seconds since 1970 if ``value`` is epoch seconds or millis in 2000-2035."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not (9 <= len(value) <= 17) or not (value.replace(".", "", 1).isascii() and value.replace(".", "", 1).isdigit()):
            return None
        try:
            f = float(value)
        except ValueError:
            return None
    elif isinstance(value, (int, float)):
        f = float(value)
    else:
        return None
    if not math.isfinite(f):
        return None
    if EPOCH_MIN <= f <= EPOCH_MAX:
        return f
    if EPOCH_MIN * 1000 <= f <= EPOCH_MAX * 1000:
        return f / 1000.0
    if EPOCH_MIN * 1_000_000 <= f <= EPOCH_MAX * 1_000_000:  # microseconds
        return f / 1_000_000.0
    return None


class DateTimeTextDetector(PrefilteredDetector):
    id = "time.datetime"
    category = TIMESTAMP
    description = "date-time text: ISO 8601, YYYY-MM-DD HH:MM:SS, RFC 2822, 2019年6月12日 12时30分, ..."
    types = frozenset({"str"})
    strength = 5.5
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 8 <= len(value) <= 64

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if _ISO_COMMON.fullmatch(t) is not None:
            # parse_datetime_text's first branch, without building its answer: a time
            # part follows the date, and the date exists within 1800..2100
            if not 10 < len(t) <= 64:
                return False
            try:
                day = date.fromisoformat(t[:10])
            except ValueError:
                return False
            return 1800 <= day.year <= 2100
        p = parse_datetime_text(t)
        return p is not None and p.has_time


class DateTextDetector(PrefilteredDetector):
    id = "time.date"
    category = TIMESTAMP
    description = "date-only text (YYYY-MM-DD, DD.MM.YYYY, 2019年6月12日, 12 Jun 2019, ...)"
    types = frozenset({"str"})
    strength = 4.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 8 <= len(value) <= 40

    def _checked(self, value: Any) -> bool:
        p = parse_datetime_text(value.strip())
        return p is not None and not p.has_time


class EpochDetector(PrefilteredDetector):
    id = "time.epoch"
    category = TIMESTAMP
    description = "epoch seconds / milliseconds / microseconds within 2000-2035"
    types = frozenset({"int", "float", "str"})
    strength = 2.5
    chance = 0.1
    standalone = False

    def prefilter(self, value: Any) -> bool:
        return not isinstance(value, bool) and isinstance(value, (int, float, str))

    def _checked(self, value: Any) -> bool:
        return epoch_seconds(value) is not None


class CompactDateTimeDetector(PrefilteredDetector):
    id = "time.compact"
    category = TIMESTAMP
    description = "compact YYYYMMDDHHMMSS / YYYYMMDD digit strings (needs a name signal)"
    types = frozenset({"str", "int"})
    strength = 2.0
    chance = 0.1
    standalone = False

    def prefilter(self, value: Any) -> bool:
        t = as_text(value, 16)
        return t is not None and len(t) in (8, 12, 14) and (t.isascii() and t.isdigit())

    def _checked(self, value: Any) -> bool:
        return parse_datetime_text(as_text(value, 16), allow_compact=True) is not None


_ERA_BASE = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018, "M": 1867, "T": 1911, "S": 1925, "H": 1988, "R": 2018}
_ERA = re.compile(r"(明治|大正|昭和|平成|令和|[MTSHR])\.?\s*(\d{1,2}|元)\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?", re.I)
_CN_YEAR_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_MIDNIGHT = re.compile(r"[T\s]00:00(?::00)?")


def japanese_era_date(text: str) -> int | None:
    """Gregorian year of a Japanese-era date (昭和39年3月23日, S39.3.23, H2/10/30), or None."""
    m = _ERA.fullmatch(text)
    if m is None:
        return None
    n = 1 if m.group(2) == "元" else int(m.group(2))
    y = _ERA_BASE[m.group(1).upper() if m.group(1).isascii() else m.group(1)] + n
    return y if _valid(y, int(m.group(3)), int(m.group(4))) else None


class BirthDateDetector(PrefilteredDetector):
    """A date in a plausible birth range (1900..this year) with no time of day, or a birth year."""

    id = "time.birthdate"
    category = BIRTHDATE
    description = "date-only value (or birth year) between 1900 and today; a name signal tells birth from event"
    types = frozenset({"str", "int"})
    strength = 1.5
    chance = 0.3
    standalone = False

    def prefilter(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return 1900 <= value <= _THIS_YEAR or 19000101 <= value <= 20991231
        return isinstance(value, str) and 4 <= len(value) <= 40

    def _checked(self, value: Any) -> bool:
        t = as_text(value, 40)
        if t is None:
            return False
        if len(t) == 4 and (t.isascii() and t.isdigit()):
            return 1900 <= int(t) <= _THIS_YEAR
        if len(t) == 7 and t[4] in "-/." and (t[:4].isascii() and t[:4].isdigit()) and (t[5:].isascii() and t[5:].isdigit()):  # 1985-07
            return 1900 <= int(t[:4]) <= _THIS_YEAR and 1 <= int(t[5:]) <= 12
        p = parse_datetime_text(t, allow_compact=True)
        if p is None:
            era = japanese_era_date(t)
            if era is not None:
                return 1900 <= era <= _THIS_YEAR
            ms = _CN_YEAR_MONTH.fullmatch(t)
            return ms is not None and 1900 <= int(ms.group(1)) <= _THIS_YEAR
        if p.has_time and _MIDNIGHT.search(t) is None:
            return False
        return 1900 <= p.year <= _THIS_YEAR


DETECTORS: list[ValueDetector] = [
    DateTimeTextDetector(),
    DateTextDetector(),
    EpochDetector(),
    CompactDateTimeDetector(),
    BirthDateDetector(),
]
