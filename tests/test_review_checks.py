"""Plan review, planning checks: height, FAR, density, green, setbacks, fire spacing.

Known answers on a flat site built here (a real cache, a real IFC written with ifcopenshell and
loaded through the BIM store): a rectangular parcel of known area with a road along its south
edge, the sample tower on it, a neighbour at a known distance; and the sample city's proposal
end to end through ``review_file``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import ifcopenshell
import ifcopenshell.api.root
import numpy as np
import pytest
import shapely
from rasterio.transform import from_origin

from layers.review.check_fire_spacing import TABLE_5_2_2, building_class, rating_of, required
from layers.review.check_setbacks import nearest_edge
from layers.review.redline import edges
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS
from layers.review.ruleset import RuleSet, load_ruleset
from layers.review.run import review_file
from layers.review.site import build_context, buildings_on
from sample_city.proposal_ifc import write_proposal
from store.bim.loader import load_bim
from store.cache import Cache
from store.errors import InputError
from store.raster import Grid, put_dem

PLANNING = ("height", "far", "density", "green", "setback_road", "setback_side", "fire_spacing")
X0, Y0, W, H = 428000.0, 2556000.0, 64.0, 44.0  # the parcel: a 64 m × 44 m rectangle
GROUND = 10.0
ROAD_WIDTH = 20.0


def planning_rules() -> RuleSet:
    rs = load_ruleset()
    return RuleSet(rs.name, rs.name_en, rs.version, rs.source, rs.file,
                   [r for r in rs.rules if r.id in PLANNING])


# -- pure rules -----------------------------------------------------------------------------------
def test_setback_of_known_distance() -> None:
    parcel = shapely.box(0, 0, 100, 60)
    e = edges(parcel)
    d, i = nearest_edge(shapely.box(10, 7.5, 30, 20), e, parcel)
    assert d == pytest.approx(7.5) and e[i].bounds == (0, 0, 100, 0)
    d, i = nearest_edge(shapely.box(80, 20, 96.25, 40), e, parcel)
    assert d == pytest.approx(3.75) and e[i].bounds == (100, 0, 100, 60)
    # a building 2 m beyond the red line is 2 m short of it, whatever the setback
    assert nearest_edge(shapely.box(10, -2, 30, 20), e, parcel)[0] == pytest.approx(-2.0)


def test_fire_spacing_table() -> None:
    assert rating_of("一级") == rating_of("二级") == rating_of("II") == "一二级"
    assert rating_of("三级") == "三级" and rating_of("4") == "四级" and rating_of("无") is None
    assert building_class(27.0, True, "一二级", {}) == "一二级"  # 27 m homes are not high-rise
    assert building_class(27.1, True, "一二级", {}) == "高层"
    assert building_class(24.1, False, "三级", {}) == "高层"
    assert required("高层", "高层", TABLE_5_2_2) == 13
    assert required("高层", "一二级", TABLE_5_2_2) == required("一二级", "高层", TABLE_5_2_2) == 9
    assert required("三级", "四级", TABLE_5_2_2) == 10


# -- a flat site of known geometry ----------------------------------------------------------------
def make_site(out: Path, slope: float = 0.0) -> dict:
    """A cache with one parcel (known area and controls), a road along its south edge, a DEM
    at GROUND rising ``slope`` m per m northwards, an old house on the parcel, a neighbour 8 m
    east of the tower, and the sample tower's IFC on the parcel (its ground floor set from the
    DEM when the ground slopes)."""
    grid = Grid(np.full((40, 40), GROUND), from_origin(X0 - 100, Y0 + 150, 5.0, 5.0),
                "EPSG:4547")
    rows = np.arange(40)
    y = Y0 + 150 - (rows + 0.5) * 5.0
    grid.values = GROUND + slope * (y[:, None] - Y0) + np.zeros((1, 40))
    parcel = shapely.box(X0, Y0, X0 + W, Y0 + H)
    ifc = out / "tower.ifc"
    summary = write_proposal(ifc, parcel, GROUND, seed=7, name="测试地块", height_limit=36.0,
                             terrain=grid.sample if slope else None)
    tower = shapely.from_wkt(summary["footprint_wkt"])
    cache_path = out / "site.gpkg"
    cache = Cache.create(cache_path, "EPSG:4547", vertical_crs="EPSG:5737")
    minx, miny, maxx, maxy = tower.bounds
    neighbour = shapely.box(maxx + 8.0, miny, maxx + 28.0, maxy)  # 8 m east of the tower
    old = shapely.box(X0 + 0.5, Y0 + 38, X0 + 5.5, Y0 + 43.5)  # on the parcel, off the tower
    with cache.transaction() as tx:
        tx.insert("parcels", [shapely.MultiPolygon([parcel])], {
            "code": ["T-001"], "status": ["已建"], "land_use_code": ["R2"], "area": [None],
            "height_limit": [36.0], "far_max": [2.0], "density_max": [50.0],
            "green_min": [None], "setback_road": [8.0], "setback_side": [3.0]}, source="test")
        tx.insert("roads", [shapely.LineString([(X0 - 50, Y0 - ROAD_WIDTH / 2),
                                                (X0 + W + 50, Y0 - ROAD_WIDTH / 2)])],
                  {"name": ["测试路"], "width": [ROAD_WIDTH]}, source="test")
        tx.insert("buildings", [shapely.MultiPolygon([neighbour]), shapely.MultiPolygon([old])],
                  {"name": ["邻楼", "旧楼"], "height": [20.0, 9.0], "use_code": ["10", "10"],
                   "structure_code": [3, 5], "floors_above": [6, 3]}, source="test")
        put_dem(tx, grid, source="test")
    cache.close()
    return {"cache": cache_path, "ifc": ifc, "summary": summary, "tower": tower,
            "parcel": parcel, "out": out}


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return make_site(tmp_path_factory.mktemp("flat_site"))


def _review(site: dict, ifc: Path | None = None, **kw):
    with Cache.open(site["cache"]) as cache:
        return review_file(ifc or site["ifc"], cache, ruleset=planning_rules(), **kw)


def test_known_answers_on_a_flat_site(flat_site: dict) -> None:
    s, tower, parcel = flat_site["summary"], flat_site["tower"], flat_site["parcel"]
    result = _review(flat_site)
    f = {x.rule: x for x in result.findings}
    area = W * H
    assert result.parcel["code"] == "T-001" and result.parcel["found_by"] == "location"
    # height: flat ground at the door, roof top at the sum of the storey heights
    assert f["height"].status == PASS
    assert f["height"].value == pytest.approx(s["height"], abs=0.01)
    assert f["height"].limit == 36.0 and f["height"].unit == "m"
    # a parcel of known area (its area field is empty: the red line's area is used)
    assert f["far"].value == pytest.approx(s["gross_floor_area"] / area, abs=1e-3)
    assert "Qto_BuildingBaseQuantities" in str(f["far"].reason)
    assert f["density"].value == pytest.approx(100 * s["footprint_area"] / area, abs=0.01)
    assert f["density"].unit == "%" and f["density"].status == PASS
    # the parcel has no green minimum: not assessable, and it says why
    assert f["green"].status == NOT_ASSESSABLE and "green_min" in str(f["green"].reason)
    # setbacks: the road along the south edge, the three other edges are parcel boundaries
    south = shapely.LineString([(X0, Y0), (X0 + W, Y0)])
    others = shapely.difference(parcel.boundary, south.buffer(0.01))
    # (the entrance door's lining stands 1.5 cm proud of the south wall)
    assert f["setback_road"].value == pytest.approx(tower.distance(south), abs=0.02)
    assert tower.distance(south) < 8.0 and f["setback_road"].status == FAIL
    (edge,) = f["setback_road"].shapes["edges"]
    assert [p[:2] for p in edge] in ([[X0 + W, Y0], [X0, Y0]], [[X0, Y0], [X0 + W, Y0]])
    assert f["setback_side"].value == pytest.approx(tower.distance(others), abs=0.01)
    assert f["setback_side"].status == PASS  # the writer keeps 5.5 m from every edge
    assert len(f["setback_side"].details) == s["storeys"]
    # fire spacing: a high-rise home 8 m from a 6-storey reinforced-concrete home (needs 9 m)
    fire = f["fire_spacing"]
    assert fire.status == FAIL
    assert fire.value == pytest.approx(8.0, abs=0.01) and fire.limit == 9.0
    (row,) = fire.details
    assert row["name"] == "邻楼" and row["class"] == "一二级" and row["required"] == 9.0
    assert fire.shapes["buildings"] == [row["fid"]]


def test_the_old_house_on_the_parcel_is_replaced(flat_site: dict) -> None:
    with Cache.open(flat_site["cache"]) as cache:
        model = load_bim(flat_site["ifc"], cache)
        ctx = build_context(cache, model, flat_site["ifc"])
        on = buildings_on(cache, flat_site["parcel"])
        names = cache.read("buildings", ("name",)).columns["name"]
        fids = cache.read("buildings").fids
        assert ctx.replaced == on == [int(fids[names.index("旧楼")])]
        assert ctx.parcel["area"] == pytest.approx(W * H, abs=0.01)
        ctx = build_context(cache, model, flat_site["ifc"], clear_parcel=False)
        assert ctx.replaced == []


def test_a_parcel_named_by_code_or_unknown(flat_site: dict) -> None:
    result = _review(flat_site, parcel="T-001")
    assert result.parcel["found_by"] == "code"
    with pytest.raises(InputError) as err:
        _review(flat_site, parcel="NO-SUCH")
    assert "no parcel has the code NO-SUCH" in str(err.value)
    assert "site.gpkg" in str(err.value)


def test_a_model_without_green_or_rating_is_not_assessable(flat_site: dict) -> None:
    f = ifcopenshell.open(str(flat_site["ifc"]))
    for space in f.by_type("IfcSpace"):
        ifcopenshell.api.root.remove_product(f, product=space)
    for pset in f.by_type("IfcPropertySet"):
        if pset.Name == "Pset_BuildingCommon":
            pset.HasProperties = [p for p in pset.HasProperties
                                  if p.Name != "FireProtectionClass"]
    bare = flat_site["out"] / "bare.ifc"
    f.write(str(bare))
    rules = planning_rules()
    rules.rule("green").limit = 25.0  # a city-wide minimum: the parcel has none
    with Cache.open(flat_site["cache"]) as c:
        result = review_file(bare, c, ruleset=rules)
    green, fire = result.finding("green"), result.finding("fire_spacing")
    assert green.status == NOT_ASSESSABLE and "carries no green area" in str(green.reason)
    assert fire.status == NOT_ASSESSABLE and "FireProtectionClass" in str(fire.reason)


def test_a_model_off_every_parcel_is_refused(flat_site: dict, tmp_path: Path) -> None:
    far = shapely.box(X0 + 500, Y0, X0 + 564, Y0 + 44)
    ifc = tmp_path / "away.ifc"
    write_proposal(ifc, far, GROUND, seed=7, name="别处", height_limit=36.0)
    with pytest.raises(InputError) as err:
        _review(flat_site, ifc)
    assert "away.ifc" in str(err.value) and "stands on no parcel" in str(err.value)


# -- the sample city's proposal -------------------------------------------------------------------
def test_sample_proposal_passes_the_planning_rules(review_city: dict, tmp_path: Path) -> None:
    cache = tmp_path / "city.gpkg"
    shutil.copy(review_city["cache"], cache)
    with Cache.open(cache) as c:
        result = review_file(review_city["ifc"], c, ruleset=planning_rules())
    statuses = {f.rule: f.status for f in result.findings}
    assert statuses == dict.fromkeys(PLANNING, PASS), [
        (f.rule, f.status, str(f.reason)) for f in result.findings]
    proposal = review_city["proposal"]
    f = {x.rule: x for x in result.findings}
    assert result.parcel["code"] == proposal["parcel"]
    assert f["far"].value == pytest.approx(
        proposal["gross_floor_area"] / result.parcel["area"], abs=1e-3)
    assert f["green"].value == pytest.approx(
        100 * proposal["green_area"] / result.parcel["area"], abs=0.1)
    assert f["height"].value <= proposal["height"] + 0.01
    names = {p["name"] for p in result.parameters}
    assert {"gross_floor_area", "parcel_area", "base_area", "green_area"} <= names


def test_height_from_the_ground_at_the_entrance_on_a_slope(tmp_path: Path) -> None:
    """Ground rising 0.1 m per m northwards: the ground floor stands 0.3 m above the highest
    ground along the footprint (its north side), the height counts from the ground at the main
    entrance, in the middle of the south wall (its door centred 0.125 m inside the wall's
    outer face)."""
    site = make_site(tmp_path, slope=0.1)
    s, tower = site["summary"], site["tower"]
    minx, miny, maxx, maxy = tower.bounds
    assert s["orthogonal_height"] == pytest.approx(GROUND + 0.1 * (maxy - Y0) + 0.3, abs=0.01)
    door_ground = GROUND + 0.1 * (miny + 0.125 - Y0)
    height = _review(site).finding("height")
    assert height.value == pytest.approx(s["orthogonal_height"] + s["height"] - door_ground,
                                         abs=0.02)
    assert height.status == (PASS if height.value <= 36.0 else FAIL)
    assert s["orthogonal_height"] + s["height"] - (GROUND + 0.1 * (miny - Y0)) <= 36.0 + 1e-6
    (entrance,) = [d for d in height.details if d["what"] == "entrance"]
    assert entrance["name"] == "主入口"


def test_an_over_height_model_names_the_elements_above_the_limit(flat_site: dict) -> None:
    rules = planning_rules()
    rules.rules = [rules.rule("height")]
    rules.rule("height").limit = 30.0  # a stricter limit than the parcel's 36 m
    with Cache.open(flat_site["cache"]) as cache:
        result = review_file(flat_site["ifc"], cache, ruleset=rules)
    height = result.finding("height")
    assert height.status == FAIL and height.limit == 30.0
    model = ifcopenshell.open(str(flat_site["ifc"]))
    by_guid = {e.GlobalId: e for e in model.by_type("IfcProduct")}
    named = {by_guid[g].Name for g in height.elements}
    top = f"{flat_site['summary']['storeys']}F"
    assert "屋面" in named and f"{top}-楼板" in named  # the roof and the top floor's slab
    assert not any(n.startswith(("1F", "2F", "3F")) for n in named)
    # every element named reaches above 30 m over the ground at the entrance
    assert all(by_guid[g].is_a("IfcElement") for g in height.elements)


def test_the_review_runs_against_the_city_of_the_time_and_scenario(flat_site: dict,
                                                                   tmp_path: Path) -> None:
    """Issue 16: a reviewer compares the proposal with the city as it will be: the neighbour
    was demolished in 2020, a planned one takes its place in 方案X in 2027; fire spacing judges
    whichever stands at the map's time and scenario."""
    from sqlalchemy import text

    from store import lifespan, scenarios
    from store.cache import NOW

    site = dict(flat_site, cache=tmp_path / "site.gpkg")
    shutil.copy(flat_site["cache"], site["cache"])
    with Cache.open(site["cache"]) as cache:
        n = cache.read("buildings", ("name",), where="t.name = '邻楼'")
        with cache.transaction() as tx:
            tx.conn.execute(text("UPDATE buildings SET valid_from = '1995', valid_to = '2020' "
                                 "WHERE name = '邻楼'"))
        plan = scenarios.create(cache, "方案X")
        with cache.transaction() as tx:
            tx.insert("buildings", [n.geoms[0]], {
                "name": ["规划邻楼"], "height": [30.0], "use_code": ["10"],
                "structure_code": [3], "floors_above": [10], "valid_from": ["2027"],
                "scenario": [plan.gid]}, source="test")

        def fire(at: str | None, scenario: str | None = None) -> tuple[str, list[str]]:
            cache.at = lifespan.instant(at) if at else NOW
            cache.scenarios = scenarios.chain(cache, scenario)
            result = review_file(site["ifc"], cache, ruleset=planning_rules())
            f = {x.rule: x for x in result.findings}["fire_spacing"]
            return f.status, [row["name"] for row in f.details if row["status"] == FAIL]

        assert fire("2010") == (FAIL, ["邻楼"])  # it stood then
        assert fire(None)[0] != FAIL  # gone now, nothing planned shown
        assert fire("2030")[0] != FAIL  # the recorded city of 2030: nothing there
        assert fire("2030", plan.gid) == (FAIL, ["规划邻楼"])  # 方案X's planned neighbour
        assert fire("2026", plan.gid)[0] != FAIL  # not yet built in 2026


