"""Building views: LOD1 extrusions ("buildings") and LOD2 solids ("solids"), merged per tile.

Colours come from ONE place, ``model.colouring.colours()`` (theme < filter < highlight); the
white models under an open BIM are hidden by fid (the tiles holding them draw a copy of their
mesh without those cells, so picking and colouring keep working on the rest).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from layers import palette
from layers.buildings import extruded_rows, solid_rows
from viewer.buildings_mesh import building_tiles, solid_tiles
from viewer.views.base import View, mesh_actor, picked_fid

WHITE_MODEL_RGB = palette.WHITE_MODEL


class BuildingsView(View):
    """One actor per tile; ``meshes`` are the tiles' meshes (cell data ``fid``)."""

    kind = "buildings"
    pickable = True

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.meshes: list[Any] = []
        self.hidden_fids: frozenset[int] = frozenset()
        self._colours: tuple[np.ndarray, np.ndarray] | None = None

    def tiles(self, model: Any) -> list[Any]:
        return building_tiles(extruded_rows(model.cache), self.origin)

    def build(self, model: Any) -> None:
        super().build(model)
        self.meshes = [t.mesh for t in self.tiles(model)]
        self.actors = {self.layer.name: [mesh_actor(m, WHITE_MODEL_RGB) for m in self.meshes]}

    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
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
        return super().update(what)

    def pairs(self) -> list[tuple[Any, Any]]:
        return list(zip(self.actors.get(self.layer.name, []), self.meshes, strict=False))

    def colour(self, fids: np.ndarray | None, rgb: np.ndarray | None) -> None:
        """Colour buildings per feature (rgb: (n, 3) uint8 for fids), or white models."""
        lut = None
        if fids is not None and rgb is not None and len(fids):
            lut = np.tile(np.array(WHITE_MODEL_RGB, np.uint8), (int(fids.max()) + 1, 1))
            lut[fids] = rgb
        for actor, mesh in self.pairs():
            mapper = actor.GetMapper()
            if lut is None:
                mapper.ScalarVisibilityOff()
                continue
            cell_fids = np.asarray(mesh.cell_data["fid"])
            safe = np.clip(cell_fids, 0, len(lut) - 1)
            mesh.cell_data["theme_rgb"] = lut[safe]
            mapper.SetScalarModeToUseCellFieldData()
            mapper.SelectColorArray("theme_rgb")
            mapper.SetColorModeToDirectScalars()
            mapper.ScalarVisibilityOn()
        if self.hidden_fids:
            self._apply_hidden()  # the tiles' copies take the new colours

    def hide(self, fids: Any) -> None:
        """Hide these white models (an empty list shows all)."""
        self.hidden_fids = frozenset(int(f) for f in fids)
        self._apply_hidden()

    def _apply_hidden(self) -> None:
        from viewer.bim_mesh import subset_cells

        hide = np.fromiter(self.hidden_fids, dtype=np.int64, count=len(self.hidden_fids))
        for actor, mesh in self.pairs():
            mapper = actor.GetMapper()
            if len(hide) and "fid" in mesh.cell_data:
                gone = np.isin(np.asarray(mesh.cell_data["fid"]), hide)
                if gone.any():
                    mapper.SetInputData(subset_cells(mesh, ~gone))
                    continue
            if mapper.GetInput() is not mesh:
                mapper.SetInputData(mesh)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for actor, mesh in self.pairs():
            if actor is prop:
                fid = picked_fid(dataset if dataset is not None else mesh, cell)
                return None if fid is None else ("buildings", fid)
        return None


class SolidsView(BuildingsView):
    """LOD2 solids: a solid is a building (picks answer with the buildings layer)."""

    kind = "solids"

    def tiles(self, model: Any) -> list[Any]:
        return solid_tiles(solid_rows(model.cache), self.origin)
