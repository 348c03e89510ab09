"""Level of detail for point and line layers (pipelines, pipe points, poles): a quadtree of a
layer's features by their R*Tree bounds, read in one SQL with no geometry parsed.

Leaves hold a few thousand features and are drawn in full (tubes, glyphs). Inner tiles draw
less: for pipelines only the big mains (:func:`main_mask`), as lines; for points nothing (a
glyph farther than a few pixels is not drawn). Geometric errors are in metres, so the 16 px
rule of :func:`layers.lod.select_tiles` decides when a tile gives way to its children.
:func:`line_levels` puts above each pipes leaf a tile of the same pipes as lines, whose error
is their largest section (:func:`tube_size`): tubes are drawn only where a section shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layers import lod_index
from layers.lod import LodTile
from store.cache import EVERY_TIME, NOW

#: Features per leaf at most.
LEAF_SIZE = 4000
#: Deepest split (a tile of many features at one spot stays a leaf).
MAX_DEPTH = 12
#: An inner tile's error is its larger side over this (lines for 16 px ≈ metres per pixel).
ERROR_PER_SIDE = 64.0
#: Pipes at least this wide (mm: diameter, or a box's width) are mains, drawn at every level.
MAIN_DIAMETER_MM = 600.0
#: An inner tile draws at most this many mains (the biggest first): an overview stays bounded.
MAIN_CAP = 20000
#: The tables a tree can be read from (the R*Tree's name is derived from them).
TABLES = ("pipelines", "pipe_points", "poles")


@dataclass
class FeatureNode:
    """One tile: ``fids`` of its features (a leaf) or of the features its content draws
    (an inner tile: the mains; none for points), ``bbox`` in the cache CRS."""

    key: str
    leaf: bool
    fids: np.ndarray
    bbox: tuple[float, float, float, float]


@dataclass
class FeatureTree:
    """The tree: ``root`` for :class:`viewer.streaming.TileStreamer`, ``nodes`` by key."""

    root: LodTile | None
    nodes: dict[str, FeatureNode] = field(default_factory=dict)
    count: int = 0

    def node(self, key: str) -> FeatureNode:
        return self.nodes[key]

    def leaves(self) -> list[LodTile]:
        out, stack = [], [self.root] if self.root is not None else []
        while stack:
            t = stack.pop()
            if t.children:
                stack.extend(t.children)
            else:
                out.append(t)
        return out


def feature_bounds(cache: Any, table: str, column: str | None = None, *,
                   keep_from: int = lod_index.KEEP_FROM, at: str = NOW
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(fids, bounds (n, 4) minx miny maxx maxy, values of column or None)`` of every feature
    of ``table`` standing at the map's time (``at`` :data:`store.cache.EVERY_TIME`: of every
    time, for a scene that follows the time) from its R*Tree: one SQL, no geometry read. A
    table of at least ``keep_from`` features keeps them in the cache (:mod:`layers.lod_index`):
    the next open reads one blob."""
    if table not in TABLES and not _cache_layer(table):
        raise ValueError(f"no level of detail for table {table!r}")
    every = at == EVERY_TIME
    name = f"{table}:bounds:{column or ''}" + (":every-time" if every else "")
    # the city at another time or with a scenario: read, never kept
    if (getattr(cache, "at", NOW) != NOW and not every) or getattr(cache, "scenarios", ()):
        return _read_bounds(cache, table, column, at)
    stamp = lod_index.table_stamp(cache, table)
    found = lod_index.kept(cache, name, stamp)
    if found is not None and len(found[1]) == found[0] * 48:
        n, data = found
        fids = np.frombuffer(data, "<i8", n, 0).astype(np.int64)
        bounds = np.frombuffer(data, "<f8", 4 * n, 8 * n).reshape(n, 4).astype(np.float64)
        values = np.frombuffer(data, "<f8", n, 40 * n).astype(np.float64)
        return fids, bounds, (values if column else None)
    fids, bounds, values = _read_bounds(cache, table, column, at)
    if len(fids) >= keep_from:
        extra = values if values is not None else np.zeros(len(fids))
        data = b"".join(np.ascontiguousarray(a).tobytes() for a in (
            fids.astype("<i8"), bounds.astype("<f8"), extra.astype("<f8")))
        lod_index.keep(cache, name, stamp, len(fids), data,
                       current=lambda: lod_index.table_stamp(cache, table))
    return fids, bounds, values


