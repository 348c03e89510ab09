"""The cimview command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import shapely

from store.cache import Cache

CIMVIEW = [sys.executable, "-m", "app.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CIMVIEW, *args], capture_output=True, text=True, timeout=300,
                          env=env)


def test_info_prints_layers_counts_and_crs(tmp_path: Path) -> None:
    path = tmp_path / "c.gpkg"
    with Cache.create(path, "EPSG:4547") as c, c.transaction() as tx:
        tx.insert("poles", shapely.points(np.array([[428_000.0, 2_555_000.0, 10.0]])),
                  source="test")
    out = run("info", str(path), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["crs"] == "EPSG:4547"
    assert data["layers"]["poles"]["count"] == 1
    text = run("info", str(path))
    assert "poles" in text.stdout and "智慧杆" in text.stdout


def test_errors_are_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.gpkg"
    junk.write_text("hello")
    out = run("info", str(junk))
    assert out.returncode == 1
    assert out.stderr.startswith("cimview: error: ")
    assert str(junk) in out.stderr and "Traceback" not in out.stderr
