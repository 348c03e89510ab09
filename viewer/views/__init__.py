"""One view per kind of layer (see :mod:`viewer.views.base` for the protocol).

:data:`VIEWS` maps a layer kind to its view class as ``"module:Class"``, imported when first
needed, so a view module can be added (or be missing) without touching the others. A kind
without a view (or whose module is not there yet) is simply not drawn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layers.layer import Layer
    from viewer.origin import Origin
    from viewer.views.base import View

#: layer kind → "module:ViewClass"; the class is called as ``ViewClass(layer, origin)``.
VIEWS: dict[str, str] = {
    "terrain": "viewer.views.terrain:TerrainView",
    "imagery": "viewer.views.terrain:ImageryView",
    "buildings": "viewer.views.buildings:BuildingsView",
    "solids": "viewer.views.buildings:SolidsView",
    "pipes": "viewer.views.pipes:PipesView",
    "glyphs": "viewer.views.glyphs:GlyphsView",
    "vectors": "viewer.views.vectors:VectorsView",
    "bim": "viewer.views.bim:BimView",
    "review": "viewer.views.review:ReviewView",
    "tiles3d": "viewer.views.tiles3d:Tiles3dView",
}


def view_class(kind: str) -> type[View] | None:
    """The view class of a layer kind, or None when there is none (yet)."""
    spec = VIEWS.get(kind)
    if spec is None:
        return None
    module, _, name = spec.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    return getattr(mod, name, None)


def make_view(layer: Layer, origin: Origin) -> View | None:
    """A new, unbuilt view of ``layer`` (None for a kind nothing draws)."""
    cls = view_class(layer.kind)
    return None if cls is None else cls(layer, origin)
