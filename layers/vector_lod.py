"""Level of detail for the draped vector layers of the cache (roads, water, parcels, addresses
and any geometry table of cimview's schema): a quadtree of the layer's features by their
R*Tree bounds (:func:`layers.feature_lod.feature_tree`), and one tile's features read by fid.

Inner tiles draw only the lines and polygons big enough to see where they are drawn (their
bbox's larger side at least :data:`KEEP_RATIO` times the tile's geometric error: main roads,
water, large parcels); points (and so their labels) only in leaves, near the camera
(:data:`POINT_ERROR`). Leaves draw every feature of theirs. Layers of at most
:data:`PRELOAD_ALL` features meshed in at most :data:`PRELOAD_CELLS` cells, files and the
field observations are drawn whole instead (:func:`meshed_whole`).

A polygon wider than :data:`LEAF_SIDE` (a river across the city) is cut into pieces on a grid
of that side (:func:`cut_big`): each piece is a feature of the tree (same fid, clipped to its
square when read, :func:`read_pieces`), so only the pieces near the camera are draped in full.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.feature_lod import LEAF_SIZE, FeatureTree, feature_bounds, feature_tree
from store.cache import NOW

if TYPE_CHECKING:
    from layers.layer import Source
    from layers.vectors import VectorData
    from store.cache import Cache

#: Layers of at most this many features are drawn whole at open (the sample city's are).
PRELOAD_ALL = 10000
#: An inner tile keeps a line or polygon whose larger side is at least this many times its
#: geometric error: at the 16 px rule it then spans at least 32 px where the tile is chosen.
KEEP_RATIO = 2.0
#: Point layers: every inner tile is empty with this error (m), so points appear within
#: about 750 m of an 800 px high view (a point symbol is a few pixels).
POINT_ERROR = 8.0
#: Lines and polygons: a tile wider than this (m) is split however few features it holds, so
#: full detail is drawn only within about 1.5 km of the camera.
LEAF_SIDE = 1000.0
#: Heights (m) of the tiles' boxes (draped features lie on the terrain).
Z_RANGE = (-100.0, 1000.0)
#: A small layer is meshed whole unless its mesh has more cells than this (drawn at every
#: frame, near or far, dragging included); it then streams, big polygons cut into pieces.
#: At 100,000 the 100k city's parcels (55 k cells) and river (68 k) were drawn whole and
#: made a dragging frame cost 0.38 of a still one; streamed, 0.31, and both frames cheaper.
PRELOAD_CELLS = 50_000
#: A big polygon is cut into at most this many pieces (wider squares beyond).
MAX_PIECES = 4096


@dataclass
class Pieces:
    """Big polygons cut into squares: piece ``ids`` (above every fid of the layer), the
    ``fid`` each is part of and its square ``boxes`` (minx, miny, maxx, maxy, cache CRS)
    it is clipped to."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    fids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(plain fids, fids of the pieces, their boxes)`` of tree ids ``ids``."""
        ids = np.asarray(ids, np.int64)
        if not len(self.ids):
            return ids, np.zeros(0, np.int64), np.zeros((0, 4))
        first = int(self.ids[0])
        piece = ids >= first
        k = ids[piece] - first
        return ids[~piece], self.fids[k], self.boxes[k]


@dataclass
class VectorTree(FeatureTree):
    """A draped layer's tree: a :class:`FeatureTree` whose ids may be :class:`Pieces`."""

    pieces: Pieces = field(default_factory=Pieces)


def meshed_whole(count: int, cells: int, preload_all: int = PRELOAD_ALL,
                 preload_cells: int = PRELOAD_CELLS) -> bool:
    """Whether a layer of ``count`` features whose whole mesh has ``cells`` cells stays meshed
    whole: few features (at most ``preload_all``) and few cells (at most ``preload_cells``:
    a few big polygons draped on bending ground can cost more than thousands of parcels)."""
    return count <= preload_all and cells <= preload_cells


