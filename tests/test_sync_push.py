"""Pushing the outbox: nothing lost, nothing duplicated, no edit overwritten silently.

Two platforms: a small stub (http.server in a thread) that behaves like pygeoapi 0.21's TinyDB
collections did — quirks a client must survive on other platforms — and can misbehave on purpose
(lost answers, 5xx, corrupted photos, ETags), and the real local platform (pygeoapi over PostGIS,
tests/platform_fixture.py) for the end-to-end cases.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from pyproj import Transformer

from store.cache import Cache
from store.crs import parse_crs
from store.errors import CimviewError
from store.sync import outbox as ob
from store.sync.client import CRS84, Platform
from store.sync.outbox import get, outbox, record_edit, record_observation, resolve
from store.sync.push import LEASE_KEY, merge, push
from tests.platform_fixture import Platform as LocalPlatform
from tests.platform_fixture import ogc_platform  # noqa: F401  (the session's platform)
from tests.test_sync_outbox import POLE, X0, Y0, make_cache

ROOT = Path(__file__).resolve().parents[1]
EPSG4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"


# -- a pygeoapi-like stub --------------------------------------------------------------------------
class Stub:
    """pygeoapi 0.21 over TinyDB, as far as a push sees it: GET item (404 when missing), POST
    (201 + Location; 500 for a duplicate id, as pygeoapi does), PUT (204, and 204 without
    creating anything for a missing id), 400 'Collection is not editable' on read-only ones.
    Knobs make it misbehave."""

    def __init__(self) -> None:
        self.collections: dict[str, dict[str, Any]] = {
            "observations": {"storage": CRS84, "editable": True, "items": {}},
            "poles": {"storage": CRS84, "editable": True, "items": {}},
            "roads": {"storage": CRS84, "editable": False, "items": {}},
        }
        self.log: list[tuple[str, str]] = []
        self.bodies: list[tuple[str, str, dict[str, Any], dict[str, str]]] = []
        self.fail: list[int] = []  # statuses to answer the next writes with (not stored)
        self.reject: str | None = None  # a 400 with this description on the next write
        self.drop_after_store = 0  # writes stored, then the connection dropped
        self.corrupt_photos = False
        self.etags = False
        self.unauthorised = False
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                stub._get(self)

            def do_POST(self) -> None:
                stub._write(self, "POST")

            def do_PUT(self) -> None:
                stub._write(self, "PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # helpers for tests
    def count(self, method: str, collection: str = "observations") -> int:
        return sum(1 for m, p in self.log if m == method and f"/{collection}/" in p + "/")

    def put_feature(self, collection: str, feature: dict[str, Any]) -> None:
        self.collections[collection]["items"][feature["id"]] = copy.deepcopy(feature)

    def feature(self, collection: str, id: str) -> dict[str, Any] | None:
        return self.collections[collection]["items"].get(id)

    # the server side
    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any = None,
              headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if data:
            h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _error(self, h: BaseHTTPRequestHandler, status: int, code: str, text: str) -> None:
        self._send(h, status, {"code": code, "type": code, "description": text})

    def _parts(self, h: BaseHTTPRequestHandler) -> list[str]:
        return [p for p in h.path.split("?")[0].split("/") if p]

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        self.log.append(("GET", h.path))
        if self.unauthorised:
            return self._error(h, 401, "Unauthorized", "token expired")
        parts = self._parts(h)
        if parts == ["collections"]:
            return self._send(h, 200, {"collections": [
                {"id": name, "storageCrs": c["storage"], "crs": c.get("offered",
                                                                      [CRS84, EPSG4547])}
                for name, c in self.collections.items()]})
        if len(parts) == 4 and parts[0] == "collections" and parts[2] == "items":
            c = self.collections.get(parts[1])
            if c is None:
                return self._error(h, 404, "NotFound", "Collection not found")
            feat = c["items"].get(parts[3])
            if feat is None:
                return self._error(h, 404, "NotFound", "identifier not found")
            want = parse_qs(urlsplit(h.path).query).get("crs", [CRS84])[0]
            if want not in c.get("offered", [CRS84, EPSG4547]):
                return self._error(h, 400, "InvalidParameterValue", "CRS not supported")
            if want != c["storage"] and feat.get("geometry"):  # as pygeoapi: authority order
                t = Transformer.from_crs(parse_crs(c["storage"]), parse_crs(want))
                a, b = feat["geometry"]["coordinates"][:2]
                feat = copy.deepcopy(feat)
                feat["geometry"]["coordinates"][:2] = list(t.transform(a, b))
            headers = {"Content-Crs": f"<{want}>"}
            if self.etags:
                headers["ETag"] = f'"{feat["properties"].get("version", 0)}"'
            return self._send(h, 200, {**feat, "links": [{"rel": "self", "href": h.path}]},
                              headers)
        return self._error(h, 404, "NotFound", "no such path")

    def _write(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self.log.append((method, h.path))
        body = json.loads(h.rfile.read(int(h.headers.get("Content-Length", 0))) or b"null")
        self.bodies.append((method, h.path, body, dict(h.headers)))
        if self.unauthorised:
            return self._error(h, 401, "Unauthorized", "token expired")
        parts = self._parts(h)
        c = self.collections.get(parts[1])
        if c is None:
            return self._error(h, 404, "NotFound", "Collection not found")
        if not c["editable"]:
            return self._error(h, 400, "InvalidParameterValue", "Collection is not editable")
        if self.fail:
            status = self.fail.pop(0)
            return self._error(h, status, "NoApplicableCode", "generic error (check logs)")
        if self.reject:
            text, self.reject = self.reject, None
            return self._error(h, 400, "InvalidParameterValue", text)
        if self.corrupt_photos:
            for p in body["properties"].get("photos", []):
                p["data_base64"] = base64.b64encode(b"truncated").decode()
        if method == "POST":
            fid = body.get("id") or str(uuid.uuid4())
            if fid in c["items"]:
                return self._error(h, 500, "NoApplicableCode", "generic error (check logs)")
            c["items"][fid] = body
            status, headers = 201, {"Location": f"/collections/{parts[1]}/items/{fid}"}
        else:
            fid = parts[3]
            if self.etags and h.headers.get("If-Match"):
                current = c["items"].get(fid)
                tag = f'"{(current or {}).get("properties", {}).get("version", 0)}"'
                if h.headers["If-Match"] != tag:
                    return self._error(h, 412, "PreconditionFailed", "ETag mismatch")
            if fid in c["items"]:  # pygeoapi's TinyDB update: no create on a missing id
                c["items"][fid] = {**c["items"][fid], **body}
            status, headers = 204, {}
        if self.drop_after_store:
            self.drop_after_store -= 1
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return None
        return self._send(h, status, None, headers)


@pytest.fixture()
def stub() -> Iterator[Stub]:
    s = Stub()
    yield s
    s.close()


@pytest.fixture()
def cache(tmp_path: Path) -> Iterator[Cache]:
    c = make_cache(tmp_path / "c.gpkg")
    yield c
    c.close()


@pytest.fixture()
def photo(tmp_path: Path) -> Path:
    p = tmp_path / "pole.jpg"
    p.write_bytes(b"\xff\xd8" + os.urandom(20_000) + b"\xff\xd9")
    return p


def quick(url: str, **kw: Any) -> Platform:
    return Platform(url, timeout=kw.pop("timeout", 5), retries=kw.pop("retries", 1),
                    backoff=0.01, backoff_cap=0.05, **kw)


def platform_pole(stub: Stub, **props: Any) -> dict[str, Any]:
    """The platform's copy of POLE, as the cache downloaded it (version 3), with changes."""
    feat = {"type": "Feature", "id": POLE,
            "geometry": {"type": "Point", "coordinates": [113.3012345678, 23.0987654321, 12.0]},
            "properties": {"gid": POLE, "code": "ZHG-000001", "road_name": "和平西路",
                           "status": "正常", "owner": None, "height": 8.0, "version": 3,
                           "updated_at": "2024-05-01T08:00:00.000Z", "lifecycle": "active"}}
    feat["properties"].update(props)
    stub.put_feature("poles", feat)
    return feat


