"""The cache under stress: a long write in another process, a full disk, an interrupted write,
a broken spatial index, two creators of one path, a read-only medium. Real processes, real
files, a real tmpfs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store import check as checks
from store import lock
from store.boundary import DiskFull
from store.cache import Cache, creating
from store.errors import CacheError
from store.search import search
from tests.test_cache import content

ROOT = Path(__file__).resolve().parents[1]
CIMVIEW = [sys.executable, "-m", "app.cli"]
X0, Y0 = 428_000.0, 2_555_000.0
HOLD = 15.0  # longer than the old 10 s busy timeout


def _boxes(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = X0 + rng.random(n) * 2000
    y = Y0 + rng.random(n) * 2000
    return shapely.multipolygons(shapely.box(x, y, x + 10, y + 12)[:, None].tolist())


def _make(path: Path, n: int = 500) -> Path:
    with Cache.create(path, "EPSG:4547") as c, c.transaction() as tx:
        tx.insert("buildings", _boxes(n), {"name": [f"楼{i}" for i in range(n)]}, source="t")
        tx.insert("roads", shapely.linestrings([[[X0, Y0], [X0 + 100, Y0]]]),
                  {"name": ["和平西路"]}, source="t")
    return path


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CIMVIEW, *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# A cimview writer that holds its write transaction for HOLD seconds.
_HOLD_CACHE = """
import sys, time, numpy as np, shapely
from store.cache import Cache
with Cache.open(sys.argv[1]) as c, c.transaction(purpose="import big.geojson") as tx:
    x = 431000 + np.arange(2000) * 20.0
    tx.insert("buildings", shapely.multipolygons(
        shapely.box(x, 2555000, x + 10, 2555010)[:, None].tolist()), source="big")
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
print("committed", flush=True)
"""

# Another program (QGIS, GDAL) holding SQLite's write lock, without cimview's lock file.
_HOLD_RAW = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO cimview_meta VALUES ('foreign', 'x')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("COMMIT")
print("committed", flush=True)
"""

# A second cimview writer: one transaction, timed.
_WRITE = """
import sys, time
from store.cache import Cache
t0 = time.monotonic()
with Cache.open(sys.argv[1]) as c, c.transaction() as tx:
    tx.set_meta("second", "yes")
print(f"done {time.monotonic() - t0:.1f}", flush=True)
"""


def test_readers_read_and_a_second_writer_waits_its_turn_during_a_long_write(
        tmp_path: Path) -> None:
    ours, foreign = _make(tmp_path / "a.gpkg"), _make(tmp_path / "b.gpkg")
    holders = [_python(_HOLD_CACHE, str(ours), str(HOLD)),
               _python(_HOLD_RAW, str(foreign), str(HOLD))]
    try:
        for h in holders:
            assert h.stdout.readline().strip() == "holding", h.stderr.read()
        started = time.monotonic()
        assert lock.holder(ours)["purpose"] == "import big.geojson"
        writers = [_python(_WRITE, str(ours)), _python(_WRITE, str(foreign))]
        # Readers: the state before the write, at once.
        with Cache.open(ours) as c:
            assert c.count("buildings") == 500
            hits = search(c, "和平西路")
            assert hits and hits[0].name == "和平西路"
        info = run("info", str(ours), "--json", timeout=60)
        assert info.returncode == 0, info.stderr
        assert json.loads(info.stdout)["layers"]["buildings"]["count"] == 500
        assert time.monotonic() - started < HOLD - 3, "readers waited for the writer"
        outs = [w.communicate(timeout=HOLD * 4) for w in writers]
    finally:
        for h in holders:
            h.kill() if h.poll() is None else None
            h.wait()
    for w, (out, err) in zip(writers, outs, strict=True):
        assert w.returncode == 0, err
        assert out.startswith("done") and float(out.split()[1]) > 10, out
        assert "Traceback" not in err and "locked" not in err
    assert "waiting for another writer to finish: import big.geojson" in outs[0][1]
    assert "waiting for another program that is writing to this cache" in outs[1][1]
    with Cache.open(ours) as c:
        assert c.count("buildings") == 2500 and c.meta["second"] == "yes"
    with Cache.open(foreign) as c:
        assert c.meta["second"] == "yes" and c.meta["foreign"] == "x"


