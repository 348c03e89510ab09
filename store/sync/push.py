"""Push the outbox to the base platform (OGC API - Features, Part 4 transactions).

:func:`push` delivers every *pending* outbox item in the order it was recorded and marks it
sent **only after the platform confirmed it**: a 2xx answer *and* a read-back of the item that
shows what was sent (an observation's photo SHA-256s — declared and recomputed from the
returned bytes —, an edit's field values). Anything short of that leaves the item pending for
the next push; nothing is ever dropped.

Observations (``observations`` collection, feature id = the observation's UUID)
    Creates are made idempotent by looking first: ``GET …/items/{uuid}``; when the platform
    already holds it with the same photos (an earlier push whose answer was lost), it is marked
    sent without a second POST (pygeoapi answers a duplicate-id POST with a 500). Otherwise one
    POST — never retried blindly: when it fails after it may have reached the server, the item
    is looked up again before deciding. A PUT is used only to repair a copy already on the
    platform whose photos differ: a PUT is not create-or-replace on every platform (pygeoapi
    0.21's TinyDB provider answered 204 to a PUT of a missing id and created nothing; the local
    platform over PostGIS answers 404).

    Geometry: pygeoapi 0.21 ignores ``Content-Crs`` on POST/PUT and stores the body as it comes,
    then serves it as if it were in the collection's ``storageCrs``. So the point is sent in the
    collection's ``storageCrs`` (CRS84 lon/lat, the GeoJSON default, for a default collection),
    with a ``Content-Crs`` header when that is not CRS84 (right for servers that honour it,
    harmless for pygeoapi).

Edits (the layer's collection, feature id = the gid)
    The platform's current copy is read (in its storage CRS, so its geometry goes back
    untouched) and compared field by field with the base recorded at edit time: a field changed
    only here is sent; a field changed only on the platform keeps the platform's value (here
    too); a field changed on both sides to different values puts the item in ``conflict`` with
    (field, base, mine, theirs) for the user — nothing is overwritten silently. The comparison
    is always made on the values, so a platform that keeps no version still gets it right. The
    PUT carries ``If-Match`` when the platform gave an ETag; pygeoapi 0.21 gives none (and does
    not check If-Match), which leaves a window of one GET→PUT round trip in which a concurrent
    write on the platform could be overwritten; the read-back narrows it but cannot close it.
    The body bumps ``version`` and ``updated_at`` when the platform's copy has them, as a
    platform that keeps them would (pygeoapi stores what it is sent).

Credentials go only to the origin of ``url`` (see :mod:`store.sync.client`); a token sent over
plain ``http://`` to another machine is warned about (``PushSummary.warnings``). ``cancel``
(a callable or an Event-like object) stops the push within a second, even mid-request: the
item in flight and the rest stay pending (``not_tried``), and a retried push finds an
observation already created by its UUID. Push does not hold the cache's writer lock for its
whole run (the field worker may record observations meanwhile); its lease keeps a second push
out.

The trail (:mod:`store.audit`): each settled item appends a ``push`` entry in the transaction
that settles it; every request carries the trail's head (``Cimview-Trail-Head``), and a push
that ran to its end sends it once more after its own entries, for the platform to keep.

Failures: no connection / timeouts / 5xx (after the client's retries) → the item stays pending
with the error kept (``last_error``, ``attempts``); a network failure stops the push (the
platform is unreachable: the rest is not tried). 401/403 stop the push too (credentials, not
the item, are wrong). Any other 4xx answer to a write → ``rejected``, with the platform's reason.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import shapely
import shapely.errors
from pyproj import CRS, Transformer
from shapely.geometry import mapping, shape
from sqlalchemy import select

from store import audit
from store.cache import Cache, utc_now
from store.crs import parse_crs
from store.errors import CimviewError
from store.messages import msg
from store.schema import LAYERS, meta_table
from store.sync import outbox as ob
from store.sync import scenario_push
from store.sync.client import (
    CRS84,
    Cancelled,
    NotFound,
    Platform,
    PreconditionFailed,
    SyncError,
    crs_uri,
    same_crs,
)
from store.sync.credentials import plain_http_warning

#: Progress callback: (fraction done 0…1, message).
Progress = Callable[[float, str], None]

LEASE_KEY = "outbox_push_lease"
LEASE_SECONDS = 600
#: Answers that say "try again later", not "no".
TRANSIENT_STATUS = frozenset({408, 425, 429})
#: Answers that say the credentials are wrong: the push stops, items stay pending.
AUTH_STATUS = frozenset({401, 403, 407})
#: The platform's lifecycle property: features are retired there, never deleted.
LIFECYCLE, RETIRED = "lifecycle", "retired"
#: Give up for this push after this many items failed in a row for transient reasons.
MAX_CONSECUTIVE_FAILURES = 3


@dataclass
class PushSummary:
    """What a push did; ``to_dict()`` is JSON-able.

    ``pushed``: delivered and confirmed now; ``already_there``: the platform already held it
    (an earlier push's answer was lost, or an edit it already carries) — marked sent;
    ``rejected``: refused by the platform (reason kept in the outbox); ``conflicts``: edits held
    for the user; ``failed``: still pending after a transient failure; ``not_tried``: still
    pending because the push stopped early (``error`` says why)."""

    url: str
    pushed: int = 0
    already_there: int = 0
    rejected: int = 0
    conflicts: int = 0
    failed: int = 0
    not_tried: int = 0
    error: str | None = None
    cancelled: bool = False
    items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the cache trail's head ("COUNT:SHA256") the platform was told of last, when it was
    trail_head: str | None = None
    #: planning scenarios pushed (names), and why others were not
    scenarios: list[str] = field(default_factory=list)
    scenario_problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether nothing is left pending because of a failure."""
        return not (self.failed or self.not_tried or self.error)

    def add(self, item: ob.OutboxItem, outcome: str, detail: str | None = None) -> None:
        key = {"pushed": "pushed", "already_there": "already_there", "rejected": "rejected",
               "conflict": "conflicts", "failed": "failed", "not_tried": "not_tried"}[outcome]
        setattr(self, key, getattr(self, key) + 1)
        self.items.append({"id": item.id, "kind": item.kind, "collection": item.collection,
                           "target_id": item.target_id, "outcome": outcome, "detail": detail})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"complete": self.complete}