# -- observations ----------------------------------------------------------------------------------
def test_an_observation_arrives_once_with_its_photos(stub: Stub, cache: Cache,
                                                     photo: Path) -> None:
    oid = record_observation(cache, kind="pole_fault", x=X0 + 10, y=Y0 + 20, z=12.0,
                             text="灯杆倾斜", severity=5, photos=[photo],
                             feature=("poles", POLE))
    seen: list[tuple[float, str]] = []
    summary = push(cache, stub.url, platform=quick(stub.url),
                   progress=lambda f, m: seen.append((f, m)))
    assert (summary.pushed, summary.rejected, summary.conflicts) == (1, 0, 0)
    assert summary.complete and seen[-1][0] == 1.0
    json.dumps(summary.to_dict())
    feat = stub.feature("observations", oid)
    assert feat is not None and feat["id"] == oid
    props = feat["properties"]
    assert props["kind"] == "pole_fault" and props["severity"] == 5 and props["text"] == "灯杆倾斜"
    assert props["feature_layer"] == "poles" and props["feature_gid"] == POLE
    [p] = props["photos"]
    data = photo.read_bytes()
    assert p["name"] == "pole.jpg" and p["bytes"] == len(data)
    assert p["sha256"] == hashlib.sha256(data).hexdigest()
    assert base64.b64decode(p["data_base64"]) == data
    lon, lat = Transformer.from_crs("EPSG:4547", "OGC:CRS84", always_xy=True).transform(
        X0 + 10, Y0 + 20)
    assert feat["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-9)
    assert 113 < lon < 114 and 23 < lat < 24  # lon/lat, not swapped
    item = get(cache, oid)
    assert item.status == "sent" and item.sent_at and item.confirmation["how"] == "created"
    assert item.confirmation["photos"] == [p["sha256"]]
    # again: nothing left to push, and nothing posted twice
    assert push(cache, stub.url, platform=quick(stub.url)).to_dict()["items"] == []
    assert stub.count("POST") == 1


def test_a_resent_observation_is_recognised_not_duplicated(stub: Stub, cache: Cache,
                                                           photo: Path) -> None:
    oid = record_observation(cache, kind="other", x=X0, y=Y0, photos=[photo])
    push(cache, stub.url, platform=quick(stub.url))
    # as if the process died after the POST but before marking it sent
    with cache.transaction() as tx:
        tx.conn.exec_driver_sql("UPDATE cimview_outbox SET status = 'pending' WHERE id = ?",
                                (oid,))
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert (summary.pushed, summary.already_there) == (0, 1)
    assert stub.count("POST") == 1 and len(stub.collections["observations"]["items"]) == 1
    assert get(cache, oid).status == "sent"


def test_a_lost_answer_to_the_post_is_checked_not_resent(stub: Stub, cache: Cache,
                                                        photo: Path) -> None:
    oid = record_observation(cache, kind="pipe_leak", x=X0, y=Y0, photos=[photo])
    stub.drop_after_store = 1  # stored, then the connection drops before the 201
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.pushed == 1, summary.to_dict()
    assert stub.count("POST") == 1 and get(cache, oid).status == "sent"


def test_server_down_then_back(stub: Stub, cache: Cache, photo: Path) -> None:
    ids = [record_observation(cache, kind="other", x=X0 + i, y=Y0, photos=[photo])
           for i in range(3)]
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    down = push(cache, dead, platform=quick(dead))
    assert not down.complete and down.error and down.pushed == 0
    assert down.not_tried == 3  # the platform could not even be listed
    assert [get(cache, i).status for i in ids] == ["pending"] * 3
    up = push(cache, stub.url, platform=quick(stub.url))
    assert up.pushed == 3 and up.complete
    assert len(stub.collections["observations"]["items"]) == 3


def test_a_dropped_connection_mid_push_leaves_the_rest_pending(stub: Stub, cache: Cache,
                                                               photo: Path) -> None:
    ids = [record_observation(cache, kind="other", x=X0 + i, y=Y0) for i in range(3)]
    stub.drop_after_store = 1
    real_get = stub._get
    gone = {"now": True}

    def flaky_get(h: BaseHTTPRequestHandler) -> None:
        # after the dropped POST, the platform is gone for the look-up too
        if stub.drop_after_store == 0 and gone["now"]:
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)
            return
        real_get(h)

    stub._get = flaky_get  # type: ignore[method-assign]
    first = push(cache, stub.url, platform=quick(stub.url))
    assert first.pushed == 0 and first.error and first.failed == 1 and first.not_tried == 2
    item = get(cache, ids[0])
    assert item.status == "pending" and item.attempts == 1 and item.last_error
    gone["now"] = False
    second = push(cache, stub.url, platform=quick(stub.url))
    assert (second.already_there, second.pushed) == (1, 2)
    assert stub.count("POST") == 3 and len(stub.collections["observations"]["items"]) == 3


