"""De-sensitising rules (脱敏), each a small pure function over whole columns.

Examples
--------
>>> mask_personal("张三"), mask_personal("13812345678"), mask_personal("欧阳娜娜")
('张*', '138****5678', '欧***')
>>> round_values([1.26, None, 2.74], 0.5)
[1.5, None, 2.5]
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import shapely

_DIGITS = re.compile(r"\d")


def snap_to_grid(geoms: np.ndarray, step: float, z_step: float | None = None) -> np.ndarray:
    """Every vertex moved to the nearest node of a ``step`` metre grid (and z to ``z_step``
    when given), all vertices of all geometries at once. Geometries that collapse stay as
    they come out (a short pipe may become a point-length line: its position is what the
    profile hides)."""
    if step <= 0:
        raise ValueError("the grid step must be positive")
    out = np.array(geoms, dtype=object, copy=True)
    has_z = shapely.has_z(out)
    for flag in (False, True):
        pick = np.flatnonzero(has_z == flag)
        if not len(pick):
            continue
        coords = shapely.get_coordinates(out[pick], include_z=flag)
        coords[:, :2] = np.round(coords[:, :2] / step) * step
        if flag and z_step:
            coords[:, 2] = np.round(coords[:, 2] / z_step) * z_step
        out[pick] = shapely.set_coordinates(out[pick].copy(), coords)
    return out


def round_values(values: Sequence[Any], step: float) -> list[Any]:
    """Numbers rounded to the nearest multiple of ``step`` (None and non-numbers stay None)."""
    arr = np.array([v if isinstance(v, int | float) and not isinstance(v, bool) else np.nan
                    for v in values], dtype=float)
    rounded = np.round(arr / step) * step
    return [None if np.isnan(r) else (int(r) if float(step).is_integer() else float(r))
            for r in rounded]


def mask_personal(value: Any) -> Any:
    """A personal value masked: a number-like text (phone, identity number) keeps its first 3
    and last 4 characters; a name its first character; everything else is starred."""
    if value is None or value == "":
        return value
    text = str(value)
    if len(_DIGITS.findall(text)) >= 7 and len(text) > 7:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return text[:1] + "*" * (len(text) - 1)


def mask_attrs(values: Sequence[Any], personal: Collection[str]) -> list[Any]:
    """JSON attribute objects (the ``attrs`` column) with the values of personal keys masked."""
    out = []
    for v in values:
        try:
            doc = json.loads(v) if isinstance(v, str) else None
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            out.append(v)
            continue
        for key in list(doc):
            if str(key).lower() in personal:
                doc[key] = mask_personal(doc[key])
        out.append(json.dumps(doc, ensure_ascii=False))
    return out


__all__ = ["mask_attrs", "mask_personal", "round_values", "snap_to_grid"]
