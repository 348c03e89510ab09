"""BIM models (IFC) for cimview, independent of Qt and VTK.

:func:`load_bim` loads an IFC file (from the cache when it holds the file's SHA-256, else
tessellated in a separate process); :mod:`store.bim.store` keeps models, their elements and
properties in the cache; :mod:`store.bim.model` is the data model.

The names below are imported lazily, so that the tessellation process (which imports
:mod:`store.bim.tessellate`) does not pay for the cache's imports.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BimModel": "store.bim.model",
    "Element": "store.bim.model",
    "GeoRef": "store.bim.model",
    "Geometry": "store.bim.model",
    "LoadReport": "store.bim.model",
    "LoadCancelled": "store.bim.loader",
    "load_bim": "store.bim.loader",
    "tessellate_file": "store.bim.loader",
    "list_models": "store.bim.store",
    "load_model": "store.bim.store",
    "properties": "store.bim.store",
    "save_model": "store.bim.store",
    "save_placement": "store.bim.store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'store.bim' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
