"""Persistence and sync: the local cache (a GeoPackage), importers, CRS helpers.

Nothing here imports Qt or VTK.
"""

from store.cache import Cache, LayerInfo
from store.errors import CimviewError, InputError

__all__ = ["Cache", "LayerInfo", "CimviewError", "InputError"]
