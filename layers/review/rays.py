"""Occlusion for sunlight: does a ray from a receiver toward the sun hit anything?

The occluders (terrain, white models, LOD2 solids, the BIM) are one triangle mesh. Map
coordinates (Gauss-Krüger eastings of 400 km and more) are shifted to a local origin in float64
first and only then cast to float32 for Embree (``embreex`` through ``trimesh``); a float32
easting would be off by up to 3 cm. Without embreex, trimesh's own intersector is used when its
``rtree`` dependency is installed (far slower, same answers); with neither, a clear error.

Example
-------
>>> occ = Occluders.from_parts([wall_vertices], [wall_triangles])       # doctest: +SKIP
>>> occ.blocked(points, directions)                                     # doctest: +SKIP
array([ True, False, ...])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from store.errors import CimviewError

#: Rays cast per Embree call: bounds the memory of one batch (~100 bytes a ray).
BATCH = 250_000


class Occluders:
    """A triangle mesh that blocks sunlight, ready for ray queries.

    ``vertices`` (V, 3) float64 map coordinates; ``triangles`` (T, 3) int indices. The local
    origin is the vertices' bounding-box centre (or ``origin``)."""

    def __init__(self, vertices: np.ndarray, triangles: np.ndarray,
                 origin: np.ndarray | None = None):
        v = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
        t = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
        self.origin = (np.asarray(origin, np.float64) if origin is not None else
                       0.5 * (v.min(axis=0) + v.max(axis=0)) if len(v) else np.zeros(3))
        self.n_triangles = len(t)
        self._mesh = None
        self.engine = "none"
        if len(t):
            import trimesh

            local = (v - self.origin).astype(np.float32)
            self._mesh = trimesh.Trimesh(local, t, process=False, validate=False)
            try:
                from trimesh.ray.ray_pyembree import RayMeshIntersector

                self._ray = RayMeshIntersector(self._mesh, scale_to_box=False)
                self.engine = "embree"
            except ImportError:  # pragma: no cover - embreex is a dependency
                try:
                    import rtree  # noqa: F401  (trimesh's intersector needs it)
                    from trimesh.ray.ray_triangle import RayMeshIntersector as NumpyIntersector
                except ImportError:
                    raise CimviewError("sunlight needs the embreex package (ray casting): "
                                       "install it with pip") from None
                self._ray = NumpyIntersector(self._mesh)
                self.engine = "numpy"

    @classmethod
    def from_parts(cls, vertices: Sequence[np.ndarray], triangles: Sequence[np.ndarray],
                   origin: np.ndarray | None = None) -> Occluders:
        """One mesh from several (vertices, triangles) parts."""
        parts = [(np.asarray(v, float).reshape(-1, 3), np.asarray(t, np.int64).reshape(-1, 3))
                 for v, t in zip(vertices, triangles, strict=True) if len(t)]
        if not parts:
            return cls(np.zeros((0, 3)), np.zeros((0, 3), np.int64), origin)
        offsets = np.cumsum([0] + [len(v) for v, _ in parts[:-1]])
        return cls(np.vstack([v for v, _ in parts]),
                   np.vstack([t + o for (_, t), o in zip(parts, offsets, strict=True)]), origin)

    def blocked(self, points: np.ndarray, directions: np.ndarray) -> np.ndarray:
        """Whether each ray (point + s·direction, s > 0) hits the mesh: bool (n,)."""
        p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        d = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
        out = np.zeros(len(p), dtype=bool)
        if self._mesh is None or not len(p):
            return out
        for s in range(0, len(p), BATCH):
            e = min(s + BATCH, len(p))
            local = (p[s:e] - self.origin).astype(np.float32)
            out[s:e] = self._ray.intersects_any(local, d[s:e].astype(np.float32))
        return out

    def sunlit(self, points: np.ndarray, suns: np.ndarray, *, mask: np.ndarray | None = None,
               cancel: Callable[[], None] | None = None,
               progress: Callable[[float], None] | None = None) -> np.ndarray:
        """Which receivers see the sun at which samples: bool (n_points, n_suns).

        ``mask`` (n_points, n_suns) limits the rays cast (e.g. to suns in front of the facade,
        above the sweep angle); elsewhere the result is False. ``cancel`` is called between
        batches (it raises to stop); ``progress`` gets the fraction done."""
        p = np.asarray(points, np.float64).reshape(-1, 3)
        s = np.asarray(suns, np.float64).reshape(-1, 3)
        cast = np.ones((len(p), len(s)), bool) if mask is None else np.asarray(mask, bool)
        out = np.zeros(cast.shape, bool)
        pi, si = np.nonzero(cast)
        total = len(pi)
        for a in range(0, total, BATCH):
            if cancel is not None:
                cancel()
            b = min(a + BATCH, total)
            hit = self.blocked(p[pi[a:b]], s[si[a:b]])
            out[pi[a:b], si[a:b]] = ~hit
            if progress is not None:
                progress(b / total)
        return out


