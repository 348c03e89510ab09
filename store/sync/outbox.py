"""The outbox: field observations and feature edits recorded offline, waiting to be pushed.

Field workers record observations (a pole fault, a pipe leak, an unsafe building …) and edit
platform features (a pole's status) while offline; :func:`store.sync.push.push` delivers them
to the base platform when the laptop is back online. The failures this module exists to prevent
are *silent loss* and *duplicated or misapplied edits*, so:

- every record is committed — row, photos and outbox entry in one transaction — before the
  recording function returns (SQLite's rollback journal with ``synchronous=FULL``: a crash or a
  power cut right after the call leaves it in the cache);
- an observation gets a client-made UUID (uuid4) that is also its id on the platform, so a
  retried push finds it there instead of creating it again;
- photos are copied *into* the cache as blobs with their SHA-256 (the cache stays one file to
  carry around), and the push confirms each photo's hash on the platform's copy;
- an edit keeps the feature's properties, version and ``updated_at`` *as downloaded* (its base),
  so the push can tell fields changed only here from fields changed on the platform meanwhile,
  and turns a field changed on both sides into a conflict for the user instead of overwriting.

Tables (plain SQLite, ignored by GIS tools; created on first write, like the bookmarks):

``cimview_observations``
    ``id`` (the UUID), ``kind`` (pole_fault, pipe_leak, building_safety, other), ``x``, ``y``,
    ``z`` (cache CRS and its vertical datum), ``crs``, ``text``, ``severity`` (1–5),
    ``feature_layer``/``feature_gid`` (the linked feature, if any), ``observed_at``.
``cimview_observation_photos``
    ``observation_id``, ``position``, ``name``, ``media_type``, ``sha256``, ``bytes``, ``data``.
``cimview_outbox``
    one row per thing to deliver, in ``seq`` order: ``id``, ``kind`` (observation / edit),
    ``collection``, ``target_id`` (the platform id), ``layer``, ``changes`` (JSON, edits),
    ``base`` (JSON: version, updated_at, properties as downloaded), ``status`` (pending, sent,
    rejected, conflict, discarded), ``conflicts`` and ``theirs`` (JSON, when in conflict),
    ``reason`` (the platform's text for a rejection), ``last_error`` (the last transient
    failure), ``attempts``, times, and ``confirmation`` (JSON: what the platform confirmed).

An observation's outbox id is its UUID; an edit's outbox id is a UUID of its own. While an
edit of a feature is not yet sent, a further edit of the same feature is merged into it (one
outbox entry per feature, its base unchanged), so the push never mistakes our own earlier
change for a change made on the platform.
"""

from __future__ import annotations

import hashlib
import json
import math
import mimetypes
import numbers
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    insert,
    select,
    text,
    update,
)

from store import gpkg
from store.cache import Cache, utc_now
from store.crs import crs_label
from store.errors import CimviewError, InputError
from store.schema import LAYERS, LIFESPAN_COLUMNS

#: What a field worker can report.
OBSERVATION_KINDS = ("pole_fault", "pipe_leak", "building_safety", "other")
#: Outbox states. pending → sent; pending → rejected (4xx) or conflict (both sides changed a
#: field); resolve() and retry() make them pending again; discard() gives up on one on purpose.
STATUSES = ("pending", "sent", "rejected", "conflict", "discarded")
#: Where observations go on the platform.
OBSERVATIONS_COLLECTION = "observations"
#: Columns an edit may not change: identity, geometry and the sync bookkeeping.
PROTECTED_COLUMNS = frozenset({"fid", "geom", "gid", "version", "updated_at", "source",
                               "local_edit"})

outbox_metadata = MetaData()

