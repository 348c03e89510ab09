"""The terrain view, by level of detail: the DEM as a quadtree of windows
(:func:`layers.terrain_lod.terrain_tree`) streamed through :class:`viewer.streaming.TileStreamer`,
textured by the "imagery" layer when it is on.

Every tile is a window of the grid meshed at its stride (about 128² cells), coarser far from the
camera, the DEM's own cell near it; skirts hang from the tile edges so no crack shows between
tiles of different strides. The grid is decoded once per open (:func:`layers.terrain.dem_grid`,
shared with the draped layers and the cursor's height) and a window is a slice of it; a tile is
meshed, its actor and cell locator (for picking) made, off the GUI thread. A DEM of at most
1024 cells a side is one tile at full resolution, drawn at build.

Style: ``mode="graduated"`` with ``field="elevation"`` tints the terrain by height (green
lowlands to brown hills, over the whole DEM's range); any other style shades it in one colour
(or shows the imagery). All tiles share one vtkProperty: colour and opacity are set once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyvista as pv
import pyvista.plotting  # noqa: F401  now, not lazily on the worker that builds the terrain
import vtk

from layers import palette
from layers.lod import LodTile
from layers.terrain import dem_grid, load_ortho
from layers.terrain_lod import TerrainTree, kept_tile_stats, surface_heights, terrain_tree
from viewer.streaming import TileStreamer
from viewer.terrain_mesh import ortho_texture, split_skirts, window_mesh
from viewer.views.base import View, mesh_actor

TERRAIN_RGB = palette.TERRAIN

#: The terrain's opacity in underground mode, until the user sets another.
UNDERGROUND_OPACITY = 0.3


def tinted(style: Any) -> bool:
    """Whether a terrain style asks for the hypsometric tint."""
    return style.mode == "graduated" and (style.field or "elevation") == "elevation"


@dataclass(eq=False)
class TerrainTile:
    """A tile's content: its surface mesh and actor, a cell locator of the surface (for
    picking), and the skirts' actor (None without skirts; hidden underground)."""

    key: str
    mesh: Any
    actor: Any
    locator: Any
    skirts: Any = None

    @property
    def nbytes(self) -> int:
        size = int(self.mesh.GetActualMemorySize()) * 1024 + int(self.mesh.n_cells) * 48
        if self.skirts is not None:  # points shared with the surface: its cells only
            size += int(self.skirts.GetMapper().GetInput().GetNumberOfCells()) * 32
        return size


