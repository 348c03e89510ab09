"""Sunlight hours per GB/T 50947-2014, as small pure functions on numpy arrays.

- :func:`facade_receivers`  points along sun-facing facades at the sill height, off the wall
- :func:`window_receivers`  one point per window, on its facade, at the sill height
- :func:`facing_mask`       which (receiver, sun) pairs count: sun above the horizon (and any
  cut-off altitude), in front of the facade at no less than the minimum sweep angle
- :func:`count_hours`       hours from the sunlit samples: cumulative, or the longest
  continuous period; pieces shorter than the minimum segment are dropped
- :func:`receiver_status`   pass / fail (the proposal causes the shortfall) / existing
- :func:`shadow_region`     the ground a building can shade over the day (who to check)

A sample stands for one time step (:func:`layers.review.sun.sample_minutes`): ``k`` sunlit
samples in a counted piece are ``k × step`` minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

#: A receiver's status: meets the standard; below it because of the proposal; below it
#: already without the proposal (and the proposal takes nothing more away).
PASS, FAIL, EXISTING = "pass", "fail", "existing"
COUNTINGS = ("cumulative", "continuous")


@dataclass(frozen=True)
class Receivers:
    """Receivers on facades: ``points`` (n, 3), outward ``normals`` (n, 3, horizontal) and the
    index of the polygon each stands on (``owner``)."""

    points: np.ndarray
    normals: np.ndarray
    owner: np.ndarray

    def __len__(self) -> int:
        return len(self.points)

    def take(self, keep: np.ndarray) -> Receivers:
        """The receivers selected by a boolean mask or indices."""
        return Receivers(self.points[keep], self.normals[keep], self.owner[keep])


def facade_receivers(polygons: Sequence[shapely.Geometry] | np.ndarray, floor_z: np.ndarray, *,
                     spacing: float, sill: float = 0.9, offset: float = 0.05,
                     suns: np.ndarray | None = None, min_sweep_deg: float = 0.0,
                     min_facade: float = 0.0) -> Receivers:
    """Points along the facades of footprints, ``sill`` m above each floor, ``offset`` m out
    from the wall, at most ``spacing`` m apart (evenly, the first and last half a step from
    the corners).

    Only facades that face the sun count: with ``suns`` (unit vectors toward the sun, (m, 3))
    a facade needs at least one sample above the horizon in front of it at no less than
    ``min_sweep_deg`` from the wall. Facades shorter than ``min_facade`` are left out.
    Holes (courtyards) have facades too."""
    if spacing <= 0:
        raise ValueError("spacing must be positive")
    geoms = shapely.orient_polygons(np.asarray(polygons, dtype=object))  # shells CCW
    parts, owner_of_part = shapely.get_parts(geoms, return_index=True)
    rings, part_of_ring = shapely.get_rings(parts, return_index=True)
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[:-1] == ring_of[1:]
    a, b = xy[:-1][same], xy[1:][same]
    edge_owner = owner_of_part[part_of_ring[ring_of[:-1][same]]]
    d = b - a
    length = np.hypot(d[:, 0], d[:, 1])
    keep = length > max(min_facade, 1e-6)
    a, d, length, edge_owner = a[keep], d[keep], length[keep], edge_owner[keep]
    normal = np.column_stack([d[:, 1], -d[:, 0]]) / length[:, None]
    if suns is not None:
        s = np.asarray(suns, float)
        up = s[:, 2] > 0
        h = s[up, :2]
        h = h / np.maximum(np.linalg.norm(h, axis=1), 1e-12)[:, None]
        facing = (normal @ h.T >= np.sin(np.radians(min_sweep_deg)) - 1e-12).any(axis=1) \
            if len(h) else np.zeros(len(normal), bool)
        a, d, length, edge_owner, normal = (a[facing], d[facing], length[facing],
                                            edge_owner[facing], normal[facing])
    count = np.maximum(np.ceil(length / spacing - 1e-9), 1).astype(np.int64)
    edge = np.repeat(np.arange(len(a)), count)
    first = np.repeat(np.cumsum(count) - count, count)
    t = (np.arange(count.sum()) - first + 0.5) / count[edge]
    pts = a[edge] + t[:, None] * d[edge] + offset * normal[edge]
    owner = edge_owner[edge]
    z = np.asarray(floor_z, float)[owner] + sill
    normals = np.column_stack([normal[edge], np.zeros(len(edge))])
    return Receivers(np.column_stack([pts, z]), normals, owner.astype(np.int64))


def window_receivers(windows_xy: np.ndarray, outline: shapely.Geometry, floor_z: float, *,
                     sill: float = 0.9, offset: float = 0.05, suns: np.ndarray | None = None,
                     min_sweep_deg: float = 0.0) -> Receivers:
    """One receiver per window: its plan centre moved onto the nearest facade of ``outline``,
    ``offset`` m out, ``sill`` m above the floor; windows whose facade never faces the sun
    (beyond ``min_sweep_deg``) are left out. ``owner`` is the window's index."""
    w = np.asarray(windows_xy, float).reshape(-1, 2)
    geoms = shapely.orient_polygons(np.asarray([outline], dtype=object))
    rings = shapely.get_rings(shapely.get_parts(geoms))
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    same = ring_of[:-1] == ring_of[1:]
    a, b = xy[:-1][same], xy[1:][same]
    d = b - a
    length2 = (d ** 2).sum(axis=1)
    ok = length2 > 1e-12
    a, d, length2 = a[ok], d[ok], length2[ok]
    if not len(w) or not len(a):
        return Receivers(np.zeros((0, 3)), np.zeros((0, 3)), np.zeros(0, np.int64))
    t = np.clip(((w[:, None, :] - a[None]) * d[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    foot = a[None] + t[:, :, None] * d[None]
    k = np.argmin(((w[:, None, :] - foot) ** 2).sum(axis=2), axis=1)
    n = np.column_stack([d[k, 1], -d[k, 0]]) / np.sqrt(length2[k])[:, None]
    pts = foot[np.arange(len(w)), k] + offset * n
    normals = np.column_stack([n, np.zeros(len(w))])
    keep = np.ones(len(w), bool)
    if suns is not None:
        keep = facing_mask(normals, suns, min_sweep_deg=min_sweep_deg).any(axis=1)
    idx = np.flatnonzero(keep)
    return Receivers(np.column_stack([pts[idx], np.full(len(idx), floor_z + sill)]),
                     normals[idx], idx.astype(np.int64))


def facing_mask(normals: np.ndarray, suns: np.ndarray, *, min_sweep_deg: float = 0.0,
                min_altitude_deg: float = 0.0) -> np.ndarray:
    """(n, m) bool: the sun counts for the receiver at the sample. It is above
    ``min_altitude_deg`` (and the horizon) and, for a receiver on a facade (a non-zero
    ``normal``), in front of it with its plan direction at least ``min_sweep_deg`` from the
    wall (最小扫掠角). A receiver with a zero normal (a free point) sees every direction."""
    n = np.asarray(normals, float).reshape(-1, 3)
    s = np.asarray(suns, float).reshape(-1, 3)
    alt = np.degrees(np.arcsin(np.clip(s[:, 2], -1, 1)))
    above = (alt > max(min_altitude_deg, 0.0))[None, :]
    h = s[:, :2] / np.maximum(np.linalg.norm(s[:, :2], axis=1), 1e-12)[:, None]
    nh = n[:, :2]
    free = np.linalg.norm(nh, axis=1) < 1e-9
    nh = nh / np.maximum(np.linalg.norm(nh, axis=1), 1e-12)[:, None]
    front = nh @ h.T >= np.sin(np.radians(min_sweep_deg)) - 1e-12
    return above & (front | free[:, None])


def runs(sunlit: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every run of consecutive True samples in each row: (row, start, end) with ``end``
    exclusive, ordered by row then start.

    >>> [a.tolist() for a in runs(np.array([[1, 1, 0, 1], [0, 0, 0, 0]], bool))]
    [[0, 0], [0, 3], [2, 4]]
    """
    x = np.asarray(sunlit, bool)
    if x.ndim == 1:
        x = x[None, :]
    pad = np.zeros((x.shape[0], 1), bool)
    edges = np.diff(np.hstack([pad, x, pad]).astype(np.int8), axis=1)
    r_start, start = np.nonzero(edges == 1)
    _r_end, end = np.nonzero(edges == -1)
    return r_start, start, end


@dataclass(frozen=True)
class Counted:
    """Hours per receiver and the periods counted: ``hours`` (n,); runs as ``row``,
    ``start``, ``end`` sample indices (end exclusive) of the counted pieces."""

    hours: np.ndarray
    row: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def periods(self, i: int) -> list[tuple[int, int]]:
        sel = self.row == i
        return list(zip(self.start[sel].tolist(), self.end[sel].tolist(), strict=True))


def count_hours(sunlit: np.ndarray, step_min: float, *, counting: str = "cumulative",
                min_segment_min: float = 0.0, max_segments: int | None = None) -> Counted:
    """Sunlight hours per receiver from its sunlit samples (n, m).

    Pieces shorter than ``min_segment_min`` are dropped. ``"cumulative"`` adds the remaining
    pieces (only the ``max_segments`` longest, when set); ``"continuous"`` takes the longest.

    >>> s = np.array([[1, 1, 1, 0, 1, 0, 1, 1]], bool)
    >>> count_hours(s, 30, min_segment_min=60).hours.tolist()
    [2.5]
    >>> count_hours(s, 30, counting="continuous").hours.tolist()
    [1.5]
    """
    if counting not in COUNTINGS:
        raise ValueError(f"counting must be one of {COUNTINGS}, not {counting!r}")
    x = np.asarray(sunlit, bool)
    if x.ndim == 1:
        x = x[None, :]
    row, start, end = runs(x)
    minutes = (end - start) * float(step_min)
    keep = minutes >= float(min_segment_min) - 1e-9
    row, start, end, minutes = row[keep], start[keep], end[keep], minutes[keep]
    limit = 1 if counting == "continuous" else max_segments
    if limit is not None and len(row):
        # rank each row's pieces, longest first (earliest first among equals)
        order = np.lexsort((start, -minutes, row))
        row, start, end, minutes = row[order], start[order], end[order], minutes[order]
        first = np.searchsorted(row, row, side="left")
        rank = np.arange(len(row)) - first
        keep = rank < int(limit)
        row, start, end, minutes = row[keep], start[keep], end[keep], minutes[keep]
        order = np.lexsort((start, row))
        row, start, end, minutes = row[order], start[order], end[order], minutes[order]
    hours = np.bincount(row, weights=minutes, minlength=x.shape[0]) / 60.0
    return Counted(hours, row, start, end)


def boundary_minutes(sample_min: np.ndarray, step_min: float, index: np.ndarray) -> np.ndarray:
    """The clock time (minutes) of the boundary before sample ``index`` (``index == m`` is the
    end of the window), in the clock of ``sample_min`` (true solar or Beijing time)."""
    s = np.asarray(sample_min, float)
    i = np.asarray(index)
    return np.where(i < len(s), s[np.minimum(i, len(s) - 1)] - 0.5 * step_min,
                    s[-1] + 0.5 * step_min)


def receiver_status(hours_with: np.ndarray, hours_without: np.ndarray, required: float, *,
                    tolerance_h: float = 0.0, worsening_existing_fails: bool = True
                    ) -> list[str]:
    """Per receiver: ``"pass"`` when it has the required hours with the proposal;
    ``"existing"`` when it was short already without the proposal (and, with
    ``worsening_existing_fails``, loses no more than ``tolerance_h`` to it); else ``"fail"``.

    >>> receiver_status(np.array([3.5, 2.0, 1.0, 1.0]), np.array([4, 4, 1, 2.0]), 3)
    ['pass', 'fail', 'existing', 'fail']
    """
    w = np.asarray(hours_with, float)
    wo = np.asarray(hours_without, float)
    ok = w >= required - 1e-9
    short_before = wo < required - 1e-9
    no_loss = w >= wo - tolerance_h - 1e-9
    existing = short_before & (no_loss | (not worsening_existing_fails))
    return [PASS if o else EXISTING if e else FAIL for o, e in zip(ok, existing, strict=True)]


def shadow_region(outline: shapely.Geometry, height: float, suns: np.ndarray, *,
                  min_altitude_deg: float = 0.0, samples: int = 96) -> shapely.Geometry:
    """The ground a vertical solid of plan ``outline`` and ``height`` m shades over the samples
    (unit vectors toward the sun): the union of hulls of the outline and its shadow-casting
    copies at consecutive samples (at most ``samples`` + 1 of them). Empty when the sun never
    rises above ``min_altitude_deg``."""
    s = np.asarray(suns, float).reshape(-1, 3)
    alt = np.degrees(np.arcsin(np.clip(s[:, 2], -1, 1)))
    s = s[alt > max(min_altitude_deg, 0.0)]
    if not len(s) or outline.is_empty or height <= 0:
        return shapely.Polygon()
    pick = np.unique(np.r_[np.linspace(0, len(s) - 1, min(samples, len(s)) + 1).round()
                          .astype(int)])
    s = s[pick]
    shift = -s[:, :2] / s[:, 2:3] * height  # the tip of a point's shadow, per sample
    hull = shapely.convex_hull(outline)
    pts = shapely.get_coordinates(hull)
    pieces = []
    for i in range(len(shift)):
        j = min(i + 1, len(shift) - 1)
        moved = np.vstack([pts, pts + shift[i], pts + shift[j]])
        pieces.append(shapely.convex_hull(shapely.multipoints(moved)))
    return shapely.union_all(pieces)
