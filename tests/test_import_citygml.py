"""Buildings and their solids from CityGML 1.0, 2.0 and 3.0: every real file with the counts it
holds (counted here independently, from the XML), XLinks, BuildingParts, LoD3/4 shells, CRS
forms, gzip and BOM, and bad files that leave the cache as it was."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, import_file
from store.importers.citygml import crs_of_srs_name
from tests.citygml_sample import document, house

# file, cache CRS, LoD of the buildings
CASES = [
    ("DenHaag_01.gml", "EPSG:28992", "2"),
    ("Munich_LOD2_4424_5482_solid.gml", "EPSG:31468", "2"),
    ("citygml4j_lod2_buildings_v3.gml", "EPSG:3068", "2"),
    ("citygml4j_lod3_building_v2.gml", "EPSG:3068", "3"),
    ("citygml4j_lod4_building_v2.gml", "EPSG:25832", "4"),
    ("hk_podium_test1.gml", "EPSG:32650", "1"),
]


def members(path: Path) -> Counter[str]:
    """The types of the file's top-level city objects, read with ElementTree (not cimview)."""
    got: Counter[str] = Counter()
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag.endswith("}cityObjectMember"):
            got.update(child.tag.rsplit("}", 1)[-1] for child in elem)
            elem.clear()
    return got


@pytest.mark.parametrize(("name", "cache_crs", "lod"), CASES, ids=[c[0] for c in CASES])
def test_real_citygml(realdata: Path, tmp_path: Path, name: str, cache_crs: str,
                      lod: str) -> None:
    path = realdata / "citygml" / name
    want = members(path)
    into = tmp_path / "c.gpkg"
    report = import_file(path, into)
    assert report.kind == "cityjson" and report.format.startswith("CityGML")
    assert report.features_read == sum(want.values())
    assert report.imported == want["Building"] > 0
    reasons = Counter(r["reason"] for r in report.rejected)
    assert reasons == Counter({f"not a building ({t})": n for t, n in want.items()
                               if t != "Building"})
    assert report.cache_crs == cache_crs
    with Cache.open(into) as cache:
        b = cache.read("buildings", ["gid", "height", "ground_z", "lod", "attrs"])
        s = cache.read("building_solids", ["building_gid", "lod", "surface_types"])
    assert len(b) == len(s) == report.imported
    assert set(b.columns["lod"]) == {lod}
    assert shapely.is_valid(b.geoms).all() and (shapely.area(b.geoms) > 0).all()
    assert all(g.has_z for g in s.geoms)
    # the footprint lies under the solid (its outline's hull: buffering a LoD3 solid's
    # thousands of faces took most of a minute)
    for foot, solid in zip(b.geoms[:20], s.geoms[:20], strict=True):
        hull = shapely.convex_hull(shapely.force_2d(solid)).buffer(0.01)
        assert hull.contains(foot.buffer(-0.01))


def test_denhaag_semantics_and_generic_attributes(realdata: Path, tmp_path: Path) -> None:
    path = realdata / "citygml" / "DenHaag_01.gml"
    text = path.read_text(encoding="utf-8")
    into = tmp_path / "c.gpkg"
    import_file(path, into)
    with Cache.open(into) as cache:
        b = cache.read("buildings", ["height", "attrs"])
        s = cache.read("building_solids", ["surface_types"])
    types = Counter(t for ts in s.columns["surface_types"] for t in json.loads(ts))
    # the solids are XLinks to the boundary surfaces' polygons: each polygon counts once
    assert sum(types.values()) == text.count("<gml:Polygon")
    assert types["RoofSurface"] == text.count("<bldg:RoofSurface")
    attrs = [json.loads(a) for a in b.columns["attrs"]]
    assert all(isinstance(a["AbsoluteRidgeHeight"], float) for a in attrs
               if "AbsoluteRidgeHeight" in a)
    assert sum("parts" in a for a in attrs) > 100  # BuildingParts merged, their attributes kept
    assert 2 < np.median(b.columns["height"]) < 40


def test_lod3_and_lod4_give_the_outer_shell(realdata: Path, tmp_path: Path) -> None:
    into = tmp_path / "c.gpkg"
    import_file(realdata / "citygml" / "citygml4j_lod4_building_v2.gml", into)
    with Cache.open(into) as cache:
        s = cache.read("building_solids", ["lod", "surface_types"])
        b = cache.read("buildings", ["height", "floors_above", "attrs"])
    types = set(json.loads(s.columns["surface_types"][0]))
    assert types <= {"WallSurface", "RoofSurface", "GroundSurface", "Window", "Door"}
    assert not types & {"InteriorWallSurface", "FloorSurface", "CeilingSurface"}
    assert b.columns["height"][0] == 5.0 and b.columns["floors_above"][0] == 1  # measured


