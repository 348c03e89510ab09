"""The view of the ``bim`` layer: the BIM open over the city (``model.bim``), as one merged mesh.

The BIM controller puts the model and where it stands into ``model.bim`` and a ``bim`` layer
into the layer list; this view builds the :class:`viewer.bim_mesh.BimMesh` from them (its
opaque and translucent actors), and is built again when the model or its placement changes.
The reviewer's tools (classes, storey, X-ray, section, selected element) act on that mesh.
The layer's check box shows or hides the whole model; its opacity applies to the opaque part
(the translucent one keeps each class's own alpha). With a planning scenario shown that plans
the proposal, it shows from its planned year on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from viewer.views.base import View

if TYPE_CHECKING:
    import vtk

    from layers.model import CityModel
    from viewer.bim_mesh import BimMesh


class BimView(View):
    kind = "bim"
    #: Picked through ``Scene.bim_element_at`` (element ids, not fids).
    pickable = False
    #: Built where it is asked for (the GUI thread in the window, as the BIM controller needs
    #: the mesh at once): the model's geometry is tessellated already, this only merges it.
    build_in_place = True

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.mesh: BimMesh | None = None

    def build(self, model: CityModel) -> None:
        super().build(model)
        from viewer.bim_mesh import BimMesh

        session = model.bim
        if session.model is None or session.georef is None or model.cache is None:
            self.mesh, self.actors = None, {}
            return
        self.mesh = BimMesh(session.model, session.georef, model.cache.crs, self.origin)
        self.actors = {self.layer.name: list(self.mesh.actors)}
        self._follow_time()

    def _follow_time(self) -> None:
        """In a scenario that plans it, a proposal shows from its planned year on
        (:func:`layers.plan_bim.bim_stands`); elsewhere an open BIM shows at every time."""
        from layers.plan_bim import bim_stands

        model = self.model
        if model is None or model.cache is None or model.bim.model is None:
            return
        self.suppressed = bim_stands(model.cache, model.bim.model.sha256) is False

    def update(self, what: str) -> bool:
        if what in ("model", "georef"):
            return False  # another model, or moved: build again
        if what == "opacity":
            if self.mesh is not None:
                self.mesh.opaque.GetProperty().SetOpacity(self.layer.opacity)
            return True
        if what == "time":
            self._follow_time()
            self.apply_visibility()
            return True
        return super().update(what)

    def props(self) -> list[vtk.vtkProp]:
        return list(self.mesh.actors) if self.mesh is not None else []
