"""The checks a rule set can name, by name: each is ``check(ctx, rule) -> Finding``.

One module per check (``check_<name>.py``); a rule row's ``check`` field picks one here.
"""

from __future__ import annotations

from collections.abc import Callable

from layers.review import check_delivery, check_sunlight
from layers.review.context import ReviewContext
from layers.review.result import Finding
from layers.review.ruleset import Rule

Check = Callable[[ReviewContext, Rule], Finding]

CHECKS: dict[str, Check] = {
    "delivery": check_delivery.check,
    "sunlight_neighbours": check_sunlight.check_neighbours,
    "sunlight_own": check_sunlight.check_own,
}
