"""The city's buildings as a refinement tree for level of detail (Qt- and VTK-free, numpy).

The tree is made from numbers only, never from geometries: one SQL over the buildings' R*Tree
(each footprint's bounds) joined with ``height``, ``ground_z`` and whether the building is drawn
from LOD2 solids (:data:`layers.buildings.HAS_SOLID`), then a quadtree of the bounds' centres.

* **Leaves** hold at most ``leaf_size`` buildings; their content is the full tile (LOD1
  extrusions or LOD2 solids, meshed by the viewer). Their geometric error is 0: they simplify
  nothing the cache holds.
* **Inner nodes** hold merged blocks (:func:`merged_blocks`: one box per cell of a grid over
  the tile, ``tile side / BLOCK_GRID`` rounded up to a power of two, as much built area as the
  buildings it stands for) for every building smaller than a cell in all directions, and
  "roof-less boxes" (``ground_z .. ground_z + height`` over each footprint's bounds) of the
  larger ones (the ``cap`` most prominent; prominence: the largest of width, depth and height).
  So a far city is as dense as it is, and a tile draws about as many boxes as its error
  needs. Their geometric error, in metres, is the size of the largest thing they simplify: a
  block's cell, any building left in a block, or a box's departure from its building
  (:data:`BOX_ERROR` of its footprint's size for an extrusion, whose ground and top the box
  keeps exactly; of its prominence for a solid), whichever is larger. A tile of at most
  ``cap`` buildings that blocks would not halve draws them all as boxes. At 16 px of allowed
  error nothing larger than 16 px on screen is wrong.

* **Coarse leaves** (``coarse_leaves=True``, what the viewer asks for above a few thousand
  buildings): a leaf does not hang straight under a parent whose error is its block cell (64 m:
  full leaves drawn up to ~6 km away at 16 px). Between them come, as a chain over the leaf's
  same buildings and box: its merged blocks of ``leaf side / 2 BLOCK_GRID`` (half its
  parent's cell: about 32 m for a leaf of 1–2 km; when they at least
  halve what it draws; error as an inner tile's), then its boxes (:func:`box_level`: every
  building whose box departs from it by at most the leaf's :data:`BOX_QUANTILE` of those
  departures as a roof-less box, the few larger ones in full; error that departure). So full
  extrusions are drawn only near (within ~1 km at 16 px), boxes then blocks farther.

A node with one child is merged into it (the same buildings, the same boxes), so the tree has
no chains of empty squares.

Reading the numbers visits every row of the buildings table (seconds at a million buildings), so
a large city keeps them in the cache (:data:`INDEX_TABLE`, one blob stamped with the buildings'
state, read again whenever that changes); the tree itself is made at each open (about a second
at a million).

Example
-------
>>> import numpy as np
>>> idx = BuildingIndex(np.arange(3), np.array([[0, 0, 10, 10], [20, 0, 30, 5], [0, 40, 4, 44.]]),
...                     np.zeros(3), np.array([30.0, 12.0, 6.0]), np.zeros(3, bool))
>>> tree = building_tree(idx, leaf_size=1, cap=2)
>>> tree.fids(tree.root.key).tolist(), len(tree.leaves())
([0, 1], 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layers import lod_index
from layers.buildings import HAS_SOLID
from layers.lod import LodTile
from store.cache import NOW

#: Buildings per leaf (the full tiles), as the viewer's merged tiles always had.
LEAF_SIZE = 2000
#: Boxes per inner node: 5 quads (10 triangles) each, about the triangles of a leaf.
BOX_CAP = 4000
#: Size of the level-0 squares (m). The grid is anchored at the CRS origin.
ROOT_TILE = 65536.0
#: A box's departure from the building it stands for, as a fraction of the building's size
#: (a footprint's corners cut off or its rotation, a roof's pitch).
BOX_ERROR = 0.25
#: Merged blocks per inner tile: a grid of BLOCK_GRID × BLOCK_GRID cells over the tile.
BLOCK_GRID = 32
#: A coarse leaf's box level draws this share of its buildings (those whose box departs least
#: from them) as boxes and the others in full: its error is that share's largest departure.
BOX_QUANTILE = 0.9
#: Keys of a leaf's coarse levels: the leaf's key and these suffixes.
BLOCKS_SUFFIX, BOXES_SUFFIX = ":blocks", ":boxes"
#: The key of the root that joins several level-0 squares.
ROOT_KEY = "all"

__all__ = ["BLOCK_GRID", "BOX_CAP", "BOX_ERROR", "BOX_QUANTILE", "INDEX_TABLE", "KEEP_FROM",
           "LEAF_SIZE", "ROOT_TILE", "Blocks", "BuildingIndex", "BuildingNode", "BuildingTree",
           "box_level", "building_index", "building_tree", "buildings_stamp", "merged_blocks",
           "quadtree_keys", "read_index", "tile_keys"]


# -- the quadtree's keys (pure numpy) -------------------------------------------------------------
def tile_keys(bounds_or_centroids: np.ndarray, tile_size: float | np.ndarray) -> np.ndarray:
    """Integer (ix, iy) of the tile_size square holding each point, shape (n, 2).

    Takes (n, 2) points or (n, 4) bounds (their centres); tile_size may be one value per row.
    The grid is anchored at the CRS origin, so keys do not depend on what else is loaded.
    """
    a = np.atleast_2d(np.asarray(bounds_or_centroids, dtype=np.float64))
    xy = (a[:, :2] + a[:, 2:]) / 2 if a.shape[1] == 4 else a[:, :2]
    size = np.asarray(tile_size, dtype=np.float64)
    return np.floor(xy / (size[:, None] if size.ndim else size)).astype(np.int64)


def _spread(v: np.ndarray) -> np.ndarray:
    """The 16 low bits of v spread to the even bits (Morton interleaving)."""
    v = v.astype(np.uint64) & np.uint64(0xFFFF)
    for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
        v = (v | (v << np.uint64(shift))) & np.uint64(mask)
    return v


@dataclass(frozen=True)
class _Squares:
    """Points in quadtree order: ``deep`` (n, 2) their squares at ``depth`` (tile_size /
    2**depth wide), ``code`` one sortable int64 per point whose prefix ``code >> 2 * (depth -
    l)`` names its square at level l, ``order`` the points sorted by code."""

    deep: np.ndarray
    code: np.ndarray
    order: np.ndarray
    depth: int

    def prefix(self, level: int, rows: np.ndarray) -> np.ndarray:
        return self.code[rows] >> (2 * (self.depth - level))

    def at(self, level: int, rows: np.ndarray) -> np.ndarray:
        """(ix, iy) of the level's squares holding the points at rows."""
        return self.deep[rows] >> (self.depth - level)


