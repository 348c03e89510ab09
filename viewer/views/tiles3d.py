"""The 3D Tiles view: a tileset of the cache's registry streamed by level of detail.

The layer's :class:`layers.tiles3d.TiledLayer` gives the refinement tree in the cache CRS;
one :class:`viewer.streaming.TileStreamer` selects by screen-space error, loads nearest
first and keeps the byte budget. A tile's content is read, placed and made into actors off
the GUI thread (:meth:`Tiles3dView.make`): one pyvista mesh per material group (float32
around the tile's centre, the actor at the centre minus the scene origin), textured when the
group has a base colour texture, cell data ``feature`` (the feature id) for picking.

Opacity follows the layer; in underground mode the meshes are as translucent as the terrain.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyvista as pv
import vtk

from layers.lod import LodTile
from layers.tiles3d import Placed, TiledLayer, feature_lifespans, features_shown, open_layer
from viewer.streaming import TileStreamer
from viewer.views.base import View
from viewer.views.terrain import UNDERGROUND_OPACITY

#: Layers whose view was built while they were off (their tileset not opened yet).
_DEFERRED: weakref.WeakSet[Any] = weakref.WeakSet()


@dataclass(eq=False)
class TileActors:
    """A tile's content in the renderer: its meshes and actors (none for an empty tile);
    ``nbytes`` is what they hold (meshes and textures, in VTK's memory)."""

    key: str
    meshes: list[Any] = field(default_factory=list)
    actors: list[Any] = field(default_factory=list)
    nbytes: int = 0
    #: per feature: valid_from, valid_to, scenario (text), when the tileset gives them
    spans: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def group_mesh(placed: Placed, start: int, stop: int) -> pv.PolyData:
    """The triangles ``start:stop`` of a placed tile as a compact PolyData: float32 points
    around the tile's centre, texture coordinates flipped to VTK's bottom-left origin,
    cell data ``feature`` (-1 when the tile has no feature ids)."""
    tri = placed.triangles[start:stop]
    used, inverse = np.unique(tri.ravel(), return_inverse=True)
    faces = np.column_stack([np.full(len(tri), 3, np.int64),
                             inverse.reshape(-1, 3).astype(np.int64)]).ravel()
    mesh = pv.PolyData(placed.positions[used], faces=faces)
    if placed.uv is not None:
        uv = placed.uv[used].astype(np.float32)
        mesh.active_texture_coordinates = np.column_stack([uv[:, 0], 1.0 - uv[:, 1]])
    if placed.normals is not None:
        mesh.point_data["Normals"] = placed.normals[used]
        mesh.point_data.active_normals_name = "Normals"
    if placed.feature_ids is not None and len(tri):
        mesh.cell_data["feature"] = placed.feature_ids[tri[:, 0]].astype(np.int64)
    else:
        mesh.cell_data["feature"] = np.full(len(tri), -1, np.int64)
    return mesh


class Tiles3dView(View):
    """A ``tiles3d`` layer by level of detail (REPLACE or ADD as the tileset says)."""

    kind = "tiles3d"
    pickable = True

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.tiled: TiledLayer | None = None
        self.streamer: TileStreamer | None = None
        self.error: Exception | None = None
        #: The terrain's opacity in underground mode (set by the scene).
        self.underground_opacity = UNDERGROUND_OPACITY
        self.contents: dict[str, TileActors] = {}  # drawn now, by tile key
        #: (tile key, feature id) of the last pick.
        self.last_pick: tuple[str, int] | None = None

    # -- building ---------------------------------------------------------------------------
    def build(self, model: Any) -> None:
        """Open the tileset (its root file, placed) unless the layer is off: an unticked
        layer reads nothing (a URL is not asked while offline) until it is ticked, when the
        scene builds it again (off the GUI thread in the window). A tileset that cannot be
        opened then raises, which the window says in its status bar naming the file; one
        that fails while the whole scene is built draws nothing and keeps :attr:`error`."""
        super().build(model)
        self.actors = {self.layer.name: []}
        if not self.layer.visible:
            _DEFERRED.add(self.layer)
            return
        asked = self.layer in _DEFERRED
        _DEFERRED.discard(self.layer)
        try:
            self.tiled = open_layer(model.cache, self.layer, (self.origin.x, self.origin.y))
        except Exception as exc:
            self.error, self.tiled, self.streamer = exc, None, None
            if asked:
                raise
            return
        self.streamer = TileStreamer(self.tiled.root, make=self.make, show=self._show,
                                     hide=self._hide, name=f"tiles3d:{self.layer.name}")

    def make(self, tile: LodTile) -> TileActors:
        """Read, place and mesh one tile and make its actors (off the GUI thread)."""
        assert self.tiled is not None
        placed = self.tiled.make(tile)
        content = TileActors(tile.key)
        if placed is None or not len(placed.triangles):
            return content
        count = int(placed.feature_ids.max()) + 1 if placed.feature_ids is not None \
            and len(placed.feature_ids) else 0
        content.spans = feature_lifespans(placed.properties, count)
        position = (placed.centre[0] - self.origin.x, placed.centre[1] - self.origin.y,
                    placed.centre[2])
        textures: dict[int, Any] = {}
        for group in placed.groups or []:
            if group.stop <= group.start:
                continue
            mesh = group_mesh(placed, group.start, group.stop)
            mapper = vtk.vtkPolyDataMapper()  # see viewer.views.base.mesh_actor
            mapper.SetInputData(mesh)
            mapper.ScalarVisibilityOff()
            actor = pv.Actor(mapper=mapper)
            actor.SetPosition(*position)
            actor.prop.backface_culling = False
            if group.image is not None and placed.uv is not None:
                if id(group.image) not in textures:  # groups sharing an image share it
                    textures[id(group.image)] = pv.Texture(group.image)
                    content.nbytes += group.image.nbytes
                actor.texture = textures[id(group.image)]
                actor.prop.color = tuple(group.rgba[:3])
                actor.prop.lighting = False  # photogrammetry has its light baked in
            else:
                actor.prop.color = tuple(group.rgba[:3])
            content.meshes.append(mesh)
            content.actors.append(actor)
            content.nbytes += int(mesh.GetActualMemorySize()) * 1024
        return content  # the placed arrays are dropped: the meshes hold what is drawn

    # -- tiles in and out ---------------------------------------------------------------------
    def _show(self, tile: LodTile, content: TileActors) -> None:
        self.contents[tile.key] = content
        self._follow_time(content)
        opacity = self.opacity
        for actor in content.actors:
            actor.GetProperty().SetOpacity(opacity)
            actor.SetVisibility(self.shown)
            self.actors.setdefault(self.layer.name, []).append(actor)
            if self.renderer is not None:
                self.renderer.AddActor(actor)

    def _hide(self, tile: LodTile, content: TileActors) -> None:
        self.contents.pop(tile.key, None)
        gone = {id(a) for a in content.actors}
        self.actors[self.layer.name] = [a for a in self.actors.get(self.layer.name, [])
                                        if id(a) not in gone]
        if self.renderer is not None:
            for actor in content.actors:
                self.renderer.RemoveActor(actor)

    def frame(self, camera: Any) -> bool:
        if self.streamer is None or self.renderer is None:
            return False
        if not self.shown:
            return self.streamer.hide_all()
        return self.streamer.frame(self.context)

    # -- the view protocol ------------------------------------------------------------------
    @property
    def opacity(self) -> float:
        """The layer's opacity; in underground mode no more than the terrain's."""
        if self.model is not None and self.model.underground:
            return min(self.layer.opacity, self.underground_opacity)
        return self.layer.opacity

    def update(self, what: str) -> bool:
        if what == "visible" and self.layer.visible and self.tiled is None \
                and self.layer in _DEFERRED:
            return False  # ticked for the first time: build (open the tileset) now
        if what in ("opacity", "underground"):
            for actor in self.props():
                actor.GetProperty().SetOpacity(self.opacity)
            return True
        if what in ("lod_settings", "dragging", "style"):
            return True  # the next frame selects with the new settings
        if what == "time":  # features with lifespans hide and show; the rest stays
            for content in self.contents.values():
                self._follow_time(content)
            return True
        return super().update(what)

    def _follow_time(self, content: TileActors) -> None:
        """Leave out the cells of features that do not stand at the map's time (or belong
        to a scenario not shown), where the tileset gives lifespans."""
        from viewer.bim_mesh import subset_cells

        if content.spans is None or self.model is None:
            return
        shown = features_shown(content.spans, self.model.instant,
                               tuple(getattr(self.model.cache, "scenarios", ())))
        for actor, mesh in zip(content.actors, content.meshes, strict=True):
            mapper = actor.GetMapper()
            feature = np.asarray(mesh.cell_data["feature"])
            inside = (feature >= 0) & (feature < len(shown))
            gone = inside & ~shown[np.clip(feature, 0, max(len(shown) - 1, 0))]
            if gone.any():
                mapper.SetInputData(subset_cells(mesh, ~gone))
            elif mapper.GetInput() is not mesh:
                mapper.SetInputData(mesh)

    def detach(self) -> None:
        super().detach()
        if self.streamer is not None:
            self.streamer.hide_all()

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        if self.tiled is None or cell < 0:
            return None
        for key, content in self.contents.items():
            for actor in content.actors:
                if actor is not prop:
                    continue  # the cell is of what is drawn (features of other times left out)
                drawn = pv.wrap(dataset if dataset is not None else actor.GetMapper().GetInput())
                features = drawn.cell_data["feature"]
                if cell >= len(features) or features[cell] < 0:
                    return None
                self.last_pick = (key, int(features[cell]))
                return self.layer.name, self.tiled.pick_id(key, int(features[cell]))
        return None

    def feature_mesh(self, pick: int) -> pv.PolyData | None:
        """The cells of a picked feature (a :func:`layers.tiles3d.pick_id`) in scene-local
        coordinates, for the selection overlay; None when its tile is not drawn."""
        found = self.tiled.tile_of(pick) if self.tiled is not None else None
        content = self.contents.get(found[0]) if found is not None else None
        if content is None:
            return None
        parts = []
        for actor in content.actors:
            mesh = pv.wrap(actor.GetMapper().GetInput())  # what is drawn
            ids = np.flatnonzero(np.asarray(mesh.cell_data["feature"]) == found[1])
            if len(ids):
                part = mesh.extract_cells(ids).extract_surface(algorithm=None)
                part.points = (np.asarray(part.points, np.float64)
                               + np.asarray(actor.GetPosition())).astype(np.float32)
                parts.append(part)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else pv.merge(parts)
