"""Measurement rules: distances along a 3D polyline, areas, heights and snapping (pure numpy).

Everything is in the cache CRS (metres, z up) and takes ``(n, 3)`` arrays of points; nothing
here knows about a view. The measure tool (:mod:`app.measure`) picks the points, these rules
give the numbers.

Example
-------
>>> d = distances([(0, 0, 0), (3, 4, 12)])
>>> d.horizontal, d.vertical, d.slope
(5.0, 12.0, 13.0)
>>> horizontal_area([(0, 0, 0), (10, 0, 0), (10, 5, 0), (0, 5, 0)])
50.0
>>> snap((0.2, 0.1, 0.0), [(0.0, 0.0, 0.0)], [], 0.5)
((0.0, 0.0, 0.0), 'vertex')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: What a snapped point lies on: a mesh vertex, a point on a mesh edge, or just the surface.
SNAP_KINDS = ("vertex", "edge", "surface")
#: Two faces meeting at a smaller angle than this (degrees) share a smooth edge: not snapped to.
SHARP_ANGLE = 20.0
#: Edge endpoints closer than this (m) are one point when edges are matched between faces.
_EDGE_GRID = 1e-3


def _points(points: object) -> np.ndarray:
    p = np.asarray(points, dtype=np.float64)
    if p.size == 0:
        return np.zeros((0, 3))
    if p.ndim != 2 or p.shape[1] not in (2, 3):
        raise ValueError(f"points must be (n, 2) or (n, 3), not {p.shape}")
    if p.shape[1] == 2:
        p = np.column_stack([p, np.zeros(len(p))])
    return p


# -- distances ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Distances:
    """Along a polyline: ``horizontal`` (plan length), ``vertical`` (last z minus first z,
    signed), ``slope`` (3D length) and ``segments`` (number of legs), in metres."""

    horizontal: float
    vertical: float
    slope: float
    segments: int


def distances(points: object) -> Distances:
    """Horizontal, vertical and slope distance along a polyline of 3D points.

    >>> distances([(0, 0, 0), (0, 10, 0), (0, 10, 5)]).slope
    15.0
    """
    p = _points(points)
    if len(p) < 2:
        return Distances(0.0, 0.0, 0.0, 0)
    d = np.diff(p, axis=0)
    return Distances(float(np.hypot(d[:, 0], d[:, 1]).sum()), float(p[-1, 2] - p[0, 2]),
                     float(np.linalg.norm(d, axis=1).sum()), len(d))


# -- areas ----------------------------------------------------------------------------------------
def horizontal_area(points: object) -> float:
    """Area (m²) of the polygon's plan (its projection on the horizontal plane); the ring is
    closed implicitly; fewer than three points: 0."""
    p = _points(points)
    if len(p) < 3:
        return 0.0
    x, y = p[:, 0] - p[:, 0].mean(), p[:, 1] - p[:, 1].mean()  # centred: no cancellation
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def perimeter(points: object) -> float:
    """Plan length (m) of the closed ring through the points."""
    p = _points(points)
    if len(p) < 2:
        return 0.0
    d = np.diff(np.vstack([p, p[:1]]), axis=0)
    return float(np.hypot(d[:, 0], d[:, 1]).sum())


def surface_area(points: object, height_at: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 samples: int = 48) -> float | None:
    """Area (m²) of the terrain surface inside the polygon's plan.

    The plan area times the mean slope factor ``sqrt(1 + zx² + zy²)`` of the terrain, sampled
    on a ``samples × samples`` grid over the polygon (central differences of ``height_at``, a
    vectorised height function returning NaN off the terrain). None when the terrain is not
    under the polygon.
    """
    p = _points(points)
    plan = horizontal_area(p)
    if plan <= 0.0:
        return None
    lo, hi = p[:, :2].min(axis=0), p[:, :2].max(axis=0)
    step = float(max(hi - lo)) / samples
    if step <= 0.0:
        return None
    gx, gy = np.meshgrid(np.arange(lo[0] + step / 2, hi[0], step),
                         np.arange(lo[1] + step / 2, hi[1], step))
    x, y = gx.ravel(), gy.ravel()
    x, y = x[inside(p, x, y)], y[inside(p, x, y)]
    if not len(x):
        return None
    h = step / 2
    zx = (np.asarray(height_at(x + h, y), float) - np.asarray(height_at(x - h, y), float)) / step
    zy = (np.asarray(height_at(x, y + h), float) - np.asarray(height_at(x, y - h), float)) / step
    factor = np.sqrt(1.0 + zx * zx + zy * zy)
    factor = factor[np.isfinite(factor)]
    if not len(factor):
        return None
    return float(plan * factor.mean())


def inside(ring: object, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which points (x, y) are inside the ring's plan (even-odd rule)."""
    p = _points(ring)
    x, y = np.asarray(x, float), np.asarray(y, float)
    result = np.zeros(x.shape, dtype=bool)
    if len(p) < 3:
        return result
    ax, ay = p[:, 0], p[:, 1]
    bx, by = np.roll(ax, -1), np.roll(ay, -1)
    for x0, y0, x1, y1 in zip(ax, ay, bx, by, strict=True):  # per edge, vectorised over points
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xi = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        result ^= crosses & (x < xi)
    return result


# -- heights --------------------------------------------------------------------------------------
def height_above(point: Sequence[float], ground_z: float | None) -> float | None:
    """Height (m) of a point above the ground beneath it; None when the ground is unknown."""
    if ground_z is None or not np.isfinite(ground_z):
        return None
    return float(point[2]) - float(ground_z)


