"""The pipelines view, by level of detail: a quadtree of the pipes
(:func:`layers.feature_lod.feature_tree`) streamed through
:class:`viewer.streaming.TileStreamer`. Far tiles draw only the mains (diameter or box width
≥ :data:`layers.feature_lod.MAIN_DIAMETER_MM`) as lines; nearer tiles every pipe as a line
(:func:`layers.feature_lod.line_levels`: their error is the largest pipe's section); near tiles
(leaves, at most :data:`LEAF_SIDE` wide) every pipe as tubes and boxes. Each tile is read
by its fids and meshed off the GUI thread.

Child keys are ``"<layer name>:<class code>"`` (``"pipelines:JS"``): each tile has one actor
per class, so a class can be switched off alone, also on tiles arriving later; the classes
switched off are the layer's filter (:func:`layers.pipelines.class_filter`). Colours come from
the layer's style (:func:`layers.pipelines.pipes_style`). A click answers ``("pipelines", fid)``
on a line far and a tube near alike.

A city with a history loads the pipes of every time (:class:`layers.lifespans.TimeFollower`):
a step of the time slider leaves the cells of those not laid yet, or abandoned, out of each
tile's mapper input (``update("time")``); another scenario reads them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layers.feature_lod import (
    FeatureTree,
    feature_bounds,
    feature_tree,
    line_levels,
    main_size,
    tube_size,
)
from layers.lifespans import TimeFollower
from layers.lod import LodTile
from layers.lod_index import rows_at_most
from layers.pipelines import class_rgb, hidden_class_codes, pipe_rows
from layers.terrain import dem_grid, terrain_heights
from viewer.pipes_mesh import meshes_by_class, pipe_lines, subset
from viewer.streaming import TileStreamer
from viewer.views.base import DEFER_FROM, View, cell_fids, draw_cells, mesh_actor, picked_fid

#: Networks of at most this many pipes are drawn whole by build(), before any camera.
PRELOAD_ALL = 5000
#: Width on screen (px) of a main drawn as a line.
LINE_WIDTH = 2.0
#: A tile wider than this (m) is split however few pipes it holds: tubes are drawn only near
#: (a leaf is drawn in full as soon as any part of it is near).
LEAF_SIDE = 512.0


@dataclass(eq=False)
class PipeTile:
    """A tile's content: a mesh and an actor per class code (lines far, tubes near)."""

    key: str
    meshes: dict[str, Any] = field(default_factory=dict)
    actors: dict[str, Any] = field(default_factory=dict)
    #: Every vertex lies under the terrain (:func:`buried`): hidden while the ground is opaque.
    buried: bool = False

    @property
    def nbytes(self) -> int:
        return sum(int(m.GetActualMemorySize()) * 1024 for m in self.meshes.values())


