"""Planning scenarios (issue 16): created, built on each other, planned features imported into
one with their year, the city of a scenario at a time counted and shown in the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from app.cli import main
from store import scenarios
from store.cache import Cache
from store.errors import CimviewError
from store.importers import ImportOptions, import_file

SHAMIAN = "footprints/guangzhou_shamian_osm.geojson"


def _planned(path: Path, names: list[str], x0: float) -> Path:
    """Footprints of planned towers on Shamian's east side (EPSG:32649), no dates."""
    feats = [{"type": "Feature", "properties": {"name": n, "层数": 30},
              "geometry": json.loads(shapely.to_geojson(
                  shapely.box(x0 + 40 * i, 2_557_100, x0 + 40 * i + 25, 2_557_125)))}
             for i, n in enumerate(names)]
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "EPSG:32649"}}, "features": feats},
        ensure_ascii=False), encoding="utf-8")
    return path


def _count(capsys: pytest.CaptureFixture[str], cache: Path, *args: str) -> int:
    assert main(["info", str(cache), "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)["layers"]["buildings"]["count"]


@pytest.fixture()
def planned_city(tmp_path: Path, realdata: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    cache = tmp_path / "shamian.gpkg"
    import_file(realdata / SHAMIAN, cache)
    assert main(["scenario", str(cache), "add", "方案A", "--description", "东侧塔楼"]) == 0
    assert main(["scenario", str(cache), "add", "方案B", "--on", "方案A"]) == 0
    capsys.readouterr()
    a = _planned(tmp_path / "a.geojson", ["塔楼A1"], 729_900)
    b = _planned(tmp_path / "b.geojson", ["塔楼B1", "塔楼B2"], 729_900)  # the same ids as A's
    for src, name, year in ((a, "方案A", "2027"), (b, "方案B", "2030")):
        assert main(["import", str(src), "--into", str(cache), "--scenario", name,
                     "--planned", year]) == 0
    capsys.readouterr()
    return cache


def test_the_city_of_a_scenario_at_a_time(planned_city: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    base = 169
    assert _count(capsys, planned_city) == base  # nothing planned in the recorded city
    assert _count(capsys, planned_city, "--time", "2035") == base
    assert _count(capsys, planned_city, "--time", "2026", "--scenario", "方案A") == base
    assert _count(capsys, planned_city, "--time", "2027", "--scenario", "方案A") == base + 1
    assert _count(capsys, planned_city, "--time", "2029", "--scenario", "方案B") == base + 1
    assert _count(capsys, planned_city, "--time", "2030", "--scenario", "方案B") == base + 3
    with Cache.open(planned_city) as c:
        assert c.count("buildings", at=None) == base + 3  # B's file did not replace A's
        got = {s.name: s for s in scenarios.list_scenarios(c)}
        assert got["方案B"].parent_gid == got["方案A"].gid
        assert got["方案A"].description == "东侧塔楼"
        assert scenarios.chain(c, got["方案B"].gid) == (got["方案B"].gid, got["方案A"].gid)
        rows = c.read("buildings", ["name", "valid_from", "scenario"], geometry=False,
                      at=None, where="t.scenario IS NOT NULL").columns
    assert sorted(zip(rows["name"], rows["valid_from"], strict=True)) == [
        ("塔楼A1", "2027"), ("塔楼B1", "2030"), ("塔楼B2", "2030")]
    assert main(["scenario", str(planned_city)]) == 0
    assert capsys.readouterr().out.splitlines() == ["方案A  东侧塔楼", "方案B  (on 方案A)"]


def test_what_cannot_be_a_scenario(planned_city: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with Cache.open(planned_city) as c:
        with pytest.raises(CimviewError, match="no scenario '方案C'; scenarios: 方案A, 方案B"):
            scenarios.find(c, "方案C")
        with pytest.raises(CimviewError, match="exists already"):
            scenarios.create(c, " 方案A ")
        with pytest.raises(CimviewError, match="1 to 80 characters"):
            scenarios.create(c, "  ")
    src = _planned(tmp_path / "c.geojson", ["塔楼C1"], 729_700)
    with pytest.raises(CimviewError, match="no scenario"):
        import_file(src, planned_city, options=ImportOptions(scenario="方案C"))
    with pytest.raises(CimviewError, match="--planned 'soon'"):
        import_file(src, planned_city, options=ImportOptions(scenario="方案A", planned="soon"))
    with pytest.raises(CimviewError, match="does not exist yet"):
        import_file(src, tmp_path / "new.gpkg", options=ImportOptions(scenario="方案A"))
    assert not (tmp_path / "new.gpkg").exists()
    assert main(["info", str(planned_city), "--scenario", "方案C"]) != 0
    assert "方案C" in capsys.readouterr().err


def test_a_removal_planned_in_a_scenario(planned_city: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``cimview scenario remove``: a recorded building ends in that scenario (and those built
    on it) at the year given; the recorded city keeps it; what cannot be removed is said."""
    from layers.plan_removal import plan_removal

    base = 169
    with Cache.open(planned_city) as c:
        fid = int(c.read("buildings", [], geometry=False, where="t.scenario IS NULL").fids[0])
        planned = int(c.read("buildings", [], geometry=False, at=None,
                             where="t.scenario IS NOT NULL").fids[0])
    assert main(["scenario", str(planned_city), "remove", "方案A", "--layer", "buildings",
                 "--fid", str(fid), "--at", "2026", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["removed"] == 1
    assert _count(capsys, planned_city, "--time", "2025", "--scenario", "方案A") == base
    assert _count(capsys, planned_city, "--time", "2026", "--scenario", "方案A") == base - 1
    assert _count(capsys, planned_city, "--time", "2030", "--scenario", "方案B") == base + 2
    assert _count(capsys, planned_city, "--time", "2030") == base  # the recorded city keeps it
    with Cache.open(planned_city) as c:
        with pytest.raises(CimviewError, match="is planned, not recorded"):
            plan_removal(c, "方案A", "buildings", [planned], "2031")
        with pytest.raises(CimviewError, match="not a layer"):
            plan_removal(c, "方案A", "../buildings", [fid], "2026")
        with pytest.raises(CimviewError, match="'soon': not a year"):
            plan_removal(c, "方案A", "buildings", [fid], "soon")
        with pytest.raises(CimviewError, match="nothing chosen"):
            plan_removal(c, "方案A", "buildings", [10**9], "2026")
    assert main(["scenario", str(planned_city), "remove", "方案C", "--layer", "buildings",
                 "--fid", str(fid), "--at", "2026"]) != 0
    assert "方案C" in capsys.readouterr().err


def test_a_loop_of_scenarios_ends(planned_city: Path) -> None:
    with Cache.open(planned_city) as c:
        got = {s.name: s.gid for s in scenarios.list_scenarios(c)}
        with c.engine.begin() as conn:  # as a bad sync could leave it
            conn.exec_driver_sql("UPDATE cimview_scenarios SET parent_gid = ? WHERE gid = ?",
                                 (got["方案B"], got["方案A"]))
        assert scenarios.chain(c, got["方案A"]) == (got["方案A"], got["方案B"])


@pytest.mark.gui
def test_the_window_shows_a_scenario(qtbot, planned_city: Path) -> None:
    from app.main_window import MainWindow

    window = MainWindow(planned_city, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    bar = window.time_bar
    assert [bar.scenario_box.itemText(i) for i in range(bar.scenario_box.count())] == [
        "Present (nothing planned)", "方案A", "方案B"]
    assert bar.slider.maximum() == 2030  # the furthest planned year
    scene = window.view.scene
    buildings = scene.views["buildings"]
    with qtbot.waitSignal(window.summary_changed, timeout=30_000):
        bar.slider.setValue(2030)
    qtbot.waitUntil(lambda: not scene.pending, timeout=60_000)
    assert window.summary.layers["buildings"].count == 169
    assert scene.views["buildings"] is buildings  # the slider restyles the buildings
    with qtbot.waitSignal(window.summary_changed, timeout=30_000):
        bar.scenario_box.activated.emit(2)
    qtbot.waitUntil(lambda: not scene.pending, timeout=60_000)
    assert scene.views["buildings"] is not buildings  # another scenario: read again
    assert window.model.scenario is not None and bar.scenario_box.currentText() == "方案B"
    assert window.summary.layers["buildings"].count == 172

    # Scenario ▸ Plan the removal of the selected features: gone from that year, in 方案B
    with Cache.open(planned_city) as c:
        fid = int(c.read("buildings", [], geometry=False, where="t.scenario IS NULL").fids[0])
    window.model.select("buildings", [fid])
    with qtbot.waitSignal(window.summary_changed, timeout=30_000):
        assert window.scenarios.plan_removal(year=2029) == 1
    qtbot.waitUntil(lambda: not scene.pending, timeout=60_000)
    assert window.summary.layers["buildings"].count == 171
    assert "removed in 2029" in window.statusBar().currentMessage()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample city of 400 buildings, with its history and future (shared: read only)."""
    from sample_city.city import CACHE_NAME
    from tests.sample_build import build

    out = tmp_path_factory.mktemp("sample")
    build(out, buildings=400, reality=False)
    return out / CACHE_NAME


def test_the_sample_city_has_a_history_and_a_future(sample: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The sample city: an urban village demolished in 2012 under towers of 2014–2016, a road
    widened in 2015, a main replaced in 2018; the proposal planned for 2027 in 方案A and a
    larger alternative in 方案B, each removing the walk-ups it stands on the year before."""
    from store.schema import scenario_ends_table

    cache = sample
    with Cache.open(cache) as c:
        names = {s.name: s for s in scenarios.list_scenarios(c)}
        assert set(names) == {"方案A", "方案B"}
        with c.engine.connect() as conn:
            ends = conn.execute(scenario_ends_table.select()).all()
        removed = {n: sum(1 for e in ends if e.scenario_gid == s.gid) for n, s in names.items()}
        road = c.read("roads", ["name", "width", "valid_from", "valid_to"], at=None,
                      where="t.valid_from IS NOT NULL OR t.valid_to IS NOT NULL").columns
        pipe = c.read("pipelines", ["material_code", "valid_from", "valid_to"], at=None,
                      where="t.valid_from IS NOT NULL OR t.valid_to IS NOT NULL").columns
        now = c.count("buildings")
    assert removed["方案A"] >= 1 and removed["方案B"] >= removed["方案A"]
    assert len(set(road["name"])) == 1 and sorted(road["valid_to"], key=str) == ["2015", None]
    assert min(road["width"]) < max(road["width"])
    assert sorted(zip(pipe["material_code"], pipe["valid_from"], pipe["valid_to"],
                      strict=True), key=str) == [("PE", "2018", None), ("ZT", "1988", "2018")]
    assert _count(capsys, cache, "--time", "2011") > _count(capsys, cache, "--time", "2013")
    assert _count(capsys, cache, "--time", "2026", "--scenario", "方案A") == \
        now - removed["方案A"]
    assert _count(capsys, cache, "--time", "2027", "--scenario", "方案A") == \
        now - removed["方案A"] + 1
    assert _count(capsys, cache, "--time", "2030", "--scenario", "方案B") == \
        now - removed["方案B"] + 1
    assert _count(capsys, cache, "--time", "2030") == now  # nothing planned without one


def test_screenshots_of_the_sample_city_show_its_history_and_future(sample: Path,
                                                                    tmp_path: Path) -> None:
    """Issue 16's check: the sample city at 2005, today, and 2030 in 方案A and 方案B, from
    above: each shows the buildings the history says, and the pictures differ."""
    import numpy as np
    from PIL import Image

    from store import lifespan
    from viewer.scene import render_screenshot

    with Cache.open(sample) as c:  # the proposal's site, seen from the south-east
        site = c.read("buildings", ["ground_z"], at=None, where="t.scenario IS NOT NULL")
    x0, y0, x1, y1 = shapely.total_bounds(site.geoms)
    cx, cy, z = (x0 + x1) / 2, (y0 + y1) / 2, float(np.nanmean(site.columns["ground_z"]))
    near = f"{cx + 90},{cy - 160},{z + 110},{cx},{cy},{z + 20}"
    shots = {}
    for key, when, plan, camera in (("2005", "2005", None, "top"), ("now", None, None, "top"),
                                    ("now near", None, None, near),
                                    ("A", "2030", "方案A", near), ("B", "2030", "方案B", near)):
        out = tmp_path / f"{key}.png"
        with Cache.open(sample) as c:
            said = render_screenshot(c, str(out), size=(640, 400), camera=camera,
                                     layers=["buildings"], time=when, scenario=plan)
            c.scenarios = scenarios.chain(c, scenarios.find(c, plan).gid) if plan else ()
            want = c.count("buildings", at=lifespan.instant(when) if when else None) \
                if when else c.count("buildings")
        assert said["buildings"] == want, key
        shots[key] = np.asarray(Image.open(out).convert("RGB")).astype(int)

    def differ(a: str, b: str) -> float:
        return float((np.abs(shots[a] - shots[b]).sum(axis=2) > 30).mean())

    assert differ("2005", "now") > 0.01  # a third of the city built since 2005
    assert differ("A", "B") > 0.01  # the larger, taller alternative
    assert differ("now near", "A") > 0.01  # the proposal, the walk-ups it replaces gone


def test_the_city_over_time_and_what_changed(planned_city: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """``cimview history``: buildings by year as ``info --time`` counts them, per scenario, as
    CSV; ``--compare``: what appeared and went, counted."""
    import csv

    out = tmp_path / "years.csv"
    assert main(["history", str(planned_city), "--from", "2025", "--to", "2031",
                 "--scenario", "方案B", "--csv", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["year"]) for r in rows] == list(range(2025, 2032))
    for r in rows:
        assert int(r["buildings"]) == _count(capsys, planned_city, "--time", r["year"],
                                             "--scenario", "方案B")
    assert main(["history", str(planned_city), "--compare", "2026", "2030", "--scenario",
                 "方案B", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["layers"]["buildings"]
    assert (got["new"], got["gone"]) == (3, 0)  # A's tower of 2027 and B's two of 2030
    assert main(["history", str(planned_city), "--compare", "2026", "2030", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)["layers"]["buildings"]
    assert (got["new"], got["gone"]) == (0, 0)  # nothing planned in the recorded city
    with pytest.raises(SystemExit):
        main(["history", str(planned_city), "--compare", "2026", "later"])