observations_table = Table(
    "cimview_observations", outbox_metadata,
    Column("id", Text, primary_key=True),  # uuid4, also the platform's feature id
    Column("kind", Text, nullable=False),
    Column("x", Float, nullable=False), Column("y", Float, nullable=False), Column("z", Float),
    Column("crs", Text, nullable=False),  # the cache CRS the coordinates are in
    Column("vertical_crs", Text),
    Column("text", Text, nullable=False, server_default=""),
    Column("severity", Integer, nullable=False, server_default="3"),
    Column("feature_layer", Text), Column("feature_gid", Text),
    Column("observed_at", Text, nullable=False),
    CheckConstraint("kind IN ('pole_fault', 'pipe_leak', 'building_safety', 'other')",
                    name="ck_observation_kind"),
    CheckConstraint("severity BETWEEN 1 AND 5", name="ck_observation_severity"),
)
photos_table = Table(
    "cimview_observation_photos", outbox_metadata,
    Column("observation_id", Text, ForeignKey("cimview_observations.id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False), Column("media_type", Text),
    Column("sha256", Text, nullable=False), Column("bytes", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    PrimaryKeyConstraint("observation_id", "position"),
)
outbox_table = Table(
    "cimview_outbox", outbox_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # delivery order
    Column("id", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),  # observation / edit
    Column("collection", Text, nullable=False),
    Column("target_id", Text, nullable=False),  # the platform's feature id
    Column("layer", Text),  # edits: the cache layer
    Column("changes", Text),  # edits: JSON {column: value}
    Column("base", Text),  # edits: JSON {"version", "updated_at", "properties"} as downloaded
    Column("status", Text, nullable=False, server_default="pending"),
    Column("conflicts", Text),  # JSON [{"field", "base", "mine", "theirs"}]
    Column("theirs", Text),  # JSON: the platform's copy when the conflict was found
    Column("reason", Text),  # the platform's reason for a rejection
    Column("last_error", Text),  # the last transient failure (network, 5xx)
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", Text, nullable=False), Column("updated_at", Text, nullable=False),
    Column("last_attempt_at", Text), Column("sent_at", Text),
    Column("confirmation", Text),  # JSON: what the platform confirmed when marked sent
    CheckConstraint("status IN ('pending', 'sent', 'rejected', 'conflict', 'discarded')",
                    name="ck_outbox_status"),
    CheckConstraint("kind IN ('observation', 'edit')", name="ck_outbox_kind"),
    sqlite_autoincrement=True,
)

_O, _P, _Q = observations_table, photos_table, outbox_table
_UNSENT = ("pending", "conflict", "rejected")


@dataclass(frozen=True)
class Photo:
    """A photo held in the cache (``data`` only when asked for)."""

    name: str
    sha256: str
    bytes: int
    media_type: str | None = None
    data: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "bytes": self.bytes,
                "media_type": self.media_type}


@dataclass(frozen=True)
class Observation:
    """A field observation; x, y (and z) in the cache CRS."""

    id: str
    kind: str
    x: float
    y: float
    z: float | None
    crs: str
    vertical_crs: str | None
    text: str
    severity: int
    feature: tuple[str, str] | None
    observed_at: str
    photos: tuple[Photo, ...]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["feature"] = list(self.feature) if self.feature else None
        out["photos"] = [p.to_dict() for p in self.photos]
        return out


@dataclass(frozen=True)
class OutboxItem:
    """One thing to deliver to the platform and where it stands.

    ``conflicts`` (status conflict): [{"field", "base", "mine", "theirs"}] for the user to
    settle with :func:`resolve`. ``reason``: the platform's words for a rejection.
    ``last_error``: the last transient failure (the item stays pending and is tried again)."""

    id: str
    seq: int
    kind: str  # observation / edit
    status: str
    collection: str
    target_id: str
    layer: str | None
    changes: dict[str, Any] | None
    base: dict[str, Any] | None
    conflicts: list[dict[str, Any]]
    theirs: dict[str, Any] | None
    reason: str | None
    last_error: str | None
    attempts: int
    created_at: str
    updated_at: str
    last_attempt_at: str | None
    sent_at: str | None
    confirmation: dict[str, Any] | None
    observation: Observation | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["observation"] = self.observation.to_dict() if self.observation else None
        return out


# -- tables ----------------------------------------------------------------------------------------
def ensure_tables(cache: Cache) -> None:
    """Create the outbox tables in the cache when they are missing (caches made before them)."""
    if _has_tables(cache):
        return
    with cache.transaction() as tx:
        outbox_metadata.create_all(tx.conn, checkfirst=True)


def _has_tables(cache: Cache) -> bool:
    names = [t.name for t in outbox_metadata.sorted_tables]
    with cache.engine.connect() as conn:
        found = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
            "('cimview_observations', 'cimview_observation_photos', 'cimview_outbox')"))}
    return found == set(names)