def _squares(xy: np.ndarray, tile_size: float, depth: int) -> _Squares:
    depth = min(int(depth), 16)
    deep = tile_keys(xy, tile_size / 2.0 ** depth) if len(xy) else np.zeros((0, 2), np.int64)
    top = deep >> depth
    top = top - (top.min(axis=0) if len(top) else 0)
    span = int(top[:, 1].max()) + 1 if len(top) else 1
    local = deep - ((deep >> depth) << depth)
    morton = (_spread(local[:, 0]) | (_spread(local[:, 1]) << np.uint64(1))).astype(np.int64)
    code = ((top[:, 0] * span + top[:, 1]) << (2 * depth)) | morton
    return _Squares(deep, code, np.argsort(code, kind="stable"), depth)


def _starts(sorted_codes: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array begins."""
    if len(sorted_codes) == 0:
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]]))


def _leaf_levels(sq: _Squares, max_per_tile: int, max_level: int) -> np.ndarray:
    level = np.zeros(len(sq.code), dtype=np.int64)
    active = sq.order  # points whose square is still too full, in quadtree order
    for lvl in range(min(max_level, sq.depth)):
        p = sq.prefix(lvl, active)
        starts = _starts(p)
        counts = np.diff(np.append(starts, len(p)))
        active = active[np.repeat(counts > max_per_tile, counts)]
        if len(active) == 0:
            break
        level[active] = lvl + 1
    return level


def quadtree_keys(xy: np.ndarray, tile_size: float = ROOT_TILE,
                  max_per_tile: int = LEAF_SIZE, max_level: int = 16) -> np.ndarray:
    """(level, ix, iy) per point: tiles of tile_size holding more than max_per_tile points are
    split in four (a square of level l is tile_size / 2**l wide), down to max_level (≤ 16).
    One sort of the points in quadtree (Morton) order, then a pass per level."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    sq = _squares(xy, tile_size, max_level)
    level = _leaf_levels(sq, max_per_tile, max_level)
    return np.column_stack([level, sq.deep >> (sq.depth - level)[:, None]])


# -- the numbers per building ---------------------------------------------------------------------
@dataclass(frozen=True)
class BuildingIndex:
    """What the tree needs of each building, in the cache CRS: ``fids``; ``bounds`` (n, 4) of
    its footprint (minx, miny, maxx, maxy); ``z0`` its ground and ``z1`` its top (NaN ground 0,
    NaN or negative height 0); ``solid`` whether it is drawn from LOD2 solids. An index of
    every time (:func:`read_index` ``all_times``) also holds each building's ``valid_from``
    and ``valid_to`` (lifespan text, "" for none), so a scene can follow the time without
    reading again (:meth:`standing`)."""

    fids: np.ndarray
    bounds: np.ndarray
    z0: np.ndarray
    z1: np.ndarray
    solid: np.ndarray
    valid_from: np.ndarray | None = None
    valid_to: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.fids)

    @property
    def all_times(self) -> bool:
        """Whether the index holds the buildings of every time, with their lifespans."""
        return self.valid_from is not None

    @property
    def read_at(self) -> str | None:
        """The ``at`` of cache reads that match this index: every time (None) for an index of
        every time, else the map's time (:data:`store.cache.NOW`)."""
        return None if self.all_times else NOW

    def subset(self, rows: np.ndarray) -> BuildingIndex:
        """The buildings at rows (indices or a mask)."""
        spans = ((self.valid_from[rows], self.valid_to[rows]) if self.all_times
                 else (None, None))
        return BuildingIndex(self.fids[rows], self.bounds[rows], self.z0[rows], self.z1[rows],
                             self.solid[rows], *spans)

    def standing(self, at: str) -> np.ndarray:
        """Which buildings stand at ``at`` (:func:`store.lifespan.instant` text): all of an
        index of one time.

        Examples
        --------
        >>> i = BuildingIndex(np.arange(3), np.zeros((3, 4)), np.zeros(3), np.ones(3),
        ...                   np.zeros(3, bool), np.array(["", "2012", "2020"]),
        ...                   np.array(["2015", "", ""]))
        >>> i.standing("2013-12-31T23:59:59Z").tolist()
        [True, True, False]
        """
        if not self.all_times:
            return np.ones(len(self), dtype=bool)
        assert self.valid_from is not None and self.valid_to is not None
        return standing_mask(self.valid_from, self.valid_to, at)

    @property
    def box_size(self) -> np.ndarray:
        """How far a box over each building's footprint bounds can depart from it, over
        :data:`BOX_ERROR` (m): an extrusion's box has its exact ground and top, so only its
        footprint's width and depth count; a solid's roof also counts its height."""
        wd = self.bounds[:, 2:] - self.bounds[:, :2]
        footprint = np.maximum(wd[:, 0], wd[:, 1])
        return np.where(self.solid, self.prominence, footprint)

    @property
    def prominence(self) -> np.ndarray:
        """Each building's size: the largest of its width, depth and height (m)."""
        wd = self.bounds[:, 2:] - self.bounds[:, :2]
        return np.maximum(np.maximum(wd[:, 0], wd[:, 1]), self.z1 - self.z0)


