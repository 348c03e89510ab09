"""Every colour cimview draws with, from one place: ``resources/styles``.

* :func:`rgb` — a named colour of the interface and the scene (white model, backgrounds,
  selection, search pin, filter, sync highlight, measurement …) from
  ``resources/styles/palette.csv`` (columns key, rgb, use, source);
* :func:`table` — a class table (``pole_status``, ``device_status``, ``observation_state``,
  ``safety_grade`` …): ``resources/styles/<name>.csv``, the same file the legends read, so the
  3D view and its legend cannot disagree;
* :func:`pipeline_colours` — the CJJ 61 class colours, standard or on the dark background, from
  ``resources/dictionaries/pipeline_classes.csv``;
* :func:`ifc_classes` — how a BIM's IFC classes are drawn (colour, opacity, shown).

The module-level names (:data:`WHITE_MODEL`, :data:`SELECTION` …) are the palette's colours for
modules that want constants; :func:`rgbf` gives VTK's 0–1 floats, :func:`hex` Qt's ``#rrggbb``.

Examples
--------
>>> rgb("white_model")
(232, 232, 228)
>>> rgbf("no_class")[0] == 128 / 255
True
"""

from __future__ import annotations

import csv
from functools import cache

import resources
from resources import ROOT

STYLES = ROOT / "styles"
PALETTE = STYLES / "palette.csv"
RGB = tuple[int, int, int]


def _parse(value: str, where: str) -> RGB:
    parts = value.split(",")
    rgb = tuple(int(p.strip()) for p in parts)
    if len(rgb) != 3 or any(not 0 <= c <= 255 for c in rgb):
        raise ValueError(f"{where}: not an r,g,b colour with channels 0–255: {value!r}")
    return rgb  # type: ignore[return-value]


@cache
def colours() -> dict[str, RGB]:
    """The named colours of ``palette.csv``: key → (r, g, b)."""
    with open(PALETTE, encoding="utf-8", newline="") as fh:
        return {row["key"]: _parse(row["rgb"], f"{PALETTE.name} {row['key']}")
                for row in csv.DictReader(fh)}


def rgb(key: str) -> RGB:
    """A named colour, 0–255; KeyError naming the palette file when it has no such key."""
    table = colours()
    if key not in table:
        raise KeyError(f"{PALETTE}: no colour {key!r}")
    return table[key]


def rgbf(key: str) -> tuple[float, float, float]:
    """A named colour as VTK takes it: floats 0–1."""
    r, g, b = rgb(key)
    return (r / 255, g / 255, b / 255)


def hex(key: str) -> str:  # noqa: A001 - the name says what it gives
    """A named colour as ``#rrggbb`` (Qt style sheets)."""
    return "#{:02x}{:02x}{:02x}".format(*rgb(key))


@cache
def table(name: str) -> dict[str, RGB]:
    """A class table ``resources/styles/<name>.csv`` as key → (r, g, b)."""
    path = STYLES / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["key"]: _parse(row["rgb"], f"{path.name} {row['key']}")
                for row in csv.DictReader(fh)}


def pole_status() -> dict[str, RGB]:
    """Smart pole colours by status (正常, 维护, 故障, 离线)."""
    return table("pole_status")


def device_status() -> dict[str, RGB]:
    """Mounted device colours by status code."""
    return table("device_status")


def observation_state() -> dict[str, RGB]:
    """Field observation colours by outbox state (pending, sent, conflict, rejected …)."""
    return table("observation_state")


@cache
def ifc_classes() -> dict[str, tuple[RGB, float, bool]]:
    """How IFC classes are drawn in a BIM: class → (colour, opacity, shown by default), from
    ``resources/styles/ifc_class.csv``; ``*default`` for any other class, ``*services`` for
    building services."""
    path = STYLES / "ifc_class.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["key"]: (_parse(row["rgb"], f"{path.name} {row['key']}"),
                             float(row["opacity"] or 1), row["shown"] != "0")
                for row in csv.DictReader(fh)}


def pipeline_colours(dark: bool = True) -> dict[str, RGB]:
    """CJJ 61 class code → colour: the dark-background substitutes when ``dark``, else the
    standard's."""
    column = "dark_bg_rgb" if dark else "rgb"
    return {row["code"]: _parse(row[column] or row["rgb"], f"pipeline_classes {row['code']}")
            for row in resources.dictionary("pipeline_classes")}


BACKGROUND = rgb("background")
UNDERGROUND_BACKGROUND = rgb("underground_background")
WHITE_MODEL = rgb("white_model")
TERRAIN = rgb("terrain")
SELECTION = rgb("selection")
SELECTION_EDGE = rgb("selection_edge")
SEARCH_MARKER = rgb("search_marker")
HIGHLIGHT = rgb("highlight")
NO_CLASS = rgb("no_class")
FILTER_MATCH = rgb("filter_match")
FILTER_OTHER = rgb("filter_other")
SYNC_CHANGED = rgb("sync_changed")
CHANGE_NEW = rgb("change_new")
CHANGE_GONE = rgb("change_gone")
CHANGE_CHANGED = rgb("change_changed")
LAYER_DEFAULT = rgb("layer_default")
LAYER_OTHER = rgb("layer_other")
MEASURE_LINE = rgb("measure_line")
MEASURE_FILL = rgb("measure_fill")
MEASURE_POINT = rgb("measure_point")
MEASURE_LABEL = rgb("measure_label")
