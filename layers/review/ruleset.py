"""The review rule set: data, not code (``resources/review/*.json``).

A rule set names itself (``name``, ``name_en``, ``version``, ``source``) and lists rules. Each
rule is a row::

    {"id": "height", "check": "height", "title_zh": "建筑高度", "title_en": "Building height",
     "limit": "parcel.height_limit", "compare": "<=", "unit": "m",
     "clause": "GB 50352-2019 §4.5.2; 地块规划条件", "params": {...}}

``check`` names the check module (:mod:`layers.review.checks`); ``limit`` is a number, a
parcel field (``"parcel.<field>"``) or null (the check takes its limits from ``params``);
``params`` are the check's own definitions and parameters, so a city changes limits and
definitions by editing the file. Paths in ``params`` (an IDS file) are relative to the rule
set's folder.

Example
-------
>>> rs = load_ruleset()
>>> rs.rule("height").compare
'<='
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import InputError

#: The rule set shipped with cimview (Guangzhou's controls and GB 50180's zone IV sunlight).
DEFAULT_RULESET = Path(__file__).resolve().parents[2] / "resources" / "review" / "guangzhou.json"
COMPARES = ("<=", ">=", "<", ">", "")  # "": the check judges by itself (IDS)


@dataclass
class Rule:
    """One row of the rule set."""

    id: str
    check: str
    title_zh: str
    title_en: str
    clause: str
    limit: float | str | None = None
    compare: str = "<="
    unit: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    folder: Path | None = None  # the rule set's folder: where its params' relative paths start

    def file(self, relative: str) -> Path:
        """A file named in ``params`` (e.g. the IDS), relative to the rule set's folder."""
        path = Path(relative)
        return path if path.is_absolute() or self.folder is None else (self.folder / path)

    def limit_for(self, parcel: dict[str, Any]) -> float | None:
        """The limit as a number: a constant, or the parcel's field (None when it is empty)."""
        if self.limit is None or isinstance(self.limit, int | float):
            return None if self.limit is None else float(self.limit)
        value = parcel.get(self.limit.removeprefix("parcel."))
        return None if value is None else float(value)


@dataclass
class RuleSet:
    """A loaded rule set: its identity and its rules in report order."""

    name: str
    name_en: str
    version: str
    source: str
    file: Path
    rules: list[Rule]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def path(self, relative: str) -> Path:
        """A file the rule set names, relative to the rule set's folder."""
        return (self.file.parent / relative).resolve()

    def identity(self) -> dict[str, Any]:
        return {"name": self.name, "name_en": self.name_en, "version": self.version,
                "source": self.source, "file": self.file.name}


def load_ruleset(path: str | Path | None = None) -> RuleSet:
    """Read and check a rule set (the shipped one when ``path`` is None).

    Raises :class:`~store.errors.InputError` naming the file and the row for a rule set that is
    not JSON, lacks a field, or has an unknown comparison. Whether every ``check`` exists is
    :func:`layers.review.run.check_names`' business (the checks import this module)."""
    file = Path(path) if path is not None else DEFAULT_RULESET
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(file, "the rule set cannot be read: {error}",
                         error=exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(file, "the rule set is not valid JSON: {error} (line {line})",
                         error=exc.msg, line=exc.lineno) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError(file, "the rule set has no list of rules")
    for key in ("name", "version"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(file, "the rule set has no {field}", field=key)
    rules: list[Rule] = []
    seen: set[str] = set()
    for n, row in enumerate(data["rules"], 1):
        rules.append(_rule(file, n, row, seen))
    for r in rules:
        r.folder = file.resolve().parent
    return RuleSet(name=data["name"], name_en=str(data.get("name_en") or data["name"]),
                   version=data["version"], source=str(data.get("source") or ""),
                   file=file.resolve(), rules=rules)


def _rule(file: Path, n: int, row: Any, seen: set[str]) -> Rule:
    if not isinstance(row, dict):
        raise InputError(file, "rule {n} is not an object", n=n)
    for key in ("id", "check", "title_zh", "title_en", "clause"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise InputError(file, "rule {n} has no {field}", n=n, field=key)
    if row["id"] in seen:
        raise InputError(file, "rule {rule} appears twice", rule=row["id"])
    seen.add(row["id"])
    limit = row.get("limit")
    if limit is not None and not (isinstance(limit, int | float) and not isinstance(limit, bool)
                                  or isinstance(limit, str) and limit.startswith("parcel.")):
        raise InputError(file, "rule {rule}: the limit must be a number or parcel.<field>",
                         rule=row["id"])
    compare = row.get("compare", "<=")
    if compare not in COMPARES:
        raise InputError(file, "rule {rule}: unknown comparison {compare}", rule=row["id"],
                         compare=compare)
    params = row.get("params") or {}
    if not isinstance(params, dict):
        raise InputError(file, "rule {rule}: params must be an object", rule=row["id"])
    return Rule(id=row["id"], check=row["check"], title_zh=row["title_zh"],
                title_en=row["title_en"], clause=row["clause"], limit=limit, compare=compare,
                unit=str(row.get("unit") or ""), params=params)


def meets(value: float, limit: float, compare: str, tolerance: float = 1e-9) -> bool:
    """Whether ``value`` passes against ``limit`` (a pure rule).

    >>> meets(80.0, 80.0, "<="), meets(2.9, 3.0, ">=")
    (True, False)
    """
    if compare == "<=":
        return value <= limit + tolerance
    if compare == ">=":
        return value >= limit - tolerance
    if compare == "<":
        return value < limit
    return value > limit
