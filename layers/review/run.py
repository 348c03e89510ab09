"""Run a review: every rule of the rule set in order, with progress and cancel.

Example
-------
>>> result = review_file("proposals/ZW-R2-00115.ifc", cache)        # doctest: +SKIP
>>> [(f.rule, f.status) for f in result.findings]                  # doctest: +SKIP
[('height', 'pass'), ('far', 'pass'), ...]
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from layers.review.checks import CHECKS
from layers.review.context import Cancel, Progress, ReviewCancelled, ReviewContext
from layers.review.result import NOT_ASSESSABLE, Finding, ReviewResult
from layers.review.ruleset import Rule, RuleSet, load_ruleset
from store.bim.model import BimModel
from store.cache import Cache
from store.errors import CimviewError, InputError
from store.messages import Message, msg

#: How much of the progress bar a check takes (the sunlight checks cast millions of rays).
WEIGHTS = {"sunlight_neighbours": 12.0, "sunlight_own": 4.0, "delivery": 2.0}


def run_review(ctx: ReviewContext, ruleset: RuleSet, *, progress: Progress | None = None,
               cancel: Cancel | None = None) -> ReviewResult:
    """Apply every rule of ``ruleset`` to ``ctx``.

    A check that raises a :class:`~store.errors.CimviewError` makes its rule not assessable
    with that error as the reason (the review goes on); :class:`ReviewCancelled` propagates.
    """
    check_names(ruleset)
    report = progress or (lambda fraction, message: None)
    stop = cancel or (lambda: False)
    ctx.cancel = stop
    started = datetime.now(UTC).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    weights = [WEIGHTS.get(r.check, 1.0) for r in ruleset.rules]
    total = sum(weights) or 1.0
    done = 0.0
    findings: list[Finding] = []
    for rule, weight in zip(ruleset.rules, weights, strict=True):
        if stop():
            raise ReviewCancelled()
        title = msg("Checking {rule}", rule=rule.title_en, rule_zh=rule.title_zh)
        base = done

        def sub(fraction: float, message: Message, *, _b: float = base, _w: float = weight
                ) -> None:
            report((_b + _w * min(max(fraction, 0.0), 1.0)) / total, message)

        ctx.progress = sub
        sub(0.0, title)
        findings.append(_apply(ctx, rule))
        done += weight
    report(1.0, msg("Review finished"))
    return ReviewResult(
        model={"file": ctx.ifc_path.name, "sha256": ctx.model.sha256,
               "schema": ctx.model.schema, "project": _project_name(ctx.model)},
        ruleset=ruleset.identity(), parcel=dict(ctx.parcel) | {"found_by": ctx.found_by},
        crs=ctx.crs if isinstance(ctx.crs, str) else ctx.crs.to_string(),
        vertical_crs=ctx.cache.vertical_crs, findings=findings, parameters=ctx.parameters,
        sources=_sources(ctx), sunlight=ctx.outputs.get("sunlight"), started=started,
        seconds=round(time.perf_counter() - t0, 2))


def check_names(ruleset: RuleSet) -> None:
    """Refuse a rule set naming a check cimview does not have (InputError naming the file)."""
    for rule in ruleset.rules:
        if rule.check not in CHECKS:
            raise InputError(ruleset.file, "rule {rule}: unknown check {check}", rule=rule.id,
                             check=rule.check)


def _apply(ctx: ReviewContext, rule: Rule) -> Finding:
    try:
        finding = CHECKS[rule.check](ctx, rule)
    except ReviewCancelled:
        raise
    except CimviewError as exc:
        finding = Finding(rule=rule.id, status=NOT_ASSESSABLE, reason=exc.problem)
    finding.rule = rule.id
    finding.clause = finding.clause or rule.clause
    finding.title_zh, finding.title_en = rule.title_zh, rule.title_en
    finding.compare = finding.compare or rule.compare
    finding.unit = finding.unit or rule.unit
    if finding.limit is None:
        finding.limit = rule.limit_for(ctx.parcel)
    return finding


def _project_name(model: BimModel) -> str:
    project = next((e for e in model.elements.values() if e.ifc_class == "IfcProject"), None)
    return (project.name or "") if project else ""


def _sources(ctx: ReviewContext) -> list[dict[str, str]]:
    rows = [{"name": "cache", "value": Path(str(ctx.cache.path)).name}]
    return rows


def review_file(ifc_path: str | Path, cache: Cache, *, parcel: str | None = None,
                ruleset: str | Path | RuleSet | None = None, progress: Progress | None = None,
                cancel: Cancel | None = None) -> ReviewResult:
    """Load the IFC (through the cache's BIM store), find its parcel (``parcel`` names one by
    code) and review it against ``ruleset`` (the shipped one by default)."""
    from layers.review.site import build_context
    from store.bim.loader import LoadCancelled, load_bim

    rs = ruleset if isinstance(ruleset, RuleSet) else load_ruleset(ruleset)
    check_names(rs)
    report = progress or (lambda fraction, message: None)
    stop = cancel or (lambda: False)

    def load_progress(fraction: float, message: str) -> None:
        report(0.15 * fraction, msg("Loading the model: {step}", step=str(message)))

    try:
        model = load_bim(ifc_path, cache, progress=load_progress, cancel=stop)
    except LoadCancelled as exc:
        raise ReviewCancelled() from exc
    ctx = build_context(cache, model, Path(ifc_path), parcel_code=parcel)
    ctx.cancel = stop

    def rest(fraction: float, message: Message) -> None:
        report(0.15 + 0.85 * fraction, message)

    return run_review(ctx, rs, progress=rest, cancel=stop)
