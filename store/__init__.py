"""Persistence and sync: the local cache (a GeoPackage), importers, CRS helpers.

Nothing here imports Qt or VTK. The names below load on first use, so that a process that only
needs a part of the package (the BIM tessellation worker, say) does not import SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {"Cache": "store.cache", "LayerInfo": "store.cache", "CimviewError": "store.errors",
          "InputError": "store.errors"}
__all__ = list(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'store' has no attribute {name!r}")
