"""A first import packs the layer's R*Tree in one pass (store/rtree_bulk.py): SQLite's own
rtreecheck() finds it sound, bbox queries find what row-by-row inserts find, and later rows go
into it as usual."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest
import shapely

from store.cache import Cache
from store.rtree_bulk import bulk_load


def _tree(n: int, seed: int = 3) -> tuple[sqlite3.Connection, np.ndarray, np.ndarray]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)")
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 2000, (n, 2)) + [430000, 2550000]
    boxes = np.column_stack([xy, xy + rng.uniform(0.1, 40, (n, 2))])
    return conn, np.arange(1, n + 1, dtype=np.int64) * 7, boxes


def _hits(conn: sqlite3.Connection, q: np.ndarray) -> set[int]:
    return {r[0] for r in conn.execute(
        "SELECT id FROM r WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?",
        (q[0], q[2], q[1], q[3]))}


@pytest.mark.parametrize("n", [1, 168, 169, 5000, 60000])
def test_bulk_tree_is_sound_and_answers_like_inserts(n: int) -> None:
    bulk, ids, boxes = _tree(n)
    assert bulk_load(bulk, "r", ids, boxes)
    assert bulk.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    rows, _, _ = _tree(n)
    rows.executemany("INSERT INTO r VALUES (?, ?, ?, ?, ?)",
                     [(int(i), b[0], b[2], b[1], b[3]) for i, b in zip(ids, boxes, strict=True)])
    rng = np.random.default_rng(n)
    for _ in range(20):
        c = rng.uniform(0, 2000, 2) + [430000, 2550000]
        q = np.concatenate([c, c + rng.uniform(1, 300, 2)])
        assert _hits(bulk, q) == _hits(rows, q)
    bulk.execute("INSERT INTO r VALUES (1, 430000, 430001, 2550000, 2550001)")
    bulk.execute("DELETE FROM r WHERE id = ?", (int(ids[0]),))
    assert bulk.execute("SELECT rtreecheck('r')").fetchone()[0] == "ok"
    assert not bulk_load(bulk, "r", ids, boxes)  # not empty any more: the caller inserts


def test_a_cache_import_gets_a_sound_index(tmp_path: Path) -> None:
    path = tmp_path / "c.gpkg"
    rng = np.random.default_rng(5)
    pts = rng.uniform(0, 3000, (20000, 2)) + [430000, 2550000]
    geoms = shapely.buffer(shapely.points(pts), 5, quad_segs=2)
    with Cache.create(path, "EPSG:4547") as cache:
        with cache.transaction() as tx:
            tx.insert("buildings", geoms, {"height": np.full(len(geoms), 9.0)}, source="a")
        with cache.transaction() as tx:  # a second batch goes in row by row
            tx.insert("buildings", geoms[:50], {"height": np.full(50, 9.0)}, source="b")
        raw = cache.engine.raw_connection()
        try:
            assert raw.execute("SELECT rtreecheck('rtree_buildings_geom')").fetchone()[0] == "ok"
            assert raw.execute("SELECT count(*) FROM rtree_buildings_geom").fetchone()[0] == 20050
        finally:
            raw.close()
        got = cache.read("buildings", ["gid"], bbox=(431000, 2551000, 431200, 2551200))
    want = shapely.intersects(geoms, shapely.box(431000, 2551000, 431200, 2551200)).sum()
    assert len(got) >= want
