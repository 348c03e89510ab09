"""The review rule set is data: the shipped one loads, a broken one is refused by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding, ReviewResult
from layers.review.ruleset import DEFAULT_RULESET, load_ruleset, meets
from layers.review.run import check_names
from store.errors import InputError
from store.messages import msg


def test_the_shipped_rule_set_names_every_check_and_clause():
    rs = load_ruleset()
    check_names(rs)
    ids = [r.id for r in rs.rules]
    for rule in ("height", "far", "density", "green", "setback_road", "setback_side",
                 "fire_spacing", "sunlight_neighbours", "sunlight_own", "delivery"):
        assert rule in ids
    assert rs.version and rs.name
    assert all(r.clause.strip() for r in rs.rules)
    assert rs.rule("sunlight_neighbours").limit_for({}) == 3.0
    assert rs.rule("height").limit_for({"height_limit": 80}) == 80.0
    assert rs.rule("height").limit_for({"height_limit": None}) is None
    assert rs.path(rs.rule("delivery").params["ids"]).is_file()


def _write(tmp_path: Path, data) -> Path:
    p = tmp_path / "rules.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


def test_a_broken_rule_set_is_refused_with_the_file_and_the_row(tmp_path):
    with pytest.raises(InputError) as e:
        load_ruleset(_write(tmp_path, '{"name": "x", "rules": [}'))
    assert "rules.json" in str(e.value) and "line 1" in str(e.value)
    good = json.loads(DEFAULT_RULESET.read_text(encoding="utf-8"))
    bad = dict(good, rules=[dict(good["rules"][0], check="no_such_check")])
    with pytest.raises(InputError, match="unknown check no_such_check"):
        check_names(load_ruleset(_write(tmp_path, bad)))
    bad = dict(good, rules=[dict(good["rules"][0], limit="height_limit")])
    with pytest.raises(InputError, match="limit must be a number or parcel"):
        load_ruleset(_write(tmp_path, bad))
    bad = dict(good, rules=[good["rules"][0], good["rules"][0]])
    with pytest.raises(InputError, match="appears twice"):
        load_ruleset(_write(tmp_path, bad))
    with pytest.raises(InputError, match="cannot be read"):
        load_ruleset(tmp_path / "missing.json")


def test_a_city_changes_a_limit_without_code(tmp_path):
    data = json.loads(DEFAULT_RULESET.read_text(encoding="utf-8"))
    for row in data["rules"]:
        if row["id"] == "sunlight_neighbours":
            row["limit"] = 2
    rs = load_ruleset(_write(tmp_path, data))
    assert rs.rule("sunlight_neighbours").limit_for({}) == 2.0


def test_meets_compares_with_the_rule_s_direction():
    assert meets(80.0, 80.0, "<=") and not meets(80.01, 80.0, "<=")
    assert meets(3.0, 3.0, ">=") and not meets(2.99, 3.0, ">=")
    assert not meets(3.0, 3.0, ">") and meets(2.0, 3.0, "<")


def test_a_finding_is_never_not_assessable_without_a_reason():
    with pytest.raises(ValueError):
        Finding(rule="green", status=NOT_ASSESSABLE)
    with pytest.raises(ValueError):
        Finding(rule="green", status="maybe")
    f = Finding(rule="green", status=NOT_ASSESSABLE,
                reason=msg("the model and the site carry no green areas"))
    r = ReviewResult(model={}, ruleset={}, parcel={}, crs="EPSG:4547", findings=[
        Finding(rule="height", status=PASS, value=30.0, limit=80.0), f])
    assert r.status == NOT_ASSESSABLE
    r.findings.append(Finding(rule="far", status=FAIL, value=3.1, limit=2.5))
    d = r.to_dict()
    assert d["status"] == FAIL
    assert d["findings"][1]["reason"] == "the model and the site carry no green areas"
    json.dumps(d)