def test_a_5xx_keeps_it_pending_a_4xx_rejects_it_with_the_reason(stub: Stub,
                                                                 cache: Cache) -> None:
    a = record_observation(cache, kind="other", x=X0, y=Y0, text="a")
    b = record_observation(cache, kind="other", x=X0, y=Y0, text="b")
    stub.fail = [503]
    stub.reject = "severity: value out of range for this collection"
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert (summary.failed, summary.rejected) == (1, 1)
    first, second = get(cache, a), get(cache, b)
    assert first.status == "pending" and "503" in first.last_error
    assert second.status == "rejected"
    assert "severity: value out of range" in second.reason and "400" in second.reason
    again = push(cache, stub.url, platform=quick(stub.url))
    assert again.pushed == 1 and get(cache, a).status == "sent"
    assert get(cache, b).status == "rejected"  # stays until the user retries or discards
    assert len(stub.collections["observations"]["items"]) == 1


def test_photos_damaged_on_the_way_are_not_marked_sent(stub: Stub, cache: Cache,
                                                      photo: Path) -> None:
    oid = record_observation(cache, kind="other", x=X0, y=Y0, photos=[photo])
    stub.corrupt_photos = True
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.failed == 1 and summary.pushed == 0
    item = get(cache, oid)
    assert item.status == "pending" and "SHA-256" in item.last_error
    stub.corrupt_photos = False
    summary = push(cache, stub.url, platform=quick(stub.url))  # repaired with a PUT
    assert summary.pushed == 1 and get(cache, oid).status == "sent"
    [p] = stub.feature("observations", oid)["properties"]["photos"]
    assert base64.b64decode(p["data_base64"]) == photo.read_bytes()
    assert stub.count("POST") == 1 and stub.count("PUT") == 1


