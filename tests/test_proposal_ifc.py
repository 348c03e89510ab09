"""The proposal IFC generator: structure, georeferencing, setback, tessellation, determinism."""

from __future__ import annotations

import math
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.element
import ifcopenshell.util.geolocation
import ifcopenshell.util.placement
import ifcopenshell.util.unit
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely import affinity

from sample_city.proposal_ifc import SETBACK, write_proposal

NAME = "珠湾区 ZW-07-03地块"
LIMIT = 80.0
GROUND = 12.35


@pytest.fixture(scope="module")
def parcel() -> shapely.Polygon:
    """An 80 x 60 m parcel rotated 15 degrees, near (428500, 2555500) in EPSG:4547."""
    box = shapely.box(428460.0, 2555470.0, 428540.0, 2555530.0)
    return affinity.rotate(box, 15.0, origin=(428500.0, 2555500.0))


@pytest.fixture(scope="module")
def written(parcel, tmp_path_factory) -> tuple[dict, ifcopenshell.file]:
    path = tmp_path_factory.mktemp("proposal") / "sub" / "ZW-07-03.ifc"
    summary = write_proposal(path, parcel, GROUND, seed=7, name=NAME, height_limit=LIMIT)
    assert path.is_file()
    return summary, ifcopenshell.open(str(path))


def _conversion(model: ifcopenshell.file):
    (conv,) = model.by_type("IfcMapConversion")
    return conv


def _to_map(conv, x: float, y: float) -> tuple[float, float]:
    """Apply the IfcMapConversion by hand."""
    norm = math.hypot(conv.XAxisAbscissa, conv.XAxisOrdinate)
    cos_t, sin_t = conv.XAxisAbscissa / norm, conv.XAxisOrdinate / norm
    s = conv.Scale if conv.Scale is not None else 1.0
    return (
        conv.Eastings + s * (x * cos_t - y * sin_t),
        conv.Northings + s * (x * sin_t + y * cos_t),
    )


def _world_verts(element) -> np.ndarray:
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    shape = ifcopenshell.geom.create_shape(settings, element)
    return np.asarray(shape.geometry.verts, dtype=float).reshape(-1, 3)


def test_schema_units_and_storeys(written) -> None:
    summary, model = written
    assert model.schema == "IFC4" and summary["schema"] == "IFC4"
    assert ifcopenshell.util.unit.calculate_unit_scale(model) == 1.0
    units = {u.UnitType: u for u in model.by_type("IfcProject")[0].UnitsInContext.Units}
    for kind in ("LENGTHUNIT", "AREAUNIT", "VOLUMEUNIT"):
        assert units[kind].Prefix is None
    storeys = sorted(model.by_type("IfcBuildingStorey"), key=lambda s: s.Elevation)
    assert len(storeys) == summary["storeys"]
    assert 10 <= summary["storeys"] <= 25
    assert [s.Name for s in storeys] == [f"{i}F" for i in range(1, len(storeys) + 1)]
    gaps = np.diff([s.Elevation for s in storeys])
    assert np.all((gaps >= 3.0 - 1e-9) & (gaps <= 3.6 + 1e-9))
    assert summary["height"] <= LIMIT
    top = storeys[-1].Elevation + gaps[-1]
    assert top == pytest.approx(summary["height"], abs=1e-6)
    building = model.by_type("IfcBuilding")[0]
    common = ifcopenshell.util.element.get_pset(building, "Pset_BuildingCommon")
    assert common["NumberOfStoreys"] == summary["storeys"]
    planning = ifcopenshell.util.element.get_pset(building, "CIM_规划指标")
    assert planning["地块名称"] == NAME
    assert planning["建筑高度"] == pytest.approx(summary["height"])
    assert planning["总建筑面积"] == pytest.approx(summary["gross_floor_area"], abs=0.01)
    assert summary["guid"] == model.by_type("IfcProject")[0].GlobalId
    assert model.by_type("IfcProject")[0].Name.startswith(NAME)


def test_elements_contained_in_storeys(written) -> None:
    summary, model = written
    walls, slabs = model.by_type("IfcWall"), model.by_type("IfcSlab")
    assert len(walls) >= 4 * summary["storeys"]
    assert len(slabs) == summary["storeys"]
    for element in walls + slabs:
        container = ifcopenshell.util.element.get_container(element)
        assert container is not None and container.is_a("IfcBuildingStorey")
    for wall in walls:
        assert ifcopenshell.util.element.get_pset(wall, "Pset_WallCommon")["IsExternal"] is True
    for storey in model.by_type("IfcBuildingStorey"):
        contained = ifcopenshell.util.element.get_decomposition(storey)
        assert sum(e.is_a("IfcWall") for e in contained) >= 4
        assert sum(e.is_a("IfcSlab") for e in contained) == 1
    qto = ifcopenshell.util.element.get_pset(slabs[0], "Qto_SlabBaseQuantities")
    assert qto["GrossArea"] == pytest.approx(summary["footprint_area"], abs=0.01)
    assert model.by_type("IfcRoof")
    doors = model.by_type("IfcDoor")
    assert doors
    for door in doors:
        assert ifcopenshell.util.element.get_container(door).Name == "1F"
        opening = door.FillsVoids[0].RelatingOpeningElement
        assert opening.VoidsElements[0].RelatingBuildingElement.is_a("IfcWall")


