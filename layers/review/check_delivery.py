"""The "delivery" check: the city's delivery requirements (buildingSMART IDS) on the model.

The rule's ``params["ids"]`` names the IDS file (relative to the rule set's folder). Every
specification of it is checked with ifcopenshell's ``ifctester``; the finding fails when any
required specification fails, and lists, per failing requirement, how many elements fail it,
why (ifctester's reason) and their GlobalIds. The value is the number of specifications met,
the limit the number that apply to the model's schema.

Example
-------
>>> finding = check(ctx, ruleset.rule("delivery"))                  # doctest: +SKIP
>>> finding.status, finding.value, finding.limit                    # doctest: +SKIP
('pass', 6.0, 6.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from layers.review.context import ReviewContext
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding
from layers.review.ruleset import Rule
from store.errors import InputError
from store.messages import msg

#: At most this many failing elements are listed per requirement in the details (all of them
#: are still in the finding's ``elements``, up to :data:`MAX_ELEMENTS`).
MAX_LISTED = 50
#: The finding lists at most this many failing GlobalIds (a model failing everywhere).
MAX_ELEMENTS = 5000


def check(ctx: ReviewContext, rule: Rule) -> Finding:
    """Check the model against the rule's IDS; see the module docstring."""
    name = rule.params.get("ids")
    if not isinstance(name, str) or not name.strip():
        return Finding(rule=rule.id, status=NOT_ASSESSABLE,
                       reason=msg("the rule set names no IDS file for rule {rule}",
                                  rule=rule.id))
    ids_path = rule.file(name)
    ctx.progress(0.2, msg("Checking the delivery requirements of {file}", file=ids_path.name))
    ids, schema, rows, failing = evaluate(ids_path, ctx.ifc_path)
    ctx.check_cancel()
    status_of = {r["specification"]: r["specification_status"] for r in rows}
    applicable = [s for s, st in status_of.items() if st != "skipped"]
    met = sum(status_of[s] == PASS for s in applicable)
    notes = [msg("IDS {title}, version {version} ({file})",
                 title=str(ids.info.get("title") or ids_path.stem),
                 version=str(ids.info.get("version") or "-"), file=ids_path.name)]
    skipped = [r["specification"] for r in rows if r["status"] == "skipped"]
    if skipped:
        notes.append(msg("not for this model's schema {schema}: {specifications}",
                         schema=schema, specifications=", ".join(skipped)))
    ctx.add_parameter("ids", f"{ids.info.get('title') or ids_path.stem} "
                      f"{ids.info.get('version') or ''}".strip(), source=ids_path.name)
    if not applicable:
        return Finding(rule=rule.id, status=NOT_ASSESSABLE, notes=notes, details=rows,
                       reason=msg("no specification of {file} applies to an {schema} model",
                                  file=ids_path.name, schema=schema))
    status = PASS if met == len(applicable) else FAIL
    ctx.progress(1.0, msg("{met} of {total} delivery requirements met", met=met,
                          total=len(applicable)))
    return Finding(rule=rule.id, status=status, value=float(met), limit=float(len(applicable)),
                   compare=">=", notes=notes, details=rows, elements=failing[:MAX_ELEMENTS],
                   location=_location(ctx, failing) if status == FAIL else None)


def evaluate(ids_path: Path, ifc_path: Path) -> tuple[Any, str, list[dict[str, Any]], list[str]]:
    """Check the IFC file against the IDS file with ifctester: the IDS, the model's schema,
    the rows of :func:`specification_rows` and the failing GlobalIds.

    Raises :class:`~store.errors.InputError` naming the file that cannot be read."""
    ids = _open_ids(ids_path)
    ifc = _open_ifc(ifc_path)
    ids.validate(ifc, should_filter_version=True)
    for spec, identifier in zip(ids.specifications, _identifiers(ids_path), strict=False):
        spec.identifier = spec.identifier or identifier  # ifctester 0.8/0.9 drops it
    rows, failing = specification_rows(ids.specifications)
    return ids, ifc.schema_identifier, rows, failing


def _open_ids(path: Path) -> Any:
    from ifctester import ids as ids_module

    if not path.is_file():
        raise InputError(path, "the IDS file does not exist")
    try:
        return ids_module.open(str(path), validate=True)
    except Exception as exc:  # xmlschema/ElementTree errors: the file is not a valid IDS
        raise InputError(path, "not a valid IDS file: {error}",
                         error=_first_line(exc)) from exc


