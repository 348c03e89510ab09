"""Georeferencing of IFC models: map conversions, IFC2X3 property sets, lat/lon fallback,
the Scale check and the transform into the cache CRS, on the real files and built ones."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.guid
import ifcopenshell.util.geolocation
import ifcopenshell.util.placement
import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from store.bim.georef import (
    GeoRefError,
    describe,
    origin_in_map,
    read_georef,
    to_cache,
)
from store.bim.model import GeoRef
from store.errors import InputError


def _open(realdata: Path, name: str) -> ifcopenshell.file:
    return ifcopenshell.open(str(realdata / "ifc" / name))


def _vertices(f: ifcopenshell.file) -> np.ndarray:
    """All tessellated vertices in project metres (world coordinates, as the loader's)."""
    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", True)
    it = ifcopenshell.geom.iterator(settings, f, 1, exclude=["IfcOpeningElement", "IfcSpace"])
    out = []
    if it.initialize():
        while True:
            out.append(np.asarray(it.get().geometry.verts, dtype=np.float64).reshape(-1, 3))
            if not it.next():
                break
    return np.vstack(out)


def _dms(parts: tuple[int, ...]) -> float:
    sign = -1.0 if any(p < 0 for p in parts) else 1.0
    d, m, s, us = (abs(p) for p in (*parts, 0, 0, 0, 0)[:4])
    return sign * (d + m / 60 + s / 3600 + us / 3.6e9)


def _lonlat(georef: GeoRef, xyz: np.ndarray) -> np.ndarray:
    return to_cache(georef, np.asarray(xyz, dtype=np.float64), "EPSG:4326")


# -- built files --------------------------------------------------------------------------------
def _base(schema: str = "IFC4", prefix: str | None = "MILLI", *, lat=None, lon=None,
          elevation=None, true_north=None, site_at=(0.0, 0.0, 0.0)):
    """A minimal project: units, a Model context, a site (optionally with lat/lon)."""
    f = ifcopenshell.file(schema=schema)
    origin = f.createIfcAxis2Placement3D(f.createIfcCartesianPoint((0.0, 0.0, 0.0)))
    tn = f.createIfcDirection(true_north) if true_north else None
    ctx = f.createIfcGeometricRepresentationContext(
        ContextType="Model", CoordinateSpaceDimension=3, Precision=1e-5,
        WorldCoordinateSystem=origin, TrueNorth=tn)
    unit = f.createIfcSIUnit(UnitType="LENGTHUNIT", Prefix=prefix, Name="METRE")
    project = f.createIfcProject(GlobalId=ifcopenshell.guid.new(), Name="P",
                                 RepresentationContexts=[ctx],
                                 UnitsInContext=f.createIfcUnitAssignment([unit]))
    site_pl = f.createIfcLocalPlacement(RelativePlacement=f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint(site_at)))
    site = f.createIfcSite(GlobalId=ifcopenshell.guid.new(), Name="S", ObjectPlacement=site_pl,
                           CompositionType="ELEMENT", RefLatitude=lat, RefLongitude=lon,
                           RefElevation=elevation)
    f.createIfcRelAggregates(GlobalId=ifcopenshell.guid.new(), RelatingObject=project,
                             RelatedObjects=[site])
    return f, ctx, project, site


def _map_conversion(f, ctx, *, name="EPSG:25832", e=458000.0, n=5438000.0, h=100.0,
                    xaa=1.0, xao=0.0, scale=None, map_unit=None):
    crs = f.createIfcProjectedCRS(Name=name, MapUnit=map_unit)
    return f.createIfcMapConversion(SourceCRS=ctx, TargetCRS=crs, Eastings=e, Northings=n,
                                    OrthogonalHeight=h, XAxisAbscissa=xaa, XAxisOrdinate=xao,
                                    Scale=scale)