class _Unconfirmed(Exception):
    """The platform answered 2xx but its copy does not show what was sent: not sent."""


class _Refused(Exception):
    """The platform refused a write (a 4xx that is not about credentials or load)."""


def _refusal(exc: SyncError) -> bool:
    return (exc.status is not None and 400 <= exc.status < 500
            and exc.status not in TRANSIENT_STATUS and exc.status not in AUTH_STATUS)


# -- the push --------------------------------------------------------------------------------------
def push(cache: Cache, url: str, *, token: str | None = None, progress: Progress | None = None,
         timeout: float = 30, retries: int = 4, platform: Platform | None = None,
         cancel: Any = None) -> PushSummary:
    """Deliver the pending outbox items to the platform at ``url`` (its landing page).

    ``progress(fraction, message)``: the message is a :class:`~store.messages.Message`.
    ``cancel``: None, a callable or an Event-like object (``is_set``), checked between items
    and while waiting for every request. Returns a :class:`PushSummary`; raises CimviewError
    only when another push of this cache is running. Items that could not be delivered stay
    pending, with the error kept."""
    summary = PushSummary(url=url)
    remote = platform or Platform(url, token, timeout=timeout, retries=retries)
    if remote.has_token and (warning := plain_http_warning(remote.url)):
        summary.warnings.append(warning)
    old_cancel = remote.cancel
    if cancel is not None:
        remote.cancel = cancel
    try:
        items = ob.outbox(cache, "pending")
        scenarios = scenario_push.pending(cache)  # changed here: no request needed to know
        if not items and not scenarios:
            _report(progress, 1.0, msg("nothing to push"))
            return summary
        with _lease(cache) as renew:
            _carry_head(cache, remote)
            if items:
                _push_items(cache, remote, items, summary, progress, renew)
            if scenarios and not summary.error:
                _push_scenarios(cache, remote, scenarios, summary)
            if not summary.error:
                _report_head(cache, remote, summary)
    finally:
        remote.session.headers.pop(audit.HEAD_HEADER, None)
        remote.cancel = old_cancel
        if platform is None:
            remote.close()
    return summary


