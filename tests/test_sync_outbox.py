"""The outbox: observations and edits recorded offline, committed at once, never lost."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store.cache import Cache
from store.errors import InputError
from store.sync import outbox as ob
from store.sync.outbox import (
    discard,
    get,
    outbox,
    record_edit,
    record_observation,
    resolve,
    retry,
)

ROOT = Path(__file__).resolve().parents[1]
X0, Y0 = 428_000.0, 2_555_000.0
POLE = "6f0c2f8e-4f7e-4d8a-9a55-0a6c1d2b3e41"


def make_cache(path: Path) -> Cache:
    c = Cache.create(path, "EPSG:4547", name="t")
    geoms = shapely.points([[X0 + 10, Y0 + 20, 12.0], [X0 + 60, Y0 + 20, 12.5]])
    with c.transaction() as tx:
        tx.insert("poles", geoms, {
            "gid": [POLE, str(uuid.uuid4())], "code": ["ZHG-000001", "ZHG-000002"],
            "status": ["正常", "正常"], "road_name": ["和平西路", "和平西路"],
            "height": np.array([8.0, 8.0]), "version": [3, 1],
            "updated_at": ["2024-05-01T08:00:00.000Z", "2024-05-01T08:00:00.000Z"]},
            source="platform")
        x = X0 + np.arange(3) * 50.0
        tx.insert("buildings", shapely.multipolygons(
            shapely.box(x, Y0, x + 10, Y0 + 12)[:, None].tolist()),
            {"height": np.full(3, 9.0)}, source="test")
    return c


@pytest.fixture()
def cache(tmp_path: Path) -> Cache:
    c = make_cache(tmp_path / "c.gpkg")
    yield c
    c.close()


@pytest.fixture()
def photo(tmp_path: Path) -> Path:
    p = tmp_path / "leak 1.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(50_000) + b"\xff\xd9")
    return p


def _row(cache: Cache, layer: str, gid: str) -> dict:
    with sqlite3.connect(cache.path) as con:
        con.row_factory = sqlite3.Row
        return dict(con.execute(f'SELECT * FROM "{layer}" WHERE gid = ?', (gid,)).fetchone())


# -- observations ----------------------------------------------------------------------------------
def test_record_observation_keeps_row_photos_and_outbox_entry(cache: Cache, photo: Path) -> None:
    second = photo.with_name("second.png")
    second.write_bytes(b"\x89PNG" + b"x" * 100)
    oid = record_observation(cache, kind="pipe_leak", x=X0 + 5.5, y=Y0 + 7.25, z=11.0,
                             text="井盖下有水声 water under the cover", severity=4,
                             photos=[photo, str(second)], feature=("poles", POLE))
    assert uuid.UUID(oid).version == 4
    item = get(cache, oid)
    assert item is not None and item.status == "pending" and item.kind == "observation"
    assert item.collection == "observations" and item.target_id == oid
    obs = item.observation
    assert obs is not None
    assert (obs.kind, obs.x, obs.y, obs.z, obs.severity) == ("pipe_leak", X0 + 5.5, Y0 + 7.25,
                                                             11.0, 4)
    assert obs.text.startswith("井盖") and obs.crs == "EPSG:4547"
    assert obs.feature == ("poles", POLE)
    assert [p.name for p in obs.photos] == ["leak 1.jpg", "second.png"]
    assert obs.photos[0].sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert obs.photos[0].bytes == photo.stat().st_size and obs.photos[0].data is None
    full = ob.observation(cache, oid, photo_data=True)
    assert full is not None and full.photos[0].data == photo.read_bytes()
    # the photo lives in the cache: the original can go
    photo.unlink()
    assert ob.photos_with_data(cache, oid)[0].data == full.photos[0].data
    assert [i.id for i in outbox(cache)] == [oid]
    assert outbox(cache, "sent") == [] and ob.counts(cache)["pending"] == 1
    json.dumps(item.to_dict())  # JSON-able for the GUI and the CLI


def test_bad_observations_write_nothing(cache: Cache, photo: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kind"):
        record_observation(cache, kind="fire", x=X0, y=Y0)
    with pytest.raises(ValueError, match="finite"):
        record_observation(cache, kind="other", x=float("nan"), y=Y0)
    with pytest.raises(ValueError, match="severity"):
        record_observation(cache, kind="other", x=X0, y=Y0, severity=9)
    with pytest.raises(ValueError, match="not in the cache"):
        record_observation(cache, kind="pole_fault", x=X0, y=Y0, feature=("poles", "nope"))
    with pytest.raises(InputError, match="missing.jpg"):
        record_observation(cache, kind="other", x=X0, y=Y0,
                           photos=[photo, tmp_path / "missing.jpg"])
    assert outbox(cache) == []
    with sqlite3.connect(cache.path) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "cimview_observation_photos" in names:
            assert con.execute("SELECT count(*) FROM cimview_observation_photos"
                               ).fetchone()[0] == 0


def test_observation_survives_a_kill_right_after_the_call(tmp_path: Path, photo: Path) -> None:
    path = tmp_path / "field.gpkg"
    make_cache(path).close()
    script = textwrap.dedent(f"""
        import os, signal, sys
        from store.cache import Cache
        from store.sync.outbox import record_observation
        cache = Cache.open({str(path)!r})
        oid = record_observation(cache, kind="pole_fault", x={X0}, y={Y0}, text="灯不亮",
                                 photos=[{str(photo)!r}])
        sys.stdout.write(oid + "\\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no atexit, no flush of anything
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    oid = proc.stdout.strip()
    assert not (tmp_path / "field.gpkg-journal").exists()  # committed, nothing to roll back
    with Cache.open(path) as cache:
        item = get(cache, oid)
        assert item is not None and item.status == "pending"
        assert item.observation is not None and item.observation.text == "灯不亮"
        data = ob.photos_with_data(cache, oid)[0].data
        assert data == photo.read_bytes()


def test_commits_are_durable_on_disk(cache: Cache) -> None:
    # SQLite's defaults, which a commit relies on: a rollback journal and a full fsync.
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw.execute("PRAGMA synchronous").fetchone()[0] >= 2  # FULL
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] in ("delete", "wal", "truncate",
                                                                   "persist")


