"""The side panels over the sample city: housing theme and filter, legend, attributes.

The layer panel is tested in test_layer_panel_gui.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from app.attribute_panel import AttributePanel
from app.housing_panel import HousingPanel
from app.legend import LegendWidget
from layers import housing, pipelines
from store.cache import Cache
from tests.sample_build import build

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out: Path = tmp_path_factory.mktemp("panels_city")
    build(out, buildings=400)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


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
    assert combo.count() == 7 and combo.itemData(0) is None
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
