"""A byte budget for loaded tiles with least-recently-used eviction."""

from __future__ import annotations

from collections import OrderedDict


class TileBudget:
    """Tracks loaded tiles' sizes; evicts the least recently used over budget.

    Tiles drawn by the current frame are never evicted, even when that
    leaves the cache over budget (drawing them wins over the budget).

    Examples
    --------
    >>> b = TileBudget(100)
    >>> b.add("a", 60); b.add("b", 60)
    []
    ['a']
    """

    def __init__(self, max_bytes: int):
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.max_bytes = int(max_bytes)
        self._sizes: OrderedDict[str, int] = OrderedDict()
        self._frame: set[str] = set()

    @property
    def used_bytes(self) -> int:
        """Bytes of all tiles held."""
        return sum(self._sizes.values())

    def __contains__(self, key: str) -> bool:
        return key in self._sizes

    def keys(self) -> list[str]:
        """Held tiles, least recently used first."""
        return list(self._sizes)

    def begin_frame(self, drawn) -> list[str]:
        """Mark the tiles the current frame draws as used; evict others.

        Returns the keys evicted.
        """
        self._frame = set(drawn)
        for key in drawn:
            if key in self._sizes:
                self._sizes.move_to_end(key)
        return self._evict()

    def touch(self, key: str) -> None:
        """Mark ``key`` as just used."""
        if key in self._sizes:
            self._sizes.move_to_end(key)

    def add(self, key: str, nbytes: int) -> list[str]:
        """Hold a loaded tile of ``nbytes``; returns the keys evicted."""
        if nbytes < 0:
            raise ValueError("nbytes must not be negative")
        self._sizes[key] = int(nbytes)
        self._sizes.move_to_end(key)
        return self._evict(protect={key})

    def _evict(self, protect=frozenset()) -> list[str]:
        evicted = []
        total = self.used_bytes
        for key in list(self._sizes):
            if total <= self.max_bytes:
                break
            if key in self._frame or key in protect:
                continue
            total -= self._sizes.pop(key)
            evicted.append(key)
        return evicted
