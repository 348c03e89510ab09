"""The local platform's PostGIS tables: one per collection, as pygeoapi's PostgreSQL provider
serves them.

Each table has ``id`` (text, primary key: the feature id), ``geom`` (PostGIS ``geometry`` in
CRS84 longitude/latitude, SRID 4326, z kept) and one column per property. The layer
collections' columns are the cache layer's (:data:`store.schema.LAYERS`, less fid, geom,
source and local_edit) plus ``lifecycle``; ``observations``, ``assets`` and ``scenarios``
have theirs below.
What the database itself guarantees (a city's platform would do the same):

* ``updated_at`` is always ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (a CHECK): pygeoapi compares
  ``datetime`` bounds with it as text, which is right only in one fixed format;
* every geometry has SRID 4326: a feature written through the API arrives without one and a
  trigger sets it, so bbox queries never mix SRIDs;
* GiST index on ``geom``, b-tree on ``updated_at`` (bbox and "changed since" queries).

Other users' changes (tests, benchmarks) go straight into the tables with :func:`edit`,
:func:`create`; :func:`snapshot` and :func:`reset` keep and put back the exported state.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Float, Integer

from store.schema import LAYERS

SKIPPED_COLUMNS = frozenset({"fid", "geom", "source", "local_edit"})
#: The property that says whether a feature is live ("active") or withdrawn ("retired").
#: Not ``status``: parcels, poles and pole_devices have their own ``status`` attribute.
LIFECYCLE = "lifecycle"
PRISTINE = "pristine"  # the schema that keeps the exported state for reset()
STAMP_PATTERN = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"

#: Observations as cimview pushes them (store/sync/push.py: observation_feature).
OBSERVATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("kind", "text"), ("text", "text"), ("severity", "integer"), ("observed_at", "text"),
    ("recorded_at", "text"), ("height", "double precision"), ("height_crs", "text"),
    ("feature_layer", "text"), ("feature_gid", "text"), ("client_x", "double precision"),
    ("client_y", "double precision"), ("client_crs", "text"), ("source", "text"),
    ("photos", "jsonb"), ("updated_at", "text"), ("version", "bigint"), (LIFECYCLE, "text"))
#: Assets (files: the DEM, proposal IFCs, tilesets).
ASSET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "text"), ("path", "text"), ("kind", "text"), ("media_type", "text"),
    ("sha256", "text"), ("bytes", "bigint"), ("feature_layer", "text"), ("feature_gid", "text"),
    ("href", "text"), ("layer", "text"), ("title", "text"), ("tileset_kind", "text"),
    ("updated_at", "text"), ("version", "bigint"), (LIFECYCLE, "text"))

#: Planning scenarios, one feature each, whole (store/sync/scenario_package.py).
SCENARIO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "text"), ("parent", "text"), ("description", "text"), ("created_at", "text"),
    ("ends", "jsonb"), ("features", "jsonb"), ("updated_at", "text"), ("version", "bigint"),
    (LIFECYCLE, "text"))


def layer_columns(name: str) -> tuple[tuple[str, str], ...]:
    """The property columns of a layer collection, with their PostgreSQL types."""
    cols = []
    for c in LAYERS[name].table.c:
        if c.name in SKIPPED_COLUMNS:
            continue
        kind = ("bigint" if isinstance(c.type, Integer) else
                "double precision" if isinstance(c.type, Float) else "text")
        cols.append((c.name, kind))
    return (*cols, (LIFECYCLE, "text"))


def columns(name: str) -> tuple[tuple[str, str], ...]:
    """The property columns of any collection."""
    if name == "observations":
        return OBSERVATION_COLUMNS
    if name == "assets":
        return ASSET_COLUMNS
    if name == "scenarios":
        return SCENARIO_COLUMNS
    return layer_columns(name)


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


# -- tables --------------------------------------------------------------------------------------
def create_table(conn: Any, name: str) -> None:
    """(Re)create one collection's table, empty, with its constraints, trigger and indexes."""
    cols = ",\n".join(f"  {_q(c)} {t}" for c, t in columns(name))
    t = _q(name)
    with conn.cursor() as cur:
        cur.execute(f"""
            DROP TABLE IF EXISTS {t};
            CREATE TABLE {t} (
              id text PRIMARY KEY,
              geom geometry CHECK (geom IS NULL OR ST_SRID(geom) = 4326),
            {cols},
              CHECK (updated_at ~ '{STAMP_PATTERN}')
            );
            CREATE OR REPLACE FUNCTION cimview_srid_4326() RETURNS trigger AS $$
            BEGIN
              IF NEW.geom IS NOT NULL AND ST_SRID(NEW.geom) = 0 THEN
                NEW.geom := ST_SetSRID(NEW.geom, 4326);
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER {_q(name + "_srid")} BEFORE INSERT OR UPDATE ON {t}
              FOR EACH ROW EXECUTE FUNCTION cimview_srid_4326();
            CREATE INDEX {_q(name + "_geom")} ON {t} USING gist (geom);
            CREATE INDEX {_q(name + "_updated_at")} ON {t} (updated_at);
        """)