# -- recording -------------------------------------------------------------------------------------
def record_observation(cache: Cache, *, kind: str, x: float, y: float, z: float | None = None,
                       text: str = "", severity: int = 3,
                       photos: Iterable[str | os.PathLike[str]] = (),
                       feature: tuple[str, str] | None = None) -> str:
    """Record a field observation and queue it for the platform; returns its UUID.

    x, y (and z) are in the cache CRS (z in its vertical datum). Photos are read, hashed and
    copied into the cache. Everything is committed before this returns; nothing is written when
    anything is wrong (ValueError for bad values, InputError for an unreadable photo)."""
    if kind not in OBSERVATION_KINDS:
        raise ValueError(f"observation kind {kind!r}: expected one of "
                         f"{', '.join(OBSERVATION_KINDS)}")
    xf, yf = _finite("x", x), _finite("y", y)
    zf = None if z is None else _finite("z", z)
    if not isinstance(text, str):
        raise ValueError(f"observation text must be a string, not {type(text).__name__}")
    if isinstance(severity, bool) or not isinstance(severity, numbers.Integral) \
            or not 1 <= int(severity) <= 5:
        raise ValueError(f"severity {severity!r}: expected an integer from 1 to 5")
    link = _check_feature(cache, feature)
    if isinstance(photos, str | os.PathLike):
        photos = [photos]
    loaded = [_read_photo(Path(p)) for p in photos]
    obs_id = str(uuid.uuid4())
    now = utc_now()
    ensure_tables(cache)
    with cache.transaction() as tx:
        tx.conn.execute(insert(_O).values(
            id=obs_id, kind=kind, x=xf, y=yf, z=zf, crs=crs_label(cache.crs),
            vertical_crs=cache.vertical_crs, text=text, severity=int(severity),
            feature_layer=link[0] if link else None, feature_gid=link[1] if link else None,
            observed_at=now))
        for i, photo in enumerate(loaded):
            tx.conn.execute(insert(_P).values(
                observation_id=obs_id, position=i, name=photo.name, media_type=photo.media_type,
                sha256=photo.sha256, bytes=photo.bytes, data=photo.data))
        tx.conn.execute(insert(_Q).values(
            id=obs_id, kind="observation", collection=OBSERVATIONS_COLLECTION,
            target_id=obs_id, status="pending", attempts=0, created_at=now, updated_at=now))
        tx.record("observation", id=obs_id, observation_kind=kind,
                  feature=list(link) if link else None,
                  photos=[{"name": ph.name, "sha256": ph.sha256} for ph in loaded])
    return obs_id