def standing_mask(valid_from: np.ndarray, valid_to: np.ndarray, at: str) -> np.ndarray:
    """Which of these lifespans (text arrays, "" for none) hold at ``at``: the rule of
    :func:`store.lifespan.standing_sql` on arrays (numpy's string comparisons, no Python loop).
    """
    start_ok = (valid_from == "") | (valid_from <= at)
    return start_ok & ((valid_to == "") | (valid_to > at))


def index_from_rows(rows: np.ndarray) -> BuildingIndex:
    """A :class:`BuildingIndex` from (n, 8) rows fid, minx, miny, maxx, maxy, ground_z,
    height, solid (None as NaN)."""
    a = np.asarray(rows, dtype=np.float64).reshape(-1, 8)
    z0 = np.nan_to_num(a[:, 5], nan=0.0)
    h = np.maximum(np.nan_to_num(a[:, 6], nan=0.0), 0.0)
    return BuildingIndex(a[:, 0].astype(np.int64), a[:, 1:5].copy(), z0, z0 + h,
                         np.nan_to_num(a[:, 7], nan=0.0) != 0)


def read_index(cache: Any, solid: bool | None = None, *,
               all_times: bool = False) -> BuildingIndex:
    """Every building with a footprint (``solid`` True: only those drawn from LOD2 solids,
    False: only the others), from the R*Tree and three columns: one SQL, no geometry read
    (but every row of the buildings table is visited). The buildings standing at the map's
    time, or (``all_times``) those of every time with their lifespans."""
    clauses = [] if solid is None else [f"{'' if solid else 'NOT '}({HAS_SOLID})"]
    args: dict[str, str] = {}
    spans = ""
    if all_times and hasattr(cache, "lifespan_sql"):
        member, start, end, args = cache.lifespan_sql()
        clauses += [member] if member else []
        spans = f", coalesce({start}, ''), coalesce({end}, '')"
    elif hasattr(cache, "standing_sql"):  # what stands at the map's time (store.lifespan)
        standing, args = cache.standing_sql()
        clauses += [standing] if standing else []
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    sql = ("SELECT t.fid, r.minx, r.miny, r.maxx, r.maxy, t.ground_z, t.height, "
           f"({HAS_SOLID}){spans} FROM buildings t JOIN rtree_buildings_geom r "
           f"ON r.id = t.fid {where}ORDER BY t.fid")
    with cache.engine.connect() as conn:
        rows = conn.connection.driver_connection.execute(sql, args).fetchall()
    index = index_from_rows(np.array([r[:8] for r in rows], dtype=np.float64)
                            if rows else np.zeros((0, 8)))
    if not spans:
        return index
    return BuildingIndex(index.fids, index.bounds, index.z0, index.z1, index.solid,
                         np.array([r[8] for r in rows], dtype=str).reshape(-1),
                         np.array([r[9] for r in rows], dtype=str).reshape(-1))


