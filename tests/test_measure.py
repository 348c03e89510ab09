"""Measurement rules without a display: distances, areas, heights, the snapping rule."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import layers.measure as measure
from layers.measure import (
    distances,
    feature_height,
    height_above,
    horizontal_area,
    inside,
    perimeter,
    sharp_edges,
    snap,
    surface_area,
)


def test_doctests() -> None:
    assert doctest.testmod(measure).failed == 0


def test_distances_along_a_polyline() -> None:
    d = distances([(0, 0, 10), (30, 40, 10), (30, 40, 22), (30, 45, 22)])
    assert d.horizontal == pytest.approx(55.0)
    assert d.vertical == pytest.approx(12.0)
    assert d.slope == pytest.approx(50.0 + 12.0 + 5.0)
    assert d.segments == 3
    down = distances([(0, 0, 5), (3, 4, -7)])
    assert down.vertical == pytest.approx(-12.0) and down.slope == pytest.approx(13.0)
    assert distances([(1, 2, 3)]) == measure.Distances(0.0, 0.0, 0.0, 0)


def test_distances_keep_centimetres_far_from_the_origin() -> None:
    """Cache CRS numbers are large (x ≈ 4e5, y ≈ 2.5e6): float64 keeps the millimetres."""
    a = np.array([428_123.456, 2_555_987.654, 12.3])
    b = a + [0.003, 0.004, 0.0]
    assert distances([a, b]).horizontal == pytest.approx(0.005, abs=1e-7)


def test_areas() -> None:
    square = [(428_000, 2_555_000, 3), (428_010, 2_555_000, 9), (428_010, 2_555_020, 1),
              (428_000, 2_555_020, 0)]
    assert horizontal_area(square) == pytest.approx(200.0)
    assert horizontal_area(square[::-1]) == pytest.approx(200.0)  # either winding
    assert horizontal_area(square[:2]) == 0.0
    assert perimeter(square) == pytest.approx(60.0)
    # a plane rising 1 m per metre eastward: the surface is √2 times the plan
    flat = surface_area(square, lambda x, y: np.zeros_like(x))
    tilted = surface_area(square, lambda x, y: x - 428_000)
    assert flat == pytest.approx(200.0)
    assert tilted == pytest.approx(200.0 * np.sqrt(2.0), rel=1e-6)
    assert surface_area(square, lambda x, y: np.full_like(x, np.nan)) is None
    # an L shape: only the samples inside count
    ell = [(0, 0), (10, 0), (10, 5), (5, 5), (5, 10), (0, 10)]
    assert horizontal_area(ell) == pytest.approx(75.0)
    assert inside(ell, np.array([2.0, 8.0, 8.0]), np.array([8.0, 2.0, 8.0])).tolist() == \
        [True, True, False]


def test_heights() -> None:
    assert height_above((0, 0, 35.5), 20.25) == pytest.approx(15.25)
    assert height_above((0, 0, 35.5), None) is None
    assert height_above((0, 0, 35.5), float("nan")) is None
    box = [(0, 0, 12.0), (5, 0, 12.0), (5, 0, 30.5), (0, 5, 30.5)]
    assert feature_height(box) == pytest.approx(18.5)


def test_snap_vertices_win_over_edges_within_the_tolerance() -> None:
    vertices = [(0, 0, 0), (10, 0, 0)]
    edges = [[(0, 0, 0), (10, 0, 0)]]
    # near the corner: the vertex, although the edge is nearer still
    point, kind = snap((0.3, 0.05, 0), vertices, edges, 0.5)
    assert kind == "vertex" and point == (0.0, 0.0, 0.0)
    # along the edge: the closest point on it
    point, kind = snap((4.0, 0.2, 0), vertices, edges, 0.5)
    assert kind == "edge" and np.allclose(point, (4.0, 0.0, 0.0))
    # beyond the ends of a segment the end counts, but a vertex is then nearer anyway
    point, kind = snap((-0.4, 0.0, 0), [], edges, 0.5)
    assert kind == "edge" and np.allclose(point, (0.0, 0.0, 0.0))
    # nothing within the tolerance: the surface point itself
    point, kind = snap((4.0, 3.0, 1.0), vertices, edges, 0.5)
    assert kind == "surface" and point == (4.0, 3.0, 1.0)
    assert snap((1, 2, 3), np.zeros((0, 3)), np.zeros((0, 2, 3)), 1.0) == ((1.0, 2.0, 3.0),
                                                                          "surface")
    # the nearest of several vertices
    point, kind = snap((9.8, 0.1, 0), vertices, edges, 0.5)
    assert kind == "vertex" and point == (10.0, 0.0, 0.0)


def _box(x0: float, y0: float, w: float, d: float, z0: float, z1: float) -> list[np.ndarray]:
    """A LOD1 block as a building mesh has it: a roof of two triangles, four wall quads, walls
    and roof not sharing points."""
    c = np.array([(x0, y0), (x0 + w, y0), (x0 + w, y0 + d), (x0, y0 + d)], dtype=float)
    top = np.column_stack([c, np.full(4, z1)])
    faces = [top[[0, 1, 2]], top[[0, 2, 3]]]
    for i in range(4):
        j = (i + 1) % 4
        faces.append(np.array([(*c[i], z0), (*c[j], z0), (*c[j], z1), (*c[i], z1)]))
    return faces


def test_sharp_edges_are_what_a_user_sees() -> None:
    edges = sharp_edges(_box(0, 0, 10, 6, 2, 20))
    # 4 roof outline + 4 vertical corners + 4 bottom edges; not the roof's diagonal
    assert len(edges) == 12
    lengths = np.sort(np.linalg.norm(edges[:, 1] - edges[:, 0], axis=1))
    assert np.allclose(lengths, sorted([10, 10, 6, 6] * 2 + [18] * 4))
    diagonal = np.array([[10, 0, 20], [0, 6, 20]], dtype=float)
    assert not any(np.allclose(np.sort(e, axis=0), np.sort(diagonal, axis=0)) for e in edges)
    # a wall split in two collinear quads: the seam between them is not an edge
    faces = [np.array([(0, 0, 0), (5, 0, 0), (5, 0, 3), (0, 0, 3)], float),
             np.array([(5, 0, 0), (10, 0, 0), (10, 0, 3), (5, 0, 3)], float)]
    seams = [e for e in sharp_edges(faces) if np.allclose(e[:, 0], 5)]
    assert not seams
    assert sharp_edges([]).shape == (0, 2, 3)
