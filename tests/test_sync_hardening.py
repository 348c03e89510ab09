"""The sync trusts nothing it is sent (issue 10.1): against the real pygeoapi platform, behind a
fault-injecting proxy (tests/fault_proxy.py), with a recorder on another port that must never
see the token.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import pytest

from store.cache import Cache
from store.lock import CacheBusy
from store.sync import credentials
from store.sync.client import Platform, SyncError
from store.sync.download import sync
from store.sync.files import UnsafeName, files_dir, local_file, local_name
from tests.fault_proxy import FaultProxy, Recorder
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401
from tests.test_sync_download import cache_checksum, platform_checksum, snapshot, state_rows

TOKEN = "s3cret-t0ken"
OVERLAP = 0.2


def client(url: str, **kw: Any) -> Platform:
    kw.setdefault("timeout", 10)
    kw.setdefault("retries", 1)
    return Platform(url, kw.pop("token", TOKEN), backoff=0.01, backoff_cap=0.05, **kw)


def tree(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative paths), lock files aside."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def proxy(fresh_platform: Any) -> Iterator[FaultProxy]:  # noqa: F811
    p = FaultProxy(fresh_platform.url, fresh_platform.files_url)
    yield p
    p.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.close()


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory (this machine has no Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.store[(service, username)]


# -- pure rules ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["../work.gpkg", "/etc/passwd", ".profile", "a/../../b",
                                  "x.ifc.partial", "work.gpkg.lock", "C:/x.ifc", "a\\b.ifc",
                                  "a\x00b", "", "sub/.ssh/key", "/".join(["d"] * 9) + "/f"])
def test_unsafe_platform_file_names_are_refused(name: str) -> None:
    with pytest.raises(UnsafeName, match="platform file name"):
        local_name(name)


def test_local_names_and_the_files_folder(tmp_path: Path) -> None:
    assert local_name("proposals/ZW-1.ifc").as_posix() == "proposals/ZW-1.ifc"
    assert local_name("./a//b.ifc").as_posix() == "a/b.ifc"
    assert local_name("work.gpkg").as_posix() == "work.gpkg"  # inside the folder: harmless
    assert files_dir(tmp_path / "work.gpkg") == tmp_path / "work.files"
    assert files_dir(tmp_path / "work.gpkg.partial") == tmp_path / "work.files"
    assert files_dir(tmp_path / "x.files") == tmp_path / "x.files.files"
    (tmp_path / "work.files" / "proposals").mkdir(parents=True)
    (tmp_path / "work.files" / "proposals" / "a.ifc").write_text("x")
    assert local_file(tmp_path / "work.gpkg", "proposals/a.ifc") == \
        tmp_path / "work.files" / "proposals" / "a.ifc"
    assert local_file(tmp_path / "work.gpkg", "../work.gpkg") is None


def test_origins_and_the_plain_http_warning() -> None:
    assert credentials.origin("HTTPS://Cim.Example.gov.cn/ogc") == "https://cim.example.gov.cn:443"
    assert credentials.origin("http://127.0.0.1:5000/x") != credentials.origin(
        "http://127.0.0.1:5001/x")
    assert credentials.origin("http://h/") != credentials.origin("https://h/")
    assert credentials.plain_http_warning("https://cim.example.gov.cn") is None
    assert credentials.plain_http_warning("http://127.0.0.1:5000") is None
    assert credentials.plain_http_warning("http://localhost:5000") is None
    w = credentials.plain_http_warning("http://cim.example.gov.cn/ogc")
    assert w is not None and "plain http" in w and w.values["origin"] == \
        "http://cim.example.gov.cn:80"


def test_token_from_file_then_environment_then_keyring(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://cim.example.gov.cn/ogcapi"
    monkeypatch.delenv(credentials.ENV, raising=False)
    old = keyring.get_keyring()
    try:
        from keyring.backends.fail import Keyring as NoKeyring

        keyring.set_keyring(NoKeyring())  # no backend: silent, no token, nothing kept
        assert credentials.token_for(url) is None
        assert credentials.remember_token(url, "x") is False
        assert credentials.forget_token(url) is False
        memory = MemoryKeyring()
        keyring.set_keyring(memory)
        assert credentials.remember_token(url, "from-keyring")
        assert memory.store == {("cimview", "https://cim.example.gov.cn:443"): "from-keyring"}
        assert credentials.token_for("https://cim.example.gov.cn:443/other") == "from-keyring"
        assert credentials.token_for("http://cim.example.gov.cn/ogcapi") is None  # other origin
        monkeypatch.setenv(credentials.ENV, "from-env")
        assert credentials.token_for(url) == "from-env"
        f = tmp_path / "token"
        f.write_text("\n  from-file  \nsecond line\n")
        assert credentials.token_for(url, file=f) == "from-file"
        assert credentials.forget_token(url) and credentials.token_for(url, file=None) == \
            "from-env"
    finally:
        keyring.set_keyring(old)
    with pytest.raises(credentials.InputError, match="no such token file"):
        credentials.token_for(url, file=tmp_path / "missing")
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(credentials.InputError, match="empty"):
        credentials.token_for(url, file=tmp_path / "empty")


# -- credentials stay at the platform --------------------------------------------------------------
def _next_to(target: str) -> Any:
    def fn(doc: dict[str, Any], n: int) -> dict[str, Any]:
        doc["links"] = [link for link in doc.get("links", []) if link.get("rel") != "next"]
        doc["links"].append({"rel": "next", "type": "application/geo+json", "href": target})
        return doc
    return fn


def test_a_next_link_to_another_origin_is_refused_and_never_saved(
        proxy: FaultProxy, recorder: Recorder, tmp_path: Path) -> None:
    path = tmp_path / "work.gpkg"
    other = recorder.url + "/collections/buildings/items?offset=100"
    proxy.fault("rewrite", "/collections/buildings/items", times=1, fn=_next_to(other))
    with pytest.raises(SyncError, match="leaves the platform") as err:
        sync(proxy.url, path, collections=["buildings"], files=False, limit=100,
             platform=client(proxy.url))
    assert other in str(err.value) and proxy.url.replace("http://", "") in str(err.value)
    assert recorder.requests == []  # never followed, so no token either
    assert TOKEN in proxy.tokens[0]  # the platform itself got it
    assert not path.exists() and not Path(str(path) + ".partial").exists()
    # A port change is another origin too; and the same host on another scheme.
    port = proxy.url.rsplit(":", 1)[1]
    for target in (f"http://127.0.0.1:{int(port) + 1}/collections/buildings/items",
                   proxy.url.replace("http://", "https://") + "/collections/buildings/items",
                   proxy.url + "/collections/roads/items?offset=100"):
        proxy.clear()
        proxy.fault("rewrite", "/collections/buildings/items", times=1, fn=_next_to(target))
        with pytest.raises(SyncError, match="not followed"):
            sync(proxy.url, path, collections=["buildings"], files=False, limit=100,
                 platform=client(proxy.url))


def test_a_redirect_away_from_the_platform_carries_no_token(
        proxy: FaultProxy, recorder: Recorder, tmp_path: Path) -> None:
    proxy.fault("redirect", "/collections", times=1, code=307,
                to=recorder.url + "/collections")
    with pytest.raises(SyncError, match="redirected to .* outside the platform"):
        sync(proxy.url, tmp_path / "a.gpkg", files=False, platform=client(proxy.url))
    assert recorder.requests == []
    # A file whose link (or redirect) leads elsewhere is fetched without the token.
    body = b"proposal bytes"
    files = Recorder(body)
    try:
        def move(doc: dict[str, Any], n: int) -> dict[str, Any]:
            for f in doc["features"]:
                p = f["properties"]
                if p["kind"] == "ifc":
                    p.update(href=files.url + "/x.ifc", bytes=len(body),
                             sha256=hashlib.sha256(body).hexdigest())
            return doc

        proxy.clear()
        proxy.fault("rewrite", "/collections/assets/items", fn=move)
        s = sync(proxy.url, tmp_path / "b.gpkg", collections=["parcels"],
                 platform=client(proxy.url))
        assert s.complete
        assert files.requests and files.tokens == []
        assert TOKEN.encode() not in b"".join(a.encode() for a in recorder.tokens)
        ifc = [f for f in s.files if f["kind"] == "ifc"]
        assert ifc[0]["status"] == "downloaded"
        assert (tmp_path / ifc[0]["stored"]).read_bytes() == body
    finally:
        files.close()


def test_the_cli_takes_the_token_from_a_file_not_argv(proxy: FaultProxy, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    code = main(["sync", proxy.url, "--into", str(tmp_path / "c.gpkg"), "--no-files",
                 "--layers", "roads", "--token-file", str(f)])
    assert code == 0 and proxy.tokens and all(t == f"Bearer {TOKEN}" for t in proxy.tokens)
    code = main(["push", str(tmp_path / "c.gpkg"), proxy.url, "--token", TOKEN])
    assert code == 0 and "visible to every user" in capsys.readouterr().err


# -- platform files land only in the work area's folder --------------------------------------------
def test_platform_files_never_touch_the_cache_or_anything_beside_it(
        fresh_platform: Any, proxy: FaultProxy, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "work.gpkg"
    s = sync(proxy.url, path, collections=["parcels"], platform=client(proxy.url),
             overlap=OVERLAP)
    assert s.complete
    ifc = next(f for f in s.files if f["kind"] == "ifc")
    assert ifc["stored"].startswith("work.files/proposals/")
    with Cache.open(path) as cache:  # parcels.proposal names the file; local_file finds it
        props = [v for v in cache.read("parcels", ["proposal"], geometry=False)
                 .columns["proposal"] if v]
    assert props and local_file(path, props[0]) == tmp_path / ifc["stored"]
    (tmp_path / ".profile").write_text("mine\n")
    (tmp_path / "work.files" / "notes.txt").write_text("mine too\n")
    before = snapshot(path) | {"bytes": hashlib.sha256(path.read_bytes()).hexdigest()}
    outside = {p: (tmp_path / p).read_bytes() for p in (".profile", "work.files/notes.txt")}
    src = next(f for f in fresh_platform.features("assets")
               if f["properties"]["kind"] == "ifc")["properties"]
    evil = ["../work.gpkg", "work.gpkg", ".profile", "../.profile", "/etc/passwd",
            "notes.txt", "proposals/../../work.gpkg", "work.gpkg-journal", "a\\..\\b"]

    def inject(doc: dict[str, Any], n: int) -> dict[str, Any]:
        for i, name in enumerate(evil):
            f = copy.deepcopy(next(x for x in doc["features"]
                                   if x["properties"]["kind"] == "ifc"))
            f["id"] = f"evil-{i}"
            f["properties"].update(path=name, name=name, version=2,
                                   feature_layer=None, feature_gid=None)
            doc["features"].append(f)
        return doc

    proxy.fault("rewrite", "/collections/assets/items", fn=inject)
    names_before = tree(tmp_path)
    s = sync(proxy.url, path, collections=["parcels"], platform=client(proxy.url),
             overlap=OVERLAP)
    assert s.complete
    status = {f["name"]: f for f in s.files}
    assert status["work.gpkg"]["status"] == "downloaded"  # harmless: inside work.files/
    assert status["work.gpkg"]["stored"] == "work.files/work.gpkg"
    for name in ("../work.gpkg", ".profile", "../.profile", "/etc/passwd",
                 "proposals/../../work.gpkg", "work.gpkg-journal", "a\\..\\b"):
        assert status[name]["status"] == "refused", name
        reason = status[name]["reason"]
        assert "refused" in reason and (name in reason or repr(name) in reason), reason
    assert "cimview did not write" in status["notes.txt"]["reason"]
    assert any("climbs out of the files folder" in w for w in s.warnings)
    snap = snapshot(path) | {"bytes": hashlib.sha256(path.read_bytes()).hexdigest()}
    assert snap["parcels"] == before["parcels"]
    assert {p: (tmp_path / p).read_bytes() for p in outside} == outside
    assert tree(tmp_path) - names_before == {"work.files/work.gpkg"}
    assert (tmp_path / "work.files" / "work.gpkg").read_bytes() == \
        (fresh_platform.dir / "files" / src["path"]).read_bytes()


# -- the sync state never keeps a bad link ---------------------------------------------------------
def test_a_bad_saved_link_falls_back_and_restart_clears_it(
        fresh_platform: Any, proxy: FaultProxy, recorder: Recorder,  # noqa: F811
        tmp_path: Path) -> None:
    path = tmp_path / "work.gpkg"
    assert sync(proxy.url, path, collections=["buildings", "roads"], files=False, limit=100,
                platform=client(proxy.url), overlap=OVERLAP).complete

    def saved(next_url: str, layer: str = "buildings") -> None:
        with Cache.open(path) as cache, cache.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE cimview_sync_state SET phase = 'incremental', "
                                 "next_url = ? WHERE collection = ?", (next_url, layer))

    gid = fresh_platform.features("buildings")[5]["id"]
    fresh_platform.edit("buildings", gid, {"name": "回退后仍更新"})
    saved(recorder.url + "/collections/buildings/items?offset=100")  # an older cimview's
    s = sync(proxy.url, path, collections=["buildings"], files=False, limit=100,
             platform=client(proxy.url), overlap=OVERLAP)
    assert s.complete and s.layers["buildings"].fell_back and recorder.requests == []
    assert any("could not be resumed" in w and "leaves the platform" in w for w in s.warnings)
    assert s.layers["buildings"].updated == 1
    # A link on the platform that the platform now refuses (400): read again from the watermark.
    saved(proxy.url + "/collections/buildings/items?offset=-5&limit=abc")
    s = sync(proxy.url, path, collections=["buildings"], files=False, limit=100,
             platform=client(proxy.url), overlap=OVERLAP)
    assert s.complete and s.layers["buildings"].fell_back
    assert cache_checksum(path, "buildings") == platform_checksum(fresh_platform, "buildings")
    # cimview sync --restart drops what was saved, whatever it is.
    from app.cli import main

    saved(proxy.url + "/collections/roads/items?offset=100", layer="roads")
    saved(proxy.url + "/collections/buildings/items?offset=200")
    assert main(["sync", proxy.url, "--into", str(path), "--no-files", "--layers",
                 "buildings,roads", "--restart"]) == 0
    assert all(r[2] is None and r[1] == "done" for r in state_rows(path))


def _same_page(doc: dict[str, Any], n: int) -> str:
    """A fresh link to the page ``doc`` came from (its self link and a counter)."""
    me = next(link["href"] for link in doc["links"] if link.get("rel") == "self")
    return f"{me}&n={n}"


# -- paging is bounded ---------------------------------------------------------------------------
def test_endless_next_links_stop(fresh_platform: Any, proxy: FaultProxy,  # noqa: F811
                                 tmp_path: Path) -> None:
    # The same features again and again behind fresh next links: stops at the first page
    # that brings nothing new.
    def again(doc: dict[str, Any], n: int) -> dict[str, Any]:
        doc.pop("numberMatched", None)
        return _next_to(_same_page(doc, n))(doc, n)

    proxy.fault("rewrite", "/collections/roads/items", fn=again)
    s = sync(proxy.url, tmp_path / "a.gpkg", collections=["roads"], files=False, limit=100,
             platform=client(proxy.url))
    roads = s.layers["roads"]
    assert s.complete and roads.stopped == "no_new_features" and roads.pages == 2
    assert any("brought no new feature" in w for w in s.warnings)
    # Fresh (invented) features behind every link, no numberMatched: the page cap.
    proxy.clear()

    def invent(doc: dict[str, Any], n: int) -> dict[str, Any]:
        doc.pop("numberMatched", None)
        for f in doc["features"]:
            f["id"] = f"{f['id']}-{n}"
        return _next_to(_same_page(doc, n))(doc, n)

    proxy.fault("rewrite", "/collections/roads/items", fn=invent)
    t0 = time.monotonic()
    s = sync(proxy.url, tmp_path / "b.gpkg", collections=["roads"], files=False, limit=100,
             platform=client(proxy.url), max_pages=4)
    assert time.monotonic() - t0 < 60
    assert not s.complete and s.layers["roads"].stopped == "page_cap"
    assert s.layers["roads"].pages == 4
    assert any("the limit for one sync" in w for w in s.warnings)
    assert s.cache.endswith(".partial")
    # numberMatched reached: no request for the empty page pygeoapi links to after a full one.
    proxy.clear()
    proxy.log.clear()
    n = fresh_platform.count("buildings", history=True)  # the city's history included
    limit = next((d for d in range(100, 40, -1) if n % d == 0), n)  # full pages only
    s = sync(proxy.url, tmp_path / "c.gpkg", collections=["buildings"], files=False,
             limit=limit, platform=client(proxy.url))
    assert s.complete and s.layers["buildings"].stopped == "number_matched"
    assert sum("/buildings/items" in p for _, p, _ in proxy.log) == n // limit


def test_huge_pages_and_features_are_bounded(fresh_platform: Any, proxy: FaultProxy,  # noqa: F811
                                             tmp_path: Path) -> None:
    path = tmp_path / "work.gpkg"
    proxy.fault("rewrite", "/collections/buildings/items", times=1,
                fn=lambda doc, n: doc | {"padding": "x" * 2_000_000})
    with pytest.raises(SyncError, match="more than the 1000000 allowed|larger than the 1000000"):
        sync(proxy.url, path, collections=["buildings"], files=False,
             platform=client(proxy.url, max_bytes=1_000_000))
    assert not path.exists()
    proxy.clear()
    victims: list[str] = []

    def spiky(doc: dict[str, Any], n: int) -> dict[str, Any]:
        f = doc["features"][0]
        victims.append(f["id"])
        ring = f["geometry"]["coordinates"][0][0] if f["geometry"]["type"] == "MultiPolygon" \
            else f["geometry"]["coordinates"][0]
        x, y = ring[0][:2]
        ring[:] = [[x + 1e-7 * (i % 7), y + 1e-7 * i] for i in range(5000)] + [[x, y]]
        g = doc["features"][1]
        victims.append(g["id"])
        g["geometry"] = {"type": "Point", "coordinates": [x, y]}  # not a building's type
        doc["features"][2]["properties"]["updated_at"] = "yesterday"
        victims.append(doc["features"][2]["id"])
        return doc

    proxy.fault("rewrite", "/collections/buildings/items", times=1, fn=spiky)
    s = sync(proxy.url, path, collections=["buildings"], files=False,
             platform=client(proxy.url), max_vertices=1000)
    assert s.complete and s.layers["buildings"].rejected == 3
    reasons = {r["feature"]: r["reason"] for r in s.rejected}
    assert "more than the 1000 one feature may have" in reasons[victims[0]]
    assert "a Point geometry where buildings holds Multipolygon" in reasons[victims[1]]
    assert "no valid updated_at" in reasons[victims[2]]
    with Cache.open(path) as cache:  # the first page holds history too: count every time
        assert cache.count("buildings", at=None) == \
            fresh_platform.count("buildings", history=True) - 3


# -- deadlines, cancel, one sync at a time -------------------------------------------------------
def test_a_trickling_answer_meets_the_deadline(fresh_platform: Any, proxy: FaultProxy,  # noqa: F811
                                               tmp_path: Path) -> None:
    path = tmp_path / "work.gpkg"
    assert sync(proxy.url, path, collections=["roads"], files=False,
                platform=client(proxy.url), overlap=OVERLAP).complete
    fresh_platform.edit("roads", fresh_platform.features("roads")[0]["id"], {"name": "改"})
    before = snapshot(path)
    proxy.fault("trickle", "/collections/roads/items", delay=0.2)
    t0 = time.monotonic()
    with pytest.raises(SyncError, match="no complete answer within 1.5 s"):
        sync(proxy.url, path, collections=["roads"], files=False, overlap=OVERLAP,
             platform=client(proxy.url, deadline=1.5))
    assert time.monotonic() - t0 < 8  # two attempts of 1.5 s, not one byte per 0.2 s
    assert snapshot(path) == before


def test_cancel_stops_a_request_in_flight_and_a_second_sync_is_refused(
        fresh_platform: Any, proxy: FaultProxy, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "new.gpkg"
    proxy.fault("stall", "/collections/buildings/items", seconds=60)
    stop = threading.Event()
    out: dict[str, Any] = {}

    def first() -> None:
        out["summary"] = sync(proxy.url, path, collections=["buildings"], files=False,
                              platform=client(proxy.url), cancel=stop)

    t = threading.Thread(target=first)
    t.start()
    deadline = time.monotonic() + 20
    while not any("/buildings/items" in p for _, p, _ in proxy.log):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    with pytest.raises(CacheBusy, match=r"busy: sync by process \d+"):
        sync(proxy.url, path, collections=["buildings"], files=False,
             platform=client(proxy.url))
    t0 = time.monotonic()
    stop.set()
    t.join(10)
    assert time.monotonic() - t0 < 1.0
    assert out["summary"].cancelled and not out["summary"].complete
    assert not path.exists() and not Path(str(path) + ".partial").exists()
    proxy.clear()
    s = sync(proxy.url, path, collections=["buildings"], files=False,
             platform=client(proxy.url))
    assert s.complete and cache_checksum(path, "buildings") == platform_checksum(
        fresh_platform, "buildings")


def test_cancel_in_flight_during_push(proxy: FaultProxy, tmp_path: Path) -> None:
    from store.sync.outbox import outbox, record_observation
    from store.sync.push import push

    path = tmp_path / "c.gpkg"
    assert sync(proxy.url, path, collections=["roads"], files=False,
                platform=client(proxy.url)).complete
    with Cache.open(path) as cache:
        x0, y0, x1, y1 = cache.extent()
        record_observation(cache, kind="other", x=(x0 + x1) / 2, y=(y0 + y1) / 2, text="井盖松动")
        proxy.fault("stall", "/observations/items", seconds=60)
        stop = threading.Event()
        threading.Timer(0.5, stop.set).start()
        t0 = time.monotonic()
        s = push(cache, proxy.url, platform=client(proxy.url), cancel=stop)
        assert time.monotonic() - t0 < 2.0
        assert s.cancelled and s.not_tried == 1 and len(outbox(cache, "pending")) == 1


def test_progress_events_are_codes_and_values(proxy: FaultProxy, tmp_path: Path) -> None:
    events: list[Any] = []
    sync(proxy.url, tmp_path / "a.gpkg", collections=["roads"], platform=client(proxy.url),
         progress=events.append)
    assert events and all(isinstance(e, dict) and e["stage"] in ("features", "files")
                          for e in events)
    json.dumps(events)


def test_garbage_in_a_page_is_rejected_not_fatal(fresh_platform: Any, proxy: FaultProxy,  # noqa: F811
                                                 tmp_path: Path) -> None:
    garbage: list[Any] = [
        None, 7, "feature", [], {"type": "Feature"}, {"id": {"a": 1}, "properties": {}},
        {"id": True, "properties": {}},
        {"id": "g-props", "properties": ["x"], "geometry": None},
        {"id": "g-geom", "geometry": "POINT (1 2)",
         "properties": {"updated_at": "2026-01-01T00:00:00.000Z"}},
        {"id": "g-nested", "geometry": {"type": "Polygon", "coordinates": [[[[[1]]]]]},
         "properties": {"updated_at": "2026-01-01T00:00:00.000Z"}},
        {"id": "g-nan", "geometry": {"type": "Polygon", "coordinates": [
            [[113.3, 23.1], [float("nan"), 23.1], [113.3, 23.2], [113.3, 23.1]]]},
         "properties": {"updated_at": "2026-01-01T00:00:00.000Z"}},
        {"id": "g-year", "geometry": None, "properties": {"updated_at": "0001-01-01T00:00:00Z"}},
        {"id": "g-version", "geometry": None,
         "properties": {"updated_at": "2026-01-01T00:00:00.000Z", "version": "v2"}},
    ]

    def spoil(doc: dict[str, Any], n: int) -> dict[str, Any]:
        doc["features"].extend(copy.deepcopy(garbage))
        doc["numberMatched"] = "many"
        doc["timeStamp"] = "yesterday-ish"
        return doc

    proxy.fault("rewrite", "/collections/buildings/items", times=1, fn=spoil)
    path = tmp_path / "work.gpkg"
    s = sync(proxy.url, path, collections=["buildings"], files=False,
             platform=client(proxy.url))
    assert s.complete and s.layers["buildings"].rejected == len(garbage)
    assert cache_checksum(path, "buildings") == platform_checksum(fresh_platform, "buildings")
    json.dumps(s.to_dict(), ensure_ascii=False)
