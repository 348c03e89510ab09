"""Each imported feature's lifespan from its attributes (:mod:`store.lifespan`).

The first field of :data:`FROM_FIELDS` (or ``--valid-from-field``) that a feature has gives
when it was built, laid or opened; :data:`TO_FIELDS` (or ``--valid-to-field``) when it was
demolished, abandoned or closed. The real-world fields come first: CityGML 3.0's ``validFrom``
and ``validTo``, the year of construction or demolition, OSM's ``start_date``/``end_date``,
the Chinese survey and housing fields (建成年代, 拆除日期 …). CityGML's and CityJSON's
``creationDate``/``terminationDate`` (the record's dates, by the standard) are used only when
nothing else says when the thing stood, as 3DCityDB does.

A value that is no time leaves that end open and is counted in a warning; an end before the
start is dropped with a warning. A feature that ended before today is imported as history: it
is not drawn now, and stands at earlier times (``cimview info --time``).

Examples
--------
>>> from store.importers.report import ImportReport
>>> r = ImportReport(file="f", kind="footprints", format="GeoJSON", cache="c")
>>> take([{"start_date": "1998"}, {"建成年代": "2005年", "拆除日期": "2012-03"}, {}], None, None, r)
(['1998', '2005', None], [None, '2012-03', None])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from store import lifespan
from store.importers.report import ImportReport

FROM_FIELDS = ("valid_from", "validFrom", "yearOfConstruction", "year_built", "start_date",
               "建成年代", "建成年份", "建造年代", "建成时间", "竣工日期", "竣工年份", "建设年代",
               "JSND", "JCND", "creationDate")
TO_FIELDS = ("valid_to", "validTo", "yearOfDemolition", "end_date", "demolished",
             "拆除日期", "拆除年份", "拆除时间", "废弃日期", "terminationDate")


def take(attrs: Sequence[Mapping[str, Any]], from_field: str | None, to_field: str | None,
         report: ImportReport) -> tuple[list[str | None], list[str | None]]:
    """(valid_from, valid_to) of each feature's attributes; the report is told what could
    not be read, and how many features ended before today."""
    starts = _field(attrs, (from_field,) if from_field else FROM_FIELDS, "--valid-from-field",
                    from_field, report)
    ends = _field(attrs, (to_field,) if to_field else TO_FIELDS, "--valid-to-field", to_field,
                  report)
    backwards = [i for i, (a, b) in enumerate(zip(starts, ends, strict=True))
                 if lifespan.ends_before_start(a, b)]
    for i in backwards:
        ends[i] = None
    if backwards:
        report.warn("{n} features end before they start: their end was left open",
                    n=len(backwards))
    now = lifespan.now()
    ended = sum(1 for e in ends if e is not None and e <= now)
    if ended:
        report.warn("{n} features ended before today: kept as history, not drawn now (see "
                    "them with --time)", n=ended)
    return starts, ends


def _field(attrs: Sequence[Mapping[str, Any]], fields: Sequence[str], flag: str,
           wanted: str | None, report: ImportReport) -> list[str | None]:
    out: list[str | None] = []
    unreadable: dict[str, int] = {}
    seen = False
    for a in attrs:
        value = None
        for f in fields:
            raw = a.get(f)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            seen = True
            value = lifespan.parse_when(raw)
            if value is None:
                unreadable[f] = unreadable.get(f, 0) + 1
            break
        out.append(value)
    if wanted and not seen:
        report.warn("{flag} {field}: no feature has this attribute", flag=flag,
                    field=repr(wanted))
    for f, n in unreadable.items():
        report.warn("{n} features have a {field} that is not a date: left open", n=n,
                    field=f)
    return out


__all__ = ["FROM_FIELDS", "TO_FIELDS", "take"]
