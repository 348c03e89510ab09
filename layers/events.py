"""Events without Qt: a model emits, views connect (napari's EmitterGroup, reduced to what we use).

Example
-------
>>> changed = Signal()
>>> seen = []
>>> _ = changed.connect(lambda layer, what: seen.append((layer, what)))
>>> changed.emit("roads", "visible")
>>> seen
[('roads', 'visible')]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Slot = Callable[..., Any]


class Signal:
    """A list of callbacks called in order with the emitted values.

    A slot raising an exception does not stop the others; the first error is re-raised after
    every slot has run, so a broken view cannot leave the other views stale.
    """

    __slots__ = ("_slots", "_blocked")

    def __init__(self) -> None:
        self._slots: list[Slot] = []
        self._blocked = 0

    def connect(self, slot: Slot) -> Slot:
        """Call ``slot`` on every emit; returns it (usable as a decorator)."""
        if slot not in self._slots:
            self._slots.append(slot)
        return slot

    def disconnect(self, slot: Slot | None = None) -> None:
        """Stop calling ``slot`` (every slot with None); unknown slots are ignored."""
        if slot is None:
            self._slots.clear()
        elif slot in self._slots:
            self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        if self._blocked:
            return
        error: BaseException | None = None
        for slot in list(self._slots):
            try:
                slot(*args)
            except Exception as exc:  # noqa: BLE001 - re-raised below, after the other slots
                error = error or exc
        if error is not None:
            raise error

    def blocked(self) -> _Blocker:
        """``with signal.blocked(): ...`` emits nothing inside."""
        return _Blocker(self)

    def __len__(self) -> int:
        return len(self._slots)


class _Blocker:
    def __init__(self, signal: Signal) -> None:
        self.signal = signal

    def __enter__(self) -> None:
        self.signal._blocked += 1

    def __exit__(self, *_: object) -> None:
        self.signal._blocked -= 1