def test_credentials_refused_stop_the_push(stub: Stub, cache: Cache) -> None:
    oid = record_observation(cache, kind="other", x=X0, y=Y0)
    stub.unauthorised = True
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert "401" in summary.error and summary.not_tried == 1
    assert get(cache, oid).status == "pending"


def test_a_storage_crs_other_than_crs84_gets_its_axis_order(stub: Stub, cache: Cache) -> None:
    stub.collections["observations"]["storage"] = EPSG4547
    oid = record_observation(cache, kind="other", x=X0 + 10, y=Y0 + 20)
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    [(method, _, body, headers)] = [b for b in stub.bodies if b[0] == "POST"]
    assert body["id"] == oid
    # EPSG:4547 is northing-first: pygeoapi stores (and serves) what it is sent
    assert body["geometry"]["coordinates"] == pytest.approx([Y0 + 20, X0 + 10])
    assert headers["Content-Crs"] == f"<{EPSG4547}>"


# -- edits -----------------------------------------------------------------------------------------
def _row(cache: Cache, gid: str = POLE) -> dict[str, Any]:
    f = cache.read("poles", ["gid", "status", "owner", "height", "version", "updated_at",
                             "local_edit"], where="t.gid = :g", params={"g": gid},
                   geometry=False)
    return {k: v[0] for k, v in f.columns.items()}


