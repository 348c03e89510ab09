"""The housing-stock theme (房屋): buildings classified and filtered by their housing attributes.

Attributes: ``safety_grade`` (JGJ 125-2016 A–D), ``year_built`` (before 1980, the 1980s, 1990s,
2000s, 2010 and later), ``structure_code`` (1–6), ``tenure`` and ``floors``.

Height classes (``floors``), after GB 50352-2019 §3.1.2 and the older storey classes of
residential design codes: 低层 1–3 floors, 多层 4–6, 中高层 7–9, 高层 10–33 (about >27 m for
residential buildings), 超高层 34 floors and more **or** a height above 100 m (height wins).
The storey bounds are a convention; GB 50352 itself classes by height.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from layers import palette
from layers.style import (
    Classification,
    class_index,
    classification,
    is_zh,
    load_style,
    read_values,
)
from resources import dictionary
from store.cache import Cache

ATTRIBUTES = ("safety_grade", "year_built", "age", "structure_code", "tenure", "floors")
SUPER_HIGH_M = 100.0
#: (key, first floor, last floor) of the height classes; None = open-ended.
FLOOR_CLASSES: tuple[tuple[str, int, int | None], ...] = (
    ("low", 1, 3), ("multi", 4, 6), ("midhigh", 7, 9), ("high", 10, 33), ("super", 34, None))
#: (key, first year, last year) of the year-built classes.
YEAR_CLASSES: tuple[tuple[str, int | None, int | None], ...] = (
    ("pre1980", None, 1979), ("1980s", 1980, 1989), ("1990s", 1990, 1999),
    ("2000s", 2000, 2009), ("2010on", 2010, None))
#: (key, first age, last age) in years of the age classes (房龄) at the map's time.
AGE_CLASSES: tuple[tuple[str, int | None, int | None], ...] = (
    ("lt10", 0, 9), ("10to19", 10, 19), ("20to29", 20, 29), ("30to49", 30, 49),
    ("ge50", 50, None))
_TITLES = {
    "safety_grade": ("房屋安全等级", "Housing safety grade (JGJ 125)"),
    "year_built": ("建成年代", "Year built"),
    "age": ("房龄", "Age"),
    "structure_code": ("结构类型", "Structure type"),
    "tenure": ("产权性质", "Tenure"),
    "floors": ("建筑层数分类", "Height class"),
}


def tenure_codes() -> dict[str, str]:
    """Tenure name or code → code (buildings store the name, filters may give either)."""
    out = {r["name"]: r["code"] for r in dictionary("tenures")}
    out.update({r["code"]: r["code"] for r in dictionary("tenures")})
    return out


def classify(cache: Cache, attribute: str) -> Classification:
    """Every building standing at the map's time (``cache.at``) classified by one housing
    attribute (see ATTRIBUTES), as it was then: ``age`` is its age in that year (from its
    ``valid_from``, else ``year_built``); a ``safety_grade`` assessed after that time is not
    known yet (no class)."""
    if attribute not in ATTRIBUTES:
        raise ValueError(f"unknown housing attribute {attribute!r}; one of {ATTRIBUTES}")
    title_zh, title_en = _TITLES[attribute]
    note_zh = note_en = ""
    when = _moment(cache)
    if attribute == "floors":
        fids, cols = read_values(cache, "buildings", ["floors_above", "height"])
        classes = floor_classes(cols["floors_above"], cols["height"])
        note_zh = "按地上层数分类；高度超过100 m 一律为超高层（GB 50352-2019）"
        note_en = "by floors above ground; any building over 100 m is super high-rise (GB 50352)"
    elif attribute == "year_built":
        fids, cols = read_values(cache, "buildings", ["year_built"])
        classes = year_classes(cols["year_built"])
    elif attribute == "age":
        span = ["valid_from"] if getattr(cache, "has_lifespans", False) else []
        fids, cols = read_values(cache, "buildings", ["year_built", *span])
        starts = cols["valid_from"] if span else [None] * len(fids)
        classes = age_classes(built_years(starts, cols["year_built"]), int(when[:4]))
        title_zh, title_en = f"房龄（{when[:4]}年）", f"Age in {when[:4]}"
        note_zh = "建成年份取自生存期起始（valid_from），没有时取建成年代"
        note_en = "the year built is the lifespan's start (valid_from), else year_built"
    else:
        extra = ["assessed_on"] if attribute == "safety_grade" else []
        fids, cols = read_values(cache, "buildings", [attribute, *extra])
        values = cols[attribute]
        if attribute == "tenure":
            codes = tenure_codes()
            values = [codes.get(str(v).strip()) if v is not None else None for v in values]
        elif attribute == "safety_grade":
            values = [str(v).strip().upper()[:1] if v else None for v in values]
            known = assessed_by(cols["assessed_on"], when)
            values = [v if k else None for v, k in zip(values, known, strict=True)]
            if not all(known):
                note_zh = f"{when[:10]} 之后才评定等级的建筑不着色"
                note_en = f"buildings graded only after {when[:10]} are not coloured"
        classes = class_index(values, [k for k, *_ in legend_entries(attribute)])
    return classification(fids, classes, legend_entries(attribute), title_zh, title_en,
                          note_zh, note_en)


def _moment(cache: Cache) -> str:
    """The map's time as lifespan text (this moment for now)."""
    from store import lifespan
    from store.cache import NOW

    at = getattr(cache, "at", NOW)
    return lifespan.now() if at == NOW else at


