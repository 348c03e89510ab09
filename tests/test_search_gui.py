"""Address search in the window, driven as a user drives it: typing in the search box, the
popup of hits, Enter to fly to a hit and highlight its building, Ctrl+F, and the reverse lookup
of a click in the 3D view — with the real search engine over the real sample city (in Chinese).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import i18n
from app.main_window import MainWindow
from app.search_box import SearchBox
from store.cache import Cache
from store.search import Hit, Match
from tests.gui_frames import highlight_share
from tests.sample_build import build

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search_city")
    build(out, buildings=400)
    return out / "sample_city.gpkg"


@pytest.fixture(scope="module")
def window(qapp, city: Path):
    """One Chinese window over the sample city for the module, scene drawn, search ready."""
    import time

    i18n.install(qapp, "zh_CN")
    w = MainWindow(city, "zh_CN")
    w.show()
    deadline = time.monotonic() + 60
    while not (w.view.scene.data is not None and w.is_search_ready):
        assert time.monotonic() < deadline, "scene or search index not ready in 60 s"
        qapp.processEvents()
        time.sleep(0.01)
    yield w
    w.close()
    w.deleteLater()
    qapp.processEvents()
    i18n.install(qapp, "en")


@pytest.fixture()
def win(qtbot, window: MainWindow) -> MainWindow:
    """The module's window, active, nothing selected, an empty search box."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.search_box.clear()
    window.view.clear_selection()
    window.view.top_view()
    qtbot.waitUntil(lambda: not window.view.is_flying, timeout=5000)
    return window


def _type(qtbot, box: SearchBox, text: str) -> None:
    """Type into the box as a user does: ASCII key by key (qtbot.keyClicks), Chinese as an
    input method commits it (QTest cannot press keys for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(box, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(box, event)


def _building_addresses(city: Path) -> list[dict]:
    """楼栋 addresses with their building's footprint, roof height and fid."""
    with Cache.open(city) as cache:
        a = cache.read("addresses", ["level", "compound", "building_no", "full_address",
                                     "building_gid"], where="t.level = '楼栋'")
        b = cache.read("buildings", ["gid", "ground_z", "height", "address"])
    by_gid = {g: i for i, g in enumerate(b.columns["gid"])}
    out = []
    for i in range(len(a)):
        j = by_gid.get(a.columns["building_gid"][i])
        if j is None:
            continue
        out.append({"query": f"{a.columns['compound'][i]}{a.columns['building_no'][i]}",
                    "full_address": a.columns["full_address"][i], "point": a.geoms[i],
                    "fid": int(b.fids[j]), "footprint": b.geoms[j],
                    "roof": float(b.columns["ground_z"][j] or 0) + float(b.columns["height"][j]),
                    "address": b.columns["address"][j]})
    return out


def _roof_point(entry: dict) -> np.ndarray:
    geom = max(shapely.get_parts(entry["footprint"]), key=lambda g: g.area)
    x, y = shapely.maximum_inscribed_circle(geom).coords[0]
    return np.array([x, y, entry["roof"]])


def _biggest(city: Path) -> dict:
    return max(_building_addresses(city), key=lambda e: e["footprint"].area)


# -- the box with a fake engine: the keyboard ------------------------------------------------------
def _fake_hits(query: str) -> list[Hit]:
    if query == "无此地":
        return []
    return [Hit("addresses", i, f"g{i}", f"广东省广州市珠湾区体育西路{i}号", "门牌", 0.0, 0.0, 1.0,
                matched=(Match("road", "tiyuxilu", "体育西路", "pinyin"),
                         Match("door_no", f"{i}号", f"{i}号")),
                unmatched=("1001室",)) for i in range(1, 15)]