def _push_scenarios(cache: Cache, remote: Platform, scenarios: list[Any],
                    summary: PushSummary) -> None:
    """The planning scenarios changed here (store/sync/scenario_push.py)."""
    try:
        pushed, problems = scenario_push.push_scenarios(cache, remote, scenarios,
                                                        remote.collections())
    except SyncError as exc:
        summary.error = str(exc)
        summary.cancelled = isinstance(exc, Cancelled)
        return
    summary.scenarios += pushed
    summary.scenario_problems += problems


def _push_items(cache: Cache, remote: Platform, items: list[ob.OutboxItem],
                summary: PushSummary, progress: Progress | None,
                renew: Callable[[], None]) -> None:
    targets: dict[str, _Target] = {}
    try:
        collections = remote.collections()
    except SyncError as exc:
        summary.cancelled = isinstance(exc, Cancelled)
        _stopped(cache, items, summary, exc)
        return
    in_a_row = 0
    for n, listed in enumerate(items):
        if remote.cancelled():
            summary.cancelled = True
            _stopped(cache, items[n:], summary, Cancelled(remote.url, "cancelled"))
            return
        _report(progress, n / len(items), msg("{kind} {target}", kind=listed.kind,
                                              target=listed.target_id))
        renew()
        _carry_head(cache, remote)
        item = ob.get(cache, listed.id)  # re-read: the user may have changed it meanwhile
        if item is None or item.status != "pending":
            continue
        try:
            if item.collection not in collections:
                ob.mark_rejected(cache, item.id, msg(
                    "the platform has no collection {collection} (it has: {names})",
                    collection=repr(item.collection),
                    names=", ".join(sorted(collections)) or "none"))
                summary.add(item, "rejected", msg("no collection {collection}",
                                                  collection=item.collection))
                continue
            if item.collection not in targets:
                targets[item.collection] = _Target(collections[item.collection], cache.crs)
            target = targets[item.collection]
            if item.kind == "observation":
                outcome, detail = _push_observation(cache, remote, item, target)
            else:
                outcome, detail = _push_edit(cache, remote, item, target)
        except _Unconfirmed as exc:
            ob.note_attempt(cache, item.id, str(exc))
            outcome, detail = "failed", str(exc)
        except _Refused as exc:
            if ob.mark_rejected(cache, item.id, str(exc), expected_changes=item.changes):
                outcome, detail = "rejected", str(exc)
            else:
                outcome, detail = "failed", msg("{reason} (edited again during the push: "
                                                "tried again next time)", reason=str(exc))
        except Cancelled as exc:  # the item stays pending: a retried push looks it up first
            summary.cancelled = True
            _stopped(cache, items[n:], summary, exc)
            return
        except SyncError as exc:
            if exc.status is None or exc.status in AUTH_STATUS:
                ob.note_attempt(cache, item.id, str(exc))
                summary.add(item, "failed", str(exc))
                _stopped(cache, items[n + 1:], summary, exc)
                return
            # 5xx after the client's retries, 408/429, or a read the platform would not
            # answer: not a refusal of the change; it stays pending.
            ob.note_attempt(cache, item.id, str(exc))
            outcome, detail = "failed", str(exc)
        except CimviewError as exc:  # e.g. a storageCrs this cimview cannot use
            ob.note_attempt(cache, item.id, str(exc))
            outcome, detail = "failed", str(exc)
        summary.add(item, outcome, detail)
        in_a_row = in_a_row + 1 if outcome == "failed" else 0
        if in_a_row >= MAX_CONSECUTIVE_FAILURES and n + 1 < len(items):
            _stopped(cache, items[n + 1:], summary, CimviewError(
                "{n} items in a row failed; the platform seems unwell ({detail})",
                n=in_a_row, detail=detail))
            return
    _report(progress, 1.0, msg("done"))