def cut_big(fids: np.ndarray, bounds: np.ndarray, side: float = LEAF_SIDE,
            max_pieces: int = MAX_PIECES) -> tuple[np.ndarray, np.ndarray, np.ndarray, Pieces]:
    """Cut features wider than ``side`` (m, either way) into the squares of a grid of that
    side (anchored at 0, 0) their box overlaps (the squares doubled until at most
    ``max_pieces``). Returns ``(ids, bounds, sizes, pieces)``: the features left whole and
    the pieces, each piece's bounds its square within the feature's box and its size the
    whole feature's (an inner tile keeps every piece of a feature big enough to see from
    there, as it kept the feature); piece ids follow the largest fid."""
    fids = np.asarray(fids, np.int64)
    b = np.asarray(bounds, np.float64).reshape(-1, 4)
    sizes = feature_sizes(b)
    big = np.flatnonzero(sizes > side)
    if not len(big):
        return fids, b, sizes, Pieces()
    parts_fid, parts_box, parts_size = [], [], []
    for i in big:  # few: a city's rivers and lakes
        x0, y0, x1, y1 = b[i]
        s = float(side)
        while (np.floor(x1 / s) - np.floor(x0 / s) + 1) * (np.floor(y1 / s) - np.floor(y0 / s)
                                                            + 1) > max_pieces:
            s *= 2
        gx = np.arange(np.floor(x0 / s), np.floor(x1 / s) + 1) * s
        gy = np.arange(np.floor(y0 / s), np.floor(y1 / s) + 1) * s
        cx, cy = (a.ravel() for a in np.meshgrid(gx, gy))
        square = np.column_stack([cx, cy, cx + s, cy + s])
        box = np.column_stack([np.maximum(cx, x0), np.maximum(cy, y0),
                               np.minimum(cx + s, x1), np.minimum(cy + s, y1)])
        parts_fid.append(np.full(len(box), fids[i]))
        parts_box.append(np.stack([box, square], axis=1))
        parts_size.append(np.full(len(box), sizes[i]))
    small = np.setdiff1d(np.arange(len(fids)), big)
    both = np.concatenate(parts_box)
    first = int(fids.max()) + 1
    # clipped to the whole square: an edge of the feature on its box's side stays in
    pieces = Pieces(np.arange(first, first + len(both), dtype=np.int64),
                    np.concatenate(parts_fid), both[:, 1])
    return (np.concatenate([fids[small], pieces.ids]), np.concatenate([b[small], both[:, 0]]),
            np.concatenate([sizes[small], np.concatenate(parts_size)]), pieces)


def cache_table(source: Source) -> str | None:
    """The table of cimview's cache schema a layer's source draws (it has an R*Tree), or
    None (a file, the observations or a table another program added)."""
    from store.schema import LAYERS

    if source.path is not None or not source.table:
        return None
    return source.table if source.table in LAYERS else None


def family(table: str) -> str:
    """``point``, ``line`` or ``polygon``: the family the schema declares for ``table``."""
    from store.schema import LAYERS

    name = LAYERS[table].geometry_type.upper()
    return "point" if "POINT" in name else "line" if ("LINE" in name or "CURVE" in name) \
        else "polygon"


def declared_z(table: str) -> bool:
    """Whether the schema says ``table``'s features carry their own heights (not draped)."""
    from store.schema import LAYERS

    return bool(LAYERS[table].has_z)


def feature_sizes(bounds: np.ndarray) -> np.ndarray:
    """How big each feature is seen from afar (m): its bbox's larger side."""
    b = np.asarray(bounds, np.float64).reshape(-1, 4)
    return np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])


def vector_tree(cache: Cache, table: str, origin_xy: tuple[float, float],
                geometry: str | None = None, leaf_size: int = LEAF_SIZE,
                leaf_side: float = LEAF_SIDE, at: str = NOW) -> VectorTree:
    """The quadtree of ``table``'s features standing ``at`` (the map's time, or
    :data:`store.cache.EVERY_TIME`; see the module docstring); tile boxes relative to
    ``origin_xy``; leaves of at most ``leaf_size`` features, lines' and polygons' at most
    ``leaf_side`` m wide."""
    fids, bounds, _ = feature_bounds(cache, table, at=at)
    geometry = geometry or family(table)
    count = len(fids)
    if geometry == "point":
        tree = feature_tree(fids, bounds, origin_xy, z_range=Z_RANGE, leaf_size=leaf_size,
                            glyph_error=POINT_ERROR)
        return VectorTree(tree.root, tree.nodes, count)
    pieces = Pieces()
    sizes = feature_sizes(bounds)
    if geometry == "polygon" and len(fids):
        fids, bounds, sizes, pieces = cut_big(fids, bounds, leaf_side)
    tree = feature_tree(fids, bounds, origin_xy, size=sizes, z_range=Z_RANGE,
                        leaf_size=leaf_size, keep_ratio=KEEP_RATIO, by_centres=True,
                        leaf_side=leaf_side)
    return VectorTree(tree.root, tree.nodes, count, pieces)


