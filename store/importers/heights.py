"""Building heights from attribute values as users really write them.

Numbers or strings: "17.5", "17.5 m", "55 ft", "17,5", "50;52" (OSM multi-values: the largest
counts), "3". Heights come from a height field; else floors × floor height; else a default,
flagged ``height_estimated``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from store.importers.options import FLOORS_FIELDS, HEIGHT_FIELDS, ImportOptions
from store.messages import Message, msg

#: The tallest building is 828 m high and has 163 floors: values beyond these are not heights.
MAX_HEIGHT = 1000.0
MAX_FLOORS = 300

_FEET = 0.3048
_VALUE = re.compile(
    r"^\s*([-+]?\d+(?:[.,]\d+)?|[-+]?\.\d+)\s*(m|meters?|metres?|米|ft|feet|foot|'|楼|层|f)?\s*$",
    re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def parse_number(value: Any) -> float | None:
    """A finite float from a number or a string such as '17.5 m' or '50;52'; else None."""
    v = _parse(value)
    return v if v is not None and math.isfinite(v) else None


def _parse(value: Any) -> float | None:
    """Like :func:`parse_number`, but infinite values (1e400, Infinity) are returned."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        try:
            return float(value)
        except OverflowError:  # an int beyond float
            return math.inf
    if not isinstance(value, str):
        return None
    best: float | None = None
    for piece in value.split(";"):
        m = _VALUE.match(piece)
        try:
            v = float(piece)  # "1e3", "1e400" (inf), "nan"
        except ValueError:
            pass
        else:
            if not math.isnan(v) and (best is None or v > best):
                best = v
            continue
        if m:
            v = float(m.group(1).replace(",", "."))
            if (m.group(2) or "").lower() in ("ft", "feet", "foot", "'"):
                v *= _FEET
        else:
            found = _NUMBER.search(piece)
            if not found:
                continue
            v = float(found.group())
        if not math.isnan(v) and (best is None or v > best):
            best = v
    return best


def absurd(name: str, value: Any, *, floors: bool) -> Message | None:
    """Why the attribute ``name`` = ``value`` cannot be a building's height (or number of
    floors): negative, infinite or beyond any building; None when it can (or says nothing).

    Examples
    --------
    >>> absurd("floors", 1e30, floors=True)
    'floors = 1e+30 is not a possible number of floors (0 … 300)'
    >>> absurd("height", "17.5 m", floors=False) is None
    True
    """
    v = _parse(value)
    limit = MAX_FLOORS if floors else MAX_HEIGHT
    if v is None or math.isnan(v) or 0.0 <= v <= limit:
        return None
    if floors:
        return msg("{field} = {value} is not a possible number of floors (0 … {limit})",
                   field=name, value=_shown(value), limit=limit)
    return msg("{field} = {value} is not a possible building height (0 … {limit} m)",
               field=name, value=_shown(value), limit=f"{limit:g}")


def _shown(value: Any) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _first(attrs: Mapping[str, Any], names: Sequence[str]) -> float | None:
    for name in names:
        v = parse_number(attrs.get(name))
        if v is not None and v > 0:
            return v
    return None


@dataclass
class Heights:
    height: np.ndarray  # metres (or the CRS's vertical unit)
    floors: list[int | None]
    estimated: np.ndarray  # bool: default height used
    from_floors: int
    problems: list[Message | None]  # per feature: an absurd height or floors value

    def subset(self, keep: np.ndarray) -> Heights:
        """The features where ``keep`` (bool) is True."""
        idx = np.flatnonzero(keep)
        return Heights(self.height[idx], [self.floors[i] for i in idx], self.estimated[idx],
                       self.from_floors, [self.problems[i] for i in idx])


def compute(attrs: Iterable[Mapping[str, Any]], options: ImportOptions) -> Heights:
    """Heights for every feature's attributes (one pass over features, not vertices)."""
    hnames = (options.height_field,) if options.height_field else HEIGHT_FIELDS
    fnames = (options.floors_field,) if options.floors_field else FLOORS_FIELDS
    heights, floors, est, problems = [], [], [], []
    from_floors = 0
    for a in attrs:
        problems.append(next(
            (p for names, fl in ((hnames, False), (fnames, True)) for n in names
             if n in a and (p := absurd(n, a[n], floors=fl)) is not None), None))
        h = _first(a, hnames)
        f = _first(a, fnames)
        floors.append(int(round(f)) if f is not None else None)
        if h is None and f is not None:
            h = f * options.floor_height
            from_floors += 1
        est.append(h is None)
        heights.append(options.fallback_height if h is None else h)
    return Heights(np.asarray(heights, dtype=float), floors, np.asarray(est, dtype=bool),
                   from_floors, problems)


def estimated_warning(n: int, total: int, options: ImportOptions) -> Message:
    return msg("{n} of {total} features have neither a height nor a floors attribute: height "
               "set to {height} (height_estimated = 1)", n=n, total=total,
               height=f"{options.fallback_height:g}")
