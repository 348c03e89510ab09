"""Level-of-detail selection: known answers for SSE, culling, traversal, budget."""

import math

import numpy as np
import pytest

from layers.lod import (
    Camera,
    LodTile,
    boxes_visible,
    distance_to_boxes,
    distance_to_spheres,
    effective_max_sse,
    frustum_planes,
    screen_space_error,
    select_tiles,
    spheres_visible,
)
from layers.lod_cache import TileBudget


def test_sse_of_a_tile_at_a_distance_computed_by_hand():
    # 10 m error, 500 m away, 800 px viewport, 60 degree fovy:
    # 10 * 800 / (500 * 2 * tan(30 deg)) = 8000 / 577.35 = 13.856 px
    sse = screen_space_error(10.0, 500.0, 800, 60.0)
    assert float(sse) == pytest.approx(13.8564, abs=1e-3)
    # vectorised, and inside the volume (distance 0) it is huge
    many = screen_space_error([10.0, 10.0], [1000.0, 0.0], 800, 60.0)
    assert many[0] == pytest.approx(6.9282, abs=1e-3)
    assert many[1] > 1e6


def test_distances_to_boxes_and_spheres():
    d = distance_to_boxes([0, 0, 0], [[3, 4, -1], [-1, -1, -1]], [[5, 6, 1], [1, 1, 1]])
    assert d.tolist() == [5.0, 0.0]
    assert distance_to_spheres([0, 0, 0], [[0, 0, 13]], [3]).tolist() == [10.0]


def _camera_looking_north():
    return Camera(position=(0, 0, 10), focal_point=(0, 100, 10), view_up=(0, 0, 1),
                  view_angle=60.0, aspect=1.5, near=1.0, far=5000.0)


def test_box_behind_the_camera_is_culled_box_ahead_kept():
    planes = frustum_planes(_camera_looking_north())
    lo = [[-10, -200, 0], [-10, 100, 0], [5000, 100, 0], [-10, 6000, 0]]
    hi = [[10, -100, 20], [10, 120, 20], [5100, 120, 20], [10, 6100, 20]]
    # behind, ahead, far off to the right side, beyond the far plane
    assert boxes_visible(planes, lo, hi).tolist() == [False, True, False, False]


def test_spheres_culled_against_six_planes():
    planes = frustum_planes(_camera_looking_north())
    vis = spheres_visible(planes, [[0, -50, 10], [0, 50, 10], [0, -5, 10]], [10, 1, 10])
    # behind; ahead; behind but its radius reaches across the near plane
    assert vis.tolist() == [False, True, True]


def _quadtree(x0, y0, size, level, depth, refine="REPLACE"):
    """A city quadtree: a 4 km root, each level halves the size and error."""
    tile = LodTile(key=f"{level}/{x0:.0f}/{y0:.0f}", geometric_error=size / 16.0,
                   box_min=(x0, y0, 0.0), box_max=(x0 + size, y0 + size, 60.0),
                   refine=refine)
    if level < depth:
        h = size / 2
        tile.children = [_quadtree(x0 + i * h, y0 + j * h, h, level + 1, depth, refine)
                         for j in (0, 1) for i in (0, 1)]
    return tile


def _level(tile):
    return int(tile.key.split("/")[0])


def test_quadtree_far_tiles_coarse_near_tiles_fine():
    root = _quadtree(0.0, 0.0, 4096.0, 0, 5)
    cam = Camera(position=(100, -50, 150), focal_point=(2000, 3000, 0), view_up=(0, 0, 1),
                 view_angle=60.0, aspect=1.5, near=1.0, far=20000.0)
    chosen = select_tiles(root, cam, viewport_height=800)
    assert chosen, "something is drawn"
    eye = np.array(cam.position, float)
    lo = np.array([t.box_min for t in chosen])
    hi = np.array([t.box_max for t in chosen])
    dist = distance_to_boxes(eye, lo, hi)
    assert np.all(np.diff(dist) >= 0), "nearest first"
    levels = [_level(t) for t in chosen]
    assert levels[0] == 5, "the tile under the camera is the finest"
    assert min(levels) < 5 and levels[-1] < levels[0], "far tiles stay coarse"
    # every drawn tile is within 16 px unless it is a leaf
    sse = screen_space_error([t.geometric_error for t in chosen], dist, 800, 60.0)
    assert np.all((sse <= 16.0) | (np.array(levels) == 5))
    # REPLACE: no drawn tile is the ancestor of another drawn tile
    keys = {t.key for t in chosen}
    for t in chosen:
        assert not any(c.key in keys for c in t.children)


