"""Each feature's lifespan, for a scene that follows the time without reading again.

A view of a city with a history loads the features of every time (:data:`store.cache.EVERY_TIME`:
the recorded city and the chosen scenarios' planned features) and, at each step of the time
slider, leaves out what does not stand then. :func:`read_lifespans` reads every feature's
lifespan of one table once (fids and two text columns, no geometry); :meth:`Lifespans.gone`
says which fids do not stand at a moment (numpy string comparisons, the rule of
:func:`store.lifespan.standing_sql`); :func:`fid_lut` and :func:`looked_up` turn that into a
per-cell or per-point mask. Qt- and VTK-free.

Example
-------
>>> spans = Lifespans(np.array([3, 7]), np.array(["", "2016"]), np.array(["2012", ""]))
>>> spans.gone("2010-12-31T23:59:59Z").tolist()
[7]
>>> lut = fid_lut(spans.gone("2020-12-31T23:59:59Z"))
>>> looked_up(lut, np.array([3, 3, 7, 9])).tolist()
[True, True, False, False]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from layers.building_lod import standing_mask
from store.cache import EVERY_TIME, NOW


@dataclass(frozen=True)
class Lifespans:
    """Lifespans of the dated features of a table as seen from the chosen scenarios: ``fids``
    (sorted) and their ``valid_from``/``valid_to`` (lifespan text, "" for none); a feature
    not among them stands at any time."""

    fids: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray

    def __len__(self) -> int:
        return len(self.fids)

    def gone(self, at: str) -> np.ndarray:
        """The fids not standing at ``at`` (:func:`store.lifespan.instant` text)."""
        return self.fids[~standing_mask(self.valid_from, self.valid_to, at)]

    def groups(self, fids: np.ndarray) -> np.ndarray:
        """A number per feature of ``fids``, the same for features of the same lifespan (a
        feature without one: -1): labels choose among features of one name and lifespan."""
        fids = np.asarray(fids, np.int64)
        if not len(self.fids) or not len(fids):
            return np.full(len(fids), -1, np.int64)
        pos = np.clip(np.searchsorted(self.fids, fids), 0, len(self.fids) - 1)
        found = self.fids[pos] == fids
        spans = np.char.add(np.char.add(self.valid_from[pos].astype(str), "|"),
                            self.valid_to[pos].astype(str))
        _, group = np.unique(spans, return_inverse=True)
        return np.where(found, group.reshape(-1), -1).astype(np.int64)


def read_lifespans(cache: Any, table: str) -> Lifespans | None:
    """The dated features' lifespans in ``table`` as seen from the cache's chosen scenarios (a
    recorded feature a scenario removes ends then), or None for a table without history (it
    stands the same at any time: nothing to follow)."""
    from store.schema import LAYERS

    if table not in LAYERS or not hasattr(cache, "dated") or not cache.dated(table):
        return None
    member, start, end, args = cache.lifespan_sql()
    # only the dated: a feature without a lifespan stands at any time (most of a city)
    where = f"WHERE {member + ' AND ' if member else ''}({start} IS NOT NULL OR {end} IS NOT NULL)"
    sql = (f'SELECT t.fid, coalesce({start}, \'\'), coalesce({end}, \'\') '
           f'FROM "{table}" t {where} ORDER BY t.fid')
    with cache.engine.connect() as conn:
        rows = conn.connection.driver_connection.execute(sql, args).fetchall()
    if not rows:
        return Lifespans(np.zeros(0, np.int64), np.zeros(0, str), np.zeros(0, str))
    fids, starts, ends = zip(*rows, strict=True)
    return Lifespans(np.array(fids, np.int64), np.array(starts, dtype=str),
                     np.array(ends, dtype=str))


def fid_lut(fids: np.ndarray) -> np.ndarray | None:
    """A table by fid, True for ``fids`` (None when there are none)."""
    fids = np.asarray(fids, np.int64)
    fids = fids[fids >= 0]
    if not len(fids):
        return None
    lut = np.zeros(int(fids.max()) + 1, dtype=bool)
    lut[fids] = True
    return lut


def looked_up(lut: np.ndarray | None, fids: np.ndarray) -> np.ndarray:
    """Per fid of ``fids``, its value in ``lut`` (False beyond it, or without one)."""
    fids = np.asarray(fids, np.int64)
    if lut is None or not len(fids):
        return np.zeros(len(fids), dtype=bool)
    inside = (fids >= 0) & (fids < len(lut))
    return lut[np.clip(fids, 0, len(lut) - 1)] & inside


class TimeFollower:
    """How a view of one table follows the map's time without reading again: built with
    :meth:`read` (off the GUI thread), its tiles read ``at`` :attr:`at` (every time in a city
    with a history); at each step :meth:`follow` says which fids are left out
    (:attr:`gone`, a table by fid, None: none).

    Example
    -------
    >>> follower = TimeFollower()
    >>> follower.at == NOW and follower.gone is None
    True
    """

    def __init__(self, cache: Any = None) -> None:
        self.spans: Lifespans | None = None
        #: the scenarios shown when the view was built (another set: read again)
        self.scenarios: tuple[str, ...] = tuple(getattr(cache, "scenarios", ()))
        self.gone: np.ndarray | None = None

    @property
    def at(self) -> str:
        """What a tile reads: the features of every time when it follows the time, else
        those standing at the map's time (a city without history: the same at any time)."""
        return EVERY_TIME if self.spans is not None else NOW

    def read(self, cache: Any, table: str) -> None:
        """Read the lifespans of ``table``'s features (of the cache's chosen scenarios)."""
        self.scenarios = tuple(getattr(cache, "scenarios", ()))
        self.spans = read_lifespans(cache, table)
        self.gone = None

    def follow(self, model: Any) -> bool:
        """Which fids are left out at the model's time (:attr:`gone`); False when the view
        must be read again: the scenarios shown changed."""
        if tuple(getattr(model.cache, "scenarios", ())) != self.scenarios:
            return False
        self.gone = (fid_lut(self.spans.gone(model.instant)) if self.spans is not None
                     else None)
        return True

    def left_out(self, fids: np.ndarray) -> np.ndarray:
        """Per fid of ``fids`` (cells, points), whether it is left out now."""
        return looked_up(self.gone, fids)