def test_georeferencing(written, parcel) -> None:
    summary, model = written
    conv = _conversion(model)
    assert conv.Scale == 1.0
    assert conv.Eastings == pytest.approx(summary["eastings"])
    assert conv.Northings == pytest.approx(summary["northings"])
    assert conv.OrthogonalHeight == pytest.approx(GROUND)
    assert conv.SourceCRS.is_a("IfcGeometricRepresentationContext")
    rotation = math.degrees(math.atan2(conv.XAxisOrdinate, conv.XAxisAbscissa))
    assert rotation == pytest.approx(summary["rotation_deg"], abs=1e-6)
    assert rotation == pytest.approx(15.0, abs=1e-3)  # the parcel's long side
    assert 428000 < conv.Eastings < 429000 and 2555000 < conv.Northings < 2556000
    crs = conv.TargetCRS
    assert crs.is_a("IfcProjectedCRS") and crs.Name == "EPSG:4547"
    assert crs.GeodeticDatum == "CGCS2000" and crs.MapZone == "CM 114E"
    assert crs.MapUnit.Name == "METRE" and crs.MapUnit.Prefix is None
    site = model.by_type("IfcSite")[0]
    lon, lat = Transformer.from_crs("EPSG:4547", "EPSG:4490", always_xy=True).transform(
        conv.Eastings, conv.Northings
    )
    assert ifcopenshell.util.geolocation.dms2dd(*site.RefLatitude) == pytest.approx(lat, abs=1e-7)
    assert ifcopenshell.util.geolocation.dms2dd(*site.RefLongitude) == pytest.approx(lon, abs=1e-7)
    assert site.RefElevation == pytest.approx(GROUND)


def test_footprint_inside_parcel_with_setback(written, parcel) -> None:
    summary, model = written
    conv = _conversion(model)
    ground_slab = next(s for s in model.by_type("IfcSlab") if s.PredefinedType == "BASESLAB")
    verts = _world_verts(ground_slab)
    # Local coordinates stay small: geometry is not modelled at map coordinates.
    assert np.abs(verts).max() < 200
    corners = np.unique(verts[:, :2].round(6), axis=0)
    inner = parcel.buffer(-(SETBACK - 1e-6))
    mapped = [_to_map(conv, x, y) for x, y in corners]
    for e, n in mapped:
        assert inner.contains(shapely.Point(e, n)), (e, n)
    footprint = shapely.from_wkt(summary["footprint_wkt"])
    hull = shapely.MultiPoint(mapped).convex_hull
    assert hull.symmetric_difference(footprint.convex_hull).area < 1e-3
    assert footprint.area == pytest.approx(summary["footprint_area"], abs=0.01)
    assert parcel.exterior.distance(footprint) >= SETBACK
    helper = getattr(ifcopenshell.util.geolocation, "auto_xyz2enh", None)
    if helper is not None:
        for (x, y), (e, n) in zip(corners, mapped, strict=True):
            he, hn, hh = helper(model, float(x), float(y), 0.0)
            assert (he, hn, hh) == pytest.approx((e, n, GROUND), abs=1e-6)


def test_walls_and_slabs_tessellate(written) -> None:
    summary, model = written
    settings = ifcopenshell.geom.settings()
    wall = next(w for w in model.by_type("IfcWall") if w.HasOpenings)  # boolean with a door
    for element in (wall, model.by_type("IfcSlab")[0]):
        shape = ifcopenshell.geom.create_shape(settings, element)
        assert len(shape.geometry.verts) >= 8 * 3
        assert len(shape.geometry.faces) >= 12 * 3
    roof = _world_verts(model.by_type("IfcRoof")[0])
    assert roof[:, 2].max() == pytest.approx(summary["height"], abs=1e-6)
    top_wall = max(model.by_type("IfcWall"), key=lambda w: _world_verts(w)[:, 2].max())
    assert _world_verts(top_wall)[:, 2].max() == pytest.approx(summary["height"], abs=1e-6)


def test_same_seed_same_building(parcel, tmp_path: Path) -> None:
    keys = ("storeys", "height", "footprint_area", "eastings", "northings", "rotation_deg", "guid")
    a = write_proposal(tmp_path / "a.ifc", parcel, GROUND, seed=3, name=NAME, height_limit=LIMIT)
    b = write_proposal(tmp_path / "b.ifc", parcel, GROUND, seed=3, name=NAME, height_limit=LIMIT)
    assert {k: a[k] for k in keys} == {k: b[k] for k in keys}
    assert a["footprint_wkt"] == b["footprint_wkt"]


@pytest.mark.parametrize("seed", range(8))
def test_many_seeds_respect_rules(parcel, tmp_path: Path, seed: int) -> None:
    s = write_proposal(tmp_path / "p.ifc", parcel, GROUND, seed=seed, name=NAME, height_limit=LIMIT)
    assert 10 <= s["storeys"] <= 25 and s["height"] <= LIMIT
    footprint = shapely.from_wkt(s["footprint_wkt"])
    assert parcel.exterior.distance(footprint) >= SETBACK and parcel.contains(footprint)
    assert s["gross_floor_area"] == pytest.approx(s["footprint_area"] * s["storeys"], rel=1e-3)


def test_low_height_limit_gives_fewer_storeys(parcel, tmp_path: Path) -> None:
    s = write_proposal(tmp_path / "low.ifc", parcel, GROUND, seed=1, name=NAME, height_limit=24.0)
    assert 1 <= s["storeys"] < 10 and s["height"] <= 24.0
    model = ifcopenshell.open(s["file"])
    assert len(model.by_type("IfcBuildingStorey")) == s["storeys"]


def test_parcel_too_small_is_refused(tmp_path: Path) -> None:
    tiny = shapely.box(428500.0, 2555500.0, 428515.0, 2555512.0)
    with pytest.raises(ValueError):
        write_proposal(tmp_path / "x.ifc", tiny, GROUND, seed=0, name=NAME, height_limit=LIMIT)
