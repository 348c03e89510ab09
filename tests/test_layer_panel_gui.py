"""The layer panel, style dialog and add-layer dialog over a CityModel (pytest-qt, Xvfb)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.add_layer import AddLayerDialog, add_file
from app.layer_panel import LayerPanel, class_filter, hidden_classes
from app.style_dialog import StyleDialog, categorise, graduate
from layers import pipelines
from layers.layer import Layer, Source, Style
from layers.model import CityModel
from store.cache import Cache
from tests.conftest import REALDATA
from tests.sample_build import build

pytestmark = pytest.mark.gui

FOOTPRINTS = sorted((REALDATA / "footprints").glob("guangzhou_*.geojson"))


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out: Path = tmp_path_factory.mktemp("panel_city")
    build(out, buildings=150)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


@pytest.fixture()
def model(city: Cache) -> CityModel:
    m = CityModel("zh_CN")
    m.open(city, saved=False)
    return m


@pytest.fixture()
def panel(qtbot, model: CityModel) -> LayerPanel:
    p = LayerPanel(model=model)
    qtbot.addWidget(p)
    return p


def _rows(panel: LayerPanel) -> list[str]:
    t = panel.tree
    return [t.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(t.topLevelItemCount())]


def test_class_filter_round_trip() -> None:
    assert class_filter([]) is None
    f = class_filter(["RQ", "JS", "O'K"])
    assert f == "class_code not in ('JS', 'O''K', 'RQ')"
    assert hidden_classes(f) == {"RQ", "JS", "O'K"}
    assert hidden_classes("height > 3") == set()


def test_every_layer_is_a_row_in_model_order(panel: LayerPanel, model: CityModel,
                                             city: Cache) -> None:
    assert _rows(panel) == model.layers.names()
    item = panel.item("buildings")
    assert item.text(0) == "白模"
    assert int(item.text(1).replace(",", "")) == city.count("buildings")
    present = [c for c in pipelines.children(city) if c.count]
    pipe = panel.item("pipelines")
    assert [pipe.child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(pipe.childCount())] \
        == [f"pipelines:{c.class_code}" for c in present]
    assert panel.tree.textElideMode() == Qt.TextElideMode.ElideNone


def test_toggle_rename_opacity_change_the_model(panel: LayerPanel, model: CityModel) -> None:
    roads = model.layers["roads"]
    panel.item("roads").setCheckState(0, Qt.CheckState.Unchecked)  # a click on the box
    assert roads.visible is False
    panel.item("roads").setText(0, "主要道路")  # what the editor (F2) commits
    assert roads.label("zh_CN") == "主要道路" and roads.label("en") == "主要道路"
    panel.opacity_slider("roads").setValue(35)
    assert roads.opacity == pytest.approx(0.35)


def test_pipeline_classes_set_the_layer_filter(panel: LayerPanel, model: CityModel,
                                               qtbot) -> None:
    pipes = model.layers["pipelines"]
    code = next(k for k in panel.layer_keys() if k.startswith("pipelines:")).split(":")[1]
    with qtbot.waitSignal(panel.visibility_changed) as seen:
        panel.set_checked(f"pipelines:{code}", False)
    assert hidden_classes(pipes.filter) == {code}
    assert seen.args == [f"pipelines:{code}", False] or not panel.is_checked(f"pipelines:{code}")
    assert not panel.is_checked(f"pipelines:{code}") and panel.is_checked("pipelines")
    panel.set_checked(f"pipelines:{code}", True)
    assert pipes.filter is None


def test_model_changes_show_in_the_panel(panel: LayerPanel, model: CityModel) -> None:
    model.layers["buildings"].visible = False
    assert panel.item("buildings").checkState(0) == Qt.CheckState.Unchecked
    model.layers["buildings"].opacity = 0.5
    assert panel.opacity_slider("buildings").value() == 50
    model.layers["roads"].rename("Roads 2026")
    assert panel.item("roads").text(0) == "Roads 2026"
    model.layers.move("terrain", 0)
    assert _rows(panel)[0] == "terrain"
    model.layers.remove("water") if "water" in model.layers else model.layers.remove("parcels")
    assert _rows(panel) == model.layers.names()
    model.layers.append(Layer("extra", "vectors", Source(table="roads"), title="Extra"))
    assert _rows(panel)[-1] == "extra"


def test_buttons_move_and_remove(panel: LayerPanel, model: CityModel) -> None:
    names = model.layers.names()
    panel.set_current_key(names[1])
    panel.up_button.click()
    assert model.layers.names()[:2] == [names[1], names[0]]
    assert panel.current_key() == names[1]
    panel.down_button.click()
    assert model.layers.names() == names
    panel.set_current_key("roads")
    panel.remove_button.click()
    assert "roads" not in model.layers and panel.item("roads") is None


def test_two_panels_over_one_model_agree(qtbot, panel: LayerPanel, model: CityModel) -> None:
    other = LayerPanel(model=model)
    qtbot.addWidget(other)
    panel.item("parcels").setCheckState(0, Qt.CheckState.Unchecked)
    assert other.item("parcels").checkState(0) == Qt.CheckState.Unchecked
    panel.move_layer("parcels", 0)
    assert _rows(other)[0] == "parcels"


def test_building_colouring_legend_under_buildings(panel: LayerPanel, model: CityModel,
                                                   city: Cache) -> None:
    from layers import housing

    assert panel.item("buildings").childCount() == 0
    model.colouring.set_theme(housing.classify(city, "safety_grade"))
    item = panel.item("buildings")
    assert item.childCount() == 4 and item.child(0).text(0).startswith("A")
    model.colouring.clear()
    assert panel.item("buildings").childCount() == 0


def test_style_dialog_sets_the_style(qtbot, model: CityModel, panel: LayerPanel) -> None:
    roads = model.layers["roads"]
    dialog = StyleDialog(roads, model)
    qtbot.addWidget(dialog)
    assert "road_class" in dialog.fields() and "name" in dialog.fields()
    dialog.mode.setCurrentIndex(dialog.mode.findData("categorised"))
    dialog.field.setCurrentIndex(dialog.field.findData("road_class"))
    dialog.classify()
    assert dialog.table.rowCount() >= 2
    dialog.set_class_colour(0, (1, 2, 3))
    dialog.label_field.setCurrentIndex(dialog.label_field.findData("name"))
    before = roads.style
    dialog.reject()
    assert roads.style == before  # Cancel leaves the layer
    dialog.accept()
    style = roads.style
    assert style.mode == "categorised" and style.field == "road_class"
    assert style.classes[0].rgb == (1, 2, 3) and style.label_field == "name"
    assert panel.item("roads").childCount() == len(style.classes) + 1  # legend + other


def test_classify_rules() -> None:
    cats = categorise(["a", "b", "a", None, ""])
    assert [c.value for c in cats] == ["a", "b"]
    grads = graduate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 2)
    assert len(grads) == 2 and grads[0].matches(1) and grads[-1].matches(10)


@pytest.mark.skipif(not FOOTPRINTS, reason="../shared/realdata footprints not present")
def test_add_a_real_file_as_a_layer(qtbot, model: CityModel, panel: LayerPanel) -> None:
    import pyogrio

    path = FOOTPRINTS[0]
    n = pyogrio.read_info(path)["features"]
    dialog = AddLayerDialog(model)
    qtbot.addWidget(dialog)
    dialog.set_file(str(path))
    assert "EPSG:4326" in dialog.crs_note.text()
    dialog.accept()
    layer = dialog.added
    assert layer is not None and layer.kind == "vectors"
    assert layer.source.path == str(path.resolve())  # kept resolved (a symlinked folder too)
    assert model.layers[0] is layer  # on top of the map
    assert _rows(panel)[0] == layer.name
    assert int(panel.item(layer.name).text(1).replace(",", "")) == n
    from layers.table import LayerTable

    assert LayerTable.of_layer(model, layer).total == n


def test_a_bad_file_is_said_and_nothing_added(qtbot, model: CityModel,
                                              tmp_path: Path) -> None:
    bad = tmp_path / "坏.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    names = model.layers.names()
    dialog = AddLayerDialog(model)
    qtbot.addWidget(dialog)
    dialog.set_file(str(bad))
    dialog.accept()
    assert dialog.added is None and model.layers.names() == names
    assert str(bad) in dialog.error.text() and not dialog.error.isHidden()


def test_add_a_cache_table(qtbot, model: CityModel) -> None:
    dialog = AddLayerDialog(model)
    qtbot.addWidget(dialog)
    dialog.from_cache.setChecked(True)
    dialog.table.setCurrentIndex(dialog.table.findData("addresses"))
    dialog.accept()
    assert dialog.added is not None and dialog.added.source == Source(table="addresses")
    assert dialog.added.name != "addresses"  # the default layer keeps its name


def test_add_file_keeps_a_given_crs(model: CityModel) -> None:
    if not FOOTPRINTS:
        pytest.skip("no footprints")
    layer = add_file(model, FOOTPRINTS[-1], crs="EPSG:4326", title="沙面")
    assert layer.source.crs == "EPSG:4326" and layer.label("zh_CN") == "沙面"
    assert isinstance(layer.style, Style) and layer.style.fill


# -- the attribute table dock ------------------------------------------------------------------
def test_attribute_table_sorts_filters_and_selects_with_the_model(qtbot, model: CityModel,
                                                                 city: Cache,
                                                                 tmp_path: Path) -> None:
    import csv

    from app.attribute_table import AttributeTable
    from layers import housing

    dock = AttributeTable(model)
    qtbot.addWidget(dock)
    names = [dock.layer_combo.itemData(i) for i in range(dock.layer_combo.count())]
    assert "buildings" in names and "terrain" not in names
    assert dock.show_layer("buildings")
    q = dock.qmodel
    assert q.rowCount() == city.count("buildings")
    headers = [q.headerData(c, Qt.Orientation.Horizontal) for c in range(q.columnCount())]
    assert "地址" in headers  # the field's label, in the user's language
    col = dock.table.names.index("height")
    dock.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    heights = [dock.table.value(r, "height") for r in range(q.rowCount())]
    assert heights == sorted(heights, reverse=True)
    assert float(q.data(q.index(0, col))) == pytest.approx(heights[0])

    dock.filter_edit.setText("height > 20")
    dock.apply_filter()
    assert q.rowCount() == sum(1 for h in heights if h > 20) and dock.error_label.isHidden()
    dock.filter_edit.setText("height >")
    dock.apply_filter()
    assert not dock.error_label.isHidden() and dock.error_label.text()
    dock.filter_edit.setText("")
    dock.apply_filter()

    result = housing.apply(city, housing.HousingFilter(grades={"D"}))
    model.colouring.set_filter(result)
    dock.housing_check.setChecked(True)
    assert q.rowCount() == result.count
    assert "of" in dock.count_label.text() or "行" in dock.count_label.text()

    dock.view.selectRow(0)  # a click on a row selects the feature in the model (3D view)
    assert model.selection.layer == "buildings"
    assert model.selection.fids == (dock.table.fid(0),)
    fid = dock.table.fid(1)
    model.select("buildings", [fid])  # a pick in the 3D view selects its row
    assert dock.selected_rows() == [1]
    model.clear_selection()
    assert dock.selected_rows() == []

    out = tmp_path / "房屋.csv"
    assert dock.export_to(str(out)) == result.count
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == result.count + 1 and rows[0][0] == "fid"
    model.select("buildings", [fid])
    dock.selection_only.setChecked(True)
    assert dock.export_to(str(tmp_path / "one.xlsx")) == 1


def test_attribute_table_follows_the_layer_list(qtbot, model: CityModel) -> None:
    from app.attribute_table import AttributeTable

    dock = AttributeTable(model)
    qtbot.addWidget(dock)
    dock.show_layer("roads")
    model.layers["roads"].rename("路网")
    assert dock.layer_combo.currentText() == "路网"
    model.layers.remove("roads")
    assert dock.table is None and dock.layer_combo.findData("roads") < 0


# -- in the window -----------------------------------------------------------------------------
def test_window_layer_menu_table_and_selection_with_the_3d_view(qtbot, city: Cache) -> None:
    from app.main_window import MainWindow

    window = MainWindow(Path(city.path), "zh_CN")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.scene_ready, timeout=60_000):
        window.show()
    assert window.layer_panel.model is window.model
    assert [window.layer_panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(window.layer_panel.tree.topLevelItemCount())] \
        == window.model.layers.names()
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    layer_menu = next(m for t, m in menus.items() if "Layer" in t or "图层" in t)
    assert window.add_layer_action in layer_menu.actions()
    assert window.attribute_table_action in layer_menu.actions()

    window.layer_panel.set_current_key("buildings")
    window.layer_panel.table_button.click()
    assert window.attribute_table_dock.isVisible()
    table = window.attribute_table
    assert table.current_layer_name() == "buildings"
    fid = table.table.fid(3)
    window.view.picked.emit("buildings", fid)  # a click on a building in the 3D view
    assert window.model.selection.fids == (fid,) and table.selected_rows() == [3]
    table.view.selectRow(7)  # a row of the table: the 3D view highlights its building
    assert window.view.selection == ("buildings", table.table.fid(7))
    window.view.clear_selection()
    assert not window.model.selection and table.selected_rows() == []
    window.model.layers["buildings"].visible = False  # the model: the scene follows
    assert not window.view.scene.is_visible("buildings")
    window.close()


@pytest.mark.skipif(not FOOTPRINTS, reason="../shared/realdata footprints not present")
def test_a_file_without_crs_asks_for_one(qtbot, model: CityModel, tmp_path: Path) -> None:
    import warnings

    import pyogrio

    src = next(p for p in FOOTPRINTS if "shamian" in p.name)
    meta, _fids, geom, fields = pyogrio.raw.read(src, columns=["name"])
    shp = tmp_path / "沙面.shp"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "crs was not provided": the point of the test
        pyogrio.raw.write(shp, geom, fields, ["name"], geometry_type=meta["geometry_type"],
                          driver="ESRI Shapefile", encoding="UTF-8")
    names = model.layers.names()
    dialog = AddLayerDialog(model)
    qtbot.addWidget(dialog)
    dialog.set_file(str(shp))
    assert "CRS" in dialog.crs_note.text() and "declares no" in dialog.crs_note.text()
    dialog.accept()
    assert dialog.added is None and model.layers.names() == names
    assert "沙面.shp" in dialog.error.text()
    dialog.crs.setText("EPSG:4326")
    dialog.accept()
    assert dialog.added is not None and dialog.added.source.crs == "EPSG:4326"
    shown = LayerPanel(model=model)
    qtbot.addWidget(shown)
    assert int(shown.item(dialog.added.name).text(1)) == len(geom)


def test_dropping_a_row_moves_the_layer(qtbot, panel: LayerPanel, model: CityModel) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    tree = panel.tree
    panel.show()
    qtbot.waitExposed(panel)
    last = model.layers.names()[-1]
    first = model.layers.names()[0]
    dragged = panel.item(last)
    tree.setCurrentItem(dragged)
    pos = QPointF(tree.visualItemRect(panel.item(first)).center())  # viewport coordinates
    event = QDropEvent(pos, Qt.DropAction.MoveAction, tree.mimeData([dragged]),
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tree.dropEvent(event)
    assert model.layers.names()[0] == last  # the model moved; the rows follow it
    assert _rows(panel) == model.layers.names()