class PipesView(View):
    kind = "pipes"
    timed = True
    pickable = True
    #: Tables of at least this many pipes read their tree at the first frame, off the GUI
    #: thread (the first frame does not wait for millions of pipes).
    defer_from = DEFER_FROM

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.tree: FeatureTree | None = None
        self.streamer: TileStreamer | None = None
        self.tiles: dict[str, PipeTile] = {}  # drawn now, by tile key
        self._ground_hid = False  # what apply_visibility last saw of the ground
        #: the pipes of every time are loaded; those not standing at the map's time left out
        self.time = TimeFollower()

    # -- building --------------------------------------------------------------------------------
    def build(self, model: Any) -> None:
        """Read the pipes' tree and mesh its first tiles; a table of at least
        :attr:`defer_from` pipes reads its tree at the first frame, off the GUI thread."""
        super().build(model)
        self.tiles, self.actors = {}, {}
        self.tree, self.streamer = None, None
        self.time = TimeFollower(model.cache)
        if rows_at_most(model.cache, "pipelines") >= self.defer_from:
            self.deferred = (self._read_tree, self._start)
            return
        self._start(self._read_tree())
        if self.streamer is None or self.tree is None:
            return
        first = (self.tree.leaves() if self.tree.count <= PRELOAD_ALL else [self.tree.root])
        for tile in {t.key: t for t in [self.tree.root, *first]}.values():
            self.streamer.adopt(tile, self.make(tile), self.context.budget_bytes)
        self.streamer.draw_now(first)

    def _read_tree(self) -> FeatureTree:
        assert self.model is not None
        cache = self.model.cache
        self.time.read(cache, "pipelines")
        at = self.time.at
        fids, bounds, diameter = feature_bounds(cache, "pipelines", "diameter_mm", at=at)
        _, _, width = feature_bounds(cache, "pipelines", "width_mm", at=at)
        _, _, height = feature_bounds(cache, "pipelines", "height_mm", at=at)
        tree = feature_tree(fids, bounds, (self.origin.x, self.origin.y),
                            size=main_size(diameter, width), leaf_side=LEAF_SIDE)
        return line_levels(tree, tube_size(diameter, width, height), fids)

    def _start(self, tree: FeatureTree) -> None:
        """Stream ``tree`` (its tiles then load as the camera asks)."""
        self.tree = tree
        if self.model is not None:
            self.time.follow(self.model)
        if tree.root is not None:
            self.streamer = TileStreamer(tree.root, make=self.make, show=self._show,
                                         hide=self._hide, name=f"{self.kind}:{self.layer.name}")

    def make(self, tile: LodTile) -> PipeTile:
        """Read and mesh one tile, and make its actors (off the GUI thread)."""
        assert self.tree is not None and self.model is not None
        node = self.tree.node(tile.key)
        content = PipeTile(tile.key)
        if not len(node.fids):
            return content
        rows = pipe_rows(self.model.cache, fids=node.fids,  # by fid: a root's mains are few
                         at=self.time.at)
        if node.leaf:
            content.meshes = meshes_by_class(rows, self.origin)
        else:
            codes = np.array(rows.columns["class_code"], dtype=object)
            for code in dict.fromkeys(codes.tolist()):
                content.meshes[str(code)] = pipe_lines(
                    subset(rows, np.flatnonzero(codes == code)), self.origin)
        content.buried = buried(list(content.meshes.values()), self.origin,
                                dem_grid(self.model.cache))
        for code, mesh in content.meshes.items():
            actor = mesh_actor(mesh, class_rgb(self.layer.style, code))
            if not node.leaf:
                actor.prop.line_width = LINE_WIDTH
            content.actors[code] = actor
        return content

    def child(self, code: str) -> str:
        return f"{self.layer.name}:{code}"

    # -- tiles in and out ------------------------------------------------------------------------
    def _show(self, _tile: LodTile, content: PipeTile) -> None:
        self.tiles[content.key] = content
        for code, actor in content.actors.items():
            key = self.child(code)
            self._colour(actor, code)
            actor.GetProperty().SetOpacity(self.layer.opacity)
            actor.SetVisibility(self._visible(content, code))
            self._leave_out(content, code)
            self.actors.setdefault(key, []).append(actor)
            if self.renderer is not None:
                self.renderer.AddActor(actor)

    def _hide(self, _tile: LodTile, content: PipeTile) -> None:
        self.tiles.pop(content.key, None)
        for code, actor in content.actors.items():
            actors = self.actors.get(self.child(code), [])
            if actor in actors:
                actors.remove(actor)
            if self.renderer is not None:
                self.renderer.RemoveActor(actor)

    def _leave_out(self, content: PipeTile, code: str) -> None:
        """Draw a class's mesh of a tile without the pipes not standing at the map's time."""
        mesh = content.meshes[code]
        draw_cells(content.actors[code], mesh, self.time.left_out(cell_fids(mesh))
                   if self.time.gone is not None else None)

    def _colour(self, actor: Any, code: str) -> None:
        actor.GetProperty().SetColor(*(c / 255 for c in class_rgb(self.layer.style, code)))

    def _visible(self, content: PipeTile, code: str) -> bool:
        """A class's actor of a tile is drawn unless the layer or the class is off, or the
        tile is buried and the ground hides it (a camera above opaque terrain would only pay
        for pipes it cannot see: about 15 % of a street-level frame of a big city)."""
        return (self.shown and self.child(code) not in self.hidden_children
                and not (content.buried and self.context.ground_hides_buried))

    def apply_visibility(self) -> None:
        self._ground_hid = self.context.ground_hides_buried
        for content in self.tiles.values():
            for code, actor in content.actors.items():
                actor.SetVisibility(self._visible(content, code))

    def frame(self, camera: Any) -> bool:
        if self.streamer is None or self.renderer is None or not self.shown:
            return False  # a hidden layer keeps its tiles and loads none
        changed = self._ground_hid != self.context.ground_hides_buried
        if changed:
            self.apply_visibility()
        return self.streamer.frame(self.context) or changed

    # -- the view protocol -----------------------------------------------------------------------
    @property
    def meshes(self) -> dict[str, Any]:
        """The meshes drawn now by class code (tiles of one class merged)."""
        import pyvista as pv

        by_code: dict[str, list[Any]] = {}
        for content in self.tiles.values():
            for code, mesh in content.meshes.items():
                if mesh.n_cells:
                    by_code.setdefault(code, []).append(mesh)
        return {c: m[0] if len(m) == 1 else pv.merge(m, merge_points=False)
                for c, m in by_code.items()}

    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        self.update("filter")
        self.update("time")  # the time may have moved while it was built

    def update(self, what: str) -> bool:
        if what == "filter":
            self.hidden_children = {self.child(c) for c in hidden_class_codes(self.layer.filter)}
            self.apply_visibility()
            return True
        if what == "style":
            for content in self.tiles.values():
                for code, actor in content.actors.items():
                    self._colour(actor, code)
            return True
        if what in ("lod_settings", "dragging"):
            return True  # the next frame selects with the new settings
        if what == "time":  # restyle what is loaded; other scenarios: read again
            if self.model is None or not self.time.follow(self.model):
                return False
            for content in self.tiles.values():
                for code in content.actors:
                    self._leave_out(content, code)
            return True
        return super().update(what)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for content in self.tiles.values():
            for code, actor in content.actors.items():
                if actor is prop:
                    mesh = content.meshes[code]
                    fid = picked_fid(dataset if dataset is not None else mesh, cell)
                    return None if fid is None else (self.layer.name, fid)
        return None


#: How far (m) under the terrain a pipe's every vertex must lie to count as buried.
BURIED_BY = 0.05


def buried(meshes: list[Any], origin: Any, grid: Any) -> bool:
    """Whether every vertex of ``meshes`` (scene-local) lies under the terrain ``grid`` (on
    the DEM's own triangles). False without a DEM, with no vertex, or with any vertex off
    the DEM: only what the ground covers is hidden by it.

    Examples
    --------
    >>> buried([], None, None)
    False
    """
    points = [np.asarray(m.points) for m in meshes if m.n_points]
    if grid is None or not points:
        return False
    xyz = np.concatenate(points)
    ground = terrain_heights(grid, xyz[:, 0] + origin.x, xyz[:, 1] + origin.y,
                             outside=np.nan)
    return bool(np.all(xyz[:, 2] < ground - BURIED_BY))