def test_an_edit_goes_through_when_the_platform_did_not_change(stub: Stub, cache: Cache) -> None:
    before = platform_pole(stub)
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.pushed == 1, summary.to_dict()
    [(method, path, body, headers)] = stub.bodies
    assert method == "PUT" and path.endswith(f"/poles/items/{POLE}")
    assert "If-Match" not in headers  # pygeoapi (and this stub by default) gives no ETag
    assert body["geometry"] == before["geometry"]  # untouched
    assert body["properties"]["status"] == "故障" and body["properties"]["version"] == 4
    assert body["properties"]["updated_at"] > before["properties"]["updated_at"]
    assert "links" not in body
    row = _row(cache)
    assert row["status"] == "故障" and row["local_edit"] == 0 and row["version"] == 4
    item = get(cache, eid)
    assert item.status == "sent" and item.confirmation["fields"] == ["status"]
    # the platform's geometry (a sync skipped the feature while it was edited here) comes too
    lon, lat, z = before["geometry"]["coordinates"]
    x, y = Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True).transform(lon, lat)
    [geom] = cache.read("poles", where="t.gid = :g", params={"g": POLE}).geoms
    assert (geom.x, geom.y, geom.z) == pytest.approx((x, y, z), abs=1e-6)
    assert 400_000 < geom.x < 500_000  # easting first in the cache
    assert cache.read("poles", bbox=(x - 1, y - 1, x + 1, y + 1)).fids.size == 1  # R*Tree


def test_fields_changed_on_the_platform_only_are_kept(stub: Stub, cache: Cache) -> None:
    platform_pole(stub, owner="区城管", height=9.0, version=4,
                  updated_at="2024-06-01T00:00:00.000Z")
    record_edit(cache, "poles", POLE, {"status": "故障"})
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    props = stub.feature("poles", POLE)["properties"]
    assert (props["status"], props["owner"], props["height"]) == ("故障", "区城管", 9.0)
    row = _row(cache)
    assert (row["status"], row["owner"], row["height"], row["version"]) == ("故障", "区城管",
                                                                          9.0, 5)


def test_a_field_changed_on_both_sides_is_a_conflict_not_an_overwrite(stub: Stub,
                                                                     cache: Cache) -> None:
    platform_pole(stub, status="已拆除", version=4, updated_at="2024-06-01T00:00:00.000Z")
    eid = record_edit(cache, "poles", POLE, {"status": "故障", "owner": "市照明所"})
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.conflicts == 1 and summary.pushed == 0
    assert stub.count("PUT", "poles") == 0  # nothing sent, not even the owner
    item = get(cache, eid)
    assert item.status == "conflict"
    assert item.conflicts == [{"field": "status", "base": "正常", "mine": "故障",
                               "theirs": "已拆除"}]
    assert item.theirs["version"] == 4
    assert stub.feature("poles", POLE)["properties"]["status"] == "已拆除"
    # a push leaves a conflict alone
    assert push(cache, stub.url, platform=quick(stub.url)).items == []
    resolve(cache, eid, {"status": "mine"})
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    props = stub.feature("poles", POLE)["properties"]
    assert (props["status"], props["owner"], props["version"]) == ("故障", "市照明所", 5)
    assert _row(cache)["local_edit"] == 0


def test_resolving_for_theirs_sends_nothing_for_that_field(stub: Stub, cache: Cache) -> None:
    platform_pole(stub, status="已拆除", version=4)
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    push(cache, stub.url, platform=quick(stub.url))
    resolve(cache, eid, {"status": "theirs"})
    assert _row(cache)["status"] == "已拆除"
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.already_there == 1 and stub.count("PUT", "poles") == 0
    assert get(cache, eid).status == "sent" and _row(cache)["local_edit"] == 0


def test_the_same_change_on_both_sides_is_no_conflict(stub: Stub, cache: Cache) -> None:
    platform_pole(stub, status="故障", version=4)
    record_edit(cache, "poles", POLE, {"status": "故障"})
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.already_there == 1 and stub.count("PUT", "poles") == 0
    assert _row(cache)["version"] == 4


def test_a_conflict_is_found_even_when_the_platform_keeps_no_version(stub: Stub,
                                                                    cache: Cache) -> None:
    platform_pole(stub, status="已拆除")  # version and updated_at unchanged
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    assert push(cache, stub.url, platform=quick(stub.url)).conflicts == 1
    assert get(cache, eid).status == "conflict"


def test_if_match_is_sent_when_there_is_an_etag(stub: Stub, cache: Cache) -> None:
    stub.etags = True
    platform_pole(stub)
    record_edit(cache, "poles", POLE, {"status": "故障"})
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    [(_, _, _, headers)] = stub.bodies
    assert headers["If-Match"] == '"3"'