# -- meshes of what blocks the sun ---------------------------------------------------------------
def prism_mesh(rings: Sequence[np.ndarray], z0: np.ndarray, z1: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Walls and roofs of extruded footprints (LOD1 white models).

    ``rings`` are closed 2D rings (k, 2) (exteriors and holes alike, the last point equal to
    the first); ``z0``/``z1`` the bottom and top of each ring's building. Walls are two
    triangles per edge; roofs a constrained Delaunay triangulation per polygon are added by
    :func:`polygon_caps` (upward rays leave a prism through its roof, so walls decide)."""
    verts: list[np.ndarray] = []
    tris: list[np.ndarray] = []
    base = 0
    for ring, lo, hi in zip(rings, z0, z1, strict=True):
        r = np.asarray(ring, float)[:-1, :2]
        k = len(r)
        if k < 2 or not hi > lo:
            continue
        bottom = np.column_stack([r, np.full(k, lo)])
        top = np.column_stack([r, np.full(k, hi)])
        verts.append(np.vstack([bottom, top]))
        i = np.arange(k)
        j = (i + 1) % k
        tris.append(np.vstack([np.column_stack([i, j, k + j]), np.column_stack([i, k + j, k + i])])
                    + base)
        base += 2 * k
    if not verts:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    return np.vstack(verts), np.vstack(tris)


def polygon_caps(polygons: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat caps (roofs) of 2D polygons at heights ``z``: triangles of each polygon's
    constrained Delaunay triangulation (holes respected)."""
    import shapely

    polys = np.asarray(polygons, dtype=object)
    if not len(polys):
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    tri = shapely.get_parts(shapely.constrained_delaunay_triangles(polys), return_index=True)
    parts, owner = tri
    coords = shapely.get_coordinates(parts)  # 4 points per triangle (closed ring)
    if not len(coords):
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    coords = coords.reshape(-1, 4, 2)[:, :3, :]
    zz = np.repeat(np.asarray(z, float)[owner], 3)
    v = np.column_stack([coords.reshape(-1, 2), zz])
    return v, np.arange(len(v), dtype=np.int64).reshape(-1, 3)


def polygons3d_mesh(polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Triangles of planar 3D polygons (LOD2 walls and roofs): each exterior ring as a fan.

    Fans are exact for convex faces; a concave face's fan may cover a little outside it, a
    conservative error at its re-entrant corner only."""
    import shapely

    verts: list[np.ndarray] = []
    tris: list[np.ndarray] = []
    base = 0
    for poly in np.asarray(polygons, dtype=object):
        if poly is None or poly.is_empty:
            continue
        ring = np.asarray(shapely.get_coordinates(poly.exterior, include_z=True))[:-1]
        k = len(ring)
        if k < 3 or not np.isfinite(ring).all():
            continue
        i = np.arange(1, k - 1)
        verts.append(ring)
        tris.append(np.column_stack([np.zeros(k - 2, np.int64), i, i + 1]) + base)
        base += k
    if not verts:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    return np.vstack(verts), np.vstack(tris)


def grid_mesh(values: np.ndarray, x0: float, y0: float, dx: float, dy: float
              ) -> tuple[np.ndarray, np.ndarray]:
    """A terrain mesh from a north-up grid of heights at cell centres: (x0, y0) is the centre
    of cell [0, 0], rows go −dy (south) each. Two triangles per cell with both corners' heights
    finite (nodata cells make holes)."""
    z = np.asarray(values, dtype=np.float64)
    rows, cols = z.shape
    if rows < 2 or cols < 2:
        return np.zeros((0, 3)), np.zeros((0, 3), np.int64)
    xs = x0 + np.arange(cols) * dx
    ys = y0 - np.arange(rows) * dy
    gx, gy = np.meshgrid(xs, ys)
    v = np.column_stack([gx.ravel(), gy.ravel(), z.ravel()])
    idx = np.arange(rows * cols).reshape(rows, cols)
    a, b = idx[:-1, :-1].ravel(), idx[:-1, 1:].ravel()
    c, d = idx[1:, :-1].ravel(), idx[1:, 1:].ravel()
    t = np.vstack([np.column_stack([a, c, b]), np.column_stack([b, c, d])])
    ok = np.isfinite(v[t, 2]).all(axis=1)
    return np.where(np.isfinite(v), v, 0.0), t[ok]