def _carry_head(cache: Cache, remote: Platform) -> str:
    """Every request of the push carries the trail's current head (:mod:`store.audit`), so
    the platform holds it: a trail cut short or rewritten here is caught against it."""
    with cache.engine.connect() as conn:
        value = audit.head_header(conn)
    remote.session.headers[audit.HEAD_HEADER] = value
    return value


def _report_head(cache: Cache, remote: Platform, summary: PushSummary) -> None:
    """Tell the platform the head after the push's own entries (one small GET)."""
    value = _carry_head(cache, remote)
    try:
        remote.get_json(remote.url, {"f": "json"})
    except SyncError as exc:
        summary.warnings.append(msg("the platform was not told the trail's last entries "
                                    "({error}); the next push tells it", error=str(exc)))
        return
    fields = dict(part.strip().partition("=")[::2] for part in value.split(";"))
    summary.trail_head = f"{fields.get('count')}:{fields.get('sha256')}"


def _stopped(cache: Cache, rest: list[ob.OutboxItem], summary: PushSummary,
             exc: Exception) -> None:
    summary.error = str(exc)
    for item in rest:
        summary.add(item, "not_tried")


def _report(progress: Progress | None, fraction: float, message: str) -> None:
    if progress is not None:
        progress(fraction, message)


# -- observations ----------------------------------------------------------------------------------
def _push_observation(cache: Cache, remote: Platform, item: ob.OutboxItem,
                      target: _Target) -> tuple[str, str | None]:
    obs = item.observation
    if obs is None:  # the outbox row outlived its observation: only a hand-edited cache
        ob.mark_rejected(cache, item.id, "the observation is missing from the cache")
        return "rejected", "observation missing from the cache"
    photos = ob.photos_with_data(cache, obs.id)
    feature = observation_feature(obs, photos, target.to_storage(obs.x, obs.y, cache))
    collection = item.collection
    existing = _get(remote, collection, obs.id, target.read_crs)
    if existing is not None:
        if _photos_match(existing, photos):
            ob.mark_sent(cache, item.id, _confirmation(existing, "already on the platform"))
            return "already_there", "already on the platform"
        # The platform holds this id with other photos (a copy damaged on the way): repair it.
        try:
            remote.replace_item(collection, obs.id, feature, content_crs=target.content_crs)
        except SyncError as exc:
            if _refusal(exc):
                raise _Refused(exc.problem) from None
            raise
    else:
        try:
            remote.create_item(collection, feature, content_crs=target.content_crs)
        except SyncError as exc:
            if not exc.sent:
                raise  # it never reached the server
            if _refusal(exc):
                raise _Refused(exc.problem) from None
            if exc.status in AUTH_STATUS:
                raise
            # It may have been created before the answer was lost: look before deciding.
            try:
                landed = _get(remote, collection, obs.id, target.read_crs)
            except SyncError:
                raise exc from None
            if landed is None or not _photos_match(landed, photos):
                raise
    back = _get(remote, collection, obs.id, target.read_crs)
    if back is None:
        raise _Unconfirmed("the platform accepted the observation but does not return it")
    if not _photos_match(back, photos):
        raise _Unconfirmed("the platform's copy does not have the photos sent (SHA-256 differ)")
    ob.mark_sent(cache, item.id, _confirmation(back, "created"))
    return "pushed", None


