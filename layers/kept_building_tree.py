"""The buildings' refinement tree kept in the cache, so a big city opens without making it again.

Making the tree of a million buildings (:func:`layers.building_lod.building_tree`) takes about
two seconds, the longest part of opening such a city. The tree is derived data, like the kept
index (:mod:`layers.lod_index`): one blob in the same table, stamped with the buildings' state
(:func:`layers.building_lod.buildings_stamp`), the scene origin and every parameter the tree
depends on, and made again whenever any of them differs. The blob is plain arrays (numpy's
``.npz`` read with ``allow_pickle=False``: a cache from elsewhere cannot run code) and a JSON
list of keys; anything that does not read back as a whole tree is ignored and the tree made
again.

Example
-------
>>> tree = tree_for(cache, index, "all", (ox, oy), leaf_size=2000, cap=4000,
...                 coarse_leaves=True)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import numpy as np

from layers import lod_index
from layers.building_lod import (
    KEEP_FROM,
    Blocks,
    BuildingIndex,
    BuildingNode,
    BuildingTree,
    building_tree,
    buildings_stamp,
)
from layers.lod import LodTile

#: Bumped whenever the tree or this encoding changes: older blobs are then made again.
FORMAT = 1


def tree_for(cache: Any, index: BuildingIndex, name: str, origin: tuple[float, float], *,
             keep_from: int = KEEP_FROM, **params: Any) -> BuildingTree:
    """The tree of ``index`` (the buildings ``name``: all, solid or extruded) as
    :func:`layers.building_lod.building_tree` makes it with ``origin`` and ``params``: read
    from the cache when it was kept for the same buildings, origin and parameters, else made
    (and kept when the city has at least ``keep_from`` buildings)."""
    if len(index) < keep_from:
        return building_tree(index, origin, **params)
    stamp = _stamp(buildings_stamp(cache), origin, params)
    found = lod_index.kept(cache, f"buildings-tree:{name}", stamp)
    if found is not None:
        tree = unpack(found[1], index, origin)
        if tree is not None:
            return tree
    tree = building_tree(index, origin, **params)
    lod_index.keep(cache, f"buildings-tree:{name}", stamp, len(tree.nodes), pack(tree),
                   current=lambda: _stamp(buildings_stamp(cache), origin, params))
    return tree


def _stamp(buildings: str, origin: tuple[float, float], params: dict[str, Any]) -> str:
    return json.dumps([FORMAT, buildings, [float(origin[0]), float(origin[1])],
                       sorted((k, repr(v)) for k, v in params.items())])


def pack(tree: BuildingTree) -> bytes:
    """The tree as bytes: its tiles in preorder (parent before children, children in order)
    with what each draws. The index is not included (it is kept on its own)."""
    tiles = tree.tiles()
    position = {t.key: i for i, t in enumerate(tiles)}
    parent = np.full(len(tiles), -1, np.int64)
    for t in tiles:
        for child in t.children:
            parent[position[child.key]] = position[t.key]
    nodes = [tree.nodes[t.key] for t in tiles]
    blocks = [n.blocks for n in nodes]
    has_blocks = np.array([b is not None for b in blocks])
    real = [b for b in blocks if b is not None]
    empty_f = np.zeros(0)
    arrays = {
        "parent": parent,
        "error": np.array([t.geometric_error for t in tiles], np.float64),
        "box_min": np.array([t.box_min for t in tiles], np.float64).reshape(-1, 3),
        "box_max": np.array([t.box_max for t in tiles], np.float64).reshape(-1, 3),
        "add": np.array([t.refine == "ADD" for t in tiles]),
        "leaf": np.array([n.leaf for n in nodes]),
        "bbox": np.array([n.bbox for n in nodes], np.float64).reshape(-1, 4),
        "count": np.array([n.count for n in nodes], np.int64),
        "rows_len": np.array([len(n.rows) for n in nodes], np.int64),
        "rows": _cat([n.rows for n in nodes], np.int64),
        "has_full": np.array([n.full is not None for n in nodes]),
        "full_len": np.array([0 if n.full is None else len(n.full) for n in nodes], np.int64),
        "full": _cat([n.full for n in nodes if n.full is not None], np.int64),
        "has_blocks": has_blocks,
        "blocks_len": np.array([len(b) for b in real], np.int64),
        "blocks_cell": np.array([b.cell for b in real], np.float64),
        "blocks_bounds": np.concatenate([b.bounds for b in real]) if real else
        np.zeros((0, 4)),
        "blocks_z0": _cat([b.z0 for b in real], np.float64) if real else empty_f,
        "blocks_z1": _cat([b.z1 for b in real], np.float64) if real else empty_f,
        "blocks_fids": _cat([b.fids for b in real], np.int64),
    }
    out = io.BytesIO()
    np.savez(out, keys=np.array(json.dumps([t.key for t in tiles])), **arrays)
    return out.getvalue()


def _cat(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype) for p in parts]) if parts else \
        np.zeros(0, dtype)


def unpack(data: bytes, index: BuildingIndex, origin: tuple[float, float]) -> BuildingTree | None:
    """The tree :func:`pack` wrote, over ``index``; None when the bytes are not a whole,
    consistent tree (then it is made again)."""
    try:
        loaded = np.load(io.BytesIO(data), allow_pickle=False)
        if not hasattr(loaded, "files"):  # one array (.npy), not a tree
            return None
        with loaded as z:
            a = {k: z[k] for k in z.files}
        keys = json.loads(str(a["keys"]))
        n = len(keys)
        parent = a["parent"]
        rows = np.split(a["rows"], np.cumsum(a["rows_len"])[:-1]) if n else []
        fulls = iter(np.split(a["full"], np.cumsum(a["full_len"][a["has_full"]])[:-1])) \
            if a["has_full"].any() else iter(())
        nb = np.cumsum(a["blocks_len"])
        starts = np.concatenate([[0], nb[:-1]]).astype(np.int64)
        block_list = iter(range(len(a["blocks_len"])))
        if not (len(parent) == n and len(a["rows_len"]) == n and parent[0] == -1
                and np.all(parent[1:] < np.arange(1, n)) and np.all(parent[1:] >= 0)
                and int(a["rows_len"].sum()) == len(a["rows"])
                and (len(a["rows"]) == 0 or int(a["rows"].max()) < len(index))):
            return None
        tiles: list[LodTile] = []
        nodes: dict[str, BuildingNode] = {}
        for i, key in enumerate(keys):
            tile = LodTile(str(key), float(a["error"][i]), tuple(map(float, a["box_min"][i])),
                           tuple(map(float, a["box_max"][i])),
                           "ADD" if a["add"][i] else "REPLACE")
            tiles.append(tile)
            if parent[i] >= 0:
                tiles[parent[i]].children.append(tile)
            blocks = None
            if a["has_blocks"][i]:
                j = next(block_list)
                s, e = int(starts[j]), int(nb[j])
                blocks = Blocks(a["blocks_bounds"][s:e], a["blocks_z0"][s:e],
                                a["blocks_z1"][s:e], a["blocks_fids"][s:e],
                                float(a["blocks_cell"][j]))
            full = next(fulls) if a["has_full"][i] else None
            nodes[tile.key] = BuildingNode(tile.key, bool(a["leaf"][i]), rows[i],
                                           tuple(map(float, a["bbox"][i])), int(a["count"][i]),
                                           blocks, full)
    except (KeyError, ValueError, TypeError, IndexError, StopIteration, OSError, EOFError,
            zipfile.BadZipFile):
        return None
    if not tiles:
        return None
    return BuildingTree(tiles[0], index, nodes, (float(origin[0]), float(origin[1])))
