"""Known answers for what the review draws: a prism's ground shadow computed by hand from the
sun's direction, the setback line of a parcel with one road side, the sunlight legend and the
review session's events (no Qt, no VTK)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from layers.review.redline import edges, road_facing, setback_area
from layers.review.result import FAIL, PASS, Finding, ReviewResult, SunlightReceivers
from layers.review.session import (
    DaySun,
    ReviewScene,
    ReviewSession,
    finding_target,
    hours_colours,
    sunlight_legend,
)
from layers.review.shadows import (
    Prisms,
    mesh_shadows,
    prism_shadows,
    shadow_offset,
    sun_vector,
)


# -- shadows -----------------------------------------------------------------------------------
def test_a_towers_shadow_is_its_height_over_the_tangent_of_the_sun_away_from_the_sun() -> None:
    # a 20 × 10 m block 30 m tall, the sun in the south-east (azimuth 135°) 30° up
    block = shapely.box(0, 0, 20, 10)
    sun = sun_vector(135.0, 30.0)
    shade = prism_shadows(Prisms.of([block], [5.0], [35.0]), sun)
    length = 30.0 / math.tan(math.radians(30.0))  # 51.96 m, toward the north-west
    tip = np.array([-math.sin(math.radians(45)), math.cos(math.radians(45))]) * length
    assert np.allclose(shadow_offset(sun, 30.0)[0], tip)
    # the roof's corners land exactly there; the shadow is the block swept along that offset
    swept = shapely.convex_hull(shapely.union(block, shapely.affinity.translate(block, *tip)))
    assert shade.area == pytest.approx(swept.area, rel=1e-9)
    assert shade.covers(shapely.Point(tip[0] + 1, tip[1] + 1))


def test_an_l_shaped_block_shades_its_inner_corner() -> None:
    l_block = shapely.Polygon([(0, 0), (30, 0), (30, 10), (10, 10), (10, 30), (0, 30)])
    # the sun due south at 45°: every point's shadow is its height to the north
    shade = prism_shadows(Prisms.of([l_block], [0.0], [10.0]), sun_vector(180.0, 45.0))
    assert shade.covers(shapely.Point(20, 15))  # north of the south wing, in the inner corner
    assert not shade.covers(shapely.Point(20, 21))  # beyond the 10 m shadow
    assert shade.area == pytest.approx(l_block.area + 30 * 10, rel=1e-9)


def test_no_shadow_is_drawn_for_a_sun_at_the_horizon() -> None:
    block = Prisms.of([shapely.box(0, 0, 10, 10)], [0.0], [10.0])
    assert prism_shadows(block, sun_vector(180.0, 1.0)).is_empty
    assert mesh_shadows(np.zeros((3, 3)), np.array([[0, 1, 2]]), np.array([0]), 0.0,
                        sun_vector(180.0, -5.0)).is_empty


def test_a_meshed_box_casts_the_same_shadow_as_its_prism() -> None:
    x, y, z = np.meshgrid([0.0, 10.0], [0.0, 6.0], [2.0, 14.0], indexing="ij")
    v = np.column_stack([x.ravel(), y.ravel(), z.ravel()])
    hull = np.array([[0, 1, 3], [0, 3, 2], [4, 5, 7], [4, 7, 6], [0, 1, 5], [0, 5, 4],
                     [2, 3, 7], [2, 7, 6], [0, 2, 6], [0, 6, 4], [1, 3, 7], [1, 7, 5]])
    sun = sun_vector(200.0, 25.0)
    mesh = mesh_shadows(v, hull, np.zeros(len(hull), int), 2.0, sun)
    prism = prism_shadows(Prisms.of([shapely.box(0, 0, 10, 6)], [2.0], [14.0]), sun)
    assert mesh.symmetric_difference(prism).area < 1e-6


# -- the red line and its setback line ---------------------------------------------------------
def test_the_setback_line_keeps_the_road_setback_on_road_sides_and_the_side_one_elsewhere(
        ) -> None:
    parcel = shapely.Polygon([(0, 0), (100, 0), (100, 60), (0, 60)])
    road = shapely.LineString([(-50, -10), (150, -10)])  # 20 m wide, its edge on y = 0
    facing = road_facing(parcel, [road], [20.0])
    assert facing.tolist() == [True, False, False, False]
    area = setback_area(parcel, facing, road=8.0, side=3.0)
    assert [round(v, 6) for v in area.bounds] == [3.0, 8.0, 97.0, 57.0]
    assert area.area == pytest.approx(94 * 49)
    assert len(edges(parcel)) == 4
    assert setback_area(parcel, facing, None, None).equals(parcel)


# -- the legend and the session ----------------------------------------------------------------
def test_the_legend_has_a_class_boundary_on_the_standard() -> None:
    legend = sunlight_legend(2.0)
    assert any(c.low == 2.0 for c in legend) and any(c.high == 2.0 for c in legend)
    rgb = hours_colours(np.array([1.99, 2.0, 100.0]), legend)
    assert tuple(rgb[0]) == legend[2].rgb and tuple(rgb[1]) == legend[3].rgb
    assert tuple(rgb[2]) == legend[-1].rgb


def _scene() -> ReviewScene:
    day = DaySun(None, np.array([480.0, 960.0]),
                 np.array([sun_vector(120.0, 20.0), sun_vector(240.0, 20.0)]), "大寒")
    return ReviewScene(parcel=shapely.box(0, 0, 100, 100), setback=shapely.box(5, 5, 95, 95),
                       footprint=shapely.box(40, 40, 60, 60),
                       prisms=Prisms.of([shapely.box(0, 80, 10, 90)], [0.0], [20.0], [7]),
                       bim_vertices=np.zeros((0, 3)), bim_triangles=np.zeros((0, 3), int),
                       bim_element_of_triangle=np.zeros(0, int), ground=0.0, sun=day)


def test_the_session_says_once_what_changed_and_keeps_the_time_in_the_day() -> None:
    session = ReviewSession()
    seen: list[tuple[str, ...]] = []
    session.changed.connect(seen.append)
    session.start()
    result = ReviewResult(model={"file": "a.ifc"}, ruleset={}, parcel={"code": "P1"},
                          crs="EPSG:4547", findings=[
                              Finding("height", PASS, 30.0, 36.0),
                              Finding("fire_spacing", FAIL, 8.0, 13.0, location=(1, 2, 3),
                                      shapes={"buildings": [7]})])
    session.finish(result, _scene())
    assert seen[0] == ("running",) and "result" in seen[1]
    assert session.time == 720 and not session.running
    session.set_time(2000)
    assert session.time == 960.0  # the window's end
    seen.clear()
    session.set_time(960.0)
    assert seen == []  # nothing changed, nothing said
    session.select("fire_spacing")
    assert session.finding.rule == "fire_spacing" and seen == [("selected",)]
    assert session.shadow().covers(shapely.Point(5, 85))
    assert session.failing() == [result.findings[1]]


def test_a_finding_is_flown_to_where_its_evidence_is() -> None:
    scene = _scene()
    result = ReviewResult(model={}, ruleset={}, parcel={}, crs="EPSG:4547")
    neighbour = Finding("fire_spacing", FAIL, shapes={"buildings": [7]})
    centre, size = finding_target(neighbour, scene, result)
    assert centre[:2].tolist() == [5.0, 85.0] and size == pytest.approx(20.0)
    edge = Finding("setback_road", FAIL, shapes={"edges": [[[0, 0, 1], [100, 0, 1]]]})
    centre, size = finding_target(edge, scene, result)
    assert centre.tolist() == [50.0, 0.0, 1.0] and size == 100.0
    result.sunlight = SunlightReceivers(
        points=np.array([[10.0, 10.0, 1.0], [30.0, 10.0, 1.0]]), normals=np.zeros((2, 3)),
        owner=np.array([7, 7]), hours_with=np.array([1.0, 4.0]),
        hours_without=np.array([4.0, 4.0]), status=[FAIL, PASS])
    shade = Finding("sunlight_neighbours", FAIL, shapes={"receivers": [0, 1]})
    centre, _ = finding_target(shade, scene, result)
    assert centre.tolist() == [20.0, 10.0, 1.0]
    nothing = Finding("far", FAIL)
    centre, _ = finding_target(nothing, scene, result)  # the proposal then
    assert centre[:2].tolist() == [50.0, 50.0]
