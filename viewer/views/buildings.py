"""Building views: LOD1 extrusions ("buildings") and LOD2 solids ("solids"), by level of detail.

Each view streams the tiles of its buildings' refinement tree
(:func:`layers.building_lod.building_tree`) through :class:`viewer.streaming.TileStreamer`:
near tiles in full (merged extrusions or solids), then (a city of more than
:data:`COARSE_FROM` buildings) the same tiles as roof-less boxes with their few largest
buildings in full, then as merged blocks, far ones as roof-less boxes of their most prominent
buildings and blocks, tiles out of view not at all. A tile is meshed, and its actor made, off the
GUI thread; it is coloured and has its hidden buildings taken out when it is shown.

Whatever level is drawn, every cell carries its building's ``fid``: colours come from ONE place,
``model.colouring.colours()`` (theme < filter < highlight), picking answers ("buildings", fid),
and the white models under an open BIM are hidden by fid (a tile holding them draws a copy of
its mesh without those cells).

A city with a history (any dated feature) loads the buildings of every time, each with its
lifespan (:meth:`layers.building_lod.BuildingIndex.standing`), and leaves out of every tile the
cells of those not standing at the map's time: the time slider restyles what is loaded
(``update("time")``); another scenario builds the view again.

Without a camera (right after :meth:`BuildingsView.build`) a small city (at most
:data:`PRELOAD_ALL` buildings) has all its tiles drawn, a larger one its root's boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from layers import palette
from layers.building_lod import (
    BOX_CAP,
    LEAF_SIZE,
    BuildingTree,
    building_index,
    has_history,
    is_plain,
)
from layers.kept_building_tree import tree_for
from layers.lifespans import fid_lut, looked_up
from layers.lod import LodTile
from viewer.buildings_mesh import lod_tile_mesh
from viewer.streaming import TileStreamer
from viewer.views.base import View, draw_cells, mesh_actor, picked_fid

WHITE_MODEL_RGB = palette.WHITE_MODEL
#: Cities of at most this many buildings are drawn whole by build(), before any camera.
PRELOAD_ALL = 5000
#: Cities of more buildings than this put boxes and blocks between their full leaf tiles and
#: their parents (:func:`layers.building_lod.building_tree` ``coarse_leaves``): every city
#: that streams, so a small and a large city follow the same rule; one drawn whole keeps its
#: leaves in full.
COARSE_FROM = PRELOAD_ALL


@dataclass(eq=False)
class BuildingTile:
    """A tile's content: its mesh (cell data fid, part, Normals) and the actor drawing it."""

    key: str
    mesh: Any
    actor: Any
    leaf: bool

    @property
    def nbytes(self) -> int:
        return int(self.mesh.GetActualMemorySize()) * 1024


