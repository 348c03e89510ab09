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

_FEET = 0.3048
_VALUE = re.compile(
    r"^\s*([-+]?\d+(?:[.,]\d+)?|[-+]?\.\d+)\s*(m|meters?|metres?|米|ft|feet|foot|'|楼|层|f)?\s*$",
    re.IGNORECASE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def parse_number(value: Any) -> float | None:
    """A finite float from a number or a string such as '17.5 m' or '50;52'; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        v = float(value)
        return v if math.isfinite(v) else None
    if not isinstance(value, str):
        return None
    best: float | None = None
    for piece in value.split(";"):
        m = _VALUE.match(piece)
        if m:
            v = float(m.group(1).replace(",", "."))
            if (m.group(2) or "").lower() in ("ft", "feet", "foot", "'"):
                v *= _FEET
        else:
            found = _NUMBER.search(piece)
            if not found:
                continue
            v = float(found.group())
        if math.isfinite(v) and (best is None or v > best):
            best = v
    return best


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


def compute(attrs: Iterable[Mapping[str, Any]], options: ImportOptions) -> Heights:
    """Heights for every feature's attributes (one pass over features, not vertices)."""
    hnames = (options.height_field,) if options.height_field else HEIGHT_FIELDS
    fnames = (options.floors_field,) if options.floors_field else FLOORS_FIELDS
    heights, floors, est = [], [], []
    from_floors = 0
    for a in attrs:
        h = _first(a, hnames)
        f = _first(a, fnames)
        floors.append(int(round(f)) if f is not None else None)
        if h is None and f is not None:
            h = f * options.floor_height
            from_floors += 1
        est.append(h is None)
        heights.append(options.fallback_height if h is None else h)
    return Heights(np.asarray(heights, dtype=float), floors, np.asarray(est, dtype=bool),
                   from_floors)


def estimated_warning(n: int, total: int, options: ImportOptions) -> str:
    return (f"{n} of {total} features have neither a height nor a floors attribute: "
            f"height set to {options.fallback_height:g} (height_estimated = 1)")
