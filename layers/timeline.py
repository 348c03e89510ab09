"""The city over time (issue 16): what stood in each year, and what changed between two times.

:func:`timeline` counts, for each year, the buildings that stood at its end, their floor area
and housing units (the recorded city, with the planned features of the cache's scenarios when
some are chosen: ``cache.scenarios``); :func:`compare` lists what appeared and what went between
two times, per layer, and :func:`compare_buildings` classifies the buildings by that change
(new, demolished, changed) for the map. They read through
:meth:`store.cache.Cache.standing_sql`, the rule every view of the city uses.

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

import numpy as np
from sqlalchemy import text

from layers import palette
from layers.style import Classification, LegendEntry
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


def timeline(cache: Any, years: list[int], *,
             bbox: tuple[float, float, float, float] | None = None,
             scenarios: tuple[str, ...] | None = None) -> list[YearRow]:
    """For each year, the buildings standing at its end, their floor area and housing units:
    within ``bbox`` (cache CRS; None: the whole city), with the planned buildings of
    ``scenarios`` (gids, a chain of :func:`store.scenarios.chain`; None: the cache's)."""
    join, box = "", {}
    if bbox is not None:
        join = " JOIN rtree_buildings_geom r ON r.id = t.fid"
        box = dict(zip(("minx", "miny", "maxx", "maxy"), map(float, bbox), strict=True))
    out = []
    with cache.engine.connect() as conn:
        for year in years:
            clause, args = cache.standing_sql(lifespan.instant(str(year)), scenarios=scenarios)
            clauses = [clause] if clause else []
            if bbox is not None:
                clauses.append("r.maxx >= :minx AND r.minx <= :maxx AND r.maxy >= :miny "
                               "AND r.miny <= :maxy")
            where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
            n, area, units = conn.execute(text(
                "SELECT count(*), coalesce(sum(floor_area), 0), coalesce(sum(units), 0) "
                f"FROM buildings t{join}{where}"), {**args, **box}).one()
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


#: The kinds of change a comparison colours, in legend order: key, 中文, English, colour.
CHANGE_KINDS = (("new", "新建", "New", palette.CHANGE_NEW),
                ("gone", "拆除", "Demolished", palette.CHANGE_GONE),
                ("changed", "变更", "Changed", palette.CHANGE_CHANGED))


@dataclass(frozen=True)
class Comparison:
    """The buildings' change from ``before`` to ``after`` (lifespan instants): ``theme``
    classifies every building standing at either time (new, demolished, changed; unchanged
    ones in no class), with counts in its legend; ``gone`` the fids of the demolished ones
    (the scene draws them although they no longer stand)."""

    before: str
    after: str
    theme: Classification
    gone: np.ndarray

    def count(self, kind: str) -> int:
        return next(e.count for e in self.theme.legend if e.key == kind)


def change_kind(stood: np.ndarray, stands: np.ndarray, edited: np.ndarray) -> np.ndarray:
    """Per feature, its class in :data:`CHANGE_KINDS` (−1: unchanged or standing at neither
    time): new if it stands only after, demolished if only before, changed if at both and its
    record was edited between the two.

    Examples
    --------
    >>> change_kind(np.array([0, 1, 1, 1]), np.array([1, 0, 1, 1]),
    ...             np.array([0, 0, 1, 0])).tolist()
    [0, 1, 2, -1]
    """
    stood, stands, edited = (np.asarray(a, dtype=bool) for a in (stood, stands, edited))
    out = np.full(len(stood), -1, dtype=np.int16)
    out[stands & ~stood] = 0
    out[stood & ~stands] = 1
    out[stood & stands & edited] = 2
    return out


def compare_buildings(cache: Any, before: str, after: str) -> Comparison:
    """How the buildings changed from ``before`` to ``after`` (lifespan instants), with the
    planned buildings of the cache's scenarios. "Changed": a building standing at both times
    whose record was changed between them (a version after its first, stamped in between);
    a building replaced by another counts as one demolished and one new."""
    a, b = sorted((before, after))
    sets = []
    with cache.engine.connect() as conn:
        for at in (before, after):
            clause, args = cache.standing_sql(at)
            where = f" WHERE {clause}" if clause else ""
            sets.append({int(r[0]) for r in conn.execute(
                text(f"SELECT t.fid FROM buildings t{where}"), args)})
        edited = {int(r[0]) for r in conn.execute(text(
            "SELECT fid FROM buildings WHERE version > 1 AND updated_at > :a "
            "AND updated_at <= :b"), {"a": a, "b": b})}
    fids = np.array(sorted(sets[0] | sets[1]), dtype=np.int64)
    member = [np.isin(fids, np.fromiter(x, np.int64, len(x))) for x in (*sets, edited)]
    classes = change_kind(*member)
    legend = [LegendEntry(key, zh, en, rgb, int((classes == i).sum()))
              for i, (key, zh, en, rgb) in enumerate(CHANGE_KINDS)]
    theme = Classification(fids, classes, legend, f"变化 {before[:10]} → {after[:10]}",
                           f"Changes {before[:10]} → {after[:10]}")
    return Comparison(before, after, theme, fids[classes == 1])


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