def _pset(f, product, name: str, values: dict) -> None:
    """An IFC2X3-style property set (written by hand: no owner history needed)."""
    props = []
    for key, value in values.items():
        kind = "IfcLabel" if isinstance(value, str) else "IfcReal"
        props.append(f.createIfcPropertySingleValue(Name=key,
                                                    NominalValue=f.create_entity(kind, value)))
    pset = f.createIfcPropertySet(GlobalId=ifcopenshell.guid.new(), Name=name,
                                  HasProperties=props)
    f.createIfcRelDefinesByProperties(GlobalId=ifcopenshell.guid.new(), RelatedObjects=[product],
                                      RelatingPropertyDefinition=pset)


# -- the real files -------------------------------------------------------------------------------
def test_duplex_epset_on_site(realdata: Path) -> None:
    f = _open(realdata, "Duplex_A_20110907_georeferenced.ifc")
    # ifcopenshell 0.9 only looks on IfcProject and finds nothing
    assert ifcopenshell.util.geolocation.get_helmert_transformation_parameters(f) is None
    g = read_georef(f)
    assert (g.method, g.source, g.map_crs) == ("ePSet_MapConversion", "IfcSite", "EPSG:9897")
    assert origin_in_map(g) == pytest.approx((76670.0, 77179.0, 293.7), abs=1e-3)
    # the exact vector in the file (#39123, #39124), ~(0.3256, 0.9455)
    xaa, xao = 0.325568154457152, 0.945518575599318
    assert g.rotation_deg == pytest.approx(math.degrees(math.atan2(xao, xaa)), abs=1e-9)
    assert g.rotation_deg == pytest.approx(71.0, abs=1e-6)
    assert (g.scale, g.scale_declared, g.unit_scale, g.approximate) == (1.0, 1.0, 1.0, False)
    # a wall's placement origin, by hand
    wall = f.by_type("IfcWall")[0]
    p = ifcopenshell.util.placement.get_local_placement(wall.ObjectPlacement)[:3, 3]
    norm = math.hypot(xaa, xao)
    c, s = xaa / norm, xao / norm
    hand = (76670.0 + c * p[0] - s * p[1], 77179.0 + s * p[0] + c * p[1], 293.700012207031 + p[2])
    assert g.to_map(p[None, :])[0] == pytest.approx(hand, abs=1e-9)
    # Chicago lat/lon on the site vs a map conversion in Luxembourg: reported, not used
    assert any("RefLatitude/RefLongitude" in a and "km from" in a for a in g.anomalies)
    lon, lat, _ = _lonlat(g, np.zeros((1, 3)))[0]
    assert 5.7 < lon < 6.6 and 49.4 < lat < 50.2   # Luxembourg (EPSG:9897's area of use)


def test_bonsai_rotation_empty_crs_mm(realdata: Path) -> None:
    f = _open(realdata, "bonsai_geolocation-mapconversion-angle.ifc")
    (conv,) = f.by_type("IfcMapConversion")
    assert (conv.XAxisAbscissa, conv.XAxisOrdinate) == pytest.approx((0.866025403784439, -0.5))
    g = read_georef(f)
    assert g.method == "IfcMapConversion"
    # the vector (0.866, -0.5) points 30 degrees clockwise of grid east: -30 in our convention
    assert g.rotation_deg == pytest.approx(-30.0, abs=1e-9)
    assert g.rotation_deg == pytest.approx(
        math.degrees(math.atan2(conv.XAxisOrdinate, conv.XAxisAbscissa)), abs=1e-12)
    assert g.map_crs is None
    assert any("empty name" in a for a in g.anomalies)
    assert g.unit_scale == 0.001 and g.scale_declared is None and g.scale == 1.0
    assert origin_in_map(g) == (15000.0, 0.0, 0.0)
    # actuator A sits at (7000, 3000) mm: 7 m along the rotated x axis, 3 m along y
    a = np.array([[7.0, 3.0, 0.0]])
    c, s = math.cos(math.radians(-30)), math.sin(math.radians(-30))
    assert g.to_map(a)[0] == pytest.approx((15000 + 7 * c - 3 * s, 7 * s + 3 * c, 0.0))
    # map_crs None: already in the cache CRS, whatever it is
    assert to_cache(g, a, "EPSG:32632")[0] == pytest.approx(g.to_map(a)[0], abs=0)
    # with a target CRS the anomaly says what the coordinates were taken to be in
    g2 = read_georef(f, target_crs="EPSG:4547")
    assert g2.map_crs is None
    assert any("empty name" in a and "EPSG:4547" in a for a in g2.anomalies)


