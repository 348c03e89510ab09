"""The model side of a 3D Tiles layer (倾斜摄影 reality meshes, the platform's tiles), Qt/VTK-free.

A layer of kind ``tiles3d`` names a row of the cache's tileset registry
(:mod:`store.tiles.registry`) in ``layer.source.sublayer``. :class:`TiledLayer` turns its
:class:`~store.tiles.tileset.Tileset` into a :class:`layers.lod.LodTile` tree **in the cache
CRS**: each tile's bounding volume (box or sphere carried by ``Tile.world``, or a region)
sampled and sent through pyproj (ECEF, EPSG:4978, or the CRS the tileset declares in
``extras.crs``, to the cache CRS with its heights) to an axis-aligned box. Children of external
and implicit tilesets are made when the tile's content is made (:meth:`TiledLayer.make`, off
the GUI thread); :class:`viewer.streaming.TileStreamer` indexes them when the tile arrives.

Content is placed the same way, vectorised: vertices → ``Tile.world`` (RTC included) in
float64 → pyproj → minus the tile's own centre (float64) → only then float32, so nothing
jitters however far the city is from the CRS origin.

A picked tiled feature is one small integer (:meth:`TiledLayer.pick_id` numbers the
(tile, feature) pairs picked), so ``model.select(layer, [fid])`` works as for any layer;
:func:`feature_properties` answers with the feature's batch table or property table row.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pyproj import CRS, Transformer

from layers.layer import Layer, Source
from layers.lod import LodTile
from store.errors import InputError
from store.tiles.content import Group, read_content
from store.tiles.tileset import Tile, Tileset, world_volume

if TYPE_CHECKING:
    from store.cache import Cache
    from store.tiles.registry import TilesetEntry

KIND = "tiles3d"
ECEF = "EPSG:4978"
GEODETIC_3D = "EPSG:4979"
#: Earth-centred points nearer the centre than this are not on the Earth (a local tileset).
MIN_ECEF_RADIUS = 6_000_000.0
#: Tiles whose feature properties are kept for picking (most recently made).
PROPERTY_TILES = 256
#: Samples per side of a region's lon/lat grid (its edges bulge in a projected CRS).
REGION_SAMPLES = 5


@dataclass
class Placed:
    """One tile's content placed in the cache CRS: float32 ``positions`` relative to
    ``centre`` (float64, cache CRS), triangles, uv, per-vertex feature ids, groups."""

    centre: np.ndarray
    positions: np.ndarray
    triangles: np.ndarray
    uv: np.ndarray | None = None
    normals: np.ndarray | None = None
    feature_ids: np.ndarray | None = None
    groups: list[Group] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    feature_count: int = 0

    @property
    def nbytes(self) -> int:
        arrays = [self.positions, self.triangles, self.uv, self.normals, self.feature_ids]
        images = {id(g.image): g.image for g in self.groups if g.image is not None}
        return int(sum(a.nbytes for a in arrays if a is not None)
                   + sum(i.nbytes for i in images.values()))


# -- pure rules ---------------------------------------------------------------------------------
def box_points(values: Any) -> np.ndarray:
    """The 27 points (corners, edge and face middles, centre) of an oriented box (12 numbers:
    centre, then three half-axes), shape (27, 3).

    >>> box_points([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]).max(axis=0).tolist()
    [1.0, 2.0, 3.0]
    """
    v = np.asarray(values, dtype=np.float64)
    axes = v[3:].reshape(3, 3)
    steps = np.array(np.meshgrid([-1, 0, 1], [-1, 0, 1], [-1, 0, 1], indexing="ij"),
                     dtype=np.float64).reshape(3, -1).T
    return v[:3] + steps @ axes


def sphere_points(values: Any) -> np.ndarray:
    """The 27 points of the cube around a sphere (centre, radius), shape (27, 3)."""
    c, r = np.asarray(values[:3], dtype=np.float64), float(values[3])
    return box_points([*c, r, 0, 0, 0, r, 0, 0, 0, r])


def region_points(values: Any, n: int = REGION_SAMPLES) -> np.ndarray:
    """Longitude, latitude (degrees) and height of an n×n grid over a region (radians:
    west, south, east, north, min, max height) at both heights, shape (2n², 3).

    >>> region_points([0, 0, 0.1, 0.1, 0, 10], 2)[:, 2].tolist()
    [0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 10.0]
    """
    west, south, east, north, low, high = (float(x) for x in values)
    lon, lat = np.meshgrid(np.linspace(west, east, n), np.linspace(south, north, n))
    lon, lat = np.degrees(lon.ravel()), np.degrees(lat.ravel())
    return np.vstack([np.column_stack([lon, lat, np.full(lon.size, h)]) for h in (low, high)])


def scaled_error(geometric_error: float, world: np.ndarray) -> float:
    """A tile's geometric error in metres of the tileset frame: times the largest scale of
    its world matrix (as CesiumJS does).

    >>> scaled_error(10.0, np.diag([2.0, 3.0, 1.0, 1.0]))
    30.0
    """
    return float(geometric_error) * float(np.linalg.norm(world[:3, :3], axis=0).max())


def feature_row(properties: dict[str, Any], feature: int) -> dict[str, Any]:
    """One feature's values of a batch table / property table's columns, as plain Python.

    >>> feature_row({"h": np.array([3.5, 4.0]), "name": ["a", "b"]}, 1)
    {'h': 4.0, 'name': 'b'}
    """
    row: dict[str, Any] = {}
    for name, column in properties.items():
        try:
            value = column[feature]
        except (IndexError, KeyError, TypeError):
            continue
        if isinstance(value, np.ndarray):
            value = value.tolist()
        elif isinstance(value, np.generic):
            value = value.item()
        row[name] = value
    return row


#: The feature properties a tileset gives lifespans and planning scenarios in (cimview's
#: export writes them: docs/3dtiles.md); "" or absent for none.
LIFESPAN_PROPERTIES = ("valid_from", "valid_to")
SCENARIO_PROPERTY = "scenario"


def feature_lifespans(properties: dict[str, Any], count: int
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per feature of a tile, its ``valid_from``, ``valid_to`` and ``scenario`` as text
    arrays ("" for none), or None when the tile's properties name no lifespan.

    >>> vf, vt, sc = feature_lifespans({"valid_from": ["1990", ""], "valid_to": ["", "2012"]}, 2)
    >>> vf.tolist(), vt.tolist(), sc.tolist()
    (['1990', ''], ['', '2012'], ['', ''])
    """
    if count <= 0 or not any(name in properties for name in LIFESPAN_PROPERTIES):
        return None

    def column(name: str) -> np.ndarray:
        values = properties.get(name)
        if values is None:
            return np.full(count, "", dtype=str)
        out = ["" if v is None else str(v) for v in list(values)[:count]]
        return np.array(out + [""] * (count - len(out)), dtype=str)

    return column("valid_from"), column("valid_to"), column(SCENARIO_PROPERTY)


