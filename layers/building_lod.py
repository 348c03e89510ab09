"""The city's buildings as a refinement tree for level of detail (Qt- and VTK-free, numpy).

The tree is made from numbers only, never from geometries: one SQL over the buildings' R*Tree
(each footprint's bounds) joined with ``height``, ``ground_z`` and whether the building is drawn
from LOD2 solids (:data:`layers.buildings.HAS_SOLID`), then a quadtree of the bounds' centres.

* **Leaves** hold at most ``leaf_size`` buildings; their content is the full tile (LOD1
  extrusions or LOD2 solids, meshed by the viewer). Their geometric error is 0: they simplify
  nothing the cache holds.
* **Inner nodes** hold "roof-less boxes" (``ground_z .. ground_z + height`` over each footprint's
  bounds) of the ``cap`` most prominent buildings of their subtree (prominence: the largest of
  width, depth and height). Their geometric error, in metres, is the size of the largest thing
  they leave out or simplify: the prominence of the most prominent building left out, or a
  box's departure from its building (:data:`BOX_ERROR` of the largest kept building's size),
  whichever is larger. At 16 px of allowed error nothing larger than 16 px on screen is
  missing or wrong.

A node with one child is merged into it (the same buildings, the same boxes), so the tree has
no chains of empty squares.

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

from layers.buildings import HAS_SOLID
from layers.lod import LodTile

#: Buildings per leaf (the full tiles), as the viewer's merged tiles always had.
LEAF_SIZE = 2000
#: Boxes per inner node: 5 quads (10 triangles) each, about the triangles of a leaf.
BOX_CAP = 4000
#: Size of the level-0 squares (m). The grid is anchored at the CRS origin.
ROOT_TILE = 65536.0
#: A box's departure from the building it stands for, as a fraction of the building's size
#: (a footprint's corners cut off or its rotation, a roof's pitch).
BOX_ERROR = 0.25
#: The key of the root that joins several level-0 squares.
ROOT_KEY = "all"

__all__ = ["BOX_CAP", "BOX_ERROR", "LEAF_SIZE", "ROOT_TILE", "BuildingIndex", "BuildingNode",
           "BuildingTree", "building_index", "building_tree", "quadtree_keys", "tile_keys"]


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


def quadtree_keys(xy: np.ndarray, tile_size: float = ROOT_TILE,
                  max_per_tile: int = LEAF_SIZE, max_level: int = 16) -> np.ndarray:
    """(level, ix, iy) per point: tiles of tile_size holding more than max_per_tile points are
    split in four (a square of level l is tile_size / 2**l wide), down to max_level."""
    level = np.zeros(len(xy), dtype=np.int64)
    keys = tile_keys(xy, tile_size) if len(xy) else np.empty((0, 2), dtype=np.int64)
    active = np.arange(len(xy))
    for lvl in range(max_level):
        # the points still splitting all sit at level lvl: one int64 code per square is enough
        code = keys[active, 0] * (1 << 32) + keys[active, 1]
        _, inv, counts = np.unique(code, return_inverse=True, return_counts=True)
        active = active[counts[inv] > max_per_tile]
        if len(active) == 0:
            break
        level[active] = lvl + 1
        keys[active] = tile_keys(xy[active], tile_size / 2.0 ** (lvl + 1))
    return np.column_stack([level, keys])


# -- the numbers per building ---------------------------------------------------------------------
@dataclass(frozen=True)
class BuildingIndex:
    """What the tree needs of each building, in the cache CRS: ``fids``; ``bounds`` (n, 4) of
    its footprint (minx, miny, maxx, maxy); ``z0`` its ground and ``z1`` its top (NaN ground 0,
    NaN or negative height 0); ``solid`` whether it is drawn from LOD2 solids."""

    fids: np.ndarray
    bounds: np.ndarray
    z0: np.ndarray
    z1: np.ndarray
    solid: np.ndarray

    def __len__(self) -> int:
        return len(self.fids)

    def subset(self, rows: np.ndarray) -> BuildingIndex:
        """The buildings at rows (indices or a mask)."""
        return BuildingIndex(self.fids[rows], self.bounds[rows], self.z0[rows], self.z1[rows],
                             self.solid[rows])

    @property
    def prominence(self) -> np.ndarray:
        """Each building's size: the largest of its width, depth and height (m)."""
        wd = self.bounds[:, 2:] - self.bounds[:, :2]
        return np.maximum(np.maximum(wd[:, 0], wd[:, 1]), self.z1 - self.z0)


def index_from_rows(rows: np.ndarray) -> BuildingIndex:
    """A :class:`BuildingIndex` from (n, 8) rows fid, minx, miny, maxx, maxy, ground_z,
    height, solid (None as NaN)."""
    a = np.asarray(rows, dtype=np.float64).reshape(-1, 8)
    z0 = np.nan_to_num(a[:, 5], nan=0.0)
    h = np.maximum(np.nan_to_num(a[:, 6], nan=0.0), 0.0)
    return BuildingIndex(a[:, 0].astype(np.int64), a[:, 1:5].copy(), z0, z0 + h,
                         np.nan_to_num(a[:, 7], nan=0.0) != 0)


def building_index(cache: Any) -> BuildingIndex:
    """Every building with a footprint, from the R*Tree and three columns: one SQL, no
    geometry read (a million buildings in about a second)."""
    sql = ("SELECT t.fid, r.minx, r.miny, r.maxx, r.maxy, t.ground_z, t.height, "
           f"({HAS_SOLID}) FROM buildings t JOIN rtree_buildings_geom r ON r.id = t.fid "
           "ORDER BY t.fid")
    with cache.engine.connect() as conn:
        cursor = conn.connection.driver_connection.execute(sql)
        rows = cursor.fetchall()
    if not rows:
        return index_from_rows(np.zeros((0, 8)))
    return index_from_rows(np.array(rows, dtype=np.float64))