def record_edit(cache: Cache, layer: str, gid: str, changes: Mapping[str, Any]) -> str:
    """Edit a platform feature here and queue the edit; returns the outbox item's id.

    The row is updated (``local_edit`` = 1) in the same transaction that queues the edit with its
    base: the feature's properties, version and updated_at as downloaded. While an earlier edit
    of the same feature is unsent, the changes are merged into it (same id, same base)."""
    spec = LAYERS.get(layer)
    if spec is None:
        raise ValueError(f"unknown layer {layer!r}; layers: {', '.join(LAYERS)}")
    if not isinstance(changes, Mapping) or not changes:
        raise ValueError("changes must be a non-empty dict of column: value")
    clean: dict[str, Any] = {}
    for column, value in changes.items():
        if column in PROTECTED_COLUMNS:
            raise ValueError(f"{layer}.{column} cannot be edited (identity, geometry or sync "
                             "bookkeeping)")
        if column not in spec.table.c:
            raise ValueError(f"{layer}: unknown column {column!r}")
        clean[column] = _json_scalar(f"{layer}.{column}", value)
        if column in LIFESPAN_COLUMNS:  # a demolition date ends the feature: kept as history
            clean[column] = _lifespan_value(column, clean[column])
    ensure_tables(cache)
    now = utc_now()
    t = spec.table
    with cache.transaction() as tx:
        cols = [c for c in t.c if c.name not in ("fid", "geom")]
        row = tx.conn.execute(select(*cols).where(t.c.gid == gid)).mappings().first()
        if row is None:
            raise ValueError(f"{layer}: no feature with gid {gid!r}")
        open_item = tx.conn.execute(
            select(_Q).where(_Q.c.kind == "edit", _Q.c.layer == layer, _Q.c.target_id == gid,
                             _Q.c.status.in_(_UNSENT)).order_by(_Q.c.seq)).mappings().first()
        if open_item is None:
            item_id = str(uuid.uuid4())
            base = _snapshot(row)
            tx.conn.execute(insert(_Q).values(
                id=item_id, kind="edit", collection=layer, target_id=gid, layer=layer,
                changes=_dumps(clean), base=_dumps(base), status="pending", attempts=0,
                created_at=now, updated_at=now))
        else:
            item_id = open_item["id"]
            merged = json.loads(open_item["changes"] or "{}") | clean
            values: dict[str, Any] = {"changes": _dumps(merged), "updated_at": now}
            if open_item["status"] == "rejected":  # changed again: a new attempt
                values |= {"status": "pending", "reason": None}
            tx.conn.execute(update(_Q).where(_Q.c.id == item_id).values(**values))
        tx.conn.execute(update(t).where(t.c.gid == gid).values(**clean, local_edit=1))
        tx.touched[layer] = "local_edit"
        tx.record("edit", layer=layer, gid=gid, fields=sorted(clean), item=item_id)
    return item_id


