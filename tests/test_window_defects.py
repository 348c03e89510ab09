"""The window as planners, reviewers and field workers use it (issue 10, point 4): what they see
after a search, an edit the platform cannot take, an update that brings nothing, a filtered
housing theme, a narrow layer tree, the Chinese interface — against the real pygeoapi platform.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyle
from vtk.util.numpy_support import vtk_to_numpy

from app import i18n
from app.main_window import MainWindow
from store.cache import Cache
from store.sync.download import sync
from store.sync.outbox import outbox, record_edit
from tests.gui_frames import frame, wait_until
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401

pytestmark = pytest.mark.gui
ASCII_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def synced_once(ogc_platform, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """A work area synced once from the platform as exported (its folder)."""
    ogc_platform.reset()
    folder = tmp_path_factory.mktemp("synced")
    assert sync(ogc_platform.url, folder / "field.gpkg").complete
    return folder


@pytest.fixture()
def synced(fresh_platform, synced_once: Path, tmp_path: Path) -> Path:  # noqa: F811
    """A copy of that work area (a sync of the platform reset to the same data gives the
    same cache: copying it saves a sync per test)."""
    shutil.copytree(synced_once, tmp_path / "area")
    return tmp_path / "area" / "field.gpkg"


def _window(qtbot, qapp, path: Path, url: str, lang: str = "en") -> MainWindow:
    i18n.install(qapp, lang)
    window = MainWindow(path, lang)
    qtbot.addWidget(window)
    window.show()
    wait_until(qapp, lambda: window.view.scene.data is not None and window.is_search_ready)
    window.field_work.panel.url.setText(url)
    return window


@pytest.fixture(autouse=True)
def _english_after(qapp):
    yield
    i18n.install(qapp, "en")


def _building(cache: Cache, where: str = "1 = 1") -> tuple[int, str, shapely.Geometry, float]:
    """The largest building matching ``where``: fid, gid, footprint, ground height."""
    f = cache.read("buildings", ["gid", "ground_z"], where=where)
    i = int(np.argmax(shapely.area(f.geoms)))
    return int(f.fids[i]), str(f.columns["gid"][i]), f.geoms[i], float(f.columns["ground_z"][i])


def _select(window: MainWindow, layer: str, fid: int) -> None:
    """Select a feature as a click on it does: highlighted, shown in the Attributes panel."""
    assert window.view.highlight(layer, fid)
    window.view.picked.emit(layer, fid)


# -- field work ------------------------------------------------------------------------------------
def test_an_observation_is_placed_at_the_searched_building_not_the_last_click(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    from store.search import search

    window = _window(qtbot, qapp, synced, fresh_platform.url)
    cache = window.cache
    addr = cache.read("addresses", ["full_address", "building_gid"],
                      where="t.level = '楼栋' AND t.building_gid IS NOT NULL", geometry=False)
    full, bgid = addr.columns["full_address"][0], addr.columns["building_gid"][0]
    b = cache.read("buildings", ["ground_z"], where="t.gid = :g", params={"g": bgid})
    anchor = shapely.point_on_surface(b.geoms[0])
    # a ground click far from that building first
    far = (anchor.x + 91.0, anchor.y, 3.0)
    window.view.clicked_at.emit(far)
    hit = next(h for h in search(cache, full) if h.building_gid == bgid or h.gid == bgid)
    window.activate_hit(hit)
    assert window.view.selection == ("buildings", int(b.fids[0]))

    field = window.field_work
    field.record_observation()
    dialog = field.observation_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.text.setPlainText("外墙开裂")
    dialog.accept()
    [item] = outbox(cache)
    obs = item.observation
    assert (obs.x, obs.y) == pytest.approx((anchor.x, anchor.y), abs=1e-3)
    assert obs.z == pytest.approx(float(b.columns["ground_z"][0]), abs=1e-3)
    assert obs.feature == ("buildings", bgid)
    window.close()


def test_an_edit_the_platform_does_not_take_is_refused_before_it_is_queued(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    window = _window(qtbot, qapp, synced, fresh_platform.url, "zh_CN")
    field = window.field_work
    field.browse()  # the platform says which collections take edits (OPTIONS on the items)
    wait_until(qapp, lambda: field._worker is None)
    titles = [field.panel.layers_tree.topLevelItem(i).text(0)
              for i in range(field.panel.layers_tree.topLevelItemCount())]
    assert "建筑" in titles and "buildings" not in titles  # titles, not ids
    edits = dict(zip(field.panel.collection_ids(),
                     (field.panel.layers_tree.topLevelItem(i).text(1)
                      for i in range(len(titles))), strict=True))
    assert edits["buildings"] == "只读" and edits["observations"] == "可提交修改"

    fid, gid, _, _ = _building(window.cache)
    _select(window, "buildings", fid)
    field.edit_selected()
    assert field.edit_dialog is None  # no dialog: refused at once
    box = field.message_box
    assert box is not None and box.isVisible()
    assert "平台不接受对建筑的修改" in box.text() and "只读" in box.text()
    assert "平台不接受对建筑的修改" in window.statusBar().currentMessage()
    assert outbox(window.cache) == []
    box.close()
    window.close()


def test_a_refused_edit_is_shown_where_the_user_looks_and_reverted_in_one_click(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    window = _window(qtbot, qapp, synced, fresh_platform.url, "zh_CN")
    field, cache = window.field_work, window.cache
    fid, gid, _, _ = _building(cache, "t.safety_grade = 'A'")
    record_edit(cache, "buildings", gid, {"safety_grade": "D"})  # queued before the platform said
    field.push_outbox()
    wait_until(qapp, lambda: field._worker is None)
    assert [i.status for i in outbox(cache)] == ["rejected"]
    banner = field.panel.banner_text()
    assert field.panel.banner.isVisible() and "平台拒绝了 1 项" in banner
    assert "只读" in banner and "Collection is not editable" in banner
    assert "平台拒绝了 1 项" in window.statusBar().currentMessage()

    _select(window, "buildings", fid)
    notices = dict(window.attribute_panel.notices())
    assert notices == {"平台拒绝了此修改": "平台上为只读",
                       "平台原文": "Collection is not editable"}
    assert window.attribute_panel.value_of("安全等级").startswith("D级")

    field.panel.select_item(outbox(cache)[0].id)
    assert field.panel.revert_button.isEnabled()
    field.panel.revert_button.click()  # one click: the platform's value is back
    grade = cache.read("buildings", ["safety_grade", "local_edit"], where="t.gid = :g",
                       params={"g": gid}, geometry=False).columns
    assert grade["safety_grade"] == ["A"] and grade["local_edit"] == [0]
    assert window.attribute_panel.value_of("安全等级").startswith("A级")
    assert window.attribute_panel.notices() == []
    assert not field.panel.banner.isVisible()
    window.close()


def test_an_update_that_brings_nothing_leaves_camera_and_selection(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    window = _window(qtbot, qapp, synced, fresh_platform.url)
    field, view = window.field_work, window.view
    fid, gid, footprint, ground = _building(window.cache)
    _select(window, "buildings", fid)
    c = footprint.centroid
    view.set_camera_state({"position": [c.x - 150, c.y - 200, ground + 180],
                           "focal_point": [c.x, c.y, ground], "view_up": [0, 0, 1]})
    camera, data = view.camera_state(), view.scene.data
    field.update_cache()
    wait_until(qapp, lambda: field._worker is None)
    qapp.processEvents()
    assert view.scene.data is data  # not rebuilt
    assert view.selection == ("buildings", fid)
    assert np.allclose(view.camera_state()["position"], camera["position"])
    assert np.allclose(view.camera_state()["focal_point"], camera["focal_point"])
    assert "Up to date" in field.panel.status.text()

    # something does change: the scene is rebuilt, seen from the same place, same selection
    other = window.cache.read("buildings", ["gid"], where="t.fid <> :f", params={"f": fid},
                              geometry=False).columns["gid"][0]
    fresh_platform.edit("buildings", other, {"floors_above": 31})
    field.update_cache()
    wait_until(qapp, lambda: field._worker is None and view.scene.data is not data
          and "changed by the sync" in window.statusBar().currentMessage())
    assert np.allclose(view.camera_state()["position"], camera["position"])
    assert np.allclose(view.camera_state()["focal_point"], camera["focal_point"])
    assert view.selection is not None and view.selection[0] == "buildings"
    sel_gid = window.cache.read("buildings", ["gid"], where="t.fid = :f",
                                params={"f": view.selection[1]}, geometry=False).columns["gid"]
    assert sel_gid == [gid]
    assert window.attribute_panel.rowCount() > 0
    window.close()


def test_cancel_stops_a_sync_and_says_so(qtbot, qapp, synced: Path, fresh_platform,  # noqa: F811
                                         tmp_path: Path) -> None:
    window = _window(qtbot, qapp, synced, fresh_platform.url)
    field = window.field_work
    target = tmp_path / "new.gpkg"
    field.start_sync(target)
    field.cancel()
    assert field.panel.status.text() == "Cancelling…"  # at once
    assert not field.panel.cancel_button.isEnabled()
    started = time.monotonic()
    wait_until(qapp, lambda: field._worker is None, timeout=30)
    took = time.monotonic() - started
    assert "Cancelled" in field.panel.status.text() or "failed" in field.panel.status.text()
    assert took < 5.0, took
    assert window.cache_path == synced  # the cancelled download is not opened
    window.close()


def test_the_token_comes_from_and_goes_to_the_keyring(qtbot, qapp, synced: Path,
                                                     fresh_platform) -> None:  # noqa: F811
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):  # noqa: ANN001, ANN201
            return self.store.get((service, username))

        def set_password(self, service, username, password):  # noqa: ANN001, ANN201
            self.store[(service, username)] = password

        def delete_password(self, service, username):  # noqa: ANN001, ANN201
            self.store.pop((service, username))

    before = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        window = _window(qtbot, qapp, synced, fresh_platform.url)
        panel = window.field_work.panel
        panel.token.setText("s3cret")
        panel.remember_token.setChecked(True)
        assert list(Memory.store.values()) == ["s3cret"]
        panel.token.clear()  # as in the next session: the field starts empty
        panel.remember_token.blockSignals(True)
        panel.remember_token.setChecked(False)
        panel.remember_token.blockSignals(False)
        window.field_work.load_token()
        assert panel.token.text() == "s3cret" and panel.remember_token.isChecked()
        panel.remember_token.setChecked(False)  # forget it
        assert Memory.store == {}
        window.close()
    finally:
        keyring.set_keyring(before)


# -- housing, layers, Chinese ---------------------------------------------------------------
def _hue_nearest(rgb: np.ndarray, palette: dict[str, tuple[int, int, int]]) -> str:
    """The palette key whose colour points the same way as rgb (lighting scales colours)."""
    v = rgb / np.linalg.norm(rgb)
    return max(palette, key=lambda k: float(np.array(palette[k]) / np.linalg.norm(palette[k])
                                             @ v))


def test_the_housing_filter_colours_its_matches_in_the_legends_colours(
        qtbot, qapp, ogc_platform, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "city.gpkg"
    shutil.copy(ogc_platform.cache, path)
    window = _window(qtbot, qapp, path, ogc_platform.url, "zh_CN")
    panel = window.housing_panel
    panel.set_theme("safety_grade")
    panel.set_filter(grades={"D"})
    panel.apply_filter()
    legend = panel.legend
    keys = [k for k, _label, _count in legend.rows()]
    assert keys[:4] == ["A", "B", "C", "D"] and "other" in keys
    labels = dict((k, label) for k, label, _count in legend.rows())
    assert labels["other"] == "不符合筛选条件" and "安全等级D级" in legend.note_text()
    palette = {e.key: e.rgb for e in legend.classification.legend}

    view = window.view
    for where, want in (("t.safety_grade = 'D'", "D"), ("t.safety_grade = 'A'", "other")):
        fid, _, footprint, ground = _building(window.cache, where)
        roof = shapely.maximum_inscribed_circle(footprint).coords[0]
        h = window.cache.read("buildings", ["height"], where="t.fid = :f",
                              params={"f": fid}, geometry=False).columns["height"][0]
        top = ground + float(h)
        view.set_camera_state({"position": [roof[0], roof[1] - 1, top + 40],
                               "focal_point": [roof[0], roof[1], top], "view_up": [0, 1, 0]})
        img = frame(window)
        cy, cx = img.shape[0] // 2, img.shape[1] // 2
        centre = img[cy - 2:cy + 3, cx - 2:cx + 3].reshape(-1, 3).mean(axis=0)
        assert _hue_nearest(centre, palette) == want, (where, centre, palette)
    window.close()


def _elided(tree) -> list[str]:  # noqa: ANN001
    """Texts of the tree's first column wider than the room the column gives them."""
    fm = QFontMetrics(tree.font())
    style = tree.style()
    check = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    out = []
    stack = [(tree.topLevelItem(i), 1) for i in range(tree.topLevelItemCount())]
    while stack:
        item, depth = stack.pop()
        if item.isExpanded():  # rows under a collapsed one are not shown
            stack += [(item.child(i), depth + 1) for i in range(item.childCount())]
        checkable = item.data(0, Qt.ItemDataRole.CheckStateRole) is not None
        room = tree.columnWidth(0) - depth * tree.indentation() - (check if checkable else 0) \
            - (tree.iconSize().width() if not item.icon(0).isNull() else 0)
        if fm.horizontalAdvance(item.text(0)) > room:
            out.append(item.text(0))
    return out


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_no_layer_name_is_cut_short(qtbot, qapp, ogc_platform, tmp_path: Path,  # noqa: F811
                                    lang: str) -> None:
    path = tmp_path / "city.gpkg"
    shutil.copy(ogc_platform.cache, path)
    window = _window(qtbot, qapp, path, ogc_platform.url, lang)
    dock = window.layer_panel.parentWidget()
    window.resizeDocks([dock], [160], Qt.Orientation.Horizontal)  # a narrow dock
    qapp.processEvents()
    tree = window.layer_panel.tree
    assert tree.textElideMode().name == "ElideNone"
    assert tree.topLevelItemCount() >= 5
    assert _elided(tree) == []
    tree.expandAll()  # every legend row too (land uses have long names)
    qapp.processEvents()
    assert _elided(tree) == []
    window.close()


