"""The cache's tables, declared once with SQLAlchemy Core.

Feature layers are GeoPackage feature tables (integer ``fid`` primary key, one geometry column
``geom``) and all carry the sync columns: a stable global id ``gid`` (UUID or the platform's id,
never a reused integer), ``version``, ``updated_at`` (UTC ISO 8601), ``source`` and ``local_edit``.
Bookkeeping tables (``cimview_*``) are plain SQLite tables that GIS tools ignore.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import UserDefinedType

#: Bump when a table changes; Cache.open refuses caches from a newer schema, and upgrades an
#: older one it may write (:func:`store.cache._upgrade`). 2: every feature's lifespan
#: (``valid_from``, ``valid_to``) and planning scenario (``scenario``).
SCHEMA_VERSION = 2

metadata = MetaData()


class Geometry(UserDefinedType):
    """A GeoPackage geometry column: declared with its geometry type name, holds GPKG blobs."""

    cache_ok = True

    def __init__(self, type_name: str = "GEOMETRY"):
        self.type_name = type_name

    def get_col_spec(self, **kw: object) -> str:
        return self.type_name


@dataclass(frozen=True)
class LayerSpec:
    """What the cache knows of one feature layer."""

    name: str
    title_zh: str
    title_en: str
    geometry_type: str  # GeoPackage geometry type name
    has_z: bool
    table: Table


def _sync_columns() -> list[Column]:
    return [
        Column("gid", Text, nullable=False),
        Column("version", Integer, nullable=False, server_default="1"),
        Column("updated_at", Text, nullable=False),
        Column("source", Text, nullable=False),
        Column("local_edit", Integer, nullable=False, server_default="0"),
        # the thing's own lifespan in the real world (built, laid, opened … demolished,
        # abandoned, closed), ISO 8601 dates or times, NULL when unknown or still standing:
        # see store.lifespan. updated_at and version are the record's.
        Column("valid_from", Text),
        Column("valid_to", Text),
        # the planning scenario a planned feature belongs to (a gid of cimview_scenarios);
        # NULL for the city as recorded, past and present (store.scenarios)
        Column("scenario", Text),
    ]


#: the lifespan columns every feature layer has (schema 2)
LIFESPAN_COLUMNS = ("valid_from", "valid_to")


def _feature_table(name: str, geom_type: str, *columns: Column) -> Table:
    return Table(
        name, metadata,
        Column("fid", Integer, primary_key=True, autoincrement=True),
        Column("geom", Geometry(geom_type)),
        *_sync_columns(),
        *columns,
        UniqueConstraint("gid", name=f"uq_{name}_gid"),
        sqlite_autoincrement=True,  # fids are never reused after a delete
    )


LAYERS: dict[str, LayerSpec] = {}


def _layer(name: str, zh: str, en: str, geom_type: str, has_z: bool, *columns: Column) -> None:
    table = _feature_table(name, geom_type, *columns)
    LAYERS[name] = LayerSpec(name, zh, en, geom_type, has_z, table)


_layer(
    "buildings", "建筑", "Buildings", "MULTIPOLYGON", False,
    Column("name", Text), Column("code", Text),
    Column("address_gid", Text), Column("address", Text),
    Column("height", Float), Column("height_estimated", Integer, server_default="0"),
    Column("ground_z", Float),  # terrain height under the footprint, 1985 datum
    Column("floors_above", Integer), Column("floors_below", Integer),
    Column("use", Text), Column("use_code", Text),
    Column("structure_code", Integer),  # 1 钢 … 6 其他, resources/dictionaries/structure_types.csv
    Column("year_built", Integer), Column("units", Integer), Column("floor_area", Float),
    Column("tenure", Text), Column("safety_grade", Text), Column("assessed_on", Text),
    Column("lod", Text),  # "1" for extrusions; "2.2" etc. when a solid is in building_solids
    Column("parent_gid", Text),
    Column("attrs", Text),  # JSON: the source's own attributes, kept verbatim
)
_layer(
    "building_solids", "建筑LOD2几何", "Building solids", "MULTIPOLYGON", True,
    Column("building_gid", Text, nullable=False), Column("lod", Text),
    Column("surface_types", Text),  # JSON list, one semantic type per polygon (or null)
)
_layer(
    "roads", "道路", "Roads", "LINESTRING", False,
    Column("name", Text), Column("code", Text), Column("road_class", Text), Column("width", Float),
)
_layer(
    "parcels", "地块", "Parcels", "MULTIPOLYGON", False,
    Column("code", Text), Column("status", Text),  # 已建 / 空地 / 绿地
    Column("land_use_code", Text), Column("land_use", Text), Column("area", Float),
    Column("height_limit", Float), Column("far_max", Float), Column("density_max", Float),
    Column("green_min", Float), Column("setback_road", Float), Column("setback_side", Float),
    Column("proposal", Text),  # file name of a proposed-building IFC, when one was submitted
)
_layer(
    "water", "水系", "Water", "MULTIPOLYGON", False,
    Column("name", Text), Column("kind", Text),  # river / pond / lake
)
_layer(
    "addresses", "标准地址", "Addresses", "POINT", False,
    Column("code", Text), Column("level", Text),  # 门牌 / 楼栋 / 单元
    Column("province", Text), Column("city", Text), Column("district", Text),
    Column("street", Text), Column("community", Text), Column("road", Text),
    Column("compound", Text), Column("door_no", Text), Column("building_no", Text),
    Column("unit_no", Text), Column("full_address", Text),
    Column("building_gid", Text), Column("parent_gid", Text),
)
_layer(
    "pipelines", "管线", "Pipelines", "LINESTRING", True,
    Column("code", Text), Column("class_code", Text), Column("class_name", Text),
    Column("subclass_code", Text), Column("subclass_name", Text), Column("feature_code", Text),
    Column("start_no", Text), Column("end_no", Text),
    Column("start_depth", Float), Column("end_depth", Float),
    Column("diameter_mm", Integer), Column("width_mm", Integer), Column("height_mm", Integer),
    Column("section", Text),  # "DN300" or "1000×800"
    Column("material_code", Text), Column("laying_code", Text),
    Column("pressure", Text), Column("voltage_kv", Float), Column("holes", Integer),
    Column("year", Integer), Column("owner", Text), Column("status_code", Integer),
    Column("road_name", Text),
)
_layer(
    "pipe_points", "管点", "Pipe points", "POINT", True,
    Column("no", Text), Column("class_code", Text), Column("point_type", Text),
    Column("feature_code", Text), Column("ground_z", Float), Column("depth", Float),
    Column("road_name", Text),
)
_layer(
    "poles", "智慧杆", "Smart poles", "POINT", True,
    Column("code", Text), Column("road_name", Text), Column("side", Text),
    Column("pole_type", Text), Column("height", Float), Column("owner", Text),
    Column("operator", Text), Column("install_year", Integer), Column("status", Text),
)
_layer(
    "pole_devices", "杆载设备", "Pole devices", "POINT", True,
    Column("pole_gid", Text, nullable=False), Column("pole_code", Text),
    Column("device_type_code", Text), Column("device_type", Text), Column("model", Text),
    Column("mount_height", Float), Column("network", Text),
    Column("status_code", Integer), Column("status", Text), Column("installed_on", Text),
)

meta_table = Table(
    "cimview_meta", metadata,
    Column("key", Text, primary_key=True), Column("value", Text, nullable=False),
)
datasets_table = Table(
    "cimview_datasets", metadata,
    Column("name", Text, primary_key=True),
    Column("version", Integer, nullable=False, server_default="0"),
    Column("updated_at", Text), Column("source", Text),
)
rasters_table = Table(
    "cimview_rasters", metadata,
    Column("name", Text, primary_key=True),
    Column("kind", Text, nullable=False),  # dem / ortho
    Column("crs", Text, nullable=False),
    Column("width", Integer, nullable=False), Column("height", Integer, nullable=False),
    Column("transform", Text, nullable=False),  # JSON: affine a, b, c, d, e, f
    Column("nodata", Float), Column("min_z", Float), Column("max_z", Float),
    Column("data", LargeBinary, nullable=False),  # a GeoTIFF, byte for byte
    Column("version", Integer, nullable=False, server_default="1"),
    Column("updated_at", Text, nullable=False), Column("source", Text, nullable=False),
)
imports_table = Table(
    "cimview_imports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("imported_at", Text, nullable=False), Column("file", Text, nullable=False),
    Column("kind", Text, nullable=False), Column("report", Text, nullable=False),
)
scenarios_table = Table(
    "cimview_scenarios", metadata,
    Column("gid", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),  # 方案A …
    Column("parent_gid", Text),  # the scenario it builds on (CityGML 3.0's versions)
    Column("description", Text),
    Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False),
)
scenario_ends_table = Table(
    "cimview_scenario_ends", metadata,  # recorded features a scenario plans to remove
    Column("scenario_gid", Text, nullable=False),
    Column("feature_gid", Text, nullable=False),  # gids are unique across layers
    Column("valid_to", Text, nullable=False),  # when it is planned to go (store.lifespan)
    PrimaryKeyConstraint("scenario_gid", "feature_gid"),
)
bookmarks_table = Table(
    "cimview_bookmarks", metadata,
    Column("name", Text, primary_key=True),
    Column("camera", Text, nullable=False),  # JSON: position, focal_point, view_up, view_angle
    Column("layers", Text, nullable=False),  # JSON list of visible layer keys
    Column("underground", Integer, nullable=False, server_default="0"),
    Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False),
)