# -- reading ---------------------------------------------------------------------------------------
def outbox(cache: Cache, status: str | None = None) -> list[OutboxItem]:
    """The outbox in delivery order, optionally only one status."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    if not _has_tables(cache):
        return []
    query = select(_Q).order_by(_Q.c.seq)
    if status is not None:
        query = query.where(_Q.c.status == status)
    with cache.engine.connect() as conn:
        return [_item(conn, row) for row in conn.execute(query).mappings()]


#: Columns of :func:`observation_columns`, in order.
OBSERVATION_COLUMNS = ("id", "kind", "state", "severity", "text", "observed_at", "x", "y", "z",
                       "feature_layer", "feature_gid", "photos", "reason")


def observation_columns(cache: Cache) -> tuple[np.ndarray, dict[str, list[Any]]]:
    """Every observation as one row, for a map layer and its attribute table: the row ids
    (SQLite rowids, stable) and the :data:`OBSERVATION_COLUMNS` by rowid. ``state`` is its
    outbox status (pending, sent, rejected, conflict, discarded); ``photos`` how many."""
    if not _has_tables(cache):
        return np.zeros(0, np.int64), {c: [] for c in OBSERVATION_COLUMNS}
    sql = text(
        "SELECT o.rowid, o.id, o.kind, q.status, o.severity, o.text, o.observed_at, o.x, o.y, "
        "o.z, o.feature_layer, o.feature_gid, "
        "(SELECT count(*) FROM cimview_observation_photos p WHERE p.observation_id = o.id), "
        "q.reason FROM cimview_observations o LEFT JOIN cimview_outbox q "
        "ON q.kind = 'observation' AND q.target_id = o.id ORDER BY o.rowid")
    with cache.engine.connect() as conn:
        rows = conn.execute(sql).all()
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, {c: [r[i + 1] for r in rows] for i, c in enumerate(OBSERVATION_COLUMNS)}


def get(cache: Cache, id: str) -> OutboxItem | None:
    """One outbox item by its id (an observation's UUID, or the id record_edit returned)."""
    if not _has_tables(cache):
        return None
    with cache.engine.connect() as conn:
        return _get(conn, id)


def counts(cache: Cache) -> dict[str, int]:
    """How many items are in each status (for a status bar: '3 to send, 1 conflict')."""
    out = dict.fromkeys(STATUSES, 0)
    if not _has_tables(cache):
        return out
    with cache.engine.connect() as conn:
        for status, n in conn.execute(select(_Q.c.status, text("count(*)")).group_by(
                _Q.c.status)):
            out[status] = int(n)
    return out


def observation(cache: Cache, id: str, *, photo_data: bool = False) -> Observation | None:
    """An observation with its photos' names and hashes (and bytes with photo_data)."""
    if not _has_tables(cache):
        return None
    with cache.engine.connect() as conn:
        return _observation(conn, id, photo_data=photo_data)


# -- settling --------------------------------------------------------------------------------------
def resolve(cache: Cache, id: str, choices: Mapping[str, Any]) -> OutboxItem:
    """Settle a conflict field by field and make the edit pending again.

    ``choices[field]`` is "mine" (send my value), "theirs" (keep the platform's, also here) or
    any other value to send instead (``{"value": v}`` for a literal "mine" or "theirs"). Every
    conflicting field needs a choice. The platform's copy seen at the conflict becomes the new
    base, so the next push sends the choices unless the platform changed those fields again."""
    with cache.transaction() as tx:
        item = _item_in(tx, id, ("conflict",), "not in conflict")
        fields = [c["field"] for c in item.conflicts]
        missing = [f for f in fields if f not in choices]
        unknown = [f for f in choices if f not in fields]
        if missing or unknown:
            raise ValueError(f"outbox item {id}: choices needed for {', '.join(fields)}"
                             + (f"; missing {', '.join(missing)}" if missing else "")
                             + (f"; not in conflict: {', '.join(unknown)}" if unknown else ""))
        theirs = item.theirs or {}
        theirs_props = theirs.get("properties", {})
        changes = dict(item.changes or {})
        local: dict[str, Any] = {}
        for f in fields:
            choice = choices[f]
            if isinstance(choice, Mapping) and set(choice) == {"value"}:
                choice = {"value": _json_scalar(f, choice["value"])}
            if choice == "mine":
                continue
            if choice == "theirs":
                changes.pop(f, None)
                local[f] = theirs_props.get(f)
            else:
                value = choice["value"] if isinstance(choice, Mapping) else _json_scalar(f, choice)
                changes[f] = value
                local[f] = value
        spec = LAYERS.get(item.layer or "")
        if spec is not None and local:
            local = {k: v for k, v in local.items() if k in spec.table.c}
            if local:
                tx.conn.execute(update(spec.table).where(spec.table.c.gid == item.target_id)
                                .values(**local))
                tx.touched[spec.name] = "local_edit"
        tx.conn.execute(update(_Q).where(_Q.c.id == id).values(
            status="pending", changes=_dumps(changes), base=_dumps(theirs), conflicts=None,
            theirs=None, updated_at=utc_now()))
        tx.record("resolve", layer=item.layer, gid=item.target_id, item=id,
                  choices={f: c if c in ("mine", "theirs") else "value"
                           for f, c in ((f, choices[f]) for f in fields)})
        out = _get(tx.conn, id)
    assert out is not None
    return out


def _item_in(tx: Any, id: str, statuses: Iterable[str], refusal: str) -> OutboxItem:
    """The outbox item, if it is in one of these states; else a ValueError saying why not."""
    item = _get(tx.conn, id)
    if item is None:
        raise ValueError(f"no outbox item {id!r}")
    if item.status not in tuple(statuses):
        raise ValueError(f"outbox item {id}: {refusal} (status {item.status})")
    return item


def retry(cache: Cache, id: str) -> OutboxItem:
    """Make a rejected item pending again (after the cause was fixed on the platform)."""
    with cache.transaction() as tx:
        _item_in(tx, id, ("rejected",), "not rejected")
        tx.conn.execute(update(_Q).where(_Q.c.id == id).values(status="pending",
                                                                updated_at=utc_now()))
        tx.record("retry", item=id)
        out = _get(tx.conn, id)
    assert out is not None
    return out


def discard(cache: Cache, id: str) -> OutboxItem:
    """Give up on an unsent item, on the user's say-so. An edit's changed fields go back to
    their base values in the cache; an observation stays in the cache, marked not to send."""
    with cache.transaction() as tx:
        item = _item_in(tx, id, _UNSENT, "nothing to discard")
        if item.kind == "edit" and item.layer in LAYERS:
            spec = LAYERS[item.layer]
            base_props = (item.base or {}).get("properties", {})
            back = {k: base_props.get(k) for k in (item.changes or {}) if k in spec.table.c}
            tx.conn.execute(update(spec.table).where(spec.table.c.gid == item.target_id)
                            .values(**back, local_edit=0))
            tx.touched[spec.name] = "local_edit"
        tx.conn.execute(update(_Q).where(_Q.c.id == id).values(status="discarded",
                                                                updated_at=utc_now()))
        tx.record("discard", item=id, item_kind=item.kind, layer=item.layer,
                  target=item.target_id)
        out = _get(tx.conn, id)
    assert out is not None
    return out


# -- used by push ----------------------------------------------------------------------------------
def photos_with_data(cache: Cache, observation_id: str) -> list[Photo]:
    """An observation's photos with their bytes, in order."""
    with cache.engine.connect() as conn:
        rows = conn.execute(select(_P).where(_P.c.observation_id == observation_id)
                            .order_by(_P.c.position)).mappings().all()
    return [Photo(r["name"], r["sha256"], int(r["bytes"]), r["media_type"], bytes(r["data"]))
            for r in rows]


def note_attempt(cache: Cache, id: str, error: str | None) -> None:
    """Count a delivery attempt; a transient error is kept, the item stays pending."""
    now = utc_now()
    with cache.transaction() as tx:
        tx.conn.execute(update(_Q).where(_Q.c.id == id).values(
            attempts=_Q.c.attempts + 1, last_attempt_at=now, last_error=error, updated_at=now))


def mark_sent(cache: Cache, id: str, confirmation: Mapping[str, Any], *,
              local: Mapping[str, Any] | None = None, geometry: Any = None,
              expected_changes: Mapping[str, Any] | None = None) -> bool:
    """The platform confirmed it: status sent; True.

    For an edit, ``local`` holds the platform's copy after the write: its values (version,
    updated_at, fields changed there) and its ``geometry`` (shapely, cache CRS) go into the
    feature — a sync skipped the feature while it was edited here, so this is where the cache
    catches up with the platform — and its local_edit flag is cleared.
    ``expected_changes`` are the changes that were pushed: when the user edited the feature
    again meanwhile, the item is not marked sent but rebased on the platform's copy and left
    pending (the newer change goes with the next push), the newer local values stay; False."""
    now = utc_now()
    with cache.transaction() as tx:
        item = _get(tx.conn, id)
        if item is None:
            raise ValueError(f"no outbox item {id!r}")
        moved = expected_changes is not None and item.changes != dict(expected_changes)
        if moved:
            tx.conn.execute(update(_Q).where(_Q.c.id == id).values(
                status="pending", base=_dumps(platform_snapshot(local or {})),
                updated_at=now, last_attempt_at=now, last_error=None,
                attempts=_Q.c.attempts + 1, confirmation=_dumps(dict(confirmation))))
        else:
            tx.conn.execute(update(_Q).where(_Q.c.id == id).values(
                status="sent", sent_at=now, updated_at=now, last_attempt_at=now,
                last_error=None, attempts=_Q.c.attempts + 1, reason=None, conflicts=None,
                theirs=None, confirmation=_dumps(dict(confirmation))))
        if item.kind == "edit" and item.layer in LAYERS:
            t = LAYERS[item.layer].table
            keep = set(item.changes or {}) if moved else set()
            values = {k: v for k, v in (local or {}).items()
                      if k in t.c and k not in ("fid", "geom", "gid", "source", "local_edit")
                      and k not in keep}
            if not moved:
                values["local_edit"] = 0
            if geometry is not None:
                spec = LAYERS[item.layer]
                values["geom"] = gpkg.encode(np.array([geometry], dtype=object),
                                             cache.srs_id, has_z=spec.has_z)[0]
            if values:
                tx.conn.execute(update(t).where(t.c.gid == item.target_id).values(**values))
                tx.touched[item.layer] = "push"
        tx.record("push", item=id, item_kind=item.kind, collection=item.collection,
                  target=item.target_id, outcome="pending" if moved else "sent")
    return not moved


def mark_rejected(cache: Cache, id: str, reason: str, *,
                  expected_changes: Mapping[str, Any] | None = None) -> bool:
    """The platform refused it (4xx): kept in the outbox with the platform's reason; True.
    Left pending (False) when the user changed the edit meanwhile: the next push decides."""
    return _settle(cache, id, expected_changes, status="rejected", reason=reason)


def mark_conflict(cache: Cache, id: str, conflicts: list[dict[str, Any]],
                  theirs: Mapping[str, Any], *,
                  expected_changes: Mapping[str, Any] | None = None) -> bool:
    """Both sides changed a field: held for the user (see :func:`resolve`); True. Left pending
    (False) when the user changed the edit meanwhile: the next push compares again."""
    return _settle(cache, id, expected_changes, status="conflict",
                   conflicts=_dumps(conflicts), theirs=_dumps(dict(theirs)))


def _settle(cache: Cache, id: str, expected_changes: Mapping[str, Any] | None,
            **values: Any) -> bool:
    now = utc_now()
    with cache.transaction() as tx:
        item = _get(tx.conn, id)
        if item is None:
            raise ValueError(f"no outbox item {id!r}")
        moved = expected_changes is not None and item.changes != dict(expected_changes)
        common = {"attempts": _Q.c.attempts + 1, "last_attempt_at": now, "updated_at": now,
                  "last_error": None}
        if moved:
            values = {"status": "pending"}
        tx.conn.execute(update(_Q).where(_Q.c.id == id).values(**common, **values))
        tx.record("push", item=id, item_kind=item.kind, collection=item.collection,
                  target=item.target_id, outcome=values["status"])
    return not moved


def platform_snapshot(props: Mapping[str, Any]) -> dict[str, Any]:
    return {"version": props.get("version"), "updated_at": props.get("updated_at"),
            "properties": dict(props)}


# -- helpers ---------------------------------------------------------------------------------------
def _lifespan_value(column: str, value: Any) -> str | None:
    """A lifespan column's edited value as lifespan text (empty: none); CimviewError for what
    is not a time."""
    from store.lifespan import parse_when

    if value is None or str(value).strip() == "":
        return None
    when = parse_when(value)
    if when is None:
        raise CimviewError("{column}: {value} is not a year or a date (e.g. 2012, 2012-06-30)",
                           column=column, value=repr(str(value)[:40]))
    return when


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} {value!r}: not a number")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name} {value!r}: not a finite number")
    return out


