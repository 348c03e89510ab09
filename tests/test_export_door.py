"""Data grades and the export door: what may leave a cache, de-sensitised how, and on the record."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store import audit, grades
from store.cache import Cache
from store.export import ExportRefused, export_cache
from store.export.desensitise import mask_attrs, mask_personal, round_values, snap_to_grid
from store.export.profiles import Profile, decide, load_profile
from store.grades import Grade, layer_grade, parse_statement, requires_encryption, strongest
from store.sync.download import EncryptionRequired, sync
from tests.platform_fixture import Platform as LocalPlatform
from tests.platform_fixture import ogc_platform  # noqa: F401  (the session's platform)

ROOT = Path(__file__).resolve().parents[1]


# -- grades (pure) -------------------------------------------------------------------------------
def test_grades_from_the_rules_and_from_a_platform() -> None:
    pipes = layer_grade("pipelines")
    assert (pipes.grade, pipes.secret, pipes.coordinates_sensitive) == ("重要", True, True)
    assert {"start_depth", "owner", "pressure"} <= set(pipes.sensitive_fields)
    assert layer_grade("roads").grade == "一般" and not layer_grade("roads").secret
    assert "产权人" in layer_grade("buildings").personal_fields
    stated = layer_grade("roads", {"grade": "核心", "secret": True})
    assert (stated.grade, stated.secret, stated.source) == ("核心", True, "platform")
    assert layer_grade("roads", {"grade": "绝密"}).grade == "一般"  # not a grade: ignored
    assert parse_statement({"grade": "重要", "personal_fields": ["x" * 65]}) == {"grade": "重要"}
    top = strongest([layer_grade("roads"), pipes, layer_grade("buildings")])
    assert (top.grade, top.secret) == ("重要", True)
    assert requires_encryption(pipes) and not requires_encryption(layer_grade("roads"))
    assert [grades.rank(g) for g in grades.GRADES] == [0, 1, 2]


def test_a_platform_statement_kept_in_the_cache_wins(tmp_path: Path) -> None:
    with Cache.create(tmp_path / "c.gpkg", "EPSG:4547") as cache:
        with cache.transaction() as tx:
            kept = grades.keep_statements(tx.conn, {"roads": {"grade": "重要"},
                                                    "water": {"grade": "nonsense"}})
        assert kept == 1
        got = grades.cache_grades(cache, ["roads", "water", "pipelines"])
    assert got["roads"].grade == "重要" and got["roads"].source == "platform"
    assert got["water"].grade == "一般" and got["pipelines"].secret


# -- de-sensitising (pure) -----------------------------------------------------------------------
def test_desensitising_rules() -> None:
    lines = np.array([shapely.LineString([(428_003.2, 2_555_006.9, -1.26),
                                          (428_017.5, 2_555_012.4, -1.74)])], dtype=object)
    snapped = snap_to_grid(lines, 10.0, 0.5)
    xyz = shapely.get_coordinates(snapped, include_z=True)
    assert np.allclose(xyz[:, :2] % 10.0, 0) and np.allclose(xyz[:, 2] % 0.5, 0)
    assert round_values([1.26, None, 2.74, "x"], 0.5) == [1.5, None, 2.5, None]
    assert round_values([349, 351], 100) == [300, 400]
    assert mask_personal("张三") == "张*" and mask_personal("13812345678") == "138****5678"
    assert mask_personal("440106199001011234") == "440***********1234"
    assert mask_attrs(['{"产权人": "李四", "层数": 6}'], {"产权人"}) == [
        '{"产权人": "李*", "层数": 6}']


def test_profiles_decide() -> None:
    public, share = load_profile("public"), load_profile("share-pipelines")
    assert decide(layer_grade("pipelines"), public) == "refuse"
    assert decide(layer_grade("pipelines"), share) == "treat"
    assert decide(layer_grade("roads"), public) == "as_is"
    assert decide(Grade("roads", "重要"), load_profile("internal")) == "as_is"
    assert decide(Grade("roads", "核心"), load_profile("internal")) == "refuse"
    assert decide(Grade("x", "重要", secret=True), Profile("p", allows="核心")) == "refuse"


# -- the door ------------------------------------------------------------------------------------
@pytest.fixture()
def city(tmp_path: Path, sample_city_copy) -> Path:
    path = sample_city_copy(tmp_path)
    with Cache.open(path) as c, c.transaction() as tx:  # an owner and a phone among attributes
        tx.conn.exec_driver_sql("UPDATE buildings SET attrs = ? WHERE fid = 1", (json.dumps(
            {"产权人": "王小明", "联系电话": "13912345678", "层数": 6}, ensure_ascii=False),))
    return path


def _trail(cache: Path) -> list[dict]:
    with Cache.open(cache) as c, c.engine.connect() as conn:
        return audit.entries(conn)


def test_a_secret_layer_asked_for_is_refused_and_nothing_is_written(city: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out.gpkg"
    with pytest.raises(ExportRefused, match=r"pipelines \(重要·涉密\)"):
        export_cache(city, out, layers=["roads", "pipelines"])
    assert not out.exists() and not list(tmp_path.glob(".out.*"))
    [entry] = _trail(city)
    assert entry["kind"] == "export_refused" and entry["details"]["layers"] == ["pipelines"]


def test_the_public_export_leaves_secrets_out_and_masks_owners(city: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "public.gpkg"
    result = export_cache(city, out)
    assert set(result["left_out"]) == {"pipelines", "pipe_points"}
    names = dict(pyogrio.list_layers(out))
    assert "pipelines" not in names and names["buildings"] == "MultiPolygon"
    with sqlite3.connect(out) as con:
        attrs = json.loads(con.execute("SELECT attrs FROM buildings WHERE fid = 1").fetchone()[0])
        assert attrs["产权人"] == "王**" and attrs["联系电话"] == "139****5678"
        assert attrs["层数"] == 6
    data = out.read_bytes()
    assert "王小明".encode() not in data and b"13912345678" not in data
    [entry] = _trail(city)
    assert entry["kind"] == "export" and entry["details"]["profile"] == "public"
    assert entry["details"]["sha256"] == hashlib.sha256(data).hexdigest() == result["sha256"]
    assert entry["user"] and entry["device"]


def test_shared_pipelines_hold_no_value_the_profile_forbids(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.gpkg"
    out_cli = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", str(city), "--out", str(out), "--layers",
         "pipelines,pipe_points,roads", "--desensitise", "share-pipelines", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out_cli.returncode == 0, out_cli.stderr
    result = json.loads(out_cli.stdout)
    assert result["layers"]["pipelines"]["how"] == "desensitised"
    meta, _, wkb, values = pyogrio.raw.read(out, layer="pipelines")
    fields = list(meta["fields"])
    for gone in ("owner", "pressure", "material_code", "code", "start_no"):
        assert gone not in fields
    xyz = shapely.get_coordinates(shapely.from_wkb(wkb), include_z=True)
    assert np.allclose(np.mod(xyz[:, :2], 10.0), 0) and np.allclose(np.mod(xyz[:, 2], 0.5), 0)
    depth = np.array(values[fields.index("start_depth")], dtype=float)
    depth = depth[np.isfinite(depth)]
    assert len(depth) and np.allclose(np.mod(depth, 0.5), 0)
    diameter = np.array(values[fields.index("diameter_mm")], dtype=float)
    diameter = diameter[np.isfinite(diameter)]
    assert len(diameter) and np.allclose(np.mod(diameter, 100), 0)
    data = out.read_bytes()
    with Cache.open(city) as c:
        owners = set(c.read("pipelines", ["owner"]).columns["owner"]) - {None}
    assert owners and not any(o.encode() in data for o in owners)
    kinds = [e["kind"] for e in _trail(city)]
    assert kinds == ["export"]
    audit_out = subprocess.run([sys.executable, "-m", "app.cli", "audit", str(city), "--json"],
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
    doc = json.loads(audit_out.stdout)
    assert doc["verified"] and doc["entries"][0]["details"]["sha256"] == result["sha256"]


def test_an_export_is_never_written_over_a_file(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "there.gpkg"
    out.write_bytes(b"mine")
    with pytest.raises(Exception, match="already exists"):
        export_cache(city, out, layers=["roads"])
    assert out.read_bytes() == b"mine"


# -- grades and the download ---------------------------------------------------------------------
def test_a_graded_work_area_is_not_downloaded_plain_unless_asked(
        ogc_platform: LocalPlatform, tmp_path: Path) -> None:  # noqa: F811
    ogc_platform.reset()
    area = tmp_path / "area.gpkg"
    with pytest.raises(EncryptionRequired, match="downloaded encrypted") as caught:
        sync(ogc_platform.url, area, files=False, require_encryption=True)
    assert {"pipelines", "pipe_points"} <= set(caught.value.layers)
    assert not area.exists() and not Path(f"{area}.partial").exists()
    plain = sync(ogc_platform.url, area, files=False,  # the library's caller chose plain
                 collections=["roads", "pipe_points"])
    assert plain.complete
    kinds = [e["kind"] for e in _trail(area)]
    assert kinds[0] == "plain_download"
    cli = subprocess.run([sys.executable, "-m", "app.cli", "sync", ogc_platform.url, "--into",
                          str(tmp_path / "b.gpkg"), "--no-files", "--layers", "pipe_points"],
                         cwd=ROOT,
                         capture_output=True, text=True, timeout=300,
                         stdin=subprocess.DEVNULL, env={**os.environ, "LANG": "en_US.UTF-8"})
    assert cli.returncode == 1
    assert "downloaded encrypted" in cli.stderr and "CIMVIEW_PASSPHRASE" in cli.stderr
    assert not (tmp_path / "b.gpkg").exists()


def test_a_3d_tiles_export_is_on_the_record_with_its_grades(city: Path, tmp_path: Path) -> None:
    from viewer.tiles_export import export_3dtiles

    with Cache.open(city) as c:
        x0, y0, x1, y1 = c.extent()
    bbox = (x0, y0, x0 + (x1 - x0) / 8, y0 + (y1 - y0) / 8)
    export_3dtiles(city, tmp_path / "tiles", layers=["buildings", "pipelines"], bbox=bbox)
    [entry] = _trail(city)
    details = entry["details"]
    assert entry["kind"] == "export" and details["format"] == "3D Tiles 1.1"
    assert details["layers"]["pipelines"]["grade"] == "重要"
    assert details["layers"]["pipelines"]["secret"] is True
    assert details["sha256"] == hashlib.sha256(
        (tmp_path / "tiles" / "tileset.json").read_bytes()).hexdigest()
