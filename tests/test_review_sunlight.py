"""Sunlight hours (GB 50180 / GB/T 50947): a wall south of a receiver against the hand
computation from the sun path; receivers on facades; the sweep angle; counting rules; status;
the checks on the sample city."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from layers.review import sun
from layers.review.rays import Occluders, grid_mesh, polygon_caps, prism_mesh
from layers.review.sunlight import (
    count_hours,
    facade_receivers,
    facing_mask,
    receiver_status,
    runs,
    shadow_region,
)

GZ_LAT, GZ_LON = 23.13, 113.26
DAHAN_2026 = dt.date(2026, 1, 20)
DECLINATION_DAHAN = -20.13  # the sun's declination at noon in Guangzhou on 大寒 2026 (−20°08′)


def wall(x0: float, y0: float, length: float, height: float, distance: float) -> Occluders:
    """An east–west wall ``length`` long, 0.3 m thick, its north face ``distance`` m south of
    (x0, y0), ``height`` m above the receiver's plane (z = 0)."""
    box = shapely.box(x0 - length / 2, y0 - distance - 0.3, x0 + length / 2, y0 - distance)
    v, t = prism_mesh([np.asarray(box.exterior.coords)], np.array([-1.0]), np.array([height]))
    cv, ct = polygon_caps(np.array([box]), np.array([height]))
    return Occluders.from_parts([v, cv], [t, ct])


def hand_sunlit_period(k: float, phi: float, delta: float) -> tuple[float, float]:
    """True solar hours (start, end) when the sun clears an endless east–west wall south of a
    south-facing receiver, with wall height / distance = k, by spherical astronomy: the sun's
    vector (E, N, U) = (−cosδ sinω, cosφ sinδ − sinφ cosδ cosω, sinφ sinδ + cosφ cosδ cosω)
    clears the wall when U ≥ k·(−N), i.e. cos ω ≥ −sinδ (k cosφ + sinφ) / (cosδ (cosφ − k sinφ))."""
    p, d = np.radians(phi), np.radians(delta)
    c = -np.sin(d) * (k * np.cos(p) + np.sin(p)) / (np.cos(d) * (np.cos(p) - k * np.sin(p)))
    w0 = np.degrees(np.arccos(c)) / 15.0
    return 12.0 - w0, 12.0 + w0


@pytest.mark.parametrize(("height", "distance"), [(20.0, 20.0), (15.0, 30.0), (25.0, 30.0)])
@pytest.mark.parametrize("origin", [(0.0, 0.0), (428100.0, 2555980.0)])
def test_wall_south_of_a_receiver_matches_the_hand_computation(height, distance, origin):
    """Known answer: the sunlit period behind a wall, from the sun path by hand, within 2 min
    at each end (the hand computation takes the declination at noon, the engine SPA's at each
    minute), and the same far from the origin (float32 after shifting to a local origin)."""
    x0, y0 = origin
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    occ = wall(x0, y0, 2000.0, height, distance)
    rec = np.array([[x0, y0, 0.0]])
    mask = facing_mask(np.array([[0.0, -1.0, 0.0]]), path.directions(), min_sweep_deg=0)
    lit = occ.sunlit(rec, path.directions(), mask=mask)
    got = count_hours(lit, 1.0)
    (start, end), = got.periods(0)
    a, b = hand_sunlit_period(height / distance, GZ_LAT, DECLINATION_DAHAN)
    a, b = max(a, 8.0), min(b, 16.0)
    assert (path.tst[start] - 0.5) / 60 == pytest.approx(a, abs=2 / 60)
    assert (path.tst[end - 1] + 0.5) / 60 == pytest.approx(b, abs=2 / 60)
    assert got.hours[0] == pytest.approx(b - a, abs=4 / 60)


