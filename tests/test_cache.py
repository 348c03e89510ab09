"""The cache: a valid GeoPackage with R*Tree indexes, sync columns and all-or-nothing writes."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store.cache import Cache, creating
from store.errors import CacheError

X0, Y0 = 428_000.0, 2_555_000.0


def _boxes(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = X0 + rng.random(n) * 2000
    y = Y0 + rng.random(n) * 2000
    return shapely.multipolygons(shapely.box(x, y, x + 10, y + 12)[:, None].tolist())


@pytest.fixture()
def cache(tmp_path: Path) -> Cache:
    c = Cache.create(tmp_path / "c.gpkg", "EPSG:4547", vertical_crs="EPSG:5737", name="t")
    with c.transaction() as tx:
        tx.insert("buildings", _boxes(500), {"height": np.full(500, 12.0),
                                              "name": [f"楼{i}" for i in range(500)]},
                  source="test")
    yield c
    c.close()


def test_gis_tools_read_layers_crs_and_counts(cache: Cache) -> None:
    layers = dict(pyogrio.list_layers(cache.path))
    for name in ("buildings", "pipelines", "pipe_points", "poles", "pole_devices",
                 "addresses", "parcels", "roads"):
        assert name in layers
    assert layers["pipelines"] == "LineString Z"
    info = pyogrio.read_info(cache.path, layer="buildings")
    assert info["crs"] == "EPSG:4547"
    assert info["features"] == 500
    assert info["capabilities"]["fast_spatial_filter"]
    for col in ("gid", "version", "updated_at", "source", "local_edit"):
        assert col in info["fields"]


def test_bbox_query_uses_the_rtree(cache: Cache) -> None:
    bbox = (X0, Y0, X0 + 300, Y0 + 300)
    got = cache.read("buildings", ["name"], bbox=bbox)
    env = shapely.box(*bbox)
    expected = int(np.sum(shapely.intersects(_boxes(500), env)))
    assert len(got) == expected > 0
    _, _, geoms, _ = pyogrio.raw.read(cache.path, layer="buildings", bbox=bbox)
    assert len(geoms) == expected
    with sqlite3.connect(cache.path) as conn:
        plan = " ".join(str(r) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT t.fid FROM buildings t JOIN rtree_buildings_geom r "
            "ON r.id = t.fid WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?",
            (bbox[0], bbox[2], bbox[1], bbox[3])))
    assert "VIRTUAL TABLE INDEX" in plan


def test_every_feature_has_sync_columns(cache: Cache) -> None:
    f = cache.read("buildings", ["gid", "version", "updated_at", "source", "local_edit"])
    assert len(set(f.columns["gid"])) == 500
    assert all(uuid.UUID(g).version == 4 for g in f.columns["gid"])
    assert set(f.columns["version"]) == {1}
    assert set(f.columns["source"]) == {"test"}
    assert set(f.columns["local_edit"]) == {0}
    assert all(t.endswith("Z") for t in f.columns["updated_at"])


def test_dataset_version_goes_up_per_committed_transaction(cache: Cache) -> None:
    before = {i.name: i.version for i in cache.layers()}
    with cache.transaction() as tx:
        tx.insert("buildings", _boxes(3, 1), source="t2")
        tx.insert("buildings", _boxes(3, 2), source="t2")
    after = {i.name: i.version for i in cache.layers()}
    assert after["buildings"] == before["buildings"] + 1
    assert after["roads"] == before["roads"]


def test_replace_keeps_gid_and_bumps_feature_version(cache: Cache) -> None:
    gid = cache.read("buildings", ["gid"]).columns["gid"][0]
    with cache.transaction() as tx:
        tx.insert("buildings", _boxes(1, 9), {"gid": [gid], "height": [30.0]}, source="t3",
                  replace=True)
    f = cache.read("buildings", ["version", "height"], where="gid = :g", params={"g": gid})
    assert f.columns["version"] == [2] and f.columns["height"] == [30.0]
    assert cache.count("buildings") == 500


def content(path: Path) -> str:
    """The whole database as SQL (every table, index, trigger and row): equal dumps are equal
    databases, whatever SQLite left in pages on its free list."""
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def test_failed_transaction_leaves_the_cache_unchanged(cache: Cache) -> None:
    """Byte for byte where it counts: SQLite reuses pages from its free list without saving
    their (meaningless) old bytes, so after a rollback those pages may differ; the database
    itself, every page in use, is as it was."""
    before = content(cache.path)
    with pytest.raises(RuntimeError), cache.transaction() as tx:
        tx.insert("buildings", _boxes(20_000, 3), source="bad")
        tx.insert("roads", shapely.linestrings([[[X0, Y0], [X0 + 50, Y0]]]), source="bad")
        raise RuntimeError("disk on fire")
    assert content(cache.path) == before
    assert cache.count("buildings") == 500
    assert cache.count("roads") == 0


def test_gdal_edits_keep_the_spatial_index_in_step(cache: Cache) -> None:
    """QGIS/GDAL append through the standard triggers with their own ST_ functions."""
    x, y = X0 + 5000, Y0 + 5000
    geom = shapely.to_wkb(shapely.MultiPolygon([shapely.box(x, y, x + 5, y + 5)]))
    gid = str(uuid.uuid4())
    fields = [np.array([gid], dtype=object), np.array(["2026-01-01T00:00:00Z"], dtype=object),
              np.array(["qgis"], dtype=object), np.array([1])]
    pyogrio.raw.write(cache.path, np.array([geom], dtype=object), fields,
                      ["gid", "updated_at", "source", "local_edit"], layer="buildings",
                      driver="GPKG", geometry_type="MultiPolygon", crs="EPSG:4547", append=True)
    got = cache.read("buildings", ["gid"], bbox=(x - 1, y - 1, x + 1, y + 1))
    assert got.columns["gid"] == [gid]


def test_open_refuses_what_is_not_a_cache(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CacheError, match="not a cimview cache"):
        Cache.open(junk)
    with pytest.raises(CacheError, match="no such cache"):
        Cache.open(tmp_path / "missing.gpkg")
    plain = tmp_path / "plain.sqlite"
    sqlite3.connect(plain).execute("CREATE TABLE t (a)").connection.commit()
    with pytest.raises(CacheError, match="not a GeoPackage"):
        Cache.open(plain)


def test_creating_leaves_nothing_behind_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "new.gpkg"
    with pytest.raises(ValueError), creating(target, "EPSG:4547") as c:
        with c.transaction() as tx:
            tx.insert("buildings", _boxes(2), source="x")
        raise ValueError("import failed")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    with creating(target, "EPSG:4547") as c, c.transaction() as tx:
        tx.insert("buildings", _boxes(2), source="x")
    assert Cache.open(target).count("buildings") == 2


def test_a_crs_without_epsg_code_round_trips(tmp_path: Path) -> None:
    local = "+proj=tmerc +lat_0=0 +lon_0=113.283 +k=1 +x_0=40000 +y_0=-2500000 +ellps=GRS80"
    path = tmp_path / "local.gpkg"
    Cache.create(path, local).close()
    with Cache.open(path) as c:
        assert c.crs.to_epsg() is None
        assert "113.283" in c.crs.to_wkt()
    assert pyogrio.read_info(path, layer="buildings")["crs"]


def test_readers_keep_reading_while_a_write_is_under_way(cache: Cache) -> None:
    with cache.transaction() as tx:
        tx.insert("buildings", _boxes(10, 5), source="sync")
        assert cache.count("buildings") == 500  # another connection: the committed state
        assert len(cache.read("buildings", bbox=(X0, Y0, X0 + 2000, Y0 + 2000))) == 500
    assert cache.count("buildings") == 510


def test_attribute_reads_can_skip_geometry(cache: Cache) -> None:
    f = cache.read("buildings", ["name"], where="t.name = :n", params={"n": "楼7"},
                   geometry=False)
    assert f.columns["name"] == ["楼7"] and len(f.fids) == 1 and len(f.geoms) == 0


def test_a_cache_from_before_the_water_layer_opens_with_an_empty_one(tmp_path: Path) -> None:
    """Caches made before a layer was added (here: water) get its table on open, empty, and
    stay a valid GeoPackage; nothing already in them changes."""
    path = tmp_path / "old.gpkg"
    with creating(path, "EPSG:4547") as cache, cache.transaction() as tx:
        tx.insert("roads", [shapely.LineString([(5e5, 2.5e6), (5e5 + 9, 2.5e6)])],
                  {"name": ["旧路"]}, source="test")
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("DROP TABLE water")
        con.execute("DELETE FROM gpkg_contents WHERE table_name = 'water'")
        con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'water'")
        con.execute("DELETE FROM cimview_datasets WHERE name = 'water'")
        con.execute("DELETE FROM gpkg_extensions WHERE table_name = 'water'")
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                   "AND name LIKE 'rtree_water%'").fetchall():
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
    with Cache.open(path) as old:
        layers = {i.name: i for i in old.layers()}
        assert layers["water"].count == 0 and layers["roads"].count == 1
        assert old.read("roads", ["name"]).columns["name"] == ["旧路"]
    info = pyogrio.list_layers(path)
    assert "water" in {str(n) for n, _ in info}