class TerrainView(View):
    """The terrain by level of detail; ``actors[name]`` are the surfaces of the tiles drawn
    now (what the window picks), :meth:`props` also their skirts; ``mesh`` is the root tile's
    surface (the whole DEM, coarsest; the full DEM when it is one tile)."""

    kind = "terrain"
    build_aside = True  # decoding the DEM and the orthophoto releases the GIL

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.mesh: Any = None
        self.texture: Any = None
        self.grid: Any = None
        self.ortho: Any = None
        self.tree: TerrainTree | None = None
        self.streamer: TileStreamer | None = None
        self.tiles: dict[str, TerrainTile] = {}  # drawn now, by tile key
        self.prop: Any = None  # one vtkProperty for every tile
        self.z_range: tuple[float, float] = (0.0, 0.0)
        #: How opaque the terrain is in underground mode (set by the scene).
        self.underground_opacity = UNDERGROUND_OPACITY

    # -- building --------------------------------------------------------------------------------
    def build(self, model: Any) -> None:
        super().build(model)
        self.actors = {self.layer.name: []}
        self.tiles = {}
        self.grid = grid = dem_grid(model.cache)
        if grid is None:
            self.streamer = None
            return
        self.ortho = load_ortho(model.cache) if model.layers.of_kind("imagery") else None
        self.texture = ortho_texture(self.ortho.rgb) if self.ortho is not None else None
        self.prop = pv.Property()
        self.prop.color = tuple(c / 255 for c in TERRAIN_RGB)
        self.prop.backface_culling = False
        self.tree = terrain_tree(grid.values, cell=grid.cell, transform=grid.transform,
                                 origin_xy=(self.origin.x, self.origin.y), nodata=grid.nodata,
                                 stats=kept_tile_stats(model.cache, grid.values, grid.nodata))
        root = self.tree.window(self.tree.root.key)
        self.z_range = ((root.zmin, root.zmax) if np.isfinite(root.zmin) else (0.0, 0.0))
        self.streamer = TileStreamer(self.tree.root, make=self.make, show=self._show,
                                     hide=self._hide, name=f"{self.kind}:{self.layer.name}")
        content = self.make(self.tree.root)
        self.mesh = content.mesh
        self.streamer.adopt(self.tree.root, content, self.context.budget_bytes)
        self.streamer.draw_now([self.tree.root])

    def make(self, tile: LodTile) -> TerrainTile:
        """Mesh one window of the DEM, make its actor and locator (off the GUI thread)."""
        assert self.tree is not None and self.grid is not None
        window = self.tree.window(tile.key)
        ri, ci = window.axes()
        mesh, skirts = split_skirts(window_mesh(
            self.grid, ri, ci, self.origin,
            ortho=self.ortho.grid if self.ortho is not None else None,
            skirt=self.tree.skirt(tile.key) if self.tree.levels else 0.0))
        actor = mesh_actor(mesh, TERRAIN_RGB)
        actor.SetProperty(self.prop)
        locator = None
        if mesh.n_cells:
            locator = vtk.vtkStaticCellLocator()
            locator.SetDataSet(mesh)
            locator.BuildLocator()
        skirt_actor = None
        if skirts is not None:
            skirt_actor = mesh_actor(skirts, TERRAIN_RGB)
            skirt_actor.SetProperty(self.prop)
            skirt_actor.PickableOff()
        return TerrainTile(tile.key, mesh, actor, locator, skirt_actor)

    # -- tiles in and out ------------------------------------------------------------------------
    def _show(self, _tile: LodTile, content: TerrainTile) -> None:
        self.tiles[content.key] = content
        self.actors.setdefault(self.layer.name, []).append(content.actor)
        for actor in (content.actor, content.skirts):
            if actor is None:
                continue
            self._style_actor(actor)
            if self.renderer is not None:
                self.renderer.AddActor(actor)
        self._visibility(content)

    def _hide(self, _tile: LodTile, content: TerrainTile) -> None:
        self.tiles.pop(content.key, None)
        actors = self.actors.get(self.layer.name, [])
        if content.actor in actors:
            actors.remove(content.actor)
        if self.renderer is not None:
            for actor in (content.actor, content.skirts):
                if actor is not None:
                    self.renderer.RemoveActor(actor)

    def _visibility(self, content: TerrainTile) -> None:
        content.actor.SetVisibility(self.shown)
        if content.skirts is not None:  # skirts would show as curtains through the ground
            underground = self.model is not None and self.model.underground
            content.skirts.SetVisibility(self.shown and not underground)

    def props(self) -> list[Any]:
        """The surfaces and the skirts of the tiles drawn."""
        return [a for t in self.tiles.values() for a in (t.actor, t.skirts) if a is not None]

    def apply_visibility(self) -> None:
        for content in self.tiles.values():
            self._visibility(content)

    def frame(self, camera: Any) -> bool:
        if self.streamer is None or self.renderer is None or not self.shown:
            return False  # a hidden terrain keeps its tiles and loads none
        return self.streamer.frame(self.context)

    # -- what the window asks --------------------------------------------------------------------
    def locators(self) -> dict[Any, Any]:
        """The cell locator of each tile drawn now, by its actor (for the window's pickers)."""
        return {t.actor: t.locator for t in self.tiles.values() if t.locator is not None}

    def height_local(self, x: float, y: float) -> float | None:
        """The terrain's height at a scene-local point, on the DEM's own triangles (what the
        tiles near the camera draw), or None off the DEM or on nodata."""
        if self.grid is None:
            return None
        z = surface_heights(self.grid.values, self.grid.transform,
                            np.array([x + self.origin.x]), np.array([y + self.origin.y]),
                            self.grid.nodata)[0]
        return float(z) if np.isfinite(z) else None

    def hides_below(self, eye: Any) -> bool:
        """Whether this terrain hides what lies under it from a camera at ``eye``
        (scene-local): it is drawn, opaque (not in underground mode), and the camera is above
        it (from under the ground one sees through)."""
        if not self.shown or self.opacity < 1.0:
            return False
        z = self.height_local(float(eye[0]), float(eye[1]))
        return z is not None and float(eye[2]) > z

    # -- style -----------------------------------------------------------------------------------
    def imagery_on(self) -> bool:
        if self.texture is None or self.model is None:
            return False
        return any(layer.visible for layer in self.model.layers.of_kind("imagery"))

    def update(self, what: str) -> bool:
        if what in ("style", "imagery"):
            self._style()
            return True
        if what in ("opacity", "underground"):
            if self.prop is not None:
                self.prop.SetOpacity(self.opacity)
            self.apply_visibility()
            return True
        if what in ("lod_settings", "dragging"):
            return True  # the next frame selects with the new settings
        return super().update(what)

    @property
    def opacity(self) -> float:
        """The layer's opacity; in underground mode the scene's underground opacity."""
        if self.model is not None and self.model.underground:
            return self.underground_opacity
        return self.layer.opacity

    def _style(self) -> None:
        for actor in self.props():
            self._style_actor(actor)

    def _style_actor(self, actor: Any) -> None:
        mapper = actor.GetMapper()
        tint = tinted(self.layer.style)
        if tint and self.grid is not None:
            lut = vtk.vtkLookupTable()
            lut.SetHueRange(0.33, 0.02)  # green lowlands to brown hills
            lut.SetSaturationRange(0.45, 0.45)
            lut.SetValueRange(0.75, 0.9)
            lut.Build()
            mapper.SetLookupTable(lut)
            mapper.SetScalarModeToUsePointFieldData()
            mapper.SelectColorArray("elevation")
            mapper.SetScalarRange(*self.z_range)  # the whole DEM's: tiles agree
            mapper.ScalarVisibilityOn()
        else:
            mapper.ScalarVisibilityOff()
        if self.prop is None:
            return
        if self.imagery_on() and not tint:
            actor.texture = self.texture
            self.prop.color = (1.0, 1.0, 1.0)
        else:
            actor.texture = None
            self.prop.color = tuple(c / 255 for c in TERRAIN_RGB)


class ImageryView(View):
    """The imagery layer draws nothing itself: the terrain view drapes it (the scene tells the
    terrain views when the imagery layer changes)."""

    kind = "imagery"