def test_no_wall_gives_the_whole_window_and_a_tall_one_none():
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    s = path.directions()
    south = np.array([[0.0, -1.0, 0.0]])
    mask = facing_mask(south, s, min_sweep_deg=0)
    assert count_hours(mask, 1.0).hours[0] == pytest.approx(8.0)
    tall = wall(0, 0, 2000, 200, 5).sunlit(np.zeros((1, 3)), s, mask=mask)
    assert count_hours(tall, 1.0).hours[0] == 0.0


def test_sweep_angle_limits_an_east_facade():
    """An east-facing window counts the sun only while its plan direction is at least the
    sweep angle off the wall: azimuth between 15° and 165° for 15°."""
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    east = np.array([[1.0, 0.0, 0.0]])
    for sweep in (0.0, 12.0, 15.0):
        mask = facing_mask(east, path.directions(), min_sweep_deg=sweep)
        by_hand = (path.azimuth >= sweep) & (path.azimuth <= 180 - sweep) & (path.elevation > 0)
        np.testing.assert_array_equal(mask[0], by_hand)
    m15 = facing_mask(east, path.directions(), min_sweep_deg=15)
    m0 = facing_mask(east, path.directions(), min_sweep_deg=0)
    assert m15.sum() < m0.sum()
    free = facing_mask(np.zeros((1, 3)), path.directions(), min_sweep_deg=15)
    assert free.all()  # a point off any facade sees every direction
    high = facing_mask(np.zeros((1, 3)), path.directions(), min_altitude_deg=30)
    np.testing.assert_array_equal(high[0], path.elevation > 30)


@pytest.mark.parametrize(("row", "counting", "min_seg", "max_seg", "hours"), [
    ("1110100111", "cumulative", 0, None, 7 / 6),
    ("1110100111", "cumulative", 20, None, 1.0),      # the 10-min piece is dropped
    ("1110100111", "continuous", 0, None, 0.5),
    ("1110100111", "cumulative", 0, 2, 1.0),          # the two longest
    ("1110100111", "continuous", 40, None, 0.0),
    ("0000000000", "cumulative", 0, None, 0.0),
    ("1111111111", "continuous", 5, None, 100 / 60),
])
def test_counting_rules(row, counting, min_seg, max_seg, hours):
    lit = np.array([[c == "1" for c in row]])
    got = count_hours(lit, 10.0, counting=counting, min_segment_min=min_seg,
                      max_segments=max_seg)
    assert got.hours[0] == pytest.approx(hours)


def test_runs_and_periods_per_row():
    lit = np.array([[1, 1, 0, 1], [0, 0, 0, 0], [0, 1, 1, 1]], bool)
    r, s, e = runs(lit)
    assert list(zip(r.tolist(), s.tolist(), e.tolist(), strict=True)) == [
        (0, 0, 2), (0, 3, 4), (2, 1, 4)]
    c = count_hours(lit, 1.0, counting="continuous")
    assert c.periods(0) == [(0, 2)] and c.periods(1) == [] and c.periods(2) == [(1, 4)]


def test_receiver_status():
    w = np.array([3.0, 2.5, 1.0, 1.0, 1.0])
    wo = np.array([4.0, 4.0, 1.0, 2.0, 2.0])
    assert receiver_status(w, wo, 3.0) == ["pass", "fail", "existing", "fail", "fail"]
    assert receiver_status(w, wo, 3.0, worsening_existing_fails=False) == [
        "pass", "fail", "existing", "existing", "existing"]
    assert receiver_status(np.array([1.0]), np.array([1.01]), 3.0, tolerance_h=1 / 60) == [
        "existing"]