def test_utm_scale_1000_is_caught(realdata: Path) -> None:
    f = _open(realdata, "geographic-referencing-utm.ifc")
    g = read_georef(f)
    assert (g.method, g.map_crs) == ("IfcMapConversion", "EPSG:25832")
    assert g.scale_declared == 1000.0 and g.unit_scale == 0.001
    assert g.scale == 1.0
    (note,) = [a for a in g.anomalies if "Scale" in a]
    assert "1000" in note and "0.001" in note and "1,000 km" in note
    assert origin_in_map(g) == pytest.approx((458657.30, 5438232.25, 113.7), abs=1e-6)
    assert g.rotation_deg == pytest.approx(
        math.degrees(math.atan2(0.962691746426, 0.270600445976)), abs=1e-9)
    verts = _vertices(f)                       # the 1 x 1 x 4 m column, in metres
    assert np.ptp(verts, axis=0) == pytest.approx((1.0, 1.0, 4.0))
    enh = to_cache(g, verts, "EPSG:25832")
    horizontal = np.hypot(enh[:, 0] - 458657.30, enh[:, 1] - 5438232.25)
    assert horizontal.max() == pytest.approx(math.sqrt(0.5), abs=1e-6)   # < 1 m, not 1000 km
    assert enh[:, 2].max() == pytest.approx(113.7 + 4.0)
    # ifcopenshell applies Scale literally: the corner (500, 500) mm lands ~700 km away
    e, n, _ = ifcopenshell.util.geolocation.auto_xyz2enh(f, 500.0, 500.0, 4000.0)
    assert math.hypot(e - 458657.30, n - 5438232.25) > 500_000
    # the site lat/lon agrees with the map conversion: no anomaly about it
    assert not any("RefLatitude" in a for a in g.anomalies)


def test_linear_placement_identity(realdata: Path) -> None:
    g = read_georef(_open(realdata, "linear-placement-of-signal.ifc"))
    assert (g.method, g.map_crs) == ("IfcMapConversion", "EPSG:3065")
    assert origin_in_map(g) == (0.0, 0.0, 0.0)
    assert (g.rotation_deg, g.scale, g.scale_declared, g.unit_scale) == (0.0, 1.0, 1.0, 1.0)
    assert g.anomalies == []
    p = np.array([[453123.456789, 4540123.456789, 12.5]])
    assert to_cache(g, p, "EPSG:3065")[0] == pytest.approx(p[0], abs=0)


# SOURCES.md: FZK-Haus 49°6'1", 8°26'11", 110 m; Office_A 42°21'30" N, 71°3'35" W
LATLON = [
    ("AC20-FZK-Haus.ifc", (49, 6, 1), (8, 26, 11), 110.0),
    ("Office_A_20110811.ifc", (42, 21, 30), (-71, -3, -35), 0.0),
]


@pytest.mark.parametrize(("name", "lat_dms", "lon_dms", "elevation"), LATLON,
                         ids=[c[0] for c in LATLON])
