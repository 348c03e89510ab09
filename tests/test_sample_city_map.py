"""The sample city as a map: its water layer, its orthophoto and the shipped layer styles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import shapely
from rasterio import features

from layers.defaults import default_layers, default_style
from layers.terrain import load_ortho
from resources import lookup
from sample_city.city import CACHE_NAME, build, generate, make_ortho
from sample_city.ortho import MIN_CELL, ortho_cell
from sample_city.water import pond_shape
from store.cache import Cache
from store.raster import load_dem

N = 300
SEED = 7


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("map_city")
    return out, build(out, buildings=N, seed=SEED)


@pytest.fixture(scope="module")
def cache(city: tuple[Path, dict]):
    with Cache.open(city[0] / CACHE_NAME) as c:
        yield c


@pytest.fixture(scope="module")
def ortho(cache: Cache) -> tuple[np.ndarray, rasterio.Affine]:
    with rasterio.MemoryFile(cache.raster("ortho").data) as mem, mem.open() as src:
        assert src.count == 3 and src.dtypes == ("uint8",) * 3
        assert src.compression is not None and src.compression.value == "JPEG"
        return src.read(), src.transform


def _mask(geoms, rgb: np.ndarray, transform) -> np.ndarray:
    return features.rasterize([(g, 1) for g in geoms], out_shape=rgb.shape[1:],
                              transform=transform).astype(bool)


def test_water_layer(cache: Cache) -> None:
    w = cache.read("water", ["gid", "name", "kind"])
    kinds = w.columns["kind"]
    assert kinds[0] == "river" and set(kinds) <= {"river", "pond", "lake"}
    assert w.columns["name"][0].endswith("江")
    assert all(n for n in w.columns["name"]) and len(set(w.columns["name"])) == len(w)
    assert shapely.is_valid(w.geoms).all()
    assert all(g.geom_type == "MultiPolygon" for g in w.geoms)
    dem = load_dem(cache.raster("dem"))
    x0, y0, x1, y1 = dem.bounds()
    assert shapely.within(w.geoms, shapely.box(x0 - 0.01, y0 - 0.01, x1 + 0.01, y1 + 0.01)).all()
    river = w.geoms[0]
    assert river.area > 20000  # 70–95 m wide across the district
    # The river lies in the DEM's valley: lower than the ground around it.
    inside = dem.sample(*np.array(shapely.get_coordinates(
        shapely.point_on_surface(river.geoms[0]))).T)
    assert float(inside[0]) < float(np.median(dem.values))
    parks = cache.read("parcels", ["land_use_code"], where="t.land_use_code = 'G1'").geoms
    for pond in w.geoms[1:]:
        assert shapely.intersects(pond, parks).any(), "a pond lies in a park"


def test_ortho_raster_and_file(city: tuple[Path, dict], cache: Cache,
                               ortho: tuple[np.ndarray, rasterio.Affine]) -> None:
    info = cache.raster_info("ortho")
    assert info is not None and info["kind"] == "ortho" and info["crs"] == "EPSG:4547"
    rgb, transform = ortho
    cell = transform.a
    dem = load_dem(cache.raster("dem")).bounds()
    assert cell == pytest.approx(ortho_cell(dem[2] - dem[0], dem[3] - dem[1]))
    assert transform.e == -cell and max(rgb.shape) <= 3072
    assert (info["height"], info["width"]) == rgb.shape[1:]
    # It covers the DEM, which the viewer drapes it on.
    x0, y1 = transform.c, transform.f
    x1, y0 = x0 + cell * rgb.shape[2], y1 - cell * rgb.shape[1]
    assert x0 <= dem[0] + 1e-6 and y1 >= dem[3] - 1e-6
    assert x1 >= dem[2] - 1e-6 and y0 <= dem[1] - 1e-6
    out, summary = city
    tif = out / "ortho.tif"
    assert tif.read_bytes() == cache.raster("ortho").data
    assert tif.stat().st_size < 4e6 and summary["ortho_mb"] == round(tif.stat().st_size / 1e6, 1)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    # The viewer's reader gives (rows, cols, 3) pixels on the same footprint.
    shown = load_ortho(cache)
    assert shown is not None and shown.rgb.shape == (*rgb.shape[1:], 3)
    assert shown.grid.bounds() == pytest.approx((x0, y0, x1, y1))


def test_ortho_shows_water_roofs_and_green(cache: Cache,
                                           ortho: tuple[np.ndarray, rasterio.Affine]) -> None:
    rgb, transform = ortho
    r, g, b = (band.astype(np.int32) for band in rgb)
    roads = cache.read("roads", ["width"])
    road_area = shapely.union_all(shapely.buffer(roads.geoms, np.array(roads.columns["width"])
                                                 / 2 + 2, cap_style="flat"))
    water = cache.read("water", ["kind"]).geoms
    open_water = [shapely.difference(shapely.buffer(w, -4), road_area) for w in water]
    wet = _mask(open_water, rgb, transform)
    assert wet.sum() > 1000
    # Blue-green: blue and green above red, not grey.
    assert (b[wet] > r[wet] + 20).mean() > 0.95 and (g[wet] > r[wet] + 20).mean() > 0.95

    footprints = cache.read("buildings", ["height"]).geoms
    roofs = _mask([shapely.buffer(f, -1.5) for f in footprints], rgb, transform)
    assert roofs.sum() > 1000
    green = (g > r + 12) & (g > b + 12)
    blue = (b > r + 20) & (g > r + 20)
    assert green[roofs].mean() < 0.03 and blue[roofs].mean() < 0.05
    # Roofs vary in tone (not one flat colour).
    assert np.std(r[roofs]) > 8

    parks = cache.read("parcels", ["land_use_code"], where="t.land_use_code = 'G1'").geoms
    lawn = _mask([shapely.difference(shapely.buffer(p, -6), shapely.union_all(
        [road_area, *water])) for p in parks], rgb, transform)
    assert lawn.sum() > 1000 and green[lawn].mean() > 0.8
    # Roads are asphalt grey: neither green nor blue, darker than the sidewalks.
    main = cache.read("roads", ["road_class"], where="t.road_class = '主干路'").geoms
    asphalt = _mask([shapely.difference(shapely.buffer(m, 8, cap_style="flat"),
                                        shapely.buffer(m, 4.0, cap_style="flat"))
                     for m in main], rgb, transform) & ~_mask(water, rgb, transform)
    grey = (np.abs(r - g) < 12) & (np.abs(g - b) < 12)
    assert asphalt.sum() > 500 and grey[asphalt].mean() > 0.85
    assert np.median(r[asphalt]) < 120


def test_ortho_is_reproducible() -> None:
    city = generate(40, 3)
    state = city.map_rng.bit_generator.state  # the seed's "map" stream, as build() gets it
    a = make_ortho(city)
    city.map_rng.bit_generator.state = state
    b = make_ortho(city)
    assert np.array_equal(a.rgb, b.rgb)
    assert not np.array_equal(a.rgb, make_ortho(city).rgb)  # other draws, other textures


def test_ortho_cell() -> None:
    assert ortho_cell(800, 600) == MIN_CELL
    assert ortho_cell(2785, 2780) == pytest.approx(0.95)
    assert ortho_cell(30000, 100) == pytest.approx(9.8)
    for side in (500.0, 1536.0, 1537.0, 2500.0, 9000.0):
        cell = ortho_cell(side, side)
        assert side / cell <= 3072 and cell >= MIN_CELL


def test_pond_shape_stays_inside_its_park() -> None:
    rng = np.random.default_rng(0)
    park = shapely.box(0, 0, 120, 90)
    pond = pond_shape(park, rng)
    assert pond is not None and pond.area > 300
    assert shapely.within(pond, shapely.buffer(park, -11.99))
    assert pond_shape(shapely.box(0, 0, 20, 20), rng) is None


def test_every_land_use_has_a_style_colour(cache: Cache) -> None:
    style = default_style("parcels")
    colours = {c.value: c.rgb for c in style.classes}
    used = set(cache.read("parcels", ["land_use_code"]).columns["land_use_code"])
    assert used <= set(colours)
    assert set(lookup("land_uses")) <= set(colours)  # every code the dictionary knows
    assert colours["R2"] == (255, 255, 45) and colours["G1"] == (0, 255, 0)
    assert colours["R3"] != colours["R2"]
    assert all(c.label_zh and c.label for c in style.classes)
    assert style.field == "land_use_code" and style.fill and style.outline == (255, 0, 0)


def test_shipped_styles() -> None:
    roads = default_style("roads")
    assert roads.mode == "categorised" and roads.field == "road_class"
    assert {c.value for c in roads.classes} == {"主干路", "次干路", "支路", "巷"}
    assert roads.width_field == "width" and roads.label_field == "name"
    water = default_style("water")
    assert water.mode == "single" and water.rgb[2] > water.rgb[0]
    obs = default_style("observations")
    assert obs.field == "state"
    assert {"pending", "sent", "conflict", "rejected"} <= {c.value for c in obs.classes}
    assert default_style("addresses").point_size <= 5


def test_default_layers_of_a_fresh_sample(cache: Cache) -> None:
    layers = {layer.name: layer for layer in default_layers(cache)}
    assert {"water", "imagery", "terrain", "roads", "parcels", "addresses"} <= set(layers)
    assert layers["imagery"].kind == "imagery" and layers["imagery"].visible
    assert layers["water"].kind == "vectors" and layers["water"].source.table == "water"
    assert layers["water"].title_zh == "水系"
    assert 0 < layers["parcels"].style.fill_opacity < 1  # the imagery shows through the fill
    assert not layers["addresses"].visible
    names = [layer.name for layer in default_layers(cache)]
    assert names.index("water") < names.index("parcels") < names.index("imagery")
