"""Importers: users' own files into the local cache.

``import_file(path, into, crs=..., options=ImportOptions(...)) -> ImportReport`` recognises
the file from its content (GeoJSON, GeoPackage and Shapefile footprints; CityJSON and
CityJSONSeq buildings; GeoTIFF DEMs), reprojects it to the cache CRS and writes it in one
transaction. ``cimview import`` is a thin wrapper around it.
"""

from store.importers.options import ImportOptions
from store.importers.report import ImportReport
from store.importers.run import import_file

__all__ = ["ImportOptions", "ImportReport", "import_file"]
