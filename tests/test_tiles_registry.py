"""The cache's list of 3D Tiles layers: rows in a real cache, sources a real tileset opens from."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from store.cache import Cache
from store.errors import CacheError, CimviewError, InputError
from store.sync.client import SyncError
from store.tiles.http_source import HttpSource
from store.tiles.registry import (
    TilesetEntry,
    get_tileset,
    list_tilesets,
    local_folder,
    open_source,
    register_tileset,
    remove_tileset,
    split_uri,
)
from store.tiles.source import FolderSource
from store.tiles.tileset import Tileset

DATA = Path(__file__).parent / "data" / "3dtiles"


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    c = Cache.create(tmp_path / "city.gpkg", "EPSG:4547", name="t")
    yield c
    c.close()


def test_a_cache_without_tilesets_lists_none_and_has_no_table(cache: Cache) -> None:
    assert list_tilesets(cache) == []
    assert remove_tileset(cache, "nothing") is False
    with sqlite3.connect(cache.path) as db:
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'cimview_tilesets'"
                          ).fetchone() is None


def test_register_lists_replaces_and_removes(cache: Cache) -> None:
    register_tileset(cache, "reality", "reality", title="倾斜摄影 珠湾区")
    register_tileset(cache, "city", "https://cim.example/tiles/city/tileset.json",
                     kind="buildings")
    assert [e.name for e in list_tilesets(cache)] == ["city", "reality"]
    register_tileset(cache, "reality", "work.files/tilesets/reality", title="倾斜摄影")
    entry = get_tileset(cache, "reality")
    assert entry is not None
    assert (entry.uri, entry.title, entry.kind) == ("work.files/tilesets/reality", "倾斜摄影",
                                                    "reality")
    assert entry.updated_at and entry.updated_at.endswith("Z")
    # the row is in the file, readable by any SQLite tool, and survives reopening
    with sqlite3.connect(cache.path) as db:
        rows = db.execute("SELECT name, title, uri, kind FROM cimview_tilesets ORDER BY name"
                          ).fetchall()
    assert rows == [("city", None, "https://cim.example/tiles/city/tileset.json", "buildings"),
                    ("reality", "倾斜摄影", "work.files/tilesets/reality", "reality")]
    with Cache.open(cache.path) as again:
        assert [e.name for e in list_tilesets(again)] == ["city", "reality"]
    assert remove_tileset(cache, "city") is True
    assert [e.name for e in list_tilesets(cache)] == ["reality"]


@pytest.mark.parametrize(("name", "uri", "words"), [
    ("", "reality", "needs a name"),
    ("r", "", "is not a folder or a URL"),
    ("r", "ftp://cim.example/tiles", r"neither a local folder nor an http\(s\) URL"),
    ("r", "https:///tileset.json", "names no host"),
])
def test_bad_rows_are_refused_clearly_and_nothing_is_written(cache: Cache, name: str, uri: str,
                                                             words: str) -> None:
    register_tileset(cache, "kept", "reality")
    with pytest.raises(CimviewError, match=words):
        register_tileset(cache, name, uri)
    assert [e.name for e in list_tilesets(cache)] == ["kept"]


def test_split_uri() -> None:
    assert split_uri("reality") == ("reality", "tileset.json")
    assert split_uri("a/b/root.json") == ("a/b", "root.json")
    assert split_uri("https://h/t/city?x=1") == ("https://h/t/city/", "tileset.json")
    assert split_uri("https://h/t/city/tileset.json?v=3") == ("https://h/t/city/",
                                                              "tileset.json")


def test_a_local_tileset_beside_the_cache_opens(cache: Cache) -> None:
    shutil.copytree(DATA / "TilesetWithRequestVolume", cache.path.parent / "reality")
    register_tileset(cache, "reality", "reality")
    entry = list_tilesets(cache)[0]
    source = open_source(cache.path, entry)
    assert isinstance(source, FolderSource)
    tileset = Tileset(source, entry.root)
    contents = [u for t in tileset.walk() for u in t.content_uris]
    assert "city/ll.b3dm" in contents
    assert source.read("city/ll.b3dm")[:4] == b"b3dm"


def test_a_tileset_in_the_files_folder_named_by_its_root_file(cache: Cache) -> None:
    folder = cache.path.parent / "city.files" / "tilesets" / "q"
    shutil.copytree(DATA / "FeatureIdAttributeAndPropertyTable", folder)
    register_tileset(cache, "q", "city.files/tilesets/q/tileset.json")
    entry = get_tileset(cache, "q")
    assert entry is not None and entry.root == "tileset.json"
    assert local_folder(cache.path, entry) == folder.resolve()
    assert Tileset(open_source(cache.path, entry), entry.root).root.content_uris


@pytest.mark.parametrize("uri", ["../elsewhere", "/etc", "a/../../b", "link"])
def test_a_folder_outside_the_cache_folder_is_refused(tmp_path: Path, uri: str) -> None:
    (tmp_path / "inner").mkdir()
    c = Cache.create(tmp_path / "inner" / "city.gpkg", "EPSG:4547")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "inner" / "link").symlink_to(tmp_path / "elsewhere")
    try:
        register_tileset(c, "x", uri)  # recorded as given: refused when opened
        with pytest.raises(CacheError, match=r"tileset x: its folder .* is outside the "
                           r"cache's folder") as err:
            open_source(c.path, get_tileset(c, "x"))
        assert str(c.path) in str(err.value)
    finally:
        c.close()


def test_entry_label_and_kind() -> None:
    assert TilesetEntry("r", None, "reality").label == "r"
    assert TilesetEntry("r", "倾斜摄影", "reality").label == "倾斜摄影"
    assert TilesetEntry("r", None, "http://h/t").is_url
    assert not TilesetEntry("r", None, "reality").is_url


# -- tilesets from a URL: a real http.server on 127.0.0.1 --------------------------------------
class _Files:
    """A threaded HTTP server over ``tests/data/3dtiles`` that can misbehave per path."""

    def __init__(self, root: Path):
        self.root = root
        self.auth: list[tuple[str, str | None]] = []
        self.fail_once: set[str] = set()
        self.redirect: dict[str, str] = {}
        files = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: object) -> None:
                pass

            def do_GET(self) -> None:
                path = unquote(urlsplit(self.path).path)
                files.auth.append((path, self.headers.get("Authorization")))
                if path in files.fail_once:
                    files.fail_once.discard(path)
                    return self._send(503, b"busy")
                if path in files.redirect:
                    self.send_response(302)
                    self.send_header("Location", files.redirect[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                target = (files.root / path.lstrip("/")).resolve()
                if not target.is_file() or not target.is_relative_to(files.root):
                    return self._send(404, b"not found")
                return self._send(200, target.read_bytes())

            def _send(self, code: int, body: bytes) -> None:
                self.send_response(code)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def files() -> _Files:
    server = _Files(DATA.resolve())
    yield server
    server.close()


def test_a_tileset_from_a_url_reads_like_a_folder(cache: Cache, files: _Files) -> None:
    register_tileset(cache, "web", f"{files.url}/TilesetWithRequestVolume/tileset.json",
                     kind="buildings")
    entry = get_tileset(cache, "web")
    source = open_source(cache.path, entry, token="s3cret")
    assert isinstance(source, HttpSource)
    tileset = Tileset(source, entry.root)
    uris = [u for t in tileset.walk() for u in t.content_uris]  # the external tileset too
    assert "city/ll.b3dm" in uris
    data = source.read("city/ll.b3dm")
    assert data == (DATA / "TilesetWithRequestVolume" / "city" / "ll.b3dm").read_bytes()
    assert ("/TilesetWithRequestVolume/city/ll.b3dm", "Bearer s3cret") in files.auth
    source.close()


def test_a_url_source_never_leaves_its_folder(files: _Files) -> None:
    source = HttpSource(f"{files.url}/TilesetWithRequestVolume/")
    before = len(files.auth)
    for uri in ("../ComplexTypes/tileset.json", "http://127.0.0.1:9/x.glb", "/etc/passwd",
                "//evil.example/x"):
        with pytest.raises(InputError, match="leaves the tileset's address") as err:
            source.read(uri)
        assert files.url in str(err.value)
    assert len(files.auth) == before  # nothing was even asked


def test_a_redirect_elsewhere_is_not_followed_and_gets_no_token(files: _Files) -> None:
    other = _Files(DATA.resolve())
    try:
        files.redirect["/ComplexTypes/tileset.json"] = f"{other.url}/ComplexTypes/tileset.json"
        source = HttpSource(f"{files.url}/ComplexTypes", token="s3cret", retries=0)
        with pytest.raises(SyncError, match="outside the platform") as err:
            source.read("tileset.json")
        assert f"{files.url}/ComplexTypes/tileset.json" in str(err.value)
        assert other.auth == []
    finally:
        files.redirect.clear()
        other.close()


def test_a_busy_server_is_retried_a_bounded_number_of_times(files: _Files) -> None:
    files.fail_once.add("/ComplexTypes/tileset.json")
    source = HttpSource(f"{files.url}/ComplexTypes/tileset.json", retries=1)
    source.platform.backoff = 0.01
    assert json.loads(source.read("tileset.json"))["asset"]["version"] == "1.1"
    missing = HttpSource(f"{files.url}/ComplexTypes/", retries=5)
    with pytest.raises(SyncError, match="HTTP 404") as err:
        missing.read("nothing.glb")
    assert f"{files.url}/ComplexTypes/nothing.glb" in str(err.value)
    assert missing.platform.requests == 1  # a 404 is not retried


def test_a_file_over_the_bound_is_refused_naming_the_url(files: _Files) -> None:
    source = HttpSource(f"{files.url}/ComplexTypes/", max_bytes=100)
    with pytest.raises(CimviewError, match="more than the 100 allowed") as err:
        source.read("tileset.json")
    assert "ComplexTypes/tileset.json" in str(err.value)


def test_a_tileset_address_must_be_http() -> None:
    with pytest.raises(CimviewError, match="not an http:// or https:// URL"):
        HttpSource("file:///etc/")