def test_a_proposal_bim_joins_a_scenario(flat_site: dict, tmp_path: Path) -> None:
    """Issue 16: a reviewer adds the proposal to a scenario with its year: in that scenario the
    city has its block from then on, and the old house on its parcel is gone; the recorded city
    keeps the house."""
    from layers.plan_bim import add_bim_to_scenario
    from store import lifespan, scenarios

    path = tmp_path / "site.gpkg"
    shutil.copy(flat_site["cache"], path)
    with Cache.open(path) as cache:
        model = load_bim(flat_site["ifc"], cache)
        ctx = build_context(cache, model, flat_site["ifc"])
        scenarios.create(cache, "方案T")
        gid = add_bim_to_scenario(cache, model, "方案T", "2028", replaced=ctx.replaced)
        chain = scenarios.chain(cache, scenarios.find(cache, "方案T").gid)

        def names(at: str, planned: bool) -> set[str]:
            cache.scenarios = chain if planned else ()
            return set(cache.read("buildings", ["name"],
                                  at=lifespan.instant(at)).columns["name"])

        assert names("2030", planned=True) == {"邻楼", "tower"}
        assert names("2027", planned=True) == {"邻楼", "旧楼"}  # not built yet
        assert names("2030", planned=False) == {"邻楼", "旧楼"}  # the recorded city
        cache.scenarios = chain
        block = cache.read("buildings", ["height", "floors_above"], where="t.gid = :g",
                           params={"g": gid}, at=None)
    s = flat_site["summary"]
    assert block.columns["height"][0] == pytest.approx(s["height"], rel=0.1)
    assert block.columns["floors_above"][0] == s["storeys"]
    # the outline of every element on the map (canopies, the door's lining included)
    assert s["footprint_area"] <= shapely.area(block.geoms[0]) <= 1.2 * s["footprint_area"]