def _identifiers(path: Path) -> list[str | None]:
    """The specifications' ``identifier`` attributes, in file order."""
    import xml.etree.ElementTree as ET

    ns = "{http://standards.buildingsmart.org/IDS}"
    root = ET.parse(path).getroot()
    return [s.get("identifier") for s in root.iter(f"{ns}specification")]


def _open_ifc(path: Path) -> Any:
    import ifcopenshell

    try:
        return ifcopenshell.open(str(path))
    except Exception as exc:  # ifcopenshell raises its own error types for unreadable files
        raise InputError(path, "the IFC file cannot be read: {error}",
                         error=_first_line(exc)) from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def specification_rows(specifications: list[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per requirement of each checked ifctester specification (one per specification
    when it has none, or when a required one found nothing to apply to), and every failing
    element's GlobalId (in order, once).

    Row: ``{"specification", "identifier", "requirement", "status" (pass/fail/skipped),
    "applicable", "failed", "reasons" [≤ 3 distinct, ifctester's words], "elements"
    [≤ MAX_LISTED GlobalIds], "instructions", "specification_status"}``; ``"missing": True``
    when a required specification found nothing in the model to apply to."""
    rows: list[dict[str, Any]] = []
    failing: dict[str, None] = {}
    for spec in specifications:
        base = {"specification": str(spec.name), "identifier": str(spec.identifier or ""),
                "instructions": str(spec.instructions or ""),
                "applicable": len(spec.applicable_entities)}
        if not spec.is_ifc_version:
            rows.append(base | {"requirement": "", "status": "skipped", "failed": 0,
                                "reasons": [], "elements": []})
            continue
        required = spec.minOccurs not in (0, "0")
        if required and not spec.applicable_entities:
            applicability = "; ".join(a.to_string("applicability") for a in spec.applicability)
            rows.append(base | {"requirement": applicability, "status": FAIL, "failed": 0,
                                "missing": True, "reasons": [], "elements": []})
            continue
        if spec.maxOccurs in (0, "0"):  # prohibited: what applies fails
            guids = _guids(spec.applicable_entities)
            failing.update(dict.fromkeys(guids))
            rows.append(base | {"requirement": "prohibited",
                                "status": FAIL if spec.applicable_entities else PASS,
                                "failed": len(spec.applicable_entities),
                                "reasons": [], "elements": guids[:MAX_LISTED]})
            continue
        for req in spec.requirements or []:
            guids = _guids([f["element"] for f in req.failures])
            failing.update(dict.fromkeys(guids))
            reasons = list(dict.fromkeys(str(f["reason"]) for f in req.failures))[:3]
            rows.append(base | {"requirement": req.to_string("requirement", spec, req),
                                "status": PASS if not req.failures else FAIL,
                                "failed": len(req.failures), "reasons": reasons,
                                "elements": guids[:MAX_LISTED]})
        if not spec.requirements:
            rows.append(base | {"requirement": "", "status": PASS, "failed": 0, "reasons": [],
                                "elements": []})
    return _merge(rows), list(failing)


def _merge(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows are per requirement; a specification's status is the worst of its rows."""
    worst: dict[str, str] = {}
    for r in rows:
        if r["status"] == FAIL or r["specification"] not in worst:
            worst[r["specification"]] = r["status"]
    for r in rows:
        r["specification_status"] = worst[r["specification"]]
    return rows


def _guids(elements: list[Any]) -> list[str]:
    out = [getattr(e, "GlobalId", None) for e in elements]
    return [g for g in out if isinstance(g, str) and g]


def _location(ctx: ReviewContext, guids: list[str]) -> tuple[float, float, float] | None:
    """The centre of the failing elements that have geometry, else the footprint's centre."""
    wanted = set(guids)
    ids = {e.id for e in ctx.model.elements.values() if e.guid in wanted}
    geometry = ctx.model.geometry
    if ids and len(geometry.triangles):
        tri = np.isin(geometry.element_of_triangle, list(ids))
        if tri.any():
            points = ctx.map_vertices[np.unique(geometry.triangles[tri])]
            c = points.mean(axis=0)
            return float(c[0]), float(c[1]), float(c[2])
    if ctx.footprint is not None and not ctx.footprint.is_empty:
        p = ctx.footprint.centroid
        z = float(ctx.map_vertices[:, 2].min()) if len(ctx.map_vertices) else 0.0
        return float(p.x), float(p.y), z
    return None
