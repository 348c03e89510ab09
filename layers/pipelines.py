"""The pipelines theme (管线): CJJ 61-2017 classes with their standard colours.

Colours come from ``resources/dictionaries/pipeline_classes.csv`` (CJJ 61-2017 附录B). On the
dark 3D background cimview substitutes legible colours for black (工业, 其他), the drainage brown
and the purple of 不明管线 (``dark_bg_rgb``, cimview's choice, see SOURCES.md); the legend note
says which. The 管线 layer has one child per class; its visibility key is :func:`child_key`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from layers.layer import Style, StyleClass
from layers.style import RGB, Classification, classification, is_zh, parse_rgb, read_values
from resources import dictionary
from store.cache import NOW, Cache, Features

#: The six main CJJ 61 classes, in the standard's order.
MAIN_CLASSES = ("JS", "PS", "RQ", "RL", "DL", "TX")


@dataclass(frozen=True)
class Subclass:
    """A CJJ 61 subclass (小类), with its own colour only where the standard gives one."""

    class_code: str
    code: str
    digit: str
    name_zh: str
    name_en: str
    rgb: RGB | None
    dark_rgb: RGB | None


@dataclass(frozen=True)
class PipelineClass:
    """A CJJ 61 class (大类): code, names, standard colour and the dark-background colour."""

    code: str
    digit: str
    name_zh: str
    name_en: str
    colour_zh: str
    rgb: RGB
    dark_rgb: RGB
    depth_reference: str
    subclasses: tuple[Subclass, ...]

    @property
    def substituted(self) -> bool:
        """True when the dark-background colour differs from the standard's."""
        return self.rgb != self.dark_rgb

    def name(self, lang: str = "zh_CN") -> str:
        return self.name_zh if is_zh(lang) else self.name_en


def _rgb(value: str) -> RGB | None:
    return parse_rgb(value) if value.strip() else None


def classes() -> tuple[PipelineClass, ...]:
    """All classes of the dictionary (the six main ones, then 工业 and 其他)."""
    subs: dict[str, list[Subclass]] = {}
    for r in dictionary("pipeline_subclasses"):
        subs.setdefault(r["class_code"], []).append(Subclass(
            r["class_code"], r["code"], r["digit"], r["name"], r["name_en"], _rgb(r["rgb"]),
            _rgb(r["dark_bg_rgb"])))
    return tuple(PipelineClass(
        r["code"], r["digit"], r["name"], r["name_en"], r["colour"], parse_rgb(r["rgb"]),
        parse_rgb(r["dark_bg_rgb"]), r["depth_reference"], tuple(subs.get(r["code"], ())))
        for r in dictionary("pipeline_classes"))


def pipeline_class(code: str) -> PipelineClass:
    """One class by its letter code (KeyError when unknown)."""
    for c in classes():
        if c.code == code:
            return c
    raise KeyError(code)


def subclasses(class_code: str) -> tuple[Subclass, ...]:
    """The subclasses of a class, in dictionary order."""
    return pipeline_class(class_code).subclasses


def child_key(class_code: str) -> str:
    """Visibility key of the 管线 layer's child for a class, as the scene names it
    ("pipelines:JS")."""
    return f"pipelines:{class_code}"


def _entries(dark: bool) -> list[tuple[str, str, str, RGB, RGB]]:
    """(key, zh, en, shown rgb, standard rgb): every class, plus subclasses with own colours."""
    out = []
    for c in classes():
        out.append((c.code, c.name_zh, c.name_en, c.dark_rgb if dark else c.rgb, c.rgb))
        for s in c.subclasses:
            if s.rgb is not None:
                shown = s.dark_rgb if dark and s.dark_rgb else s.rgb
                out.append((f"{c.code}/{s.code}", f"{c.name_zh}（{s.name_zh}）",
                            f"{c.name_en} ({s.name_en})", shown, s.rgb))
    return out


def substitution_note(dark: bool = True) -> tuple[str, str]:
    """(zh, en) legend note naming the classes whose colour was substituted (empty if none)."""
    if not dark:
        return "", ""
    subst = [(zh, en, std, shown) for _k, zh, en, shown, std in _entries(True) if shown != std]
    if not subst:
        return "", ""
    zh = "；".join(f"{z} {_fmt(s)}→{_fmt(d)}" for z, _e, s, d in subst)
    en = "; ".join(f"{e} {_fmt(s)}→{_fmt(d)}" for _z, e, s, d in subst)
    return (f"深色背景替代色（cimview 选择，非 CJJ 61 标准色）：{zh}",
            f"Substituted on the dark background (cimview's choice, not CJJ 61): {en}")


def _fmt(rgb: RGB) -> str:
    return "(" + ",".join(map(str, rgb)) + ")"


def classify(cache: Cache, *, dark: bool = True) -> Classification:
    """Every pipeline classified by class (不明管线 by its own colour); unknown codes: no class."""
    fids, cols = read_values(cache, "pipelines", ["class_code", "subclass_code"])
    entries = _entries(dark)
    pos = {k: i for i, (k, *_rest) in enumerate(entries)}
    classes_ = np.array([
        pos.get(f"{c}/{s}", pos.get(c or "", -1))
        for c, s in zip(cols["class_code"], cols["subclass_code"], strict=True)],
        dtype=np.int16)
    note_zh, note_en = substitution_note(dark)
    return classification(fids, classes_, [(k, zh, en, rgb) for k, zh, en, rgb, _s in entries],
                          "管线类别（CJJ 61-2017）", "Pipeline class (CJJ 61-2017)",
                          note_zh, note_en)