def features_shown(spans: tuple[np.ndarray, np.ndarray, np.ndarray], at: str,
                   scenarios: tuple[str, ...] = ()) -> np.ndarray:
    """Which features of a tile stand at ``at`` (lifespan text) in the recorded city with
    ``scenarios``' planned ones: the rule of :meth:`store.cache.Cache.standing_sql`."""
    from layers.building_lod import standing_mask

    valid_from, valid_to, scenario = spans
    planned_ok = (scenario == "") | np.isin(scenario, list(scenarios))
    return standing_mask(valid_from, valid_to, at) & planned_ok


# -- the tree -------------------------------------------------------------------------------------
class TiledLayer:
    """A tileset as a refinement tree in the cache CRS, and its tiles' placed content.

    Parameters
    ----------
    tileset : the tileset read (its tree is expanded lazily).
    cache_crs : the cache's CRS (projected metres); heights pass through as they are.
    tileset_crs : the CRS of the tileset's frame; None reads the top-level ``extras.crs``
        of the root tileset file, else ECEF (EPSG:4978).
    name : what error messages call the tileset.
    origin : (x, y) of the scene origin (:class:`viewer.origin.Origin`): the LodTile boxes
        are in the cache CRS minus it, as the camera the streamer selects with; placed
        content keeps its centre in the cache CRS itself.
    """

    def __init__(self, tileset: Tileset, cache_crs: Any, tileset_crs: Any = None,
                 name: str = "", origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.tileset = tileset
        self.origin = np.array([float(origin[0]), float(origin[1]), 0.0])
        self.name = name or tileset.source.name(tileset.uri)
        declared = tileset_crs or _declared_crs(tileset)
        self.tileset_crs = CRS.from_user_input(declared or ECEF)
        target = CRS.from_user_input(cache_crs)
        target3d = target.to_3d() if not target.is_geocentric else target
        self._frame = Transformer.from_crs(self.tileset_crs.to_3d()
                                           if not self.tileset_crs.is_geocentric
                                           else self.tileset_crs, target3d, always_xy=True)
        self._geodetic = Transformer.from_crs(GEODETIC_3D, target3d, always_xy=True)
        self._ecef = self.tileset_crs.is_geocentric
        self._lock = threading.Lock()
        self._expanding = threading.RLock()
        self.tiles: dict[str, Tile] = {}
        self.lods: dict[str, LodTile] = {}
        self._properties: OrderedDict[str, tuple[dict[str, Any], int]] = OrderedDict()
        self._picks: list[tuple[str, int]] = []
        self._pick_ids: dict[tuple[str, int], int] = {}
        self.root = self._lod(tileset.root, "0")
        self._expand_loaded(self.root)

    # -- boxes ----------------------------------------------------------------------------------
    def to_cache(self, points: np.ndarray) -> np.ndarray:
        """Points of the tileset's frame (n, 3) in the cache CRS (float64), checked finite."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        if self._ecef and len(pts):
            radius = float(np.linalg.norm(pts, axis=1).min())
            if radius < MIN_ECEF_RADIUS:
                raise InputError(self.name, "the tileset is not placed on the Earth: its "
                                 "points are {radius} m from the Earth's centre (a local "
                                 "model with no transform to ECEF)", radius=round(radius))
        x, y, z = self._frame.transform(pts[:, 0], pts[:, 1], pts[:, 2])
        out = np.column_stack([x, y, z])
        if not np.isfinite(out).all():
            raise InputError(self.name, "the tileset's coordinates cannot be carried into "
                             "the cache CRS {crs}", crs=self._frame.target_crs.name)
        return out

    def extent(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the root tile in the cache CRS."""
        lo = np.asarray(self.root.box_min) + self.origin
        hi = np.asarray(self.root.box_max) + self.origin
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def box(self, tile: Tile) -> tuple[np.ndarray, np.ndarray]:
        """The tile's bounding volume as an axis-aligned box (min, max) in the cache CRS."""
        bv = tile.bounding_volume
        if bv.kind == "region":
            pts = np.column_stack(self._geodetic.transform(*region_points(bv.values).T))
            if not np.isfinite(pts).all():
                raise InputError(self.name, "a tile's region cannot be carried into the cache "
                                 "CRS {crs}", crs=self._geodetic.target_crs.name)
        else:
            placed = world_volume(bv, tile.world)
            pts = self.to_cache(box_points(placed.values) if placed.kind == "box"
                                else sphere_points(placed.values))
        return pts.min(axis=0), pts.max(axis=0)

    def _lod(self, tile: Tile, key: str) -> LodTile:
        lo, hi = self.box(tile)
        lo, hi = lo - self.origin, hi - self.origin
        lod = LodTile(key, scaled_error(tile.geometric_error, tile.world),
                      tuple(lo.tolist()), tuple(hi.tolist()), tile.refine, [])
        with self._lock:
            self.tiles[key] = tile
            self.lods[key] = lod
        return lod

    def _expand_loaded(self, lod: LodTile) -> None:
        """Make the LodTiles of every child already known (explicit tiles), depth first."""
        stack = [lod]
        while stack:
            node = stack.pop()
            tile = self.tiles[node.key]
            if tile.loaded and not node.children:
                node.children = [self._lod(c, f"{node.key}/{i}")
                                 for i, c in enumerate(self.tileset.children(tile))]
                stack.extend(node.children)

    def expand(self, lod: LodTile) -> list[LodTile]:
        """The children of ``lod``, reading its external tileset or implicit subtree when
        not yet known (off the GUI thread); the list is set on ``lod`` in one assignment."""
        if lod.children:
            return lod.children
        with self._expanding:  # one expansion at a time: a tile's children are made once
            if lod.children:
                return lod.children
            tile = self.tiles[lod.key]
            kids = [self._lod(c, f"{lod.key}/{i}") for i, c in
                    enumerate(self.tileset.children(tile))]
            for kid in kids:
                self._expand_loaded(kid)
            lod.children = kids
        return kids

    # -- content --------------------------------------------------------------------------------
    def make(self, lod: LodTile) -> Placed | None:
        """The tile's content placed in the cache CRS (None when it has none); its unknown
        children are made too. Runs off the GUI thread."""
        self.expand(lod)
        tile = self.tiles[lod.key]
        if not tile.content_uris:
            return None
        return self.place(lod, [read_content(self.tileset.source, uri,
                                             self.tileset.gltf_up_axis)
                                for uri in tile.content_uris])

    def place(self, lod: LodTile, meshes: list[Any]) -> Placed:
        """Merge a tile's meshes into one :class:`Placed` around the tile's centre."""
        tile = self.tiles[lod.key]
        centre = (np.asarray(lod.box_min) + np.asarray(lod.box_max)) / 2 + self.origin
        parts_pos, parts_tri, parts_uv, parts_ids, parts_nrm, groups = [], [], [], [], [], []
        offset = tri_offset = 0
        properties: dict[str, Any] = {}
        count = 0
        for mesh in meshes:
            world = mesh.positions @ tile.world[:3, :3].T + tile.world[:3, 3]
            parts_pos.append((self.to_cache(world) - centre).astype(np.float32))
            parts_tri.append(mesh.triangles + offset)
            parts_uv.append(mesh.uv if mesh.uv is not None
                            else np.zeros((len(mesh.positions), 2), np.float32))
            parts_ids.append(mesh.feature_ids if mesh.feature_ids is not None
                             else np.full(len(mesh.positions), -1, np.int64))
            parts_nrm.append(mesh.normals)
            for g in mesh.groups or [Group(0, len(mesh.triangles))]:
                groups.append(Group(g.start + tri_offset, g.stop + tri_offset, g.rgba,
                                    g.image, g.image_index))
            if not properties and mesh.properties:
                properties, count = mesh.properties, mesh.feature_count
            offset += len(mesh.positions)
            tri_offset += len(mesh.triangles)
        placed = Placed(
            centre=centre,
            positions=np.concatenate(parts_pos) if parts_pos else np.zeros((0, 3), np.float32),
            triangles=np.concatenate(parts_tri) if parts_tri else np.zeros((0, 3), np.int64),
            uv=np.concatenate(parts_uv) if any(m.uv is not None for m in meshes) else None,
            normals=None, feature_ids=None, groups=groups, properties=properties,
            feature_count=count)
        if parts_nrm and all(n is not None for n in parts_nrm):
            rot = _normal_rotation(tile.world, self, centre)
            placed.normals = (np.concatenate(parts_nrm) @ rot.T).astype(np.float32)
        if any(m.feature_ids is not None for m in meshes):
            placed.feature_ids = np.concatenate(parts_ids)
        self.remember(lod.key, properties, count)
        return placed

    # -- properties ---------------------------------------------------------------------------
    def remember(self, key: str, properties: dict[str, Any], count: int) -> None:
        """Keep a tile's feature properties for picking (the last :data:`PROPERTY_TILES`)."""
        with self._lock:
            self._properties[key] = (properties, count)
            self._properties.move_to_end(key)
            while len(self._properties) > PROPERTY_TILES:
                self._properties.popitem(last=False)

    def properties(self, key: str, feature: int) -> dict[str, Any]:
        """The properties of feature ``feature`` of tile ``key`` (the tile's content is read
        again when it is no longer kept); {} when it has none."""
        with self._lock:
            kept = self._properties.get(key)
        if kept is None:
            tile = self.tiles.get(key)
            if tile is None:
                return {}
            kept = ({}, 0)
            for uri in tile.content_uris:
                mesh = read_content(self.tileset.source, uri, self.tileset.gltf_up_axis)
                if mesh.properties:
                    kept = (mesh.properties, mesh.feature_count)
                    break
            self.remember(key, *kept)
        return feature_row(kept[0], int(feature))

    def pick_id(self, key: str, feature: int) -> int:
        """The pick id of feature ``feature`` of tile ``key``: a small integer numbering the
        features picked in this layer (what ``model.select`` and Qt's int signals carry)."""
        pair = (key, int(feature))
        with self._lock:
            if pair not in self._pick_ids:
                self._pick_ids[pair] = len(self._picks)
                self._picks.append(pair)
            return self._pick_ids[pair]

    def tile_of(self, pick: int) -> tuple[str, int] | None:
        """(tile key, feature id) of a pick id, or None when it names none."""
        with self._lock:
            if not 0 <= int(pick) < len(self._picks):
                return None
            return self._picks[int(pick)]


def _normal_rotation(world: np.ndarray, tiled: TiledLayer, centre: np.ndarray) -> np.ndarray:
    """The rotation carrying tile-frame directions into the cache CRS near ``centre``:
    ``world``'s linear part followed by the local rotation of the frame → cache CRS mapping,
    estimated from three 1 m steps (normals need no better)."""
    linear = world[:3, :3]
    inv = np.linalg.inv(linear)
    base = inv @ (_frame_point(tiled, centre) - world[:3, 3])  # centre in the tile's frame
    steps = base + np.eye(3)
    pts = np.vstack([base, steps]) @ linear.T + world[:3, 3]
    mapped = tiled.to_cache(pts)
    jac = (mapped[1:] - mapped[0]).T  # columns: images of the tile-frame unit steps
    u, _, vt = np.linalg.svd(jac)
    return u @ vt


def _frame_point(tiled: TiledLayer, point: np.ndarray) -> np.ndarray:
    """A point of the cache CRS back in the tileset's frame."""
    x, y, z = tiled._frame.transform(point[0], point[1], point[2], direction="INVERSE")
    return np.array([x, y, z], dtype=np.float64)


def _declared_crs(tileset: Tileset) -> str | None:
    """The top-level ``extras.crs`` of the root tileset file (the CRS its frame is in), if a
    string. ``asset.extras`` is not read: writers put notes there (cimview's sample reality
    mesh names the CRS of the area it was cut from, its tiles being ECEF)."""
    try:
        doc = json.loads(tileset.source.read(tileset.uri))
    except (ValueError, InputError):
        return None
    extras = doc.get("extras") if isinstance(doc, dict) else None
    if isinstance(extras, dict) and isinstance(extras.get("crs"), str):
        return extras["crs"]
    return None


# -- layers of the cache ----------------------------------------------------------------------
_OPEN: weakref.WeakKeyDictionary[Layer, TiledLayer] = weakref.WeakKeyDictionary()


def tileset_layer(entry: TilesetEntry, visible: bool = True) -> Layer:
    """The layer drawing the registry row ``entry`` (its name is the row's)."""
    title = entry.label
    return Layer(entry.name, KIND, Source(sublayer=entry.name), title=title, title_zh=title,
                 visible=visible)


def tileset_layers(cache: Cache) -> list[Layer]:
    """One layer per row of the cache's tileset registry, unticked: a reality mesh covers
    the terrain and the white models of its district, so the user turns it on."""
    from store.tiles.registry import list_tilesets

    return [tileset_layer(entry, visible=False) for entry in list_tilesets(cache)]


def open_layer(cache: Cache, layer: Layer, origin: tuple[float, float] = (0.0, 0.0),
               **http: Any) -> TiledLayer:
    """The :class:`TiledLayer` of a ``tiles3d`` layer of ``cache`` (its registry row opened
    through :func:`store.tiles.registry.open_source`, boxes around the scene ``origin``);
    kept for :func:`feature_properties`."""
    from store.tiles.registry import get_tileset, open_source

    name = layer.source.sublayer or layer.name
    entry = get_tileset(cache, name)
    if entry is None:
        raise InputError(str(cache.path), "the cache has no tileset {name}", name=name)
    tileset = Tileset(open_source(cache.path, entry, **http), entry.root)
    tiled = TiledLayer(tileset, cache.crs, name=tileset.source.name(entry.root),
                       origin=origin)
    _OPEN[layer] = tiled
    return tiled


def _layer_name(location: str) -> str:
    """A layer name from a folder or URL: its last meaningful part, word characters only.

    >>> _layer_name("https://cim.example/tiles/倾斜摄影 A/tileset.json?v=2")
    '倾斜摄影_A'
    >>> _layer_name("/data/reality/")
    'reality'
    """
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(location).path if "://" in location else location)
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if parts and parts[-1].lower().endswith(".json"):
        stem = parts[-1][:-5]
        parts = parts[:-1] if stem.lower() == "tileset" else [*parts[:-1], stem]
    word = re.sub(r"\W+", "_", parts[-1] if parts else "").strip("_")
    return word or "tiles"


