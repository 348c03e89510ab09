"""The terrain view: the DEM as one mesh, textured by the "imagery" layer when it is on.

Style: ``mode="graduated"`` with ``field="elevation"`` tints the terrain by height (green
lowlands to brown hills); any other style shades it in one colour (or shows the imagery).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import vtk

from layers import palette
from layers.terrain import dem_grid, load_ortho
from viewer.terrain_mesh import ortho_texture, terrain_mesh
from viewer.views.base import View, mesh_actor

TERRAIN_RGB = palette.TERRAIN

#: The terrain's opacity in underground mode, until the user sets another.
UNDERGROUND_OPACITY = 0.3


def tinted(style: Any) -> bool:
    """Whether a terrain style asks for the hypsometric tint."""
    return style.mode == "graduated" and (style.field or "elevation") == "elevation"


class TerrainView(View):
    kind = "terrain"

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.mesh: Any = None
        self.texture: Any = None
        #: How opaque the terrain is in underground mode (set by the scene).
        self.underground_opacity = UNDERGROUND_OPACITY

    def build(self, model: Any) -> None:
        super().build(model)
        self.actors = {}
        grid = dem_grid(model.cache)
        if grid is None:
            return
        ortho = load_ortho(model.cache) if model.layers.of_kind("imagery") else None
        self.mesh = terrain_mesh(grid, self.origin, ortho=ortho.grid if ortho else None)
        self.texture = ortho_texture(ortho.rgb) if ortho is not None else None
        actor = mesh_actor(self.mesh, TERRAIN_RGB)
        actor.prop.backface_culling = False
        self.actors = {self.layer.name: [actor]}

    def imagery_on(self) -> bool:
        if self.texture is None or self.model is None:
            return False
        return any(layer.visible for layer in self.model.layers.of_kind("imagery"))

    def update(self, what: str) -> bool:
        if what in ("style", "imagery"):
            self._style()
            return True
        if what in ("opacity", "underground"):
            for actor in self.props():
                actor.GetProperty().SetOpacity(self.opacity)
            return True
        return super().update(what)

    @property
    def opacity(self) -> float:
        """The layer's opacity; in underground mode the scene's underground opacity."""
        if self.model is not None and self.model.underground:
            return self.underground_opacity
        return self.layer.opacity

    def _style(self) -> None:
        for actor in self.props():
            mapper = actor.GetMapper()
            if tinted(self.layer.style) and self.mesh is not None:
                z = self.mesh.point_data["elevation"]
                lut = vtk.vtkLookupTable()
                lut.SetHueRange(0.33, 0.02)  # green lowlands to brown hills
                lut.SetSaturationRange(0.45, 0.45)
                lut.SetValueRange(0.75, 0.9)
                lut.Build()
                mapper.SetLookupTable(lut)
                mapper.SetScalarModeToUsePointFieldData()
                mapper.SelectColorArray("elevation")
                mapper.SetScalarRange(float(np.nanmin(z)), float(np.nanmax(z)))
                mapper.ScalarVisibilityOn()
            else:
                mapper.ScalarVisibilityOff()
            if self.imagery_on() and not tinted(self.layer.style):
                actor.texture = self.texture
                actor.prop.color = (1.0, 1.0, 1.0)
            else:
                actor.texture = None
                actor.prop.color = tuple(c / 255 for c in TERRAIN_RGB)


class ImageryView(View):
    """The imagery layer draws nothing itself: the terrain view drapes it (the scene tells the
    terrain views when the imagery layer changes)."""

    kind = "imagery"