def test_facade_receivers_on_sun_facing_walls():
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    square = shapely.box(100, 200, 110, 220)    # 10 m east–west, 20 m north–south
    rec = facade_receivers([square], np.array([5.0]), spacing=1.0, sill=0.9, offset=0.05,
                           suns=path.directions(), min_sweep_deg=15)
    normals = {tuple(n) for n in rec.normals.round(6).tolist()}
    assert normals == {(0.0, -1.0, 0.0), (1.0, 0.0, 0.0), (-1.0, 0.0, 0.0)}  # no north wall
    assert len(rec) == 10 + 20 + 20
    assert np.allclose(rec.points[:, 2], 5.9)
    south = rec.points[rec.normals[:, 1] < -0.5]
    assert np.allclose(south[:, 1], 199.95)
    assert np.allclose(np.sort(south[:, 0]), 100.5 + np.arange(10))
    # a courtyard's walls face into the court
    court = shapely.Polygon(square.exterior.coords, [shapely.box(103, 205, 107, 215).exterior
                                                     .coords])
    rec2 = facade_receivers([court], np.array([0.0]), spacing=2.0, suns=path.directions(),
                            min_sweep_deg=15)
    inside = shapely.contains_xy(shapely.box(103, 205, 107, 215), rec2.points[:, 0],
                                 rec2.points[:, 1])
    assert inside.sum() == 2 + 5 + 5   # the court's north wall faces south, east and west ones
    # spacing never exceeded, points centred
    rec3 = facade_receivers([shapely.box(0, 0, 2.5, 1)], np.array([0.0]), spacing=1.0)
    bottom = rec3.points[np.isclose(rec3.normals[:, 1], -1)]
    assert np.allclose(np.sort(bottom[:, 0]), [2.5 / 6, 2.5 / 2, 2.5 * 5 / 6])


def test_shadow_region_reaches_as_far_as_the_low_sun():
    """A 10 m tall, 10 m square block at noon-only sun of 45° shades 10 m north of it."""
    s = np.array([[0.0, -np.sqrt(0.5), np.sqrt(0.5)]])
    region = shadow_region(shapely.box(0, 0, 10, 10), 10.0, s)
    assert region.bounds == pytest.approx((0, 0, 10, 20))
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    day = shadow_region(shapely.box(0, 0, 10, 10), 30.0, path.directions())
    # by hand: a roof corner's shadow lies 30/tan(altitude) away, opposite the sun
    length = 30.0 / np.tan(np.radians(path.elevation))
    north = -np.cos(np.radians(path.azimuth)) * length
    west = np.sin(np.radians(path.azimuth)) * length
    assert day.bounds[3] == pytest.approx(10 + north.max(), rel=0.01)
    assert day.bounds[0] == pytest.approx(-west.max(), rel=0.01)   # 8:00: far west-north-west
    assert day.bounds[2] == pytest.approx(10 - west.min(), rel=0.01)
    assert day.bounds[1] == pytest.approx(0.0, abs=1e-6)            # nothing south
    assert shadow_region(shapely.box(0, 0, 1, 1), 10.0, np.array([[0, 0, -1.0]])).is_empty


def test_terrain_blocks_like_a_wall():
    """A ridge of the DEM 20 m high 20 m south blocks as the wall does."""
    z = np.zeros((61, 61))
    z[40:42, :] = 20.0     # rows go south: row 40 is 40 m south of the top row
    v, t = grid_mesh(z, -30.0, 20.0, 1.0, 1.0)
    occ = Occluders(v, t)
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    mask = facing_mask(np.array([[0.0, -1.0, 0.0]]), path.directions())
    at = np.array([[0.0, 0.0, 0.9]])   # a sill above the ground, not on it
    ridge = count_hours(occ.sunlit(at, path.directions(), mask=mask), 1.0).hours[0]
    wall_h = count_hours(wall(0, 0, 60, 20, 20).sunlit(at, path.directions(), mask=mask),
                         1.0).hours[0]
    assert ridge == pytest.approx(wall_h, abs=0.15)   # the ridge is 1 m wide on top, the wall 0.3
    assert 0 < ridge < 8


