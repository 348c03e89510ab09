"""Classifications shared by the themes: legend entries, per-feature classes and colours.

A :class:`Classification` maps every fid of a layer to a legend class (or −1, no class); the
scene colours features with :meth:`Classification.colors`, the layer panel lists ``legend``.
Colour tables live in ``resources/styles/<name>.csv`` (see its README for their sources).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from layers import palette
from resources import ROOT
from store.cache import Cache

STYLES = ROOT / "styles"
RGB = tuple[int, int, int]
#: Colour of features without a class (missing or unknown value).
NO_CLASS_RGB: RGB = palette.NO_CLASS


def is_zh(lang: str) -> bool:
    """True for Chinese UI languages (zh_CN, zh, zh_TW …)."""
    return lang.lower().startswith("zh")


def parse_rgb(value: str | Sequence[int]) -> RGB:
    """An (r, g, b) tuple from "r,g,b" (or a sequence); each channel 0–255."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    if len(parts) != 3:
        raise ValueError(f"not an r,g,b colour: {value!r}")
    rgb = tuple(int(str(p).strip()) for p in parts)
    if any(not 0 <= c <= 255 for c in rgb):
        raise ValueError(f"colour channel out of 0–255: {value!r}")
    return rgb  # type: ignore[return-value]


@dataclass(frozen=True)
class StyleRow:
    """One row of a colour table: a class key, its colour and (optional) labels."""

    key: str
    rgb: RGB
    label_zh: str = ""
    label_en: str = ""


@cache
def load_style(name: str) -> tuple[StyleRow, ...]:
    """Rows of resources/styles/<name>.csv (columns key, rgb, label_zh, label_en), cached."""
    with open(STYLES / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return tuple(StyleRow(r["key"], parse_rgb(r["rgb"]), r.get("label_zh") or "",
                              r.get("label_en") or "") for r in csv.DictReader(fh))


def style_colors(name: str) -> dict[str, RGB]:
    """A colour table as key → rgb."""
    return {row.key: row.rgb for row in load_style(name)}


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: class key, labels, colour and number of features in the class."""

    key: str
    label_zh: str
    label_en: str
    rgb: RGB
    count: int = 0

    def label(self, lang: str = "zh_CN") -> str:
        return self.label_zh if is_zh(lang) else self.label_en


@dataclass
class Classification:
    """Every fid of a layer with its legend class (index into ``legend``; −1 = no class)."""

    fids: np.ndarray  # int64
    classes: np.ndarray  # int16, −1 = no class
    legend: list[LegendEntry]
    title_zh: str
    title_en: str
    note_zh: str = ""
    note_en: str = ""

    def __post_init__(self) -> None:
        self._pos = {int(f): i for i, f in enumerate(self.fids.tolist())}

    def __len__(self) -> int:
        return len(self.fids)

    @property
    def unclassified(self) -> int:
        """Number of features without a class."""
        return int((self.classes < 0).sum())

    def title(self, lang: str = "zh_CN") -> str:
        return self.title_zh if is_zh(lang) else self.title_en

    def note(self, lang: str = "zh_CN") -> str:
        return self.note_zh if is_zh(lang) else self.note_en

    def palette(self, no_class: RGB = NO_CLASS_RGB) -> np.ndarray:
        """(len(legend) + 1, 3) uint8: the legend colours, then the no-class colour."""
        return np.array([e.rgb for e in self.legend] + [no_class], dtype=np.uint8).reshape(-1, 3)

    def colors(self, no_class: RGB = NO_CLASS_RGB) -> np.ndarray:
        """(n, 3) uint8 colours in fid order; features without a class get ``no_class``."""
        return self.palette(no_class)[self.classes.astype(np.int64)]  # −1 picks the last row

    def entry_of(self, fid: int) -> LegendEntry | None:
        """The legend entry of a feature (None: no class). KeyError for an unknown fid."""
        c = int(self.classes[self._pos[int(fid)]])
        return self.legend[c] if c >= 0 else None

    def color_of(self, fid: int, no_class: RGB = NO_CLASS_RGB) -> RGB:
        """The colour of one feature. KeyError for an unknown fid."""
        entry = self.entry_of(fid)
        return entry.rgb if entry else no_class

    def fids_of(self, key: str) -> np.ndarray:
        """The fids in the class with this legend key (empty for an unknown key)."""
        for i, e in enumerate(self.legend):
            if e.key == key:
                return self.fids[self.classes == i]
        return np.array([], dtype=np.int64)


def classification(fids: np.ndarray, classes: np.ndarray,
                   entries: Sequence[tuple[str, str, str, RGB]], title_zh: str, title_en: str,
                   note_zh: str = "", note_en: str = "") -> Classification:
    """A Classification with legend counts computed from ``classes``."""
    classes = np.asarray(classes, dtype=np.int16)
    counts = np.bincount(classes[classes >= 0].astype(np.int64), minlength=len(entries))
    legend = [LegendEntry(k, zh, en, rgb, int(counts[i]))
              for i, (k, zh, en, rgb) in enumerate(entries)]
    return Classification(np.asarray(fids, dtype=np.int64), classes, legend, title_zh, title_en,
                          note_zh, note_en)


def class_index(values: Sequence[Any], keys: Sequence[str]) -> np.ndarray:
    """int16 class of each value: position of ``str(value)`` in keys, −1 when absent/None."""
    pos = {k: i for i, k in enumerate(keys)}
    return np.array([-1 if v is None else pos.get(str(v), -1) for v in values], dtype=np.int16)


def read_values(cache: Cache, layer: str, columns: Sequence[str], *, where: str | None = None,
                params: Mapping[str, Any] | None = None) -> tuple[np.ndarray, dict[str, list]]:
    """fids and attribute columns of a layer, without decoding geometries (fast for themes);
    ``where`` as in Cache.read."""
    f = cache.read(layer, columns, where=where, params=params, geometry=False)
    return f.fids, f.columns
