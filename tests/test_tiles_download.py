"""3D Tiles in the offline work area, against the real local platform (pygeoapi and its file
server): the sample city's reality mesh is announced, the tiles covering a work area are fetched
at every level, and the local copy opens with the platform stopped."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
import shapely
from pyproj import CRS

from store.cache import Cache
from store.errors import InputError
from store.sync.client import Platform
from store.sync.download import sync
from store.sync.tiles_download import Footprints, covers, download_tileset, layer_name
from store.tiles.content import read_content
from store.tiles.registry import list_tilesets, open_source
from store.tiles.source import FolderSource
from store.tiles.tileset import Tileset
from store.tiles.volume import BoundingVolume
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401

CRS_GK = CRS.from_epsg(4547)


def _reality_asset(platform: Any) -> dict[str, Any]:
    found = [f for f in platform.features("assets") if f["properties"]["kind"] == "tileset"]
    assert len(found) == 1
    return found[0]


def _area(platform: Any) -> tuple[float, float, float, float]:
    """A 120 m square in one corner of the reality mesh's district (EPSG:4547)."""
    doc = json.loads((platform.city / "reality" / "tileset.json").read_text())
    x0, y0 = doc["asset"]["extras"]["area"][:2]
    return (x0 + 10, y0 + 10, x0 + 130, y0 + 130)


def test_the_platform_announces_the_reality_mesh(ogc_platform: Any) -> None:  # noqa: F811
    asset = _reality_asset(ogc_platform)
    p = asset["properties"]
    assert p["path"] == "tilesets/reality/tileset.json"
    assert (p["layer"], p["title"], p["tileset_kind"]) == ("reality", "倾斜摄影", "reality")
    assert p["href"] == f"{ogc_platform.files_url}/tilesets/reality/tileset.json"
    assert asset["geometry"]["type"] == "Polygon"
    outline = shapely.geometry.shape(asset["geometry"])
    lon, lat = outline.centroid.x, outline.centroid.y
    assert 113.2 < lon < 113.4 and 23.0 < lat < 23.2
    # the file server serves it, tiles and all
    with Platform(ogc_platform.url) as client:
        reply = client.request("GET", p["href"])
        doc = json.loads(reply.content)
        uri = doc["root"]["children"][0]["children"][0]["content"]["uri"]
        glb = client.request("GET", p["href"].rsplit("/", 1)[0] + "/" + uri)
    assert glb.content[:4] == b"glTF"


def test_a_work_area_takes_the_tiles_covering_it_and_opens_offline(
        fresh_platform: Any, tmp_path: Path) -> None:  # noqa: F811
    area = _area(fresh_platform)
    path = tmp_path / "work.gpkg"
    summary = sync(fresh_platform.url, path, bbox=area, bbox_crs="EPSG:4547",
                   collections=["buildings"])
    assert summary.complete, summary.to_dict()
    entry = next(f for f in summary.files if f["kind"] == "tileset")
    assert entry["status"] == "downloaded" and entry["stored"] == "work.files/tilesets/reality"
    with Cache.open(path) as cache:
        layers = list_tilesets(cache)
    assert [(e.name, e.uri, e.title, e.kind) for e in layers] == [
        ("reality", "work.files/tilesets/reality", "倾斜摄影", "reality")]
    with sqlite3.connect(path) as db:  # recorded as written by cimview
        assert db.execute("SELECT kind, stored FROM cimview_sync_files WHERE name = ?",
                          ("tilesets/reality/tileset.json",)).fetchall() == [
            ("tileset", "work.files/tilesets/reality")]
    folder = tmp_path / "work.files" / "tilesets" / "reality"
    fresh_platform.stop()  # offline from here
    try:
        source = open_source(path, layers[0])
        assert isinstance(source, FolderSource)
        tileset = Tileset(source, layers[0].root)
        depths: dict[int, int] = {}
        foot = Footprints(CRS_GK)
        box = shapely.box(*area)
        for tile in tileset.walk():
            depths[tile.depth] = depths.get(tile.depth, 0) + 1
            assert covers(foot, tile, box)
            mesh = read_content(source, tile.content_uris[0])
            assert len(mesh.triangles) > 100
        assert depths[0] == 1 and 1 <= depths[1] < 4 and 1 <= depths[2] < 16  # every level
        local = {p.relative_to(folder).as_posix() for p in folder.rglob("*.glb")}
        referenced = {u for t in tileset.walk() for u in t.content_uris}
        assert local == referenced  # only what was fetched, and all of it referenced
        total = sum(1 for _ in (fresh_platform.city / "reality" / "tiles").rglob("*.glb"))
        assert len(local) < total
    finally:
        fresh_platform.start()
    # a second sync finds it unchanged
    again = sync(fresh_platform.url, path, collections=["buildings"])
    entry = next(f for f in again.files if f["kind"] == "tileset")
    assert entry["status"] == "unchanged"


