"""The standard address library (标准地址库) from CSV or Excel, one column per level.

Columns are mapped to the ``addresses`` layer by a profile (``resources/address_profiles``;
``--map FIELD=COLUMN`` overrides one). Each row becomes one address at its deepest level
(省 … 单元), placed by its coordinates (经度/纬度 in CGCS2000, or easting/northing, or X/Y in
whichever order fits the CRS) or, without them, on the building whose code it names.

Rows whose levels contradict each other are rejected with their row numbers (the spreadsheet's:
the header is row 1): a 门牌 without a 街路巷 or 小区, a 楼栋 without a 门牌 or 小区, a 单元
without a 楼栋, and a 楼栋 whose 小区 no row of the file defines.

Examples
--------
>>> import_file("addresses.xlsx", "city.gpkg",
...             options=ImportOptions(kind="addresses"))            # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from store.errors import InputError
from store.importers import plausible
from store.importers.options import ImportOptions
from store.importers.pipeline import Batch, Target
from store.importers.report import ImportReport
from store.messages import Message, msg

PROFILES = Path(__file__).resolve().parents[2] / "resources" / "address_profiles"
#: The levels, shallow to deep: the addresses layer's column and the level's name.
LEVELS: tuple[tuple[str, str], ...] = (
    ("province", "省"), ("city", "市"), ("district", "区"), ("street", "街道"),
    ("community", "社区"), ("road", "街路巷"), ("compound", "小区"), ("door_no", "门牌"),
    ("building_no", "楼栋"), ("unit_no", "单元"))
FIELDS = (*(f for f, _ in LEVELS), "code", "easting", "northing", "x", "y", "lon", "lat",
          "building_code")
#: Rows read at most from one file.
MAX_ROWS = 2_000_000
_GID_NS = uuid.UUID("5b1f6c3e-1d2a-4c3b-9e8f-6a7b8c9d0e1f")


# -- the profile ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    """Which column names mean which field, and the CRS of longitude/latitude columns."""

    name: str
    fields: Mapping[str, tuple[str, ...]]
    lonlat_crs: str = "EPSG:4490"


def load_profile(name: str | None = None) -> Profile:
    """A profile by name (``resources/address_profiles/NAME.json``) or JSON file path."""
    path = (Path(name) if name and name.endswith(".json")
            else PROFILES / f"{name or 'standard'}.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        fields = {str(k): tuple(str(c) for c in v) for k, v in doc["fields"].items()}
    except FileNotFoundError:
        known = sorted(p.stem for p in PROFILES.glob("*.json"))
        raise InputError(path, "no such address profile; profiles: {known}",
                         known=", ".join(known)) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(path, "not an address profile: {error}", error=str(exc)) from None
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InputError(path, "the profile names unknown fields {fields}",
                         fields=", ".join(unknown))
    return Profile(str(doc.get("name", path.stem)), fields, str(doc.get("lonlat_crs",
                                                                          "EPSG:4490")))


_LEVEL_FIELD = {name: field for field, name in LEVELS}


def map_columns(header: Sequence[str], profile: Profile,
                overrides: Sequence[str] = (), path: Path | None = None) -> dict[str, int]:
    """Field → column index. A column matches the first field whose names hold it (names
    compared without spaces, case-insensitively); ``overrides`` ``FIELD=COLUMN`` (a field or a
    level's name: ``门牌=MPH``) come first. Raises InputError (naming ``path``) for a bad
    override.

    Examples
    --------
    >>> p = Profile("t", {"road": ("街路巷", "JLX"), "door_no": ("门牌号",)})
    >>> map_columns(["序号", "JLX", "MPH"], p, ["门牌=MPH"])
    {'door_no': 2, 'road': 1}
    """
    def key(text: str) -> str:
        return "".join(str(text).split()).lower()

    index = {key(h): i for i, h in reversed(list(enumerate(header)))}
    out: dict[str, int] = {}
    for item in overrides:
        field, sep, column = item.partition("=")
        field = _LEVEL_FIELD.get(field.strip(), field.strip())
        if not sep or field not in FIELDS:
            raise InputError(path, "--map {item}: expected FIELD=COLUMN with FIELD one of "
                                   "{fields} or a level (省 … 单元)", item=repr(item),
                             fields=", ".join(FIELDS))
        if key(column) not in index:
            raise InputError(path, "--map {item}: the file has no column {column}",
                             item=repr(item), column=repr(column.strip()))
        out[field] = index[key(column)]
    taken = set(out.values())
    for field, names in profile.fields.items():
        if field in out:
            continue
        for name in names:
            i = index.get(key(name))
            if i is not None and i not in taken:
                out[field] = i
                taken.add(i)
                break
    return out


# -- rules on one row (pure) ---------------------------------------------------------------------
def row_level(values: Mapping[str, str]) -> str | None:
    """The deepest level a row names (its level's name, e.g. 门牌), or None for an empty row."""
    for field, name in reversed(LEVELS):
        if values.get(field):
            return name
    return None


def contradictions(values: Mapping[str, str]) -> list[Message]:
    """Why a row's levels contradict each other (empty when they do not).

    Examples
    --------
    >>> [str(m) for m in contradictions({"door_no": "12号"})]
    ['levels contradict each other: a 门牌 without a 街路巷 or 小区']
    >>> [str(m) for m in contradictions({"road": "中山路", "door_no": "12号", "unit_no": "1单元"})]
    ['levels contradict each other: a 单元 without a 楼栋']
    """
    out = []
    if values.get("door_no") and not (values.get("road") or values.get("compound")):
        out.append(msg("levels contradict each other: a 门牌 without a 街路巷 or 小区"))
    if values.get("building_no") and not (values.get("door_no") or values.get("compound")):
        out.append(msg("levels contradict each other: a 楼栋 without a 门牌 or 小区"))
    if values.get("unit_no") and not values.get("building_no"):
        out.append(msg("levels contradict each other: a 单元 without a 楼栋"))
    return out


def full_address(values: Mapping[str, str]) -> str:
    """The address as people write it: 省市区街道社区街路巷门牌小区楼栋单元 (as the sample
    city and the platform write it)."""
    order = ("province", "city", "district", "street", "community", "road", "door_no",
             "compound", "building_no", "unit_no")
    return "".join(values.get(f) or "" for f in order)


def xy_order(a: np.ndarray, b: np.ndarray, crs: CRS) -> str | None:
    """Which of (a, b) is easting: ``"ab"`` when a is, ``"ba"`` when b is, None when both
    orders put every point inside the CRS's area of use, or neither does."""
    first = bool(plausible.possible(crs, a, b).all())
    second = bool(plausible.possible(crs, b, a).all())
    if first == second:
        return None
    return "ab" if first else "ba"


# -- reading -------------------------------------------------------------------------------------
def read_table(path: Path, encoding: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV (UTF-8, with or without BOM, else GB18030) or XLSX file's first
    sheet, every cell as text ('' for empty; whole numbers without '.0')."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    data = path.read_bytes()
    for enc in ([encoding] if encoding else ["utf-8-sig", "gb18030"]):
        try:
            text = data.decode(enc)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        raise InputError(path, "the text is neither UTF-8 nor GB18030: give --encoding")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect)):
        if i > MAX_ROWS:
            raise InputError(path, "holds more than {limit} rows", limit=MAX_ROWS)
        rows.append([c.strip() for c in row])
    if not rows:
        raise InputError(path, "the file is empty")
    return rows[0], rows[1:]


def _read_xlsx(path: Path) -> tuple[list[str], list[list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file: said with its name
        raise InputError(path, "not a readable Excel workbook: {error}", error=str(exc)) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for i, row in enumerate(sheet.iter_rows(values_only=True)):
            if i > MAX_ROWS:
                raise InputError(path, "holds more than {limit} rows", limit=MAX_ROWS)
            rows.append([_cell(v) for v in row])
    finally:
        book.close()
    if not rows:
        raise InputError(path, "the workbook's first sheet is empty")
    return rows[0], rows[1:]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _floats(cells: Sequence[str]) -> np.ndarray:
    """Numbers of text cells (NaN where a cell is not a number)."""
    arr = np.asarray(cells, dtype=object)
    out = np.full(len(arr), np.nan)
    ok = np.array([_is_number(c) for c in arr], dtype=bool)
    if ok.any():
        out[ok] = arr[ok].astype(float)
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class AddressSource:
    """A validated address table, not yet in the cache CRS (a :class:`Source`)."""

    def __init__(self, path: Path, options: ImportOptions, report: ImportReport,
                 cache: Any = None):
        self.path, self.report = path, report
        profile = load_profile(getattr(options, "profile", None))
        header, rows = read_table(path, options.encoding)
        cols = map_columns(header, profile, getattr(options, "field_map", ()) or (), path)
        if not any(f in cols for f, _ in LEVELS):
            raise InputError(path, "no column names an address level (省 … 单元): the columns "
                                   "are {columns}; map them with --map, e.g. --map 门牌=MPH",
                             columns=", ".join(header[:20]))
        report.features_read = len(rows)
        table = {f: [(r[i] if i < len(r) else "") for r in rows] for f, i in cols.items()}
        self.values = [{f: table[f][k] for f in table} for k in range(len(rows))]
        keep = np.ones(len(rows), dtype=bool)
        # rules on each row, then on the file (a 楼栋 whose 小区 no row defines)
        for k, v in enumerate(self.values):
            row = _row(k)
            if row_level(v) is None:
                keep[k] = False
                report.reject(row, "no address level filled in")
                continue
            for why in contradictions(v):
                keep[k] = False
                report.reject(row, why)  # type: ignore[arg-type]
        defined = {v.get("compound") for v, ok in zip(self.values, keep, strict=True)
                   if ok and v.get("compound") and row_level(v) in ("小区", "门牌")}
        for k, v in enumerate(self.values):
            if keep[k] and v.get("building_no") and v.get("compound") and (
                    v["compound"] not in defined):
                keep[k] = False
                row = _row(k)
                report.reject(row, "a 楼栋 of the 小区 {compound}, which no row of the file "
                                   "defines", compound=v["compound"])
        # where each row is
        n = len(rows)
        a = b = None
        self.declared_crs: str | CRS | None = None
        self.axis = "ab"
        if "lon" in table and "lat" in table:
            a, b = _floats(table["lon"]), _floats(table["lat"])
            self.declared_crs = profile.lonlat_crs
        elif "easting" in table and "northing" in table:
            a, b = _floats(table["easting"]), _floats(table["northing"])
        elif "x" in table and "y" in table:
            a, b = _floats(table["x"]), _floats(table["y"])
            self.axis = "?"
        self.a = a if a is not None else np.full(n, np.nan)
        self.b = b if b is not None else np.full(n, np.nan)
        placed = np.isfinite(self.a) & np.isfinite(self.b)
        self.building: list[tuple[float, float, str] | None] = [None] * n
        codes = table.get("building_code")
        if codes is not None and cache is not None:
            lookup = _building_points(cache, {c for c, p in zip(codes, placed, strict=True)
                                              if c and not p})
            for k, c in enumerate(codes):
                self.building[k] = lookup.get(c) if c else None
        self.building_gid = [(lookup.get(c) or (None, None, None))[2]
                             if codes is not None and cache is not None and c else None
                             for c in (codes or [""] * n)]
        if self.declared_crs is None and cache is not None:
            self.declared_crs = cache.crs  # easting/northing or X/Y: in the cache's CRS
        for k in range(n):
            if keep[k] and not placed[k] and self.building[k] is None:
                keep[k] = False
                code, row = (codes[k] if codes is not None else ""), _row(k)
                if code and cache is not None:
                    report.reject(row, "no coordinates, and no building has the code {code}",
                                  code=code)
                else:
                    report.reject(row, "no coordinates and no building code")
        self.keep, self.placed = keep, placed

    def screen(self, src: CRS) -> None:
        """Settle X/Y order, then set aside rows whose coordinates cannot be positions."""
        use = self.keep & self.placed
        if self.axis == "?":
            order = xy_order(self.a[use], self.b[use], src) if use.any() else "ab"
            if order is None:
                raise InputError(self.path, "the X/Y columns fit {crs} in both orders or in "
                                            "neither; say which is the easting: --map "
                                            "easting=X --map northing=Y (or the other way)",
                                 crs=src.name)
            self.axis = order
        if self.axis == "ba":
            self.a, self.b = self.b, self.a
        ok = plausible.possible(src, np.nan_to_num(self.a), np.nan_to_num(self.b))
        for k in np.flatnonzero(use & ~ok):
            self.keep[k] = False
            row = _row(int(k))
            self.report.reject(row, "coordinates ({x}, {y}) are impossible in {crs}",
                               x=f"{self.a[k]:.6g}", y=f"{self.b[k]:.6g}", crs=src.name)

    def bounds(self) -> tuple[float, float, float, float]:
        use = self.keep & self.placed
        if not use.any():
            pts = [p for p, k in zip(self.building, self.keep, strict=True) if k and p]
            if not pts:
                return (0.0, 0.0, 0.0, 0.0)
            arr = np.array([(p[0], p[1]) for p in pts])
            return (float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 0].max()),
                    float(arr[:, 1].max()))
        a, b = self.a[use], self.b[use]
        return (float(a.min()), float(b.min()), float(a.max()), float(b.max()))

    def build(self, target: Target) -> list[Batch]:
        idx = np.flatnonzero(self.keep)
        x = np.full(len(idx), np.nan)
        y = np.full(len(idx), np.nan)
        placed = self.placed[idx]
        if placed.any():
            to_cache = Transformer.from_crs(target.src_crs, target.cache_crs, always_xy=True)
            x[placed], y[placed] = to_cache.transform(self.a[idx][placed], self.b[idx][placed])
        for j, k in enumerate(idx):
            if not placed[j]:
                px, py, _ = self.building[k]  # type: ignore[misc]
                x[j], y[j] = px, py
        rows = [self.values[k] for k in idx]
        fulls = [full_address(v) for v in rows]
        gids = [str(uuid.uuid5(_GID_NS, f"{target.source}|{v.get('code') or k + 2}|{f}"))
                for v, k, f in zip(rows, idx, fulls, strict=True)]
        by_full = dict(zip(fulls, gids, strict=True))
        parents = []
        for v, f in zip(rows, fulls, strict=True):
            parent = None
            for field in ("unit_no", "building_no"):  # the row one level up, when in the file
                if v.get(field):
                    parent = by_full.get(f[:len(f) - len(v[field])]) if f.endswith(
                        v[field]) else None
                    break
            parents.append(parent)
        columns: dict[str, Any] = {"gid": gids, "level": [row_level(v) for v in rows],
                                   "full_address": fulls, "parent_gid": parents,
                                   "building_gid": [self.building_gid[k] for k in idx]}
        for field, _ in LEVELS:
            columns[field] = [v.get(field) or None for v in rows]
        columns["code"] = [v.get("code") or None for v in rows]
        self.report.imported = len(idx)
        self.report.object_types = {}
        for level in columns["level"]:
            self.report.object_types[level] = self.report.object_types.get(level, 0) + 1
        return [Batch("addresses", shapely.points(x, y), columns)]


def _row(k: int) -> str:
    """The spreadsheet row of data row ``k`` (the header is row 1)."""
    return f"row {k + 2}"


def _building_points(cache: Any, codes: set[str]) -> dict[str, tuple[float, float, str]]:
    """Building code → (x, y, gid) of a point inside the building, for the codes asked."""
    if not codes:
        return {}
    feats = cache.read("buildings", ["code", "gid"])
    wanted = np.array([c in codes for c in feats.columns["code"]], dtype=bool)
    if not wanted.any():
        return {}
    pts = shapely.point_on_surface(feats.geoms[wanted])
    xs, ys = shapely.get_x(pts), shapely.get_y(pts)
    out = {}
    for c, g, px, py in zip(np.asarray(feats.columns["code"], dtype=object)[wanted],
                            np.asarray(feats.columns["gid"], dtype=object)[wanted], xs, ys,
                            strict=True):
        out.setdefault(c, (float(px), float(py), g))
    return out


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport) -> AddressSource:
    """The address table at ``path`` (``options.into``: the cache, for building codes)."""
    del kind
    into = getattr(options, "into", None)
    if into is not None and Path(into).is_file():
        from store.cache import Cache

        with Cache.open(into) as cache:
            return AddressSource(path, options, report, cache)
    return AddressSource(path, options, report)


__all__ = ["LEVELS", "AddressSource", "Profile", "contradictions", "full_address",
           "load_profile", "map_columns", "read", "read_table", "row_level", "xy_order"]
