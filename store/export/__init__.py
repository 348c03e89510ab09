"""The export door: a plain GeoPackage of a cache's layers, checked against their data grades,
de-sensitised by profile, and recorded in the cache's trail (``docs/export.md``)."""

from store.export.door import ExportRefused, export_cache

__all__ = ["ExportRefused", "export_cache"]