def test_the_edit_dialog_speaks_chinese_and_hides_internal_fields(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    window = _window(qtbot, qapp, synced, fresh_platform.url, "zh_CN")
    field = window.field_work
    fid, gid, _, _ = _building(window.cache)
    _select(window, "buildings", fid)
    field.edit_selected()  # the platform has not said yet: the dialog opens, with a note
    dialog = field.edit_dialog
    assert dialog is not None and dialog.isVisible()
    labels = [dialog.field.itemText(i) for i in range(dialog.field.count())]
    assert "安全等级" in labels and "结构类型" in labels and "用途" in labels
    assert not [x for x in labels if ASCII_WORD.fullmatch(x)]  # no column names
    for hidden in ("gid", "ground_z", "address_gid", "version", "updated_at", "source",
                   "local_edit", "lifecycle", "地面高程", "全局标识", "版本"):
        assert hidden not in labels
    dialog.choose("safety_grade", "C")
    choices = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    assert choices[1:] == ["A级（无危险构件）", "B级（个别危险构件）", "C级（局部危房）",
                           "D级（整幢危房）"]
    assert dialog.change() == {"safety_grade": "C"}
    dialog.accept()
    [item] = outbox(window.cache)
    assert item.changes == {"safety_grade": "C"}
    row = field.panel.tree.topLevelItem(0)
    assert row.text(0).startswith("编辑 建筑") and "安全等级 → C" in row.text(2)
    window.close()


def test_a_demolition_date_entered_takes_the_building_out_of_the_city_of_now(
        qtbot, qapp, synced: Path, fresh_platform) -> None:  # noqa: F811
    """The edit dialog's demolition date (issue 16): once accepted the building is history,
    so the city of now is drawn without it (the layer is read again), and the slider reaches
    back to it."""
    window = _window(qtbot, qapp, synced, fresh_platform.url)
    scene, field = window.view.scene, window.field_work
    fid, _, _, _ = _building(window.cache)
    _select(window, "buildings", fid)
    field.edit_selected()
    dialog = field.edit_dialog
    assert dialog is not None
    dialog.choose("valid_to", "2020")
    before = scene.views["buildings"]
    dialog.accept()
    qtbot.waitUntil(lambda: scene.views["buildings"] is not before and not scene.pending,
                    timeout=60_000)
    def shown() -> set[int]:
        return {int(f) for actor, _ in scene.views["buildings"].pairs() for f in
                vtk_to_numpy(actor.GetMapper().GetInput().GetCellData().GetArray("fid"))}

    assert shown() and fid not in shown()
    window.model.set_time("2019")  # it stood then
    assert fid in shown()
    window.model.set_time(None)
    window.close()


def test_qt_standard_dialogs_are_chinese(qapp) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

    i18n.install(qapp, "zh_CN")
    box = QMessageBox(QMessageBox.Icon.Warning, "t", "x",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["确定", "取消"])
    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert texts and not [t for t in texts if ASCII_WORD.search(t)], texts
    assert QApplication.translate("QFileDialog", "&Look in:") != "&Look in:"