def read_pieces(cache: Cache, table: str, ids: np.ndarray, pieces: Pieces, at: str = NOW
                ) -> tuple[VectorData, np.ndarray | None, np.ndarray | None]:
    """The features and pieces ``ids`` of a tile (see :class:`Pieces`), in the cache's CRS:
    ``(data, outlines, cuts)``: a piece is its feature clipped to its box (same fid, a row of
    its own); ``outlines`` the line each row's outline draws (a piece's: its feature's
    boundary within the box, never the cut) and ``cuts`` each row's box (NaN: a whole
    feature), both None when the tile holds no piece. Those standing ``at`` (read_tile)."""
    import shapely

    plain, pfids, boxes = pieces.lookup(ids)
    if not len(pfids):
        return read_tile(cache, table, plain, at=at), None, None
    data = read_tile(cache, table, np.union1d(plain, pfids), at=at)
    row = {int(f): i for i, f in enumerate(np.asarray(data.fids, np.int64))}
    rows = np.array([row.get(int(f), -1) for f in plain]
                    + [row.get(int(f), -1) for f in pfids], np.int64)
    is_piece = np.r_[np.zeros(len(plain), bool), np.ones(len(pfids), bool)]
    box = np.concatenate([np.full((len(plain), 4), np.nan), boxes])
    found = rows >= 0
    rows, is_piece, box = rows[found], is_piece[found], box[found]
    geoms = np.asarray(data.geoms)[rows].copy()
    outlines = shapely.boundary(geoms)
    if is_piece.any():
        p = np.flatnonzero(is_piece)
        b = box[p]
        geoms[p] = [shapely.clip_by_rect(g, *bb) for g, bb in zip(geoms[p], b, strict=True)]
        outlines[p] = [shapely.clip_by_rect(g, *bb) for g, bb in zip(outlines[p], b,
                                                                     strict=True)]
    polygonal = np.isin(shapely.get_type_id(geoms), (3, 6))  # what clipping left of an area
    keep = polygonal & ~shapely.is_empty(geoms)  # (a square its box overlaps, it does not)
    rows, geoms, outlines, box = rows[keep], geoms[keep], outlines[keep], box[keep]
    columns = {k: (v[rows] if isinstance(v, np.ndarray) else [v[i] for i in rows])
               for k, v in data.columns.items()}
    return replace(data, fids=np.asarray(data.fids)[rows], geoms=geoms, columns=columns), \
        outlines, box


def read_tile(cache: Cache, table: str, fids: np.ndarray, map_crs: Any = None,
              at: str = NOW) -> VectorData:
    """The features ``fids`` of ``table`` standing ``at`` (:meth:`store.cache.Cache.read`) as
    :func:`layers.vectors.read_layer` reads the whole table (one family, repaired, in
    ``map_crs``; default the cache's)."""
    from layers.vectors import ReadReport, _family_of_declared, _prepare
    from store.schema import LAYERS

    spec = LAYERS[table]
    names = [c.name for c in spec.table.c if c.name not in ("fid", "geom")]
    ids = json.dumps([int(f) for f in np.asarray(fids, np.int64)])
    feats = cache.read(table, names, where="t.fid IN (SELECT value FROM json_each(:ids))",
                       params={"ids": ids}, at=at)
    report = ReadReport(source=table, read=len(feats))
    return _prepare(table, feats.fids, feats.geoms, feats.columns,
                    _family_of_declared(spec.geometry_type), cache.crs,
                    cache.crs if map_crs is None else map_crs, report, table,
                    declared_z=spec.has_z)


__all__ = ["KEEP_RATIO", "LEAF_SIDE", "MAX_PIECES", "POINT_ERROR", "PRELOAD_ALL",
           "PRELOAD_CELLS", "Pieces", "VectorTree", "cache_table", "cut_big", "declared_z",
           "family", "feature_sizes", "meshed_whole", "read_pieces", "read_tile",
           "vector_tree"]