# -- the tree --------------------------------------------------------------------------------------
@dataclass
class BuildingNode:
    """What one tile of the tree draws: a ``leaf`` the full buildings at ``rows`` of the tree's
    index, an inner tile their boxes (most prominent first). ``bbox`` is the footprints' extent
    of the subtree (cache CRS), ``count`` its buildings."""

    key: str
    leaf: bool
    rows: np.ndarray
    bbox: tuple[float, float, float, float]
    count: int


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
        """fids a tile draws (a leaf's buildings, an inner tile's boxes)."""
        return self.index.fids[self.nodes[key].rows]

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
                  tile_size: float = ROOT_TILE) -> BuildingTree:
    """The refinement tree of ``index``'s buildings (see the module's docstring); tile boxes
    are shifted by ``origin`` (scene-local), nodes' contents stay in the cache CRS."""
    n = len(index)
    if n == 0:
        return BuildingTree(None, index, {}, origin)
    ox, oy = float(origin[0]), float(origin[1])
    centres = (index.bounds[:, :2] + index.bounds[:, 2:]) / 2
    leaf_keys = quadtree_keys(centres, tile_size, max(int(leaf_size), 1))
    lvl = leaf_keys[:, 0]
    top = int(lvl.max())
    prom = index.prominence
    by_prom = np.argsort(-prom, kind="stable")  # most prominent first

    # ancestors per level: codes of every building's square at level L (for those below L)
    def codes_at(level: int, rows: np.ndarray) -> np.ndarray:
        shift = lvl[rows] - level
        return np.column_stack([leaf_keys[rows, 1] >> shift, leaf_keys[rows, 2] >> shift])

    nodes: dict[str, BuildingNode] = {}
    children: dict[str, list[str]] = {}
    parents_of_level: dict[str, str] = {}
    errors: dict[str, float] = {}
    boxes: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def add_groups(rows_in_order: np.ndarray, keys: list[str], starts: np.ndarray,
                   leaf: bool) -> None:
        ends = np.append(starts[1:], len(rows_in_order))
        for key, s, e in zip(keys, starts, ends, strict=True):
            rows = rows_in_order[s:e]  # most prominent first
            kept = rows if leaf else rows[:cap]
            b = index.bounds[rows]
            bbox = (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()),
                    float(b[:, 3].max()))
            zlo, zhi = float(index.z0[rows].min()), float(index.z1[rows].max())
            nodes[key] = BuildingNode(key, leaf, kept, bbox, len(rows))
            if leaf:
                errors[key] = 0.0
            else:
                left_out = float(prom[rows[cap]]) if len(rows) > cap else 0.0
                errors[key] = max(left_out, BOX_ERROR * float(prom[rows[0]]))
            boxes[key] = ((bbox[0] - ox, bbox[1] - oy, zlo), (bbox[2] - ox, bbox[3] - oy,
                                                              max(zhi, zlo + 0.01)))

    def grouped(rows: np.ndarray, ij: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """rows sorted by square (stable: most prominent first within), the group starts and
        the squares."""
        order = np.lexsort((ij[:, 1], ij[:, 0]))  # stable: keeps prominence order in a square
        rows, ij = rows[order], ij[order]
        cut = np.flatnonzero(np.any(ij[1:] != ij[:-1], axis=1)) + 1
        starts = np.concatenate([[0], cut]).astype(np.int64)
        return rows, starts, ij[starts]

    # leaves
    for level in range(top + 1):
        rows = by_prom[lvl[by_prom] == level]
        if len(rows) == 0:
            continue
        rows, starts, sq = grouped(rows, leaf_keys[rows, 1:])
        keys = [_key(level, int(i), int(j)) for i, j in sq]
        add_groups(rows, keys, starts, leaf=True)
        if level > 0:
            for key, (i, j) in zip(keys, sq, strict=True):
                parents_of_level[key] = _key(level - 1, int(i) >> 1, int(j) >> 1)
    # inner squares, deepest first
    for level in range(top - 1, -1, -1):
        rows = by_prom[lvl[by_prom] > level]
        if len(rows) == 0:
            continue
        rows, starts, sq = grouped(rows, codes_at(level, rows))
        keys = [_key(level, int(i), int(j)) for i, j in sq]
        add_groups(rows, keys, starts, leaf=False)
        if level > 0:
            for key, (i, j) in zip(keys, sq, strict=True):
                parents_of_level[key] = _key(level - 1, int(i) >> 1, int(j) >> 1)
    for key, parent in parents_of_level.items():
        children.setdefault(parent, []).append(key)
    tops = [k for k in nodes if k.startswith("0/")]
    if len(tops) > 1:  # several level-0 squares: one root over them
        add_groups(by_prom, [ROOT_KEY], np.array([0]), leaf=False)
        children[ROOT_KEY] = tops
        root_key = ROOT_KEY
    else:
        root_key = tops[0]

    def collapse(key: str) -> str:
        while len(children.get(key, [])) == 1:
            key = children[key][0]
        return key

    def make(key: str) -> LodTile:
        lo, hi = boxes[key]
        tile = LodTile(key, errors[key], lo, hi)
        tile.children = [make(collapse(c)) for c in sorted(children.get(key, []))]
        return tile

    root = make(collapse(root_key))
    tree = BuildingTree(root, index, {}, (ox, oy))
    tree.nodes = {t.key: nodes[t.key] for t in tree.tiles()}
    return tree
