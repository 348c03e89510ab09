"""Options of ``cimview import`` that shape how a file is read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Attribute names tried, in order, when no height / floors / name field is given.
HEIGHT_FIELDS = ("height", "HEIGHT", "Height", "measuredHeight", "building_height",
                 "building:height", "高度", "建筑高度")
FLOORS_FIELDS = ("building:levels", "levels", "floors", "FLOORS", "storeys",
                 "storeysAboveGround", "层数", "楼层数")
NAME_FIELDS = ("name", "NAME", "Name", "名称", "建筑名称", "name:zh")


@dataclass
class ImportOptions:
    """How to read an input file.

    ``kind`` forces the format (geojson, cityjson, cityjsonseq, gpkg, shapefile, geotiff; or
    footprints / dem); ``source_crs`` overrides the CRS the file declares; ``default_height``
    is used for footprints with neither height nor floors (None: 3 floors × floor_height).
    """

    kind: str | None = None
    layer: str | None = None
    source_crs: str | None = None
    height_field: str | None = None
    floors_field: str | None = None
    floor_height: float = 3.0
    default_height: float | None = 9.0
    encoding: str | None = None
    name_field: str | None = None
    #: the attributes saying when each feature was built and ended (store.importers.lifespans)
    valid_from_field: str | None = None
    valid_to_field: str | None = None
    #: planned features: the scenario (name or gid) they belong to, and the time they are
    #: planned for where the data says none (store.scenarios)
    scenario: str | None = None
    planned: str | None = None
    #: a field-mapping profile (name in resources/, or a JSON file) and FIELD=COLUMN overrides
    profile: str | None = None
    field_map: tuple[str, ...] = ()
    #: the header of a CityJSON Text Sequence kept in a file of its own (metadata.city.json)
    metadata: Path | None = None
    #: the cache imported into (set by the import itself: readers that link to what it holds)
    into: Path | None = None

    @property
    def fallback_height(self) -> float:
        if self.default_height is not None:
            return float(self.default_height)
        return 3 * float(self.floor_height)
