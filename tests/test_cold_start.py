"""Cold start: the DEM decoded on every core and once, the terrain built beside the others."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import rasterio
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from layers import terrain
from layers.layer import Layer
from layers.model import CityModel
from store.cache import Cache
from store.raster import Grid, from_geotiff, to_geotiff
from viewer.origin import Origin
from viewer.scene import build_order, build_scene_data, builds_aside
from viewer.views import make_view


def _layer(name: str, kind: str) -> Layer:
    return Layer(name=name, kind=kind)


def test_build_order_terrain_first_draped_last_others_top_first() -> None:
    layers = [_layer("obs", "vectors"), _layer("pipes", "pipes"), _layer("bld", "buildings"),
              _layer("roads", "vectors"), _layer("img", "imagery"), _layer("dem", "terrain")]
    assert [x.name for x in build_order(layers)] == ["dem", "pipes", "bld", "img", "obs",
                                                      "roads"]
    assert build_order([]) == []


def test_terrain_and_draped_views_build_aside_buildings_and_pipes_do_not() -> None:
    origin = Origin(0.0, 0.0)
    aside = {kind: builds_aside(make_view(_layer(kind, kind), origin))
             for kind in ("terrain", "vectors", "buildings", "pipes", "glyphs", "imagery")}
    assert aside == {"terrain": True, "vectors": True, "buildings": False, "pipes": False,
                     "glyphs": False, "imagery": False}
    assert builds_aside(None) is False


def test_threaded_decode_gives_the_same_heights() -> None:
    rng = np.random.default_rng(7)
    values = (rng.random((700, 900)) * 80 + 20).astype(np.float32)
    values[3, 5] = -9999.0
    grid = Grid(values, from_origin(500000.0, 2500000.0, 2.0, 2.0), "EPSG:4547", -9999.0)
    data = to_geotiff(grid)
    with rasterio.Env(GDAL_NUM_THREADS="1"), MemoryFile(data) as mem, mem.open() as src:
        one = src.read(1)
    got = from_geotiff(data)
    assert np.array_equal(got.values, one) and np.array_equal(got.values, values)
    assert got.transform == grid.transform and got.nodata == -9999.0


def test_dem_decoded_once_when_views_ask_at_once(sample_city_copy, tmp_path: Path) -> None:
    path = sample_city_copy(tmp_path)
    cache = Cache.open(path)
    calls, real = [], terrain.load_dem

    def counting(raster):
        calls.append(threading.current_thread().name)
        return real(raster)

    terrain.load_dem = counting
    try:
        with terrain._LOCK:
            terrain._GRIDS.pop((str(cache.path), "dem"), None)
        got: list = []
        threads = [threading.Thread(target=lambda: got.append(terrain.dem_grid(cache)))
                   for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        terrain.load_dem = real
    assert len(calls) == 1 and len(got) == 4 and all(g is got[0] for g in got)


def test_scene_built_with_the_terrain_aside_has_every_view(sample_city_copy,
                                                           tmp_path: Path) -> None:
    path = sample_city_copy(tmp_path)
    model = CityModel()
    model.open(Cache.open(path))
    steps: list[str] = []
    data = build_scene_data(model, lambda step, _f: steps.append(step))
    names = [v.layer.name for v in data.views]
    layers = [layer.name for layer in model.layers]
    assert names == [n for n in layers if n in names]  # in the layers' order
    terrain_view = next(v for v in data.views if v.kind == "terrain")
    assert terrain_view.grid is not None and terrain_view.mesh is not None
    assert terrain_view.grid is terrain.dem_grid(model.cache)  # the one decode, shared
    assert steps[-1] == "done" and set(layers) <= set(steps)