def test_latlon_fallback(realdata: Path, name: str, lat_dms, lon_dms, elevation) -> None:
    f = _open(realdata, name)
    (site,) = f.by_type("IfcSite")
    g = read_georef(f)
    assert g.method == "IfcSite RefLatitude/RefLongitude" and g.approximate
    assert g.source == "IfcSite" and g.map_crs.startswith("EPSG:326")   # its UTM zone
    assert any("approximate" in a for a in g.anomalies)
    lon, lat, h = _lonlat(g, np.zeros((1, 3)))[0]
    assert lat == pytest.approx(_dms(site.RefLatitude), abs=1e-7)
    assert lon == pytest.approx(_dms(site.RefLongitude), abs=1e-7)
    assert lat == pytest.approx(_dms(lat_dms), abs=1.01 / 3600)     # SOURCES.md rounds to 1"
    assert lon == pytest.approx(_dms(lon_dms), abs=1.01 / 3600)
    assert h == pytest.approx(elevation)
    # a point 100 m along the model's true north lands 100 m due north
    tn = f.by_type("IfcGeometricRepresentationContext", include_subtypes=False)[0].TrueNorth
    north = np.array([*(tn.DirectionRatios[:2] if tn else (0.0, 1.0)), 0.0])
    north = 100.0 * north / np.linalg.norm(north)
    lon2, lat2, _ = _lonlat(g, north[None, :])[0]
    azimuth, _, dist = Geod(ellps="WGS84").inv(lon, lat, lon2, lat2)
    assert dist == pytest.approx(100.0, rel=2e-3)               # grid scale factor not applied
    assert azimuth == pytest.approx(0.0, abs=1e-3)
    # to another projected CRS the same point
    g_gk = read_georef(f, target_crs="EPSG:3035")
    assert g_gk.map_crs == "EPSG:3035"
    assert _lonlat(g_gk, np.zeros((1, 3)))[0] == pytest.approx((lon, lat, h), abs=1e-8)


def test_fzk_true_north_rotation(realdata: Path) -> None:
    """TrueNorth (0.766, 0.643) is 40° from project x: the model turns by 50° minus the
    meridian convergence of UTM 32 at 8.44° E (about 0.43°)."""
    g = read_georef(_open(realdata, "AC20-FZK-Haus.ifc"))
    assert g.map_crs == "EPSG:32632"
    assert g.rotation_deg == pytest.approx(50.0 - 0.426, abs=0.01)


@pytest.mark.parametrize("name", ["IfcOpenHouse_IFC4.ifc",
                                  "Schependomlaan_BERNTS-Staalconstructie.ifc"])
def test_no_georeferencing(realdata: Path, name: str) -> None:
    g = read_georef(_open(realdata, name))
    assert g.method == "none" and g.map_crs is None and not g.approximate
    assert g.unit_scale == 0.001
    assert origin_in_map(g) == (0.0, 0.0, 0.0)


def test_no_georeferencing_built() -> None:
    f, *_ = _base(prefix=None)
    g = read_georef(f, target_crs="EPSG:4547")
    assert (g.method, g.map_crs, g.anomalies) == ("none", None, [])


def test_zero_latlon_is_not_a_place() -> None:
    f, *_ = _base(lat=(0, 0, 0), lon=(0, 0, 0))
    g = read_georef(f)
    assert g.method == "none"
    assert any("0°, 0°" in a for a in g.anomalies)


# -- the sample city's proposal ---------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_city(tmp_path_factory) -> Path:
    from sample_city import city

    out = tmp_path_factory.mktemp("georef_city")
    city.build(out, buildings=300)
    return out


def test_sample_city_proposal_inside_parcel(sample_city: Path) -> None:
    from store.cache import Cache

    (path,) = (sample_city / "proposals").glob("*.ifc")
    f = ifcopenshell.open(str(path))
    g = read_georef(f, target_crs="EPSG:4547")
    assert (g.method, g.map_crs, g.scale, g.scale_declared) == (
        "IfcMapConversion", "EPSG:4547", 1.0, 1.0)
    assert g.rotation_deg != 0.0 and g.anomalies == []
    with Cache.open(sample_city / "sample_city.gpkg") as cache:
        parcels = cache.read("parcels", ["code"])
        crs = cache.crs
    parcel = parcels.geoms[parcels.columns["code"].index(path.stem)]
    xyz = to_cache(g, _vertices(f), crs)
    assert xyz.dtype == np.float64
    assert shapely.contains_xy(parcel, xyz[:, 0], xyz[:, 1]).all()
    (conv,) = f.by_type("IfcMapConversion")
    assert xyz[:, 2].min() == pytest.approx(conv.OrthogonalHeight, abs=0.3)
    # and it is not inside any other parcel
    others = [p for p, c in zip(parcels.geoms, parcels.columns["code"], strict=True)
              if c != path.stem]
    centre = shapely.Point(xyz[:, :2].mean(axis=0))
    assert not any(p.contains(centre) for p in others)