def test_a_changed_etag_means_read_and_merge_again(stub: Stub, cache: Cache) -> None:
    stub.etags = True
    platform_pole(stub)
    record_edit(cache, "poles", POLE, {"status": "故障"})
    real_write = stub._write

    def sneaky(h: BaseHTTPRequestHandler, method: str) -> None:
        if not stub.bodies:  # someone else writes between our GET and our PUT
            platform_pole(stub, owner="区城管", version=4)
        real_write(h, method)

    stub._write = sneaky  # type: ignore[method-assign]
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.pushed == 1, summary.to_dict()
    assert len(stub.bodies) == 2 and stub.bodies[1][3]["If-Match"] == '"4"'
    props = stub.feature("poles", POLE)["properties"]
    assert (props["status"], props["owner"]) == ("故障", "区城管")


def test_edits_to_a_read_only_collection_are_rejected_with_the_reason(stub: Stub,
                                                                      cache: Cache) -> None:
    stub.collections["poles"]["editable"] = False
    platform_pole(stub)
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    summary = push(cache, stub.url, platform=quick(stub.url))
    assert summary.rejected == 1
    item = get(cache, eid)
    assert item.status == "rejected" and "Collection is not editable" in item.reason
    assert _row(cache)["status"] == "故障" and _row(cache)["local_edit"] == 1  # not lost


def test_an_edit_of_a_feature_gone_or_retired_is_rejected(stub: Stub, cache: Cache) -> None:
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    assert push(cache, stub.url, platform=quick(stub.url)).rejected == 1
    assert "not on the platform" in get(cache, eid).reason
    platform_pole(stub, lifecycle="retired")
    ob.retry(cache, eid)
    assert push(cache, stub.url, platform=quick(stub.url)).rejected == 1
    assert "retired" in get(cache, eid).reason


def test_an_edit_made_during_the_push_is_not_lost(stub: Stub, cache: Cache) -> None:
    platform_pole(stub)
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    real_write = stub._write

    def meanwhile(h: BaseHTTPRequestHandler, method: str) -> None:
        real_write(h, method)
        if len(stub.bodies) == 1:  # the user edits again while the PUT is on its way
            record_edit(cache, "poles", POLE, {"owner": "市照明所"})

    stub._write = meanwhile  # type: ignore[method-assign]
    push(cache, stub.url, platform=quick(stub.url))
    item = get(cache, eid)
    assert item.status == "pending" and item.changes["owner"] == "市照明所"
    assert _row(cache)["owner"] == "市照明所" and _row(cache)["local_edit"] == 1
    stub._write = real_write  # type: ignore[method-assign]
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    props = stub.feature("poles", POLE)["properties"]
    assert (props["status"], props["owner"]) == ("故障", "市照明所")
    assert get(cache, eid).status == "sent"


@pytest.mark.parametrize("offered", [True, False])
def test_an_edit_in_a_projected_storage_crs_keeps_its_geometry(stub: Stub, cache: Cache,
                                                              offered: bool) -> None:
    poles = stub.collections["poles"]
    poles["storage"] = EPSG4547
    if not offered:  # the storage CRS cannot be asked for: read CRS84, convert back
        poles["offered"] = [CRS84]
    stored = [Y0 + 20.123, X0 + 10.456, 12.0]  # EPSG:4547 axis order: northing, easting
    stub.put_feature("poles", {"type": "Feature", "id": POLE,
                               "geometry": {"type": "Point", "coordinates": stored},
                               "properties": {"gid": POLE, "status": "正常", "version": 3}})
    record_edit(cache, "poles", POLE, {"status": "故障"})
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    [(_, _, body, headers)] = stub.bodies
    assert headers["Content-Crs"] == f"<{EPSG4547}>"
    assert body["geometry"]["coordinates"] == pytest.approx(stored, abs=1e-6)
    [geom] = cache.read("poles", where="t.gid = :g", params={"g": POLE}).geoms
    assert (geom.x, geom.y) == pytest.approx((X0 + 10.456, Y0 + 20.123), abs=1e-6)


