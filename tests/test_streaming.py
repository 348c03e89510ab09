"""The tile streamer: nearest first, no holes, within a byte budget (no renderer needed)."""

from __future__ import annotations

from layers.lod import Camera, LodTile
from viewer.streaming import TileStreamer
from viewer.views.base import FrameContext


class Content:
    nbytes = 1000


def quad(key: str, x0: float, y0: float, size: float, level: int, depth: int) -> LodTile:
    tile = LodTile(key, size / 8, (x0, y0, 0.0), (x0 + size, y0 + size, 30.0))
    if level < depth:
        h = size / 2
        tile.children = [quad(f"{key}{i}", x0 + (i % 2) * h, y0 + (i // 2) * h, h, level + 1,
                              depth) for i in range(4)]
    return tile


STREET = Camera((100.0, 100.0, 50.0), (500.0, 500.0, 0.0), (0.0, 0.0, 1.0), 30.0, 1.6)


def streamer(shown: set[str]) -> TileStreamer:
    return TileStreamer(quad("r", 0, 0, 16384, 0, 5), make=lambda t: Content(),
                        show=lambda t, c: shown.add(t.key), hide=lambda t, c: shown.discard(t.key))


def test_in_place_loading_settles_to_fine_tiles_near_and_coarse_far():
    shown: set[str] = set()
    s = streamer(shown)
    context = FrameContext(lod_camera=STREET)
    for _ in range(10):
        if not s.frame(context):
            break
    assert s.stats.loading == 0 and s.stats.drawn == len(shown) > 1
    levels = {len(k) - 1 for k in shown}
    assert 5 in levels and min(levels) < 5  # leaves near the camera, coarser tiles far away
    assert "r00000" in shown  # the tile under the camera at full detail


def test_a_parent_stands_until_all_its_children_arrived():
    shown: set[str] = set()
    queue: list = []
    context = FrameContext(lod_camera=STREET,
                           load=lambda key, work, done, prio, failed: queue.append((prio, work,
                                                                                    done)))
    s = streamer(shown)
    s.frame(context)
    assert queue and not shown
    queue.sort(key=lambda e: e[0])
    for _prio, work, done in queue:  # nearest first
        done(work())
    queue.clear()
    s.frame(context)
    # whatever arrived, never a tile together with one of its REPLACE ancestors
    for key in shown:
        assert not any(key != other and key.startswith(other) for other in shown)


def test_the_budget_holds_what_is_drawn_and_stops_loading_when_full():
    shown: set[str] = set()
    s = streamer(shown)
    context = FrameContext(lod_camera=STREET, budget_bytes=5000)
    for _ in range(10):
        s.frame(context)
    assert s.stats.bytes <= max(5000, 1000 * len(shown))
    assert s.stats.loaded < 40  # not everything wanted was loaded: ancestors drawn instead
    assert shown


def test_the_layers_of_a_scene_share_one_budget():
    from layers.lod_cache import TileBudget

    budget = 20_000  # 20 tiles for both layers together, not 20 each
    context = FrameContext(lod_camera=STREET, budget_bytes=budget)
    context.tile_budget = TileBudget(budget)
    a_shown: set[str] = set()
    b_shown: set[str] = set()
    a, b = streamer(a_shown), streamer(b_shown)
    for _ in range(10):
        a.frame(context)
        b.frame(context)
    held = a.stats.bytes + b.stats.bytes
    drawn = 1000 * (len(a_shown) + len(b_shown))
    assert context.tile_budget.used_bytes == held <= max(budget, drawn)
    assert a_shown and b_shown  # both layers drawn, neither starved
    alone = streamer(set())
    for _ in range(10):
        alone.frame(FrameContext(lod_camera=STREET, budget_bytes=budget))
    assert held < 2 * alone.stats.bytes  # shared: less than two layers of their own
    del b, b_shown  # a layer built again: its tiles leave the budget with it
    import gc

    gc.collect()
    a.frame(context)
    assert context.tile_budget.used_bytes == a.stats.bytes
