"""A feature's lifespan in the real world: when the thing was built, laid or opened
(``valid_from``) and when it was demolished, abandoned or closed (``valid_to``), beside the
record's own times (``updated_at``, ``version``).

Both are ISO 8601 text of the precision the data has (``2008``, ``2008-05``, ``2008-05-03``,
``2008-05-03T10:00:00Z``), NULL when unknown (from) or while it stands (to). ISO text of any
of these precisions sorts as time does, so SQLite compares it as text: a year stands for its
first day, like a date for its first second. The pure rules are here; the cache applies them in
SQL (:func:`standing_sql`), the layer model in numpy (:func:`standing`).

"The city at 2010" (:func:`instant`) is the city as it stood at the end of 2010: what was built
in 2010 stands, what was demolished in 2010 is gone.

Examples
--------
>>> parse_when("2008年"), parse_when(1996), parse_when("2012/6/3"), parse_when("yesterday")
('2008', '1996', '2012-06-03', None)
>>> instant("2010")
'2010-12-31T23:59:59Z'
>>> standing(["2008", None, "1990"], [None, "2012", "2009-06"], instant("2010")).tolist()
[True, True, False]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

#: the earliest and latest years a lifespan may name (older records exist; 9999 is "never")
FIRST_YEAR, LAST_YEAR = 1000, 9998

_DATE = re.compile(r"^\s*(\d{4})(?:\s*年)?(?:[-/.年]\s*(\d{1,2})(?:\s*月)?(?:[-/.月]\s*(\d{1,2})"
                   r"(?:\s*日)?)?)?\s*$")
_DATETIME = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                       r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$")


def parse_when(value: Any) -> str | None:
    """A time as data writes it (a year, 2008年, 2008-05, 2008/5/3, 2008年5月3日, an ISO
    date-time with its zone), as lifespan text in UTC; None when it is empty or not a time.

    Examples
    --------
    >>> parse_when("2008-05-03T10:00:00+08:00"), parse_when("2008年5月"), parse_when(0)
    ('2008-05-03T02:00:00Z', '2008-05', None)
    >>> parse_when("19830206"), parse_when("2019-12-28;2013-12-28"), parse_when("~1900")
    ('1983-02-06', '2013-12-28', '1900')
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        if not np.isfinite(value) or float(value) != int(value):
            return None
        year = int(value)
        return f"{year:04d}" if FIRST_YEAR <= year <= LAST_YEAR else None
    text = str(value).strip().lstrip("~")  # OSM's "~1900": about 1900
    if ";" in text:  # OSM's list of values: the earliest of those that are times
        times = [t for t in (parse_when(part) for part in text.split(";")) if t]
        return min(times) if times else None
    if re.fullmatch(r"\d{8}", text):  # 19830206, ISO 8601's basic form
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if not text:
        return None
    m = _DATETIME.match(text)
    if m:
        y, mo, d, hh, mi, ss, zone = m.groups()
        try:
            when = datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0),
                            tzinfo=_zone(zone))
        except ValueError:
            return None
        if not FIRST_YEAR <= when.year <= LAST_YEAR:
            return None
        return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = (int(g) if g else None for g in m.groups())
    assert y is not None
    if not FIRST_YEAR <= y <= LAST_YEAR or (mo is not None and not 1 <= mo <= 12):
        return None
    if mo is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{mo:02d}"
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _zone(zone: str | None) -> Any:
    from datetime import timedelta, timezone

    if not zone or zone == "Z":
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def instant(value: Any) -> str:
    """The moment a user means by a year, month, date or time: its last second, as UTC ISO
    text; ValueError when it is not a time.

    Examples
    --------
    >>> instant("2010-02"), instant("2010-02-03"), instant("2010-02-03T04:05:06Z")
    ('2010-02-28T23:59:59Z', '2010-02-03T23:59:59Z', '2010-02-03T04:05:06Z')
    """
    when = parse_when(value)
    if when is None:
        raise ValueError(f"not a year, date or time: {value!r}")
    if "T" in when:
        return when
    parts = [int(p) for p in when.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}T23:59:59Z"


def now() -> str:
    """This moment as lifespan text."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def standing_sql(alias: str = "t", param: str = "at") -> str:
    """The SQL condition "standing at ``:param``" on a feature table aliased ``alias``."""
    return (f"(({alias}.valid_from IS NULL OR {alias}.valid_from <= :{param}) AND "
            f"({alias}.valid_to IS NULL OR {alias}.valid_to > :{param}))")


def standing(valid_from: Sequence[str | None], valid_to: Sequence[str | None],
             at: str) -> np.ndarray:
    """Which features stand at ``at`` (lifespan text, e.g. from :func:`instant`)."""
    start = np.array(["" if v is None else v for v in valid_from], dtype=object)
    end = np.array(["\uffff" if v is None else v for v in valid_to], dtype=object)
    if not len(start):
        return np.zeros(0, dtype=bool)
    return (start <= at) & (end > at)


def ends_before_start(valid_from: str | None, valid_to: str | None) -> bool:
    """A lifespan that ends before it starts (a date the data got wrong)."""
    return valid_from is not None and valid_to is not None and valid_to < valid_from


__all__ = ["FIRST_YEAR", "LAST_YEAR", "ends_before_start", "instant", "now", "parse_when",
           "standing", "standing_sql"]