def test_merge_field_by_field() -> None:
    base = {"properties": {"a": 1, "b": "x", "c": None}}
    send, conflicts = merge(base, {"a": 2, "b": "y", "c": 5},
                            {"a": 1, "b": "z", "c": 5, "d": "theirs only"})
    assert send == {"a": 2}
    assert conflicts == [{"field": "b", "base": "x", "mine": "y", "theirs": "z"}]


# -- one at a time, and the command line -----------------------------------------------------------
def test_two_pushes_at_once_are_refused(stub: Stub, cache: Cache) -> None:
    record_observation(cache, kind="other", x=X0, y=Y0)
    with cache.transaction() as tx:  # a live push by this very process
        tx.set_meta(LEASE_KEY, json.dumps({"owner": "x", "host": socket.gethostname(),
                                           "pid": os.getpid(), "since": "now",
                                           "until": 4e9}))
    with pytest.raises(CimviewError, match="another push is running"):
        push(cache, stub.url, platform=quick(stub.url))
    with cache.transaction() as tx:  # its holder died: the lease is taken over
        tx.set_meta(LEASE_KEY, json.dumps({"owner": "x", "host": socket.gethostname(),
                                           "pid": 2 ** 22 + 12345, "until": 4e9}))
    assert push(cache, stub.url, platform=quick(stub.url)).pushed == 1
    with cache.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM cimview_meta WHERE key = ?",
                                    (LEASE_KEY,)).scalar() == 0


