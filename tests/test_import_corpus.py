"""A corpus of damaged real files: every import ends in a report or a sentence, never a crash.

The damage is generated from the real third-party files (a fixed seed, so a failure can be
replayed): values swapped for NaN, infinities, absurd or wrong-typed values, keys deleted, text
truncated, bytes flipped, companion files of a Shapefile missing. Whatever the damage, the
import either succeeds with a consistent report or raises a ``CimviewError`` naming the file,
and an existing cache keeps its content.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from store.cache import Cache
from store.errors import CimviewError
from store.importers import import_file

SEED = 20261204
ODD_VALUES: list[Any] = [float("nan"), float("inf"), -float("inf"), 1e30, -1e30, 0, -1, None,
                         "", "x", [], {}, [[]], True, "\ud800", 10 ** 40]


def _content(cache: Path) -> str:
    with Cache.open(cache) as c, c.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        return hashlib.sha256("\n".join(raw.iterdump()).encode("utf-8", "surrogatepass")
                              ).hexdigest()


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    """Every (container path, key) in a JSON document, capped for speed."""
    out: list[tuple] = []
    stack = [(doc, prefix)]
    while stack and len(out) < 20000:
        node, where = stack.pop()
        items = node.items() if isinstance(node, dict) else (
            enumerate(node) if isinstance(node, list) else ())
        for key, value in items:
            out.append((*where, key))
            if isinstance(value, dict | list):
                stack.append((value, (*where, key)))
    return out


def _at(doc: Any, path: tuple) -> tuple[Any, Any]:
    for key in path[:-1]:
        doc = doc[key]
    return doc, path[-1]


def _mutate_json(doc: Any, rng: random.Random) -> Any:
    doc = json.loads(json.dumps(doc))
    paths = _paths(doc)
    for _ in range(rng.randint(1, 3)):
        parent, key = _at(doc, rng.choice(paths))
        if rng.random() < 0.25 and isinstance(parent, dict):
            del parent[key]
            paths = _paths(doc)
        else:
            parent[key] = rng.choice(ODD_VALUES)
    return doc


def _flip(data: bytes, rng: random.Random, n: int) -> bytes:
    buf = bytearray(data)
    for _ in range(n):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def _json_cases(src: Path, out: Path, rng: random.Random, n: int) -> list[Path]:
    text = src.read_text(encoding="utf-8")
    doc = json.loads(text)
    cases = []
    for i in range(n):
        kind = rng.random()
        path = out / f"{src.stem}_{i}{src.suffix}"
        if kind < 0.6:
            path.write_text(json.dumps(_mutate_json(doc, rng), ensure_ascii=False),
                            encoding="utf-8", errors="surrogatepass")
        elif kind < 0.8:
            path.write_text(text[: rng.randrange(1, len(text))], encoding="utf-8")
        else:
            path.write_bytes(_flip(text.encode(), rng, rng.randint(1, 20)))
        cases.append(path)
    return cases


def _shapefile_cases(src: Path, out: Path, rng: random.Random, n: int) -> list[Path]:
    cases = []
    for i in range(n):
        folder = out / f"shp_{i}"
        folder.mkdir()
        for part in src.parent.glob(src.stem + ".*"):
            shutil.copy(part, folder / part.name)
        target = folder / src.name
        victim = folder / (src.stem + rng.choice([".shp", ".shx", ".dbf"]))
        data = victim.read_bytes()
        what = rng.random()
        if what < 0.4:
            victim.write_bytes(data[: rng.randrange(0, len(data))])
        elif what < 0.8:
            victim.write_bytes(_flip(data, rng, rng.randint(1, 50)))
        elif victim.suffix != ".shp":
            victim.unlink()
        cases.append(target)
    return cases


@pytest.fixture(scope="module")
def corpus(realdata: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    rng = random.Random(SEED)
    out = tmp_path_factory.mktemp("corpus")
    cases = []
    cases += _json_cases(realdata / "footprints" / "guangzhou_huacheng_osm.geojson", out, rng, 40)
    cases += _json_cases(realdata / "cityjson" / "cjio_DH_01_subs.city.json", out, rng, 30)
    cases += _json_cases(realdata / "cityjson" / "cjio_multi_lod.city.json", out, rng, 15)
    cases += _shapefile_cases(realdata / "footprints" / "dcbuildings.shp", out, rng, 12)
    dem = realdata / "dem" / "khlong_toei_bangkok_dem.tif"
    for i in range(8):
        path = out / f"dem_{i}.tif"
        data = dem.read_bytes()
        path.write_bytes(data[: rng.randrange(8, len(data))] if i % 2 else
                         _flip(data, rng, rng.randint(1, 40)))
        cases.append(path)
    return cases


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, realdata: Path) -> Path:
    cache = tmp_path_factory.mktemp("seed") / "city.gpkg"
    import_file(realdata / "footprints" / "guangzhou_huacheng_osm.geojson", cache,
                crs="EPSG:4547")
    return cache


def test_every_damaged_file_gets_a_report_or_a_sentence(corpus: list[Path], seeded: Path,
                                                        tmp_path: Path) -> None:
    before = _content(seeded)
    crashes = []
    for i, case in enumerate(corpus):
        name = f"{case.parent.name}/{case.name}"
        into = tmp_path / f"into_{i}.gpkg"
        shutil.copy(seeded, into)
        try:
            report = import_file(case, into)
        except CimviewError as exc:
            assert exc.path, f"{name}: the message names no file: {exc}"
            if _content(into) != before:
                crashes.append(f"{name}: failed ({exc}) but the cache changed")
        except Exception as exc:  # noqa: BLE001 - collected for one readable failure
            crashes.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
        else:
            assert report.features_read == report.imported + len(report.rejected)
        into.unlink()
    assert not crashes, "\n".join(crashes)