# -- the checks on the sample city ---------------------------------------------------------------
def shipped_rule(rule_id: str):
    """A rule row of the shipped rule set (read directly: the registry may lack other checks)."""
    import json

    from layers.review.ruleset import DEFAULT_RULESET, Rule

    row = next(r for r in json.loads(DEFAULT_RULESET.read_text(encoding="utf-8"))["rules"]
               if r["id"] == rule_id)
    return Rule(**{k: row[k] for k in ("id", "check", "title_zh", "title_en", "clause", "limit",
                                       "compare", "unit", "params")})


@pytest.fixture(scope="module")
def sample_ctx(review_city, tmp_path_factory):
    """The sample proposal where it stands (a copy of the session's cache: loading writes)."""
    from layers.bim import buildings_under, footprint
    from layers.review.context import ReviewContext
    from store.bim.loader import load_bim
    from store.cache import Cache

    folder = tmp_path_factory.mktemp("sunlight")
    cache_path = folder / "city.gpkg"
    shutil.copy(review_city["cache"], cache_path)
    cache = Cache.open(cache_path)
    ifc = Path(review_city["ifc"])
    model = load_bim(ifc, cache)
    parcels = cache.read("parcels", ("code",), where="proposal IS NOT NULL")
    fp = footprint(model, cache.crs)
    ctx = ReviewContext(cache=cache, model=model, ifc_path=ifc, crs=cache.crs,
                        parcel={"code": parcels.columns["code"][0]}, parcel_geom=parcels.geoms[0],
                        found_by="location", footprint=fp, replaced=buildings_under(cache, fp))
    yield ctx
    cache.close()


def test_neighbours_with_and_without_the_proposal(sample_ctx):
    from layers.review.check_sunlight import SunlightParams, check_neighbours
    from layers.review.result import SunlightReceivers
    from layers.review.sun_point import point_sunlight
    ctx = sample_ctx
    rule = shipped_rule("sunlight_neighbours")
    f = check_neighbours(ctx, rule)
    s = ctx.outputs["sunlight"]
    assert isinstance(s, SunlightReceivers) and len(s) > 50
    assert f.details and all(d["fid"] not in ctx.replaced for d in f.details)
    st = np.array(s.status)
    # fail = short with the proposal, and the proposal took some (it may also give some back:
    # the white models it replaces are gone)
    fail = st == "fail"
    assert (s.hours_with[fail] < 3.0).all() and (s.hours_with[fail] < s.hours_without[fail]).all()
    assert (s.hours_without[st == "existing"] < 3.0).all()
    assert f.status == ("fail" if fail.any() else "pass")
    assert sorted(f.shapes["receivers"]) == np.flatnonzero(fail).tolist()
    # periods are Beijing-time "HH:MM" pairs that add up to the hours (cumulative counting)
    i = int(np.argmax(s.hours_without))
    total = sum(int(b[:2]) * 60 + int(b[3:]) - int(a[:2]) * 60 - int(a[3:])
                for a, b in s.periods_without[i])
    assert total / 60 == pytest.approx(s.hours_without[i], abs=len(s.periods_without[i]) / 60)
    # one receiver again through `cimview sunlight`'s function, in the city without the proposal
    params = SunlightParams.from_params(rule.params)
    for i in (int(np.argmax(s.hours_without)), int(np.argmin(s.hours_without))):
        x, y, z = s.points[i]
        facing = float(np.degrees(np.arctan2(s.normals[i, 0], s.normals[i, 1])))
        again = point_sunlight(ctx.cache, x, y, z, params, facing_deg=facing)
        assert again["hours"] == pytest.approx(s.hours_without[i], abs=1 / 60)
    # and with the proposal, where it took the most
    i = int(np.argmax(s.hours_without - s.hours_with))
    x, y, z = s.points[i]
    facing = float(np.degrees(np.arctan2(s.normals[i, 0], s.normals[i, 1])))
    again = point_sunlight(ctx.cache, x, y, z, params, facing_deg=facing, proposal=ctx)
    assert again["hours"] == pytest.approx(s.hours_with[i], abs=1 / 60)
    assert again["with_proposal"] == ctx.ifc_path.name


