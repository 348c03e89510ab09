"""The glyph views: smart poles and pipe points as instanced symbols (one actor per layer).

Drawn only when the camera is within :data:`GLYPH_MAX_DISTANCE` of its focal point: farther
away a pole or manhole covers a pixel or two, and drawing thousands of them costs ~1.5× per
frame on software OpenGL (bench/viewer_bench.py).

Pole colours: by status from ``resources/styles/pole_status.csv`` (the legend's table), or by
how many devices a pole carries when the layer's style field is ``"devices"``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from vtk.util.numpy_support import vtk_to_numpy

from layers.pipelines import pipe_point_rows
from layers.poles import classify_by_devices, pole_rows
from viewer.glyphs import pipe_point_actor, pole_actor
from viewer.views.base import View

GLYPH_MAX_DISTANCE = 1500.0


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

    def build(self, model: Any) -> None:
        super().build(model)
        table = self.layer.source.table or self.layer.name
        actor = None
        if table == "poles":
            actor = pole_actor(pole_rows(model.cache), self.origin)
            if actor is not None and self.layer.style.field == "devices":
                cls = classify_by_devices(model.cache)
                recolour(actor, cls.fids, cls.colors())
        elif table == "pipe_points":
            actor = pipe_point_actor(pipe_point_rows(model.cache), self.origin)
        self.actors = {self.layer.name: [actor]} if actor is not None else {}

    def update(self, what: str) -> bool:
        if what == "style":
            return False  # colours are baked into the instances: build again (cheap)
        return super().update(what)

    def frame(self, camera: Any) -> bool:
        far = camera.GetDistance() > GLYPH_MAX_DISTANCE
        if far == self.suppressed:
            return False
        self.suppressed = far
        self.apply_visibility()
        return True

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        return None  # glyphs are picked by viewer.glyphs.pick_glyph (hardware selection)