def feature_height(points: object) -> float:
    """Height (m) of a feature standing on the ground: its highest point above its lowest
    (a LOD1 building: roof above the base it was extruded from)."""
    p = _points(points)
    return float(p[:, 2].max() - p[:, 2].min()) if len(p) else 0.0


# -- snapping -------------------------------------------------------------------------------------
def closest_on_segments(point: Sequence[float], segments: object) -> tuple[np.ndarray, np.ndarray]:
    """The closest point on each segment to ``point`` and its distance; segments ``(m, 2, 3)``."""
    s = np.asarray(segments, dtype=np.float64).reshape(-1, 2, 3)
    p = np.asarray(point, dtype=np.float64)
    a, ab = s[:, 0], s[:, 1] - s[:, 0]
    ll = np.einsum("ij,ij->i", ab, ab)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(ll > 0, np.einsum("ij,ij->i", p - a, ab) / ll, 0.0)
    q = a + np.clip(t, 0.0, 1.0)[:, None] * ab
    return q, np.linalg.norm(q - p, axis=1)


def snap(cursor_world: Sequence[float], candidates_vertices: object, candidates_edges: object,
         tolerance_world: float) -> tuple[tuple[float, float, float], str]:
    """Where a measured point goes: the nearest vertex within the tolerance, else the nearest
    point on an edge within it, else the cursor's own surface point.

    Vertices win over edges whenever one is within the tolerance, even if an edge is nearer,
    so a corner is easy to hit. Returns ``(point, kind)`` with kind in :data:`SNAP_KINDS`.
    """
    c = np.asarray(cursor_world, dtype=np.float64).reshape(3)
    v = np.asarray(candidates_vertices, dtype=np.float64).reshape(-1, 3)
    if len(v):
        d = np.linalg.norm(v - c, axis=1)
        i = int(np.argmin(d))
        if d[i] <= tolerance_world:
            return tuple(float(x) for x in v[i]), "vertex"  # type: ignore[return-value]
    e = np.asarray(candidates_edges, dtype=np.float64).reshape(-1, 2, 3)
    if len(e):
        q, d = closest_on_segments(c, e)
        i = int(np.argmin(d))
        if d[i] <= tolerance_world:
            return tuple(float(x) for x in q[i]), "edge"  # type: ignore[return-value]
    return tuple(float(x) for x in c), "surface"  # type: ignore[return-value]


def face_normals(faces: Sequence[np.ndarray]) -> np.ndarray:
    """Unit normals (Newell's method) of polygons given as ``(k, 3)`` vertex arrays."""
    out = np.zeros((len(faces), 3))
    for n, f in enumerate(faces):  # faces are few (one feature's)
        f = np.asarray(f, dtype=np.float64)
        nxt = np.roll(f, -1, axis=0)
        v = np.array([((f[:, 1] - nxt[:, 1]) * (f[:, 2] + nxt[:, 2])).sum(),
                      ((f[:, 2] - nxt[:, 2]) * (f[:, 0] + nxt[:, 0])).sum(),
                      ((f[:, 0] - nxt[:, 0]) * (f[:, 1] + nxt[:, 1])).sum()])
        length = np.linalg.norm(v)
        out[n] = v / length if length > 0 else v
    return out


def sharp_edges(faces: Sequence[np.ndarray], angle_deg: float = SHARP_ANGLE) -> np.ndarray:
    """The edges a user sees on a faceted feature, ``(m, 2, 3)``: edges on the border of the
    faces, and edges between faces meeting at more than ``angle_deg``. Edges inside a flat or
    smooth surface (a roof's triangulation, a pipe's facets) are left out.

    Faces are polygons as ``(k, 3)`` vertex arrays; faces that do not share points are
    matched by coordinates (to 1 mm).
    """
    if not len(faces):
        return np.zeros((0, 2, 3))
    normals = face_normals(faces)
    starts = [np.asarray(f, dtype=np.float64) for f in faces]
    a = np.vstack(starts)
    b = np.vstack([np.roll(f, -1, axis=0) for f in starts])
    face = np.repeat(np.arange(len(starts)), [len(f) for f in starts])
    ka, kb = np.round(a / _EDGE_GRID).astype(np.int64), np.round(b / _EDGE_GRID).astype(np.int64)
    diff = ka - kb  # each edge's key: its two ends in lexicographic order
    sign = diff[np.arange(len(diff)), np.argmax(diff != 0, axis=1)]
    key = np.where((sign <= 0)[:, None], np.hstack([ka, kb]), np.hstack([kb, ka]))
    _, group, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
    group = group.ravel()
    keep = counts[group] == 1
    shared = np.flatnonzero(counts[group] >= 2)
    if len(shared):
        # compare each shared edge's face normal with the first face of its group
        order = shared[np.argsort(group[shared], kind="stable")]
        g = group[order]
        lead = order[np.r_[True, g[1:] != g[:-1]]]
        lead_of = dict(zip(group[lead].tolist(), face[lead].tolist(), strict=True))
        ref = normals[[lead_of[int(x)] for x in group[order]]]
        cos = np.einsum("ij,ij->i", normals[face[order]], ref)
        sharp_groups = np.unique(g[cos < np.cos(np.radians(angle_deg))])
        keep |= np.isin(group, sharp_groups)
    edges = np.stack([a[keep], b[keep]], axis=1)
    # one copy of each edge
    _, idx = np.unique(key[keep], axis=0, return_index=True)
    return edges[np.sort(idx)]


__all__ = ["SNAP_KINDS", "Distances", "closest_on_segments", "distances", "face_normals",
           "feature_height", "height_above", "horizontal_area", "inside", "perimeter",
           "sharp_edges", "snap", "surface_area"]