def observation_feature(obs: ob.Observation, photos: list[ob.Photo],
                        xy: tuple[float, float]) -> dict[str, Any]:
    """The GeoJSON feature sent for an observation (geometry already in the storage CRS, x/y)."""
    return {
        "type": "Feature",
        "id": obs.id,
        "geometry": {"type": "Point", "coordinates": [xy[0], xy[1]]},
        "properties": {
            "id": obs.id,
            "kind": obs.kind,
            "text": obs.text,
            "severity": obs.severity,
            "observed_at": obs.observed_at,
            "height": obs.z,
            "height_crs": obs.vertical_crs,
            "feature_layer": obs.feature[0] if obs.feature else None,
            "feature_gid": obs.feature[1] if obs.feature else None,
            "client_x": obs.x, "client_y": obs.y, "client_crs": obs.crs,
            "source": "cimview",
            "updated_at": utc_now(), "version": 1, LIFECYCLE: "active",
            "photos": [{"name": p.name, "sha256": p.sha256, "bytes": p.bytes,
                        "media_type": p.media_type,
                        "data_base64": base64.b64encode(p.data or b"").decode("ascii")}
                       for p in photos],
        },
    }


def _photos_match(feature: Mapping[str, Any], photos: list[ob.Photo]) -> bool:
    """Whether the platform's copy carries exactly these photos: the declared SHA-256s and the
    SHA-256 of the bytes it returns (when it returns them) both match."""
    got = (feature.get("properties") or {}).get("photos") or []
    if not isinstance(got, list) or len(got) != len(photos):
        return False
    want = sorted(p.sha256 for p in photos)
    declared = []
    for p in got:
        if not isinstance(p, Mapping):
            return False
        declared.append(str(p.get("sha256", "")).lower())
        data = p.get("data_base64")
        if data is not None:
            try:
                raw = base64.b64decode(data, validate=True)
            except (binascii.Error, ValueError, TypeError):
                return False
            if hashlib.sha256(raw).hexdigest() != str(p.get("sha256", "")).lower():
                return False
    return sorted(declared) == want


def _confirmation(feature: Mapping[str, Any], how: str) -> dict[str, Any]:
    props = feature.get("properties") or {}
    return {"how": how, "id": feature.get("id"), "confirmed_at": utc_now(),
            "version": props.get("version"), "updated_at": props.get("updated_at"),
            "photos": [p.get("sha256") for p in props.get("photos") or []
                       if isinstance(p, Mapping)]}


# -- edits -----------------------------------------------------------------------------------------
def _push_edit(cache: Cache, remote: Platform, item: ob.OutboxItem,
               target: _Target) -> tuple[str, str | None]:
    collection, gid = item.collection, item.target_id
    for _attempt in range(3):  # a 412 (changed under us) means: read again and merge again
        theirs, etag = _get_with_etag(remote, collection, gid, target.read_crs)
        if theirs is None:
            reason = msg("{collection}/{gid} is not on the platform (deleted there?); the "
                         "local change cannot be applied", collection=collection, gid=gid)
            ob.mark_rejected(cache, item.id, reason, expected_changes=item.changes)
            return "rejected", reason
        props = dict(theirs.get("properties") or {})
        if props.get(LIFECYCLE) == RETIRED:
            reason = msg("{collection}/{gid} was retired on the platform; the local change "
                         "cannot be applied", collection=collection, gid=gid)
            ob.mark_rejected(cache, item.id, reason, expected_changes=item.changes)
            return "rejected", reason
        send, conflicts = merge(item.base or {}, item.changes or {}, props)
        if conflicts:
            if not ob.mark_conflict(cache, item.id, conflicts, ob.platform_snapshot(props),
                                    expected_changes=item.changes):
                return "failed", "edited again during the push: compared again next time"
            return "conflict", ", ".join(c["field"] for c in conflicts)
        if not send:
            ob.mark_sent(cache, item.id, _confirmation(theirs, "the platform already has it"),
                         local=props, geometry=target.to_cache(theirs, item.layer, cache),
                         expected_changes=item.changes)
            return "already_there", "the platform already has these values"
        body_props = props | send
        if isinstance(props.get("version"), int) and not isinstance(props["version"], bool):
            body_props["version"] = props["version"] + 1
        if "updated_at" in props:
            body_props["updated_at"] = utc_now()
        body = {"type": "Feature", "id": theirs.get("id", gid),
                "geometry": target.read_to_storage(theirs.get("geometry")),
                "properties": body_props}
        try:
            remote.replace_item(collection, gid, body, etag=etag,
                                content_crs=target.content_crs)
        except PreconditionFailed:
            continue
        except SyncError as exc:
            if _refusal(exc):
                raise _Refused(exc.problem) from None
            raise
        back = _get(remote, collection, gid, target.read_crs)
        back_props = (back or {}).get("properties") or {}
        kept = back is not None and all(_same(back_props.get(k), v) for k, v in send.items())
        if not kept:
            raise _Unconfirmed("the platform answered the PUT but its copy does not hold the "
                               "values sent")
        assert back is not None
        done = ob.mark_sent(cache, item.id,
                            _confirmation(back, "replaced") | {"fields": sorted(send)},
                            local=back_props,
                            geometry=target.to_cache(back, item.layer, cache),
                            expected_changes=item.changes)
        detail = ", ".join(sorted(send))
        return "pushed", detail if done else msg("{fields} (edited again meanwhile: still "
                                                 "pending)", fields=detail)
    raise _Unconfirmed("the feature kept changing on the platform (412 three times)")


