"""3D Tiles writing: a glb written by store.tiles.writer reads back through store.tiles, and
``cimview export-3dtiles`` of a city is read back by cimview and loaded by three readers nobody
here wrote: Khronos's glTF validator, loaders.gl under Node and CesiumJS in headless Chromium
(tools/js; these skip with the reason when node or chromium cannot run, and fail in CI)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from store.tiles.content import read_content
from store.tiles.source import FolderSource
from store.tiles.tileset import Tileset
from store.tiles.writer import box_volume, column_kind, encode_glb


def test_column_kind():
    assert column_kind([1, None, 3]) == "INT64"
    assert column_kind([1.5, 2]) == "FLOAT64"
    assert column_kind(["住宅", None]) == "STRING"


def test_glb_round_trips_features_and_attributes(tmp_path):
    pos = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0], [20, 0, 5], [30, 0, 5], [20, 10, 5]],
                   dtype=float)
    tri = np.array([[0, 1, 2], [3, 4, 5]])
    fid = np.array([0, 0, 0, 1, 1, 1])
    cols = {"gid": [7, 8], "name": ["石溪南苑1栋", None], "height": [24.5, None]}
    (tmp_path / "t.glb").write_bytes(encode_glb(pos, tri, fid, cols, "buildings",
                                                normals=np.tile([0, 0, 1.0], (6, 1))))
    mesh = read_content(FolderSource(tmp_path), "t.glb")
    assert np.allclose(mesh.positions, pos, atol=1e-4)
    assert mesh.feature_count == 2
    assert list(mesh.feature_ids) == list(fid)
    assert list(mesh.properties["gid"]) == [7, 8]
    assert mesh.properties["name"][0] == "石溪南苑1栋"
    assert float(mesh.properties["height"][0]) == 24.5


def test_box_volume_contains_its_box():
    b = box_volume([0, 0, 0], [10, 20, 30])
    assert b[:3] == [5, 10, 15] and b[3] == 5 and b[7] == 10 and b[11] == 15


def test_enu_frame_is_on_the_ellipsoid_and_orthonormal():
    from store.tiles.writer import enu_to_ecef

    m = np.array(enu_to_ecef(113.3, 23.1, 0.0)).reshape(4, 4).T
    assert abs(np.linalg.norm(m[:3, 3]) - 6.3785e6) < 2e4
    assert np.allclose(m[:3, :3].T @ m[:3, :3], np.eye(3))
    assert np.allclose(m[:3, 2], m[:3, 3] / np.linalg.norm(m[:3, 3]), atol=5e-3)


def test_glb_passes_khronos_gltf_validator(tmp_path):
    js = Path(__file__).resolve().parent.parent / "tools" / "js"
    if shutil.which("node") is None or not (js / "node_modules" / "gltf-validator").exists():
        pytest.skip("node or tools/js/node_modules missing: run `npm ci --prefix tools/js`")
    pos = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0]], dtype=float)
    path = tmp_path / "t.glb"
    path.write_bytes(encode_glb(pos, np.array([[0, 1, 2]]), np.zeros(3, int),
                                {"gid": [1], "use": [None]}, "buildings",
                                normals=np.tile([0, 0, 1.0], (3, 1))))
    run = subprocess.run(["node", str(js / "validate_gltf.mjs"), str(path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout.splitlines()[0])["errors"] == 0


# -- cimview export-3dtiles ------------------------------------------------------------------------
JS = Path(__file__).resolve().parent.parent / "tools" / "js"
#: Features per leaf in the tests: small, so the sample city's trees are several levels deep.
LEAF = 200
BBOX = (428000.0, 2555000.0, 428600.0, 2555700.0)
NO_DATA = {"INT64": np.iinfo(np.int64).min, "FLOAT64": -1.0e300, "STRING": ""}


def need(tool: str, ok: bool, how: str) -> None:
    """Skip when ``tool`` cannot run here, with the reason; in CI (CI=true) fail instead."""
    if ok:
        return
    text = f"{tool} cannot run here: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(text + " (CI must run every reader check)")
    pytest.skip(text)


def need_node(package: str) -> None:
    need("node", shutil.which("node") is not None and (JS / "node_modules" / package).exists(),
         f"node or tools/js/node_modules/{package} missing: run `npm ci --prefix tools/js`")


def test_export_pure_rules():
    from app.cli import parse_bbox
    from layers.tileset_export import intersecting, monotone_errors, tile_file
    from store.errors import CimviewError

    b = np.array([[0, 0, 10, 10], [20, 20, 30, 30.0]])
    assert intersecting(b, (5, 5, 15, 15)).tolist() == [True, False]
    assert intersecting(b, None).tolist() == [True, True]
    assert monotone_errors({"r": 2.0, "a": 5.0, "b": 0.0}, {"r": ["a", "b"]}, "r",
                           {"r": 1.0}) == {"b": 0.0, "a": 5.0, "r": 5.0}
    assert tile_file("pipelines", "r012") == "pipelines/r012.glb"
    from store.tiles.writer import property_id

    assert property_id("use") == "use" and property_id("名称") == "p___"  # ids are ASCII
    assert property_id("a b", {"p_a_b"}) == "p_a_b_1"
    assert parse_bbox("1,2,3,4") == (1.0, 2.0, 3.0, 4.0)
    for bad, words in (("1,2,3", "four numbers"), ("1,2,x,4", "four numbers"),
                       ("1,2,nan,4", "four numbers"), ("3,2,1,4", "below the maximum")):
        with pytest.raises(CimviewError, match=words):
            parse_bbox(bad)


def _gids(cache_path: Path, table: str, bbox=None) -> set[str]:
    # what stands now: the sample city keeps history and planned buildings beside it
    sql = (f'SELECT t.gid FROM "{table}" t JOIN "rtree_{table}_geom" r ON r.id = t.fid '
           "WHERE t.valid_to IS NULL AND t.scenario IS NULL")
    args: tuple = ()
    if bbox:
        sql += " AND r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ?"
        args = (bbox[0], bbox[2], bbox[1], bbox[3])
    with sqlite3.connect(cache_path) as con:
        return {r[0] for r in con.execute(sql, args)}


def _contents(out: Path) -> list[tuple]:
    """(tile, uri, mesh, leaf) of every content of an exported tileset, read by store.tiles."""
    source = FolderSource(out)
    ts = Tileset(source, "tileset.json")
    return [(t, t.content_uris[0], read_content(source, t.content_uris[0], ts.gltf_up_axis),
             not ts.children(t)) for t in ts.walk() if t.content_uris]


@pytest.fixture(scope="module")
def exported(review_city, tmp_path_factory) -> dict:
    """The sample city (1500 buildings, 6000 pipes) exported whole with small leaves."""
    from viewer.tiles_export import export_3dtiles

    out = tmp_path_factory.mktemp("export") / "city"
    said: list[str] = []
    summary = export_3dtiles(review_city["cache"], out, leaf_features=LEAF,
                             progress=said.append)
    return {"cache": Path(review_city["cache"]), "out": out, "summary": summary, "said": said}


def test_export_reads_back_every_feature_with_its_attributes(exported):
    cache, out = exported["cache"], exported["out"]
    contents = _contents(out)
    leaves: dict[str, dict[str, dict]] = {"buildings": {}, "pipelines": {}}
    for _tile, uri, mesh, leaf in contents:
        layer = uri.split("/")[0]
        gids = mesh.properties["gid"]
        assert mesh.feature_count == len(gids) <= (LEAF if leaf else 1500)
        assert set(np.unique(mesh.feature_ids).astype(int)) == set(range(len(gids)))
        if leaf:
            for i, gid in enumerate(gids):
                assert gid not in leaves[layer], f"{gid} is in two leaves"  # never split
                leaves[layer][gid] = {k: v[i] for k, v in mesh.properties.items()}
    for layer in ("buildings", "pipelines"):
        assert set(leaves[layer]) == _gids(cache, layer)
        assert exported["summary"].layers[layer].features == len(leaves[layer])
        # every column of every row, NULLs as the property's noData
        with sqlite3.connect(cache) as con:
            con.row_factory = sqlite3.Row
            info = {r[1]: r[2] for r in con.execute(f'PRAGMA table_info("{layer}")')}
            rows = list(con.execute(f'SELECT * FROM "{layer}" WHERE valid_to IS NULL '
                                    "AND scenario IS NULL"))  # what stands now
        from layers.tileset_export import column_kind_of

        for row in rows:
            got = leaves[layer][row["gid"]]
            assert set(got) == set(info) - {"geom"}
            for col in got:
                want = row[col]
                if want is None:
                    want = NO_DATA[column_kind_of(info[col])]
                if isinstance(want, float):
                    assert float(got[col]) == pytest.approx(want), (row["gid"], col)
                else:
                    assert got[col] == want, (row["gid"], col)
    assert "buildings: 1 of" in exported["said"][0]
    # each layer's tree is an external tileset: the root file stays small at any city size
    root = json.loads((out / "tileset.json").read_text(encoding="utf-8"))["root"]
    assert [c["content"]["uri"] for c in root["children"]] == ["buildings/tileset.json",
                                                               "pipelines/tileset.json"]


def test_export_places_tiles_on_the_earth_and_boxes_hold_their_content(exported):
    from pyproj import Transformer

    cache, out = exported["cache"], exported["out"]
    import shapely

    from store.cache import Cache

    with Cache.open(cache) as c:  # exact footprints (the R*Tree's bounds are float32)
        rows = c.read("buildings", ("gid", "ground_z", "height"))
        crs = c.crs
    z0 = np.array(rows.columns["ground_z"], float)
    bounds = dict(zip(rows.columns["gid"], np.column_stack(
        [shapely.bounds(rows.geoms), z0, z0 + np.array(rows.columns["height"], float)]),
        strict=True))
    to_cache = Transformer.from_crs("EPSG:4978", crs.to_3d(), always_xy=True)
    contents = _contents(out)

    def corners(tile) -> np.ndarray:
        v = np.asarray(tile.bounding_volume.values, float)
        c, axes = v[:3], v[3:].reshape(3, 3)
        signs = np.array([[i, j, k] for i in (-1, 1) for j in (-1, 1) for k in (-1, 1)])
        return c + signs @ axes

    def inside(points: np.ndarray, tile) -> bool:
        """Whether points of the tileset's frame are in the tile's box (to 1 mm)."""
        v = np.asarray(tile.bounding_volume.values, float)
        c, axes = v[:3], v[3:].reshape(3, 3)
        inv = np.linalg.inv(tile.world[:3, :3])
        local = (points - tile.world[:3, 3]) @ inv.T - c
        half = np.linalg.norm(axes, axis=1)
        return bool(np.all(np.abs(local @ (axes / half[:, None]).T) <= half + 1e-3))

    ts = Tileset(FolderSource(out), "tileset.json")
    for parent in ts.walk():  # a child's box inside its parent's
        for child in ts.children(parent):
            world = corners(child) @ child.world[:3, :3].T + child.world[:3, 3]
            assert inside(world, parent), (parent.content_uris, child.content_uris)
            assert child.geometric_error <= parent.geometric_error
    checked = 0
    for tile, uri, mesh, leaf in contents:
        ecef = mesh.positions @ tile.world[:3, :3].T + tile.world[:3, 3]
        assert inside(ecef, tile), uri
        if leaf and uri.startswith("buildings/"):
            x, y, z = to_cache.transform(ecef[:, 0], ecef[:, 1], ecef[:, 2])
            b = np.array([bounds[g] for g in mesh.properties["gid"]], float)
            assert x.min() == pytest.approx(b[:, 0].min(), abs=0.005)
            assert y.max() == pytest.approx(b[:, 3].max(), abs=0.005)
            assert z.min() == pytest.approx(np.nanmin(b[:, 4]), abs=0.005)
            assert z.max() == pytest.approx(np.nanmax(b[:, 5]), abs=0.005)
            checked += 1
    assert checked >= 2


def test_export_keeps_to_the_bbox_and_its_folder(review_city, tmp_path):
    from store.errors import CimviewError
    from viewer.tiles_export import export_3dtiles

    cache = Path(review_city["cache"])
    out = tmp_path / "part"
    summary = export_3dtiles(cache, out, layers=["buildings"], bbox=BBOX, leaf_features=LEAF)
    got = {g for _t, uri, m, leaf in _contents(out) if leaf for g in m.properties["gid"]}
    assert got == _gids(cache, "buildings", BBOX) and 0 < len(got) < 1500
    assert summary.layers["buildings"].features == len(got) and "pipelines" not in summary.layers
    assert sorted(p.name for p in out.iterdir()) == ["buildings", "tileset.json"]
    # a previous export is replaced; a folder of other files is not written into
    export_3dtiles(cache, out, layers=["pipelines"], bbox=BBOX, leaf_features=LEAF)
    assert sorted(p.name for p in out.iterdir()) == ["pipelines", "tileset.json"]
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("我的笔记")
    with pytest.raises(CimviewError, match="not empty and holds no tileset") as err:
        export_3dtiles(cache, other, bbox=BBOX)
    assert str(other) in str(err.value) and "--force" in str(err.value)
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    export_3dtiles(cache, other, bbox=BBOX, force=True)
    assert sorted(p.name for p in other.iterdir()) == ["buildings", "notes.txt", "pipelines",
                                                       "tileset.json"]
    fresh = tmp_path / "fresh"  # what an interrupted export left is no reason to refuse
    (fresh / ".cimview-export-x1").mkdir(parents=True)
    export_3dtiles(cache, fresh, layers=["buildings"], bbox=BBOX)
    assert (fresh / "tileset.json").exists()
    with pytest.raises(CimviewError, match="misses the data, which covers 4"):
        export_3dtiles(cache, tmp_path / "none", bbox=(0, 0, 10, 10))
    assert not (tmp_path / "none").exists()


def test_cli_export_3dtiles(review_city, tmp_path, capsys):
    from app.cli import main

    out = tmp_path / "cli"
    assert main(["export-3dtiles", review_city["cache"], "--out", str(out), "--layers",
                 "buildings", "--bbox", ",".join(map(str, BBOX))]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["layers"]["buildings"]["features"] > 0 and (out / "tileset.json").exists()
    assert main(["export-3dtiles", review_city["cache"], "--out", str(out), "--bbox",
                 "1,2,3"]) == 1
    assert "--bbox '1,2,3': expected four numbers" in capsys.readouterr().err
    assert main(["export-3dtiles", review_city["cache"], "--out", str(out), "--layers",
                 "roads", "--lang", "en"]) == 1
    assert "--layers roads" in capsys.readouterr().err


def test_export_of_lod2_solids_in_another_crs(realdata, tmp_path):
    """A real CityJSON (Dutch RD, LOD2 solids) exports as solids, placed and valid."""
    from store.importers import import_file
    from viewer.tiles_export import export_3dtiles

    cache = tmp_path / "lod2.gpkg"
    import_file(realdata / "cityjson" / "cjio_multi_lod.city.json", cache, crs="EPSG:28992")
    out = tmp_path / "lod2"
    summary = export_3dtiles(cache, out, layers=["buildings"], leaf_features=3)
    assert summary.layers["buildings"].features == 10
    assert 3.3 < summary.centre_lonlat[0] < 7.3 and 50.7 < summary.centre_lonlat[1] < 53.6  # NL
    leaves = [(uri, m) for _t, uri, m, leaf in _contents(out) if leaf]
    assert all(uri.startswith("buildings/s") for uri, _m in leaves)
    assert sum(m.feature_count for _u, m in leaves) == 10
    need_node("gltf-validator")
    run = subprocess.run(["node", str(JS / "validate_gltf.mjs"),
                          *map(str, sorted(out.rglob("*.glb")))],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_every_exported_glb_passes_the_gltf_validator(exported):
    need_node("gltf-validator")
    glbs = sorted(exported["out"].rglob("*.glb"))
    assert len(glbs) == sum(s.files for s in exported["summary"].layers.values()) > 10
    run = subprocess.run(["node", str(JS / "validate_gltf.mjs"), *map(str, glbs)],
                         capture_output=True, text=True, timeout=60)
    reports = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(reports) == len(glbs)
    assert [r for r in reports if r["errors"]] == [], run.stderr[-2000:]
    assert run.returncode == 0


def test_loaders_gl_loads_every_tile(exported):
    need_node("@loaders.gl/3d-tiles")
    run = subprocess.run(["node", str(JS / "load_3dtiles.mjs"),
                          str(exported["out"] / "tileset.json")],
                         capture_output=True, text=True, timeout=60)
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["errors"] == [] and run.returncode == 0, run.stderr[-2000:]
    assert result["contents"] == len(list(exported["out"].rglob("*.glb")))
    leaves = sum(s.features for s in exported["summary"].layers.values())
    assert result["features"] > leaves  # the leaves' and the inner tiles' boxes


class _Site(http.server.SimpleHTTPRequestHandler):
    """Serves /cesium/ (Cesium's build), /tiles/ (the tileset) and /check.html; takes the
    page's POST /result."""

    roots: dict[str, Path] = {}
    result: dict = {}

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path == "/check.html":
            return str(JS / "cesium_check.html")
        for prefix, root in self.roots.items():
            if path.startswith(prefix):
                target = (root / path[len(prefix):]).resolve()
                if target.is_relative_to(root.resolve()):
                    return str(target)
        return "/nonexistent"

    def do_POST(self) -> None:
        n = min(int(self.headers.get("Content-Length") or 0), 10_000_000)
        type(self).result["body"] = self.rfile.read(n)
        self.send_response(204)
        self.end_headers()


def test_cesium_loads_the_tileset_in_headless_chromium(exported):
    cesium = JS / "node_modules" / "cesium" / "Build" / "Cesium"
    need("CesiumJS", cesium.is_dir(), "tools/js/node_modules/cesium missing: run "
         "`npm ci --prefix tools/js`")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    need("chromium", browser is not None, "no chromium (apt-get install chromium; "
         "tools/system-deps.sh test installs it)")

    class Site(_Site):
        roots = {"/cesium/": cesium, "/tiles/": exported["out"]}
        result: dict = {}

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp(prefix="cimview-chromium-")
    url = f"http://127.0.0.1:{server.server_address[1]}/check.html?sse=0.01&pitch=-90&range=2.5"
    proc = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--use-angle=swiftshader",
         "--enable-unsafe-swiftshader", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update",
         "--window-size=800,600", f"--user-data-dir={profile}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while "body" not in Site.result and time.monotonic() < deadline \
                and proc.poll() is None:
            time.sleep(0.2)
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    assert "body" in Site.result, ("CesiumJS did not finish loading in 60 s; chromium said: "
                                   + err.decode(errors="replace")[-2000:])
    result = json.loads(Site.result["body"])
    assert result["errors"] == [] and result["failed"] == []
    # seen from above with almost no error allowed, every tile is drawn: all contents load
    every = {p.relative_to(exported["out"]).as_posix() for p in exported["out"].rglob("*.glb")}
    assert result["loaded"] and set(result["urls"]) == every
    layers = exported["summary"].layers
    assert result["leafFeatures"] == layers["buildings"].features + layers["pipelines"].features
    # Cesium reads the metadata: a feature's properties are its row's
    with sqlite3.connect(exported["cache"]) as con:
        for layer, column in (("buildings", "name"), ("pipelines", "owner")):
            got = result["samples"][layer]
            want = con.execute(f'SELECT "{column}" FROM "{layer}" WHERE gid = ?',
                               (got["gid"],)).fetchone()
            assert want is not None and got[column] == (want[0] or ""), (layer, got)