def built_years(valid_from: list[Any], year_built: list[Any]) -> np.ndarray:
    """The year each building was built: its lifespan's start, else its year_built (NaN when
    neither says)."""
    starts = np.array([float(str(v)[:4]) if v and str(v)[:4].isdigit() else np.nan
                       for v in valid_from], dtype=np.float64)
    years = np.array([float(v) if isinstance(v, int | float) else np.nan for v in year_built],
                     dtype=np.float64)
    return np.where(np.isfinite(starts), starts, years)


def age_classes(built: np.ndarray, year: int) -> np.ndarray:
    """int16 age class per building in ``year`` (index into AGE_CLASSES; −1 when unknown or
    not built yet).

    Examples
    --------
    >>> age_classes(np.array([2015, 1990, np.nan, 2030]), 2020).tolist()
    [0, 3, -1, -1]
    """
    age = year - np.asarray(built, dtype=np.float64)
    out = np.full(len(age), -1, dtype=np.int16)
    for i, (_key, lo, hi) in enumerate(AGE_CLASSES):
        sel = np.isfinite(age) & (age >= (lo or 0))
        if hi is not None:
            sel &= age <= hi
        out[sel] = i
    return out


def assessed_by(assessed_on: list[Any], when: str) -> list[bool]:
    """Whether each grade was assessed by ``when`` (lifespan text): a grade without a date
    counts as known."""
    return [not d or str(d)[:10] <= when[:10] for d in assessed_on]


def legend_entries(attribute: str) -> list[tuple[str, str, str, tuple[int, int, int]]]:
    """(key, label_zh, label_en, rgb) of every class of an attribute, in legend order."""
    rows = load_style({"structure_code": "structure_type"}.get(attribute, attribute))
    if attribute == "structure_code":
        names = {r["code"]: r for r in dictionary("structure_types")}
        return [(r.key, names[r.key]["name"], names[r.key]["name_en"], r.rgb) for r in rows]
    if attribute == "tenure":
        names = {r["code"]: r["name"] for r in dictionary("tenures")}
        return [(r.key, names[r.key], r.label_en or names[r.key], r.rgb) for r in rows]
    return [(r.key, r.label_zh, r.label_en, r.rgb) for r in rows]