# -- kept in the cache for large cities -----------------------------------------------------------
#: The table holding the index of large cities, with the stamp of the buildings' state it was
#: read at (see :mod:`layers.lod_index`).
INDEX_TABLE = lod_index.INDEX_TABLE
#: Cities of at least this many buildings keep their index in the cache (reading it from the
#: buildings table visits every row: seconds at a million).
KEEP_FROM = 200_000
_BYTES_PER_BUILDING = 8 + 32 + 8 + 8 + 1


def is_plain(cache: Any) -> bool:
    """Whether ``cache`` is read as the recorded city of now (what a kept index holds)."""
    return getattr(cache, "at", NOW) == NOW and not getattr(cache, "scenarios", ())


def has_history(cache: Any, table: str = "buildings") -> bool:
    """Whether any feature of ``table`` names a time it came or will come, or ended (or a
    chosen scenario removes some): then a scene follows the time by hiding and showing what
    it has loaded (:meth:`BuildingIndex.standing`) instead of reading again."""
    return bool(cache.dated(table)) if hasattr(cache, "dated") else False


def buildings_stamp(cache: Any) -> str:
    """The state of the buildings, from what every write through the cache changes: the
    layers' versions and last changes, the R*Tree's row count and largest fid, and the DEM
    (extruded buildings' ground_z follows it). A few indexed look-ups."""
    sql = """SELECT
      (SELECT group_concat(name || ':' || version || ':' || coalesce(updated_at, ''), ';')
         FROM cimview_datasets WHERE name IN ('buildings', 'building_solids')),
      (SELECT group_concat(table_name || ':' || coalesce(last_change, ''), ';')
         FROM gpkg_contents WHERE table_name IN ('buildings', 'building_solids')),
      (SELECT count(*) FROM rtree_buildings_geom_rowid),
      (SELECT max(fid) FROM buildings),
      (SELECT max(rowid) FROM building_solids),
      (SELECT version || ':' || updated_at FROM cimview_rasters WHERE name = 'dem')"""
    with cache.engine.connect() as conn:
        row = conn.connection.driver_connection.execute(sql).fetchone()
    return "|".join("" if v is None else str(v) for v in row)


#: Bytes of one lifespan in a kept index of every time (ISO text is at most 20 characters).
SPAN_BYTES = 20


def _pack(index: BuildingIndex) -> bytes:
    arrays = [index.fids.astype("<i8"), index.bounds.astype("<f8"), index.z0.astype("<f8"),
              index.z1.astype("<f8"), index.solid.astype(np.uint8)]
    if index.all_times:
        assert index.valid_from is not None and index.valid_to is not None
        arrays += [np.char.encode(index.valid_from.astype(str), "ascii").astype(f"S{SPAN_BYTES}"),
                   np.char.encode(index.valid_to.astype(str), "ascii").astype(f"S{SPAN_BYTES}")]
    return b"".join(np.ascontiguousarray(a).tobytes() for a in arrays)


