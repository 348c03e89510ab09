"""View bookmarks in the cache: save/list/get/delete/rename, validation, old caches, GIS tools."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store.bookmarks import (
    Bookmark,
    bookmarks,
    delete_bookmark,
    get_bookmark,
    rename_bookmark,
    save_bookmark,
)
from store.cache import Cache
from store.errors import CacheError

X0, Y0 = 428_000.0, 2_555_000.0
CAMERA = {"position": [X0 + 100.25, Y0 - 800.5, 420.0],
          "focal_point": [X0 + 1000.0, Y0 + 1000.0, 12.5],
          "view_up": [0.0, 0.0, 1.0], "view_angle": 30.0}
LAYERS = ["terrain", "buildings", "pipelines:JS"]


@pytest.fixture()
def cache(tmp_path: Path) -> Cache:
    c = Cache.create(tmp_path / "c.gpkg", "EPSG:4547", name="t")
    x = X0 + np.arange(20) * 50.0
    geoms = shapely.multipolygons(shapely.box(x, Y0, x + 10, Y0 + 12)[:, None].tolist())
    with c.transaction() as tx:
        tx.insert("buildings", geoms, {"height": np.full(20, 9.0)}, source="test")
    yield c
    c.close()


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_save_list_get(cache: Cache) -> None:
    b = save_bookmark(cache, "南门广场", CAMERA, LAYERS, underground=True)
    assert isinstance(b, Bookmark)
    assert b.name == "南门广场"
    assert b.camera == CAMERA
    assert b.layers == LAYERS
    assert b.underground is True
    assert b.created_at == b.updated_at and b.created_at.endswith("Z")
    save_bookmark(cache, "overview", {**CAMERA, "view_angle": 45}, ["buildings"])
    assert [x.name for x in bookmarks(cache)] == ["南门广场", "overview"]
    got = get_bookmark(cache, "overview")
    assert got is not None and got.underground is False and got.camera["view_angle"] == 45.0
    assert get_bookmark(cache, "nothing") is None


def test_save_replaces_and_keeps_created_at(cache: Cache) -> None:
    first = save_bookmark(cache, "a", CAMERA, LAYERS)
    moved = {**CAMERA, "position": [X0, Y0, 999.0]}
    second = save_bookmark(cache, "a", moved, ["buildings"], underground=True)
    assert len(bookmarks(cache)) == 1
    assert second.created_at == first.created_at
    assert second.updated_at >= first.updated_at
    assert second.camera["position"] == [X0, Y0, 999.0]
    assert second.layers == ["buildings"] and second.underground


def test_numeric_camera_values_stay_numbers_in_the_json(cache: Cache) -> None:
    cam = {"position": np.array([X0 + 0.125, Y0 + 1 / 3, 88.0]),
           "focal_point": (np.float32(X0), Y0, 0), "view_up": [0, 0, 1],
           "view_angle": np.float64(30)}
    save_bookmark(cache, "np", cam, ("terrain",))
    with sqlite3.connect(cache.path) as con:
        raw = con.execute("SELECT camera, layers FROM cimview_bookmarks").fetchone()
    stored = json.loads(raw[0])
    assert stored["position"] == [X0 + 0.125, Y0 + 1 / 3, 88.0]  # exact round trip
    assert all(isinstance(v, float) for k in ("position", "focal_point", "view_up")
               for v in stored[k])
    assert '"position": [' in raw[0] and '"' + str(X0 + 0.125) + '"' not in raw[0]
    assert json.loads(raw[1]) == ["terrain"]


@pytest.mark.parametrize(("camera", "message"), [
    ({k: v for k, v in CAMERA.items() if k != "view_up"}, "missing view_up"),
    ({**CAMERA, "zoom": 2}, "unknown zoom"),
    ({**CAMERA, "position": [1.0, 2.0]}, "position: expected 3 numbers"),
    ({**CAMERA, "position": "1,2,3"}, "position: expected 3 numbers"),
    ({**CAMERA, "focal_point": [1.0, math.nan, 3.0]}, "focal_point[1]"),
    ({**CAMERA, "focal_point": [1.0, math.inf, 3.0]}, "not a finite number"),
    ({**CAMERA, "view_up": [0, "0", 1]}, "view_up[1]: '0' is not a number"),
    ({**CAMERA, "view_up": [0, 0, True]}, "view_up[2]"),
    ({**CAMERA, "view_up": [0, 0, 0]}, "zero vector"),
    ({**CAMERA, "view_angle": 0}, "view_angle"),
    ({**CAMERA, "view_angle": None}, "view_angle"),
    ({**CAMERA, "focal_point": CAMERA["position"]}, "same point"),
    ([1, 2, 3], "camera must be a dict"),
])
def test_bad_camera_is_a_clear_value_error(cache: Cache, camera: object, message: str) -> None:
    with pytest.raises(ValueError, match="camera") as err:
        save_bookmark(cache, "bad", camera, LAYERS)  # type: ignore[arg-type]
    assert message in str(err.value)
    assert bookmarks(cache) == []


def test_bad_name_and_layers(cache: Cache) -> None:
    with pytest.raises(ValueError, match="empty"):
        save_bookmark(cache, "  ", CAMERA, LAYERS)
    with pytest.raises(ValueError, match="layers"):
        save_bookmark(cache, "x", CAMERA, "buildings")  # a bare string, not a list
    with pytest.raises(ValueError, match="layer key"):
        save_bookmark(cache, "x", CAMERA, ["buildings", 3])  # type: ignore[list-item]
    b = save_bookmark(cache, " 东区 ", CAMERA, ["buildings", "terrain", "buildings"])
    assert b.name == "东区" and b.layers == ["buildings", "terrain"]
    assert get_bookmark(cache, "东区 ") is not None


def test_delete(cache: Cache) -> None:
    save_bookmark(cache, "a", CAMERA, LAYERS)
    save_bookmark(cache, "b", CAMERA, LAYERS)
    assert delete_bookmark(cache, "a") is True
    assert delete_bookmark(cache, "a") is False
    assert [b.name for b in bookmarks(cache)] == ["b"]


def test_rename(cache: Cache) -> None:
    a = save_bookmark(cache, "a", CAMERA, LAYERS, underground=True)
    save_bookmark(cache, "b", {**CAMERA, "view_angle": 50.0}, ["terrain"])
    renamed = rename_bookmark(cache, "a", "管网 地下")
    assert renamed is not None and renamed.name == "管网 地下"
    assert renamed.camera == a.camera and renamed.underground and renamed.created_at == a.created_at
    assert get_bookmark(cache, "a") is None
    assert rename_bookmark(cache, "a", "c") is None
    with pytest.raises(ValueError, match="already exists"):
        rename_bookmark(cache, "管网 地下", "b")
    assert get_bookmark(cache, "b").camera["view_angle"] == 50.0  # type: ignore[union-attr]
    assert rename_bookmark(cache, "b", "b") is not None
    replaced = rename_bookmark(cache, "管网 地下", "b", replace=True)
    assert replaced is not None and replaced.camera["view_angle"] == 30.0
    assert [b.name for b in bookmarks(cache)] == ["b"]


def test_bookmarks_survive_reopening(cache: Cache) -> None:
    save_bookmark(cache, "西湖", CAMERA, LAYERS, underground=True)
    path = cache.path
    cache.close()
    with Cache.open(path) as again:
        b = get_bookmark(again, "西湖")
        assert b is not None and b.camera == CAMERA and b.layers == LAYERS and b.underground


def test_a_cache_from_before_bookmarks_gets_the_table(cache: Cache) -> None:
    path = cache.path
    cache.close()
    with sqlite3.connect(path) as con:
        con.execute("DROP TABLE cimview_bookmarks")
    con.close()
    assert "cimview_bookmarks" not in _tables(path)
    with Cache.open(path) as old:
        assert "cimview_bookmarks" in _tables(path)
        assert bookmarks(old) == []
        save_bookmark(old, "旧缓存", CAMERA, LAYERS)
        assert old.count("buildings") == 20
    with Cache.open(path) as again:  # and opening it again changes nothing
        assert [b.name for b in bookmarks(again)] == ["旧缓存"]


def test_gis_tools_still_read_the_cache(cache: Cache) -> None:
    save_bookmark(cache, "南门广场", CAMERA, LAYERS)
    layers = dict(pyogrio.list_layers(cache.path))
    assert layers["buildings"] == "MultiPolygon"
    assert layers["pipelines"] == "LineString Z"
    assert pyogrio.read_info(cache.path, layer="buildings")["features"] == 20
    # GDAL lists the table as a plain attribute table and reads it back intact.
    assert layers.get("cimview_bookmarks", "absent") is None
    _meta, _fids, geometry, fields = pyogrio.raw.read(cache.path, layer="cimview_bookmarks")
    assert geometry is None
    names = list(_meta["fields"])
    assert list(fields[names.index("name")]) == ["南门广场"]
    assert json.loads(fields[names.index("camera")][0]) == CAMERA


def test_damaged_row_is_a_cache_error(cache: Cache) -> None:
    save_bookmark(cache, "a", CAMERA, LAYERS)
    with sqlite3.connect(cache.path) as con:
        con.execute("UPDATE cimview_bookmarks SET camera = '{\"position\": 1'")
    con.close()
    with pytest.raises(CacheError, match="'a' is damaged"):
        get_bookmark(cache, "a")
