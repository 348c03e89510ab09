"""What a sync does with one incoming feature: a pure rule, tested on its own.

A feature from the platform meets what the cache holds under its gid (or nothing). The answer
depends only on that pair and on where the feature is:

========================================  =============
held locally edited, not yet pushed       KEPT_LOCAL (the field worker's edit wins until sent)
retired on the platform, held             RETIRED (kept as history: its lifespan ends)
retired, held already ended at that time  UNCHANGED
retired on the platform, not held         NOTHING
outside the work area, held               LEFT_AREA (deleted from the cache)
outside the work area, not held           OUTSIDE
held with the same version and time       UNCHANGED
held otherwise                            UPDATED (written)
not held                                  NEW (written)
========================================  =============

Examples
--------
>>> decide(None, retired=False, inside=True, version=1, updated_at="2026-01-01T00:00:00Z")
<Action.NEW: 'new'>
>>> decide(Held(3, "t", 1), retired=True, inside=True, version=4, updated_at="u")
<Action.KEPT_LOCAL: 'kept_local'>
>>> decide(Held(4, "u", 0), retired=True, inside=True, version=4, updated_at="u")
<Action.UNCHANGED: 'unchanged'>
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from store.lifespan import parse_when


class Action(StrEnum):
    """What happens to one incoming feature; the value is its counter in the sync summary."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    RETIRED = "retired"
    LEFT_AREA = "left_area"
    OUTSIDE = "outside"
    KEPT_LOCAL = "kept_local"
    NOTHING = "nothing"


#: Actions that write the incoming feature into the cache, that end the held one's lifespan
#: (it stays, as history), and that delete the held one.
WRITES = frozenset({Action.NEW, Action.UPDATED})
ENDS = frozenset({Action.RETIRED})
DELETES = frozenset({Action.LEFT_AREA})


class Held(NamedTuple):
    """What the cache holds under the feature's gid."""

    version: int
    updated_at: str
    local_edit: int


def decide(held: Held | None, *, retired: bool, inside: bool, version: int,
           updated_at: str) -> Action:
    """The :class:`Action` for one incoming feature (see the module's table)."""
    if held is not None and held.local_edit:
        return Action.KEPT_LOCAL
    if retired:
        if held is None:
            return Action.NOTHING
        same = held.version == version and held.updated_at == updated_at
        return Action.UNCHANGED if same else Action.RETIRED
    if not inside:
        return Action.LEFT_AREA if held is not None else Action.OUTSIDE
    if held is None:
        return Action.NEW
    if held.version == version and held.updated_at == updated_at:
        return Action.UNCHANGED
    return Action.UPDATED


def end_of_life(props: dict[str, object], updated_at: str) -> str:
    """When a feature retired on the platform ended in the real world: its own ``valid_to``
    when the platform gives one, else the time the platform recorded the retirement.

    Examples
    --------
    >>> end_of_life({"valid_to": "2012"}, "2026-03-01T08:00:00Z")
    '2012'
    >>> end_of_life({"valid_to": "soon"}, "2026-03-01T08:00:00Z")
    '2026-03-01T08:00:00Z'
    """
    return parse_when(props.get("valid_to")) or parse_when(updated_at) or updated_at
