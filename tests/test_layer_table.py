"""The attribute table without a display: sort, filters, selection with the model, export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from layers import export, housing
from layers.housing import HousingFilter
from layers.layer import Layer, Source
from layers.model import CityModel
from layers.table import LayerTable, sort_order
from store.cache import Cache
from tests.sample_build import build


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    out = tmp_path_factory.mktemp("table")
    build(out, buildings=200)
    cache = Cache.open(out / "sample_city.gpkg")
    yield cache
    cache.close()


@pytest.fixture()
def model(city: Cache) -> CityModel:
    m = CityModel()
    m.open(city, saved=False)
    return m


def _roads() -> LayerTable:
    return LayerTable("roads", [11, 12, 13, 14],
                      {"name": ["和平西路", "环城路", None, "Alpha Rd"],
                       "width": [12.5, 30, 7.0, None], "geom": [b"x"] * 4})


def test_sort_numbers_text_and_empty_values_last() -> None:
    t = _roads()
    assert t.names == ["name", "width"]  # geometry blobs are not columns
    t.sort("width")
    assert [t.fid(r) for r in range(len(t))] == [13, 11, 12, 14]
    t.sort("width", descending=True)
    assert [t.fid(r) for r in range(len(t))] == [12, 11, 13, 14]
    t.sort(0)
    assert [t.value(r, "name") for r in range(len(t))] == ["Alpha Rd", "和平西路", "环城路", None]
    assert sort_order([2, 1, 2, 1], descending=True).tolist() == [0, 2, 1, 3]  # stable


def test_expression_filter_and_its_errors() -> None:
    t = _roads()
    assert t.set_expression("width >= 10 and name != '环城路'") == 1
    assert t.shown_fids().tolist() == [11]
    assert t.set_expression("") == 4
    with pytest.raises(ValueError, match="no_such_field"):
        t.set_expression("no_such_field > 1")
    with pytest.raises(ValueError):
        t.set_expression("__import__('os')")
    assert len(t) == 4  # a bad expression leaves the filter as it was


def test_housing_filter_and_expression_combine(model: CityModel, city: Cache) -> None:
    t = LayerTable.of_layer(model, model.layers["buildings"])
    assert len(t) == t.total == city.count("buildings") == 200
    flt = HousingFilter(grades={"C", "D"})
    expected = housing.apply(city, flt)
    assert 0 < t.set_housing(flt) == expected.count < 200
    assert set(t.shown_fids().tolist()) == set(expected.fids.tolist())
    assert {t.value(r, "safety_grade") for r in range(len(t))} <= {"C", "D"}
    years = [t.value(r, "year_built") for r in range(len(t))]
    n = t.set_expression("year_built < 1990")
    assert n == sum(1 for y in years if y is not None and y < 1990)
    t.set_housing(None)
    assert len(t) > n


def test_selection_follows_the_model_both_ways(model: CityModel) -> None:
    t = LayerTable.of_layer(model, model.layers["buildings"])
    seen: list[tuple[int, ...]] = []
    t.selection_changed.connect(seen.append)
    t.sort("height", descending=True)
    t.select_rows([0, 1])
    assert model.selection.layer == "buildings"
    assert model.selection.fids == (t.fid(0), t.fid(1))
    assert t.selected_rows() == [0, 1]
    model.select("buildings", [int(t.fids[5])])  # a click in the 3D view
    assert seen[-1] == (int(t.fids[5]),)
    assert t.selected_rows() == [t.row_of(int(t.fids[5]))]
    model.select("roads", [1])  # another layer's selection is not this table's
    assert t.selected_fids() == () and t.selected_rows() == []
    t.close()
    model.select("buildings", [1])
    assert seen[-1] == ()


def test_cache_table_of_any_layer(model: CityModel, city: Cache) -> None:
    roads = LayerTable.of_layer(model, model.layers["roads"])
    assert roads.total == city.count("roads") and "name" in roads.names
    extra = Layer("any_roads", "vectors", Source(table="roads"))
    assert LayerTable.of_layer(model, extra).total == roads.total
    with pytest.raises(ValueError):
        LayerTable.of_layer(model, Layer("t", "terrain"))


def test_csv_and_xlsx_read_back_with_chinese(model: CityModel, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    t = LayerTable.of_layer(model, model.layers["buildings"])
    t.set_housing(HousingFilter(grades={"D"}))
    t.sort("fid" if "fid" in t.names else "height")
    n = t.export(tmp_path / "d.csv")
    assert n == len(t) > 0
    raw = (tmp_path / "d.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with open(tmp_path / "d.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["fid", *t.names]
    assert [int(r[0]) for r in rows[1:]] == t.shown_fids().tolist()
    col = rows[0].index("address")
    assert rows[1][col] == t.value(0, "address") and all("广州市" in r[col] for r in rows[1:])

    t.select_rows([0, len(t) - 1])
    assert t.export(tmp_path / "sel.xlsx", "selection") == 2
    ws = load_workbook(tmp_path / "sel.xlsx").active
    got = list(ws.iter_rows(values_only=True))
    assert list(got[0]) == ["fid", *t.names]
    assert [r[0] for r in got[1:]] == [t.fid(0), t.fid(len(t) - 1)]
    addr = got[0].index("address")
    assert got[1][addr] == t.value(0, "address")
    assert got[1][got[0].index("height")] == pytest.approx(t.value(0, "height"))


def test_export_is_atomic_and_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "x.xlsx"
    out.write_bytes(b"before")
    with pytest.raises(TypeError):
        export.write_xlsx(out, ["a"], [[1], 5])  # a row that is not a row: fails midway
    assert out.read_bytes() == b"before" and list(tmp_path.iterdir()) == [out]
    export.write(out, ["名称", "v"], [["=HYPERLINK(\"http://x\")", np.float64(2.5)],
                                      ["a\x01b", float("nan")]])
    ws = load_workbook(out).active
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=HYPERLINK")
    assert ws["B2"].value == 2.5 and ws["A3"].value == "ab" and ws["B3"].value is None
    assert ws["A1"].value == "名称"
    export.write(tmp_path / "x.csv", ["n"], [["=1+1"], ["-3"], [-3]])
    text = (tmp_path / "x.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["n", "'=1+1", "'-3", "-3"]
    with pytest.raises(ValueError):
        export.format_of("x.txt")