def test_params_are_checked():
    from layers.review.check_sunlight import SunlightParams
    from store.errors import CimviewError

    p = SunlightParams.from_params({"standard_day": "冬至", "window_tst": [9, 15],
                                    "counting": "continuous", "min_sweep_deg": 12})
    assert p.window_tst == (9.0, 15.0) and p.day(dt.date(2026, 3, 1)) == dt.date(2026, 12, 22)
    for bad in ({"step_min": 0}, {"window_tst": [16, 8]}, {"counting": "sum"},
                {"spacing": 1.0}, {"refraction": "no"}, {"standard_day": "夏至"}):
        with pytest.raises(CimviewError, match="sunlight parameter"):
            SunlightParams.from_params(bad, "sunlight_neighbours")


def test_the_review_can_be_cancelled_during_the_rays(sample_ctx):
    from layers.review.check_sunlight import SCENE_KEY, check_neighbours
    from layers.review.context import ReviewCancelled

    ctx = sample_ctx
    saved = dict(ctx.outputs)
    ctx.outputs.pop(SCENE_KEY, None)
    ctx.cancel = lambda: True
    try:
        with pytest.raises(ReviewCancelled):
            check_neighbours(ctx, shipped_rule("sunlight_neighbours"))
    finally:
        ctx.cancel = lambda: False
        ctx.outputs.clear()
        ctx.outputs.update(saved)


