"""Terrain models from the real GeoTIFFs: reprojection, voids, units, replacement."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.io import MemoryFile
from rasterio.transform import from_origin

from store.cache import Cache
from store.importers import import_file

# file, cache CRS of a new cache, void cells, approximate cell size (cache units)
CASES = [
    ("mt_fuji_90m.tif", "EPSG:32654", 2437, 90.0),
    ("mt_rainier_90m.tif", "EPSG:32610", 9033, 80.0),
    ("ky4_elevation.tif", "EPSG:3547", 0, 91.0),
    ("khlong_toei_bangkok_dem.tif", "EPSG:32647", 15515, 30.0),
]


@pytest.mark.parametrize(("name", "cache_crs", "voids", "cell"), CASES, ids=[c[0] for c in CASES])
def test_real_dem(realdata: Path, tmp_path: Path, name: str, cache_crs: str, voids: int,
                  cell: float) -> None:
    into = tmp_path / "d.gpkg"
    report = import_file(realdata / "dem" / name, into)
    assert (report.kind, report.format) == ("dem", "GeoTIFF")
    assert (report.features_read, report.imported, report.rejected) == (1, 1, [])
    assert report.cache_crs == cache_crs and report.created_cache
    void_warnings = [w for w in report.warnings if "void" in w]
    assert (void_warnings[0].startswith(f"{voids} of ") if voids else not void_warnings)
    with Cache.open(into) as cache:
        raster = cache.raster("dem")
        assert raster is not None and cache.extent() is not None
    with MemoryFile(raster.data) as mem, mem.open() as ds:
        assert ds.crs.to_string() == cache_crs
        assert ds.res[0] == pytest.approx(cell, rel=0.2)
        values = ds.read(1, masked=True)
    with rasterio.open(realdata / "dem" / name) as src:
        original = src.read(1, masked=True)
    spread = float(original.max() - original.min())
    assert float(values.max()) == pytest.approx(float(original.max()), abs=spread * 0.02 + 1)


def test_fuji_negative_heights_kept(realdata: Path, tmp_path: Path) -> None:
    import_file(realdata / "dem" / "mt_fuji_90m.tif", tmp_path / "f.gpkg")
    with Cache.open(tmp_path / "f.gpkg") as cache:
        info = cache.raster_info("dem")
    assert info is not None and info["min_z"] < 0 and 3700 < info["max_z"] < 3800
    assert info["nodata"] == -32768


def test_ky4_feet_warning(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / "dem" / "ky4_elevation.tif", tmp_path / "k.gpkg")
    assert any("US survey foot" in w and "kept as stored" in w for w in report.warnings)
    with Cache.open(tmp_path / "k.gpkg") as cache:
        info = cache.raster_info("dem")
    assert info is not None and info["min_z"] >= 117 and info["max_z"] <= 227


def test_replace_and_reproject_into_existing(realdata: Path, tmp_path: Path) -> None:
    into = tmp_path / "b.gpkg"
    with Cache.create(into, "EPSG:32647"):
        pass
    first = import_file(realdata / "dem" / "khlong_toei_bangkok_dem.tif", into)
    assert not first.created_cache and not any("replaced" in w for w in first.warnings)
    second = import_file(realdata / "dem" / "khlong_toei_bangkok_dem.tif", into)
    assert any("replaced" in w for w in second.warnings)
    with Cache.open(into) as cache:
        info = cache.raster_info("dem")
        assert info is not None and info["version"] == 2
        assert len(cache.imports()) == 2
    assert np.isfinite(info["min_z"])


def test_data_from_another_part_of_the_world_gets_a_warning(realdata: Path,
                                                            tmp_path: Path) -> None:
    """Mt Fuji's DEM into a cache in EPSG:4547 (Guangzhou's zone) imports, with a warning."""
    cache = tmp_path / "gz.gpkg"
    Cache.create(cache, "EPSG:4547").close()
    report = import_file(realdata / "dem" / "mt_fuji_90m.tif", cache)
    assert any("outside the area of use" in w and "EPSG:4547" in w for w in report.warnings)


def test_a_new_dem_sets_the_ground_height_of_extruded_buildings(tmp_path: Path) -> None:
    cache = tmp_path / "c.gpkg"
    footprints = tmp_path / "b.geojson"
    footprints.write_text(
        '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": '
        '"urn:ogc:def:crs:EPSG::4547"}}, "features": [{"type": "Feature", "id": 1, '
        '"properties": {"height": 12}, "geometry": {"type": "Polygon", "coordinates": '
        '[[[428010, 2555010], [428030, 2555010], [428030, 2555030], [428010, 2555010]]]}}]}')
    import_file(footprints, cache)
    values = np.full((50, 50), 7.0, dtype="float32")
    values[:, 25:] = 20.0  # a step: the building's vertices straddle it
    tif = tmp_path / "dem.tif"
    with rasterio.open(tif, "w", driver="GTiff", width=50, height=50, count=1, dtype="float32",
                       crs="EPSG:4547", transform=from_origin(428000, 2555050, 2, 2)) as dst:
        dst.write(values, 1)
    report = import_file(tif, cache)
    assert any("ground_z" in w for w in report.warnings)
    with Cache.open(cache) as c:
        assert c.read("buildings", ["ground_z"]).columns["ground_z"] == [7.0]
