"""The city at a time in the window and headless (issue 16): the time bar sets the model's time,
the scene and counts follow, a building demolished since is drawn and picked at a time when it
stood; ``--screenshot --time`` renders the city of that year."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image
from PySide6.QtCore import Qt

from store.cache import Cache
from store.importers import import_file
from tests.gui_frames import fly_and_click

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample city (buildings standing since their year built) with an urban-village
    house demolished in 2012, imported from a footprint file with its dates."""
    from sample_city.city import CACHE_NAME
    from tests.sample_build import build

    out = tmp_path_factory.mktemp("time_city")
    build(out, buildings=400, reality=False)
    cache = out / CACHE_NAME
    with Cache.open(cache) as c:
        x0, y0, x1, y1 = c.extent()
    cx, cy = (x0 + x1) / 2, y0 + 0.08 * (y1 - y0)  # the south edge: open ground
    src = out / "旧村.geojson"
    house = shapely.box(cx, cy, cx + 40, cy + 30)
    src.write_text(json.dumps({
        "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4547"}},
        "features": [{"type": "Feature", "geometry": json.loads(shapely.to_geojson(house)),
                      "properties": {"name": "旧村3号", "建成年代": "1985", "拆除日期": "2012",
                                     "层数": 20}}]}, ensure_ascii=False), encoding="utf-8")
    import_file(src, cache)
    return cache


def _standing(cache: Path, year: int | None) -> int:
    """Recorded buildings standing at the end of ``year`` (None: now), from their dates."""
    with Cache.open(cache) as c:
        f = c.read("buildings", ["valid_from", "valid_to", "scenario"], geometry=False,
                   at=None).columns
    end = 9999 if year is None else year
    return sum(1 for a, b, s in zip(f["valid_from"], f["valid_to"], f["scenario"], strict=True)
               if s is None and int(a[:4]) <= end and (b is None or int(b[:4]) > end))