def _unpack(data: bytes, n: int, all_times: bool = False) -> BuildingIndex | None:
    size = _BYTES_PER_BUILDING + (2 * SPAN_BYTES if all_times else 0)
    if n < 0 or len(data) != n * size:
        return None
    at = np.cumsum([0, 8 * n, 32 * n, 8 * n, 8 * n, n, SPAN_BYTES * n])
    fids = np.frombuffer(data, "<i8", n, int(at[0])).astype(np.int64)
    bounds = np.frombuffer(data, "<f8", 4 * n, int(at[1])).reshape(n, 4).astype(np.float64)
    z0 = np.frombuffer(data, "<f8", n, int(at[2])).astype(np.float64)
    z1 = np.frombuffer(data, "<f8", n, int(at[3])).astype(np.float64)
    solid = np.frombuffer(data, np.uint8, n, int(at[4])) != 0
    if not all_times:
        return BuildingIndex(fids, bounds, z0, z1, solid)
    spans = [np.char.decode(np.frombuffer(data, f"S{SPAN_BYTES}", n, int(at[k])), "ascii")
             for k in (5, 6)]
    return BuildingIndex(fids, bounds, z0, z1, solid, *spans)


def _kept(cache: Any, name: str, stamp: str, all_times: bool = False) -> BuildingIndex | None:
    found = lod_index.kept(cache, f"buildings:{name}", stamp)
    return None if found is None else _unpack(found[1], found[0], all_times)


def _keep(cache: Any, name: str, stamp: str, index: BuildingIndex) -> bool:
    """Write the index into the cache unless it cannot be now (then the next open reads the
    buildings again). True when written."""
    return lod_index.keep(cache, f"buildings:{name}", stamp, len(index), _pack(index),
                          current=lambda: buildings_stamp(cache))


def building_index(cache: Any, solid: bool | None = None, *,
                   keep_from: int = KEEP_FROM, all_times: bool = False) -> BuildingIndex:
    """The buildings' index (see :func:`read_index`). A city of at least ``keep_from``
    buildings keeps it in the cache (:data:`INDEX_TABLE`), stamped with the buildings' state
    (:func:`buildings_stamp`): the next open reads one blob instead of every building, and any
    change to the buildings makes it read again. ``all_times``: the buildings of every time
    with their lifespans (kept too, as its own blob, when no scenario is shown)."""
    name = {None: "all", True: "solid", False: "extruded"}[solid]
    scenarios = getattr(cache, "scenarios", ())
    # a scenario's planned buildings, or the city at another time: read, never kept
    if scenarios or (not all_times and not is_plain(cache)):
        return read_index(cache, solid, all_times=all_times)
    name += ":all-times" if all_times else ""
    stamp = buildings_stamp(cache)
    kept = _kept(cache, name, stamp, all_times)
    if kept is not None:
        return kept
    index = read_index(cache, solid, all_times=all_times)
    if len(index) >= keep_from and _fits(index):
        _keep(cache, name, stamp, index)
    return index


def _fits(index: BuildingIndex) -> bool:
    """Whether every lifespan of an index fits the kept form (ASCII of at most 20)."""
    if not index.all_times:
        return True
    assert index.valid_from is not None and index.valid_to is not None
    text = np.concatenate([index.valid_from, index.valid_to]).astype(str)
    return bool((np.char.str_len(text) <= SPAN_BYTES).all() and
                all(t.isascii() for t in np.unique(text).tolist()))


# -- the tree --------------------------------------------------------------------------------------
@dataclass
class BuildingNode:
    """What one tile of the tree draws: a ``leaf`` the full buildings at ``rows`` of the tree's
    index, an inner tile their boxes (most prominent first) and ``blocks`` for the others, or
    (a coarse leaf's box level) ``full`` the rows drawn in full beside the boxes.
    ``bbox`` is the footprints' extent of the subtree (cache CRS), ``count`` its buildings."""

    key: str
    leaf: bool
    rows: np.ndarray
    bbox: tuple[float, float, float, float]
    count: int
    blocks: Blocks | None = None
    full: np.ndarray | None = None


@dataclass(frozen=True)
class Blocks:
    """Merged blocks: per cell of a grid over a tile, one box standing for the buildings the
    tile's boxes leave out there: a square of their footprints' total bounds area centred on
    their area-weighted centre, from their mean ground to their mean top (area-weighted).
    ``fids`` the most prominent building of each block (what a click on it shows);
    ``cell`` the grid's cell size (m)."""

    bounds: np.ndarray
    z0: np.ndarray
    z1: np.ndarray
    fids: np.ndarray
    cell: float

    def __len__(self) -> int:
        return len(self.fids)


