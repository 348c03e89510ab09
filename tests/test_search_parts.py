"""The pieces of address search: normalisation, numbers, typos, pinyin, the index in the cache,
reverse lookup and `cimview search`."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from store.cache import Cache
from store.search import build_index, has_index, nearest_address, search
from store.search.fuzzy import best_substring
from store.search.normalize import chinese_number, normalize, split
from store.search.pinyin import pinyin


@pytest.mark.parametrize(("typed", "normal"), [
    ("体育西路一百二十三号", "体育西路123号"),
    ("锦绣花园十二幢二单元", "锦绣花园12栋2单元"),
    ("石溪南苑10号楼3梯1001房", "石溪南苑10栋3单元1001室"),
    ("ＡＢＣ大厦　１２号", "abc大厦12号"),
    ("骏景大院1栋附近", "骏景大院1栋"),
    ("东50米和平西路", "和平西路"),
    ("沙洲区和平西路228号", "珠湾区和平西路228号"),
    ("廈門新邨3#楼", "厦门新村3栋"),
    ("中山西十横路23号", "中山西十横路23号"),  # a numeral inside a name stays
    ("两单元", "2单元"),
])
def test_normalize(typed: str, normal: str) -> None:
    assert normalize(typed).text == normal


def test_normalized_text_traces_back_to_what_was_typed() -> None:
    typed = "锦绣花园 十二幢"
    t = normalize(typed)
    start = t.text.index("12")
    s, e = t.source(start, start + 3)
    assert typed[s:e] == "十二幢"
    assert t.how(start, start + 2) == "numeral"


@pytest.mark.parametrize(("typed", "parts"), [
    ("12-3-1001", [("building", "12"), ("unit", "3"), ("room", "1001")]),
    ("锦绣花园7-2", [("text", "锦绣花园"), ("building", "7"), ("unit", "2")]),
    ("12栋3-1001", [("building", "12"), ("unit", "3"), ("room", "1001")]),
    ("和平西路228", [("text", "和平西路"), ("bare", "228")]),
    ("骏景一期3栋", [("text", "骏景1期"), ("building", "3")]),
    ("B座5楼", [("building", "b"), ("floor", "5")]),
    ("hpxl 228号", [("letters", "hpxl"), ("door", "228")]),
])
def test_split(typed: str, parts: list[tuple[str, str]]) -> None:
    assert [(p.kind, p.value) for p in split(normalize(typed))] == parts


def test_chinese_numbers() -> None:
    assert [chinese_number(s) for s in ("十", "十二", "二十", "一百零三", "两千零五", "一零零一",
                                        "三十五", "一万二千")] == [
        10, 12, 20, 103, 2005, 1001, 35, 12000]
    assert chinese_number("路") is None


def test_best_substring_agrees_with_plain_edit_distance() -> None:
    def brute(p: str, t: str) -> int:
        best = len(p)
        for s in range(len(t) + 1):
            for e in range(s, len(t) + 1):
                prev = list(range(e - s + 1))
                for i, a in enumerate(p, 1):
                    cur = [i]
                    for j, b in enumerate(t[s:e], 1):
                        cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
                    prev = cur
                best = min(best, prev[-1])
        return best

    rng = random.Random(3)
    for _ in range(400):
        p = "".join(rng.choice("abc") for _ in range(rng.randint(1, 5)))
        t = "".join(rng.choice("abc") for _ in range(rng.randint(0, 7)))
        assert best_substring(p, t)[0] == brute(p, t), (p, t)
    assert best_substring("和平西路", "金沙街道和平西露228号") == (1, 8)


def test_pinyin() -> None:
    assert pinyin("体育西路") == ("tiyuxilu", "tyxl")
    assert pinyin("骏景1期") == ("junjing1qi", "jj1q")


# -- on a real cache ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    from tests.sample_build import build

    out = tmp_path_factory.mktemp("search_city")
    build(out, buildings=600)
    with Cache.open(out / "sample_city.gpkg") as cache:
        yield cache


def _one(cache: Cache, sql: str) -> tuple:
    with cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        return raw.execute(sql).fetchone()


def test_new_caches_come_with_the_index(city: Cache) -> None:
    with city.engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert has_index(raw)
        kinds = dict(raw.execute("SELECT kind, count(*) FROM cimview_search_names "
                                 "GROUP BY kind").fetchall())
        roads = raw.execute("SELECT count(DISTINCT road) FROM addresses").fetchone()[0]
    assert kinds["road"] >= roads and kinds["compound"] > 0 and kinds["street"] > 0


def test_hits_say_what_matched(city: Cache) -> None:
    road, door, full = _one(city, "SELECT road, door_no, full_address FROM addresses "
                                  "WHERE level = '门牌' AND compound IS NULL LIMIT 1")
    hits = search(city, f"{road} {door}")
    assert hits[0].full_address == full and hits[0].level == "门牌"
    assert {(m.field, m.value) for m in hits[0].matched} >= {("road", road), ("door_no", door)}
    json.dumps(hits[0].to_json(), ensure_ascii=False)


def test_rooms_the_library_lacks_are_reported_unmatched(city: Cache) -> None:
    compound, bno, uno, full = _one(
        city, "SELECT compound, building_no, unit_no, full_address FROM addresses "
              "WHERE level = '单元' LIMIT 1")
    hit = search(city, f"{compound}{bno[:-1]}-{uno[:-2]}-1001")[0]
    assert hit.full_address == full
    assert hit.unmatched == ("1001",)


def test_reverse_lookup(city: Cache) -> None:
    gid, address = _one(city, "SELECT gid, address FROM buildings LIMIT 1")
    hit, distance = nearest_address(city, 0.0, 0.0, building_gid=gid)
    assert (hit.full_address, distance) == (address, 0.0)
    x, y = (float(v) for v in _one(city, "SELECT st_minx(geom), st_miny(geom) FROM addresses "
                                         "WHERE fid = 7"))
    hit, distance = nearest_address(city, x + 3.0, y + 4.0)
    assert distance <= 5.0 + 1e-6
    assert nearest_address(city, x + 1e6, y) is None


def test_caches_without_an_index_get_one_and_gdal_edits_reach_it(city: Cache,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "old.gpkg"
    shutil.copy(city.path, path)
    with Cache.open(path) as cache, cache.engine.begin() as conn:
        from store.search.index import drop

        drop(conn.connection.driver_connection)
    with Cache.open(path) as cache:
        assert search(cache, "和平")  # builds the index first
        x, y = (float(v) for v in _one(cache, "SELECT st_minx(geom), st_miny(geom) "
                                              "FROM buildings LIMIT 1"))
    geom = shapely.to_wkb(shapely.MultiPolygon([shapely.box(x, y, x + 5, y + 5)]))
    fields = [np.array(["5d0c4bde-0000-4000-8000-000000000001"], dtype=object),
              np.array(["2026-01-01T00:00:00Z"], dtype=object),
              np.array(["qgis"], dtype=object), np.array([1]),
              np.array(["琶洲会展中心"], dtype=object)]
    pyogrio.raw.write(path, np.array([geom], dtype=object), fields,
                      ["gid", "updated_at", "source", "local_edit", "name"], layer="buildings",
                      driver="GPKG", geometry_type="MultiPolygon", crs="EPSG:4547", append=True)
    with Cache.open(path) as cache:
        hits = search(cache, "琶洲会展中心")
        assert hits and hits[0].layer == "buildings" and hits[0].name == "琶洲会展中心"
        assert build_index(cache)["names"]["building"] > 0


def test_cli_search_prints_json_lines(city: Cache) -> None:
    road, door, full = _one(city, "SELECT road, door_no, full_address FROM addresses "
                                  "WHERE level = '门牌' AND compound IS NULL LIMIT 1")
    out = subprocess.run([sys.executable, "-m", "app.cli", "search", str(city.path),
                          f"{road}{door}", "--limit", "3"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(s) for s in out.stdout.splitlines()]
    assert 1 <= len(lines) <= 3
    first = lines[0]
    assert first["full_address"] == full and first["level"] == "门牌"
    assert {"id", "x", "y", "score"} <= set(first) and first["score"] > lines[-1]["score"] - 1e-9
    at = subprocess.run([sys.executable, "-m", "app.cli", "search", str(city.path), "--at",
                         f"{first['x'] + 1},{first['y']}"], capture_output=True, text=True,
                        timeout=120)
    near = json.loads(at.stdout)
    assert near["full_address"] == full and near["distance"] == pytest.approx(1.0, abs=0.01)
    empty = subprocess.run([sys.executable, "-m", "app.cli", "search", str(city.path), "  "],
                           capture_output=True, text=True, timeout=120)
    assert empty.returncode == 0 and empty.stdout == ""


def test_names_holding_an_admin_name(city: Cache, tmp_path: Path) -> None:
    """广州大道 is a road, not 广州 + 大道; 珠湾区青少年宫 is a compound, not 珠湾区 + 人民医院."""
    path = tmp_path / "gz.gpkg"
    shutil.copy(city.path, path)
    x, y = (float(v) for v in _one(city, "SELECT st_minx(geom), st_miny(geom) FROM addresses "
                                         "WHERE fid = 1"))
    prefix = "".join(_one(city, "SELECT province, city, district FROM addresses LIMIT 1"))
    with Cache.open(path) as cache:
        with cache.transaction() as tx:
            tx.insert("addresses", [shapely.Point(x + 1, y + 1), shapely.Point(x + 2, y + 2)], {
                "level": ["门牌", "门牌"], "province": ["广东省"] * 2, "city": ["广州市"] * 2,
                "district": ["珠湾区"] * 2, "road": ["广州大道", "滨江路"],
                "compound": [None, "珠湾区青少年宫"], "door_no": ["1号", "9号"],
                "full_address": [f"{prefix}广州大道1号", f"{prefix}滨江路9号珠湾区青少年宫"]},
                source="test")
        assert search(cache, "广州大道1号")[0].full_address == f"{prefix}广州大道1号"
        assert search(cache, "广州市广州大道1号")[0].full_address == f"{prefix}广州大道1号"
        hit = search(cache, "珠湾区青少年宫")[0]
        assert hit.full_address == f"{prefix}滨江路9号珠湾区青少年宫"
        assert ("compound", "珠湾区青少年宫") in {(m.field, m.value) for m in hit.matched}