# -- to_cache -------------------------------------------------------------------------------------
def test_to_cache_matches_pyproj_and_keeps_float64() -> None:
    g = GeoRef("IfcMapConversion", map_crs="EPSG:25832", eastings=458657.30,
               northings=5438232.25, orthogonal_height=113.7, rotation_deg=74.3)
    rng = np.random.default_rng(5)
    xyz = rng.uniform(-200.0, 200.0, (1000, 3))
    enh = g.to_map(xyz)
    for dst in ("EPSG:25833", "EPSG:3035", "EPSG:4326"):
        out = to_cache(g, xyz, dst)
        assert out.dtype == np.float64 and out.shape == xyz.shape
        tr = Transformer.from_crs("EPSG:25832", dst, always_xy=True)
        for i in range(0, len(xyz), 97):           # point by point against pyproj
            assert tuple(out[i, :2]) == tr.transform(enh[i, 0], enh[i, 1])
        assert np.array_equal(out[:, 2], enh[:, 2])  # heights passed through
    # same CRS: exactly the map coordinates; 1 mm steps at 5.4e6 m survive (not float32)
    same = to_cache(g, xyz, "EPSG:25832")
    assert np.array_equal(same, enh)
    steps = to_cache(g, np.array([[0.0, 0.0, 0.0], [0.001, 0.0, 0.0]]), "EPSG:25833")
    ref = to_cache(g, np.array([[0.0, 0.0, 0.0]]), "EPSG:25833")
    # 1 mm, times the UTM 33 grid scale factor at 8.4° E (about 1.0028)
    assert np.hypot(*(steps[1, :2] - steps[0, :2])) == pytest.approx(0.001, rel=5e-3)
    assert steps[0] == pytest.approx(ref[0], rel=1e-12, abs=0)


def test_to_cache_feet_map() -> None:
    """A map CRS in US survey feet: scale converts project metres to feet, heights back to m."""
    f, ctx, *_ = _base(prefix=None)
    _map_conversion(f, ctx, name="EPSG:2263", e=984000.0, n=200000.0, h=30.0)
    g = read_georef(f)
    ft = 1200.0 / 3937.0
    assert g.scale == pytest.approx(1.0 / ft)
    xyz = np.array([[10.0, 0.0, 3.0]])
    out = to_cache(g, xyz, "EPSG:32618")
    tr = Transformer.from_crs("EPSG:2263", "EPSG:32618", always_xy=True)
    e0, n0 = tr.transform(984000.0, 200000.0)
    assert math.hypot(out[0, 0] - e0, out[0, 1] - n0) == pytest.approx(10.0, rel=1e-3)
    assert out[0, 2] == pytest.approx((30.0 + 3.0 / ft) * ft)    # metres


# -- the Scale check ----------------------------------------------------------------------------
SCALES = [
    # project prefix, declared Scale, scale used, anomaly expected (a word of it)
    ("MILLI", 0.001, 1.0, None),
    ("MILLI", None, 1.0, "implied"),
    ("MILLI", 1.0, 1.0, "implied"),
    ("MILLI", 1000.0, 1.0, "inverse"),
    (None, 0.9996, 0.9996, None),               # a UTM grid scale factor
    ("MILLI", 0.0009996, 0.9996, None),
    (None, 0.0, 1.0, "cannot be a scale"),
    (None, -1.0, 1.0, "cannot be a scale"),
    (None, 2.5, 1.0, "does not fit"),
    ("MILLI", 0.3048, 1.0, "does not fit"),
]