def _read_bounds(cache: Any, table: str, column: str | None, at: str = NOW
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    extra = ", t.\"" + column.replace('"', "") + '"' if column else ""
    where, args = "", {}
    if hasattr(cache, "standing_sql") and _cache_layer(table):  # what stands at the map's time
        standing, args = cache.standing_sql(at)
        where = f"WHERE {standing} " if standing else ""
    sql = (f"SELECT t.fid, r.minx, r.miny, r.maxx, r.maxy{extra} FROM \"{table}\" t "
           f"JOIN \"rtree_{table}_geom\" r ON r.id = t.fid {where}ORDER BY t.fid")
    with cache.engine.connect() as conn:
        rows = conn.connection.driver_connection.execute(sql, args).fetchall()
    if not rows:
        return np.zeros(0, np.int64), np.zeros((0, 4)), (np.zeros(0) if column else None)
    try:  # numbers and NULLs (NaN): one conversion, no Python loop
        a = np.array(rows, dtype=np.float64)
    except (TypeError, ValueError):  # text in the column: what is no number is NaN
        a = np.array([(*r[:5], *(_num(v) for v in r[5:])) for r in rows], dtype=np.float64)
    fids = np.array([r[0] for r in rows], dtype=np.int64) if a[:, 0].max() >= 2**53 \
        else a[:, 0].astype(np.int64)
    return fids, a[:, 1:5].copy(), (a[:, 5].copy() if column else None)


def _cache_layer(table: str) -> bool:
    """Whether ``table`` is a geometry table of cimview's cache schema (it has an R*Tree)."""
    from store.schema import LAYERS

    return table in LAYERS


def _num(v: Any) -> float:
    try:
        return float("nan") if v is None else float(v)
    except (TypeError, ValueError):
        return float("nan")


def main_size(diameter_mm: np.ndarray, width_mm: np.ndarray | None = None) -> np.ndarray:
    """How big a pipe is as a main (mm): its diameter, or half a box's width (a duct bank of
    cables is wide but no main; a box culvert twice a main's width is one). Unknown: 0."""
    size = np.nan_to_num(np.asarray(diameter_mm, np.float64), nan=0.0)
    if width_mm is not None:
        size = np.maximum(size, np.nan_to_num(np.asarray(width_mm, np.float64), nan=0.0) / 2)
    return size


def mains(size: np.ndarray, threshold: float = MAIN_DIAMETER_MM, cap: int = MAIN_CAP
          ) -> np.ndarray:
    """Positions of the mains among ``size``: at least ``threshold`` mm, the biggest ``cap``
    (ties in order)."""
    size = np.asarray(size, np.float64)
    idx = np.flatnonzero(size >= threshold)
    if len(idx) > cap:
        idx = np.sort(idx[np.argsort(-size[idx], kind="stable")[:cap]])
    return idx


def inner_error(bbox: tuple[float, float, float, float], floor: float = 0.0) -> float:
    """An inner tile's geometric error (m): its larger side over :data:`ERROR_PER_SIDE`, at
    least ``floor`` (a glyph's size: the tile refines once a glyph would span 16 px)."""
    side = max(bbox[2] - bbox[0], bbox[3] - bbox[1])
    return max(side / ERROR_PER_SIDE, floor)


def feature_tree(fids: np.ndarray, bounds: np.ndarray, origin_xy: tuple[float, float], *,
                 size: np.ndarray | None = None, z_range: tuple[float, float] = (-50.0, 100.0),
                 leaf_size: int = LEAF_SIZE, min_error: float = 0.0,
                 glyph_error: float | None = None, keep_ratio: float | None = None,
                 by_centres: bool = False, leaf_side: float | None = None) -> FeatureTree:
    """A quadtree of features by the centres of their ``bounds`` (cache CRS). Tile boxes are
    relative to ``origin_xy`` (scene-local), ``z_range`` their heights. An inner tile draws its
    :func:`mains` by ``size`` (None: nothing, as for points); leaves draw all of theirs.

    ``glyph_error`` (points): every inner tile is empty with this error, the glyph's size, so
    a leaf is drawn only where a glyph spans the allowed error on screen; the root is then
    never a leaf.

    ``keep_ratio`` (draped layers): an inner tile draws the features whose ``size`` (m) is at
    least ``keep_ratio`` times its geometric error (the biggest :data:`MAIN_CAP`), those big
    enough to see where it is drawn, instead of the mains.

    ``by_centres``: a tile is split, and its error measured, by the extent of its features'
    centres (its quadtree cell) rather than the union of their bounds, which one long road
    would make as big as the city at every level (boxes stay the bounds' union).

    ``leaf_side`` (m): a tile wider than this is split however few features it holds (a leaf
    is drawn in full from about 1.5 times its parent's side: a wide leaf would be drawn in
    full from afar)."""
    fids = np.asarray(fids, np.int64)
    tree = FeatureTree(None, count=len(fids))
    if not len(fids):
        return tree
    bounds = np.asarray(bounds, np.float64)
    centre = (bounds[:, :2] + bounds[:, 2:]) / 2
    ox, oy = origin_xy

    def build(key: str, idx: np.ndarray, depth: int) -> LodTile:
        b = bounds[idx]
        bbox = (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()),
                float(b[:, 3].max()))
        lo = (bbox[0] - ox, bbox[1] - oy, z_range[0])
        hi = (bbox[2] - ox, bbox[3] - oy, z_range[1])
        c = centre[idx]
        cell = ((float(c[:, 0].min()), float(c[:, 1].min()), float(c[:, 0].max()),
                 float(c[:, 1].max())) if by_centres else bbox)
        wide = (leaf_side is not None and len(idx) > 1
                and max(cell[2] - cell[0], cell[3] - cell[1]) > leaf_side)
        if ((len(idx) <= leaf_size and (depth or glyph_error is None) and not wide)
                or depth >= MAX_DEPTH):
            tree.nodes[key] = FeatureNode(key, True, fids[idx], bbox)
            return LodTile(key, 0.0, lo, hi)
        mx, my = (cell[0] + cell[2]) / 2, (cell[1] + cell[3]) / 2
        quad = (c[:, 0] >= mx).astype(int) + 2 * (c[:, 1] >= my).astype(int)
        if len(idx) > 1 and np.all(quad == quad[0]):  # all at one spot: split by order instead
            quad = (np.arange(len(idx)) * 4) // len(idx)
        kids = [build(f"{key}{q}", idx[quad == q], depth + 1) for q in range(4)
                if np.any(quad == q)]
        error = inner_error(cell, min_error) if glyph_error is None else glyph_error
        if size is None:
            inner = np.zeros(0, np.int64)
        else:
            threshold = MAIN_DIAMETER_MM if keep_ratio is None else keep_ratio * error
            inner = fids[idx[mains(size[idx], threshold)]]
        tree.nodes[key] = FeatureNode(key, False, inner, bbox)
        return LodTile(key, error, lo, hi, children=kids)

    tree.root = build("r", np.arange(len(fids)), 0)
    return tree


