"""Bulk-load an empty SQLite R*Tree (a GeoPackage spatial index) in one pass.

Inserting 100,000 rows one by one into an R*Tree costs as much as writing the rows themselves
(0.9 s here): every insert walks the tree, and splits reinsert. GDAL builds a new GeoPackage
index the way done here: the tree is packed bottom-up with Sort-Tile-Recursive (STR) and its
nodes are written straight into the R*Tree's shadow tables (``%_node``, ``%_rowid``,
``%_parent``), in SQLite's own format:

* a node is a blob of the tree's node size: a 2-byte depth (read from the root only), a 2-byte
  cell count, then the cells: an 8-byte id (a row's id in a leaf, a child's node number above)
  and the box as 4-byte floats ``minx, maxx, miny, maxy``, all big-endian; the floats are
  rounded outwards, as the R*Tree module rounds what it is given;
* node 1 is the root; ``%_rowid`` maps each row to its leaf, ``%_parent`` each node but the
  root to its parent.

Only an empty index is bulk-loaded (a first import into a layer); otherwise the caller inserts
row by row. ``SELECT rtreecheck(name)`` verifies the result (tests/test_rtree_bulk.py).
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

import numpy as np

_CELL = 8 + 4 * 4  # id + four float32


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_empty(raw: Any, rtree: str) -> bool:
    return raw.execute(f"SELECT 1 FROM {_q(rtree + '_rowid')} LIMIT 1").fetchone() is None


def bulk_load(raw: sqlite3.Connection | Any, rtree: str, ids: np.ndarray,
              boxes: np.ndarray) -> bool:
    """Fill the empty R*Tree ``rtree`` with ``ids`` (int64) and their ``boxes`` (n × 4:
    minx, miny, maxx, maxy, as shapely.bounds gives them). False (nothing done) when the tree
    is not empty or its node size is not what this writes."""
    if not len(ids) or not is_empty(raw, rtree):
        return False
    row = raw.execute(f"SELECT length(data) FROM {_q(rtree + '_node')} WHERE nodeno = 1"
                      ).fetchone()
    if row is None or row[0] is None:
        return False
    node_size = int(row[0])
    fanout = (node_size - 4) // _CELL
    if fanout < 4:
        return False
    cols = [(name, ) for (_, name, *_rest) in raw.execute(
        f"PRAGMA table_info({_q(rtree + '_rowid')})").fetchall()]
    if [c[0] for c in cols] != ["rowid", "nodeno"]:  # auxiliary columns: not this format
        return False
    ids = np.asarray(ids, dtype=np.int64)
    box = _outward(np.asarray(boxes, dtype=float)[:, [0, 2, 1, 3]])  # minx maxx miny maxy
    groups_of: list[list[np.ndarray]] = []  # per level: each node's cells (indices)
    boxes_of: list[np.ndarray] = []  # per level: the boxes of its cells
    cells = box
    while True:
        groups = _str_groups(cells, fanout)
        groups_of.append(groups)
        boxes_of.append(cells)
        if len(groups) == 1:
            break
        cells = np.array([[cells[g, 0].min(), cells[g, 1].max(), cells[g, 2].min(),
                           cells[g, 3].max()] for g in groups], dtype=np.float32)
    # node numbers: the root is 1, then level by level downwards
    top = len(groups_of) - 1
    numbers: list[np.ndarray] = [np.empty(0, np.int64)] * len(groups_of)
    nxt = 1
    for level in range(top, -1, -1):
        numbers[level] = np.arange(nxt, nxt + len(groups_of[level]), dtype=np.int64)
        nxt += len(groups_of[level])
    nodes, parent_rows, rowids = [], [], []
    for level, groups in enumerate(groups_of):
        for k, g in enumerate(groups):
            nodeno = int(numbers[level][k])
            cell_ids = ids[g] if level == 0 else numbers[level - 1][g]
            nodes.append((nodeno, _blob(cell_ids, boxes_of[level][g],
                                        top if nodeno == 1 else 0, node_size)))
            if level == 0:
                rowids.append(np.column_stack([cell_ids, np.full(len(g), nodeno)]))
            else:
                parent_rows += [(int(c), nodeno) for c in cell_ids]
    raw.execute(f"DELETE FROM {_q(rtree + '_node')}")
    raw.executemany(f"INSERT INTO {_q(rtree + '_node')} (nodeno, data) VALUES (?, ?)", nodes)
    raw.executemany(f"INSERT INTO {_q(rtree + '_parent')} (nodeno, parentnode) VALUES (?, ?)",
                    parent_rows)
    raw.executemany(f"INSERT INTO {_q(rtree + '_rowid')} (rowid, nodeno) VALUES (?, ?)",
                    np.concatenate(rowids).tolist())
    return True


_TOWARDS, _AWAY = 1.0 - 1.0 / 8388608.0, 1.0 + 1.0 / 8388608.0  # SQLite's RNDTOWARDS/RNDAWAY


def _outward(box: np.ndarray) -> np.ndarray:
    """float32 boxes that contain the float64 ones, rounded exactly as SQLite's R*Tree rounds
    what it is given (rtreeValueDown for the mins, rtreeValueUp for the maxes)."""
    out = box.astype(np.float32)
    for col, down in ((0, True), (1, False), (2, True), (3, False)):
        d, f = box[:, col], out[:, col]
        bad = (f.astype(float) > d) if down else (f.astype(float) < d)
        towards_zero = (d[bad] >= 0) == down  # shrink the magnitude going down from a positive
        f[bad] = (d[bad] * np.where(towards_zero, _TOWARDS, _AWAY)).astype(np.float32)
    return out


def _str_groups(box: np.ndarray, fanout: int) -> list[np.ndarray]:
    """Sort-Tile-Recursive: indices of the cells grouped into nodes of at most ``fanout``."""
    n = len(box)
    if n <= fanout:
        return [np.arange(n)]
    leaves = math.ceil(n / fanout)
    slices = math.ceil(math.sqrt(leaves))
    per_slice = slices * fanout
    cx = (box[:, 0].astype(float) + box[:, 1]) / 2
    cy = (box[:, 2].astype(float) + box[:, 3]) / 2
    by_x = np.argsort(cx, kind="stable")
    slice_of = np.empty(n, dtype=np.int64)
    slice_of[by_x] = np.arange(n) // per_slice
    order = np.lexsort((cy, slice_of))
    # within each slice, runs of ``fanout``
    groups = []
    bounds = np.searchsorted(slice_of[order], np.arange(slice_of.max() + 2))
    for s in range(len(bounds) - 1):
        part = order[bounds[s]:bounds[s + 1]]
        groups += [part[i:i + fanout] for i in range(0, len(part), fanout)]
    return groups


def _blob(ids: np.ndarray, boxes: np.ndarray, depth: int, size: int) -> bytes:
    cells = np.zeros(len(ids), dtype=[("id", ">i8"), ("b", ">f4", (4,))])
    cells["id"] = ids
    cells["b"] = boxes
    head = int(depth).to_bytes(2, "big") + len(ids).to_bytes(2, "big")
    body = head + cells.tobytes()
    return body + bytes(size - len(body))