def test_gis_tools_still_open_the_cache(cache: Cache, photo: Path) -> None:
    record_observation(cache, kind="other", x=X0, y=Y0, photos=[photo])
    info = pyogrio.read_info(cache.path, layer="poles")
    assert info["features"] == 2
    assert "cimview_outbox" not in {name for name, _ in pyogrio.list_layers(cache.path)}


# -- edits -----------------------------------------------------------------------------------------
def test_record_edit_applies_locally_and_keeps_the_base(cache: Cache) -> None:
    before = cache.layers()
    eid = record_edit(cache, "poles", POLE, {"status": "故障", "owner": "市照明所"})
    row = _row(cache, "poles", POLE)
    assert row["status"] == "故障" and row["owner"] == "市照明所" and row["local_edit"] == 1
    assert row["version"] == 3  # the platform's version, as downloaded
    item = get(cache, eid)
    assert item is not None and item.kind == "edit" and item.status == "pending"
    assert (item.collection, item.target_id, item.layer) == ("poles", POLE, "poles")
    assert item.changes == {"status": "故障", "owner": "市照明所"}
    assert item.base["version"] == 3
    assert item.base["updated_at"] == "2024-05-01T08:00:00.000Z"
    assert item.base["properties"]["status"] == "正常"
    assert item.base["properties"]["owner"] is None
    assert item.base["properties"]["code"] == "ZHG-000001"
    after = {layer.name: layer.version for layer in cache.layers()}
    assert after["poles"] == {x.name: x.version for x in before}["poles"] + 1


def test_a_second_edit_merges_into_the_unsent_one(cache: Cache) -> None:
    first = record_edit(cache, "poles", POLE, {"status": "故障"})
    second = record_edit(cache, "poles", POLE, {"status": "维修中", "height": 9.5})
    assert first == second
    item = get(cache, first)
    assert item.changes == {"status": "维修中", "height": 9.5}
    assert item.base["properties"]["status"] == "正常"  # still the platform's value
    assert len(outbox(cache)) == 1


