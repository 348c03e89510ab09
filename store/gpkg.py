"""The GeoPackage layer of the cache: core tables, geometry blobs, SRS rows and R*Tree indexes.

Written to the OGC GeoPackage 1.4 encoding standard so that GDAL (pyogrio) and QGIS open the
cache's feature tables as ordinary layers. Geometry blobs are the standard header (magic 'GP',
flags, srs_id, xy envelope) followed by ISO WKB, built vectorised with shapely.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import CRS

APPLICATION_ID = 0x47504B47  # 'GPKG'
USER_VERSION = 10400  # GeoPackage 1.4.0

_HEADER = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"),
                    ("env", "<f8", (4,))])
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}

CORE_DDL = [
    """CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE IF NOT EXISTS gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
    """CREATE TABLE IF NOT EXISTS gpkg_extensions (
        table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
        scope TEXT NOT NULL,
        CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
]

_DEFAULT_SRS = [
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
     "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
     "undefined geographic coordinate reference system"),
]


def init_database(conn: sqlite3.Connection) -> None:
    """Create the GeoPackage core tables and default SRS rows in an empty database."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    for ddl in CORE_DDL:
        conn.execute(ddl)
    conn.executemany(
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", _DEFAULT_SRS)
    register_srs(conn, CRS.from_epsg(4326))


def register_srs(conn: sqlite3.Connection, crs: CRS) -> int:
    """Add a CRS to gpkg_spatial_ref_sys (srs_id = its EPSG code when it has one); its srs_id."""
    code = crs.to_epsg(min_confidence=100)
    definition = crs.to_wkt("WKT1_GDAL") or crs.to_wkt()
    if code:
        org, org_id, srs_id = "EPSG", int(code), int(code)
    else:
        row = conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE definition = ?",
                           (definition,)).fetchone()
        if row:
            return int(row[0])
        srs_id = max(100000, (conn.execute(
            "SELECT max(srs_id) FROM gpkg_spatial_ref_sys").fetchone()[0] or 0) + 1)
        org, org_id = "NONE", srs_id
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
        (crs.name, srs_id, org, org_id, definition, crs.name))
    return srs_id


def srs_crs(conn: sqlite3.Connection, srs_id: int) -> CRS:
    """The CRS behind a gpkg_spatial_ref_sys row."""
    org, org_id, definition = conn.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?", (srs_id,)).fetchone()
    if str(org).upper() == "EPSG":
        return CRS.from_epsg(int(org_id))
    return CRS.from_wkt(definition)


def add_feature_table(conn: sqlite3.Connection, table: str, geom_column: str, geom_type: str,
                      srs_id: int, has_z: bool, description: str = "") -> None:
    """Register an existing table as a GeoPackage feature table with an R*Tree spatial index."""
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (?, 'features', ?, ?, ?)", (table, table, description, srs_id))
    conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, ?, 0)",
                 (table, geom_column, geom_type, srs_id, 1 if has_z else 0))
    create_rtree(conn, table, geom_column)


def rtree_name(table: str, geom_column: str) -> str:
    return f"rtree_{table}_{geom_column}"


def rtree_insert_trigger(table: str, column: str, pk: str = "fid") -> str:
    t = rtree_name(table, column)
    return (f'CREATE TRIGGER "{t}_insert" AFTER INSERT ON "{table}" '
            f'WHEN (new."{column}" NOT NULL AND NOT ST_IsEmpty(NEW."{column}")) BEGIN '
            f'INSERT OR REPLACE INTO "{t}" VALUES (NEW."{pk}", ST_MinX(NEW."{column}"), '
            f'ST_MaxX(NEW."{column}"), ST_MinY(NEW."{column}"), ST_MaxY(NEW."{column}")); END')


