"""The glyph views: smart poles and pipe points as instanced symbols, by level of detail.

A quadtree of the layer's points (:func:`layers.feature_lod.feature_tree`) streamed through
:class:`viewer.streaming.TileStreamer`: a leaf (a few thousand points) is one glyph actor, read
by its bbox and made off the GUI thread; inner tiles are empty with the glyph's size as their
error (:data:`GLYPH_ERROR`), so a leaf is drawn only where its glyphs would span the allowed
error on screen (16 px by default) and farther poles and manholes are not drawn at all. Leaves
are at most :data:`LEAF_SIDE_PER_ERROR` glyph errors wide (at least :data:`MIN_LEAF_SIDE`), so a
leaf drawn for its near glyphs does not draw glyphs far beyond them.

A city with a history loads the points of every time (:class:`layers.lifespans.TimeFollower`):
a step of the time slider gives each tile's glyph mapper only the instances standing then
(:func:`viewer.glyphs.subset_points`), without reading again.

Pole colours: by status from ``resources/styles/pole_status.csv`` (the legend's table), or by
how many devices a pole carries when the layer's style field is ``"devices"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from vtk.util.numpy_support import vtk_to_numpy

from layers.feature_lod import FeatureTree, feature_bounds, feature_tree
from layers.lifespans import TimeFollower
from layers.lod import LodTile
from layers.lod_index import rows_at_most
from layers.pipelines import pipe_point_rows
from layers.poles import classify_by_devices, pole_rows
from viewer.glyphs import (
    DEFAULT_POLE_HEIGHT,
    MANHOLE_DIAMETER,
    pipe_point_actor,
    pole_actor,
    subset_points,
)
from viewer.streaming import TileStreamer
from viewer.views.base import DEFER_FROM, View

#: The error (m) of an empty inner tile by table: a glyph's size (a pole's height, twice a
#: manhole's diameter): drawn where a glyph would be at least max_sse pixels.
GLYPH_ERROR = {"poles": DEFAULT_POLE_HEIGHT, "pipe_points": 2 * MANHOLE_DIAMETER}
#: A leaf is at most this many glyph errors wide (and at least :data:`MIN_LEAF_SIDE` m): a leaf
#: is drawn whole once any of it is near enough for a glyph to span the allowed error, so a
#: wide leaf would draw glyphs far beyond that.
LEAF_SIDE_PER_ERROR = 32.0
MIN_LEAF_SIDE = 512.0
#: Layers of at most this many points are made whole by build(), before any camera.
PRELOAD_ALL = 5000


@dataclass(eq=False)
class GlyphTile:
    """A tile's content: its glyph actor (None for an empty tile) and the instances it was
    made with (``points``: its mapper's input when none is left out; ``fids`` theirs)."""

    key: str
    actor: Any = None
    nbytes: int = 0
    points: Any = None
    fids: np.ndarray | None = None


def recolour(actor: Any, fids: np.ndarray, rgb: np.ndarray) -> None:
    """Recolour glyph instances per feature (rgb: (n, 3) uint8 for fids)."""
    points = actor.GetMapper().GetInputDataObject(0, 0)
    ids = vtk_to_numpy(points.GetPointData().GetArray("fid"))
    colors = vtk_to_numpy(points.GetPointData().GetArray("colors"))
    if not len(fids):
        return
    order = np.argsort(fids)
    pos = np.clip(np.searchsorted(fids, ids, sorter=order), 0, len(fids) - 1)
    found = fids[order][pos] == ids
    colors[found] = np.asarray(rgb, np.uint8)[order][pos[found]]
    points.GetPointData().GetArray("colors").Modified()
    points.Modified()


class GlyphsView(View):
    kind = "glyphs"
    timed = True
    #: Tables of at least this many points read their tree at the first frame (off-thread).
    defer_from = DEFER_FROM

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.tree: FeatureTree | None = None
        self.streamer: TileStreamer | None = None
        self.devices: tuple[np.ndarray, np.ndarray] | None = None  # pole fids, rgb
        #: the points of every time are loaded; those not standing at the map's time left out
        self.time = TimeFollower()
        self.tiles: dict[str, GlyphTile] = {}  # drawn now, by tile key

    @property
    def table(self) -> str:
        return self.layer.source.table or self.layer.name

    def build(self, model: Any) -> None:
        super().build(model)
        self.actors = {self.layer.name: []}
        self.tree, self.streamer, self.devices = None, None, None
        self.time, self.tiles = TimeFollower(model.cache), {}
        if self.table not in GLYPH_ERROR:
            return
        if self.table == "poles" and self.layer.style.field == "devices":
            cls = classify_by_devices(model.cache)
            self.devices = (np.asarray(cls.fids), np.asarray(cls.colors()))
        if rows_at_most(model.cache, self.table) >= self.defer_from:
            self.deferred = (self._read_tree, self._start)  # at the first frame, off-thread
            return
        self._start(self._read_tree())
        if self.tree is not None and self.streamer is not None \
                and self.tree.count <= PRELOAD_ALL:
            for tile in self.tree.leaves():
                self.streamer.adopt(tile, self.make(tile), self.context.budget_bytes)
            self.streamer.draw_now(self.tree.leaves())

    def _read_tree(self) -> FeatureTree:
        assert self.model is not None
        self.time.read(self.model.cache, self.table)
        fids, bounds, _ = feature_bounds(self.model.cache, self.table, at=self.time.at)
        error = GLYPH_ERROR[self.table]
        return feature_tree(fids, bounds, (self.origin.x, self.origin.y), glyph_error=error,
                            leaf_side=max(LEAF_SIDE_PER_ERROR * error, MIN_LEAF_SIDE))

    def _start(self, tree: FeatureTree) -> None:
        self.tree = tree
        if self.model is not None:
            self.time.follow(self.model)
        if tree.root is not None:
            self.streamer = TileStreamer(tree.root, make=self.make, show=self._show,
                                         hide=self._hide, name=f"{self.kind}:{self.layer.name}")

    def make(self, tile: LodTile) -> GlyphTile:
        """Read one tile's points and make their glyph actor (off the GUI thread)."""
        assert self.tree is not None and self.model is not None
        node = self.tree.node(tile.key)
        if not node.leaf or not len(node.fids):
            return GlyphTile(tile.key)
        if self.table == "poles":
            rows = pole_rows(self.model.cache, fids=node.fids, at=self.time.at)
        else:
            rows = pipe_point_rows(self.model.cache, fids=node.fids, at=self.time.at)
        actor = (pole_actor(rows, self.origin) if self.table == "poles"
                 else pipe_point_actor(rows, self.origin))
        if actor is None:
            return GlyphTile(tile.key)
        if self.devices is not None:
            recolour(actor, *self.devices)
        points = actor.GetMapper().GetInputDataObject(0, 0)
        return GlyphTile(tile.key, actor, 64 * len(rows.fids), points,
                         vtk_to_numpy(points.GetPointData().GetArray("fid")).astype(np.int64))

    def _show(self, _tile: LodTile, content: GlyphTile) -> None:
        if content.actor is None:
            return
        self.tiles[content.key] = content
        content.actor.GetProperty().SetOpacity(self.layer.opacity)
        content.actor.SetVisibility(self.shown)
        self._leave_out(content)
        self.actors.setdefault(self.layer.name, []).append(content.actor)
        if self.renderer is not None:
            self.renderer.AddActor(content.actor)

    def _hide(self, _tile: LodTile, content: GlyphTile) -> None:
        self.tiles.pop(content.key, None)
        actors = self.actors.get(self.layer.name, [])
        if content.actor in actors:
            actors.remove(content.actor)
        if self.renderer is not None and content.actor is not None:
            self.renderer.RemoveActor(content.actor)

    def _leave_out(self, content: GlyphTile) -> None:
        """Draw a tile's instances without those not standing at the map's time."""
        if content.actor is None or content.fids is None:
            return
        mapper = content.actor.GetMapper()
        gone = (self.time.left_out(content.fids) if self.time.gone is not None else None)
        if gone is not None and gone.any():
            mapper.SetInputData(subset_points(content.points, ~gone))
        elif mapper.GetInputDataObject(0, 0) is not content.points:
            mapper.SetInputData(content.points)

    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        self.update("time")  # the time may have moved while it was built

    def update(self, what: str) -> bool:
        if what == "time":  # restyle what is loaded; other scenarios: read again
            if self.model is None or not self.time.follow(self.model):
                return False
            for content in self.tiles.values():
                self._leave_out(content)
            return True
        if what == "style":
            return False  # colours are baked into the instances: build again (cheap)
        if what in ("lod_settings", "dragging"):
            return True  # the next frame selects with the new settings
        return super().update(what)

    def frame(self, camera: Any) -> bool:
        if self.streamer is None or self.renderer is None or not self.shown:
            return False  # a hidden layer keeps its tiles and loads none
        return self.streamer.frame(self.context)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        return None  # glyphs are picked by viewer.glyphs.pick_glyph (hardware selection)
