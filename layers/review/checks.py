"""The checks a rule set can name, by name: each is ``check(ctx, rule) -> Finding``.

One module per check (``check_<name>.py``); a rule row's ``check`` field picks one here.
"""

from __future__ import annotations

from collections.abc import Callable

from layers.review import (
    check_delivery,
    check_density,
    check_far,
    check_fire_spacing,
    check_green,
    check_height,
    check_setbacks,
    check_sunlight,
)
from layers.review.context import ReviewContext
from layers.review.result import Finding
from layers.review.ruleset import Rule

Check = Callable[[ReviewContext, Rule], Finding]

CHECKS: dict[str, Check] = {
    "delivery": check_delivery.check,
    "height": check_height.check,
    "far": check_far.check,
    "density": check_density.check,
    "green": check_green.check,
    "setback_road": check_setbacks.check_road,
    "setback_side": check_setbacks.check_side,
    "fire_spacing": check_fire_spacing.check,
    "sunlight_neighbours": check_sunlight.check_neighbours,
    "sunlight_own": check_sunlight.check_own,
}
