"""The trail against the real local platform (pygeoapi): a sync's pages and a push's outcomes
are recorded; the push carries the head, the platform keeps it, and a trail cut short here is
caught against it."""

from __future__ import annotations

from pathlib import Path

from app.cli import main
from store import audit
from store.cache import Cache
from store.sync import sync
from store.sync.outbox import record_edit, record_observation
from store.sync.push import push
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401


def test_sync_and_push_are_recorded_and_the_platform_keeps_the_head(
        fresh_platform, tmp_path: Path, capsys) -> None:  # noqa: F811
    path = tmp_path / "field.gpkg"
    assert sync(fresh_platform.url, path).complete
    with Cache.open(path) as cache:
        ext = cache.extent()
        gid = str(cache.read("buildings", ["gid"], geometry=False).columns["gid"][0])
        record_edit(cache, "buildings", gid, {"name": "档案馆"})
        oid = record_observation(cache, kind="pole_fault", x=(ext[0] + ext[2]) / 2,
                                 y=(ext[1] + ext[3]) / 2, text="lamp pole leaning")
        summary = push(cache, fresh_platform.url)
        with cache.engine.connect() as conn:
            rows = audit.entries(conn)
            trail = audit.trail_id(conn)
    # the buildings are read-only on this platform: the edit is refused, the observation sent
    assert (summary.pushed, summary.rejected) == (1, 1), summary.to_dict()
    kinds = [r["kind"] for r in rows]
    synced = [r["details"] for r in rows if r["kind"] == "sync"]
    assert {d["collection"] for d in synced} >= {"buildings", "roads"}
    assert sum(d.get("new", 0) for d in synced if d["collection"] == "buildings") == \
        fresh_platform.count("buildings", "active", history=True)
    assert kinds[-4:] == ["edit", "observation", "push", "push"]
    assert {r["details"]["target"]: r["details"]["outcome"] for r in rows[-2:]} == {
        gid: "rejected", oid: "sent"}
    assert audit.verify(rows) == []

    # the platform kept the head after the push's own entries
    held = fresh_platform.trail_heads(trail)
    assert held and held[-1]["count"] == len(rows) and held[-1]["sha256"] == rows[-1]["hash"]
    assert summary.trail_head == f"{len(rows)}:{rows[-1]['hash']}"
    known = f"{held[-1]['count']}:{held[-1]['sha256']}"
    assert main(["audit", str(path), "--verify", "--against", known]) == 0

    # the last entries removed here: consistent in itself, caught against the platform's head
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM cimview_trail WHERE seq >= ?", (len(rows) - 1,))
    capsys.readouterr()
    assert main(["audit", str(path), "--verify", "--lang", "en"]) == 0
    assert main(["audit", str(path), "--verify", "--against", known, "--lang", "en"]) == 1
    assert f"but {len(rows)} entries were reported to the platform" in capsys.readouterr().out
    # asked of the platform itself: the head it kept, and the cut trail caught against it
    assert main(["audit", str(path), "--verify", "--platform", fresh_platform.url,
                 "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"the platform kept head {known}" in out
    assert f"but {len(rows)} entries were reported to the platform" in out


def test_the_platform_keeps_no_head_for_a_trail_never_pushed(
        fresh_platform, tmp_path: Path, capsys) -> None:  # noqa: F811
    from store.sync.trail_head import platform_head

    assert platform_head(fresh_platform.url, "00000000-0000-4000-8000-000000000000") is None
    path = tmp_path / "never.gpkg"
    assert sync(fresh_platform.url, path, collections=["roads"], files=False).complete
    capsys.readouterr()
    assert main(["audit", str(path), "--verify", "--platform", fresh_platform.url,
                 "--lang", "en"]) == 0
    assert "keeps no head for this trail" in capsys.readouterr().out