def merge(base: Mapping[str, Any], changes: Mapping[str, Any], theirs: Mapping[str, Any]
          ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Three-way merge of an edit, field by field: (fields to send, conflicts).

    A field the platform still has at its base value is sent; one the platform already has at
    my value needs nothing; one the platform changed to something else is a conflict
    {"field", "base", "mine", "theirs"}. Fields I did not change keep the platform's values."""
    base_props = base.get("properties") or {}
    send: dict[str, Any] = {}
    conflicts: list[dict[str, Any]] = []
    for name, mine in changes.items():
        was, now = base_props.get(name), theirs.get(name)
        if _same(now, mine):
            continue
        if _same(now, was):
            send[name] = mine
        else:
            conflicts.append({"field": name, "base": was, "mine": mine, "theirs": now})
    return send, conflicts


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        a = int(a) if isinstance(a, bool) else a
        b = int(b) if isinstance(b, bool) else b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return a == b


# -- platform helpers ------------------------------------------------------------------------------
def _get(remote: Platform, collection: str, id: str, crs: str | None
         ) -> dict[str, Any] | None:
    return _get_with_etag(remote, collection, id, crs)[0]


def _get_with_etag(remote: Platform, collection: str, id: str, crs: str | None
                   ) -> tuple[dict[str, Any] | None, str | None]:
    try:
        return remote.get_item(collection, id, crs=crs)
    except NotFound:
        return None, None


class _Target:
    """A platform collection's CRSs: what it stores, what to read in, what to send in."""

    def __init__(self, description: Mapping[str, Any], cache_crs: CRS):
        self.storage = str(description.get("storageCrs") or CRS84)
        offered = [str(c) for c in description.get("crs") or []]
        self.storage_is_crs84 = same_crs(self.storage, CRS84)
        # Read in the storage CRS when offered (the geometry comes back as stored, so a PUT
        # returns it untouched); else in CRS84, converted back before a PUT.
        if self.storage_is_crs84:
            self.read_crs: str | None = None
        elif any(same_crs(c, self.storage) for c in offered):
            self.read_crs = crs_uri(self.storage)
        else:
            self.read_crs = None
        self.content_crs = None if self.storage_is_crs84 else crs_uri(self.storage)
        self._storage = CRS84 if self.storage_is_crs84 else self.storage
        self._cache_crs = cache_crs

    def _crs(self) -> CRS:
        return parse_crs(self._storage, what="storage CRS")

    def to_storage(self, x: float, y: float, cache: Cache) -> tuple[float, float]:
        """Cache-CRS (x, y) → storage CRS (x, y), i.e. lon/lat for CRS84."""
        t = Transformer.from_crs(cache.crs, self._crs(), always_xy=True)
        sx, sy = t.transform(x, y)
        return float(sx), float(sy)

    def to_cache(self, feature: Mapping[str, Any], layer: str | None, cache: Cache) -> Any:
        """A feature's geometry as read (x/y in read_crs) → shapely in the cache CRS, shaped for
        the layer (multi-part types wrapped); None when there is none or it is unusable."""
        geometry = feature.get("geometry")
        spec = LAYERS.get(layer or "")
        if not geometry or spec is None:
            return None
        try:
            geom = shape(geometry)
        except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException):
            return None
        src = parse_crs(self.read_crs or CRS84, what="platform CRS")
        t = Transformer.from_crs(src, cache.crs, always_xy=True)
        geom = _reproject(geom, t)
        multi = {"MULTIPOLYGON": ("Polygon", shapely.MultiPolygon),
                 "MULTILINESTRING": ("LineString", shapely.MultiLineString),
                 "MULTIPOINT": ("Point", shapely.MultiPoint)}.get(spec.geometry_type)
        if multi and geom.geom_type == multi[0]:
            geom = multi[1]([geom])
        return geom

    def read_to_storage(self, geometry: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """A geometry as read (in read_crs) → the storage CRS, for a PUT."""
        if geometry is None or self.read_crs is not None or self.storage_is_crs84:
            return None if geometry is None else dict(geometry)
        t = Transformer.from_crs(CRS.from_user_input("OGC:CRS84"), self._crs(), always_xy=True)
        geom = _reproject(shape(geometry), t)
        return dict(mapping(geom))


def _reproject(geom: Any, t: Transformer) -> Any:
    """A shapely geometry through an always_xy transformer, z kept."""
    def fn(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        out[:, 0], out[:, 1] = t.transform(coords[:, 0], coords[:, 1])
        return out

    return shapely.transform(geom, fn, include_z=bool(shapely.has_z(geom)))


# -- one push at a time ----------------------------------------------------------------------------
@contextmanager
def _lease(cache: Cache) -> Iterator[Callable[[], None]]:
    """Hold the cache's push lease (two pushes at once could both POST one observation).

    The lease is a row in cimview_meta naming its holder; it expires after LEASE_SECONDS
    without renewal, or at once when its holder was a process on this machine that is gone."""
    me = {"owner": str(uuid.uuid4()), "host": socket.gethostname(), "pid": os.getpid(),
          "since": utc_now()}

    def take(first: bool) -> None:
        with cache.transaction() as tx:
            held = _held(tx.conn.execute(select(meta_table.c.value).where(
                meta_table.c.key == LEASE_KEY)).scalar())
            if held is not None and held.get("owner") != me["owner"]:
                if not first:
                    raise CimviewError("the push lease was taken over", path=cache.path)
                if _alive(held):
                    raise CimviewError(
                        "another push is running (process {pid} on {host}, since {since}); "
                        "try again when it ends", path=cache.path, pid=held.get("pid"),
                        host=held.get("host"), since=held.get("since"))
            tx.set_meta(LEASE_KEY, json.dumps(me | {"until": time.time() + LEASE_SECONDS}))

    take(True)
    try:
        yield lambda: take(False)
    finally:
        with cache.transaction() as tx:
            raw = tx.conn.execute(select(meta_table.c.value).where(
                meta_table.c.key == LEASE_KEY)).scalar()
            held = _held(raw)
            if held is not None and held.get("owner") == me["owner"]:
                tx.conn.execute(meta_table.delete().where(meta_table.c.key == LEASE_KEY))


def _held(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _alive(held: Mapping[str, Any]) -> bool:
    if float(held.get("until") or 0) < time.time():
        return False
    pid = held.get("pid")
    if held.get("host") == socket.gethostname() and isinstance(pid, int) and pid > 0:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except (PermissionError, ValueError, OSError):
            return True
    return True


__all__ = ["PushSummary", "merge", "observation_feature", "push"]