@dataclass(frozen=True)
class Child:
    """One child of the 管线 layer: a class, its visibility key and feature count."""

    key: str
    class_code: str
    title_zh: str
    title_en: str
    rgb: RGB
    count: int


def children(cache: Cache, *, dark: bool = True) -> list[Child]:
    """One child per dictionary class, with counts (classes absent from the data count 0)."""
    _fids, cols = read_values(cache, "pipelines", ["class_code"])
    codes, counts = np.unique(np.array([c or "" for c in cols["class_code"]], dtype=object)
                              .astype(str), return_counts=True)
    n = dict(zip(codes.tolist(), counts.tolist(), strict=True))
    return [Child(child_key(c.code), c.code, c.name_zh, c.name_en,
                  c.dark_rgb if dark else c.rgb, int(n.get(c.code, 0))) for c in classes()]


# -- what the 3D view draws ----------------------------------------------------------------------
#: Columns of a pipeline the viewer needs to draw it (class, size).
PIPE_COLUMNS = ("class_code", "diameter_mm", "width_mm", "height_mm", "section")
#: Columns of a pipe point the viewer needs to draw it.
PIPE_POINT_COLUMNS = ("class_code", "point_type", "ground_z")


def fid_filter(fids: Iterable[int] | None) -> tuple[str | None, dict[str, Any]]:
    """An SQL condition keeping the features ``fids`` (None: all) and its parameters."""
    if fids is None:
        return None, {}
    arr = fids if isinstance(fids, np.ndarray) else np.fromiter(fids, np.int64)
    ids = json.dumps(np.asarray(arr, np.int64).tolist())
    return "t.fid IN (SELECT value FROM json_each(:fids))", {"fids": ids}


def pipe_rows(cache: Cache, bbox: tuple[float, float, float, float] | None = None,
              class_codes: Iterable[str] | None = None,
              fids: Iterable[int] | None = None, at: str = NOW) -> Features:
    """Pipelines (within bbox, of the given class codes, among ``fids``; all with None) with
    :data:`PIPE_COLUMNS`, standing ``at`` (:meth:`store.cache.Cache.read`)."""
    where, params = fid_filter(fids)
    if class_codes is not None:
        codes = list(class_codes)
        if not codes:
            return Features(np.zeros(0, np.int64), np.array([], dtype=object),
                            {c: [] for c in PIPE_COLUMNS})
        names = [f"c{i}" for i in range(len(codes))]
        by_code = f"t.class_code IN ({', '.join(':' + n for n in names)})"
        where = by_code if where is None else f"{where} AND {by_code}"
        params.update(zip(names, codes, strict=True))
    return cache.read("pipelines", PIPE_COLUMNS, bbox=bbox, where=where, params=params, at=at)


def pipe_point_rows(cache: Cache, bbox: tuple[float, float, float, float] | None = None,
                    fids: Iterable[int] | None = None, at: str = NOW) -> Features:
    """Every pipe point (manholes, valves, hydrants …; within bbox, among ``fids``) with
    :data:`PIPE_POINT_COLUMNS`, standing ``at``."""
    where, params = fid_filter(fids)
    return cache.read("pipe_points", PIPE_POINT_COLUMNS, bbox=bbox, where=where, params=params,
                      at=at)


def pipes_style(dark: bool = True) -> Style:
    """The pipelines layer's style: categorised by class code, in the dark-background colours
    (black legible, ``dark``) or the CJJ 61 standard's."""
    return Style(mode="categorised", field="class_code", classes=tuple(
        StyleClass(c.dark_rgb if dark else c.rgb, c.name_en, c.code, label_zh=c.name_zh)
        for c in classes()))


def class_rgb(style: Style, code: str) -> RGB:
    """The colour a pipelines style gives a class code (the dark-background colour when the
    style does not say)."""
    if style.mode == "categorised":
        for c in style.classes:
            if c.matches(code):
                return c.rgb
    try:
        return pipeline_class(code).dark_rgb
    except KeyError:
        return pipeline_class("QT").dark_rgb if any(c.code == "QT" for c in classes()) \
            else style.other_rgb


def class_filter(hidden: Iterable[str], field: str = "class_code") -> str | None:
    """The layer filter hiding these classes, ``class_code not in ('JS', 'PS')`` (None:
    nothing hidden): how the pipelines layer keeps its classes switched off."""
    codes = sorted(set(hidden))
    if not codes:
        return None
    quoted = ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
    return f"{field} not in ({quoted})"


def hidden_class_codes(flt: str | None, field: str = "class_code") -> set[str]:
    """The classes a :func:`class_filter` hides (empty for any other filter)."""
    m = re.fullmatch(rf"\s*{re.escape(field)}\s+not\s+in\s+\((.*)\)\s*", flt or "", re.I)
    if not m:
        return set()
    return {v.replace("''", "'") for v in re.findall(r"'((?:[^']|'')*)'", m.group(1))}
