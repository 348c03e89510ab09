"""Level of detail for the draped vector layers of the cache (roads, water, parcels, addresses
and any geometry table of cimview's schema): a quadtree of the layer's features by their
R*Tree bounds (:func:`layers.feature_lod.feature_tree`), and one tile's features read by fid.

Inner tiles draw only the lines and polygons big enough to see where they are drawn (their
bbox's larger side at least :data:`KEEP_RATIO` times the tile's geometric error: main roads,
water, large parcels); points (and so their labels) only in leaves, near the camera
(:data:`POINT_ERROR`). Leaves draw every feature of theirs. Layers of at most
:data:`PRELOAD_ALL` features, files and the field observations are drawn whole instead.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.feature_lod import LEAF_SIZE, FeatureTree, feature_bounds, feature_tree

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
                leaf_side: float = LEAF_SIDE) -> FeatureTree:
    """The quadtree of ``table``'s features (see the module docstring); tile boxes relative
    to ``origin_xy``; leaves of at most ``leaf_size`` features, lines' and polygons' at most
    ``leaf_side`` m wide."""
    fids, bounds, _ = feature_bounds(cache, table)
    geometry = geometry or family(table)
    if geometry == "point":
        return feature_tree(fids, bounds, origin_xy, z_range=Z_RANGE, leaf_size=leaf_size,
                            glyph_error=POINT_ERROR)
    return feature_tree(fids, bounds, origin_xy, size=feature_sizes(bounds), z_range=Z_RANGE,
                        leaf_size=leaf_size, keep_ratio=KEEP_RATIO, by_centres=True,
                        leaf_side=leaf_side)


def read_tile(cache: Cache, table: str, fids: np.ndarray, map_crs: Any = None) -> VectorData:
    """The features ``fids`` of ``table`` as :func:`layers.vectors.read_layer` reads the
    whole table (one family, repaired, in ``map_crs``; default the cache's)."""
    from layers.vectors import ReadReport, _family_of_declared, _prepare
    from store.schema import LAYERS

    spec = LAYERS[table]
    names = [c.name for c in spec.table.c if c.name not in ("fid", "geom")]
    ids = json.dumps([int(f) for f in np.asarray(fids, np.int64)])
    feats = cache.read(table, names, where="t.fid IN (SELECT value FROM json_each(:ids))",
                       params={"ids": ids})
    report = ReadReport(source=table, read=len(feats))
    return _prepare(table, feats.fids, feats.geoms, feats.columns,
                    _family_of_declared(spec.geometry_type), cache.crs,
                    cache.crs if map_crs is None else map_crs, report, table,
                    declared_z=spec.has_z)


__all__ = ["KEEP_RATIO", "LEAF_SIDE", "POINT_ERROR", "PRELOAD_ALL", "cache_table",
           "declared_z", "family", "feature_sizes", "read_tile", "vector_tree"]
