"""Judging a measured value against a rule's limit: pass, fail, or not assessable with a reason.

Example
-------
>>> from layers.review.ruleset import Rule
>>> rule = Rule("far", "far", "容积率", "Floor area ratio", "", limit="parcel.far_max")
>>> judge(rule, {"far_max": 2.2}, 1.9).status, judge(rule, {}, 1.9).status
('pass', 'not_assessable')
"""

from __future__ import annotations

from typing import Any

from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding
from layers.review.ruleset import Rule, meets
from store.messages import Message, msg


def judge(rule: Rule, parcel: dict[str, Any], value: float | None, *,
          limit: float | None = None, missing: Message | None = None, **kw: Any) -> Finding:
    """A finding for ``value`` against ``limit`` (default: the rule's, e.g. the parcel's field).

    Not assessable when the limit is unknown (the parcel's field is empty) or ``value`` is None
    (``missing`` says why); ``kw`` are further :class:`Finding` fields."""
    if limit is None:
        limit = rule.limit_for(parcel)
    if limit is None:
        field = str(rule.limit).removeprefix("parcel.") if rule.limit is not None else rule.id
        kw["reason"] = msg("the parcel has no {field}", field=field)
        return Finding(rule=rule.id, status=NOT_ASSESSABLE, value=value, **kw)
    if value is None:
        kw["reason"] = missing or msg("the model does not carry what the rule needs")
        return Finding(rule=rule.id, status=NOT_ASSESSABLE, limit=limit, **kw)
    ok = meets(value, limit, rule.compare)
    return Finding(rule=rule.id, status=PASS if ok else FAIL, value=value, limit=limit, **kw)
