"""The pipelines view: one actor per CJJ 61 class, so each class can be switched off alone.

Child keys are ``"<layer name>:<class code>"`` (``"pipelines:JS"``); the classes switched off
are the layer's filter (:func:`layers.pipelines.class_filter`, ``class_code not in ('JS')``).
Colours come from the layer's style (:func:`layers.pipelines.pipes_style`: dark-background or
standard colours).
"""

from __future__ import annotations

from typing import Any

from layers.pipelines import class_rgb, hidden_class_codes, pipe_rows
from viewer.pipes_mesh import meshes_by_class
from viewer.views.base import View, mesh_actor, picked_fid


class PipesView(View):
    kind = "pipes"
    pickable = True

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.meshes: dict[str, Any] = {}  # class code → mesh

    def build(self, model: Any) -> None:
        super().build(model)
        self.meshes = meshes_by_class(pipe_rows(model.cache), self.origin)
        self.actors = {self.child(code): [mesh_actor(mesh, class_rgb(self.layer.style, code))]
                       for code, mesh in self.meshes.items()}

    def child(self, code: str) -> str:
        return f"{self.layer.name}:{code}"

    def attach(self, renderer: Any) -> None:
        super().attach(renderer)
        self.update("filter")

    def update(self, what: str) -> bool:
        if what == "filter":
            self.hidden_children = {self.child(c) for c in hidden_class_codes(self.layer.filter)}
            self.apply_visibility()
            return True
        if what == "style":
            for code in self.meshes:
                rgb = class_rgb(self.layer.style, code)
                for actor in self.actors.get(self.child(code), []):
                    actor.GetProperty().SetColor(*(c / 255 for c in rgb))
            return True
        return super().update(what)

    def pick(self, prop: Any, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        for code, mesh in self.meshes.items():
            if prop in self.actors.get(self.child(code), []):
                fid = picked_fid(dataset if dataset is not None else mesh, cell)
                return None if fid is None else (self.layer.name, fid)
        return None