def merged_blocks(bounds: np.ndarray, z0: np.ndarray, z1: np.ndarray, fids: np.ndarray,
                  prominence: np.ndarray, cells: np.ndarray, cell: float) -> Blocks:
    """:class:`Blocks` of buildings (bounds (n, 4), z0, z1, fids, prominence), one block per
    run of equal ``cells`` (the code of the square cell of ``cell`` metres holding each
    building's centre; rows sorted by it).

    Examples
    --------
    >>> b = merged_blocks(np.array([[0, 0, 2, 2], [4, 0, 6, 2.]]), np.zeros(2),
    ...                   np.array([10.0, 20.0]), np.array([7, 8]), np.array([10.0, 20.0]),
    ...                   np.array([0, 0]), 25.0)
    >>> b.bounds.round(3).tolist(), b.z1.tolist(), b.fids.tolist(), b.cell
    ([[1.586, -0.414, 4.414, 2.414]], [15.0], [8], 25.0)
    """
    starts = _starts(cells)
    counts = np.diff(np.append(starts, len(cells)))
    centre = (bounds[:, :2] + bounds[:, 2:]) / 2
    wd = np.maximum(bounds[:, 2:] - bounds[:, :2], 0.0)
    area = wd[:, 0] * wd[:, 1] + 1e-9
    total = np.add.reduceat(area, starts)

    def mean(v: np.ndarray) -> np.ndarray:
        return np.add.reduceat(v * area, starts) / total

    cx, cy = mean(centre[:, 0]), mean(centre[:, 1])
    half = np.sqrt(total) / 2
    # the most prominent building of each cell: the first row reaching the cell's maximum
    group = np.repeat(np.arange(len(starts)), counts)
    top = np.flatnonzero(prominence >= np.repeat(np.maximum.reduceat(prominence, starts),
                                                 counts))
    _, first = np.unique(group[top], return_index=True)
    return Blocks(np.column_stack([cx - half, cy - half, cx + half, cy + half]),
                  mean(z0), mean(z1), np.asarray(fids)[top[first]], float(cell))


def box_level(box_error: np.ndarray, quantile: float = BOX_QUANTILE
              ) -> tuple[np.ndarray, float]:
    """Which buildings a coarse leaf draws as boxes, from how far each one's box departs from
    it (``box_error``, m): those departing at most the ``quantile`` of the departures (the
    others are drawn in full); and the level's geometric error, the largest departure boxed.

    Examples
    --------
    >>> boxed, error = box_level(np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 40]), 0.9)
    >>> boxed.tolist(), error
    ([True, True, True, True, True, True, True, True, True, False], 9.0)
    >>> box_level(np.array([2.0, 2.0]))[1], box_level(np.zeros(0))[1]
    (2.0, 0.0)
    """
    e = np.asarray(box_error, dtype=np.float64)
    if len(e) == 0:
        return np.zeros(0, dtype=bool), 0.0
    limit = float(np.quantile(e, quantile, method="inverted_cdf"))
    boxed = e <= limit
    return boxed, float(e[boxed].max())


def _boxes_or_blocks(prominence: np.ndarray, cells: np.ndarray, cap: int, cell: float
                     ) -> tuple[np.ndarray, np.ndarray | None]:
    """What an inner tile draws of its buildings (``prominence``, and ``cells``: the code of
    the ``cell``-metre square holding each, sorted): positions of the buildings drawn as
    boxes, and the cells of the others (None: no blocks, every building a box).

    Blocks of ``cell`` metres stand for every building smaller than a cell in all directions
    (so its block departs from it by about a cell at most), boxes for the larger ones (the
    most prominent ``cap`` of them; any other is in a block and its size is the tile's
    error). A tile of at most ``cap`` buildings draws them all as boxes unless its blocks and
    boxes are at most half as many.

    Examples
    --------
    >>> keep, cells = _boxes_or_blocks(np.array([5.0, 80, 6, 7, 9]), np.array([0, 0, 0, 0, 1]),
    ...                                cap=4, cell=64.0)
    >>> keep.tolist(), cells.tolist()
    ([1], [0, 0, 0, 1])
    >>> _boxes_or_blocks(np.array([5.0, 80, 6]), np.array([0, 1, 2]), cap=4, cell=64.0)[1]
    """
    n = len(prominence)
    big = np.flatnonzero(prominence >= cell)
    if len(big) > cap:
        big = big[np.argpartition(-prominence[big], cap - 1)[:cap]]
    keep = np.sort(big)
    rest = np.ones(n, dtype=bool)
    rest[keep] = False
    blocks = len(_starts(cells[rest]))
    if n <= cap and (len(keep) + blocks) * 2 > n:
        return np.arange(n), None
    if not rest.any():
        return keep, None
    return keep, cells[rest]


