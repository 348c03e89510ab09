"""The side panels over the sample city: layers, housing theme and filter, legend, attributes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.attribute_panel import AttributePanel
from app.housing_panel import HousingPanel
from app.layer_panel import LayerPanel
from app.legend import LegendWidget
from layers import housing, pipelines
from sample_city.city import build
from store.cache import Cache

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out: Path = tmp_path_factory.mktemp("panels_city")
    build(out, buildings=400)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


@pytest.fixture()
def layers(qtbot, city: Cache) -> LayerPanel:
    panel = LayerPanel()
    qtbot.addWidget(panel)
    panel.populate(city, "zh_CN")
    return panel


def _top_titles(panel: LayerPanel) -> list[str]:
    return [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]


# -- LayerPanel --------------------------------------------------------------------------------
def test_layer_panel_lists_the_five_themes(layers: LayerPanel, city: Cache, qtbot) -> None:
    assert _top_titles(layers) == ["地形", "白模", "管线", "房屋", "智慧杆"]
    assert layers.visible_keys()[:2] == ["terrain", "buildings"]
    assert "housing" not in layers.visible_keys()  # a style of the buildings: off by default
    assert "poles" in layers.visible_keys() and "pipe_points" in layers.visible_keys()
    en = LayerPanel()
    qtbot.addWidget(en)
    en.populate(city, "en")
    assert _top_titles(en) == ["Terrain", "Buildings", "Pipelines", "Housing stock",
                               "Smart poles"]


def test_pipeline_children_show_names_swatches_and_counts(layers: LayerPanel,
                                                          city: Cache) -> None:
    present = [c for c in pipelines.children(city) if c.count]
    assert present
    group = layers.item("pipelines")
    keys = [group.child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(group.childCount())]
    assert keys == [f"pipelines:{c.class_code}" for c in present] + ["pipe_points"]
    for c in present:
        item = layers.item(f"pipelines:{c.class_code}")
        assert item.text(0) == c.title_zh
        assert int(item.text(1).replace(",", "")) == c.count
        assert not item.icon(0).isNull()
        assert item.icon(0).pixmap(14, 14).toImage().pixelColor(7, 7).getRgb()[:3] == c.rgb
    assert int(layers.item("pipe_points").text(1).replace(",", "")) == city.count("pipe_points")
    assert int(group.text(1).replace(",", "")) == city.count("pipelines")


def test_unchecking_buildings_emits_visibility(layers: LayerPanel, qtbot) -> None:
    with qtbot.waitSignal(layers.visibility_changed) as blocker:
        layers.item("buildings").setCheckState(0, Qt.CheckState.Unchecked)
    assert blocker.args == ["buildings", False]
    assert "buildings" not in layers.visible_keys()
    with qtbot.waitSignal(layers.visibility_changed) as blocker:
        layers.set_checked("buildings", True)
    assert blocker.args == ["buildings", True]


def test_pipeline_group_toggles_every_child(layers: LayerPanel) -> None:
    emitted: list[tuple[str, bool]] = []
    layers.visibility_changed.connect(lambda k, v: emitted.append((k, v)))
    children = [k for k in layers.layer_keys() if k.startswith("pipelines:")]
    layers.item("pipelines").setCheckState(0, Qt.CheckState.Unchecked)
    assert sorted(k for k, v in emitted if k.startswith("pipelines:") and v is False) \
        == sorted(children)
    assert ("pipe_points", False) in emitted
    assert not any(v for _k, v in emitted)
    assert not any(k.startswith("pipelines") or k == "pipe_points"
                   for k in layers.visible_keys())
    # one child back on: the group is partly checked and only that child is emitted
    emitted.clear()
    layers.set_checked(children[0], True)
    assert emitted == [(children[0], True)]
    assert layers.item("pipelines").checkState(0) == Qt.CheckState.PartiallyChecked
    emitted.clear()
    layers.set_checked("pipelines", True)
    assert sorted(k for k, v in emitted if v) == sorted([*children[1:], "pipe_points"])


def test_set_visible_keys_restores_a_bookmark(layers: LayerPanel) -> None:
    layers.set_visible_keys(["terrain", "pipelines:JS", "housing"])
    assert layers.visible_keys() == ["terrain", "pipelines:JS", "housing"]
    layers.set_checked("no_such_layer", True)  # ignored


def test_opacity_slider_emits(layers: LayerPanel, qtbot) -> None:
    with qtbot.waitSignal(layers.opacity_changed) as blocker:
        layers.opacity_slider("buildings").setValue(40)
    assert blocker.args[0] == "buildings"
    assert blocker.args[1] == pytest.approx(0.4)
    assert layers.opacity("buildings") == pytest.approx(0.4)
    emitted: list[tuple[str, float]] = []
    layers.opacity_changed.connect(lambda k, v: emitted.append((k, v)))
    layers.set_opacity("pipelines", 0.5)  # the group's slider moves its children's
    assert {k for k, _v in emitted} == {k for k in layers.layer_keys()
                                        if k.startswith("pipelines:") or k == "pipe_points"}
    assert all(v == pytest.approx(0.5) for _k, v in emitted)
    assert layers.opacity_slider("housing") is None


def test_current_key(layers: LayerPanel, qtbot) -> None:
    assert layers.current_key() is None
    with qtbot.waitSignal(layers.current_key_changed) as blocker:
        layers.set_current_key("poles")
    assert blocker.args == ["poles"]
    assert layers.current_key() == "poles"


# -- HousingPanel ------------------------------------------------------------------------------
@pytest.fixture()
def housing_panel(qtbot, city: Cache) -> HousingPanel:
    panel = HousingPanel()
    qtbot.addWidget(panel)
    panel.set_cache(city, "zh_CN")
    return panel


def test_choosing_safety_grade_emits_a_classification(housing_panel: HousingPanel,
                                                      qtbot) -> None:
    combo = housing_panel.theme_combo
    assert combo.count() == 6 and combo.itemData(0) is None
    with qtbot.waitSignal(housing_panel.theme_changed) as blocker:
        combo.setCurrentIndex(combo.findData("safety_grade"))
    cls = blocker.args[0]
    assert [e.key for e in cls.legend] == ["A", "B", "C", "D"]
    assert sum(e.count for e in cls.legend) + cls.unclassified == 400
    assert housing_panel.legend.entry_count() == 4
    assert housing_panel.legend.title_text() == "房屋安全等级"
    with qtbot.waitSignal(housing_panel.theme_changed) as blocker:
        housing_panel.set_theme(None)
    assert blocker.args == [None]
    assert housing_panel.legend.entry_count() == 0


def test_every_theme_classifies(housing_panel: HousingPanel, qtbot) -> None:
    for attribute in housing.ATTRIBUTES:
        with qtbot.waitSignal(housing_panel.theme_changed) as blocker:
            housing_panel.set_theme(attribute)
        assert len(blocker.args[0]) == 400
        assert housing_panel.legend.entry_count() == len(blocker.args[0].legend)


def test_filter_grades_and_year(housing_panel: HousingPanel, city: Cache, qtbot) -> None:
    housing_panel.grade_boxes["C"].setChecked(True)
    housing_panel.grade_boxes["D"].setChecked(True)
    housing_panel.before_check.setChecked(True)
    housing_panel.before_spin.setValue(1990)
    expected = housing.apply(city, housing.HousingFilter(grades={"C", "D"}, built_before=1990))
    assert 0 < expected.count < expected.total == 400
    with qtbot.waitSignal(housing_panel.filter_changed) as blocker:
        qtbot.mouseClick(housing_panel.apply_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert result.count == expected.count
    np.testing.assert_array_equal(result.fids, expected.fids)
    assert housing_panel.result_label.text() == f"{expected.count} of 400 buildings match"
    assert "1990" in housing_panel.describe_label.text()
    with qtbot.waitSignal(housing_panel.filter_changed) as blocker:
        qtbot.mouseClick(housing_panel.clear_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [None]
    assert housing_panel.result_label.text() == ""
    assert not housing_panel.grade_boxes["C"].isChecked()


def test_year_is_ignored_unless_ticked(housing_panel: HousingPanel) -> None:
    housing_panel.grade_boxes["A"].setChecked(True)
    housing_panel.before_spin.setValue(1950)
    assert housing_panel.current_filter() == housing.HousingFilter(grades=frozenset({"A"}))


# -- LegendWidget ------------------------------------------------------------------------------
def test_legend_shows_safety_grades(qtbot, city: Cache) -> None:
    legend = LegendWidget()
    qtbot.addWidget(legend)
    cls = housing.classify(city, "safety_grade")
    legend.show_classification(cls, "en")
    assert legend.entry_count() == 4
    assert legend.title_text() == "Housing safety grade (JGJ 125)"
    rows = legend.rows()
    assert rows[0][1].startswith("A (") and rows[0][2] == str(cls.legend[0].count)
    legend.show_classification(cls, "zh_CN")
    assert legend.rows()[3][1] == "D级（整幢危房）"
    legend.clear()
    assert legend.entry_count() == 0 and legend.title_text() == ""


def test_pipeline_legend_states_the_substitute_for_black(qtbot, city: Cache) -> None:
    legend = LegendWidget()
    qtbot.addWidget(legend)
    legend.pipeline_legend("en")
    note = legend.note_text()
    assert "light grey" in note
    assert "(0,0,0)→(200,200,200)" in note
    assert "industrial" in note
    labels = [label for _k, label, _c in legend.rows()]
    assert any(label.startswith("industrial") and label.endswith("*") for label in labels)
    assert labels[0].startswith(pipelines.pipeline_class("JS").name_en)
    legend.pipeline_legend("zh_CN", city)
    assert "(0,0,0)→(200,200,200)" in legend.note_text()
    counts = {k: c for k, _label, c in legend.rows()}
    assert int(counts["JS"].replace(",", "")) == pipelines.children(city)[0].count


# -- AttributePanel ----------------------------------------------------------------------------
def test_building_attributes(qtbot, city: Cache) -> None:
    panel = AttributePanel()
    qtbot.addWidget(panel)
    address, code = (city.read("buildings", ["address", "structure_code"],
                               where="t.fid = 1").columns[c][0]
                     for c in ("address", "structure_code"))
    assert panel.show_feature(city, "buildings", 1, "zh_CN")
    assert panel.value_of("地址") == address
    structure = panel.value_of("结构类型")
    assert structure and structure != str(code) and not structure.isdigit()
    assert panel.value_of("Address") is None
    panel.show_feature(city, "buildings", 1, "en")
    assert panel.value_of("Address") == address
    assert panel.value_of("Structure") and not panel.value_of("Structure").isdigit()
    assert panel.value_of("地址") is None
    panel.clear()
    assert panel.rowCount() == 0 and panel.value_of("Address") is None
    assert not panel.show_feature(city, "buildings", 10**9, "en")


def test_pole_shows_its_devices(qtbot, city: Cache) -> None:
    from layers.poles import pole_with_devices

    panel = AttributePanel()
    qtbot.addWidget(panel)
    fids = city.read("pole_devices", ["pole_gid", "device_type_code"]).columns
    gid = next(g for g, t in zip(fids["pole_gid"], fids["device_type_code"], strict=True)
               if t == "LIGHT")
    fid = int(city.read("poles", ["gid"], where="t.gid = :g", params={"g": gid}).fids[0])
    pole = pole_with_devices(city, fid)
    assert panel.show_feature(city, "poles", fid, "zh_CN")
    assert panel.value_of("杆号") == pole["code"]
    assert panel.has_section("Mounted devices")
    light = panel.value_of("照明")
    assert light is not None and "m" in light
    labels = [label for label, _v in panel.rows()]
    section = labels.index("Mounted devices")
    assert labels[section + 1:] == [d["type"] for d in pole["devices"]]
    assert labels.index("杆号") < section
    panel.show_feature(city, "poles", fid, "en")
    assert panel.value_of("smart lighting") is not None