def test_srs_names() -> None:
    assert crs_of_srs_name("urn:ogc:def:crs:EPSG::28992") == "EPSG:28992"
    assert crs_of_srs_name("urn:ogc:def:crs,crs:EPSG:6.12:3068,crs:EPSG:6.12:5783") \
        == "EPSG:3068+5783"
    assert crs_of_srs_name("urn:adv:crs:DE_DHDN_3GK4*DE_DHN92_NH") == "EPSG:31468+5783"
    assert crs_of_srs_name("http://www.opengis.net/def/crs/EPSG/0/6697") == "EPSG:6697"
    assert crs_of_srs_name("EPSG:32650") == "EPSG:32650"
    assert crs_of_srs_name("urn:adv:crs:NOT_A_CRS") == "urn:adv:crs:NOT_A_CRS"


def test_latitude_first_gzip_bom_parts_and_xlinks(tmp_path: Path) -> None:
    """PLATEAU's EPSG:6697 (latitude, longitude, height), gzip-compressed, with a byte-order
    mark; one house as a BuildingPart of its Building."""
    lon, lat = 139.7671, 35.6812  # Tokyo station
    deg = 1 / 111_000
    houses = [house(1, lon, lat, lat_first=True, scale=deg),
              house(2, lon + 0.001, lat, lat_first=True, scale=deg, part=True)]
    text = "".join(document(houses, srs="http://www.opengis.net/def/crs/EPSG/0/6697"))
    path = tmp_path / "plateau.gml.gz"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + text.encode("utf-8")))
    into = tmp_path / "c.gpkg"
    report = import_file(path, into, crs="EPSG:32654")
    assert report.imported == 2 and report.format == "CityGML 2.0"
    with Cache.open(into) as cache:
        b = cache.read("buildings", ["name", "height", "floors_above", "attrs"])
        s = cache.read("building_solids", ["surface_types"])
    back = Transformer.from_crs("EPSG:32654", "EPSG:4326", always_xy=True)
    x, y = back.transform(*shapely.centroid(b.geoms[0]).coords[0])
    assert abs(x - (lon + 5 * deg)) < 1e-5 and abs(y - (lat + 4 * deg)) < 1e-5
    assert list(b.columns["name"]) == ["房屋1", "房屋2"]
    assert list(b.columns["height"]) == [9.0, 9.0]
    attrs = json.loads(b.columns["attrs"][0])
    assert attrs["code"] == "GZ-00001" and attrs["units"] == 2  # typed generic attributes
    assert "b2_part" in json.loads(b.columns["attrs"][1])["parts"]
    for ts in s.columns["surface_types"]:  # 7 polygons each: the solid's XLinks count once
        assert Counter(json.loads(ts)) == {"WallSurface": 4, "RoofSurface": 2,
                                           "GroundSurface": 1}
    # 10 × 8 "metres" drawn in degrees: a degree of longitude is shorter by cos(latitude)
    assert shapely.area(b.geoms[0]) == pytest.approx(80 * np.cos(np.radians(lat)), rel=0.02)


def test_bad_files_say_why_and_leave_the_cache(tmp_path: Path) -> None:
    into = tmp_path / "c.gpkg"
    good = tmp_path / "good.gml"
    good.write_text("".join(document([house(1, 500000, 2500000)])), encoding="utf-8")
    import_file(good, into)
    before = into.read_bytes()
    broken = tmp_path / "broken.gml"
    broken.write_text("".join(document([house(2, 500100, 2500000)]))[:-200], encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.gml.*not well-formed XML at line \d+"):
        import_file(broken, into)
    cut = tmp_path / "cut.gml.gz"
    cut.write_bytes(gzip.compress(good.read_bytes())[:-40])
    with pytest.raises(InputError, match=r"cut\.gml\.gz.*gzip stream is damaged or cut short"):
        import_file(cut, into, options=ImportOptions(kind="citygml"))
    unknown = tmp_path / "unknown.gml"
    unknown.write_text("".join(document([house(3, 500000, 2500000)],
                                        srs="urn:adv:crs:NOT_A_CRS")), encoding="utf-8")
    with pytest.raises(InputError, match="unknown coordinate reference system.*--source-crs"):
        import_file(unknown, into)
    assert into.read_bytes() == before