def test_a_sync_holding_the_lock_writes_and_other_threads_write_between(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer lock is re-entrant in its thread; another thread of the process (the window
    saving a bookmark during a sync) writes between the sync's transactions, waiting visibly
    while one is open."""
    import store.cache as cache_module

    path = _make(tmp_path / "c.gpkg", 5)
    told: list[str] = []
    monkeypatch.setattr(cache_module, "wait_reporter", lambda p, m: told.append(str(m)))
    with Cache.open(path) as c, lock.writer_lock(path, "sync"):
        with c.transaction() as tx:  # the same thread: no deadlock
            tx.set_meta("a", "1")
            other = threading.Thread(target=_write_meta, args=(c,))
            other.start()
            time.sleep(2.5)
            assert other.is_alive() and told and "sync" in told[0], told
        other.join(10)
        assert not other.is_alive()
    with Cache.open(path) as c:
        assert c.meta["a"] == "1" and c.meta["b"] == "2"


def _write_meta(c: Cache) -> None:
    with c.transaction() as tx:
        tx.set_meta("b", "2")


# -- a full disk ----------------------------------------------------------------------------------
@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB tmpfs."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _no_journal_left(path: Path) -> None:
    assert not Path(f"{path}-journal").exists()
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert checks.journal_findings(path) == []


def test_a_full_disk_says_so_and_leaves_the_cache_as_it_was(small_disk: Path) -> None:
    path = _make(small_disk / "c.gpkg")
    before = content(path)
    with Cache.open(path) as c:
        with pytest.raises(DiskFull) as err, c.transaction() as tx:
            tx.insert("buildings", _boxes(40_000, 1), {"name": ["很长的名字" * 20] * 40_000},
                      source="big")
        assert "the disk is full" in str(err.value) and str(path) in str(err.value)
        assert c.count("buildings") == 500
    _no_journal_left(path)
    assert content(path) == before
    ok = run("check", str(path))
    assert ok.returncode == 0, ok.stdout


def test_a_full_disk_in_an_import_is_one_sentence(small_disk: Path, tmp_path: Path) -> None:
    path = _make(small_disk / "c.gpkg")
    before = content(path)
    feats = [{"type": "Feature", "properties": {"height": 9, "name": "很长的名字" * 10},
              "geometry": {"type": "Polygon", "coordinates": [
                  [[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10], [x, y]]]}}
             for x in (X0 + np.arange(200) * 15.0).tolist()
             for y in (Y0 + np.arange(150) * 15.0).tolist()]
    src = tmp_path / "big.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    out = run("import", str(src), "--into", str(path), "--source-crs", "EPSG:4547")
    assert out.returncode == 1
    assert "disk is full" in out.stderr and str(path) in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    _no_journal_left(path)
    assert content(path) == before


def test_a_size_limit_is_a_full_disk_too(tmp_path: Path) -> None:
    """SQLite's max_page_count makes SQLITE_FULL anywhere."""
    path = _make(tmp_path / "c.gpkg")
    before = content(path)
    with Cache.open(path) as c, \
            pytest.raises(DiskFull, match="the disk is full: nothing was written"), \
            c.transaction() as tx:
        pages = tx.conn.exec_driver_sql("PRAGMA page_count").scalar()
        tx.conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 20}")
        tx.insert("buildings", _boxes(20_000, 2), source="big")
    _no_journal_left(path)
    assert content(path) == before