def create_rtree(conn: sqlite3.Connection, table: str, column: str, pk: str = "fid") -> None:
    """Create the gpkg_rtree_index extension for a geometry column (GeoPackage 1.4 triggers)."""
    t = rtree_name(table, column)
    g_new, g_old = f'NEW."{column}"', f'OLD."{column}"'
    has_new = f"({g_new} NOTNULL AND NOT ST_IsEmpty({g_new}))"
    no_new = f"({g_new} IS NULL OR ST_IsEmpty({g_new}))"
    same, moved = f'OLD."{pk}" = NEW."{pk}"', f'OLD."{pk}" != NEW."{pk}"'
    box = f"ST_MinX({g_new}), ST_MaxX({g_new}), ST_MinY({g_new}), ST_MaxY({g_new})"
    on_update = f'AFTER UPDATE OF "{column}" ON "{table}"'
    conn.execute(f'CREATE VIRTUAL TABLE "{t}" USING rtree(id, minx, maxx, miny, maxy)')
    conn.execute(rtree_insert_trigger(table, column, pk))
    conn.execute(
        f'CREATE TRIGGER "{t}_update6" {on_update} WHEN {same} AND {has_new} BEGIN '
        f'UPDATE "{t}" SET minx = ST_MinX({g_new}), maxx = ST_MaxX({g_new}), '
        f'miny = ST_MinY({g_new}), maxy = ST_MaxY({g_new}) WHERE id = NEW."{pk}"; END')
    conn.execute(
        f'CREATE TRIGGER "{t}_update7" {on_update} WHEN {same} AND {no_new} BEGIN '
        f'DELETE FROM "{t}" WHERE id = OLD."{pk}"; END')
    conn.execute(
        f'CREATE TRIGGER "{t}_update5" AFTER UPDATE ON "{table}" WHEN {moved} AND {has_new} '
        f'BEGIN DELETE FROM "{t}" WHERE id = OLD."{pk}"; '
        f'INSERT OR REPLACE INTO "{t}" VALUES (NEW."{pk}", {box}); END')
    conn.execute(
        f'CREATE TRIGGER "{t}_update4" AFTER UPDATE ON "{table}" WHEN {moved} AND {no_new} '
        f'BEGIN DELETE FROM "{t}" WHERE id IN (OLD."{pk}", NEW."{pk}"); END')
    conn.execute(
        f'CREATE TRIGGER "{t}_delete" AFTER DELETE ON "{table}" WHEN {g_old} NOT NULL '
        f'BEGIN DELETE FROM "{t}" WHERE id = OLD."{pk}"; END')
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
        "'http://www.geopackage.org/spec/#extension_rtree', 'write-only')", (table, column))


# --- geometry blobs -------------------------------------------------------------------------

def encode(geoms: Sequence[shapely.Geometry] | np.ndarray, srs_id: int, *,
           has_z: bool = False) -> list[bytes | None]:
    """GeoPackage geometry blobs for an array of shapely geometries (None stays NULL)."""
    arr = np.asarray(geoms, dtype=object)
    n = len(arr)
    missing = shapely.is_missing(arr)
    empty = shapely.is_empty(arr) & ~missing
    wkb = shapely.to_wkb(arr, output_dimension=3 if has_z else 2, byte_order=1, flavor="iso",
                         include_srid=False)
    bounds = shapely.bounds(arr)  # minx, miny, maxx, maxy (NaN for empty/missing)
    header = np.zeros(n, dtype=_HEADER)
    header["magic"] = b"GP"
    header["srs_id"] = srs_id
    header["flags"] = np.where(empty, 0b00010001, 0b00000011)  # LE; xy envelope unless empty
    header["env"] = bounds[:, [0, 2, 1, 3]]
    raw = header.tobytes()
    size = _HEADER.itemsize
    out: list[bytes | None] = []
    for i in range(n):
        if missing[i]:
            out.append(None)
        elif empty[i]:
            out.append(raw[i * size:i * size + 8] + wkb[i])
        else:
            out.append(raw[i * size:(i + 1) * size] + wkb[i])
    return out


def _wkb_offset(blob: bytes) -> int:
    flags = blob[3]
    return 8 + _ENVELOPE_BYTES[(flags >> 1) & 0b111]


def decode(blobs: Sequence[bytes | None]) -> np.ndarray:
    """Shapely geometries from GeoPackage geometry blobs (NULL -> None)."""
    wkb = [None if b is None else bytes(b[_wkb_offset(b):]) for b in blobs]
    return shapely.from_wkb(np.array(wkb, dtype=object))


def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a blob: from its header, or computed when the header has none."""
    if blob is None:
        return None
    flags = blob[3]
    if flags & 0b00010000:
        return None
    if (flags >> 1) & 0b111:
        fmt = "<4d" if flags & 1 else ">4d"
        return struct.unpack_from(fmt, blob, 8)
    geom = shapely.from_wkb(bytes(blob[_wkb_offset(blob):]))
    minx, miny, maxx, maxy = geom.bounds
    return minx, maxx, miny, maxy


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions GeoPackage R*Tree triggers call (GDAL registers the same ones)."""
    def is_empty(blob: bytes | None) -> int | None:
        if blob is None:
            return None
        return 1 if blob[3] & 0b00010000 else 0

    def part(i: int):
        def fn(blob: bytes | None) -> float | None:
            env = envelope(blob)
            return None if env is None else env[i]
        return fn

    conn.create_function("ST_IsEmpty", 1, is_empty, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, part(i), deterministic=True)