def test_the_time_bar_shows_the_city_of_a_year(qtbot, city: Path) -> None:
    from app.main_window import MainWindow
    from layers.catalog import feature_anchor

    window = MainWindow(city, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    bar = window.time_bar
    assert bar.slider.minimum() <= 1982  # the sample city's urban village
    assert bar.slider.maximum() == max(bar.this_year, 2028)  # its furthest planned year
    assert bar.year_label.text() == "now" and not bar.now_button.isEnabled()
    assert window.summary.layers["buildings"].count == _standing(city, None)

    scene = window.view.scene
    views = dict(scene.views)
    with qtbot.waitSignal(window.summary_changed, timeout=30_000):
        bar.slider.setValue(2010)  # a key or a click on the groove: at once
    qtbot.waitUntil(lambda: not scene.pending, timeout=60_000)
    # every layer hides and shows what it has loaded: nothing is built again
    assert scene.views["buildings"] is views["buildings"]
    assert scene.views["terrain"] is views["terrain"]
    assert scene.views["pipelines"] is views["pipelines"]
    assert scene.views["roads"] is views["roads"]
    assert window.model.time == "2010" and bar.year_label.text() == "2010"
    assert window.summary.layers["buildings"].count == _standing(city, 2010)

    # the demolished house stood in 2010: drawn, and a click shows its attributes
    with Cache.open(city) as c:
        f = c.read("buildings", ["name"], where="t.name = '旧村3号'", at=None)
        fid = int(f.fids[0])
        c.at = window.model.cache.at  # read as the window does: the city of 2010
        target = np.array(feature_anchor(c, "buildings", fid))
    view = window.view
    assert fly_and_click(qtbot, view, target, 300.0) == ["buildings", fid]
    assert window.attribute_panel.value_of("Name") == "旧村3号"

    bar.now_button.click()
    qtbot.waitUntil(lambda: not scene.pending, timeout=60_000)
    assert window.model.time is None and bar.slider.value() == bar.this_year
    view.fly_to(target, distance=300.0, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    qtbot.wait(50)
    got: list = []
    view.picked.connect(lambda *args: got.append(args))
    qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                     pos=view.screen_position(target))
    qtbot.wait(300)
    assert ("buildings", fid) not in [tuple(a) for a in got]  # gone now


def test_a_screenshot_at_a_time(tmp_path: Path, city: Path) -> None:
    shots = {}
    for when in ("1980", None):
        out = tmp_path / f"{when}.png"
        cmd = [sys.executable, "-m", "app.cli", str(city), "--screenshot", str(out),
               "--size", "640x400", *(["--time", when] if when else [])]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        shots[when] = (json.loads(done.stdout), np.asarray(Image.open(out).convert("RGB")))
    assert shots["1980"][0]["buildings"] == _standing(city, 1980)
    assert shots[None][0]["buildings"] == _standing(city, None)
    changed = np.abs(shots["1980"][1].astype(int) - shots[None][1].astype(int)).sum(axis=2) > 30
    assert changed.mean() > 0.01  # the buildings built since 1980
    bad = subprocess.run([sys.executable, "-m", "app.cli", str(city), "--screenshot",
                          str(tmp_path / "x.png"), "--time", "someday"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and "someday" in bad.stderr


def test_play_steps_through_the_years_and_stops_at_the_end(qtbot, city: Path) -> None:
    from app.main_window import MainWindow

    window = MainWindow(city, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    bar = window.time_bar
    bar.play_timer.setInterval(20)
    bar.play_steps = 6  # a scene is built for each step: a short play
    seen: list[str | None] = []
    window.model.time_changed.connect(seen.append)
    bar.play_button.click()
    assert bar.play_button.text() == "Stop"
    assert seen[0] == str(bar.slider.minimum())  # from the first year
    qtbot.waitUntil(lambda: not bar.play_button.isChecked(), timeout=30_000)
    years = [int(w) if w else bar.this_year for w in seen]
    assert years == sorted(years) and len(years) >= 6
    assert bar.slider.value() == bar.slider.maximum() and bar.play_button.text() == "Play"


def _gids(cache: Path, year: int | None) -> set[str]:
    """Gids of the recorded buildings standing at the end of ``year`` (None: now)."""
    end = 9999 if year is None else year
    with Cache.open(cache) as c:
        f = c.read("buildings", ["gid", "valid_from", "valid_to", "scenario"], geometry=False,
                   at=None).columns
    return {g for g, a, b, s in zip(f["gid"], f["valid_from"], f["valid_to"], f["scenario"],
                                    strict=True)
            if s is None and int(a[:4]) <= end and (b is None or int(b[:4]) > end)}


def test_comparing_two_times_colours_what_changed(qtbot, city: Path, tmp_path: Path) -> None:
    from app.main_window import MainWindow
    from layers import palette
    from layers.catalog import feature_anchor

    window = MainWindow(city, "en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    qtbot.waitExposed(window)
    bar, model = window.time_bar, window.model
    bar.compare_year.setValue(2010)
    bar.compare_button.click()  # from 2010 to now
    comparison = model.comparison
    assert comparison is not None and model.compare_from == "2010"
    before, now = _gids(city, 2010), _gids(city, None)
    assert comparison.count("new") == len(now - before)
    assert comparison.count("gone") == len(before - now) >= 1  # 旧村3号, demolished in 2012
    legend = model.colouring.legend()
    assert {e.key: e.count for e in legend.legend}["gone"] == len(before - now)
    assert "demolished" in window.statusBar().currentMessage()

    # the demolished house is drawn now, in the demolished colour, and answers a click
    with Cache.open(city) as c:
        fid = int(c.read("buildings", ["name"], where="t.name = '旧村3号'", at=None).fids[0])
        c.at = lifespan_instant("2010")
        target = np.array(feature_anchor(c, "buildings", fid))
    assert fly_and_click(qtbot, window.view, target, 300.0) == ["buildings", fid]
    view = window.view.scene.views["buildings"]
    drawn = [(np.asarray(a.GetMapper().GetInput().GetCellData().GetArray("fid")),
              a.GetMapper().GetInput().GetCellData().GetArray("theme_rgb"))
             for a, _ in view.pairs()]
    colours = {tuple(np.asarray(rgb)[fids == fid][0]) for fids, rgb in drawn
               if rgb is not None and (fids == fid).any()}
    assert colours == {palette.CHANGE_GONE}

    bar.compare_button.click()  # off: the house is gone again, the theme is what it was
    assert model.comparison is None and model.colouring.theme is None
    assert fid in set(view.unborn.tolist())

    # the chart: the recorded city by year, as the dates say; its CSV
    window.timeline_dock.setVisible(True)
    chart = window.timeline_chart
    qtbot.waitUntil(lambda: bool(chart.canvas.series), timeout=30_000)
    rows = {r.year: r.buildings for r in chart.canvas.series[0].rows}
    assert rows[2010] == len(before) and rows[bar.this_year] == len(now)
    out = chart.export_csv(str(tmp_path / "timeline.csv"))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = {row["year"]: row for row in csv.DictReader(fh)}
    assert table["2010"]["present:buildings"] == str(len(before))
    whole = dict(rows)
    chart.canvas.series = []
    chart.in_view.setChecked(True)  # the area the view shows: at most the whole city
    qtbot.waitUntil(lambda: bool(chart.canvas.series), timeout=30_000)
    assert all(r.buildings <= whole[r.year] for r in chart.canvas.series[0].rows)
    assert chart.status.text() == "The area in view"


def lifespan_instant(year: str) -> str:
    from store import lifespan

    return lifespan.instant(year)


def test_the_housing_theme_follows_the_time(qtbot, city: Path) -> None:
    """The age theme is the age in the year shown; a comparison keeps the colours until it
    ends, then the theme comes back."""
    from app.main_window import MainWindow

    window = MainWindow(city, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    model, bar = window.model, window.time_bar
    with Cache.open(city) as c:
        fid = int(c.read("buildings", ["name"], where="t.name = '旧村3号'", at=None).fids[0])
    window.housing_panel.set_theme("age")
    bar.slider.setValue(2010)
    theme = model.colouring.legend()
    assert theme.title_en == "Age in 2010"
    key = theme.legend[int(theme.classes[theme.fids.tolist().index(fid)])].key
    assert key == "20to29"  # built 1985: 25 years old in 2010
    bar.slider.setValue(2011)
    assert model.colouring.legend().title_en == "Age in 2011"

    bar.compare_year.setValue(2000)
    bar.compare_button.click()
    assert model.colouring.theme is model.comparison.theme
    window.housing_panel.set_theme("floors")  # chosen while comparing: comes after
    assert model.colouring.theme is model.comparison.theme
    bar.compare_button.click()
    assert model.colouring.theme.title_en == "Height class"


def test_search_finds_what_stood_at_the_time_shown(city: Path) -> None:
    from store.search import search

    with Cache.open(city) as c:
        assert not [h for h in search(c, "旧村3号") if h.layer == "buildings"]  # demolished
        c.at = lifespan_instant("2010")
        hits = [h for h in search(c, "旧村3号") if h.layer == "buildings"]
        assert [h.name for h in hits] == ["旧村3号"]
        c.at = lifespan_instant("1980")  # not built yet
        assert not [h for h in search(c, "旧村3号") if h.layer == "buildings"]


def test_a_tiled_layer_follows_the_time(city: Path, tmp_path: Path) -> None:
    """Issue 16 §6: tiles cimview exports carry each feature's lifespan, and a tiled layer
    hides and shows its features with the map's time, without loading again."""
    import shutil

    import pyvista as pv

    from layers.model import CityModel
    from layers.tiles3d import add_tileset
    from viewer.scene import Scene, build_scene_data
    from viewer.tiles_export import export_3dtiles

    mine = tmp_path / city.name
    shutil.copy(city, mine)
    export_3dtiles(mine, tmp_path / "tiles", layers=["buildings"])
    cache = Cache.open(mine)
    model = CityModel()
    model.open(cache)
    layer = add_tileset(model, str(tmp_path / "tiles"), "白模瓦片")
    for other in list(model.layers):
        other.visible = other is layer  # the tiled layer alone
    plotter = pv.Plotter(off_screen=True, window_size=[800, 600])
    scene = Scene(plotter.renderer)
    scene.populate(build_scene_data(model))
    scene.settle()
    view = scene.views[layer.name]

    def drawn() -> set[str]:
        out = set()
        for key, content in view.contents.items():
            for actor in content.actors:
                ids = np.asarray(pv.wrap(actor.GetMapper().GetInput()).cell_data["feature"])
                out |= {view.tiled.properties(key, int(f))["gid"] for f in np.unique(ids)}
        return out

    now = drawn()
    assert now == _gids(city, None)
    contents = dict(view.contents)
    model.set_time("1990")
    scene.settle()
    assert view.contents == contents  # nothing loaded again
    assert drawn() == _gids(city, 1990) & now  # those built since 1990 are hidden
    model.set_time(None)
    assert drawn() == now
    plotter.close()
    cache.close()


def test_a_building_drawn_on_the_map_is_planned_in_a_scenario(qtbot, city: Path,
                                                              tmp_path: Path) -> None:
    """Scenario ▸ Plan a building on the measured area: the outline drawn with the area tool
    becomes a planned building of the scenario shown, from its year; what it covers ends then
    in that scenario; a crossing outline is refused with a message."""
    import shutil

    from app.main_window import MainWindow
    from store import scenarios
    from tests.gui_frames import read_next_box

    mine = tmp_path / city.name
    shutil.copy(city, mine)
    with Cache.open(mine) as c:
        house = c.read("buildings", ["gid"], where="t.name = '旧村3号'", at=None)
    x0, y0, x1, y1 = house.geoms[0].bounds
    window = MainWindow(mine, "en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    assert window.scenarios.new_scenario("方案D")
    tool = window.tools.measure.measure_tools["area"]
    window.tools.set_tool("measure_area")
    z = 10.0
    tool.points = [(x0 - 5, y0 - 5, z), (x1 + 5, y0 - 5, z), (x1 + 5, y1 + 5, z),
                   (x0 - 5, y1 + 5, z)]
    tool.done = True  # as after clicking the corners and double-clicking the last
    gid = window.scenarios.plan_drawn(height=45.0, year=2031)
    assert gid is not None
    assert window.time_bar.slider.maximum() == 2031
    with Cache.open(mine) as c:
        plan = scenarios.find(c, "方案D")
        c.scenarios = scenarios.chain(c, plan.gid)
        got = c.read("buildings", ["height", "valid_from", "scenario"], where="t.gid = :g",
                     params={"g": gid}, at=None)
        assert got.columns == {"height": [45.0], "valid_from": ["2031"],
                               "scenario": [plan.gid]}
        assert got.geoms[0].area == pytest.approx((x1 - x0 + 10) * (y1 - y0 + 10))
        assert gid in c.read("buildings", ["gid"], at=lifespan_instant("2031")).columns["gid"]
    shown: list[str] = []
    read_next_box(shown)
    tool.points = [(x0, y0, z), (x1, y1, z), (x1, y0, z), (x0, y1, z)]  # crosses itself
    assert window.scenarios.plan_drawn(height=20.0, year=2031) is None
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "crosses itself" in shown[0]