@pytest.mark.parametrize(("prefix", "declared", "used", "word"), SCALES)
def test_scale_check(prefix, declared, used, word) -> None:
    f, ctx, *_ = _base(prefix=prefix)
    _map_conversion(f, ctx, scale=declared)
    g = read_georef(f)
    assert g.scale == pytest.approx(used, rel=1e-12)
    assert g.scale_declared == declared
    assert g.unit_scale == (0.001 if prefix else 1.0)
    notes = [a for a in g.anomalies if "Scale" in a]
    if word is None:
        assert notes == []
    else:
        (note,) = notes
        assert word in note
    # 1 project metre along x is `used` map metres east of the origin
    e, n, h = g.to_map(np.array([[1.0, 0.0, 0.0]]))[0]
    assert (e - 458000.0, n - 5438000.0) == pytest.approx((used, 0.0))


def test_feet_project_metre_map() -> None:
    f, ctx, *_ = _base(prefix=None)
    f.by_type("IfcProject")[0].UnitsInContext = f.createIfcUnitAssignment([
        f.createIfcConversionBasedUnit(
            f.createIfcDimensionalExponents(1, 0, 0, 0, 0, 0, 0), "LENGTHUNIT", "FOOT",
            f.createIfcMeasureWithUnit(f.createIfcLengthMeasure(0.3048),
                                       f.createIfcSIUnit(UnitType="LENGTHUNIT", Name="METRE")))])
    _map_conversion(f, ctx, scale=0.3048)
    g = read_georef(f)
    assert g.unit_scale == pytest.approx(0.3048)
    assert g.scale == 1.0 and g.anomalies == []


def test_map_unit_contradicting_crs_is_noted() -> None:
    f, ctx, *_ = _base()
    mm = f.createIfcSIUnit(UnitType="LENGTHUNIT", Prefix="MILLI", Name="METRE")
    _map_conversion(f, ctx, scale=0.001, map_unit=mm)
    g = read_georef(f)
    assert g.scale == 1.0
    assert any("MapUnit" in a and "EPSG:25832" in a for a in g.anomalies)


# -- IFC2X3 property sets, contradictions, odd CRSs ---------------------------------------------
def test_ifc2x3_epset_on_project() -> None:
    f, _, project, _ = _base("IFC2X3")
    _pset(f, project, "ePSet_MapConversion", {
        "Eastings": 428000.0, "Northings": 2555000.0, "OrthogonalHeight": 9.5,
        "XAxisAbscissa": 0.0, "XAxisOrdinate": 1.0, "Scale": 0.001})
    _pset(f, project, "ePSet_ProjectedCRS", {"Name": "EPSG:4547"})
    g = read_georef(f)
    assert (g.method, g.source, g.map_crs) == ("ePSet_MapConversion", "IfcProject", "EPSG:4547")
    assert (g.rotation_deg, g.scale, g.scale_declared) == (90.0, 1.0, 0.001)
    assert g.to_map(np.array([[2.0, 0.0, 1.0]]))[0] == pytest.approx((428000.0, 2555002.0, 10.5))
    assert g.anomalies == []


def test_ifc2x3_epsets_disagreeing_raise() -> None:
    f, _, project, site = _base("IFC2X3")
    _pset(f, project, "ePSet_MapConversion", {"Eastings": 1.0, "Northings": 2.0})
    _pset(f, site, "ePSet_MapConversion", {"Eastings": 1.0, "Northings": 3.0})
    with pytest.raises(GeoRefError) as err:
        read_georef(f)
    assert isinstance(err.value, InputError) and "ePSet_MapConversion" in str(err.value)


def test_two_model_contexts_disagreeing_raise() -> None:
    f, ctx, project, _ = _base()
    _map_conversion(f, ctx, e=1000.0)
    other = f.createIfcGeometricRepresentationContext(
        ContextType="Model", CoordinateSpaceDimension=3, Precision=1e-5,
        WorldCoordinateSystem=ctx.WorldCoordinateSystem)
    project.RepresentationContexts = [ctx, other]
    _map_conversion(f, other, e=2000.0)
    with pytest.raises(GeoRefError):
        read_georef(f)