# -- cimview check ------------------------------------------------------------------------------
def test_check_a_healthy_cache(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg")
    out = run("check", str(path), "--lang", "en")
    assert out.returncode == 0, out.stdout
    assert out.stdout.startswith(f"{path}: healthy")
    data = json.loads(run("check", str(path), "--json").stdout)
    assert data["ok"] is True and data["findings"] == []
    assert data["checked"] == ["journals", "integrity", "geopackage", "spatial_indexes"]
    assert not list(tmp_path.glob("c.gpkg-*"))  # checking left nothing beside the cache


def test_check_and_info_report_a_broken_spatial_index(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg")
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("DELETE FROM rtree_buildings_geom WHERE id % 10 = 0")
    out = run("check", str(path), "--lang", "en")
    assert out.returncode == 1
    assert ("the spatial index of buildings is out of step with its table: 500 features have "
            "a geometry but the index has 450 entries") in out.stdout
    data = json.loads(run("check", str(path), "--json").stdout)
    assert data["ok"] is False and [f["code"] for f in data["findings"]] == ["rtree_count"]
    info = run("info", str(path))
    assert info.returncode == 0 and "spatial index of buildings is out of step" in info.stderr


def test_check_compares_index_boxes_with_geometries(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg")
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("UPDATE rtree_buildings_geom SET minx = minx - 500, maxx = maxx - 500")
    report = checks.check(path)
    assert not report.ok and [f.code for f in report.findings] == ["rtree_boxes"]
    assert "200 of 200 sampled features have a wrong or missing index box" in str(
        report.findings[0].message)


# An SQLite program (rollback-journal mode) killed in the middle of a large write.
_KILLED_WRITER = """
import sqlite3, sys, time
from store import gpkg
con = sqlite3.connect(sys.argv[1], isolation_level=None)
gpkg.register_functions(con)
con.execute("PRAGMA journal_mode = DELETE")
con.execute("PRAGMA cache_size = 20")  # small: changed pages go to the file before the commit
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE buildings SET name = name || '改', height = 99")
con.execute("DELETE FROM buildings WHERE fid % 3 = 0")
print("writing", flush=True)
time.sleep(60)
"""


def _killed_mid_write(path: Path) -> None:
    writer = _python(_KILLED_WRITER, str(path))
    assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
    assert checks.writer_active(path) == writer.pid
    assert checks.journal_findings(path) == []  # a write under way is not a hot journal
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()


def test_a_cache_copied_without_its_hot_journal(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg", 3000)
    _killed_mid_write(path)
    copy = tmp_path / "copy" / "c.gpkg"
    copy.parent.mkdir()
    shutil.copy(path, copy)  # as a user copies a cache to a laptop: the .gpkg alone

    out = run("check", str(path), "--lang", "en")
    assert out.returncode == 1
    assert "c.gpkg-journal is a hot journal: a write to the cache was interrupted" in out.stdout
    assert Path(f"{path}-journal").exists()  # check changes nothing
    out = run("check", str(copy), "--lang", "en")
    assert out.returncode == 1 and "the cache file is damaged" in out.stdout, out.stdout
    info = run("info", str(copy))
    assert "the cache file is damaged" in info.stderr, info.stderr
    assert "Traceback" not in info.stderr

    info = run("info", str(path), "--json")  # opening it where it is rolls the write back
    assert info.returncode == 0, info.stderr
    assert [w["code"] for w in json.loads(info.stdout)["warnings"]] == [
        "hot_journal_rolled_back"]
    assert json.loads(info.stdout)["layers"]["buildings"]["count"] == 3000
    assert run("check", str(path)).returncode == 0


_UNMERGED_WRITER = """
import os, sqlite3, sys
from store import gpkg
con = sqlite3.connect(sys.argv[1], isolation_level=None)
gpkg.register_functions(con)
con.execute("PRAGMA wal_autocheckpoint = 0")
con.execute("UPDATE buildings SET height = 33")
os._exit(0)  # gone without closing: the log is never merged
"""


def test_a_log_left_unmerged_is_reported_and_merged_by_opening(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg")
    writer = _python(_UNMERGED_WRITER, str(path))
    assert writer.wait(60) == 0, writer.stderr.read()
    assert Path(f"{path}-wal").stat().st_size > 0
    out = run("check", str(path), "--json")
    assert out.returncode == 1
    assert [f["code"] for f in json.loads(out.stdout)["findings"]] == ["wal_not_merged"]
    info = run("info", str(path))
    assert "have been merged into the cache file" in info.stderr
    assert not Path(f"{path}-wal").exists()
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as con:  # file alone
        assert con.execute("SELECT min(height) FROM buildings").fetchone() == (33,)


# -- creating one path twice, read-only media ----------------------------------------------------
def test_creating_never_clobbers_a_cache_made_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "new.gpkg"
    with pytest.raises(CacheError, match="already exists"), creating(target, "EPSG:4547") as c:
        with c.transaction() as tx:
            tx.insert("buildings", _boxes(3), source="first")
        _make(target, 7)  # another process got there first
    with Cache.open(target) as c:
        assert c.count("buildings") == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.gpkg"]


_CREATE = """
import sys, time
from store.cache import Cache
from store.errors import CacheError
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
try:
    Cache.create(sys.argv[1], "EPSG:4547", name=sys.argv[3]).close()
    print("created")
except CacheError as exc:
    print("refused", exc)
"""


def test_two_processes_creating_one_path(tmp_path: Path) -> None:
    for round_ in range(3):
        target = tmp_path / f"p{round_}.gpkg.partial"
        at = str(time.time() + 2.0)
        procs = [_python(_CREATE, str(target), at, f"p{i}") for i in range(2)]
        outs = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
        assert outs[0] == "created" and outs[1].startswith("refused"), outs
        assert "already exists" in outs[1]
        with Cache.open(target) as c:
            assert c.meta["name"] in ("p0", "p1") and c.count("buildings") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "p0.gpkg.partial", "p1.gpkg.partial", "p2.gpkg.partial"]


def test_a_cache_on_a_read_only_medium_opens(tmp_path: Path) -> None:
    _make(tmp_path / "rw" / "c.gpkg")
    ro = tmp_path / "ro"
    ro.mkdir()
    done = subprocess.run(f"mount --bind {tmp_path / 'rw'} {ro} && "
                          f"mount -o remount,bind,ro {ro}", shell=True, capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here (needs root): {done.stderr}")
    try:
        with Cache.open(ro / "c.gpkg") as c:
            assert c.read_only and c.count("buildings") == 500
        assert run("info", str(ro / "c.gpkg")).returncode == 0
        assert run("check", str(ro / "c.gpkg")).returncode == 0
        assert pyogrio.read_info(ro / "c.gpkg", layer="buildings")["features"] == 500
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=False)


# -- pure rules ----------------------------------------------------------------------------------
def test_integrity_lines_name_problems_only() -> None:
    assert checks._problems([("ok",)]) == []
    assert checks._problems([("*** in database main ***\nPage 3: bad\nPage 4: worse",)]) == [
        "Page 3: bad", "Page 4: worse"]


def test_a_journal_without_a_header_is_not_hot(tmp_path: Path) -> None:
    path = _make(tmp_path / "c.gpkg", 3)
    Path(f"{path}-journal").write_bytes(bytes(512))  # zeroed: a finished write (PERSIST)
    assert checks.journal_findings(path) == []
    Path(f"{path}-journal").write_bytes(bytes.fromhex("d9d505f920a163d7") + bytes(504))
    assert [f.code for f in checks.journal_findings(path)] == ["hot_journal"]
