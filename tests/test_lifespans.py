"""Every feature's lifespan (issue 16): the rules, an older cache upgraded, dates taken from
real data, history kept out of the city of now, and ``cimview info --time`` counted against
the file independently."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely

from app.cli import main
from store import lifespan
from store.cache import Cache
from store.importers import import_file
from store.search import search
from store.sync.decide import Action, Held, decide, end_of_life

SHAMIAN = "footprints/guangzhou_shamian_osm.geojson"


# -- the rules -------------------------------------------------------------------------------------
def test_times_as_data_writes_them() -> None:
    assert lifespan.parse_when("2008") == "2008" == lifespan.parse_when(2008)
    assert lifespan.parse_when("2008年5月3日") == "2008-05-03"
    assert lifespan.parse_when("2008.5") == "2008-05"
    assert lifespan.parse_when("2008-02-30") is None  # no such day
    assert lifespan.parse_when("2008-13") is None and lifespan.parse_when("99") is None
    assert lifespan.parse_when(2008.5) is None and lifespan.parse_when(True) is None
    assert lifespan.parse_when("2008-05-03 08:00") == "2008-05-03T08:00:00Z"
    assert lifespan.instant("2012") == "2012-12-31T23:59:59Z"
    with pytest.raises(ValueError, match="not a year"):
        lifespan.instant("last year")
    # a year stands for its first day: built in 2010 stands at the end of 2010, demolished in
    # 2012 is gone at the end of 2012 and stood at the end of 2011
    at = [lifespan.instant(y) for y in ("2009", "2010", "2011", "2012")]
    assert [bool(lifespan.standing(["2010"], ["2012"], t)[0]) for t in at] == [
        False, True, True, False]


def test_what_a_sync_does_with_a_retirement() -> None:
    assert decide(Held(2, "a", 0), retired=True, inside=True, version=3,
                  updated_at="b") is Action.RETIRED
    assert decide(Held(3, "b", 0), retired=True, inside=True, version=3,
                  updated_at="b") is Action.UNCHANGED
    assert decide(None, retired=True, inside=True, version=3, updated_at="b") is Action.NOTHING
    assert end_of_life({}, "2026-01-02T03:04:05Z") == "2026-01-02T03:04:05Z"
    assert end_of_life({"valid_to": "2012年"}, "2026-01-02T03:04:05Z") == "2012"


# -- the cache -------------------------------------------------------------------------------------
def _as_schema_1(path: Path) -> None:
    """Make ``path`` what cimview's first schema wrote: no lifespan columns."""
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
    for table in tables:
        cols = {r[1] for r in con.execute(f'PRAGMA table_info("{table}")')}
        for c in ("valid_from", "valid_to"):
            if c in cols:
                con.execute(f'ALTER TABLE "{table}" DROP COLUMN "{c}"')
    con.execute("UPDATE cimview_meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_an_older_cache_is_upgraded_and_a_read_only_one_read_as_it_is(
        tmp_path: Path, realdata: Path) -> None:
    cache = tmp_path / "old.gpkg"
    import_file(realdata / SHAMIAN, cache)
    _as_schema_1(cache)
    (tmp_path / "rw").mkdir()
    shutil.copy(cache, tmp_path / "rw" / "old.gpkg")
    ro = tmp_path / "ro"
    ro.mkdir()
    done = subprocess.run(f"mount --bind {tmp_path / 'rw'} {ro} && "
                          f"mount -o remount,bind,ro {ro}", shell=True, capture_output=True,
                          text=True)
    if done.returncode == 0:  # a read-only medium (needs root; else only the upgrade below)
        try:
            with Cache.open(ro / "old.gpkg") as c:
                assert c.read_only and not c.has_lifespans
                assert c.count("buildings") == 169 == len(c.read("buildings", geometry=False))
        finally:
            subprocess.run(["umount", str(ro)], check=False)
    with Cache.open(cache) as c:
        assert c.has_lifespans and c.meta["schema_version"] == "2"
        assert c.count("buildings") == 169
        got = c.read("buildings", ["valid_from", "valid_to"], geometry=False)
    assert set(got.columns["valid_from"]) == {None}  # nothing known of the old rows' dates


def _start_dates(realdata: Path) -> list[str | None]:
    """Each feature's OSM start_date read straight from the file, as ISO text, without
    cimview's parser: plain years, 8-digit dates and ;-lists (the earliest)."""
    doc = json.loads((realdata / SHAMIAN).read_text(encoding="utf-8"))
    out: list[str | None] = []
    for f in doc["features"]:
        raw = (f["properties"] or {}).get("start_date")
        parts = [] if raw is None else str(raw).split(";")
        iso = sorted(p if len(p) != 8 else f"{p[:4]}-{p[4:6]}-{p[6:]}" for p in parts)
        out.append(iso[0] if iso else None)
    return out


