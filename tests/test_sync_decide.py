"""The rule of what a sync does with one incoming feature (store/sync/decide.py)."""

from __future__ import annotations

import pytest

from store.sync.decide import DELETES, ENDS, WRITES, Action, Held, decide

T1, T2 = "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"
SAME = Held(2, T1, 0)
EDITED = Held(2, T1, 1)


@pytest.mark.parametrize(("held", "retired", "inside", "version", "stamp", "action"), [
    (None, False, True, 1, T1, Action.NEW),
    (SAME, False, True, 2, T1, Action.UNCHANGED),
    (SAME, False, True, 3, T2, Action.UPDATED),
    (SAME, False, True, 2, T2, Action.UPDATED),        # same version, newer time: written
    (SAME, True, True, 3, T2, Action.RETIRED),
    (None, True, True, 3, T2, Action.NOTHING),         # retired and never held
    (Held(3, T2, 0), True, True, 3, T2, Action.UNCHANGED),  # its retirement already held
    (SAME, False, False, 3, T2, Action.LEFT_AREA),
    (None, False, False, 1, T1, Action.OUTSIDE),
    (EDITED, False, True, 3, T2, Action.KEPT_LOCAL),   # a local edit not yet pushed wins
    (EDITED, True, True, 3, T2, Action.KEPT_LOCAL),    # ... even over a retirement
    (EDITED, False, False, 3, T2, Action.KEPT_LOCAL),  # ... and over leaving the area
])
def test_decide(held, retired, inside, version, stamp, action) -> None:
    assert decide(held, retired=retired, inside=inside, version=version,
                  updated_at=stamp) is action


def test_only_new_and_updated_write_retired_ends_and_only_left_deletes() -> None:
    """A retirement ends the feature's lifespan and keeps it as history (issue 16); only a
    feature that left the work area is deleted."""
    assert {Action.NEW, Action.UPDATED} == WRITES
    assert {Action.RETIRED} == ENDS
    assert {Action.LEFT_AREA} == DELETES
