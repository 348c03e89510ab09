"""The city over time (issue 16): what stood in each year, and what changed between two times.

:func:`timeline` counts, for each year, the buildings that stood at its end, their floor area
and housing units (the recorded city, with the planned features of the cache's scenarios when
some are chosen: ``cache.scenarios``); :func:`compare` lists what appeared and what went between
two times, per layer. Both read through :meth:`store.cache.Cache.standing_sql`, the rule every
view of the city uses.

Example
-------
>>> years_between("1990", "1993")
[1990, 1991, 1992, 1993]
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from store import lifespan
from store.schema import LAYERS

#: the most years one timeline spans
MAX_YEARS = 500


@dataclass(frozen=True)
class YearRow:
    """The city at the end of one year."""

    year: int
    buildings: int
    floor_area: float
    units: int


@dataclass(frozen=True)
class Change:
    """What one layer gained and lost between two times (gids)."""

    layer: str
    new: list[str]
    gone: list[str]


def years_between(first: str | int, last: str | int) -> list[int]:
    """The years from ``first`` to ``last`` (years or dates), at most :data:`MAX_YEARS`."""
    a, b = int(str(first)[:4]), int(str(last)[:4])
    if b < a:
        a, b = b, a
    return list(range(a, min(b, a + MAX_YEARS - 1) + 1))


def timeline(cache: Any, years: list[int]) -> list[YearRow]:
    """For each year, the buildings standing at its end, their floor area and housing units."""
    out = []
    with cache.engine.connect() as conn:
        for year in years:
            clause, args = cache.standing_sql(lifespan.instant(str(year)))
            where = f" WHERE {clause}" if clause else ""
            n, area, units = conn.execute(text(
                "SELECT count(*), coalesce(sum(floor_area), 0), coalesce(sum(units), 0) "
                f"FROM buildings t{where}"), args).one()
            out.append(YearRow(year, int(n), round(float(area), 1), int(units)))
    return out


def compare(cache: Any, before: str, after: str,
            layers: tuple[str, ...] = ("buildings", "roads", "pipelines", "poles")
            ) -> list[Change]:
    """What each layer gained (``new``) and lost (``gone``) from ``before`` to ``after``
    (lifespan instants, :func:`store.lifespan.instant`)."""
    out = []
    with cache.engine.connect() as conn:
        for layer in layers:
            table = LAYERS[layer].name
            sets = []
            for at in (before, after):
                clause, args = cache.standing_sql(at)
                where = f" WHERE {clause}" if clause else ""
                sets.append({r[0] for r in conn.execute(
                    text(f'SELECT t.gid FROM "{table}" t{where}'), args)})
            out.append(Change(layer, sorted(sets[1] - sets[0]), sorted(sets[0] - sets[1])))
    return out


def write_csv(rows: list[YearRow], path: Path) -> None:
    """The timeline as CSV: year, buildings, floor_area, units (UTF-8 with a BOM, as Excel
    expects)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(asdict(rows[0])) if rows else ["year"])
        w.writeheader()
        for r in rows:
            w.writerow(asdict(r))


__all__ = ["MAX_YEARS", "Change", "YearRow", "compare", "timeline", "write_csv",
           "years_between"]