def _copy_value(value: Any, kind: str) -> str:
    if value is None:
        return "\\N"
    if kind == "jsonb":
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    elif isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, float) and value != value:  # NaN
        return "\\N"
    text = str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def copy_rows(conn: Any, name: str, ids: Sequence[str], ewkb_hex: Sequence[str | None],
              props: Mapping[str, Sequence[Any]]) -> int:
    """Bulk-load rows with COPY: feature ids, geometries as hex EWKB (SRID 4326) and one
    sequence per property column (missing columns are NULL). Returns the rows written."""
    cols = columns(name)
    values = [props.get(c) for c, _ in cols]
    buf = io.StringIO()
    for i, fid in enumerate(ids):
        fields = [_copy_value(fid, "text"), ewkb_hex[i] or "\\N"]
        fields += ["\\N" if v is None else _copy_value(v[i], t)
                   for v, (_, t) in zip(values, cols, strict=True)]
        buf.write("\t".join(fields))
        buf.write("\n")
    buf.seek(0)
    names = ", ".join(_q(c) for c in ("id", "geom", *(c for c, _ in cols)))
    with conn.cursor() as cur:
        cur.copy_expert(f"COPY {_q(name)} ({names}) FROM STDIN", buf, size=1 << 20)
        cur.execute(f"ANALYZE {_q(name)}")
    return len(ids)


def insert_features(conn: Any, name: str, features: Iterable[Mapping[str, Any]]) -> int:
    """Add GeoJSON features (CRS84 geometry) to a collection; unknown properties are dropped."""
    known = dict(columns(name))
    n = 0
    with conn.cursor() as cur:
        for f in features:
            props = {k: v for k, v in (f.get("properties") or {}).items() if k in known}
            cols = ["id", "geom", *props]
            vals = [json.dumps(v) if known[k] == "jsonb" else v for k, v in props.items()]
            geom = f.get("geometry")
            cur.execute(
                f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) VALUES "
                f"(%s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)"
                f"{''.join(', %s' for _ in vals)})",
                [str(f["id"]), None if geom is None else json.dumps(geom), *vals])
            n += 1
    return n


# -- reading -------------------------------------------------------------------------------------
def features(conn: Any, name: str, where: str = "TRUE", params: Sequence[Any] = ()
             ) -> list[dict[str, Any]]:
    """A collection's features as GeoJSON (CRS84, retired ones too), in id order."""
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, ST_AsGeoJSON(geom, 15), to_jsonb(t) - 'id' - 'geom' "
                    f"FROM {_q(name)} t WHERE {where} ORDER BY id", list(params))
        return [{"type": "Feature", "id": fid,
                 "geometry": None if g is None else json.loads(g), "properties": props}
                for fid, g, props in cur.fetchall()]


def latest_stamp(conn: Any, name: str) -> str:
    with conn.cursor() as cur:
        cur.execute(f"SELECT max(updated_at) FROM {_q(name)}")
        return cur.fetchone()[0] or ""


# -- changes, as another user's ------------------------------------------------------------------
def edit(conn: Any, name: str, fid: str, changes: Mapping[str, Any], *, stamp: str,
         geometry: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Change one feature: ``version`` + 1, ``updated_at`` = ``stamp``, then ``changes`` (which
    may set both); optionally a new CRS84 geometry. Returns the feature as stored."""
    known = dict(columns(name))
    unknown = set(changes) - set(known)
    if unknown:
        raise KeyError(f"{name}: no column {sorted(unknown)}")
    sets = ["version = COALESCE(version, 0) + 1", "updated_at = %s"]
    vals: list[Any] = [stamp]
    for k, v in changes.items():
        sets.append(f"{_q(k)} = %s")
        vals.append(json.dumps(v) if known[k] == "jsonb" else v)
    if geometry is not None:
        sets.append("geom = ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)")
        vals.append(json.dumps(geometry))
    with conn.cursor() as cur:
        # two steps: version/updated_at first, so that ``changes`` can override them
        cur.execute(f"UPDATE {_q(name)} SET {sets[0]}, {sets[1]} WHERE id = %s",
                    [stamp, fid])
        if cur.rowcount != 1:
            raise KeyError(f"{name}: no feature {fid!r}")
        if len(sets) > 2:
            cur.execute(f"UPDATE {_q(name)} SET {', '.join(sets[2:])} WHERE id = %s",
                        [*vals[1:], fid])
    return features(conn, name, "id = %s", [fid])[0]


# -- the exported state --------------------------------------------------------------------------
def snapshot(conn: Any, names: Iterable[str]) -> None:
    """Keep a copy of these tables as they are now (see :func:`reset`)."""
    with conn.cursor() as cur:
        cur.execute(f"CREATE SCHEMA IF NOT EXISTS {PRISTINE}")
        for name in names:
            cur.execute(f"DROP TABLE IF EXISTS {PRISTINE}.{_q(name)};"
                        f"CREATE TABLE {PRISTINE}.{_q(name)} AS TABLE {_q(name)}")


def reset(conn: Any) -> None:
    """Put every table kept by :func:`snapshot` back as it was (one transaction)."""
    with conn.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [PRISTINE])
        names = [r[0] for r in cur.fetchall()]
        for name in names:
            cur.execute(f"DELETE FROM {_q(name)}; "
                        f"INSERT INTO {_q(name)} SELECT * FROM {PRISTINE}.{_q(name)}")