@dataclass
class BuildingTree:
    """The refinement tree (``root``, boxes in scene-local coordinates: the cache CRS minus
    ``origin``) and what each tile draws (:meth:`node`)."""

    root: LodTile | None
    index: BuildingIndex
    nodes: dict[str, BuildingNode] = field(default_factory=dict)
    origin: tuple[float, float] = (0.0, 0.0)

    @property
    def count(self) -> int:
        """Buildings in the tree."""
        return len(self.index)

    def node(self, key: str) -> BuildingNode:
        return self.nodes[key]

    def fids(self, key: str) -> np.ndarray:
        """fids a tile draws (a leaf's buildings, an inner tile's boxes, a coarse leaf's boxes
        and the buildings it draws in full)."""
        node = self.nodes[key]
        rows = node.rows if node.full is None else np.concatenate([node.rows, node.full])
        return self.index.fids[rows]

    def tiles(self) -> list[LodTile]:
        """Every tile, parents before children."""
        out, stack = [], [self.root] if self.root is not None else []
        while stack:
            t = stack.pop()
            out.append(t)
            stack.extend(reversed(t.children))
        return out

    def leaves(self) -> list[LodTile]:
        return [t for t in self.tiles() if not t.children]


def _key(level: int, ix: int, iy: int) -> str:
    return f"{level}/{ix}/{iy}"