def test_cli_push_exit_status_when_the_platform_is_down(tmp_path: Path) -> None:
    path = tmp_path / "field.gpkg"
    with make_cache(path) as cache:
        record_observation(cache, kind="other", x=X0, y=Y0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    proc = subprocess.run([sys.executable, "-m", "app.cli", "push", str(path), dead],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["pushed"] == 0 and out["not_tried"] == 1 and out["error"]
    with Cache.open(path) as cache:
        assert [i.status for i in outbox(cache)] == ["pending"]


# -- the real local platform (pygeoapi 0.21 over PostGIS) ------------------------------------------
@pytest.fixture()
def live(ogc_platform: LocalPlatform) -> LocalPlatform:  # noqa: F811
    """The local pygeoapi platform, as exported (earlier tests' writes undone), running."""
    ogc_platform.reset()
    return ogc_platform


@pytest.fixture()
def field_cache(live: LocalPlatform, tmp_path: Path) -> Iterator[Cache]:
    """A field laptop's cache: a copy of what the platform serves (same gids and versions)."""
    path = tmp_path / "field.gpkg"
    path.write_bytes(live.cache.read_bytes())
    with Cache.open(path) as cache:
        yield cache


def _a_pole(cache: Cache) -> tuple[str, float, float, str]:
    f = cache.read("poles", ["gid", "status"], where="t.status = '正常'")
    return f.columns["gid"][0], float(f.geoms[0].x), float(f.geoms[0].y), f.columns["status"][0]


def test_platform_the_same_observation_pushed_twice_is_one_record(
        live: LocalPlatform, field_cache: Cache, photo: Path) -> None:
    gid, x, y, _ = _a_pole(field_cache)
    oid = record_observation(field_cache, kind="pole_fault", x=x + 1, y=y, text="灯不亮",
                             severity=4, photos=[photo], feature=("poles", gid))
    first = push(field_cache, live.url)
    assert first.pushed == 1 and first.complete, first.to_dict()
    # the confirmation was lost (a crash between the platform's 201 and the commit): again
    with field_cache.transaction() as tx:
        tx.conn.exec_driver_sql("UPDATE cimview_outbox SET status = 'pending' WHERE id = ?",
                                (oid,))
    second = push(field_cache, live.url)
    assert (second.pushed, second.already_there) == (0, 1), second.to_dict()
    assert push(field_cache, live.url).items == []  # and nothing a third time
    assert live.count("observations") == 1
    stored = live.feature("observations", oid)
    props = stored["properties"]
    assert props["kind"] == "pole_fault" and props["feature_gid"] == gid
    [p] = props["photos"]
    assert base64.b64decode(p["data_base64"]) == photo.read_bytes()
    assert p["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    lon, lat = Transformer.from_crs(field_cache.crs, "OGC:CRS84", always_xy=True).transform(
        x + 1, y)
    assert stored["geometry"]["coordinates"][:2] == pytest.approx([lon, lat], abs=1e-9)
    # and pygeoapi serves it where it was recorded, in the cache CRS too
    back, _ = Platform(live.url).get_item("observations", oid, crs="EPSG:4547")
    assert back["geometry"]["coordinates"][:2] == pytest.approx([x + 1, y], abs=1e-3)


def test_platform_an_observation_recorded_while_it_is_down_arrives_when_it_is_back(
        live: LocalPlatform, field_cache: Cache, photo: Path) -> None:
    live.stop()
    try:
        gid, x, y, _ = _a_pole(field_cache)
        oid = record_observation(field_cache, kind="pipe_leak", x=x, y=y - 3, text="路面渗水",
                                 photos=[photo])
        down = push(field_cache, live.url, retries=1)
        assert not down.complete and down.error and down.pushed == 0
        item = get(field_cache, oid)
        assert item.status == "pending"
    finally:
        live.start()
    up = push(field_cache, live.url)
    assert up.pushed == 1 and up.complete, up.to_dict()
    assert get(field_cache, oid).status == "sent"
    assert live.count("observations") == 1
    assert live.feature("observations", oid)["properties"]["text"] == "路面渗水"


def test_platform_a_concurrent_edit_is_a_conflict_not_an_overwrite(
        live: LocalPlatform, field_cache: Cache) -> None:
    gid, _, _, status = _a_pole(field_cache)
    eid = record_edit(field_cache, "poles", gid, {"status": "故障"})
    live.edit("poles", gid, {"status": "已拆除"})  # another user, meanwhile
    summary = push(field_cache, live.url)
    assert summary.conflicts == 1 and summary.pushed == 0, summary.to_dict()
    item = get(field_cache, eid)
    assert item.status == "conflict"
    assert item.conflicts == [{"field": "status", "base": status, "mine": "故障",
                               "theirs": "已拆除"}]
    assert live.feature("poles", gid)["properties"]["status"] == "已拆除"
    assert _row_status(field_cache, gid) == ("故障", 1)  # the user's value is kept, flagged


def test_platform_a_rejected_change_stays_in_the_outbox_with_the_reason(
        live: LocalPlatform, field_cache: Cache) -> None:
    gid, _, _, _ = _a_pole(field_cache)
    before = live.feature("poles", gid)
    eid = record_edit(field_cache, "poles", gid, {"status": "故障"})
    summary = push(field_cache, live.url)
    assert summary.rejected == 1 and summary.complete, summary.to_dict()
    item = get(field_cache, eid)
    assert item.status == "rejected"
    assert "400" in item.reason and "Collection is not editable" in item.reason
    assert [i.id for i in outbox(field_cache, "rejected")] == [eid]
    assert _row_status(field_cache, gid) == ("故障", 1)
    assert live.feature("poles", gid) == before
    assert push(field_cache, live.url).items == []  # not retried on its own


def test_platform_cli_push(live: LocalPlatform, tmp_path: Path, photo: Path) -> None:
    path = tmp_path / "field.gpkg"
    path.write_bytes(live.cache.read_bytes())
    with Cache.open(path) as cache:
        gid, x, y, _ = _a_pole(cache)
        record_observation(cache, kind="building_safety", x=x, y=y, photos=[photo])
        record_edit(cache, "poles", gid, {"status": "故障"})
    live.edit("poles", gid, {"status": "已拆除"})
    proc = subprocess.run([sys.executable, "-m", "app.cli", "push", str(path),
                           live.url, "--token", "t0ken"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["pushed"], out["conflicts"], out["rejected"]) == (1, 1, 0)
    assert out["complete"] is True
    assert {i["outcome"] for i in out["items"]} == {"pushed", "conflict"}
    assert live.count("observations") == 1


def _row_status(cache: Cache, gid: str) -> tuple[str, int]:
    f = cache.read("poles", ["status", "local_edit"], where="t.gid = :g", params={"g": gid},
                   geometry=False)
    return f.columns["status"][0], f.columns["local_edit"][0]
