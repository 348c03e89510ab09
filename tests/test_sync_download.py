"""Downloading a work area from the base platform and keeping it up to date (store.sync).

Runs against the local pygeoapi platform (tests/platform_fixture.py: a 300-building sample city,
pages of at most 500) and, for the failures a real network brings, through a small proxy in
front of it that can drop connections, answer 503, truncate a page or mislabel its CRS.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
import shapely
from pyproj import Transformer

from store.cache import Cache
from store.errors import CimviewError
from store.search import search
from store.sync.client import Platform, SyncError, northing_first, swap_xy
from store.sync.download import sync
from tests.platform_fixture import fresh_platform, ogc_platform, standing_now  # noqa: F401

LAYERS = ("buildings", "roads", "parcels", "addresses", "poles", "pole_devices", "pipelines",
          "pipe_points")
#: The sync's overlap in these tests: the sample city is stamped seconds before the first
#: download, so the default two minutes would fetch it all again (harmlessly: see
#: test_overlap_refetches_without_changing).
OVERLAP = 0.2
TO_GK = Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True)


# -- helpers ---------------------------------------------------------------------------------------
def quick(url: str, retries: int = 1) -> Platform:
    return Platform(url, timeout=10, retries=retries, backoff=0.01, backoff_cap=0.05)


def platform_checksum(platform: Any, layer: str) -> tuple[int, str]:
    """(active features standing now, checksum) of a collection as the platform holds it:
    what the cache serves as the present (its history, kept too, is left out of both)."""
    rows = []
    for f in platform.features(layer):
        p = f["properties"]
        if p.get("lifecycle") == "retired" or not standing_now(p):
            continue
        g = shapely.from_geojson(json.dumps(f["geometry"]))
        g = shapely.transform(g, lambda xy: np.column_stack(TO_GK.transform(xy[:, 0],
                                                                            xy[:, 1])))
        rows.append(_row(f["id"], p["version"], p["updated_at"], g))
    return len(rows), _digest(rows)


def cache_checksum(path: Path, layer: str) -> tuple[int, str]:
    with Cache.open(path) as cache:
        feats = cache.read(layer, ["gid", "version", "updated_at"])
    rows = [_row(*vals, g) for *vals, g in zip(feats.columns["gid"], feats.columns["version"],
                                                feats.columns["updated_at"], feats.geoms,
                                                strict=True)]
    return len(rows), _digest(rows)


def _row(gid: str, version: int, updated: str, geom: Any) -> str:
    xy = np.round(shapely.get_coordinates(geom), 2) + 0.0  # centimetres; no -0.0
    return f"{gid}|{version}|{updated}|{xy.tobytes().hex()}"


def _digest(rows: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


def state_rows(path: Path) -> list[tuple[Any, ...]]:
    with Cache.open(path) as cache, cache.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT collection, phase, next_url, watermark FROM cimview_sync_state "
            "ORDER BY collection")]


def snapshot(path: Path) -> dict[str, Any]:
    """Everything a failed sync must leave alone."""
    out: dict[str, Any] = {layer: cache_checksum(path, layer) for layer in LAYERS}
    out["state"] = state_rows(path)
    return out


class Proxy:
    """Forwards GETs to the platform (rewriting its URLs to the proxy's); misbehaves on demand
    on item pages (numbered from 1 in the order they are asked for)."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.pages = 0
        self.drop_from: int | None = None  # from this page on: the connection just closes
        self.corrupt: set[int] = set()  # pages cut in half (malformed JSON)
        self.wrong_crs: set[int] = set()  # pages labelled EPSG:4326
        self.unavailable = 0  # answer the next n item pages with 503
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy._get(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _get(self, h: BaseHTTPRequestHandler) -> None:
        n = None
        if "/items" in h.path:
            self.pages += 1
            n = self.pages
            if self.drop_from is not None and n >= self.drop_from:
                h.close_connection = True
                return  # no answer at all: the client sees the connection drop
            if self.unavailable:
                self.unavailable -= 1
                self._send(h, 503, b'{"description": "busy"}', {})
                return
        r = requests.get(self.upstream + h.path, timeout=30)
        body = r.content.replace(self.upstream.encode(), self.url.encode())
        headers = {k: v for k, v in r.headers.items() if k.lower() in ("content-crs",)}
        if n in self.corrupt:
            body = body[:len(body) // 2]
        if n in self.wrong_crs:
            headers["Content-Crs"] = "<http://www.opengis.net/def/crs/EPSG/0/4326>"
        self._send(h, r.status_code, body, headers)

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> None:
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Type", "application/geo+json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


@pytest.fixture
def proxy(fresh_platform: Any) -> Iterator[Proxy]:  # noqa: F811
    p = Proxy(fresh_platform.url)
    yield p
    p.close()


@pytest.fixture(scope="module")
def synced(ogc_platform: Any, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
           ) -> tuple[Path, dict[str, Any]]:
    """One full download of the pristine platform (shared: copy before changing it)."""
    ogc_platform.reset()
    path = tmp_path_factory.mktemp("synced") / "city.gpkg"
    summary = sync(ogc_platform.url, path, overlap=OVERLAP)
    return path, summary.to_dict()


def copy_cache(src: Path, dst: Path) -> Path:
    dst.write_bytes(src.read_bytes())
    return dst


# -- the client ------------------------------------------------------------------------------------
def test_axis_order_comes_from_the_crs_definition() -> None:
    assert northing_first("http://www.opengis.net/def/crs/EPSG/0/4547")  # x = northing
    assert northing_first("EPSG:4326")  # latitude first
    assert not northing_first("http://www.opengis.net/def/crs/OGC/1.3/CRS84")
    assert not northing_first("EPSG:3857")
    assert swap_xy({"type": "LineString", "coordinates": [[1, 2, 3], [4, 5, 6]]}) == {
        "type": "LineString", "coordinates": [[2, 1, 3], [5, 4, 6]]}


def test_pages_follow_next_links_past_the_server_limit(fresh_platform: Any) -> None:  # noqa: F811
    # Ask for 2000 a page: the server clamps to 500 silently; every next link is followed.
    with quick(fresh_platform.url) as client:
        pages = list(client.pages("pole_devices", limit=2000, crs="EPSG:4547"))
    assert len(pages) >= 2 and all(len(p.features) <= 500 for p in pages)
    ids = [f["id"] for p in pages for f in p.features]
    assert len(ids) == len(set(ids)) == fresh_platform.count("pole_devices")
    # Easting first after the client's swap (EPSG:4547 is northing-first on the wire).
    x, y = pages[0].features[0]["geometry"]["coordinates"][:2]
    assert 300_000 < x < 700_000 and 2_000_000 < y < 3_000_000


def test_download_resumes_with_range_and_checks_sha256(fresh_platform: Any,  # noqa: F811
                                                       tmp_path: Path) -> None:
    src = fresh_platform.dir / "files" / "dem.tif"
    data = src.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    dest = tmp_path / "dem.tif"
    (tmp_path / "dem.tif.partial").write_bytes(data[:1000])  # a download cut short
    with quick(fresh_platform.url) as client:
        moved = client.download(f"{fresh_platform.files_url}/dem.tif", dest, sha, len(data))
        assert moved == len(data) - 1000  # only the rest was transferred
        assert dest.read_bytes() == data
        assert client.download(f"{fresh_platform.files_url}/dem.tif", dest, sha,
                               len(data)) == 0  # complete already
        with pytest.raises(SyncError, match="SHA-256 mismatch"):
            client.download(f"{fresh_platform.files_url}/dem.tif", tmp_path / "x.tif",
                            "0" * 64, len(data))
    assert not (tmp_path / "x.tif").exists() and not (tmp_path / "x.tif.partial").exists()


# -- full download ---------------------------------------------------------------------------------
def test_full_download_equals_the_platform(ogc_platform: Any,  # noqa: F811
                                           synced: tuple[Path, dict[str, Any]]) -> None:
    path, summary = synced
    assert summary["complete"] and summary["mode"] == "full" and summary["created"]
    assert not Path(str(path) + ".partial").exists()
    for layer in LAYERS:
        assert cache_checksum(path, layer) == platform_checksum(ogc_platform, layer), layer
        assert summary["layers"][layer]["new"] == ogc_platform.count(layer, history=True)
    assert summary["layers"]["pipe_points"]["pages"] >= 2  # more than one page of 500
    # Coordinates: the exported cache's own, within a millimetre (axis order honoured).
    with Cache.open(ogc_platform.cache) as src, Cache.open(path) as got:
        a = src.read("pipelines", ["gid"])
        b = got.read("pipelines", ["gid"])
        mine = dict(zip(b.columns["gid"], b.geoms, strict=True))
        worst = max(float(np.abs(shapely.get_coordinates(g, include_z=True)
                                 - shapely.get_coordinates(mine[gid], include_z=True)).max())
                    for gid, g in zip(a.columns["gid"], a.geoms, strict=True))
        assert worst < 1e-3
        assert got.raster_info("dem")["width"] == src.raster_info("dem")["width"]
    files = {f["name"]: f for f in summary["files"]}
    assert files["dem.tif"]["stored"] == "raster:dem"
    ifc = [f for f in files.values() if f["kind"] == "ifc"]
    assert ifc and all((path.parent / f["stored"]).is_file() for f in ifc)


def test_incremental_sync_transfers_only_the_change(fresh_platform: Any,  # noqa: F811
                                                    synced: tuple[Path, dict[str, Any]],
                                                    tmp_path: Path) -> None:
    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    full = synced[1]
    gid = fresh_platform.features("buildings")[7]["id"]
    fresh_platform.edit("buildings", gid, {"name": "新建的综合楼", "height": 99.5})
    s = sync(fresh_platform.url, path, overlap=OVERLAP, files=False).to_dict()
    assert s["complete"] and s["mode"] == "incremental"
    assert s["layers"]["buildings"]["fetched"] == 1 and s["layers"]["buildings"]["updated"] == 1
    assert all(s["layers"][layer]["fetched"] == 0 for layer in LAYERS if layer != "buildings")
    assert s["changed_buildings"] == [gid]
    assert s["bytes"] < 0.02 * full["bytes"]
    with Cache.open(path) as cache:
        row = cache.read("buildings", ["name", "height", "version"], where="t.gid = :g",
                         params={"g": gid})
    assert row.columns == {"name": ["新建的综合楼"], "height": [99.5], "version": [2]}
    assert cache_checksum(path, "buildings") == platform_checksum(fresh_platform, "buildings")


def test_retired_features_become_history(fresh_platform: Any,  # noqa: F811
                                         synced: tuple[Path, dict[str, Any]],
                                         tmp_path: Path) -> None:
    """A feature retired on the platform leaves the city of now, and stays in the cache as
    history, ended when the platform retired it: the city at an earlier time still has it."""
    from store import lifespan

    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    with Cache.open(path) as cache:
        held = cache.count("buildings", at=None)
    gid = fresh_platform.features("buildings")[3]["id"]
    pole = fresh_platform.features("poles")[0]["id"]
    fresh_platform.retire("buildings", gid)
    fresh_platform.retire("poles", pole)
    s = sync(fresh_platform.url, path, overlap=OVERLAP, files=False,
             collections=["buildings", "poles"]).to_dict()
    assert s["layers"]["buildings"]["retired"] == 1 and s["removed_buildings"] == [gid]
    assert s["layers"]["poles"]["retired"] == 1
    retired = next(f for f in fresh_platform.features("buildings") if f["id"] == gid)
    ended = retired["properties"]["updated_at"]
    with Cache.open(path) as cache:
        assert cache.count("buildings") == fresh_platform.count("buildings") - 1
        assert not len(cache.read("poles", where="t.gid = :g", params={"g": pole},
                                  geometry=False))
        assert cache.count("buildings", at=None) == held  # nothing deleted
        row = cache.read("buildings", ["valid_to", "version"], where="t.gid = :g",
                         params={"g": gid}, at=None)
        assert row.columns["valid_to"] == [lifespan.parse_when(ended)]
        assert row.columns["version"] == [retired["properties"]["version"]]
        before = lifespan.instant("2000")
        assert len(cache.read("buildings", where="t.gid = :g", params={"g": gid}, at=before))
    # a second sync finds nothing more to do with it
    again = sync(fresh_platform.url, path, overlap=OVERLAP, files=False,
                 collections=["buildings"]).to_dict()
    assert again["layers"]["buildings"].get("retired", 0) == 0
    for layer in ("buildings", "poles"):
        assert cache_checksum(path, layer) == platform_checksum(fresh_platform, layer)


def test_renamed_address_is_found_after_sync(fresh_platform: Any,  # noqa: F811
                                             synced: tuple[Path, dict[str, Any]],
                                             tmp_path: Path) -> None:
    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    gate = next(f for f in fresh_platform.features("addresses")
                if f["properties"]["level"] == "门牌")
    p = gate["properties"]
    full = p["full_address"].replace(p["road"], "凤凰新路")
    fresh_platform.edit("addresses", gate["id"], {"road": "凤凰新路", "full_address": full})
    with Cache.open(path) as cache:
        assert not [h for h in search(cache, f"凤凰新路{p['door_no']}号", 5)
                    if h.full_address == full]
    sync(fresh_platform.url, path, overlap=OVERLAP, files=False, collections=["addresses"])
    with Cache.open(path) as cache:
        hits = search(cache, f"凤凰新路{p['door_no']}号", 5)
    assert hits and hits[0].full_address == full


def test_overlap_refetches_without_changing(fresh_platform: Any,  # noqa: F811
                                            synced: tuple[Path, dict[str, Any]],
                                            tmp_path: Path) -> None:
    # With the default two-minute overlap, features stamped just before the last sync are
    # asked for again: they are recognised (same version and updated_at) and left alone.
    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    s = sync(fresh_platform.url, path, collections=["buildings"], files=False).to_dict()
    b = s["layers"]["buildings"]
    assert b["mode"] == "incremental" and b["fetched"] == b["unchanged"] > 0
    assert b["changed"] == 0 and s["changed_buildings"] == []


# -- failures --------------------------------------------------------------------------------------
def test_dropped_connection_resumes_without_duplicates(fresh_platform: Any,  # noqa: F811
                                                       proxy: Proxy, tmp_path: Path) -> None:
    path = tmp_path / "city.gpkg"
    layers = ["buildings", "addresses"]
    held = fresh_platform.count("buildings", history=True)  # the city's history included
    pages = -(-held // 100)
    proxy.drop_from = pages + 3  # buildings and 2 pages of addresses arrive, then the network
    seen: list[dict[str, Any]] = []  # goes away (retries too)
    with pytest.raises(SyncError, match="failed after 2 attempts"):
        sync(proxy.url, path, collections=layers, limit=100, files=False, overlap=OVERLAP,
             platform=quick(proxy.url), progress=seen.append)
    partial = Path(str(path) + ".partial")
    assert not path.exists() and partial.exists()
    # Pages committed: the buildings in 100s (paging stops at numberMatched after a full last
    # page, without the empty page pygeoapi links to), then the first 200 addresses.
    last = seen[pages - 1]
    assert len(seen) == pages + 2 and last["done"]
    assert last["stopped"] == ("number_matched" if held % 100 == 0 else None)
    assert seen[pages]["collection"] == seen[pages + 1]["collection"] == "addresses"
    with Cache.open(partial) as cache:
        assert cache.count("buildings") == fresh_platform.count("buildings") == 300
        assert cache.count("buildings", at=None) == held
        assert cache.count("addresses") == 200
    state = {r[0]: r for r in state_rows(partial)}
    assert state["buildings"][1] == "done" and state["addresses"][1] == "full"
    assert "offset=200" in state["addresses"][2]  # where it stopped
    proxy.drop_from = None
    proxy.unavailable = 1  # and the platform is busy once: retried
    s = sync(proxy.url, path, collections=layers, limit=100, files=False, overlap=OVERLAP,
             platform=quick(proxy.url)).to_dict()
    assert s["complete"] and path.exists() and not partial.exists()
    assert s["layers"]["addresses"]["resumed"] and s["retries"] >= 1
    assert s["layers"]["addresses"]["fetched"] == fresh_platform.count("addresses") - 200
    for layer in layers:
        assert cache_checksum(path, layer) == platform_checksum(fresh_platform, layer)


@pytest.mark.parametrize("fault", ["corrupt", "wrong_crs"])
def test_bad_page_leaves_the_cache_unchanged(fresh_platform: Any,  # noqa: F811
                                             synced: tuple[Path, dict[str, Any]],
                                             proxy: Proxy, tmp_path: Path, fault: str) -> None:
    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    with Cache.open(path) as cache, cache.engine.begin() as conn:  # as if synced via the proxy
        conn.exec_driver_sql("UPDATE cimview_sync_state SET url = ?", (proxy.url,))
        conn.exec_driver_sql("UPDATE cimview_meta SET value = ? WHERE key = 'sync_url'",
                             (proxy.url,))
    for layer in ("buildings", "roads"):
        fresh_platform.edit(layer, fresh_platform.features(layer)[0]["id"], {"name": "改名"})
    before = snapshot(path)
    getattr(proxy, fault).add(1)  # the first page asked for (buildings) is bad
    message = "malformed JSON" if fault == "corrupt" else "wrong CRS"
    with pytest.raises(SyncError, match=message) as err:
        sync(proxy.url, path, overlap=OVERLAP, platform=quick(proxy.url))
    assert proxy.url in str(err.value)
    assert snapshot(path) == before
    getattr(proxy, fault).clear()
    s = sync(proxy.url, path, overlap=OVERLAP, files=False, platform=quick(proxy.url),
             collections=["buildings", "roads"])
    assert s.layers["buildings"].updated == 1 and s.layers["roads"].updated == 1


def test_cancel_stops_between_pages(fresh_platform: Any, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "city.gpkg"
    stop = threading.Event()
    s = sync(fresh_platform.url, path, collections=["pole_devices"], limit=500, files=False,
             progress=lambda e: stop.set(), cancel=stop)
    assert s.cancelled and not s.complete and s.layers["pole_devices"].pages == 1
    assert not path.exists()
    s = sync(fresh_platform.url, path, collections=["pole_devices"], limit=500, files=False)
    assert s.complete and s.layers["pole_devices"].resumed and path.exists()
    assert s.layers["pole_devices"].fetched == fresh_platform.count("pole_devices") - 500
    assert cache_checksum(path, "pole_devices") == platform_checksum(fresh_platform,
                                                                     "pole_devices")


# -- a work area -----------------------------------------------------------------------------------
def test_work_area_from_the_cli(fresh_platform: Any, tmp_path: Path,  # noqa: F811
                                capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    with Cache.open(fresh_platform.cache) as cache:
        minx, miny, maxx, maxy = cache.extent()
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    bbox = (cx - 250, cy - 250, cx + 250, cy + 250)
    path = tmp_path / "area.gpkg"
    code = main(["sync", fresh_platform.url, "--into", str(path), "--no-files",
                 "--layers", "buildings,roads",
                 "--bbox", ",".join(f"{v:.1f}" for v in bbox)])
    assert code == 0
    s = json.loads(capsys.readouterr().out)
    assert s["complete"] and s["area"].startswith("POLYGON")
    area = shapely.box(*(round(v, 1) for v in bbox))
    with Cache.open(path) as cache:
        mine = cache.read("buildings", ["gid"])
    assert 0 < len(mine) < fresh_platform.count("buildings")
    assert shapely.intersects(mine.geoms, area).all()
    # Exactly the platform's buildings that intersect the area.
    expected = set()
    for f in fresh_platform.features("buildings"):
        g = shapely.from_geojson(json.dumps(f["geometry"]))
        g = shapely.transform(g, lambda xy: np.column_stack(TO_GK.transform(xy[:, 0],
                                                                            xy[:, 1])))
        if shapely.intersects(g, area):
            expected.add(f["id"])
    assert set(mine.columns["gid"]) == expected
    # A building moved out of the area on the platform leaves the cache at the next sync
    # ("changed since" queries ask for the whole platform, so moves out are seen).
    gone = mine.columns["gid"][0]
    far = {"type": "Polygon", "coordinates": [[[114.5, 23.5], [114.5001, 23.5],
                                               [114.5001, 23.5001], [114.5, 23.5]]]}
    fresh_platform.edit("buildings", gone, geometry=far)
    s2 = sync(fresh_platform.url, path, overlap=OVERLAP, files=False,
              collections=["buildings", "roads"]).to_dict()
    assert s2["layers"]["buildings"]["left_area"] == 1 and s2["removed_buildings"] == [gone]
    with Cache.open(path) as cache:
        assert cache.count("buildings") == len(mine) - 1


def test_named_area(fresh_platform: Any, tmp_path: Path) -> None:  # noqa: F811
    community = fresh_platform.features("addresses")[0]["properties"]["community"]
    s = sync(fresh_platform.url, tmp_path / "c.gpkg", area=community,
             collections=["buildings"], files=False).to_dict()
    outline = shapely.from_wkt(s["area"])
    assert s["complete"] and 0 < s["layers"]["buildings"]["new"] < 300
    with Cache.open(tmp_path / "c.gpkg") as cache:
        assert shapely.intersects(cache.read("buildings").geoms, outline).all()
    with pytest.raises(CimviewError, match="no 社区, 街道 or district"):
        sync(fresh_platform.url, tmp_path / "d.gpkg", area="没有这个社区", files=False)


def test_local_edits_are_kept_until_pushed(fresh_platform: Any,  # noqa: F811
                                           synced: tuple[Path, dict[str, Any]],
                                           tmp_path: Path) -> None:
    from store.sync.outbox import record_edit

    path = copy_cache(synced[0], tmp_path / "city.gpkg")
    pole = fresh_platform.features("poles")[5]["id"]
    with Cache.open(path) as cache:
        record_edit(cache, "poles", pole, {"status": "故障"})
    fresh_platform.edit("poles", pole, {"owner": "另一个单位"})
    s = sync(fresh_platform.url, path, overlap=OVERLAP, files=False,
             collections=["poles"]).to_dict()
    assert s["kept_local"] == {"poles": [pole]} and s["layers"]["poles"]["updated"] == 0
    with Cache.open(path) as cache:
        row = cache.read("poles", ["status", "local_edit"], where="t.gid = :g",
                         params={"g": pole}, geometry=False)
    assert row.columns == {"status": ["故障"], "local_edit": [1]}


def test_cache_in_a_crs_the_platform_does_not_offer(fresh_platform: Any,  # noqa: F811
                                                    tmp_path: Path) -> None:
    # UTM 49N is not among the platform's output CRSs: CRS84 is asked for and reprojected here.
    path = tmp_path / "utm.gpkg"
    with Cache.open(fresh_platform.cache) as cache:
        minx, miny, maxx, maxy = cache.extent()
        src = cache.read("buildings", ["gid"])
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    s = sync(fresh_platform.url, path, crs="EPSG:32649", collections=["buildings"],
             files=False, bbox=(cx - 300, cy - 300, cx + 300, cy + 300), bbox_crs="EPSG:4547")
    assert s.complete and s.crs == "EPSG:32649" and 0 < s.layers["buildings"].new < 300
    to_utm = Transformer.from_crs("EPSG:4547", "EPSG:32649", always_xy=True)
    with Cache.open(path) as cache:
        got = cache.read("buildings", ["gid"])
    want = dict(zip(src.columns["gid"], src.geoms, strict=True))
    for gid, g in zip(got.columns["gid"], got.geoms, strict=True):
        xy = shapely.get_coordinates(want[gid])
        ex, ey = to_utm.transform(xy[:, 0], xy[:, 1])
        assert np.allclose(shapely.get_coordinates(g), np.column_stack([ex, ey]), atol=1e-3)