def building_tree(index: BuildingIndex, origin: tuple[float, float] = (0.0, 0.0), *,
                  leaf_size: int = LEAF_SIZE, cap: int = BOX_CAP,
                  tile_size: float = ROOT_TILE, block_grid: int = BLOCK_GRID,
                  coarse_leaves: bool = False) -> BuildingTree:
    """The refinement tree of ``index``'s buildings (see the module's docstring); tile boxes
    are shifted by ``origin`` (scene-local), nodes' contents stay in the cache CRS.
    ``coarse_leaves``: put a leaf's blocks and boxes between it and its parent.

    One sort of the buildings in quadtree order, so every square's buildings are one run;
    then per level a pass over the runs (a million buildings in about a second)."""
    if len(index) == 0:
        return BuildingTree(None, index, {}, origin)
    ox, oy = float(origin[0]), float(origin[1])
    centres = (index.bounds[:, :2] + index.bounds[:, 2:]) / 2
    sq = _squares(centres, tile_size, 16)
    lvl = _leaf_levels(sq, max(int(leaf_size), 1), 16)
    prom = index.prominence
    cap = max(int(cap), 1)
    nodes: dict[str, BuildingNode] = {}
    errors: dict[str, float] = {}
    boxes: dict[str, tuple[tuple, tuple]] = {}
    children: dict[str, list[str]] = {}
    leaf_runs: dict[str, tuple[int, np.ndarray]] = {}  # leaf key: level, positions

    order = sq.order  # everything below in quadtree order: positions p, buildings order[p]
    o_code, o_deep, o_lvl = sq.code[order], sq.deep[order], lvl[order]
    o_bounds, o_z0, o_z1, o_prom = index.bounds[order], index.z0[order], index.z1[order], \
        prom[order]
    o_fids = index.fids[order]
    o_box = index.box_size[order]

    def add(level: int, pos: np.ndarray, leaf: bool, keys: list[str] | None = None,
            grid: int = block_grid) -> list[str]:
        """Nodes of the runs of positions at a level; their keys."""
        starts = (_starts(o_code[pos] >> (2 * (sq.depth - level))) if keys is None
                  else np.array([0]))
        ends = np.append(starts[1:], len(pos))
        b, z0, z1, p, bx = o_bounds[pos], o_z0[pos], o_z1[pos], o_prom[pos], o_box[pos]
        fid, code = o_fids[pos], o_code[pos]
        lo = np.column_stack([np.minimum.reduceat(b[:, 0], starts),
                              np.minimum.reduceat(b[:, 1], starts),
                              np.minimum.reduceat(z0, starts)])
        hi = np.column_stack([np.maximum.reduceat(b[:, 2], starts),
                              np.maximum.reduceat(b[:, 3], starts),
                              np.maximum.reduceat(z1, starts)])
        ij = o_deep[pos[starts]] >> (sq.depth - level) if keys is None else None
        out = []
        for g, (s, e) in enumerate(zip(starts, ends, strict=True)):
            key = keys[g] if keys is not None else _key(level, int(ij[g, 0]), int(ij[g, 1]))
            run, pr = pos[s:e], p[s:e]
            bbox = (float(lo[g, 0]), float(lo[g, 1]), float(hi[g, 0]), float(hi[g, 1]))
            count, blocks, error = len(run), None, 0.0
            if leaf:
                kept = order[run]
                leaf_runs[key] = (level, run)
            else:
                extent = max(bbox[2] - bbox[0], bbox[3] - bbox[1], 1e-3)
                if keys is None:  # a square's cells follow its side, not what overhangs it
                    extent = min(extent, tile_size / 2.0 ** level)
                cl = int(np.clip(np.floor(np.log2(tile_size * grid / extent)), 0,
                                 sq.depth))  # cells of >= extent / block_grid
                cell = tile_size / 2.0 ** cl
                keep, cells = _boxes_or_blocks(pr, code[s:e] >> (2 * (sq.depth - cl)), cap,
                                               cell)
                error = BOX_ERROR * float(bx[s:e][keep].max()) if len(keep) else 0.0
                if cells is not None:
                    others = np.ones(len(run), dtype=bool)
                    others[keep] = False
                    rest = np.flatnonzero(others) + s  # in quadtree order
                    blocks = merged_blocks(b[rest], z0[rest], z1[rest], fid[rest], p[rest],
                                           cells, cell)
                    error = max(error, cell, float(p[rest].max()))
                run, pr = run[keep], pr[keep]
                kept = order[run[np.argsort(-pr, kind="stable")]]  # most prominent first
            nodes[key] = BuildingNode(key, leaf, kept, bbox, count, blocks)
            errors[key] = error
            boxes[key] = ((lo[g, 0] - ox, lo[g, 1] - oy, lo[g, 2]),
                          (hi[g, 0] - ox, hi[g, 1] - oy, max(hi[g, 2], lo[g, 2] + 0.01)))
            if level > 0 and keys is None:
                i, j = (int(v) >> 1 for v in key.split("/")[1:])
                children.setdefault(_key(level - 1, i, j), []).append(key)
            out.append(key)
        return out

    tops: list[str] = []
    for level in range(int(lvl.max()) + 1):
        leaves = np.flatnonzero(o_lvl == level)
        if len(leaves):
            keys = add(level, leaves, leaf=True)
            if level == 0:
                tops += keys
        inner = np.flatnonzero(o_lvl > level)
        if len(inner):
            keys = add(level, inner, leaf=False)
            if level == 0:
                tops += keys
    if len(tops) > 1:  # several level-0 squares: one root over them
        add(0, np.arange(len(order)), leaf=False, keys=[ROOT_KEY])
        children[ROOT_KEY] = tops
        root_key = ROOT_KEY
    else:
        root_key = tops[0]

    chains: dict[str, list[str]] = {}  # leaf key: its coarse levels, coarsest first
    if coarse_leaves:
        for key, (level, run) in leaf_runs.items():
            if len(run) < 2:
                continue
            chain = []
            bk = add(level, run, leaf=False, keys=[key + BLOCKS_SUFFIX], grid=2 * block_grid)[0]
            if nodes[bk].blocks is not None:  # blocks that at least halve what it draws
                chain.append(bk)
            else:
                del nodes[bk], errors[bk], boxes[bk]
            boxed, error = box_level(BOX_ERROR * o_box[run])
            xk, rows, leaf_node = key + BOXES_SUFFIX, run[boxed], nodes[key]
            nodes[xk] = BuildingNode(xk, False, order[rows[np.argsort(-o_prom[rows],
                                                                      kind="stable")]],
                                     leaf_node.bbox, leaf_node.count,
                                     full=None if boxed.all() else order[run[~boxed]])
            errors[xk], boxes[xk] = error, boxes[key]
            chain.append(xk)
            chains[key] = chain

    def collapse(key: str) -> str:
        while len(children.get(key, [])) == 1:
            key = children[key][0]
        return key

    def make(key: str) -> LodTile:
        lo, hi = boxes[key]
        kids = [make(collapse(c)) for c in sorted(children.get(key, []))]
        error = max([errors[key], *(k.geometric_error for k in kids)])  # still a bound
        tile = LodTile(key, error, tuple(float(v) for v in lo), tuple(float(v) for v in hi),
                       children=kids)
        for coarse in reversed(chains.get(key, [])):  # the leaf under its boxes and blocks
            error = max(errors[coarse], tile.geometric_error)
            tile = LodTile(coarse, error, tile.box_min, tile.box_max, children=[tile])
        return tile

    root = make(collapse(root_key))
    tree = BuildingTree(root, index, {}, (ox, oy))
    tree.nodes = {t.key: nodes[t.key] for t in tree.tiles()}
    return tree
