"""Data grades: what each layer of a cache is (核心/重要/一般, 涉密, personal fields).

The rules are data, in ``resources/grades/layers.json`` (with their sources). A platform may
state a collection's grade in its metadata (``"cimview:grade"``); a sync keeps what it states in
the cache's ``cimview_grades`` table, and that wins over the rules.

Examples
--------
>>> g = layer_grade("pipelines")
>>> (g.grade, g.secret, "start_depth" in g.sensitive_fields)
('重要', True, True)
>>> strongest([layer_grade("buildings"), g]).grade
'重要'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, Text, select

RULES = Path(__file__).resolve().parents[1] / "resources" / "grades" / "layers.json"
#: The grades of GB/T 43697-2024, lowest first.
GRADES = ("一般", "重要", "核心")
#: The metadata key a platform states a collection's grade under.
METADATA_KEY = "cimview:grade"

grades_metadata = MetaData()
grades_table = Table(
    "cimview_grades", grades_metadata,
    Column("layer", Text, primary_key=True), Column("grade", Text, nullable=False),
    Column("details", Text, nullable=False),  # the platform's statement, as JSON
    Column("source", Text, nullable=False))


@dataclass(frozen=True)
class Grade:
    """A layer's grade and handling rule."""

    layer: str
    grade: str = "一般"
    secret: bool = False
    coordinates_sensitive: bool = False
    sensitive_fields: tuple[str, ...] = ()
    personal_fields: tuple[str, ...] = ()
    source: str = "rules"  # "rules" (resources/grades) or "platform"
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        """0 for 一般, 1 for 重要, 2 for 核心."""
        return rank(self.grade)

    def to_dict(self) -> dict[str, Any]:
        return {"layer": self.layer, "grade": self.grade, "secret": self.secret,
                "coordinates_sensitive": self.coordinates_sensitive,
                "sensitive_fields": list(self.sensitive_fields),
                "personal_fields": list(self.personal_fields), "source": self.source}


def rank(grade: str) -> int:
    """The order of a grade: 一般 0, 重要 1, 核心 2. ValueError for anything else.

    Examples
    --------
    >>> [rank(g) for g in ("一般", "重要", "核心")]
    [0, 1, 2]
    """
    try:
        return GRADES.index(grade)
    except ValueError:
        raise ValueError(f"not a data grade: {grade!r} (one of {', '.join(GRADES)})") from None


def strongest(grades: Iterable[Grade]) -> Grade:
    """The grade that rules a set of layers: the highest, secret if any is; 一般 for none."""
    items = list(grades)
    if not items:
        return Grade("")
    top = max(items, key=lambda g: (g.rank, g.secret))
    return replace(top, layer="", secret=any(g.secret for g in items))


def requires_encryption(grade: Grade) -> bool:
    """Whether a work area holding data of ``grade`` is downloaded encrypted by default
    (重要 or 核心, or secret)."""
    return grade.rank >= 1 or grade.secret


@functools.cache
def _rules() -> dict[str, Any]:
    return json.loads(RULES.read_text(encoding="utf-8"))


def personal_names() -> frozenset[str]:
    """Field names that are personal information in any layer (lower case)."""
    return frozenset(n.lower() for n in _rules().get("personal_field_names", []))


def layer_grade(layer: str, stated: Mapping[str, Any] | None = None) -> Grade:
    """The grade of ``layer``: what the platform ``stated`` (its ``cimview:grade`` object), else
    the rules in resources/. A statement that is not a valid grade is ignored."""
    rule = _rules()["layers"].get(layer, _rules().get("default", {}))
    base = Grade(layer, rule.get("grade", "一般"), bool(rule.get("secret", False)),
                 rule.get("coordinates") == "sensitive",
                 tuple(rule.get("sensitive_fields", ())), tuple(rule.get("personal_fields", ())))
    parsed = parse_statement(stated) if stated is not None else None
    if parsed is None:
        return base
    return replace(base, grade=parsed["grade"], secret=parsed.get("secret", base.secret),
                   sensitive_fields=tuple(parsed.get("sensitive_fields", base.sensitive_fields)),
                   personal_fields=tuple(parsed.get("personal_fields", base.personal_fields)),
                   coordinates_sensitive=parsed.get("coordinates_sensitive",
                                                    base.coordinates_sensitive),
                   source="platform")


def parse_statement(doc: Any) -> dict[str, Any] | None:
    """A platform's ``cimview:grade`` object, checked (nothing sent is trusted): ``grade`` one
    of the three, ``secret`` a boolean, field lists of at most 200 short strings. None when it
    is not one.

    Examples
    --------
    >>> parse_statement({"grade": "核心", "secret": True})
    {'grade': '核心', 'secret': True}
    >>> parse_statement({"grade": "top secret"}) is None
    True
    """
    if not isinstance(doc, Mapping) or doc.get("grade") not in GRADES:
        return None
    out: dict[str, Any] = {"grade": doc["grade"]}
    if isinstance(doc.get("secret"), bool):
        out["secret"] = doc["secret"]
    if isinstance(doc.get("coordinates_sensitive"), bool):
        out["coordinates_sensitive"] = doc["coordinates_sensitive"]
    for key in ("sensitive_fields", "personal_fields"):
        value = doc.get(key)
        if isinstance(value, list) and len(value) <= 200 and all(
                isinstance(v, str) and 0 < len(v) <= 64 for v in value):
            out[key] = list(value)
    return out


# -- in the cache --------------------------------------------------------------------------------
def ensure(conn: Connection) -> None:
    """Create ``cimview_grades`` when missing (inside the caller's transaction)."""
    grades_metadata.create_all(conn, checkfirst=True)


def keep_statements(conn: Connection, statements: Mapping[str, Any]) -> int:
    """Keep the grades a platform stated (layer → its ``cimview:grade`` object) in the cache,
    inside the caller's write transaction; statements that are not valid are skipped. Returns
    how many were kept."""
    ensure(conn)
    kept = 0
    for layer, doc in statements.items():
        parsed = parse_statement(doc)
        if parsed is None:
            continue
        conn.execute(grades_table.delete().where(grades_table.c.layer == layer))
        conn.execute(grades_table.insert().values(
            layer=layer, grade=parsed["grade"], source="platform",
            details=json.dumps(parsed, ensure_ascii=False, sort_keys=True)))
        kept += 1
    return kept


def cache_grades(cache: Any, layers: Iterable[str] | None = None) -> dict[str, Grade]:
    """The grade of every layer of ``cache`` (or of ``layers``): the platform's statement kept
    in the cache, else the rules."""
    stated: dict[str, Any] = {}
    with cache.engine.connect() as conn:
        has = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'cimview_grades'"
                                   ).first()
        if has:
            for layer, details in conn.execute(select(grades_table.c.layer,
                                                      grades_table.c.details)):
                try:
                    stated[layer] = json.loads(details)
                except ValueError:
                    continue
    names = list(layers) if layers is not None else [i.name for i in cache.layers()]
    return {n: layer_grade(n, stated.get(n)) for n in names}


__all__ = ["GRADES", "METADATA_KEY", "Grade", "cache_grades", "ensure", "keep_statements",
           "layer_grade", "parse_statement", "personal_names", "rank", "requires_encryption",
           "strongest"]