class BuildingsView(View):
    """The LOD1 buildings by level of detail; ``meshes`` and ``actors[name]`` are the tiles
    drawn now, in the same order."""

    kind = "buildings"
    timed = True
    pickable = True
    #: Which buildings the view draws: those drawn from LOD2 solids, or the others.
    solid = False

    def __init__(self, layer: Any, origin: Any, *, leaf_size: int = LEAF_SIZE,
                 cap: int = BOX_CAP) -> None:
        super().__init__(layer, origin)
        self.meshes: list[Any] = []
        self.hidden_fids: frozenset[int] = frozenset()
        self.tree: BuildingTree | None = None
        self.streamer: TileStreamer | None = None
        self.leaf_size, self.cap = leaf_size, cap
        self._lut: np.ndarray | None = None
        #: the scenarios (gids) the view was built with: another set builds it again
        self.scenarios: tuple[str, ...] = ()
        #: fids loaded but not standing at the map's time (an index of every time)
        self.unborn = np.zeros(0, np.int64)
        #: per fid, whether its cells are left out (not standing, or under an open BIM)
        self._gone: np.ndarray | None = None

    # -- building --------------------------------------------------------------------------------
    def build(self, model: Any) -> None:
        super().build(model)
        self.meshes = []
        self.actors = {self.layer.name: []}
        cache = model.cache
        # A city with a history loads the buildings of every time and hides those that do
        # not stand at the map's time: the time slider restyles, it does not read again.
        all_times = has_history(cache)
        self.scenarios = tuple(getattr(cache, "scenarios", ()))
        index = building_index(cache, solid=self.solid, all_times=all_times)
        # kept: the tree of now, or of every time, without a scenario's planned buildings
        kept = not self.scenarios and (all_times or is_plain(cache))
        name = ("solid" if self.solid else "extruded") + (":all-times" if all_times else "")
        self.tree = tree_for(cache, index, name,
                             (self.origin.x, self.origin.y), leaf_size=self.leaf_size,
                             cap=self.cap, coarse_leaves=len(index) > COARSE_FROM,
                             **({} if kept else {"keep_from": len(index) + 1}))
        self._standing_at(model)
        if self.tree.root is None:
            self.streamer = None
            return
        self.streamer = TileStreamer(self.tree.root, make=self.make, show=self._show,
                                     hide=self._hide, name=f"{self.kind}:{self.layer.name}")
        first = (self.tree.leaves() if self.tree.count <= PRELOAD_ALL
                 else [self.tree.root])
        for tile in {t.key: t for t in [self.tree.root, *first]}.values():
            self.streamer.adopt(tile, self.make(tile), self.context.budget_bytes)
        self.streamer.draw_now(first)

    def _standing_at(self, model: Any) -> None:
        """Which buildings of an index of every time do not stand at the model's time
        (:attr:`unborn`), and the fids every tile leaves out."""
        index = self.tree.index if self.tree is not None else None
        if index is None or not index.all_times:
            self.unborn = np.zeros(0, np.int64)
        else:
            shown = index.standing(model.instant)
            comparison = getattr(model, "comparison", None)
            if comparison is not None:  # demolished since the compared time: drawn, in red
                shown |= np.isin(index.fids, comparison.gone)
            self.unborn = index.fids[~shown]
        self._gone = self._gone_lut()

    def make(self, tile: LodTile) -> BuildingTile:
        """Mesh one tile and make its actor (off the GUI thread)."""
        assert self.tree is not None and self.model is not None
        mesh = lod_tile_mesh(self.model.cache, self.tree, tile.key, self.origin)
        return BuildingTile(tile.key, mesh, mesh_actor(mesh, WHITE_MODEL_RGB),
                            self.tree.node(tile.key).leaf)

    # -- tiles in and out ------------------------------------------------------------------------
    def _show(self, _tile: LodTile, content: BuildingTile) -> None:
        actor = content.actor
        self._paint(actor, content.mesh)
        self._hide_cells(actor, content.mesh)
        actor.GetProperty().SetOpacity(self.layer.opacity)
        self._cull(actor)
        actor.SetVisibility(self.shown)
        self.actors.setdefault(self.layer.name, []).append(actor)
        self.meshes.append(content.mesh)
        if self.renderer is not None:
            self.renderer.AddActor(actor)

    def _hide(self, _tile: LodTile, content: BuildingTile) -> None:
        actors = self.actors.get(self.layer.name, [])
        for i, actor in enumerate(actors):
            if actor is content.actor:
                del actors[i]
                del self.meshes[i]
                break
        if self.renderer is not None:
            self.renderer.RemoveActor(content.actor)

    def frame(self, camera: Any) -> bool:
        if self.streamer is None or self.renderer is None or not self.shown:
            return False  # a hidden layer keeps its tiles and loads none
        return self.streamer.frame(self.context)

    # -- the view protocol -----------------------------------------------------------------------
    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        if self.model is not None:
            self._standing_at(self.model)  # the time may have moved while it was built
        self.update("colouring")
        self.update("bim")

    def update(self, what: str) -> bool:
        if what == "colouring":
            colouring = self.model.colouring if self.model is not None else None
            self.colour(*(colouring.colours() or (None, None)) if colouring else (None, None))
            return True
        if what == "bim":
            bim = self.model.bim if self.model is not None else None
            hide = () if bim is None or bim.compare else bim.replaced
            self.hide(hide)
            return True
        if what in ("lod_settings", "dragging"):
            return True  # the next frame selects with the new settings
        if what == "time":
            return self._follow_time()
        done = super().update(what)
        if what in ("opacity", "underground"):
            for actor in self.props():
                self._cull(actor)
        return done

    def _follow_time(self) -> bool:
        """The map's time changed: hide and show loaded buildings (an index of every time);
        False (build again) when the scenarios changed, or for an index of one time that is
        not of now (none is built so: a city without history stands the same at any time)."""
        model = self.model
        if model is None or tuple(getattr(model.cache, "scenarios", ())) != self.scenarios:
            return False
        if self.tree is None or not self.tree.index.all_times:
            return not has_history(model.cache)
        self._standing_at(model)
        self._apply_hidden()
        return True

    def _cull(self, actor: Any) -> None:
        """Leave out the faces turned away from the camera, as CesiumJS does for closed
        meshes: every level here is closed and wound outwards (walls, roofs, boxes and
        blocks), so nothing visible changes, and the buildings of a street-level frame, far
        tiles of thousands of small faces, cost about 40 % less to draw. Not when the
        buildings are seen through (a translucent layer) or from below (underground mode):
        their back faces show then."""
        see_through = self.layer.opacity < 1.0 or self.context.underground
        actor.GetProperty().SetBackfaceCulling(not self.solid and not see_through)

    def pairs(self) -> list[tuple[Any, Any]]:
        """(actor, mesh) of every tile drawn now."""
        return list(zip(self.actors.get(self.layer.name, []), self.meshes, strict=False))

    def colour(self, fids: np.ndarray | None, rgb: np.ndarray | None) -> None:
        """Colour buildings per feature (rgb: (n, 3) uint8 for fids), or white models; tiles
        drawn later arrive in these colours."""
        lut = None
        if fids is not None and rgb is not None and len(fids):
            fids = np.asarray(fids, dtype=np.int64)
            lut = np.tile(np.array(WHITE_MODEL_RGB, np.uint8), (int(fids.max()) + 1, 1))
            lut[fids] = rgb
        self._lut = lut
        for actor, mesh in self.pairs():
            self._paint(actor, mesh)
        if self._gone is not None:
            self._apply_hidden()  # the tiles' copies take the new colours

    def _paint(self, actor: Any, mesh: Any) -> None:
        mapper = actor.GetMapper()
        lut = self._lut
        if lut is None:
            mapper.ScalarVisibilityOff()
            return
        cell_fids = np.asarray(mesh.cell_data["fid"])
        rgb = np.tile(np.array(WHITE_MODEL_RGB, np.uint8), (len(cell_fids), 1))
        inside = (cell_fids >= 0) & (cell_fids < len(lut))
        rgb[inside] = lut[cell_fids[inside]]
        mesh.cell_data["theme_rgb"] = rgb
        mapper.SetScalarModeToUseCellFieldData()
        mapper.SelectColorArray("theme_rgb")
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()

    def hide(self, fids: Any) -> None:
        """Hide these white models (an empty list shows all), at every level of detail."""
        self.hidden_fids = frozenset(int(f) for f in fids)
        self._gone = self._gone_lut()
        self._apply_hidden()

    def _gone_lut(self) -> np.ndarray | None:
        """Per fid, whether it is left out: hidden under a BIM, or not standing now."""
        hidden = np.fromiter(self.hidden_fids, dtype=np.int64, count=len(self.hidden_fids))
        return fid_lut(np.concatenate([hidden, self.unborn]))

    def _apply_hidden(self) -> None:
        for actor, mesh in self.pairs():
            self._hide_cells(actor, mesh)

    def _hide_cells(self, actor: Any, mesh: Any) -> None:
        draw_cells(actor, mesh, looked_up(self._gone, np.asarray(mesh.cell_data["fid"]))
                   if self._gone is not None and "fid" in mesh.cell_data else None)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for actor, mesh in self.pairs():
            if actor is prop:
                fid = picked_fid(dataset if dataset is not None else mesh, cell)
                return None if fid is None else ("buildings", fid)
        return None


class SolidsView(BuildingsView):
    """LOD2 solids by level of detail (picks answer with the buildings layer)."""

    kind = "solids"
    solid = True