def test_popup_keyboard_with_a_fake_engine(qtbot, qapp) -> None:
    from PySide6.QtWidgets import QMainWindow, QTextEdit

    i18n.install(qapp, "en")
    host = QMainWindow()
    qtbot.addWidget(host)
    host.setCentralWidget(QTextEdit())
    box = SearchBox(host)
    host.addToolBar("search").addWidget(box)
    box.set_search(_fake_hits)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow, timeout=5000)
    box.setFocus()
    qtbot.keyClicks(box, "tiyuxilu 1001")
    assert box.popup_visible() and box.hasFocus()  # typing goes on in the box
    assert len(box.popup_rows()) == 10
    assert box.popup_details()[0] == \
        "door  ·  road 体育西路 [pinyin tiyuxilu] · door 1号  unmatched: 1001室"
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.current_row() == 1
    with qtbot.waitSignal(box.activated) as sig:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert sig.args[0].fid == 2 and not box.popup_visible()
    assert box.text() == "广东省广州市珠湾区体育西路2号"
    box.setText("无此地")
    assert box.popup_rows() == ["No match"]
    assert not box.list.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.popup_visible()
    box.setText("tiyu")
    rect = box.list.visualItemRect(box.list.item(4))
    with qtbot.waitSignal(box.activated) as sig:
        qtbot.mouseClick(box.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args[0].fid == 5
    box.setText("tiyu")
    host.centralWidget().setFocus()  # focus elsewhere closes the list
    qtbot.waitUntil(lambda: not box.popup_visible(), timeout=2000)


# -- the window with the real engine ---------------------------------------------------------------
def test_enter_flies_to_a_building_address_and_highlights_it(qtbot, win: MainWindow,
                                                              city: Path) -> None:
    view = win.view
    entry = _biggest(city)
    roof = _roof_point(entry)
    before = highlight_share(win, roof)
    win.focus_search()
    _type(qtbot, win.search_box, entry["query"])
    rows = win.search_box.popup_rows()
    assert 1 <= len(rows) <= 10
    assert rows[0] == entry["full_address"]
    assert win.search_box.popup_details()[0].startswith("楼栋")
    with qtbot.waitSignal(view.fly_finished, timeout=10_000):
        qtbot.keyClick(win.search_box, Qt.Key.Key_Return)
    assert not win.search_box.popup_visible()
    focal = np.array(view.camera_state()["focal_point"])
    assert np.hypot(focal[0] - entry["point"].x, focal[1] - entry["point"].y) < 30.0
    assert view.selection == ("buildings", entry["fid"])
    assert view.selection_actor is not None and view.renderer.HasViewProp(view.selection_actor)
    assert win.view.scene.marker_position is None  # a building: highlighted, no pin
    qtbot.wait(50)
    assert highlight_share(win, roof) > 0.6 > before + 0.3
    assert win.attribute_panel.value_of("地址") == entry["full_address"]
    assert win.attribute_panel.has_section("建筑物")
    view.clear_selection()
    assert highlight_share(win, roof) < 0.2


def test_typing_lists_at_most_ten_hits_first_the_door(qtbot, win: MainWindow,
                                                      city: Path) -> None:
    with Cache.open(city) as cache:
        a = cache.read("addresses", ["level", "road", "door_no", "full_address"],
                       geometry=False)
    cols = a.columns
    under = Counter((r, d) for r, d in zip(cols["road"], cols["door_no"], strict=True))
    door = max((i for i in range(len(a)) if cols["level"][i] == "门牌"),
               key=lambda i: under[(cols["road"][i], cols["door_no"][i])])
    assert under[(cols["road"][door], cols["door_no"][door])] > 10  # a compound's gate
    win.search_box.setFocus()
    _type(qtbot, win.search_box, f"{cols['road'][door]}{cols['door_no'][door]}")
    rows = win.search_box.popup_rows()
    assert len(rows) == 10
    assert rows[0] == cols["full_address"][door]
    assert win.search_box.popup_details()[0] == \
        f"门牌  ·  道路 {cols['road'][door]} · 门牌 {cols['door_no'][door]}"
    _type(qtbot, win.search_box, "1001室")  # a room the library does not hold
    assert win.search_box.popup_details()[0].endswith("未匹配：1001室")
    win.search_box.setText("ｑｑｑ无此地址ｚｚ")
    assert win.search_box.popup_rows() == ["无匹配"]
    qtbot.keyClick(win.search_box, Qt.Key.Key_Escape)
    assert not win.search_box.popup_visible()


def test_a_road_hit_gets_the_pin(qtbot, win: MainWindow, city: Path) -> None:
    with Cache.open(city) as cache:
        road = cache.read("roads", ["name"], geometry=False).columns["name"][0]
    win.search_box.setFocus()
    _type(qtbot, win.search_box, road)
    hit = win.search_box.hits[0]
    assert hit.layer == "roads" and hit.name == road
    with qtbot.waitSignal(win.view.fly_finished, timeout=10_000):
        qtbot.keyClick(win.search_box, Qt.Key.Key_Return)
    marker = win.view.scene.marker_position
    assert marker is not None and marker[:2] == pytest.approx((hit.x, hit.y))
    assert win.view.renderer.HasViewProp(win.view.scene.marker_actor)
    assert win.view.selection is None
    assert win.attribute_panel.value_of("道路名称") == road
    focal = np.array(win.view.camera_state()["focal_point"])
    assert np.hypot(focal[0] - hit.x, focal[1] - hit.y) < 1.0
    with qtbot.waitSignal(win.view.cleared, timeout=2000):  # Esc: no selection, no pin
        win.view.highlight("buildings", _biggest(city)["fid"])
        qtbot.keyClick(win.view.interactor, Qt.Key.Key_Escape)
    assert win.view.scene.marker_position is None


def test_ctrl_f_focuses_the_box_and_f_still_flies(qtbot, win: MainWindow, city: Path) -> None:
    view = win.view
    win.search_box.setText("沿江")
    win.search_box.hide_popup()
    view.interactor.setFocus()
    qtbot.waitUntil(view.interactor.hasFocus, timeout=2000)
    qtbot.keyClick(view.interactor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.search_box.hasFocus()
    assert win.search_box.selectedText() == "沿江"
    # letters typed in the box are text, not the window's one-key shortcuts (F, T, N, U)
    qtbot.keyClicks(win.search_box, "futn")
    assert win.search_box.text() == "futn"
    assert not view.is_flying and not win.underground_action.isChecked()
    win.search_box.clear()
    # plain F, with the 3D view focused, is still "fly to the selection"
    entry = _biggest(city)
    view.highlight("buildings", entry["fid"])
    view.zoom_to_extent()
    view.interactor.setFocus()
    qtbot.waitUntil(view.interactor.hasFocus, timeout=2000)
    with qtbot.waitSignal(view.fly_finished, timeout=10_000):
        qtbot.keyClick(view.interactor, Qt.Key.Key_F)
    focal = np.array(view.camera_state()["focal_point"])
    assert shapely.distance(entry["footprint"], shapely.Point(focal[:2])) < 1.0


def _click(qtbot, view, target: np.ndarray, distance: float):
    view.top_view()
    view.fly_to(target, distance=distance, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    qtbot.wait(50)
    with qtbot.waitSignal(view.clicked_at, timeout=5000) as sig:
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                         pos=view.screen_position(target))
    return sig.args[0]


def test_clicks_show_the_standard_or_the_nearest_address(qtbot, win: MainWindow,
                                                         city: Path) -> None:
    view, panel = win.view, win.attribute_panel
    entry = _biggest(city)
    _click(qtbot, view, _roof_point(entry), 250.0)
    assert view.selection == ("buildings", entry["fid"])
    label, value = panel.address()
    assert label == "标准地址"
    assert value == f"{entry['address']}（楼栋）"
    assert value in win.statusBar().currentMessage()
    assert panel.value_of("结构类型")  # the building's own rows are still there

    # the terrain, away from buildings, poles and pipe points
    with Cache.open(city) as cache:
        blocked = list(cache.read("buildings").geoms) + list(cache.read("building_solids").geoms)
        glyphs = list(cache.read("poles").geoms) + list(cache.read("pipe_points").geoms)
        addresses = cache.read("addresses").geoms
        extent = cache.extent()
    near_b, near_g = shapely.STRtree(blocked), shapely.STRtree(glyphs)
    ax, ay = shapely.get_x(addresses), shapely.get_y(addresses)
    spot = None
    for x in np.linspace(extent[0] + 150, extent[2] - 150, 25):
        for y in np.linspace(extent[1] + 150, extent[3] - 150, 25):
            p = shapely.Point(x, y)
            d = np.hypot(ax - x, ay - y).min()
            if 30 < d < 300 and shapely.distance(p, blocked[near_b.nearest(p)]) > 25 \
                    and shapely.distance(p, glyphs[near_g.nearest(p)]) > 15:
                spot = (x, y)
                break
        if spot:
            break
    assert spot is not None
    ground = view.terrain_height(*spot)
    assert ground is not None
    point = _click(qtbot, view, np.array([*spot, ground]), 250.0)
    assert point is not None and view.selection is None
    assert np.hypot(point[0] - spot[0], point[1] - spot[1]) < 2.0
    label, value = panel.address()
    assert label == "最近标准地址"
    m = re.fullmatch(r"(.+)（(.+)，(\d+) 米）", value)
    assert m, value
    expected = np.hypot(ax - point[0], ay - point[1]).min()
    assert abs(int(m.group(3)) - expected) <= 1.0
    assert m.group(2) in ("门牌", "楼栋", "单元")
    assert f"最近标准地址：{value}" == win.statusBar().currentMessage()
    assert panel.value_of("点击位置")
    QApplication.processEvents()