def test_cimview_sunlight_command(review_city, capsys):
    """`cimview sunlight CACHE --at X,Y,Z`: hours and Beijing-time periods of any point; a
    point in the open on 大寒 at 100 m above the city sees the whole window."""
    import json

    from app.cli import main
    from store.cache import Cache

    with Cache.open(review_city["cache"]) as cache:
        x0, y0, x1, y1 = cache.extent()
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    assert main(["sunlight", review_city["cache"], "--at", f"{x},{y},400",
                 "--date", "2026-01-20", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["hours"] == pytest.approx(8.0)
    assert out["date"] == "2026-01-20" and out["window_bjt"][0] == out["periods_bjt"][0][0]
    assert out["periods_bjt"] == [[out["window_bjt"][0], out["window_bjt"][1]]]
    assert out["periods_tst"] == [["08:00", "16:00"]]
    assert main(["sunlight", review_city["cache"], "--at", f"{x},{y},400", "--facing", "0",
                 "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Sunlight: 0.00 h" in text and "true solar time" in text   # a north facade
    assert main(["sunlight", review_city["cache"], "--at", f"{x},{y},400", "--json",
                 "--bim", review_city["ifc"]]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["with_proposal"] == Path(review_city["ifc"]).name and out["hours"] > 7.5
    assert main(["sunlight", review_city["cache"], "--at", "1,2"]) == 1
    assert "--at '1,2': expected X,Y,Z" in capsys.readouterr().err


def test_window_receivers_stand_on_their_facade():
    from layers.review.sunlight import window_receivers

    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    outline = shapely.box(0, 0, 20, 10)
    windows = np.array([[5.0, 0.2], [15.0, 0.1], [10.0, 9.9], [19.8, 5.0]])  # S, S, N, E
    rec = window_receivers(windows, outline, 3.0, sill=0.9, offset=0.05,
                           suns=path.directions(), min_sweep_deg=15)
    assert rec.owner.tolist() == [0, 1, 3]               # the north window never sees the sun
    np.testing.assert_allclose(rec.points, [[5, -0.05, 3.9], [15, -0.05, 3.9], [20.05, 5, 3.9]])
    np.testing.assert_allclose(rec.normals, [[0, -1, 0], [0, -1, 0], [1, 0, 0]])


def test_facades_that_cannot_have_the_hours_are_left_out_of_own_homes():
    """On 大寒 in Guangzhou a facade facing 80° (east by north) behind a 15° sweep angle gets
    2.7 h even with nothing in front (due east: 3.25 h): with min_potential_h null (the
    limit, 3 h) its receivers are left out."""
    from layers.review.check_sunlight import SiteSun, SunlightParams, with_potential
    from layers.review.sunlight import Receivers

    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    site = SiteSun(path, path.directions(), 0.0)
    a = np.radians([180.0, 90.0, 80.0, 280.0])
    rec = Receivers(np.zeros((4, 3)), np.column_stack([np.sin(a), np.cos(a), np.zeros(4)]),
                    np.arange(4))
    kept, dropped = with_potential(rec, site, SunlightParams(), 3.0)
    assert dropped == 2 and kept.owner.tolist() == [0, 1]
    kept, dropped = with_potential(rec, site, SunlightParams(min_potential_h=0), 3.0)
    assert dropped == 0 and len(kept) == 4
    kept, dropped = with_potential(rec, site, SunlightParams(min_sweep_deg=0), 3.0)
    assert dropped == 0   # without a sweep angle the 80° facade sees 3.5 h


def test_own_homes_face_south_when_the_model_has_no_windows():
    from layers.review.check_sunlight import SiteSun, facing_south
    from layers.review.sunlight import Receivers

    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    a = np.radians([180.0, 140.0, 226.0, 90.0, 0.0])
    rec = Receivers(np.zeros((5, 3)), np.column_stack([np.sin(a), np.cos(a), np.zeros(5)]),
                    np.arange(5))
    kept, n = facing_south(rec, SiteSun(path, path.directions(), 0.0), 45)
    assert kept.owner.tolist() == [0, 1] and n == 3
    # on a grid whose true north leans 2° east, a facade at grid azimuth 226° faces 224° true
    kept, n = facing_south(rec, SiteSun(path, path.directions(2.0), 2.0), 45)
    assert kept.owner.tolist() == [0, 1, 2]
    assert facing_south(rec, SiteSun(path, path.directions(), 0.0), None)[1] == 0



def test_the_ground_under_the_proposal_is_cut_away():
    """A proposal's ground floor may lie below the DEM (a graded site): the terrain under its
    footprint and one cell around is left out, so its own receivers are not buried."""
    from layers.review.sun_scene import cut_under

    z = np.full((41, 41), 1.0)                      # the ground 1 m above the floor
    v, t = grid_mesh(z, -20.0, 20.0, 1.0, 1.0)
    path = sun.sun_path(DAHAN_2026, GZ_LAT, GZ_LON)
    south = np.array([[0.0, -1.0, 0.0]])
    at = np.array([[0.0, -5.05, 0.9]])               # 5 cm off the south wall, sill height
    mask = facing_mask(south, path.directions())
    buried = Occluders(v, t).sunlit(at, path.directions(), mask=mask)
    assert not buried.any()
    site = shapely.box(-8, -5, 8, 5).buffer(1.0)
    kept = cut_under(v, t, site)
    assert 0 < len(kept) < len(t)
    lit = Occluders(v, kept).sunlit(at, path.directions(), mask=mask)
    assert count_hours(lit, 1.0).hours[0] > 6.0     # only the low sun grazes the ground


def test_lod2_solids_block_the_sun(realdata, tmp_path):
    """Real LOD2 roofs and walls (Zürich, CityJSON) occlude: a point 2 m north of a building's
    north wall, 1 m above its ground, loses the midday sun that a point high above keeps."""
    from layers.review.sun_params import SunlightParams
    from layers.review.sun_point import point_sunlight
    from store.cache import Cache
    from store.importers import import_file

    import_file(realdata / "cityjson" / "cjio_zurich_subset_lod2.city.json", tmp_path / "z.gpkg")
    with Cache.open(tmp_path / "z.gpkg") as cache:
        b = cache.read("buildings", ("height", "lod", "gid"), where="lod <> '1'")
        i = int(np.argmax([h or 0 for h in b.columns["height"]]))
        solids = cache.read("building_solids", ("building_gid",), where="building_gid = :g",
                            params={"g": b.columns["gid"][i]})
        zmin = float(shapely.get_coordinates(solids.geoms, include_z=True)[:, 2].min())
        foot = b.geoms[i]
        x = foot.centroid.x
        north = float(shapely.get_coordinates(foot)[:, 1].max())
        y = north + 2.0
        params = SunlightParams(terrain=False, standard_day="冬至")
        low = point_sunlight(cache, x, y, zmin + 1.0, params, day=dt.date(2026, 3, 20))
        high = point_sunlight(cache, x, y, zmin + 300.0, params, day=dt.date(2026, 3, 20))
    assert not low["notes"]                       # outside the building
    assert low["occluders"]["lod2_buildings"] > 0 and low["occluders"]["buildings"] == 0
    assert high["hours"] == pytest.approx(8.0)
    assert low["hours"] < high["hours"] - 2.0


def test_a_proposal_without_homes_passes_its_own_homes_rule(review_city, tmp_path):
    """An office tower (its OccupancyType says so) has no homes to light: its own-homes rule
    passes, saying why."""
    from layers.bim import buildings_under, footprint
    from layers.review.check_sunlight import check_own
    from layers.review.context import ReviewContext
    from sample_city.proposal_ifc import write_proposal
    from store.bim.loader import load_bim
    from store.cache import Cache

    with Cache.open(review_city["cache"]) as cache:
        parcel = cache.read("parcels", ("code", "height_limit"), where="proposal IS NOT NULL")
        geom = shapely.get_parts(parcel.geoms[0])[0]
        for seed in range(40):
            s = write_proposal(tmp_path / "office.ifc", geom, 10.0, seed=seed, name="写字楼",
                               height_limit=float(parcel.columns["height_limit"][0]))
            if s["occupancy"] == "办公":
                break
        else:
            pytest.skip("no office tower among the seeds")
        model = load_bim(tmp_path / "office.ifc")
        fp = footprint(model, cache.crs)
        ctx = ReviewContext(cache=cache, model=model, ifc_path=tmp_path / "office.ifc",
                            crs=cache.crs, parcel={}, parcel_geom=geom, found_by="location",
                            footprint=fp, replaced=buildings_under(cache, fp))
        f = check_own(ctx, shipped_rule("sunlight_own"))
        assert f.status == "pass" and "no homes" in str(f.notes[0])
        assert "Office" in str(f.notes[0])


def test_the_sample_proposal_takes_sunlight_from_a_neighbour_and_its_homes_have_theirs(
        review_city, tmp_path):
    """End to end through review_file: the sample city is arranged so that its proposal
    pushes homes next to it below 大寒 3 h (or takes more from homes already short), for real,
    while its own lowest homes get their 3 h."""
    from layers.review.run import review_file
    from store.cache import Cache

    cache_path = tmp_path / "city.gpkg"
    shutil.copy(review_city["cache"], cache_path)
    with Cache.open(cache_path) as cache:
        result = review_file(review_city["ifc"], cache)
    neighbours = result.finding("sunlight_neighbours")
    own = result.finding("sunlight_own")
    s = result.sunlight
    st = np.array(s.status)
    fail = st == "fail"
    assert neighbours.status == "fail" and fail.any()
    assert (s.owner[fail] >= 0).all()                       # neighbours' receivers
    assert (s.hours_with[fail] < 3.0).all()
    assert (s.hours_with[fail] < s.hours_without[fail] - 1 / 60).all()  # the proposal's doing
    assert neighbours.shapes["buildings"] and neighbours.location is not None
    assert {d["status"] for d in neighbours.details} >= {"fail"}
    assert own.status == "pass" and own.value >= 3.0
    mine = s.owner == -1
    assert mine.any() and (s.hours_with[mine] >= 3.0).all()
    names = {p["name"] for p in result.parameters}
    assert {"sunlight.standard_day", "sunlight.window_bjt", "sunlight.min_sweep"} <= names
    assert result.seconds < 60
