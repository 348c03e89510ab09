"""A big city keeps its buildings' tree in the cache: read back whole, made again when the
buildings change, ignored when damaged."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from layers.building_lod import building_index, building_tree
from layers.kept_building_tree import pack, tree_for, unpack
from layers.lod_index import INDEX_TABLE
from sample_city.city import build
from store.cache import Cache

PARAMS = {"leaf_size": 60, "cap": 40, "coarse_leaves": True}
ORIGIN = (1000.0, 2000.0)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kept_tree")
    build(out, buildings=600, reality=False)
    return out / "sample_city.gpkg"


def _same(a, b) -> None:
    """Two trees draw the same tiles with the same contents."""
    ta, tb = a.tiles(), b.tiles()
    assert [t.key for t in ta] == [t.key for t in tb]
    for x, y in zip(ta, tb, strict=True):
        assert (x.geometric_error, x.box_min, x.box_max, x.refine) == \
            (y.geometric_error, y.box_min, y.box_max, y.refine)
        assert [c.key for c in x.children] == [c.key for c in y.children]
        n, m = a.nodes[x.key], b.nodes[y.key]
        assert (n.leaf, n.bbox, n.count) == (m.leaf, m.bbox, m.count)
        assert np.array_equal(n.rows, m.rows)
        assert (n.full is None) == (m.full is None)
        if n.full is not None:
            assert np.array_equal(n.full, m.full)
        assert (n.blocks is None) == (m.blocks is None)
        if n.blocks is not None:
            for f in ("bounds", "z0", "z1", "fids"):
                assert np.array_equal(getattr(n.blocks, f), getattr(m.blocks, f))
            assert n.blocks.cell == m.blocks.cell
    assert a.origin == b.origin and a.count == b.count


def test_a_packed_tree_reads_back_as_the_same_tree(city: Path) -> None:
    with Cache.open(city) as cache:
        index = building_index(cache, solid=False)
    tree = building_tree(index, ORIGIN, **PARAMS)
    assert any(n.blocks is not None for n in tree.nodes.values())  # every kind of node
    assert any(n.full is not None for n in tree.nodes.values())
    _same(tree, unpack(pack(tree), index, ORIGIN))


def test_the_tree_is_kept_until_the_buildings_or_the_origin_change(city: Path,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "city.gpkg"
    path.write_bytes(city.read_bytes())
    with Cache.open(path) as cache:
        index = building_index(cache, solid=False)
        made = tree_for(cache, index, "extruded", ORIGIN, keep_from=1, **PARAMS)
        with sqlite3.connect(path) as db:
            (stamp,) = db.execute(f"SELECT stamp FROM {INDEX_TABLE} WHERE name = ?",
                                  ("buildings-tree:extruded",)).fetchone()
        kept = tree_for(cache, index, "extruded", ORIGIN, keep_from=1, **PARAMS)
        _same(made, kept)
        moved = tree_for(cache, index, "extruded", (0.0, 0.0), keep_from=1, **PARAMS)
        assert moved.origin == (0.0, 0.0) and moved.root.box_min != made.root.box_min
        gid = cache.read("buildings", ("gid",)).columns["gid"][0]
        with cache.transaction() as tx:
            tx.delete("buildings", [gid])
        fewer = building_index(cache, solid=False)
        again = tree_for(cache, fewer, "extruded", ORIGIN, keep_from=1, **PARAMS)
        assert again.count == made.count - 1
        _same(again, building_tree(fewer, ORIGIN, **PARAMS))
        with sqlite3.connect(path) as db:
            (now,) = db.execute(f"SELECT stamp FROM {INDEX_TABLE} WHERE name = ?",
                                ("buildings-tree:extruded",)).fetchone()
        assert now != stamp


def test_a_damaged_or_foreign_blob_is_made_again_never_run(city: Path, tmp_path: Path) -> None:
    path = tmp_path / "city.gpkg"
    path.write_bytes(city.read_bytes())
    with Cache.open(path) as cache:
        index = building_index(cache, solid=False)
        made = tree_for(cache, index, "extruded", ORIGIN, keep_from=1, **PARAMS)
        pickled = io.BytesIO()
        np.save(pickled, np.array([object()], dtype=object), allow_pickle=True)
        for bad in (b"not a tree", pack(made)[:100], pickled.getvalue()):
            with sqlite3.connect(path) as db:
                db.execute(f"UPDATE {INDEX_TABLE} SET data = ? WHERE name = ?",
                           (bad, "buildings-tree:extruded"))
            assert unpack(bad, index, ORIGIN) is None
            _same(made, tree_for(cache, index, "extruded", ORIGIN, keep_from=1, **PARAMS))
    with Cache.open(city) as cache:  # a small city makes its tree each time, keeps nothing
        tree_for(cache, building_index(cache, solid=False), "extruded", ORIGIN, **PARAMS)
    with sqlite3.connect(city) as db:
        assert not db.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{INDEX_TABLE}'"
                              ).fetchone()