def _json_scalar(name: str, value: object) -> Any:
    """A value an edit can carry: None, str, int, finite float (numpy scalars become Python)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return _finite(name, value)
    raise ValueError(f"{name}: {value!r} is not a text, number or null")


def _check_feature(cache: Cache, feature: object) -> tuple[str, str] | None:
    if feature is None:
        return None
    if isinstance(feature, str | bytes) or not isinstance(feature, Iterable):
        raise ValueError(f"feature {feature!r}: expected (layer, gid)")
    parts = list(feature)
    if len(parts) != 2 or not all(isinstance(p, str) for p in parts):
        raise ValueError(f"feature {feature!r}: expected (layer, gid)")
    layer, gid = parts
    spec = LAYERS.get(layer)
    if spec is None:
        raise ValueError(f"feature layer {layer!r}: unknown; layers: {', '.join(LAYERS)}")
    with cache.engine.connect() as conn:
        if conn.execute(select(spec.table.c.fid).where(spec.table.c.gid == gid)).first() is None:
            raise ValueError(f"feature {layer}/{gid}: not in the cache")
    return layer, gid


def _read_photo(path: Path) -> Photo:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, "cannot read the photo: {error}",
                         error=exc.strerror or str(exc)) from None
    if not data:
        raise InputError(path, "the photo is empty (0 bytes)")
    return Photo(name=path.name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data),
                 media_type=mimetypes.guess_type(path.name)[0], data=data)


def _snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if k not in ("fid", "geom", "source", "local_edit")}
    return {"version": row["version"], "updated_at": row["updated_at"], "properties": props}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=True)


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _get(conn: Connection, id: str) -> OutboxItem | None:
    row = conn.execute(select(_Q).where(_Q.c.id == id)).mappings().first()
    return None if row is None else _item(conn, row)


def _item(conn: Connection, row: Mapping[str, Any]) -> OutboxItem:
    obs = (_observation(conn, row["target_id"], photo_data=False)
           if row["kind"] == "observation" else None)
    return OutboxItem(
        id=row["id"], seq=int(row["seq"]), kind=row["kind"], status=row["status"],
        collection=row["collection"], target_id=row["target_id"], layer=row["layer"],
        changes=_loads(row["changes"]), base=_loads(row["base"]),
        conflicts=_loads(row["conflicts"]) or [], theirs=_loads(row["theirs"]),
        reason=row["reason"], last_error=row["last_error"], attempts=int(row["attempts"]),
        created_at=row["created_at"], updated_at=row["updated_at"],
        last_attempt_at=row["last_attempt_at"], sent_at=row["sent_at"],
        confirmation=_loads(row["confirmation"]), observation=obs)


def _observation(conn: Connection, id: str, *, photo_data: bool) -> Observation | None:
    row = conn.execute(select(_O).where(_O.c.id == id)).mappings().first()
    if row is None:
        return None
    cols = [_P.c.name, _P.c.sha256, _P.c.bytes, _P.c.media_type]
    if photo_data:
        cols.append(_P.c.data)
    photos = tuple(
        Photo(r["name"], r["sha256"], int(r["bytes"]), r["media_type"],
              bytes(r["data"]) if photo_data else None)
        for r in conn.execute(select(*cols).where(_P.c.observation_id == id)
                              .order_by(_P.c.position)).mappings())
    link = ((row["feature_layer"], row["feature_gid"]) if row["feature_layer"] else None)
    return Observation(id=row["id"], kind=row["kind"], x=row["x"], y=row["y"], z=row["z"],
                       crs=row["crs"], vertical_crs=row["vertical_crs"], text=row["text"],
                       severity=int(row["severity"]), feature=link,
                       observed_at=row["observed_at"], photos=photos)


__all__ = [
    "OBSERVATION_COLUMNS", "OBSERVATION_KINDS", "OBSERVATIONS_COLLECTION", "STATUSES",
    "Observation", "OutboxItem", "Photo", "counts", "discard", "ensure_tables", "get",
    "observation", "observation_columns", "outbox",
    "record_edit", "record_observation", "resolve", "retry",
]
