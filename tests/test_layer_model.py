"""The layer model without a display: layer list, order, styles, selection, colouring, saved map."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from layers import housing
from layers.colouring import PLAIN_RGB, BuildingColouring
from layers.defaults import default_layers, default_style
from layers.events import Signal
from layers.layer import Layer, Source, Style, StyleClass
from layers.layerlist import LayerList
from layers.model import TOOLS, CityModel
from layers.project import layers_json, parse_layers
from store.cache import Cache
from tests.sample_build import build


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out = tmp_path_factory.mktemp("model")
    build(out, buildings=300)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


def test_signal_runs_every_slot_before_raising() -> None:
    sig, seen = Signal(), []

    def broken(_: int) -> None:
        raise RuntimeError("view failed")

    sig.connect(broken)
    sig.connect(seen.append)
    with pytest.raises(RuntimeError):
        sig.emit(1)
    assert seen == [1]
    with sig.blocked():
        sig.emit(2)
    assert seen == [1]


def test_layer_list_order_and_events() -> None:
    events: list[tuple] = []
    ll = LayerList()
    ll.inserted.connect(lambda i, layer: events.append(("+", i, layer.name)))
    ll.removed.connect(lambda i, layer: events.append(("-", i, layer.name)))
    ll.moved.connect(lambda a, b, layer: events.append(("~", a, b, layer.name)))
    ll.changed.connect(lambda layer, what: events.append(("*", layer.name, what)))
    for name in ("roads", "parcels", "water"):
        ll.append(Layer(name, "vectors", Source(table=name)))
    ll.move("water", 0)
    assert ll.names() == ["water", "roads", "parcels"]
    ll["roads"].visible = False
    ll["roads"].visible = False  # no change, no event
    ll["roads"].opacity = 7  # clamped
    assert ll["roads"].opacity == 1.0
    gone = ll.remove("parcels")
    gone.visible = False  # a removed layer no longer reports through the list
    assert events == [("+", 0, "roads"), ("+", 1, "parcels"), ("+", 2, "water"),
                      ("~", 2, 0, "water"), ("*", "roads", "visible"), ("-", 2, "parcels")]
    with pytest.raises(ValueError):
        ll.append(Layer("roads", "vectors"))
    assert ll.unique_name("roads") == "roads_2"


def test_layer_round_trips_and_renames() -> None:
    style = Style("categorised", field="kind",
                  classes=(StyleClass((1, 2, 3), "River", value="river", label_zh="河流"),
                           StyleClass((4, 5, 6), low=0.0, high=10.0)))
    layer = Layer("water", "vectors", Source(table="water"), title="Water", title_zh="水系",
                  style=style, opacity=0.5, filter="kind = 'river'")
    assert layer.label("zh_CN") == "水系" and layer.label("en") == "Water"
    copy = Layer.from_dict(layer.to_dict())
    assert copy.to_dict() == layer.to_dict() and copy.style == style
    layer.rename("我的河")
    assert layer.label("en") == layer.label("zh_CN") == "我的河"
    assert Layer.from_dict(layer.to_dict()).label("zh_CN") == "我的河"
    assert style.classes[1].matches("9.5") and not style.classes[1].matches(10)
    with pytest.raises(ValueError):
        Style("pie")


def test_defaults_follow_what_the_cache_holds(city: Cache) -> None:
    names = [layer.name for layer in default_layers(city)]
    for expected in ("buildings", "roads", "parcels", "addresses", "pipelines", "terrain"):
        assert expected in names
    assert "building_solids" not in names  # the sample has none
    assert names.index("roads") < names.index("parcels") < names.index("terrain")
    layers = {layer.name: layer for layer in default_layers(city)}
    assert not layers["addresses"].visible  # hidden by default, as the issue asks
    assert default_style("nothing-shipped") == Style()


def test_the_map_is_saved_in_the_cache(tmp_path, city: Cache) -> None:
    model = CityModel()
    model.open(city)
    model.layers.move("parcels", 0)
    model.layers["roads"].visible = False
    model.layers["parcels"].style = model.layers["parcels"].style.with_(rgb=(9, 9, 9))
    model.save()
    again = CityModel()
    again.open(Cache.open(city.path))
    assert again.layers.names() == model.layers.names()
    assert not again.layers["roads"].visible
    assert again.layers["parcels"].style.rgb == (9, 9, 9)
    again.open(city, saved=False)  # "reset the map": the defaults again
    assert again.layers["roads"].visible
    assert parse_layers("{not json") is None
    assert parse_layers('{"version": 99, "layers": []}') is None
    assert parse_layers(layers_json([])) is None


def test_selection_tool_and_underground_through_the_model() -> None:
    model, seen = CityModel(), []
    model.selection_changed.connect(seen.append)
    model.tool_changed.connect(lambda old, new: seen.append((old, new)))
    model.underground_changed.connect(seen.append)
    model.select("buildings", [4, 2])
    model.select("buildings", [4, 2])  # same: no event
    assert model.selection.layer == "buildings" and model.selection.fid == 4
    model.set_tool("measure_area")
    model.set_tool("place_bim")  # one active tool: the previous one ends
    model.set_underground(True)
    model.clear_selection()
    assert seen[1:] == [("pick", "measure_area"), ("measure_area", "place_bim"), True,
                        seen[-1]] and not seen[-1]
    assert model.tool == "place_bim" and set(TOOLS) >= {"pick", "draw_area"}
    with pytest.raises(ValueError):
        model.set_tool("lasso")


def test_colouring_theme_filter_highlight_one_owner(city: Cache) -> None:
    theme = housing.classify(city, "safety_grade")
    flt = housing.apply(city, housing.HousingFilter(grades={"C", "D"}))
    c, events = BuildingColouring(), []
    c.changed.connect(lambda: events.append(1))
    assert c.colours() is None and c.legend() is None
    c.set_theme(theme)
    c.set_filter(flt, theme.fids, "C、D级", "grade C or D")
    legend = c.legend()
    fids, rgb = c.colours()
    # the legend and the scene's colours come from one classification: they agree per building
    for fid in (int(flt.fids[0]), int(np.setdiff1d(theme.fids, flt.fids)[0])):
        entry = legend.entry_of(fid)
        assert tuple(rgb[np.flatnonzero(fids == fid)[0]]) == entry.rgb
    other = int(np.setdiff1d(theme.fids, flt.fids)[0])
    assert legend.entry_of(other).key == "other"
    # a highlight goes on top of theme and filter, and the legend says so
    changed = np.array([other])
    c.set_highlight(changed, (255, 0, 255), "同步更新", "changed by the sync")
    fids, rgb = c.colours()
    assert tuple(rgb[np.flatnonzero(fids == other)[0]]) == (255, 0, 255)
    assert c.legend().legend[-1].count == 1
    assert tuple(rgb[np.flatnonzero(fids == int(flt.fids[0]))[0]]) == \
        theme.color_of(int(flt.fids[0]))  # the matches keep their theme colour
    c.set_theme(None)
    c.set_filter(None)
    c.set_highlight(changed, (255, 0, 255), all_fids=theme.fids)
    fids, rgb = c.colours()  # only the highlight: the rest stay white models
    assert tuple(rgb[fids == other][0]) == (255, 0, 255)
    assert (rgb[fids != other] == PLAIN_RGB).all() and len(fids) == len(theme.fids)
    c.clear()
    assert c.colours() is None and len(events) == 7


def test_housing_filter_through_the_model(city: Cache) -> None:
    model = CityModel()
    model.open(city, saved=False)
    flt = housing.HousingFilter(built_before=1990)
    result = housing.apply(city, flt)
    model.colouring.set_filter(result, np.asarray(city.read("buildings").fids))
    fids, rgb = model.colouring.colours()
    matches = np.isin(fids, result.fids)
    assert matches.sum() == result.count > 0
    assert (rgb[matches] == housing.FILTER_MATCH_RGB).all()
    assert (rgb[~matches] == housing.FILTER_OTHER_RGB).all()


def test_feature_rows_of_a_known_table_and_of_a_file(tmp_path, city: Cache) -> None:
    import json

    from layers.features import feature_rows, known_table

    model = CityModel()
    model.open(city, saved=False)
    fid = int(city.read("roads", ["name"]).fids[0])
    name = city.read("roads", ["name"]).columns["name"][0]
    assert known_table(model, "roads") == "roads"
    assert ("道路名称", name) in feature_rows(model, "roads", fid) or \
        name in dict(feature_rows(model, "roads", fid)).values()
    path = tmp_path / "wells.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"编号": "J-1", "深度": 12.5, "备注": None},
         "geometry": {"type": "Point", "coordinates": [113.27, 23.13]}}]}), encoding="utf-8")
    model.layers.append(Layer("wells", "vectors", Source(path=str(path))))
    assert known_table(model, "wells") is None
    from layers.vectors import feature_table

    (wfid,), _ = feature_table(Source(path=str(path)))
    assert feature_rows(model, "wells", int(wfid)) == [("编号", "J-1"), ("深度", "12.5")]
    with pytest.raises(KeyError):
        feature_rows(model, "wells", 999)


def test_underground_view_settings_are_the_models() -> None:
    model, seen = CityModel(), []
    model.underground_changed.connect(seen.append)
    model.set_underground_view(opacity=1.7, hide_buildings=True)
    assert model.underground_opacity == 1.0 and model.hide_buildings_underground
    model.set_underground_view(opacity=1.0)  # unchanged: no event
    model.set_underground(True)
    assert seen == [False, True]
