"""What a layer's :class:`~layers.layer.Style` draws: colours, labels and widths per feature,
the legend, and classes made from the data for the style dialog. Pure functions, no Qt.

- :func:`feature_colours` — (n, 3) uint8 per feature: ``single`` one colour; ``categorised``
  the first class whose value matches (:meth:`StyleClass.matches` semantics, ``other_rgb``
  otherwise); ``graduated`` the first class with low ≤ v < high (either end open when None).
- :func:`feature_labels`, :func:`feature_widths`, :func:`filter_mask` (the layer's filter
  expression, see :mod:`layers.expression`).
- :func:`categorise` and :func:`graduate` — classes for the values of a field, coloured from
  a ramp of ``resources/styles/ramps.csv`` (ColorBrewer and Okabe–Ito; sources in that
  folder's README).
- :func:`legend_entries` — what the legend lists, in class order.

Example
-------
>>> from layers.layer import Style
>>> cols = {"h": [3.0, 12.0, None]}
>>> style = Style(mode="graduated", field="h", classes=graduate(cols["h"], 2, ramp="Blues"))
>>> feature_colours(style, cols, 3)[:, 2].tolist()
[255, 107, 160]
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from layers.layer import RGB, Style, StyleClass
from resources import ROOT

RAMPS = ROOT / "styles" / "ramps.csv"
#: Ramps used when none is named: categories, and ranges of numbers.
DEFAULT_CATEGORY_RAMP = "OkabeIto"
DEFAULT_LARGE_CATEGORY_RAMP = "Paired"
DEFAULT_GRADUATED_RAMP = "YlOrRd"
#: At most this many categories get a class of their own (the most frequent); the rest are
#: drawn in the style's ``other_rgb``.
MAX_CATEGORIES = 64


# -- ramps -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ramp:
    """A named colour ramp: ``kind`` sequential, diverging or qualitative."""

    name: str
    kind: str
    colours: tuple[RGB, ...]
    label_zh: str = ""
    label_en: str = ""


@cache
def ramps() -> dict[str, Ramp]:
    """Every ramp of ``resources/styles/ramps.csv``, by name, in file order."""
    out: dict[str, Ramp] = {}
    with open(RAMPS, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            colours = tuple(_hex_rgb(h) for h in row["colours"].split())
            out[row["name"]] = Ramp(row["name"], row["kind"], colours, row.get("label_zh") or "",
                                    row.get("label_en") or "")
    return out


def _hex_rgb(text: str) -> RGB:
    t = text.strip().lstrip("#")
    return int(t[0:2], 16), int(t[2:4], 16), int(t[4:6], 16)


def ramp_colours(ramp: str | Sequence[RGB], n: int) -> list[RGB]:
    """``n`` colours from a ramp: a qualitative ramp's colours in turn (cycling); a sequential
    or diverging ramp's own colours evenly spaced when it has enough, else interpolated."""
    if n <= 0:
        return []
    if isinstance(ramp, str):
        if ramp not in ramps():
            raise ValueError(f"no colour ramp {ramp!r}; ramps: {', '.join(ramps())}")
        r = ramps()[ramp]
        colours, qualitative = list(r.colours), r.kind == "qualitative"
    else:
        colours, qualitative = [tuple(int(c) for c in rgb) for rgb in ramp], False
    if qualitative:
        return [colours[i % len(colours)] for i in range(n)]  # type: ignore[misc]
    if n == 1:
        return [colours[len(colours) // 2]]  # type: ignore[list-item]
    if n <= len(colours):
        idx = np.round(np.linspace(0, len(colours) - 1, n)).astype(int)
        return [colours[i] for i in idx]  # type: ignore[misc]
    arr = np.asarray(colours, dtype=float)
    t = np.linspace(0, len(colours) - 1, n)
    out = np.stack([np.interp(t, np.arange(len(colours)), arr[:, k]) for k in range(3)], axis=1)
    return [tuple(int(round(v)) for v in row) for row in out]  # type: ignore[misc]


# -- per feature -----------------------------------------------------------------------------
def _values(columns: Mapping[str, Any], name: str | None, n: int) -> list[Any] | np.ndarray | None:
    if not name or name not in columns:
        return None
    values = columns[name]
    if len(values) != n:
        raise ValueError(f"field {name!r} has {len(values)} values for {n} features")
    return values


def _is_null(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _numbers(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """Values as float64, NaN where a value is not a number (text that reads as one counts)."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
        return values.astype(np.float64)
    out = np.empty(len(values), dtype=np.float64)
    for i, v in enumerate(values):
        try:
            out[i] = float(v) if v is not None and not isinstance(v, bytes) else math.nan
        except (TypeError, ValueError):
            out[i] = math.nan
    return out


def class_index(style: Style, columns: Mapping[str, Any], n: int) -> np.ndarray:
    """Per feature, the index of its class in ``style.classes`` (−1: none, ``other_rgb``)."""
    out = np.full(n, -1, dtype=np.int32)
    values = _values(columns, style.field, n)
    if style.mode == "single" or values is None or not style.classes:
        return out
    if style.mode == "graduated":
        x = _numbers(values)
        free = ~np.isnan(x)
        for i, c in enumerate(style.classes):
            m = free.copy()
            if c.low is not None:
                m &= x >= c.low
            if c.high is not None:
                m &= x < c.high
            out[m] = i
            free &= ~m
        return out
    # categorised: decide once per distinct value, then look each feature up
    seq = values.tolist() if isinstance(values, np.ndarray) else list(values)
    decided: dict[Any, int] = {}
    for v in dict.fromkeys(_key(v) for v in seq):
        decided[v] = next((i for i, c in enumerate(style.classes) if c.matches(v)), -1)
    return np.fromiter((decided.get(_key(v), -1) for v in seq), dtype=np.int32, count=n)


def _key(v: Any) -> Any:
    try:
        hash(v)
    except TypeError:
        return str(v)
    return v


def feature_colours(style: Style, columns: Mapping[str, Any], n: int) -> np.ndarray:
    """(n, 3) uint8: each feature's colour under ``style`` (see the module docstring)."""
    if style.mode == "single" or not style.classes:
        return np.broadcast_to(np.asarray(style.rgb, dtype=np.uint8), (n, 3)).copy()
    table = np.asarray([c.rgb for c in style.classes] + [style.other_rgb], dtype=np.uint8)
    return table[class_index(style, columns, n)]  # −1 picks the last row: other_rgb


def feature_labels(style: Style, columns: Mapping[str, Any]) -> list[str] | None:
    """The label of each feature (empty for an empty value), or None when the style labels
    nothing (no ``label_field``, or the layer has no such field)."""
    if not style.label_field or style.label_field not in columns:
        return None
    return ["" if _is_null(v) else _text(v) for v in columns[style.label_field]]


def _text(v: Any) -> str:
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def feature_widths(style: Style, columns: Mapping[str, Any], n: int) -> np.ndarray:
    """Line widths per feature, metres from ``width_field`` (e.g. a road's width); where it
    is empty, not a number or not positive: ``style.line_width``."""
    values = _values(columns, style.width_field, n)
    if values is None:
        return np.full(n, float(style.line_width))
    w = _numbers(values)
    return np.where(np.isfinite(w) & (w > 0), w, float(style.line_width))


def filter_mask(expression: str | None, columns: Mapping[str, Any], n: int) -> np.ndarray:
    """Features a layer's filter keeps (all when it has none); raises
    :class:`layers.expression.ExpressionError` for a filter that cannot be read."""
    if not expression or not expression.strip():
        return np.ones(n, dtype=bool)
    from layers.expression import evaluate

    return evaluate(expression, columns, n)


# -- classes from the data -------------------------------------------------------------------
def categorise(values: Sequence[Any] | np.ndarray, palette: str | Sequence[RGB] | None = None,
               *, max_classes: int = MAX_CATEGORIES) -> tuple[StyleClass, ...]:
    """One class per distinct value (empty values excluded), sorted (numbers by value, else
    as text), coloured from ``palette`` (a ramp name or colours; default Okabe–Ito, or
    ColorBrewer Paired beyond 7 values). Beyond ``max_classes`` distinct values only the most
    frequent get a class."""
    seq = values.tolist() if isinstance(values, np.ndarray) else list(values)
    counts: dict[Any, int] = {}
    for v in seq:
        if not _is_null(v) and v != "":
            k = _key(v)
            counts[k] = counts.get(k, 0) + 1
    keys = list(counts)
    if len(keys) > max_classes:
        keys = sorted(keys, key=lambda k: -counts[k])[:max_classes]
    if all(isinstance(k, int | float | np.number) and not isinstance(k, bool) for k in keys):
        keys.sort(key=float)
    else:
        keys.sort(key=str)
    if palette is None:
        palette = DEFAULT_CATEGORY_RAMP if len(keys) <= 7 else DEFAULT_LARGE_CATEGORY_RAMP
    colours = ramp_colours(palette, len(keys))
    return tuple(StyleClass(rgb=rgb, label=_text(k), value=_plain(k))
                 for k, rgb in zip(keys, colours, strict=True))


def _plain(v: Any) -> Any:
    """A value as JSON keeps it (the map is saved as JSON in the cache)."""
    if isinstance(v, np.generic):
        return v.item()
    return v


def graduate(values: Sequence[Any] | np.ndarray, n_classes: int = 5, method: str = "quantile",
             ramp: str | Sequence[RGB] = DEFAULT_GRADUATED_RAMP) -> tuple[StyleClass, ...]:
    """Up to ``n_classes`` ranges over the numbers among ``values`` (text that reads as a
    number counts): ``quantile`` (about as many features in each) or ``equal`` (equal widths).
    The first class is open below and the last open above, so every number has a class;
    class edges are rounded to the data's precision and repeated edges merged."""
    if method not in ("quantile", "equal"):
        raise ValueError(f"method {method!r}: 'quantile' or 'equal'")
    x = _numbers(values)
    x = x[np.isfinite(x)]
    if not len(x) or n_classes < 1:
        return ()
    lo, hi = float(x.min()), float(x.max())
    if method == "equal":
        edges = np.linspace(lo, hi, n_classes + 1)
    else:
        edges = np.quantile(x, np.linspace(0, 1, n_classes + 1))
    decimals = _decimals(hi - lo, n_classes)
    inner = [float(round(float(e), decimals)) for e in edges[1:-1]]
    inner = [e for e in dict.fromkeys(inner) if lo < e <= hi]
    step = 10.0 ** -decimals  # the outer edges, for the labels: rounded outwards
    bounds = [math.floor(lo / step) * step, *inner, math.ceil(hi / step) * step]
    bounds = [float(round(b, decimals)) for b in bounds]
    k = len(bounds) - 1
    colours = ramp_colours(ramp, k)
    out = []
    for i in range(k):
        low = None if i == 0 else bounds[i]
        high = None if i == k - 1 else bounds[i + 1]
        label = (f"{_num(bounds[i])} – {_num(bounds[i + 1])}" if bounds[i] != bounds[i + 1]
                 else _num(bounds[i]))
        out.append(StyleClass(rgb=colours[i], label=label, low=low, high=high))
    return tuple(out)


def _decimals(span: float, n: int) -> int:
    """Decimals that keep about two significant digits of a class width."""
    if span <= 0:
        return 0
    return max(0, 1 - math.floor(math.log10(span / max(n, 1))))


def _num(v: float) -> str:
    return f"{v:.10g}" if not float(v).is_integer() else str(int(v))


# -- legend ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegendEntry:
    """One line of a layer's legend: a colour and its label (``kind`` single, class or
    other; app/ words the ``other`` entry — values not in any class — in the user's
    language)."""

    rgb: RGB
    label: str
    label_zh: str = ""
    kind: str = "class"

    def text(self, lang: str = "zh_CN") -> str:
        return self.label_zh if lang.lower().startswith("zh") and self.label_zh else self.label


def legend_entries(style: Style, *, other: bool = True) -> list[LegendEntry]:
    """What the legend shows for ``style``: its one colour, or each class in order, then
    (``other``) the colour of values in no class."""
    if style.mode == "single" or not style.classes:
        return [LegendEntry(style.rgb, "", "", "single")]
    out = [LegendEntry(c.rgb, c.label or _class_label(c), c.label_zh, "class")
           for c in style.classes]
    if other:
        out.append(LegendEntry(style.other_rgb, "", "", "other"))
    return out


def _class_label(c: StyleClass) -> str:
    if c.low is None and c.high is None:
        return "" if c.value is None else _text(c.value)
    if c.low is None:
        return f"< {_num(c.high)}"
    if c.high is None:
        return f"≥ {_num(c.low)}"
    return f"{_num(c.low)} – {_num(c.high)}"


__all__ = ["LegendEntry", "Ramp", "categorise", "class_index", "feature_colours",
           "feature_labels", "feature_widths", "filter_mask", "graduate", "legend_entries",
           "ramp_colours", "ramps"]
