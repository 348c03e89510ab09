"""The map saved in the cache, as a QGIS project is: the layers, their order and styles.

Stored as JSON under the cache's meta key ``map``; a cache without one opens with
:func:`layers.defaults.default_layers`. A saved map from a newer cimview, or damaged, is
ignored (the defaults show) rather than failing the open.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from layers.layer import Layer

if TYPE_CHECKING:
    from store.cache import Cache

KEY = "map"
VERSION = 1


#: Layers that are not part of a saved map: the BIM under review is opened for a session, and
#: so is its review.
SESSION_KINDS = ("bim", "review")


def layers_json(layers: list[Layer]) -> str:
    return json.dumps({"version": VERSION, "layers": [
        layer.to_dict() for layer in layers if layer.kind not in SESSION_KINDS]},
        ensure_ascii=False)


def parse_layers(text: str | None) -> list[Layer] | None:
    """The layers of a saved map, or None when there is none or it cannot be read."""
    if not text:
        return None
    try:
        data = json.loads(text)
        if int(data.get("version", 0)) > VERSION:
            return None
        return [Layer.from_dict(d) for d in data["layers"]] or None
    except (ValueError, KeyError, TypeError):
        return None


def load_layers(cache: Cache) -> list[Layer] | None:
    """The saved map, with a layer (unticked, above the terrain) for each 3D tileset
    registered in the cache since (a work area's download, the platform's tiles): a tileset
    layer the user removed was unregistered with it (:func:`layers.tiles3d.forget_tileset`)."""
    layers = parse_layers(cache.meta.get(KEY))
    if layers is not None:
        _add_new_tilesets(cache, layers)
    return layers


def _add_new_tilesets(cache: Cache, layers: list[Layer]) -> None:
    from layers.tiles3d import tileset_layers

    shown = {layer.source.sublayer or layer.name for layer in layers if layer.kind == "tiles3d"}
    names = {layer.name for layer in layers}
    at = next((i for i, layer in enumerate(layers) if layer.kind in ("imagery", "terrain")),
              len(layers))
    for layer in tileset_layers(cache):
        if layer.source.sublayer not in shown and layer.name not in names:
            layers.insert(at, layer)
            at += 1


def save_layers(cache: Cache, layers: list[Layer]) -> None:
    save_text(cache, layers_json(layers))


def save_text(cache: Cache, text: str) -> bool:
    """Write a map (from :func:`layers_json`) into the cache; False when it is unchanged."""
    if cache.meta.get(KEY) == text:
        return False
    with cache.transaction(purpose="map") as tx:
        tx.set_meta(KEY, text)
    cache.meta[KEY] = text
    return True