def test_dragging_draws_coarser_and_fewer_tiles():
    root = _quadtree(0.0, 0.0, 4096.0, 0, 5)
    cam = Camera(position=(100, -50, 150), focal_point=(2000, 3000, 0),
                 view_angle=60.0, aspect=1.5, near=1.0, far=20000.0)
    still = select_tiles(root, cam, 800)
    moving = select_tiles(root, cam, 800, dragging=True)
    assert effective_max_sse(16, dragging=True) == 32.0
    assert len(moving) < len(still)
    assert np.mean([_level(t) for t in moving]) < np.mean([_level(t) for t in still])


def test_add_refinement_draws_parents_with_children():
    root = _quadtree(0.0, 0.0, 4096.0, 0, 2, refine="ADD")
    cam = Camera(position=(10, 10, 50), focal_point=(10, 4000, 0), view_angle=60.0,
                 aspect=1.5, near=1.0, far=20000.0)
    keys = [t.key for t in select_tiles(root, cam, 800)]
    assert "0/0/0" in keys and "1/0/0" in keys and "2/0/0" in keys


def test_everything_culled_draws_nothing():
    root = _quadtree(0.0, 0.0, 4096.0, 0, 3)
    cam = Camera(position=(0, -100, 10), focal_point=(0, -200, 10), view_angle=60.0)
    assert select_tiles(root, cam, 800) == []


def test_budget_evicts_least_recently_used_but_never_the_current_frame():
    budget = TileBudget(max_bytes=300)
    assert budget.add("a", 100) == []
    assert budget.add("b", 100) == []
    assert budget.add("c", 100) == []
    budget.touch("a")                     # b is now the least recently used
    assert budget.add("d", 100) == ["b"]
    assert budget.keys() == ["c", "a", "d"]
    # the frame draws c, a, d: over budget, but nothing drawn is evicted
    assert budget.begin_frame(["c", "a", "d"]) == []
    assert budget.add("e", 100) == []
    assert budget.used_bytes == 400
    # next frame draws only e: the least recently used of the rest go first
    assert budget.begin_frame(["e"]) == ["c"]
    assert budget.keys() == ["a", "d", "e"] and budget.used_bytes == 300


def test_budget_rejects_nonsense():
    with pytest.raises(ValueError):
        TileBudget(0)
    with pytest.raises(ValueError):
        TileBudget(10).add("x", -1)
    assert math.isfinite(TileBudget(10).used_bytes)


def test_degenerate_camera_is_refused():
    with pytest.raises(ValueError, match="camera"):
        frustum_planes(Camera(position=(1, 1, 1), focal_point=(1, 1, 1)))
    with pytest.raises(ValueError, match="camera"):
        frustum_planes(Camera(position=(0, 0, 0), focal_point=(0, 0, 5), view_up=(0, 0, 1)))


def test_docstring_examples_hold():
    import doctest

    import layers.lod
    import layers.lod_cache

    for module in (layers.lod, layers.lod_cache):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_a_shared_budget_protects_every_owners_frame_and_tells_who_lost_a_tile():
    budget = TileBudget(max_bytes=300)
    lost: list[str] = []

    class Owner:
        def evicted(self, key: str) -> None:
            lost.append(key)

    b = Owner()
    budget.register("b", b.evicted)
    assert budget.add("x", 100, "b") == [] and budget.add("y", 100, "b") == []
    budget.begin_frame(["y"], "b")  # b draws y
    assert budget.add("p", 100, "a") == []
    assert budget.add("q", 100, "a") == [] and lost == ["x"]  # b's least recently used, told
    assert budget.owner_bytes("a") == 200 and budget.owner_bytes("b") == 100
    assert budget.add("r", 100, "a") == ["p"]  # y is drawn by b: a's own goes
    assert budget.keys("b") == ["y"] and budget.used_bytes == 300
    del b  # the owner is gone: its tiles leave the budget at the next frame
    budget.begin_frame(["q", "r"], "a")
    assert budget.keys("b") == [] and budget.used_bytes == 200
    assert budget.resize(100) == [] and budget.used_bytes == 200  # a draws both: kept