def tube_size(diameter_mm: np.ndarray, width_mm: np.ndarray | None = None,
              height_mm: np.ndarray | None = None) -> np.ndarray:
    """How far a pipe's tube or box reaches from a line along its stored z (m): its diameter,
    or a box's diagonal (the stored z is its crown or invert, so the line runs along its
    surface and the far side is a whole section away). Unknown (no size, or a box missing a
    side): NaN.

    Examples
    --------
    >>> tube_size(np.array([600, np.nan, np.nan]), np.array([np.nan, 3000, 800]),
    ...           np.array([np.nan, 4000, np.nan])).tolist()
    [0.6, 5.0, nan]
    """
    d = np.asarray(diameter_mm, np.float64)
    w = np.full(d.shape, np.nan) if width_mm is None else np.asarray(width_mm, np.float64)
    h = np.full(d.shape, np.nan) if height_mm is None else np.asarray(height_mm, np.float64)
    box = np.hypot(w, h)
    size = np.where(d > 0, d, np.where((w > 0) & (h > 0), box, np.nan))
    return size / 1000.0


def line_levels(tree: FeatureTree, size_m: np.ndarray, fids: np.ndarray) -> FeatureTree:
    """Put above every leaf (tubes) a tile drawing the same pipes as lines, whose geometric
    error is the largest :func:`tube_size` among them (``size_m`` per fid of ``fids``): a line
    leaves out nothing but the tube's section, so tubes are drawn only where a section would
    span the allowed error on screen. A leaf holding a pipe of unknown size keeps no line
    tile (nothing bounds what its line would leave out). The line tile is keyed
    ``<leaf key>-`` and holds the leaf's fids; the tree is changed in place and returned.

    Examples
    --------
    >>> t = feature_tree(np.array([1, 2]), np.array([[0, 0, 1, 1], [5, 5, 6, 6.]]), (0, 0))
    >>> t = line_levels(t, np.array([0.4, 1.2]), np.array([1, 2]))
    >>> t.root.key, t.root.geometric_error, [c.key for c in t.root.children]
    ('r-', 1.2, ['r'])
    """
    if tree.root is None:
        return tree
    order = np.argsort(np.asarray(fids, np.int64), kind="stable")
    sorted_fids = np.asarray(fids, np.int64)[order]
    size_m = np.asarray(size_m, np.float64)[order]

    def above(tile: LodTile) -> LodTile:
        if tile.children:
            tile.children = [above(c) for c in tile.children]
            return tile
        node = tree.nodes[tile.key]
        if not node.leaf or not len(node.fids):
            return tile
        pos = np.clip(np.searchsorted(sorted_fids, node.fids), 0, len(sorted_fids) - 1)
        sizes = np.where(sorted_fids[pos] == node.fids, size_m[pos], np.nan)
        if np.isnan(sizes).any():
            return tile
        key = f"{tile.key}-"
        tree.nodes[key] = FeatureNode(key, False, node.fids, node.bbox)
        return LodTile(key, float(sizes.max()), tile.box_min, tile.box_max, tile.refine,
                       [tile])

    tree.root = above(tree.root)
    return tree