def add_tileset(model: Any, location: str, title: str = "", kind: str = "reality",
                index: int = 0) -> Layer:
    """Register a tileset in the open cache and add its layer to the map (on top).

    ``location`` is a folder holding ``tileset.json`` (or the root ``.json`` file itself)
    inside the cache's folder, or an http(s) URL. The tileset is opened and placed first: a
    missing, broken or unplaceable tileset raises a :class:`~store.errors.CimviewError` naming
    it, and nothing is registered or added."""
    from pathlib import Path

    from store.errors import CimviewError
    from store.tiles.registry import (
        TilesetEntry,
        is_url,
        list_tilesets,
        open_source,
        register_tileset,
        validate,
    )

    cache = model.cache
    if cache is None:
        raise CimviewError("open a cache before adding a 3D Tiles layer")
    location = str(location).strip()
    if not location:
        raise CimviewError("choose a folder holding tileset.json, or give a URL")
    if is_url(location):
        uri = location
    else:
        path = Path(location).expanduser().resolve()
        if path.is_file() and path.suffix.lower() == ".json":
            folder, root = path.parent, path.name
        elif path.is_dir():
            folder, root = path, "tileset.json"
            if not (folder / root).is_file():
                raise InputError(str(folder), "the folder holds no tileset.json")
        else:
            raise InputError(str(path), "no such folder or tileset file")
        base = Path(cache.path).resolve().parent
        if not folder.is_relative_to(base):
            raise InputError(str(folder), "a 3D Tiles folder must be inside the cache's "
                             "folder {base}: copy or move it there", base=str(base))
        relative = folder.relative_to(base).as_posix() if folder != base else "."
        uri = relative if root == "tileset.json" else f"{relative}/{root}"
    taken = {e.name for e in list_tilesets(cache)} | {layer.name for layer in model.layers}
    base_name, name, n = _layer_name(location), _layer_name(location), 1
    while name in taken:
        n += 1
        name = f"{base_name}_{n}"
    name, uri, kind = validate(name, uri, kind)
    entry = TilesetEntry(name, title or None, uri, kind)
    tileset = Tileset(open_source(cache.path, entry), entry.root)
    TiledLayer(tileset, cache.crs)  # placed in the cache CRS, or said why not
    register_tileset(cache, name, uri, title=title or None, kind=kind)
    layer = tileset_layer(entry)
    model.layers.insert(index, layer)
    return layer


