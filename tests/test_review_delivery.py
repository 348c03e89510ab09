"""The "delivery" rule: the sample city's IDS checked on the sample proposal with ifctester.

Real files: the shipped IDS, the sample proposal's IFC, a copy of it edited with ifcopenshell
the way a careless architect would leave it."""

from __future__ import annotations

import json
from pathlib import Path

import ifcopenshell
import ifcopenshell.api
import pytest
import shapely

from layers.review import check_delivery
from layers.review.context import ReviewContext
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS
from layers.review.ruleset import DEFAULT_RULESET, Rule, load_ruleset
from layers.review.run import run_review
from store.bim.loader import load_bim
from store.cache import Cache
from store.errors import InputError

IDS = DEFAULT_RULESET.parent / "ids" / "sample_city.ids"


def _rule(ids: str | None = "ids/sample_city.ids") -> Rule:
    return Rule(id="delivery", check="delivery", title_zh="交付要求（IDS）",
                title_en="Delivery requirements (IDS)", clause="buildingSMART IDS 1.0",
                limit=None, compare="", params={} if ids is None else {"ids": ids},
                folder=DEFAULT_RULESET.parent)


@pytest.fixture(scope="module")
def cache(review_city):
    with Cache.open(review_city["cache"]) as c:
        yield c


def _context(cache: Cache, ifc: str | Path) -> ReviewContext:
    model = load_bim(ifc, None, threads=1)
    return ReviewContext(cache=cache, model=model, ifc_path=Path(ifc), crs=cache.crs,
                         parcel={"code": "T"}, parcel_geom=shapely.box(0, 0, 1, 1),
                         found_by="code", footprint=shapely.box(0, 0, 10, 10))


def test_the_sample_proposal_meets_the_sample_citys_ids(review_city, cache):
    ctx = _context(cache, review_city["ifc"])
    finding = check_delivery.check(ctx, _rule())
    assert finding.status == PASS, finding.details
    assert (finding.value, finding.limit) == (6.0, 6.0)
    names = {r["specification"] for r in finding.details}
    assert "楼层名称 Storey names" in names and "地图坐标转换 Map conversion" in names
    assert not finding.elements
    assert ctx.parameters[0]["name"] == "ids" and "2026.12" in ctx.parameters[0]["value"]


def test_a_badly_named_storey_and_a_missing_occupancy_fail_with_their_globalids(
        review_city, cache, tmp_path):
    model = ifcopenshell.open(review_city["ifc"])
    storey = next(s for s in model.by_type("IfcBuildingStorey") if s.Name == "3F")
    storey.Name = "三层"
    building = model.by_type("IfcBuilding")[0]
    pset = next(r.RelatingPropertyDefinition for r in building.IsDefinedBy
                if r.is_a("IfcRelDefinesByProperties")
                and r.RelatingPropertyDefinition.Name == "Pset_BuildingCommon")
    ifcopenshell.api.run("pset.edit_pset", model, pset=pset,
                         properties={"OccupancyType": None})
    bad = tmp_path / "careless.ifc"
    model.write(str(bad))

    ctx = _context(cache, bad)
    finding = check_delivery.check(ctx, _rule())
    assert finding.status == FAIL
    assert (finding.value, finding.limit) == (4.0, 6.0)
    assert storey.GlobalId in finding.elements and building.GlobalId in finding.elements
    row = next(r for r in finding.details if r["identifier"] == "CIM-DR-02")
    assert row["status"] == FAIL and row["failed"] == 1 and row["elements"] == [storey.GlobalId]
    assert "三层" in row["reasons"][0]
    assert finding.location is not None  # the storey has no body: the footprint's centre
    json.dumps(finding.to_dict(), ensure_ascii=False)


def test_a_required_specification_with_nothing_to_apply_to_fails(review_city, cache, tmp_path):
    ids = tmp_path / "needs_chimneys.ids"
    text = IDS.read_text(encoding="utf-8").replace(
        "<simpleValue>IFCMAPCONVERSION</simpleValue>", "<simpleValue>IFCCHIMNEY</simpleValue>")
    ids.write_text(text, encoding="utf-8")
    ctx = _context(cache, review_city["ifc"])
    finding = check_delivery.check(ctx, _rule(str(ids)))
    row = next(r for r in finding.details if r["identifier"] == "CIM-DR-05")
    assert row["applicable"] == 0 and row.get("missing") is True
    assert finding.status == FAIL and finding.value == 5.0


def test_a_broken_ids_is_named_and_the_rule_is_not_assessable(review_city, cache, tmp_path):
    broken = tmp_path / "broken.ids"
    broken.write_text("<ids><specifications>", encoding="utf-8")
    ctx = _context(cache, review_city["ifc"])
    with pytest.raises(InputError) as err:
        check_delivery.check(ctx, _rule(str(broken)))
    assert "broken.ids" in str(err.value) and "not a valid IDS file" in str(err.value)

    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"name": "t", "version": "1", "rules": [
        {"id": "delivery", "check": "delivery", "title_zh": "交付", "title_en": "Delivery",
         "clause": "IDS", "limit": None, "compare": "", "params": {"ids": "broken.ids"}}]}),
        encoding="utf-8")
    result = run_review(ctx, load_ruleset(rules))
    finding = result.finding("delivery")
    assert finding.status == NOT_ASSESSABLE and "not a valid IDS file" in finding.reason


def test_no_ids_named_is_not_assessable(review_city, cache):
    ctx = _context(cache, review_city["ifc"])
    finding = check_delivery.check(ctx, _rule(None))
    assert finding.status == NOT_ASSESSABLE and "names no IDS file" in finding.reason


def test_real_models_of_other_schemas(realdata):
    """An IFC2X3 model: the IFC4 map-conversion requirements are skipped, not failed; the
    German storey names fail with their GlobalIds; an IFC4 house without a map conversion
    fails the required specification it has nothing for."""
    duplex = realdata / "ifc" / "Duplex_A_20110907_georeferenced.ifc"
    _, schema, rows, failing = check_delivery.evaluate(IDS, duplex)
    by_id = {r["identifier"]: r for r in rows}
    assert schema == "IFC2X3"
    assert by_id["CIM-DR-05"]["status"] == by_id["CIM-DR-06"]["status"] == "skipped"
    storeys = ifcopenshell.open(str(duplex)).by_type("IfcBuildingStorey")
    bad = {s.GlobalId for s in storeys if s.Name in ("T/FDN", "Level 1", "Level 2", "Roof")}
    assert by_id["CIM-DR-02"]["status"] == FAIL and bad & set(failing)

    haus = realdata / "ifc" / "AC20-FZK-Haus.ifc"
    _, schema, rows, _ = check_delivery.evaluate(IDS, haus)
    by_id = {r["identifier"]: r for r in rows}
    assert schema == "IFC4" and by_id["CIM-DR-05"].get("missing") is True
    assert "Erdgeschoss" in by_id["CIM-DR-02"]["reasons"][0]
