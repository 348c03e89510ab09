"""The view of a ``vectors`` layer: polygons, lines and points draped on the terrain.

Every feature of the layer goes into a few merged meshes (never one actor per feature), each
with the cell arrays ``fid`` (picking) and ``rgb`` (the style's colour of its feature):

- polygons: a fill (constrained triangulation, :mod:`viewer.triangulate`) and an outline
  (lines of ``Style.line_width`` pixels in ``Style.outline``); ``Style.fill`` and
  ``Style.outline`` switch them in place;
- lines: ribbons ``Style.width_field`` metres wide (roads by class and width; one actor per
  style class, wider classes on top) or, without a width field, lines of ``line_width`` pixels;
- points: one actor of round point sprites ``point_size`` pixels across.

Draped geometry takes its z from the terrain (:func:`layers.terrain.terrain_heights`, on the
drawn terrain's own triangles): edges get vertices where the ground under them bends more
than :data:`viewer.vectors_mesh.SAG` (probed at every DEM cell), and fill triangles are split
where it bends more than that. Features with their own z (``VectorData.has_z``) are drawn
at it.

No z-fighting at any distance: draped actors are lifted a little (:data:`LIFT`) and pulled
towards the camera in depth by VTK's coincident-topology offsets (a constant in the depth
buffer, so it holds near and far), stronger for layers higher in the panel and, within a
layer, for outlines over fills and wider roads over narrower ones. Their colours are unlit,
so a road shows the style's colour exactly.

Labels (``Style.label_field``) are drawn near the camera by :class:`viewer.labels.Labels`.

A big layer of the cache (more than :data:`layers.vector_lod.PRELOAD_ALL` features, or
meshed whole in more than :data:`layers.vector_lod.PRELOAD_CELLS` cells: a river across the
city, cut into pieces) streams by level of detail like the pipes: a quadtree of its features
(:mod:`layers.vector_lod`), each tile read by fid and meshed off the GUI thread
(:func:`viewer.vectors_mesh.mesh_features`) through :class:`viewer.streaming.TileStreamer`;
far tiles draw only the roads, water and parcels big enough to see, points and labels only
near. Smaller layers and files are meshed whole by :meth:`VectorsView.build`. The geometry is
in :mod:`viewer.vectors_mesh`.

A table of a city with a history is loaded with its features of every time
(:class:`layers.lifespans.TimeFollower`): a step of the time slider leaves the cells of those
not standing then out of each mesh's mapper input, and their labels out of the labels (one
label per name among those standing: a road rebuilt under its name keeps one); another
scenario reads the layer again.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy

from layers.feature_lod import LEAF_SIZE
from layers.lifespans import TimeFollower
from layers.lod import LodTile
from layers.lod_index import rows_at_most
from layers.render import class_index
from layers.terrain import dem_grid
from layers.vector_lod import (
    PRELOAD_ALL,
    PRELOAD_CELLS,
    VectorTree,
    cache_table,
    declared_z,
    meshed_whole,
    read_pieces,
    read_tile,
    vector_tree,
)
from viewer.labels import MAX_LABELS, Labels
from viewer.streaming import TileStreamer
from viewer.vectors_mesh import (  # noqa: F401 — re-exported: the geometry's old home
    LEVELS_PER_LAYER,
    Drape,
    Part,
    VectorTile,
    _bands,
    convex_rings,
    line_paths,
    make_polydata,
    mesh_features,
    point_positions,
    polygon_meshes,
    ribbons,
    same_partition,
    split_sagging,
    triangulate,
    use_offsets,
)
from viewer.views.base import DEFER_FROM, View, cell_fids, draw_cells, picked_fid

#: Metres every draped layer floats above the terrain, plus LIFT_STEP per layer below it.
LIFT = 0.05
LIFT_STEP = 0.02
#: Depth offsets (VTK coincident topology, negative: towards the camera): per stacking level
#: (a layer has LEVELS_PER_LAYER levels: fill, width bands, outline), the slope factor and
#: the constant (units of 1/65000 of the depth range) grow by these steps.
OFFSET_FACTOR = (-1.0, -0.25)
OFFSET_UNITS = (-2.0, -1.0)
#: Draped layers' opacity in underground mode, until the scene says otherwise.
UNDERGROUND_OPACITY = 0.3
#: Point symbols float this high (m) and are offset this much more.
POINT_LIFT = 0.3
#: The key of the one content of a layer meshed whole.
WHOLE = "whole"


class VectorsView(View):
    """The merged meshes of one vectors layer (see the module docstring).

    ``data`` is the layer's :class:`layers.vectors.VectorData` after its filter when it is
    meshed whole (None when it streams; of every time in a city with a history, see
    :attr:`time`); ``tiles`` the contents drawn now by tile key (one,
    :data:`WHOLE`, for a layer meshed whole); ``parts`` their meshes; ``labels`` the labels
    drawn near the camera; ``build_seconds`` how long meshing took (reading excluded);
    ``tree`` and ``streamer`` the level of detail of a streamed layer (else None).
    """

    kind = "vectors"
    timed = True
    #: Layers of the cache with more features than this stream by level of detail.
    preload_all = PRELOAD_ALL
    #: Tables of at least this many features read their tree at the first frame (off-thread).
    defer_from = DEFER_FROM
    #: Features per leaf tile at most (a streamed layer).
    leaf_size = LEAF_SIZE
    #: Layers meshed whole in more cells than this stream too (a few big draped polygons).
    preload_cells = PRELOAD_CELLS

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.data: Any = None
        self.tiles: dict[str, VectorTile] = {}
        self.labels: Labels | None = None
        self.error: Exception | None = None
        self.build_seconds = 0.0
        self.tree: VectorTree | None = None
        self.streamer: TileStreamer | None = None
        self.table: str | None = None
        self.drape: Drape | None = None
        self.has_z = False
        self._built_style: Any = None
        #: How opaque draped layers are at most in underground mode (the scene sets it with
        #: the terrain's).
        self.underground_opacity = UNDERGROUND_OPACITY
        self._rank = 0
        #: a table of a city with a history: its features of every time are loaded, those
        #: not standing at the map's time left out (and their labels)
        self.time = TimeFollower()

    # -- building (off the GUI thread) --------------------------------------------------------
    def read(self, model: Any) -> Any:
        """The layer's features in the map CRS, through ``layers.vectors`` (never store/)."""
        from layers.vectors import read_layer

        crs = model.cache.crs if model.cache is not None else None
        table = cache_table(self.layer.source)
        if table is not None:
            self.time.read(model.cache, table)
        return read_layer(self.layer.source, crs, cache=model.cache, at=self.time.at)

    def build(self, model: Any, data: Any = None, grid: Any = None) -> None:
        """Read (unless ``data`` is given), filter and mesh the layer, or set up its level of
        detail when it is a big table of the cache; ``grid`` is the DEM (default: the
        cache's)."""
        super().build(model)
        cache = getattr(model, "cache", None) if model is not None else None
        self.time = TimeFollower(cache)
        if grid is None and cache is not None:
            grid = dem_grid(cache)
        if data is None and cache is not None and self._stream(model, grid):
            return
        given = data is not None
        if data is None:
            data = self.read(model)
        self.mesh(data, grid)
        cells = sum(p.poly.GetNumberOfCells() for p in self.parts)
        if (not given and cache is not None
                and not meshed_whole(len(data), cells, self.preload_all, self.preload_cells)):
            self._stream(model, grid, force=True)  # few features, but heavy: by tiles

    def mesh(self, data: Any, grid: Any) -> None:
        """Mesh ``data`` (a VectorData) whole, draped on ``grid`` (a DEM Grid or None)."""
        t0 = time.perf_counter()
        self.tree = self.streamer = None
        self.drape = Drape(grid)
        self._built_style = self.layer.style
        content = mesh_features(WHOLE, data, self.layer.style, self.layer.filter, self.drape,
                                self.origin, spans=self.time.spans)
        self.error, self.data, self.has_z = content.error, content.data, bool(data.has_z)
        self.tiles = {WHOLE: content}
        self.actors = {self.layer.name: [p.actor for p in content.parts]}
        self.labels = Labels(content.anchors, content.texts, self.layer.style.label_distance
                             ) if content.texts else None
        if self.model is not None:
            self.time.follow(self.model)
            self._leave_out(content)
            self._relabel()
        self.build_seconds = time.perf_counter() - t0

    def _stream(self, model: Any, grid: Any, force: bool = False) -> bool:
        """Set up the level of detail of a big table of the cache (``force``: of any size);
        False when the layer is to be meshed whole (small, a file, or no such table)."""
        table = cache_table(self.layer.source)
        if table is None:
            return False
        try:
            count = rows_at_most(model.cache, table)
            if count <= self.preload_all and not force:
                return False
            if count >= self.defer_from:  # the tree at the first frame, off the GUI thread
                self.table, self.tree, self.streamer = table, None, None
                self.drape, self.data, self.tiles = Drape(grid), None, {}
                self.actors, self.labels = {self.layer.name: []}, None
                self._built_style, self.has_z = self.layer.style, declared_z(table)
                self.deferred = (lambda: self._read_tree(table), self._start)
                return True
            self.table, self.drape = table, Drape(grid)
            found = self._read_tree(table)
        except Exception:  # noqa: BLE001 — no such table here: read_layer says so
            return False
        self._start(found)
        return True

    def _read_tree(self, table: str) -> Any:
        """The table's tree and its root's content (off the GUI thread when deferred)."""
        assert self.model is not None
        self.time.read(self.model.cache, table)
        tree = vector_tree(self.model.cache, table, (self.origin.x, self.origin.y),
                           leaf_size=self.leaf_size, at=self.time.at)
        self.tree = tree  # make() reads the tree
        return tree, self.make(tree.root)

    def _start(self, found: Any) -> None:
        """Stream the tree, its root drawn at once."""
        tree, root = found
        t0 = time.perf_counter()
        self.tree = tree
        if self.model is not None:
            self.time.follow(self.model)
        self.data, self.tiles, self.actors = None, {}, {self.layer.name: []}
        self._built_style = self.layer.style
        self.has_z = declared_z(self.table)
        style = self.layer.style
        self.labels = Labels(np.zeros((MAX_LABELS, 3)), [""] * MAX_LABELS,
                             style.label_distance) if style.label_field else None
        if self.labels is not None:
            self.labels.anchors, self.labels.texts = np.zeros((0, 3)), []
            if self.renderer is not None:  # deferred: the view was attached before its tree
                self.labels.attach(self.renderer)
                self.labels.set_opacity(self.layer.opacity)
                self.labels.set_enabled(self.shown)
        self.streamer = TileStreamer(tree.root, make=self.make, show=self._show,
                                     hide=self._hide, name=f"{self.kind}:{self.layer.name}")
        self.streamer.adopt(tree.root, root, self.context.budget_bytes)
        self.streamer.draw_now([tree.root])
        self.build_seconds = time.perf_counter() - t0

    def make(self, tile: LodTile) -> VectorTile:
        """Read and mesh one tile (off the GUI thread): an inner tile's big features, or
        every feature of a leaf with its labels."""
        assert self.tree is not None and self.model is not None and self.table is not None
        node = self.tree.node(tile.key)
        style = self.layer.style
        if not len(node.fids):
            return VectorTile(tile.key, style=style)
        data, outlines, cuts = read_pieces(self.model.cache, self.table, node.fids,
                                           self.tree.pieces, at=self.time.at)
        drape = self.drape
        if drape is not None and not node.leaf:  # far: draped within the tile's error
            drape = drape.coarser(tile.geometric_error)
        return mesh_features(tile.key, data, style, self.layer.filter, drape, self.origin,
                             labels=node.leaf, outlines=outlines, cuts=cuts,
                             spans=self.time.spans)

    # -- tiles in and out (GUI thread) -----------------------------------------------------------
    def _show(self, _tile: LodTile, content: VectorTile) -> None:
        self.tiles[content.key] = content
        if content.style is not self.layer.style:
            content.colour(self.layer.style)  # restyled while it was loading or held
        self._leave_out(content)
        actors = self.actors.setdefault(self.layer.name, [])
        for part in content.parts:
            actors.append(part.actor)
            if self.renderer is not None:
                self.renderer.AddActor(part.actor)
        self._stack(content.parts)
        self._apply_opacity(content.parts)
        self._visibility(content.parts)
        self._relabel()

    def _hide(self, _tile: LodTile, content: VectorTile) -> None:
        self.tiles.pop(content.key, None)
        actors = self.actors.get(self.layer.name, [])
        for part in content.parts:
            if part.actor in actors:
                actors.remove(part.actor)
            if self.renderer is not None:
                self.renderer.RemoveActor(part.actor)
        self._relabel()

    def _leave_out(self, content: VectorTile) -> None:
        """Draw a tile's meshes without the features not standing at the map's time."""
        for part in content.parts:
            draw_cells(part.actor, part.poly, self.time.left_out(cell_fids(part.poly))
                       if self.time.gone is not None else None)

    def _relabel(self) -> None:
        """The labels of the tiles drawn now (a streamed layer: leaves only), of features
        standing at the map's time: per tile one per text (candidates of several lifespans
        share a text)."""
        if self.labels is None:
            return
        anchors, texts = [], []
        for tile in self.tiles.values():
            if not tile.texts:
                continue
            keep = np.ones(len(tile.texts), dtype=bool)
            if self.time.spans is not None and len(tile.label_fids) == len(tile.texts):
                standing = np.flatnonzero(~self.time.left_out(tile.label_fids))
                _, first = np.unique(np.asarray(tile.texts, dtype=str)[standing],
                                     return_index=True)
                keep[:] = False
                keep[standing[first]] = True
            anchors.append(tile.anchors[keep])
            texts += [t for t, k in zip(tile.texts, keep, strict=True) if k]
        self.labels.anchors = np.concatenate(anchors) if anchors else np.zeros((0, 3))
        self.labels.texts = texts
        for actor in self.labels.actors:  # indices changed: give the pool out again
            actor.SetVisibility(False)
        self.labels.shown = {}

    # -- the protocol (GUI thread) ------------------------------------------------------------
    @property
    def parts(self) -> list[Part]:
        """The meshes drawn now (every tile's)."""
        return [p for t in self.tiles.values() for p in t.parts]

    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        if self.labels is not None:
            self.labels.attach(renderer)
        self.update("order")
        self.update("time")  # the time may have moved while it was built

    def detach(self) -> None:
        if self.labels is not None:
            self.labels.detach()
        super().detach()

    def update(self, what: str) -> bool:
        if what in ("filter", "source"):
            return False
        if what == "style":
            return self._restyle()
        if what == "order":
            self._stack(self.parts)
            return True
        if what in ("opacity", "underground"):
            self._apply_opacity(self.parts)
            if self.labels is not None:
                self.labels.set_opacity(self.layer.opacity)
            return True
        if what in ("lod_settings", "dragging"):
            return True  # the next frame selects with the new settings
        if what == "time":  # restyle what is loaded; other scenarios: read again
            if self.model is None or not self.time.follow(self.model):
                return False
            for content in self.tiles.values():
                self._leave_out(content)
            self._relabel()
            return True
        return super().update(what)

    def opacity(self) -> float:
        """The layer's opacity; underground, no more than the ground's (the scene's
        ``underground_opacity``, or the terrain layer's), so the pipes below show through
        the roads as through the ground."""
        opacity = self.layer.opacity
        model = self.model
        if model is not None and getattr(model, "underground", False) and not self.has_z:
            opacity = min(opacity, self.underground_opacity,
                          *(t.opacity for t in model.layers.of_kind("terrain")))
        return opacity

    def _apply_opacity(self, parts: list[Part]) -> None:
        opacity = self.opacity()
        fill = min(max(float(self.layer.style.fill_opacity), 0.0), 1.0)
        for part in parts:
            part.actor.GetProperty().SetOpacity(opacity * fill if part.role == "fill"
                                                else opacity)

    def apply_visibility(self) -> None:
        self._visibility(self.parts)
        if self.labels is not None:
            self.labels.set_enabled(self.shown)

    def _visibility(self, parts: list[Part]) -> None:
        on = self.shown
        style = self.layer.style
        for part in parts:
            shown = on
            if part.role == "fill":
                shown = on and style.fill
            elif part.role == "outline":
                shown = on and (style.outline is not None or not style.fill)
            part.actor.SetVisibility(shown)

    def frame(self, camera: Any) -> bool:
        changed = False
        if self.streamer is not None and self.renderer is not None and self.shown:
            changed = self.streamer.frame(self.context)  # a hidden layer loads nothing
        if self.labels is not None and self.shown and camera is not None:
            changed = self.labels.frame(camera) or changed
        return changed

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for part in self.parts:
            if part.actor is prop:
                fid = picked_fid(dataset if dataset is not None else part.poly, cell)
                return None if fid is None else (self.layer.name, fid)
        return None

    def draw_order(self, prop: Any) -> int:
        """Where ``prop`` is drawn among the draped layers' meshes (higher: over lower, by
        depth offsets: the layer higher in the panel, then outline over fill and wider roads
        over narrower); -1 when it is none of this layer's meshes. A click on overlapping
        draped features picks the one drawn on top, not the one a few centimetres higher
        (draped meshes follow the ground within :data:`viewer.vectors_mesh.SAG`)."""
        for part in self.parts:
            if part.actor is prop:
                return self._rank * LEVELS_PER_LAYER + part.level
        return -1

    # -- helpers -------------------------------------------------------------------------------
    @property
    def draped(self) -> bool:
        """Whether the features lie on the terrain (a little above it, lifted for depth):
        a surface pick on them should take the terrain's height at that x, y."""
        return not self.has_z

    def drawn_fids(self) -> np.ndarray:
        """The distinct fids in the cell data of what the meshes draw (every feature drawn,
        once; not those left out at the map's time)."""
        arrays = [cell_fids(p.actor.GetMapper().GetInput()) for p in self.parts]
        return np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, np.int64)

    def feature_cells(self, fid: int) -> list[tuple[Any, np.ndarray]]:
        """(poly data, cell ids) of feature ``fid`` as drawn now, for the selection overlay;
        a feature of a streamed layer not drawn now (far, or outside the view) is read and
        meshed on its own, in full."""
        out = []
        for part in self.parts:
            ids = np.flatnonzero(vtk_to_numpy(part.poly.GetCellData().GetArray("fid")) == fid)
            if len(ids):
                out.append((part.poly, ids))
        if out or self.streamer is None or self.model is None or self.table is None:
            return out
        data = read_tile(self.model.cache, self.table, np.array([fid], np.int64),
                         at=self.time.at)
        content = mesh_features(f"fid {fid}", data, self.layer.style, None, self.drape,
                                self.origin, labels=False)
        return [(p.poly, np.arange(p.poly.GetNumberOfCells())) for p in content.parts
                if p.poly.GetNumberOfCells()]

    def _restyle(self) -> bool:
        old, new = self._built_style, self.layer.style
        if old is not None and (old.width_field != new.width_field
                                or (old.width_field and old.line_width != new.line_width)):
            return False  # other ribbons: mesh again
        if old is not None and (old.label_field != new.label_field
                                or old.label_distance != new.label_distance):
            return False
        for content in self.tiles.values():  # ribbons are grouped by class: group them again
            if content.classes is not None and content.data is not None and not same_partition(
                    content.classes, class_index(new, content.data.columns, len(content.data))):
                return False
        self._built_style = new
        for content in self.tiles.values():  # tiles held but not drawn: at their next show
            content.colour(new)
            self._leave_out(content)  # what is drawn is a copy: it takes the new colours
        self.update("opacity")  # the fill's own opacity may have changed
        self.apply_visibility()
        return True

    def _stack(self, parts: list[Part]) -> None:
        """Depth offsets and lift from the layer's place among the draped layers: each
        vectors layer below it in the panel pushes it one step up."""
        rank = 0
        if self.model is not None:
            layers = list(self.model.layers)
            if self.layer in layers:
                below = layers[layers.index(self.layer) + 1:]
                rank = sum(1 for la in below if la.kind == "vectors")
        self._rank = rank
        for part in parts:
            level = 1 + rank * LEVELS_PER_LAYER + part.level
            factor = OFFSET_FACTOR[0] + OFFSET_FACTOR[1] * level
            units = OFFSET_UNITS[0] + OFFSET_UNITS[1] * level
            mapper = part.actor.GetMapper()
            if part.role in ("fill", "ribbon"):
                mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(factor, units)
            elif part.role == "point":
                mapper.SetRelativeCoincidentTopologyPointOffsetParameter(units - 4.0)
            else:
                mapper.SetRelativeCoincidentTopologyLineOffsetParameters(factor, units)
            lift = 0.0 if self.has_z else (
                LIFT + LIFT_STEP * rank + (POINT_LIFT if part.role == "point" else 0.0))
            part.actor.SetPosition(0.0, 0.0, lift)


__all__ = ["Drape", "VectorsView", "line_paths", "point_positions", "polygon_meshes",
           "ribbons", "split_sagging", "use_offsets"]
