"""A cache's buildings and pipelines as a 3D Tiles 1.1 tileset: tiling, placement, metadata and
files (Qt- and VTK-free; the meshes come from the viewer: :mod:`viewer.tiles_export`, the entry
point of ``cimview export-3dtiles``).

The cache is tiled with the trees the viewer streams, so a tile holds whole features only
(never one split across tiles) and at most :data:`LEAF_FEATURES` of them:

* **buildings** — :func:`layers.building_lod.building_tree` (LOD1 extrusions, and a second tree
  for the buildings drawn from LOD2 solids). Leaves hold the full buildings, meshed by
  :func:`viewer.buildings_mesh.lod_tile_mesh`; inner tiles hold the same simplified content
  the viewer draws far away (roof-less boxes of their most prominent buildings, merged blocks
  for the others) with ``refine: REPLACE``: a reader shows a far district at once, as boxes,
  and swaps in the full buildings tile by tile. (Meshes: :class:`Meshes`, which the viewer
  implements with its own functions.)
* **pipelines** — :func:`layers.feature_lod.feature_tree`. Leaves hold every pipe as a tube
  (:func:`viewer.pipes_mesh.pipe_mesh`); inner tiles have no content (``REPLACE``): pipes are
  underground and thin, so a far tile would show nothing worth its bytes.

Geometric errors (m) are those of the trees, never growing down a branch; leaves have 0; a
tile without content that groups others (the root, a layer's two trees) has the size of its
box, as all it stands for is missing until it is refined.
Placement: the root's ``transform`` is east-north-up at the centre of the data, into ECEF
(EPSG:4978) through pyproj; every vertex is carried from the cache CRS (heights taken as
ellipsoidal, as cimview's 3D Tiles reader does) into that frame exactly, so a wide city does
not bend away from the Earth. Each tile's content is relative to its own centre (a
translation), so float32 positions keep millimetres. Bounding boxes are made from the vertices
written and the children's boxes, so they contain what they stand for.

Every column of a feature's row (but its geometry and binary columns) goes into the glb's
property table (``EXT_structural_metadata``), one schema per layer.

Files are written into a temporary folder inside ``--out`` and moved into place at the end
(:func:`store.tiles.writer.prepare_out`, :func:`~store.tiles.writer.finish_out`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from layers.building_lod import BuildingIndex, BuildingTree, building_index, building_tree
from layers.feature_lod import feature_bounds, feature_tree, inner_error
from layers.lod import LodTile
from store.errors import CimviewError
from store.tiles.writer import (
    box_volume,
    encode_glb,
    enu_to_ecef,
    finish_out,
    nothing_to_export,
    prepare_out,
    tileset_json,
    written,
)

#: Features per leaf tile at most (pg2b3dm's MaxFeaturesPerTile).
LEAF_FEATURES = 1000
#: The layers an export can hold, in the order they are written.
LAYERS = ("buildings", "pipelines")
#: Padding of bounding boxes (m): a flat tile keeps a box with some thickness.
PAD = 0.01
#: SQLite column types written as integers / as floating point numbers (else as text).
_INT_TYPES = ("INT", "BOOL")
_FLOAT_TYPES = ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")

BBox = tuple[float, float, float, float]
Progress = Callable[[Any], None]


# -- pure rules ------------------------------------------------------------------------------------
def intersecting(bounds: np.ndarray, bbox: BBox | None) -> np.ndarray:
    """Mask of the (n, 4) bounds that meet ``bbox`` (all when None): the cache's own rule for
    a bbox query (its R*Tree)."""
    b = np.asarray(bounds, np.float64).reshape(-1, 4)
    if bbox is None:
        return np.ones(len(b), dtype=bool)
    return ((b[:, 2] >= bbox[0]) & (b[:, 0] <= bbox[2]) & (b[:, 3] >= bbox[1])
            & (b[:, 1] <= bbox[3]))


def column_kind_of(declared: str) -> str:
    """The metadata type of a column from its SQLite declared type.

    >>> column_kind_of("INTEGER"), column_kind_of("FLOAT"), column_kind_of("TEXT")
    ('INT64', 'FLOAT64', 'STRING')
    """
    t = (declared or "").upper()
    if any(k in t for k in _INT_TYPES):
        return "INT64"
    if any(k in t for k in _FLOAT_TYPES):
        return "FLOAT64"
    return "STRING"


def monotone_errors(errors: dict[str, float], children: dict[str, list[str]], root: str,
                    floor: dict[str, float] | None = None) -> dict[str, float]:
    """Geometric errors that never grow down a branch: each tile's error at least its
    children's (and at least ``floor`` for an inner tile); leaves keep theirs.

    >>> monotone_errors({"a": 1.0, "b": 3.0, "c": 0.0}, {"a": ["b"], "b": ["c"]}, "a")
    {'c': 0.0, 'b': 3.0, 'a': 3.0}
    """
    out: dict[str, float] = {}
    floor = floor or {}
    stack = [(root, False)]
    while stack:
        key, seen = stack.pop()
        kids = children.get(key, [])
        if not seen and kids:
            stack.append((key, True))
            stack.extend((k, False) for k in kids)
            continue
        e = float(errors.get(key, 0.0))
        if kids:
            e = max(e, floor.get(key, 0.0), *(out[k] for k in kids))
        out[key] = e
    return out


def tile_file(layer: str, key: str, prefix: str = "") -> str:
    """The uri of a tile's glb: ``buildings/3_12_5.glb`` (a key's slashes are not folders).

    >>> tile_file("buildings", "3/12/-5", "s")
    'buildings/s3_12_-5.glb'
    """
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
    return f"{layer}/{prefix}{safe}.glb"


# -- the frame -------------------------------------------------------------------------------------
class Frame:
    """East-north-up at a point of the cache CRS: ``matrix`` (column-major, into ECEF) and
    :meth:`to_enu` for points of the cache CRS (heights as ellipsoidal heights)."""

    def __init__(self, crs: Any, centre: tuple[float, float, float]) -> None:
        from pyproj import CRS, Transformer

        src = CRS.from_user_input(crs)
        src3d = src if src.is_geocentric else src.to_3d()
        lon, lat, h = Transformer.from_crs(src3d, "EPSG:4979", always_xy=True).transform(
            *centre)
        if not all(np.isfinite([lon, lat, h])):
            raise CimviewError("the data's centre {centre} cannot be placed on the Earth from "
                               "the cache CRS {crs}", centre=list(centre), crs=src.name)
        self.lonlat = (float(lon), float(lat), float(h))
        self.matrix = enu_to_ecef(lon, lat, h)
        m = np.array(self.matrix).reshape(4, 4).T
        self._rot, self._origin = m[:3, :3], m[:3, 3]
        self._ecef = Transformer.from_crs(src3d, "EPSG:4978", always_xy=True)

    def to_enu(self, xyz: np.ndarray) -> np.ndarray:
        """(n, 3) cache-CRS points in the frame (float64 metres)."""
        p = np.asarray(xyz, np.float64).reshape(-1, 3)
        x, y, z = self._ecef.transform(p[:, 0], p[:, 1], p[:, 2])
        out = (np.column_stack([x, y, z]) - self._origin) @ self._rot
        if not np.isfinite(out).all():
            raise CimviewError("coordinates of the cache cannot be carried into ECEF")
        return out

    def rotation_at(self, point: np.ndarray) -> np.ndarray:
        """The rotation taking directions of the cache CRS at ``point`` into the frame (grid
        convergence, the Earth's curvature), for normals."""
        c = np.asarray(point, np.float64).reshape(3)
        at = self.to_enu(np.vstack([c, c + np.eye(3)]))
        u, _, vt = np.linalg.svd((at[1:] - at[0]).T)
        return u @ vt


# -- meshes and attributes -------------------------------------------------------------------------
@dataclass
class Content:
    """A tile's mesh in the frame: ``positions`` relative to ``centre``, ``triangles``,
    per vertex ``feature`` (index into ``fids``) and ``normals`` (or None)."""

    centre: np.ndarray
    positions: np.ndarray
    triangles: np.ndarray
    feature: np.ndarray
    fids: np.ndarray
    normals: np.ndarray | None


@dataclass
class MeshArrays:
    """A triangle mesh as the viewer makes it: ``points`` (n, 3) in the cache CRS (float64),
    ``triangles`` (m, 3), per triangle its feature's ``fids`` and its unit ``normals`` in the
    cache CRS (or None)."""

    points: np.ndarray
    triangles: np.ndarray
    fids: np.ndarray
    normals: np.ndarray | None = None


class Meshes(Protocol):
    """What meshes a tile's features (the viewer's functions: :mod:`viewer.tiles_export`)."""

    def buildings(self, cache: Any, tree: BuildingTree, key: str,
                  origin: tuple[float, float]) -> MeshArrays | None:
        """The mesh of tile ``key`` of a buildings tree (None: nothing to draw); ``origin``
        is a point near the tile, for the viewer's float32 meshes."""

    def pipelines(self, cache: Any, bbox: BBox, fids: np.ndarray,
                  origin: tuple[float, float]) -> MeshArrays | None:
        """The mesh of the pipes ``fids`` (all within ``bbox``)."""


def content_of(mesh: MeshArrays | None, frame: Frame) -> Content | None:
    """The :class:`Content` of a mesh, or None when it has no triangle."""
    if mesh is None or not len(mesh.triangles):
        return None
    tri = np.asarray(mesh.triangles, np.int64).reshape(-1, 3)
    cell_fid = np.asarray(mesh.fids, np.int64)
    world = np.asarray(mesh.points, np.float64).reshape(-1, 3)
    enu = frame.to_enu(world)
    lo, hi = enu.min(0), enu.max(0)
    centre = (lo + hi) / 2
    vfid = np.full(len(enu), cell_fid[0], np.int64)
    vfid[tri.ravel()] = np.repeat(cell_fid, 3)
    fids, feature = np.unique(vfid, return_inverse=True)
    nor = None
    if mesh.normals is not None:
        cn = np.asarray(mesh.normals, np.float64).reshape(-1, 3)
        rot = frame.rotation_at(world[len(world) // 2])
        nor = np.tile([0.0, 0.0, 1.0], (len(enu), 1))
        nor[tri.ravel()] = np.repeat(cn @ rot.T, 3, axis=0)
        nor /= np.maximum(np.linalg.norm(nor, axis=1, keepdims=True), 1e-12)
    return Content(centre, enu - centre, tri, feature, fids, nor)


def attribute_columns(cache: Any, table: str) -> dict[str, str]:
    """Column name -> metadata type of every attribute column of ``table`` (its geometry and
    binary columns left out)."""
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        geoms = {r[0] for r in raw.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (table,))}
        info = raw.execute(f'PRAGMA table_info("{table}")').fetchall()
    return {r[1]: column_kind_of(r[2]) for r in info
            if r[1] not in geoms and "BLOB" not in (r[2] or "").upper()}


def attributes(cache: Any, table: str, columns: Iterable[str], fids: np.ndarray
               ) -> dict[str, list[Any]]:
    """Each column's values for ``fids`` (in that order)."""
    cols = list(columns)
    names = ", ".join(f'"{c}"' for c in cols)
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        rows = raw.execute(f'SELECT fid, {names} FROM "{table}" WHERE fid IN '
                           "(SELECT value FROM json_each(?))",
                           (json.dumps([int(f) for f in fids]),)).fetchall()
    by_fid = {r[0]: r[1:] for r in rows}
    empty = (None,) * len(cols)
    got = [by_fid.get(int(f), empty) for f in fids]
    return {c: [row[i] for row in got] for i, c in enumerate(cols)}


# -- the tileset being written ---------------------------------------------------------------------
@dataclass
class Node:
    """A tile of the tileset: its box ``lo``..``hi`` and ``centre`` in the frame, content uri."""

    error: float
    refine: str
    lo: np.ndarray
    hi: np.ndarray
    centre: np.ndarray
    uri: str | None = None
    children: list[Node] = field(default_factory=list)

    def json(self, parent_centre: np.ndarray, folder: str = "") -> dict:
        """The tile's JSON (transform: a translation from its parent's centre; content uris
        relative to ``folder``, where its tileset file is)."""
        t = np.eye(4)
        t[:3, 3] = self.centre - parent_centre
        out: dict[str, Any] = {
            "boundingVolume": {"box": box_volume(self.lo - self.centre - PAD,
                                                 self.hi - self.centre + PAD)},
            "geometricError": float(self.error), "refine": self.refine}
        if np.any(t[:3, 3] != 0):
            out["transform"] = t.T.reshape(-1).tolist()
        if self.uri:
            out["content"] = {"uri": self.uri.removeprefix(folder)}
        if self.children:
            out["children"] = [c.json(self.centre, folder) for c in self.children]
        return out

    def external(self, uri: str) -> Node:
        """A tile standing for this one whose content is the external tileset ``uri``."""
        return Node(self.error, self.refine, self.lo, self.hi, self.centre, uri)


def layer_tileset(node: Node, layer: str) -> dict:
    """The external tileset ``<layer>/tileset.json`` of a layer's tree: its root in the frame
    of the tile pointing to it (:meth:`Node.external`), content uris relative to the folder."""
    root = node.json(node.centre, f"{layer}/")
    return {"asset": {"version": "1.1", "generator": "cimview"},
            "geometricError": float(node.error), "root": root}


def group(children: list[Node], error: float | None = None, refine: str = "ADD") -> Node:
    """A tile without content over ``children`` (its box: theirs). Its error (None: the
    larger horizontal side of its box, as all it stands for is missing while it is not
    refined) is at least its children's."""
    lo = np.min([c.lo for c in children], axis=0)
    hi = np.max([c.hi for c in children], axis=0)
    if error is None:
        error = float(max(hi[0] - lo[0], hi[1] - lo[1]))
    return Node(max([error, *(c.error for c in children)]), refine, lo, hi, (lo + hi) / 2,
                None, children)


@dataclass
class LayerSummary:
    """What was written of a layer."""

    features: int = 0
    tiles: int = 0
    files: int = 0
    bytes: int = 0
    left_out: int = 0
    """Features with nothing to draw (no triangle), so in no tile."""

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ExportSummary:
    """The result of :func:`export_3dtiles`."""

    out: str
    layers: dict[str, LayerSummary]
    bbox: BBox | None
    centre_lonlat: tuple[float, float, float]
    seconds: float

    def to_dict(self) -> dict:
        return {"out": self.out, "tileset": str(Path(self.out) / "tileset.json"),
                "layers": {k: v.to_dict() for k, v in self.layers.items()},
                "bbox": list(self.bbox) if self.bbox else None,
                "centre_lonlat": list(self.centre_lonlat), "seconds": round(self.seconds, 2)}


class _Writer:
    """Writes the glbs of one export into ``part`` and remembers what it wrote."""

    def __init__(self, cache: Any, frame: Frame, part: Path, meshes: Meshes,
                 progress: Progress | None):
        self.cache, self.frame, self.part, self.progress = cache, frame, part, progress
        self.meshes = meshes
        self.kinds: dict[str, dict[str, str]] = {}

    def content(self, layer: str, uri: str, content: Content | None,
                summary: LayerSummary) -> str | None:
        """Write a tile's glb; its uri (None when there is nothing to draw)."""
        if content is None:
            return None
        kinds = self.kinds.setdefault(layer, attribute_columns(self.cache, layer))
        cols = attributes(self.cache, layer, kinds, content.fids)
        data = encode_glb(content.positions, content.triangles, content.feature, cols, layer,
                          normals=content.normals, kinds=kinds)
        path = self.part / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        summary.files += 1
        summary.bytes += len(data)
        return uri

    def tree(self, layer: str, root: LodTile, make: Callable[[LodTile], Content | None],
             uri: Callable[[LodTile], str], floor: Callable[[LodTile], float],
             summary: LayerSummary, done: list[int], total: int) -> Node | None:
        """The nodes of a refinement tree, children first (each tile's box holds its
        content's and its children's)."""
        tiles, children, parent_first = {}, {}, [root]
        i = 0
        while i < len(parent_first):
            t = parent_first[i]
            tiles[t.key] = t
            children[t.key] = [c.key for c in t.children]
            parent_first.extend(t.children)
            i += 1
        errors = monotone_errors({k: t.geometric_error for k, t in tiles.items()}, children,
                                 root.key, {k: floor(t) for k, t in tiles.items()
                                            if t.children})
        nodes: dict[str, Node | None] = {}
        for t in reversed(parent_first):
            content = make(t)
            kids = [n for n in (nodes[c.key] for c in t.children) if n is not None]
            refine = "REPLACE"
            if content is not None:
                lo = content.positions.min(0) + content.centre
                hi = content.positions.max(0) + content.centre
                for k in kids:
                    lo, hi = np.minimum(lo, k.lo), np.maximum(hi, k.hi)
                written_uri = self.content(layer, uri(t), content, summary)
                node = Node(errors[t.key], refine, lo, hi, content.centre, written_uri, kids)
            elif kids:
                node = group(kids, errors[t.key], refine)
            else:
                node = None
            nodes[t.key] = node
            summary.tiles += node is not None
            done[0] += 1
            if self.progress is not None:
                self.progress(written(layer, done[0], total))
        return nodes[root.key]


# -- the layers ----------------------------------------------------------------------------------
def _building_nodes(w: _Writer, index: BuildingIndex, summary: LayerSummary, leaf: int
                    ) -> list[Node]:
    """The LOD1 and the LOD2 trees of the buildings ``index`` (those to export)."""
    trees = []
    for solid in (False, True):
        part = index.subset(index.solid == solid)
        if len(part):
            trees.append((solid, building_tree(part, leaf_size=leaf)))
    total = sum(len(t.nodes) for _, t in trees)
    done, nodes = [0], []
    for solid, tree in trees:
        def make(tile: LodTile, tree: Any = tree) -> Content | None:
            node = tree.node(tile.key)
            o = ((node.bbox[0] + node.bbox[2]) / 2, (node.bbox[1] + node.bbox[3]) / 2)
            content = content_of(w.meshes.buildings(w.cache, tree, tile.key, o), w.frame)
            if node.leaf:
                got = 0 if content is None else len(content.fids)
                summary.features += got
                summary.left_out += len(node.rows) - got
            return content

        def side(tile: LodTile, tree: Any = tree) -> float:
            return inner_error(tree.node(tile.key).bbox)

        root = w.tree("buildings", tree.root, make,
                      lambda t, s=solid: tile_file("buildings", t.key, "s" if s else ""),
                      side, summary, done, total)
        if root is not None:
            nodes.append(root)
    return nodes


def _pipeline_nodes(w: _Writer, pipes: tuple[np.ndarray, np.ndarray], summary: LayerSummary,
                    leaf: int) -> list[Node]:
    """The quadtree of the pipes (fids, bounds) to export."""
    tree = feature_tree(pipes[0], pipes[1], (0.0, 0.0), leaf_size=leaf)
    if tree.root is None:
        return []

    def make(tile: LodTile) -> Content | None:
        node = tree.node(tile.key)
        if not node.leaf or not len(node.fids):
            return None
        o = ((node.bbox[0] + node.bbox[2]) / 2, (node.bbox[1] + node.bbox[3]) / 2)
        content = content_of(w.meshes.pipelines(w.cache, node.bbox, node.fids, o), w.frame)
        got = 0 if content is None else len(content.fids)
        summary.features += got
        summary.left_out += len(node.fids) - got
        return content

    root = w.tree("pipelines", tree.root, make, lambda t: tile_file("pipelines", t.key),
                  lambda t: inner_error(tree.node(t.key).bbox), summary, [0],
                  len(tree.nodes))
    return [root] if root is not None else []


def _selected(cache: Any, layers: list[str], bbox: BBox | None
              ) -> tuple[dict[str, Any], BBox | None, BBox | None, float]:
    """What to export of each layer (from the R*Trees: the buildings' index, the pipes' fids
    and bounds) within bbox; the extent of that, the extent of all of the layers' data, and a
    ground height (the buildings' median)."""
    chosen: dict[str, Any] = {}
    inside, every, z = [], [], []
    for layer in layers:
        if layer == "buildings":
            index = building_index(cache)  # kept in the cache for large cities
            b = index.bounds
            m = intersecting(b, bbox)
            chosen[layer] = index.subset(m)
            z.append(index.z0[m])
        else:
            fids, b, _ = feature_bounds(cache, "pipelines")
            m = intersecting(b, bbox)
            chosen[layer] = (fids[m], b[m])
        every.append(b)
        inside.append(b[m])

    def union(parts: list[np.ndarray]) -> BBox | None:
        b = np.concatenate(parts) if parts else np.zeros((0, 4))
        if not len(b):
            return None
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()),
                float(b[:, 3].max()))

    zs = np.concatenate(z) if z else np.zeros(0)
    return chosen, union(inside), union(every), float(np.median(zs)) if len(zs) else 0.0