def test_the_download_is_bounded_and_says_where_it_stopped(ogc_platform: Any,  # noqa: F811
                                                           tmp_path: Path) -> None:
    href = _reality_asset(ogc_platform)["properties"]["href"]
    dest = tmp_path / "t"
    with Platform(ogc_platform.url) as client:
        got = download_tileset(client, href, dest, layer="reality", area=None, crs=CRS_GK,
                               max_tiles=5)
    assert (got.tiles, got.stopped) == (5, "tiles")
    assert got.warnings == ["tileset reality: the download stopped at its limit of 5 tiles; "
                            "finer levels of the work area are missing"]
    tileset = Tileset(FolderSource(dest))
    tiles = list(tileset.walk())
    assert len(tiles) == 5 and {t.depth for t in tiles} == {0, 1}  # coarse levels first
    with Platform(ogc_platform.url) as client:
        small = download_tileset(client, href, tmp_path / "s", layer="reality", area=None,
                                 crs=CRS_GK, max_bytes=1_000_000)
    assert small.stopped == "bytes" and small.bytes <= 1_000_000 + 10_000
    assert sum(f.stat().st_size for f in (tmp_path / "s").rglob("*.glb")) <= 1_000_000


class _Hostile:
    """A file server whose tileset points its content outside its folder."""

    def __init__(self, docs: dict[str, bytes]):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: object) -> None:
                pass

            def do_GET(self) -> None:
                body = docs.get(unquote(urlsplit(self.path).path))
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_a_tileset_reaching_outside_its_folder_is_refused_and_nothing_is_written(
        tmp_path: Path) -> None:
    doc = {"asset": {"version": "1.1"}, "geometricError": 10, "root": {
        "boundingVolume": {"sphere": [0, 0, 0, 10]}, "geometricError": 0,
        "content": {"uri": "../../secret.glb"}}}
    server = _Hostile({"/t/tileset.json": json.dumps(doc).encode()})
    dest = tmp_path / "files" / "tilesets" / "x"
    try:
        with Platform(server.url) as client, pytest.raises(InputError,
                                                           match="leaves the tileset's folder"):
            download_tileset(client, f"{server.url}/t/tileset.json", dest, layer="x",
                             area=None, crs=CRS_GK)
    finally:
        server.server.shutdown()
        server.server.server_close()
    assert not dest.exists() and not [f for f in tmp_path.rglob("*") if f.is_file()]


def test_a_bad_tileset_on_the_platform_is_refused_and_the_sync_goes_on(
        fresh_platform: Any, tmp_path: Path) -> None:  # noqa: F811
    doc = {"asset": {"version": "1.1"}, "geometricError": 10, "root": {
        "boundingVolume": {"sphere": [0, 0, 0, 10]}, "geometricError": 0,
        "content": {"uri": "../../secret.glb"}}}
    server = _Hostile({"/t/tileset.json": json.dumps(doc).encode()})
    try:
        asset = _reality_asset(fresh_platform)
        fresh_platform.edit("assets", asset["id"], {"href": f"{server.url}/t/tileset.json"})
        path = tmp_path / "work.gpkg"
        summary = sync(fresh_platform.url, path, bbox=_area(fresh_platform),
                       bbox_crs="EPSG:4547", collections=["buildings"])
    finally:
        server.server.shutdown()
        server.server.server_close()
    assert summary.complete
    entry = next(f for f in summary.files if f["kind"] == "tileset")
    assert entry["status"] == "refused"
    assert entry["reason"] == (f"tileset tilesets/reality/tileset.json: {server.url}/t/"
                               "tileset.json: content uri ../../secret.glb leaves the tileset's "
                               "folder")
    assert entry["reason"] in summary.warnings
    assert any(f["kind"] == "dem" and f["status"] == "downloaded" for f in summary.files)
    with Cache.open(path) as cache:
        assert list_tilesets(cache) == []
    assert not (tmp_path / "work.files" / "tilesets").exists()


def test_footprints_of_regions_boxes_and_local_frames() -> None:
    foot = Footprints(CRS_GK)
    lon, lat = math.radians(113.30), math.radians(23.10)
    region = BoundingVolume("region", (lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4, 0, 50))
    poly = foot.polygon(region, np.eye(4))
    assert 1.45e6 < poly.area < 1.55e6  # 2e-4 rad: about 1,173 m × 1,276 m
    # a box a tileset frame puts on the earth; the same box in a frame that does not
    box = BoundingVolume("box", (0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10))
    assert foot.polygon(box, np.eye(4)) is None  # unknown place: kept by covers
    m = np.eye(4)
    m[:3, 3] = (-2325000.0, 5391000.0, 2487000.0)  # near 113.3°E 23.1°N
    outline = foot.polygon(box, m)
    assert outline is not None and 300 < outline.area < 800


def test_layer_name() -> None:
    assert layer_name({"layer": " 白模 "}, "x/tileset.json") == "白模"
    assert layer_name({}, "tilesets/reality/tileset.json") == "reality"
    assert layer_name({}, "root.json") == "root"