def floor_classes(floors: list[Any], heights: list[Any]) -> np.ndarray:
    """int16 height class per building (index into FLOOR_CLASSES; −1 when unknown)."""
    f = np.array([np.nan if v is None else float(v) for v in floors], dtype=np.float64)
    h = np.array([np.nan if v is None else float(v) for v in heights], dtype=np.float64)
    out = np.full(len(f), -1, dtype=np.int16)
    for i, (_key, lo, hi) in enumerate(FLOOR_CLASSES):
        sel = f >= lo if hi is None else (f >= lo) & (f <= hi)
        out[sel] = i
    out[h > SUPER_HIGH_M] = len(FLOOR_CLASSES) - 1
    return out


def year_classes(years: list[Any]) -> np.ndarray:
    """int16 year-built class per building (index into YEAR_CLASSES; −1 when unknown)."""
    y = np.array([np.nan if v is None else float(v) for v in years], dtype=np.float64)
    out = np.full(len(y), -1, dtype=np.int16)
    for i, (_key, lo, hi) in enumerate(YEAR_CLASSES):
        sel = np.isfinite(y)
        if lo is not None:
            sel &= y >= lo
        if hi is not None:
            sel &= y <= hi
        out[sel] = i
    return out


@dataclass(frozen=True)
class HousingFilter:
    """A selection of buildings; every given condition must hold (None = no condition).

    ``built_before`` is exclusive (year < value), ``built_from`` inclusive; floors bounds are
    inclusive. ``tenures`` accepts dictionary names or codes.
    """

    grades: frozenset[str] | set[str] | None = None
    built_before: int | None = None
    built_from: int | None = None
    structure_codes: frozenset[int] | set[int] | None = None
    tenures: frozenset[str] | set[str] | None = None
    min_floors: int | None = None
    max_floors: int | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())

    def where(self) -> tuple[str, dict[str, Any]]:
        """An SQL condition on ``buildings`` and its parameters ("" when nothing is filtered)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}

        def members(column: str, prefix: str, values: list[Any]) -> None:
            if not values:
                clauses.append("0")  # an empty set selects nothing
                return
            names = [f"{prefix}{i}" for i in range(len(values))]
            params.update(zip(names, values, strict=True))
            clauses.append(f"t.{column} IN ({', '.join(':' + n for n in names)})")

        if self.grades is not None:
            members("safety_grade", "grade", sorted(g.strip().upper() for g in self.grades))
        if self.built_before is not None:
            clauses.append("t.year_built < :built_before")
            params["built_before"] = int(self.built_before)
        if self.built_from is not None:
            clauses.append("t.year_built >= :built_from")
            params["built_from"] = int(self.built_from)
        if self.structure_codes is not None:
            members("structure_code", "structure", sorted(int(c) for c in self.structure_codes))
        if self.tenures is not None:
            members("tenure", "tenure", self._tenure_names())
        if self.min_floors is not None:
            clauses.append("t.floors_above >= :min_floors")
            params["min_floors"] = int(self.min_floors)
        if self.max_floors is not None:
            clauses.append("t.floors_above <= :max_floors")
            params["max_floors"] = int(self.max_floors)
        return " AND ".join(clauses), params

    def _tenure_names(self) -> list[str]:
        by_code = {r["code"]: r["name"] for r in dictionary("tenures")}
        codes = tenure_codes()
        return sorted({by_code.get(codes.get(t, ""), t) for t in self.tenures or ()})

    def describe(self, lang: str = "zh_CN") -> str:
        """One line for the UI, e.g. "安全等级C、D级；1990年以前建成"."""
        zh = is_zh(lang)
        parts: list[str] = []
        if self.grades is not None:
            g = sorted(x.strip().upper() for x in self.grades)
            parts.append(f"安全等级{'、'.join(g)}级" if zh else f"safety grade {_or(g)}")
        if self.built_before is not None and self.built_from is not None:
            a, b = self.built_from, self.built_before - 1
            parts.append(f"{a}–{b}年建成" if zh else f"built {a}–{b}")
        elif self.built_before is not None:
            parts.append(f"{self.built_before}年以前建成" if zh
                         else f"built before {self.built_before}")
        elif self.built_from is not None:
            parts.append(f"{self.built_from}年及以后建成" if zh
                         else f"built in {self.built_from} or later")
        if self.structure_codes is not None:
            rows = {int(r["code"]): r for r in dictionary("structure_types")}
            key = "name" if zh else "name_en"
            names = [rows[c][key] if c in rows else str(c) for c in sorted(self.structure_codes)]
            parts.append(f"结构为{'、'.join(names)}" if zh else f"structure {_or(names)}")
        if self.tenures is not None:
            names = self._tenure_names()
            if not zh:
                en = {zh_name: en_name for _k, zh_name, en_name, _c in legend_entries("tenure")}
                names = [en.get(n, n) for n in names]
            parts.append(f"产权为{'、'.join(names)}" if zh else f"tenure {_or(names)}")
        lo, hi = self.min_floors, self.max_floors
        if lo is not None and hi is not None:
            parts.append(f"地上{lo}–{hi}层" if zh else f"{lo}–{hi} floors")
        elif lo is not None:
            parts.append(f"地上{lo}层及以上" if zh else f"{lo} floors or more")
        elif hi is not None:
            parts.append(f"地上{hi}层及以下" if zh else f"{hi} floors or fewer")
        if not parts:
            return "全部房屋" if zh else "all buildings"
        return "；".join(parts) if zh else "; ".join(parts)


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True)
class FilterResult:
    """The buildings a filter selects: their fids, how many, out of how many."""

    fids: np.ndarray
    count: int
    total: int


def apply(cache: Cache, flt: HousingFilter) -> FilterResult:
    """Evaluate a filter in SQL over the buildings of a cache."""
    sql, params = flt.where()
    fids, _ = read_values(cache, "buildings", [], where=sql or None, params=params)
    return FilterResult(fids, len(fids), cache.count("buildings"))


#: Buildings a filter leaves out, and (without a theme) the ones it selects.
FILTER_OTHER_RGB = palette.FILTER_OTHER
FILTER_MATCH_RGB = palette.FILTER_MATCH


def filtered(result: FilterResult, all_fids: np.ndarray, theme: Classification | None,
             description_zh: str = "", description_en: str = "") -> Classification:
    """What the filter shows, as a Classification the legend and the scene both use.

    With a theme the matching buildings keep their theme class (the legend's colours, with the
    counts among the matches) and the others are one grey class, "not matching"; without a
    theme the matches are one class in :data:`FILTER_MATCH_RGB`. Either way the legend says what
    every colour means."""
    fids = np.asarray(all_fids, dtype=np.int64)
    match = np.isin(fids, result.fids)
    other = ("other", "不符合筛选条件", "not matching the filter", FILTER_OTHER_RGB)
    if theme is not None:
        entries = [(e.key, e.label_zh, e.label_en, e.rgb) for e in theme.legend]
        pos = {int(f): i for i, f in enumerate(theme.fids.tolist())}
        idx = np.array([pos.get(int(f), -1) for f in fids.tolist()], dtype=np.int64)
        classes = np.where(idx >= 0, theme.classes[np.maximum(idx, 0)], -1).astype(np.int16)
        title_zh, title_en = theme.title_zh, theme.title_en
    else:
        entries = [("match", "符合筛选条件", "matching the filter", FILTER_MATCH_RGB)]
        classes = np.zeros(len(fids), dtype=np.int16)
        title_zh, title_en = "房屋筛选", "Housing filter"
    classes[~match] = len(entries)
    entries.append(other)
    note_zh = f"筛选：{description_zh}" if description_zh else ""
    note_en = f"Filter: {description_en}" if description_en else ""
    return classification(fids, classes, entries, title_zh, title_en, note_zh, note_en)
