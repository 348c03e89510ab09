"""3D Tiles writing: a glb written by store.tiles.writer reads back through store.tiles."""

from __future__ import annotations

import numpy as np

from store.tiles.content import read_content
from store.tiles.source import FolderSource
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
    import json
    import shutil
    import subprocess
    from pathlib import Path

    import pytest

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