def forget_tileset(cache: Cache, layer: Layer) -> bool:
    """Unregister the tileset of a ``tiles3d`` layer the user removed from the map (its files
    stay); whether it was registered."""
    from store.tiles.registry import remove_tileset

    _OPEN.pop(layer, None)
    return remove_tileset(cache, layer.source.sublayer or layer.name)


def opened(layer: Layer) -> TiledLayer | None:
    """The :class:`TiledLayer` last opened for ``layer``, or None."""
    return _OPEN.get(layer)


def feature_properties(layer: Layer | TiledLayer, tile_key: str | None, feature_id: int
                       ) -> dict[str, Any]:
    """The properties of a tiled feature: its tile's batch table or property table row.

    ``tile_key`` None takes ``feature_id`` as a pick id (:meth:`TiledLayer.pick_id`, what a
    click puts in ``model.select``). {} when the layer is not open or the tile has no such feature.
    """
    tiled = layer if isinstance(layer, TiledLayer) else opened(layer)
    if tiled is None:
        return {}
    if tile_key is None:
        found = tiled.tile_of(feature_id)
        if found is None:
            return {}
        tile_key, feature_id = found
    return tiled.properties(tile_key, feature_id)


def picked_rows(layer: Layer, pick: int) -> list[tuple[str, str]]:
    """(name, value) rows of a picked tiled feature for the attribute panel (values as
    text; lists joined by commas); [] when it has no properties."""
    rows = []
    for name, value in feature_properties(layer, None, pick).items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        rows.append((str(name), str(value)))
    return rows


__all__ = ["KIND", "Placed", "TiledLayer", "add_tileset", "box_points", "feature_properties",
           "feature_row", "forget_tileset", "open_layer", "opened", "picked_rows", "region_points",
           "scaled_error", "tileset_layer", "tileset_layers"]
