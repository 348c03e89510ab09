"""The trail in a real cache: written with the change it records, verified by ``cimview audit``,
tampering with a plain SQLite tool caught and named."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from store import audit
from store.cache import Cache
from store.importers.run import import_file
from store.sync.outbox import record_edit, record_observation

SHAMIAN = "footprints/guangzhou_shamian_osm.geojson"


def trail(path: Path) -> list[dict]:
    with Cache.open(path) as cache, cache.engine.connect() as conn:
        return audit.entries(conn)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["audit", *argv, "--lang", "en"])
    return code, capsys.readouterr().out


@pytest.fixture
def imported(realdata: Path, tmp_path: Path) -> Path:
    cache = tmp_path / "area.gpkg"
    import_file(realdata / SHAMIAN, cache)
    import_file(realdata / SHAMIAN, cache)  # again: every feature replaced
    return cache


def test_an_import_is_recorded_with_the_file_and_its_sha256(imported: Path, realdata: Path,
                                                             capsys) -> None:
    rows = trail(imported)
    assert [r["kind"] for r in rows] == ["import", "import"]
    first, second = rows
    digest = hashlib.sha256((realdata / SHAMIAN).read_bytes()).hexdigest()
    assert first["details"]["sha256"] == digest
    assert first["details"]["file"].endswith("guangzhou_shamian_osm.geojson")
    n = first["details"]["layers"]["buildings"]
    assert n > 0 and first["details"]["imported"] == n and first["details"]["replaced"] == 0
    assert second["details"]["replaced"] == n
    assert first["seq"] == 1 and first["prev"] == audit.GENESIS
    assert second["prev"] == first["hash"]
    assert first["at"].endswith("Z") and first["user"] and ":" in first["device"]
    code, out = run(capsys, str(imported))
    assert code == 0
    assert "import" in out and digest in out
    assert out.strip().endswith(f"2 entries, head 2:{second['hash']}: the trail verifies")


def test_a_rolled_back_change_leaves_no_entry(imported: Path) -> None:
    with Cache.open(imported) as cache:
        with pytest.raises(RuntimeError), cache.transaction() as tx:
            tx.record("export", file="x.gpkg")
            raise RuntimeError("the export failed")
        with cache.transaction() as tx:
            tx.record("export", file="y.gpkg", layers=["buildings"], profile="public")
        audit.record(cache, "key_change", how="passphrase")  # a change of its own
    rows = trail(imported)
    assert [r["kind"] for r in rows] == ["import", "import", "export", "key_change"]
    assert rows[-2]["details"] == {"file": "y.gpkg", "layers": ["buildings"],
                                   "profile": "public"}
    assert audit.verify(rows) == []


def tamper(path: Path, *sql: str) -> None:
    with sqlite3.connect(path) as db:
        for s in sql:
            db.execute(s)


@pytest.mark.parametrize(("sql", "named"), [
    (["UPDATE cimview_trail SET details = replace(details, '\"replaced\":0', '\"replaced\":1') "
      "WHERE seq = 1"], "entry 1: edited after it was written"),
    (["UPDATE cimview_trail SET user = 'nobody' WHERE seq = 2"], "entry 2: edited"),
    (["DELETE FROM cimview_trail WHERE seq = 2"], "entry 2 is missing (deleted)"),
    (["UPDATE cimview_trail SET seq = -2 WHERE seq = 2",
      "UPDATE cimview_trail SET seq = 2 WHERE seq = 3",
      "UPDATE cimview_trail SET seq = 3 WHERE seq = -2"], "entry 2: moved here from position 3"),
])
def test_tampering_with_sqlite_is_caught_and_named(imported: Path, capsys, sql: list[str],
                                                   named: str) -> None:
    with Cache.open(imported) as cache, cache.transaction() as tx:
        tx.record("review", report="r.pdf")
    assert run(capsys, str(imported), "--verify")[0] == 0
    tamper(imported, *sql)
    code, out = run(capsys, str(imported), "--verify")
    assert code == 1
    assert named in out and "the trail does not verify" in out
    code, out = run(capsys, str(imported), "--verify", "--json")
    doc = json.loads(out)
    assert code == 1 and doc["verified"] is False and doc["problems"]


def test_truncation_is_caught_against_the_head_held_elsewhere(imported: Path, capsys) -> None:
    head = str(audit.head(trail(imported)))
    tamper(imported, "DELETE FROM cimview_trail WHERE seq = 2")
    assert run(capsys, str(imported), "--verify")[0] == 0  # consistent in itself
    code, out = run(capsys, str(imported), "--verify", "--against", head)
    assert code == 1 and "ends at entry 1, but 2 entries were reported" in out
    assert main(["audit", str(imported), "--against", "nonsense", "--lang", "en"]) == 1
    assert "'nonsense': not a trail head (expected COUNT:SHA256" in capsys.readouterr().err


def test_edits_and_observations_are_recorded_in_their_transaction(
        sample_city_copy, tmp_path: Path, capsys) -> None:
    path = sample_city_copy(tmp_path)
    photo = tmp_path / "leak.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9")
    with Cache.open(path) as cache:
        gid = cache.read("buildings", ["gid"], geometry=False).columns["gid"][0]
        record_edit(cache, "buildings", gid, {"name": "第一中学"})
        with pytest.raises(ValueError):
            record_edit(cache, "buildings", gid, {"no_such_column": 1})
        x, y = cache.extent()[:2]
        oid = record_observation(cache, kind="other", x=x + 1, y=y + 1, photos=[photo],
                                 feature=("buildings", gid))
        other = cache.read("buildings", ["gid"], geometry=False).columns["gid"][1]
        record_edit(cache, "buildings", other, {"floors_above": 3})
    rows = trail(path)
    assert [r["kind"] for r in rows] == ["edit", "observation", "edit"]
    assert [r["seq"] for r in audit.history(rows, "buildings", gid)] == [1, 2]
    assert rows[0]["details"]["layer"] == "buildings" and rows[0]["details"]["gid"] == gid
    assert rows[0]["details"]["fields"] == ["name"]
    assert "第一中学" not in json.dumps(rows, ensure_ascii=False)  # no values, only names
    assert rows[1]["details"]["id"] == oid
    assert rows[1]["details"]["photos"][0]["sha256"] == hashlib.sha256(
        photo.read_bytes()).hexdigest()
    code, out = run(capsys, str(path), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["verified"] and doc["count"] == 3 and doc["trail_id"]
    assert [e["kind"] for e in doc["entries"]] == ["edit", "observation", "edit"]