def test_geographic_target_of_map_conversion_falls_back() -> None:
    f, ctx, *_ = _base(lat=(22, 30, 0), lon=(114, 0, 0), elevation=5000.0)
    _map_conversion(f, ctx, name="EPSG:4326", e=114.0, n=22.5)
    g = read_georef(f, target_crs="EPSG:4547")
    assert g.method == "IfcSite RefLatitude/RefLongitude" and g.map_crs == "EPSG:4547"
    assert any("not a projected CRS" in a for a in g.anomalies)
    assert origin_in_map(g)[2] == pytest.approx(5.0)   # RefElevation is in project units (mm)


def test_unparsable_crs_name() -> None:
    f, ctx, *_ = _base(prefix=None)
    _map_conversion(f, ctx, name="Lokales Netz Nord", scale=1.0)
    g = read_georef(f, target_crs="EPSG:25832")
    assert g.method == "IfcMapConversion" and g.map_crs is None
    assert any("Lokales Netz Nord" in a and "EPSG:25832" in a for a in g.anomalies)


def test_latlon_negative_site_offset_and_target() -> None:
    """Southern/western lat/lon, a site placed away from the project origin, a target CRS."""
    f, *_ = _base(prefix=None, lat=(-33, -51, -24, -500000), lon=(-70, -39, -6),
                  elevation=520.0, site_at=(100.0, 50.0, 2.0))
    g = read_georef(f, target_crs="EPSG:32719")
    assert g.map_crs == "EPSG:32719" and g.approximate
    lon, lat, h = _lonlat(g, np.array([[100.0, 50.0, 2.0]]))[0]   # the site's origin
    assert lat == pytest.approx(-(33 + 51 / 60 + 24.5 / 3600), abs=1e-8)
    assert lon == pytest.approx(-(70 + 39 / 60 + 6 / 3600), abs=1e-8)
    assert h == pytest.approx(520.0)


def test_twice_georeferenced_is_noted() -> None:
    f, ctx, *_ = _base(prefix=None, site_at=(458000.0, 5438000.0, 0.0))
    _map_conversion(f, ctx, scale=1.0)
    g = read_georef(f)
    assert any("twice" in a for a in g.anomalies)


def test_describe_is_json() -> None:
    f, ctx, *_ = _base()
    _map_conversion(f, ctx, scale=1000.0, xaa=0.0, xao=1.0)
    d = describe(read_georef(f))
    assert json.loads(json.dumps(d)) == d
    assert set(d) == {"method", "map_crs", "origin", "rotation_deg", "scale", "scale_declared",
                      "unit_scale", "approximate", "source", "anomalies"}
    assert (d["origin"], d["rotation_deg"], d["scale"], d["scale_declared"]) == (
        [458000.0, 5438000.0, 100.0], 90.0, 1.0, 1000.0)


def test_true_north_and_wcs_checks() -> None:
    """TrueNorth contradicting the map conversion and a shifted WCS are reported, not used."""
    f, ctx, *_ = _base(prefix=None, true_north=(1.0, 0.0))      # north along project +x
    _map_conversion(f, ctx, xaa=1.0, xao=0.0, scale=1.0)       # but no rotation to grid
    ctx.WorldCoordinateSystem = f.createIfcAxis2Placement3D(
        f.createIfcCartesianPoint((10.0, 0.0, 0.0)))
    g = read_georef(f)
    assert g.rotation_deg == 0.0
    (note,) = [a for a in g.anomalies if "TrueNorth" in a]
    assert 88.0 < abs(float(re.search(r"by (-?[0-9.]+)°", note).group(1))) < 92.0
    assert any("WorldCoordinateSystem" in a for a in g.anomalies)
    # consistent: the model's x axis (its north) turned to grid north, 90° counter-clockwise
    f2, ctx2, *_ = _base(prefix=None, true_north=(1.0, 0.0))
    _map_conversion(f2, ctx2, xaa=0.0, xao=1.0, scale=1.0)
    g2 = read_georef(f2)
    assert g2.rotation_deg == 90.0 and g2.anomalies == []
