"""History and planning scenarios on the platform (issue 16): the local platform serves the
sample city's history and its scenarios; a scenario created in the window is pushed and
downloaded into a second cache identical; retired scenarios leave; a scenario changed on both
sides is not overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from store import lifespan, scenarios
from store.cache import Cache
from store.sync import scenario_package as sp
from store.sync.download import sync
from store.sync.push import push
from tests.gui_frames import read_next_box

pytest_plugins = ("tests.platform_fixture",)
pytestmark = pytest.mark.gui


def _counts(path: Path, when: str | None, scenario: str | None = None) -> int:
    with Cache.open(path) as c:
        if scenario:
            c.scenarios = scenarios.chain(c, scenarios.find(c, scenario).gid)
        return c.count("buildings", at=lifespan.instant(when) if when else None) \
            if when else c.count("buildings")


def _scenario(path: Path, name: str) -> dict:
    """Everything a scenario of the cache at ``path`` is: its row, removals and planned
    features (attributes and geometry), as the platform receives it, less the times the
    platform stamps."""
    from pyproj import Transformer

    with Cache.open(path) as c:
        s = scenarios.find(c, name)
        f = sp.package(c, s, Transformer.from_crs(c.crs, "OGC:CRS84", always_xy=True))
        parent = scenarios.find(c, s.parent_gid).name if s.parent_gid else None
    p = f["properties"]
    for planned in p["features"]:
        planned["properties"].pop("updated_at", None)
        planned["geometry"] = shapely.to_wkt(shapely.from_geojson(
            json.dumps(planned["geometry"])), rounding_precision=7)
    return {"gid": f["id"], "name": p["name"], "parent": parent,
            "description": p["description"], "ends": p["ends"], "features": p["features"]}


def test_the_platform_serves_history_and_scenarios(fresh_platform, tmp_path: Path) -> None:
    got = tmp_path / "downloaded.gpkg"
    summary = sync(fresh_platform.url, got)
    assert summary.complete, summary.warnings
    src = fresh_platform.cache
    assert sorted(summary.scenarios) == ["方案A", "方案B"]
    for when in ("2005", "2013", None):  # before and after the urban village went
        assert _counts(got, when) == _counts(src, when)
    for name in ("方案A", "方案B"):
        assert _counts(got, "2030", name) == _counts(src, "2030", name)
        assert _scenario(got, name) == _scenario(src, name)
    again = sync(fresh_platform.url, got)  # nothing changed: no scenario written again
    assert again.scenarios == [] and again.complete
    assert not [w for w in again.warnings if "scenario" in w]  # none seen as changed here
    from store.sync.scenario_push import pending

    with Cache.open(got) as c:
        assert pending(c) == []  # nothing to push back


def test_a_scenario_created_in_the_window_travels_to_a_second_cache(
        qtbot, fresh_platform, tmp_path: Path) -> None:
    from app.main_window import MainWindow

    first, second = tmp_path / "first.gpkg", tmp_path / "second.gpkg"
    assert sync(fresh_platform.url, first).complete
    with Cache.open(first) as c:
        x0, y0, x1, y1 = c.extent()
        walkup = c.read("buildings", ["gid"], at=None, where="t.scenario IS NULL").columns[
            "gid"][0]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    planned = tmp_path / "加建.geojson"
    planned.write_text(json.dumps({
        "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}},
        "features": [{"type": "Feature", "geometry": json.loads(shapely.to_geojson(
            shapely.box(cx + 5 * i, cy, cx + 5 * i + 30, cy + 20))),
            "properties": {"name": f"加建{i}号楼", "层数": 12 + i}} for i in range(2)]},
        ensure_ascii=False), encoding="utf-8")

    window = MainWindow(first, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    gid = window.scenarios.new_scenario("方案C", parent="方案A", description="加建两栋")
    assert gid is not None and window.model.scenario == gid
    assert window.time_bar.scenario_box.currentText() == "方案C"
    shown: list[str] = []
    read_next_box(shown)  # the import's report
    assert window.scenarios.import_planned(planned, 2029)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert window.model.scenario == gid  # the map still shows the scenario
    scenarios.end(window.cache, "方案C", [walkup], "2028")  # and it removes a walk-up
    window.close()

    with Cache.open(first) as c:
        pushed = push(c, fresh_platform.url)
        assert pushed.scenarios == ["方案C"] and not pushed.scenario_problems, pushed
        assert push(c, fresh_platform.url).scenarios == []  # nothing new

    assert sync(fresh_platform.url, second).complete
    mine, theirs = _scenario(first, "方案C"), _scenario(second, "方案C")
    assert len(mine["features"]) == 2 and mine["ends"] == [{"feature": walkup,
                                                            "valid_to": "2028"}]
    assert theirs == mine
    assert _counts(second, "2030", "方案C") == _counts(first, "2030", "方案C")

    # retired on the platform: it leaves the second cache with its planned buildings
    fresh_platform.retire("scenarios", gid)
    summary = sync(fresh_platform.url, second)
    assert summary.scenarios_removed == ["方案C"]
    with Cache.open(second) as c:
        assert "方案C" not in {s.name for s in scenarios.list_scenarios(c)}
        planned_left = c.read("buildings", [], at=None, where="t.scenario = :s",
                              params={"s": gid})
    assert len(planned_left) == 0


def test_a_scenario_changed_on_both_sides_is_not_overwritten(fresh_platform,
                                                             tmp_path: Path) -> None:
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    assert sync(fresh_platform.url, a).complete and sync(fresh_platform.url, b).complete
    with Cache.open(a) as c:
        gid = scenarios.find(c, "方案A").gid
        walkups = c.read("buildings", ["gid"], at=None, where="t.scenario IS NULL").columns[
            "gid"][:2]
        scenarios.end(c, "方案A", [walkups[0]], "2026")
    with Cache.open(b) as c:
        scenarios.end(c, "方案A", [walkups[1]], "2026")
    with Cache.open(a) as c:
        assert push(c, fresh_platform.url).scenarios == ["方案A"]
    with Cache.open(b) as c:
        refused = push(c, fresh_platform.url)
    assert refused.scenarios == [] and "方案A" in refused.scenario_problems[0]
    summary = sync(fresh_platform.url, b)  # kept as it is here, said so
    assert any("方案A" in w for w in summary.warnings)
    ends = {e["feature"] for e in _scenario(b, "方案A")["ends"]}
    assert walkups[1] in ends and walkups[0] not in ends
    assert _scenario(a, "方案A")["gid"] == gid


def test_a_hostile_scenario_is_refused_with_a_reason() -> None:
    """Nothing a platform sends in a scenario is trusted: ids, names, layers, coordinates,
    sizes; each refusal says what is wrong (the download then warns and stores nothing of it)."""
    from pyproj import Transformer

    from store.errors import CimviewError

    to_cache = Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True)
    box = {"type": "Polygon", "coordinates": [[[113.3, 23.1], [113.31, 23.1], [113.31, 23.11],
                                                [113.3, 23.1]]]}

    def feature(**props: object) -> dict:
        base = {"name": "方案X", "ends": [], "features": []}
        return {"type": "Feature", "id": "s-1", "geometry": None, "properties": base | props}

    def planned(layer: str = "buildings", geometry: object = box) -> dict:
        return {"layer": layer, "id": "b-1", "geometry": geometry, "properties": {}}

    ok = sp.unpack(feature(features=[planned()]), to_cache)
    geoms, cols = ok.features["buildings"]
    assert cols["gid"] == ["b-1"] and cols["scenario"] == ["s-1"]
    assert 300_000 < shapely.get_coordinates(geoms)[0, 0] < 800_000  # in EPSG:4547 now
    bad = [
        ({"type": "Feature", "id": None, "properties": {}}, "usable id"),
        (feature(name="  "), "1 to"),
        (feature(features="all of them"), "must be lists"),
        (feature(features=[planned(layer="../../etc")]), "unknown layer"),
        (feature(features=[planned(layer="building_solids")]), "unknown layer"),
        (feature(features=[planned(geometry={"type": "Point",
                                             "coordinates": [500000.0, 2500000.0]})]),
         "not longitude and latitude"),
        (feature(features=[planned(geometry={"type": "Nonsense"})]), "GeoJSON|no geometry"),
        (feature(ends=[{"feature": "b-9", "valid_to": "someday"}]), "without a feature or"),
        (feature(features=[planned()] * (sp.MAX_FEATURES + 1)), "more than"),
    ]
    for doc, reason in bad:
        with pytest.raises(CimviewError, match=reason):
            sp.unpack(doc, to_cache)