def test_bad_edits_change_nothing(cache: Cache) -> None:
    with pytest.raises(ValueError, match="unknown layer"):
        record_edit(cache, "lamps", POLE, {"status": "x"})
    with pytest.raises(ValueError, match="cannot be edited"):
        record_edit(cache, "poles", POLE, {"version": 9})
    with pytest.raises(ValueError, match="unknown column"):
        record_edit(cache, "poles", POLE, {"colour": "red"})
    with pytest.raises(ValueError, match="no feature"):
        record_edit(cache, "poles", "nope", {"status": "故障"})
    with pytest.raises(ValueError, match="not a text, number or null"):
        record_edit(cache, "poles", POLE, {"status": ["a"]})
    assert outbox(cache) == []
    assert _row(cache, "poles", POLE)["status"] == "正常"


def _conflicted(cache: Cache) -> str:
    eid = record_edit(cache, "poles", POLE, {"status": "故障", "owner": "市照明所"})
    theirs = {"version": 4, "updated_at": "2024-06-01T00:00:00Z",
              "properties": {"code": "ZHG-000001", "status": "已拆除", "owner": "区城管",
                             "version": 4, "updated_at": "2024-06-01T00:00:00Z"}}
    ob.mark_conflict(cache, eid, [
        {"field": "status", "base": "正常", "mine": "故障", "theirs": "已拆除"},
        {"field": "owner", "base": None, "mine": "市照明所", "theirs": "区城管"}], theirs)
    return eid


def test_resolve_needs_every_field_and_rebases(cache: Cache) -> None:
    eid = _conflicted(cache)
    item = get(cache, eid)
    assert item.status == "conflict" and [c["field"] for c in item.conflicts] == ["status",
                                                                                  "owner"]
    with pytest.raises(ValueError, match="missing owner"):
        resolve(cache, eid, {"status": "mine"})
    with pytest.raises(ValueError, match="not in conflict: height"):
        resolve(cache, eid, {"status": "mine", "owner": "theirs", "height": "mine"})
    done = resolve(cache, eid, {"status": "mine", "owner": "theirs"})
    assert done.status == "pending" and done.conflicts == []
    assert done.changes == {"status": "故障"}
    assert done.base["version"] == 4 and done.base["properties"]["status"] == "已拆除"
    row = _row(cache, "poles", POLE)
    assert row["status"] == "故障" and row["owner"] == "区城管"
    with pytest.raises(ValueError, match="not in conflict"):
        resolve(cache, eid, {"status": "mine"})


def test_resolve_with_a_value_of_ones_own(cache: Cache) -> None:
    eid = _conflicted(cache)
    done = resolve(cache, eid, {"status": "待核实", "owner": {"value": "theirs"}})
    assert done.changes == {"status": "待核实", "owner": "theirs"}
    assert _row(cache, "poles", POLE)["status"] == "待核实"


def test_discard_and_retry(cache: Cache, photo: Path) -> None:
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    ob.mark_rejected(cache, eid, "PUT → HTTP 400: Collection is not editable")
    item = get(cache, eid)
    assert item.status == "rejected" and "not editable" in item.reason
    assert retry(cache, eid).status == "pending"
    gone = discard(cache, eid)
    assert gone.status == "discarded"
    row = _row(cache, "poles", POLE)
    assert row["status"] == "正常" and row["local_edit"] == 0
    oid = record_observation(cache, kind="other", x=X0, y=Y0, photos=[photo])
    assert discard(cache, oid).status == "discarded"
    assert ob.observation(cache, oid) is not None  # kept in the cache, just not sent
    with pytest.raises(ValueError, match="nothing to discard"):
        discard(cache, oid)


def test_an_edit_after_a_rejection_is_a_new_attempt(cache: Cache) -> None:
    eid = record_edit(cache, "poles", POLE, {"status": "故障"})
    ob.mark_rejected(cache, eid, "no")
    again = record_edit(cache, "poles", POLE, {"status": "维修中"})
    assert again == eid
    item = get(cache, eid)
    assert item.status == "pending" and item.reason is None
    assert item.changes == {"status": "维修中"}


def test_old_and_read_only_caches(tmp_path: Path) -> None:
    path = tmp_path / "old.gpkg"
    make_cache(path).close()
    os.chmod(path, 0o444)
    try:
        with Cache.open(path) as cache:
            assert outbox(cache) == [] and get(cache, "x") is None
            assert ob.counts(cache)["pending"] == 0
    finally:
        os.chmod(path, 0o644)
    with Cache.open(path) as cache:
        oid = record_observation(cache, kind="other", x=X0, y=Y0)
        assert get(cache, oid).status == "pending"
