"""Buildings and LoD2 solids from every real CityJSON / CityJSONSeq file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from store.cache import Cache
from store.errors import InputError
from store.importers import ImportOptions, import_file

# file, crs, source_crs, read, imported, {rejection reason: count}, cache CRS
CASES = [
    ("cjio_delft.city.json", None, None, 570, 160,
     {"not a building (Road)": 143, "not a building (PlantCover)": 126,
      "not a building (LandUse)": 81, "not a building (GenericCityObject)": 54,
      "not a building (Bridge)": 3, "not a building (WaterBody)": 3}, "EPSG:28992"),
    ("cjio_zurich_subset_lod2.city.json", None, None, 49, 49, {}, "EPSG:2056"),
    ("cjio_multi_lod.city.json", "EPSG:28992", None, 10, 10, {}, "EPSG:28992"),
    ("cjio_rotterdam_subset.city.json", "EPSG:28992", None, 16, 16, {}, "EPSG:28992"),
    ("cjio_DH_01_subs.city.json", "EPSG:28992", None, 4, 4, {}, "EPSG:28992"),
    ("specs_DenHaag_01_v0.8.json", "EPSG:28992", None, 845, 844,
     {"not a building (TINRelief)": 1}, "EPSG:28992"),
    ("specs_Munich_LOD2_4424_5482_solid_v0.1.json", None, "EPSG:31468", 111, 111, {},
     "EPSG:31468"),
    ("citygml4j_lod2_buildings_features.city.jsonl", "EPSG:3068", None, 100, 100, {},
     "EPSG:3068"),
]


@pytest.mark.parametrize(("name", "crs", "source_crs", "read", "imported", "reasons", "cache_crs"),
                         CASES, ids=[c[0] for c in CASES])
def test_real_cityjson(realdata: Path, tmp_path: Path, name: str, crs: str | None,
                       source_crs: str | None, read: int, imported: int,
                       reasons: dict[str, int], cache_crs: str) -> None:
    into = tmp_path / "c.gpkg"
    report = import_file(realdata / "cityjson" / name, into, crs=crs,
                         options=ImportOptions(source_crs=source_crs))
    assert report.kind == "cityjson" and report.format.startswith("CityJSON")
    assert report.features_read == read and report.imported == imported
    assert report.features_read == report.imported + len(report.rejected)
    got: dict[str, int] = {}
    for r in report.rejected:
        got[r["reason"]] = got.get(r["reason"], 0) + 1
    assert got == reasons
    assert report.cache_crs == cache_crs
    assert sum(report.object_types.values()) >= read
    with Cache.open(into) as cache:
        b = cache.read("buildings", ["gid", "height", "ground_z", "lod", "attrs"])
        s = cache.read("building_solids", ["building_gid", "lod", "surface_types"])
    assert len(b) == len(s) == imported
    assert set(s.columns["building_gid"]) == set(b.columns["gid"])
    assert shapely.is_valid(b.geoms).all() and (shapely.area(b.geoms) > 0).all()
    assert all(g.has_z for g in s.geoms) and not any(g.has_z for g in b.geoms)
    assert (np.array(b.columns["height"]) > 0).all()
    # the footprint lies under the solid
    assert (shapely.area(shapely.intersection(b.geoms, shapely.envelope(shapely.force_2d(s.geoms))))
            > 0.9 * shapely.area(b.geoms)).all()
    for types, solid in zip(s.columns["surface_types"], s.geoms, strict=True):
        if types is not None:
            assert len(json.loads(types)) == len(solid.geoms)


def test_multi_lod_takes_lod22(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / "cityjson" / "cjio_multi_lod.city.json", tmp_path / "m.gpkg",
                         crs="EPSG:28992")
    assert report.imported == 10
    with Cache.open(tmp_path / "m.gpkg") as cache:
        b = cache.read("buildings", ["lod"])
        s = cache.read("building_solids", ["lod", "surface_types"])
    assert set(b.columns["lod"]) == set(s.columns["lod"]) == {"2.2"}
    kinds = set(json.loads(s.columns["surface_types"][0]))
    assert {"GroundSurface", "RoofSurface", "WallSurface"} <= kinds


def test_delft_compound_crs_and_vertical(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / "cityjson" / "cjio_delft.city.json", tmp_path / "d.gpkg")
    assert report.source_crs == "EPSG:7415" and report.cache_crs == "EPSG:28992"
    assert report.object_types["Road"] == 143 and report.object_types["Building"] == 160
    with Cache.open(tmp_path / "d.gpkg") as cache:
        assert cache.vertical_crs == "EPSG:5709"
        assert set(cache.read("buildings", ["lod"]).columns["lod"]) == {"1"}
    # into a cache with another vertical datum: reprojected x/y, z kept, a warning
    other = tmp_path / "other.gpkg"
    with Cache.create(other, "EPSG:32631", vertical_crs="EPSG:5737"):
        pass
    again = import_file(realdata / "cityjson" / "cjio_delft.city.json", other)
    assert again.imported == 160 and any("EPSG:5709" in w for w in again.warnings)
    with Cache.open(other) as cache:
        xy = shapely.get_coordinates(cache.read("buildings").geoms)
    assert 5.8e5 < xy[:, 0].mean() < 6.1e5  # UTM 31N eastings around Delft (4.36° E)


def test_zurich_parts_merged(realdata: Path, tmp_path: Path) -> None:
    import_file(realdata / "cityjson" / "cjio_zurich_subset_lod2.city.json", tmp_path / "z.gpkg")
    with Cache.open(tmp_path / "z.gpkg") as cache:
        attrs = [json.loads(a) for a in cache.read("buildings", ["attrs"]).columns["attrs"]]
    assert sum(len(a.get("parts", {})) for a in attrs) == 161
    assert all("Herkunft" in a for a in attrs)


def test_munich_bogus_epsg_needs_source_crs(realdata: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown coordinate reference system 'EPSG:1234'.*"
                                         r"--source-crs"):
        import_file(realdata / "cityjson" / "specs_Munich_LOD2_4424_5482_solid_v0.1.json",
                    tmp_path / "m.gpkg")
    assert not (tmp_path / "m.gpkg").exists()


def test_no_crs_needs_crs(realdata: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="declares no coordinate reference system; pass --crs"):
        import_file(realdata / "cityjson" / "cjio_rotterdam_subset.city.json",
                    tmp_path / "r.gpkg")


def test_jsonl_heights_and_names(realdata: Path, tmp_path: Path) -> None:
    report = import_file(realdata / "cityjson" / "citygml4j_lod2_buildings_features.city.jsonl",
                         tmp_path / "f.gpkg", crs="EPSG:3068")
    assert report.format == "CityJSONSeq 2.0" and report.object_types == {"Building": 100}
    with Cache.open(tmp_path / "f.gpkg") as cache:
        b = cache.read("buildings", ["name", "height", "ground_z", "floors_above"])
    assert b.columns["name"][0] == "Testcase-0-0_LoD2"
    assert b.columns["height"][0] == 11.0 and b.columns["floors_above"][0] == 5
    assert b.columns["ground_z"][0] == 0.0
    assert shapely.area(b.geoms[0]) == pytest.approx(48.0)


def _split_sequence(realdata: Path, tmp_path: Path) -> tuple[Path, Path]:
    """citygml4j's CityJSON Text Sequence as a header file of its own (with its CRS) and a
    sequence of features only: (metadata.city.json, features.jsonl)."""
    lines = (realdata / "cityjson" / "citygml4j_lod2_buildings_features.city.jsonl").read_text(
        encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["metadata"] = {"referenceSystem": "https://www.opengis.net/def/crs/EPSG/0/3068"}
    meta = tmp_path / "metadata.city.json"
    meta.write_text(json.dumps(header), encoding="utf-8")
    features = tmp_path / "features.jsonl"
    features.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    return meta, features


def test_sequence_with_its_header_in_a_metadata_file(realdata: Path, tmp_path: Path) -> None:
    """CityJSON Text Sequences whose header is a separate metadata.city.json (--metadata)."""
    meta, features = _split_sequence(realdata, tmp_path)
    with pytest.raises(InputError, match="first line is not a CityJSON header.*--metadata"):
        import_file(features, tmp_path / "a.gpkg")
    report = import_file(features, tmp_path / "b.gpkg", options=ImportOptions(metadata=meta))
    assert report.imported == 100 and report.cache_crs == "EPSG:3068"  # the header's CRS
    bad = tmp_path / "bad.city.json"
    bad.write_text(json.dumps({"type": "CityJSON", "CityObjects": {"x": {}}}), encoding="utf-8")
    with pytest.raises(InputError, match="bad.city.json.*holds CityObjects"):
        import_file(features, tmp_path / "c.gpkg", options=ImportOptions(metadata=bad))
    # the CLI takes it too
    from app.cli import main

    assert main(["import", str(features), "--into", str(tmp_path / "d.gpkg"),
                 "--metadata", str(meta)]) == 0


def test_the_window_asks_for_the_header_of_a_sequence(qtbot, realdata: Path, tmp_path: Path,
                                                      monkeypatch) -> None:
    """File > Import of a CityJSON Text Sequence without its header asks for the header file
    (the window's --metadata) and imports with it."""
    from PySide6.QtWidgets import QFileDialog

    from app.main_window import MainWindow
    from store.importers.questions import needs_header
    from tests.gui_frames import read_next_box

    meta, features = _split_sequence(realdata, tmp_path)
    assert needs_header(features)
    assert not needs_header(realdata / "cityjson" / "citygml4j_lod2_buildings_features.city.jsonl")
    cache = tmp_path / "city.gpkg"
    import_file(features, cache, options=ImportOptions(metadata=meta))
    window = MainWindow(cache, lang="en")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    asked: list[str] = []

    def get_open_file_name(_parent, caption, folder, _filter="", *_args):
        asked.append(caption)
        assert folder == str(tmp_path)
        return str(meta), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    shown: list[str] = []

    read_next_box(shown)
    window.importing.ask_and_start(features)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert asked == ["The CityJSON header of features.jsonl (e.g. metadata.city.json)"]
    assert "100 imported (100 replaced)" in shown[0], shown[0]