def _record_export(cache: Any, out: Path, part: Path, summaries: dict[str, Any]) -> None:
    """Every export is in the cache's trail (store.audit), with the layers' data grades: the
    folder, the root tileset's SHA-256 and the features per layer. An export the trail cannot
    record (a read-only cache) does not happen."""
    from store import audit
    from store.grades import cache_grades

    grades = cache_grades(cache, list(summaries))
    audit.record(cache, "export", purpose="cimview export-3dtiles", format="3D Tiles 1.1",
                 file=out.name, sha256=audit.file_sha256(part / "tileset.json"),
                 layers={k: {"features": v.features, "grade": grades[k].grade,
                             "secret": grades[k].secret} for k, v in summaries.items()})


def write_tileset(cache_path: str | Path, out: str | Path, meshes: Meshes, *,
                  layers: Iterable[str] = LAYERS, bbox: BBox | None = None,
                  force: bool = False, progress: Progress | None = None,
                  leaf_features: int = LEAF_FEATURES) -> ExportSummary:
    """Write the cache's ``layers`` (within ``bbox``, cache CRS) as a 3D Tiles 1.1 tileset in
    the folder ``out`` (see the module's docstring), meshed by ``meshes``; ``progress``
    receives a sentence per tile; a leaf tile holds at most ``leaf_features`` features.

    Refuses a non-empty folder that is not a previous export unless ``force``; nothing is in
    ``out`` until everything is written."""
    from store.boundary import boundary
    from store.cache import Cache

    t0 = time.perf_counter()
    chosen = [name for name in LAYERS if name in set(layers)]
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown or not chosen:
        raise CimviewError("--layers {layers}: a 3D Tiles export holds {choices}",
                           layers=",".join(unknown or layers), choices=",".join(LAYERS))
    with boundary(cache_path), Cache.open(cache_path) as cache:
        data, extent, everything, ground = _selected(cache, chosen, bbox)
        if extent is None:
            raise nothing_to_export(chosen, bbox, everything)
        frame = Frame(cache.crs, ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2,
                                  ground))
        out = Path(out)
        part = prepare_out(out, force)
        try:
            w = _Writer(cache, frame, part, meshes, progress)
            summaries: dict[str, LayerSummary] = {}
            subtrees: list[Node] = []
            for layer in chosen:
                summary = summaries[layer] = LayerSummary()
                make = _building_nodes if layer == "buildings" else _pipeline_nodes
                nodes = make(w, data[layer], summary, max(int(leaf_features), 1))
                if not nodes:
                    continue
                # each layer's tree in its own file: the root tileset.json stays small, and a
                # reader reads a layer's tree only when it gets there
                tree = group(nodes) if len(nodes) > 1 else nodes[0]  # LOD1 and LOD2 trees
                uri = f"{layer}/tileset.json"
                (part / uri).parent.mkdir(parents=True, exist_ok=True)
                (part / uri).write_text(json.dumps(layer_tileset(tree, layer)), encoding="utf-8")
                subtrees.append(tree.external(uri))
            if not subtrees:
                raise nothing_to_export(chosen, bbox, everything)
            root = group(subtrees)
            root.centre = np.zeros(3)  # the root's frame is the ENU frame itself
            doc = tileset_json(root.json(np.zeros(3)), frame.matrix)
            doc["asset"]["tilesetVersion"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            doc["extras"] = {"cimview": {"layers": {k: v.features for k, v in summaries.items()},
                                         "leafFeatures": int(leaf_features),
                                         "bbox": list(bbox) if bbox else None}}
            (part / "tileset.json").write_text(json.dumps(doc, ensure_ascii=False),
                                               encoding="utf-8")
            _record_export(cache, out, part, summaries)
            finish_out(part, out)
        finally:
            if part.exists():
                import shutil

                shutil.rmtree(part, ignore_errors=True)
    return ExportSummary(str(out), summaries, bbox, frame.lonlat, time.perf_counter() - t0)