def test_osm_start_dates_and_info_at_a_time(tmp_path: Path, realdata: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Shamian's OSM buildings carry start_date (1865 … a 2013/2019 list): ``cimview info
    --time`` counts what stood then, as counted from the file independently."""
    cache = tmp_path / "shamian.gpkg"
    report = import_file(realdata / SHAMIAN, cache)
    assert not any("start_date" in str(w) for w in report.warnings), report.warnings
    starts = _start_dates(realdata)
    assert sum(s is not None for s in starts) == 5
    for year in (1850, 1900, 1911, 1950, 2000, 2014, 2026):
        end = f"{year}-12-31T23:59:59Z"
        expected = sum(s is None or s <= end for s in starts)
        assert main(["info", str(cache), "--time", str(year), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["at"] == end
        assert data["layers"]["buildings"]["count"] == expected, year
    with pytest.raises(SystemExit):
        main(["info", str(cache), "--time", "soon"])
    assert "not a year, date or time" in capsys.readouterr().err


def test_a_demolished_building_is_history(tmp_path: Path) -> None:
    """A footprint file with a demolition date: imported as history, not drawn or found now,
    standing (and readable) at a time before it was demolished."""
    src = tmp_path / "村.geojson"
    x = 428_000 + np.arange(3) * 30.0
    boxes = shapely.box(x, 2_555_000, x + 20, 2_555_015)
    props = [{"name": "旧村3号", "建成年代": "1985年", "拆除日期": "2012-06-30", "层数": 3},
             {"name": "新塔楼", "建成年代": "2016", "层数": 30},
             {"name": "祠堂", "建成年代": 1890, "层数": 1}]
    src.write_text(json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "EPSG:4547"}}, "features": [
        {"type": "Feature", "properties": p, "geometry": json.loads(shapely.to_geojson(b))}
        for p, b in zip(props, boxes, strict=True)]}, ensure_ascii=False), encoding="utf-8")
    cache = tmp_path / "c.gpkg"
    report = import_file(src, cache)
    assert report.imported == 3
    assert any("ended before today" in str(w) for w in report.warnings)
    with Cache.open(cache) as c:
        assert c.count("buildings") == 2 and c.count("buildings", at=None) == 3
        now = c.read("buildings", ["name"], geometry=False).columns["name"]
        then = c.read("buildings", ["name", "valid_from", "valid_to"], geometry=False,
                      at=lifespan.instant("2010")).columns
        before = c.read("buildings", ["name"], geometry=False,
                        at=lifespan.instant("1980")).columns["name"]
    assert sorted(now) == ["新塔楼", "祠堂"]
    assert then == {"name": ["旧村3号", "祠堂"], "valid_from": ["1985", "1890"],
                    "valid_to": ["2012-06-30", None]}
    assert before == ["祠堂"]
    with Cache.open(cache) as c:
        assert not [h for h in search(c, "旧村3号") if h.layer == "buildings"]
        assert [h for h in search(c, "祠堂") if h.layer == "buildings"]


def test_the_sample_city_stands_since_its_buildings_were_built(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample city's buildings stand from their year of construction (its housing
    attribute): ``info --time`` counts what the generated years say."""
    from sample_city.city import CACHE_NAME
    from tests.sample_build import build

    build(tmp_path, buildings=400, reality=False)
    cache = tmp_path / CACHE_NAME
    with Cache.open(cache) as c:
        f = c.read("buildings", ["year_built", "valid_to", "scenario"], geometry=False,
                   at=None).columns
    recorded = np.array([s is None for s in f["scenario"]])  # not the planned ones
    years = np.array(f["year_built"], dtype=float)[recorded]
    ended = np.array([int(v) if v else 9999 for v in f["valid_to"]])[recorded]
    recorded = recorded[recorded]
    assert np.isfinite(years).all()
    assert (ended == 2012).sum() > 10  # the urban village, demolished in 2012
    for year in (1970, 1990, 2005, 2012, 2020):
        assert main(["info", str(cache), "--time", str(year), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        expected = int(((years <= year) & (ended > year) & recorded).sum())
        assert data["layers"]["buildings"]["count"] == expected, year
    assert 0 < int((years <= 1990).sum()) < len(years)


def test_a_local_demolition_date_ends_the_feature_as_history(tmp_path: Path) -> None:
    """A field worker records a building's demolition in the edit dialog: the building leaves
    the city of now and stays as history (the edit goes to the platform as any edit)."""
    from sample_city.city import CACHE_NAME
    from store.errors import CimviewError
    from store.sync.outbox import outbox, record_edit
    from tests.sample_build import build

    build(tmp_path, buildings=60, reality=False)
    path = tmp_path / CACHE_NAME
    with Cache.open(path) as c:
        gid = c.read("buildings", ["gid"], geometry=False).columns["gid"][0]
        before = c.count("buildings")
        record_edit(c, "buildings", gid, {"valid_to": "2026年3月"})
        assert c.count("buildings") == before - 1
        assert c.count("buildings", at=lifespan.instant("2025")) >= 1
        row = c.read("buildings", ["valid_to"], where="t.gid = :g", params={"g": gid},
                     at=None, geometry=False).columns
        assert row["valid_to"] == ["2026-03"]
        assert outbox(c, "pending")[0].changes == {"valid_to": "2026-03"}
        with pytest.raises(CimviewError, match="not a year or a date"):
            record_edit(c, "buildings", gid, {"valid_to": "去年"})
