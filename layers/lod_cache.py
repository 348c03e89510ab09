"""A byte budget for loaded tiles with least-recently-used eviction, shared by every layer of
a scene: the memory the user allows is for all tiles together, not for each layer."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable


class TileBudget:
    """Tracks loaded tiles' sizes; evicts the least recently used over budget.

    Tiles drawn by the current frame are never evicted, even when that leaves the cache over
    budget (drawing them wins over the budget). Several owners (the streamed layers of one
    scene) may share a budget: each says which of *its* tiles its frame draws
    (:meth:`begin_frame` with ``owner``), and the tiles of every owner's frame are protected.
    An owner registered with :meth:`register` is told of its tiles evicted to make room for
    another's; keys are then ``(owner, key)`` pairs inside, plain keys outside.

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
        self._sizes: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._frames: dict[str, set[str]] = {}
        self._owners: dict[str, weakref.WeakMethod | Callable[[], None]] = {}
        self._used = 0

    @property
    def used_bytes(self) -> int:
        """Bytes of all tiles held (every owner's)."""
        return self._used

    def owner_bytes(self, owner: str = "") -> int:
        """Bytes of the tiles ``owner`` holds."""
        return sum(n for (o, _), n in self._sizes.items() if o == owner)

    def __contains__(self, key: str) -> bool:
        return ("", key) in self._sizes

    def keys(self, owner: str = "") -> list[str]:
        """Tiles ``owner`` holds, least recently used first."""
        return [k for o, k in self._sizes if o == owner]

    def register(self, owner: str, evict: Callable[[str], None]) -> None:
        """Tell ``evict(key)`` (a bound method, held weakly) when a tile of ``owner`` is
        evicted for another owner's. When the method's object is gone, so are its tiles."""
        self._owners[owner] = (weakref.WeakMethod(evict) if hasattr(evict, "__self__")
                               else lambda: evict)

    def _purge(self) -> None:
        """Forget the owners that are gone (a layer's view built again, or removed)."""
        for owner in [o for o, ref in self._owners.items() if ref() is None]:
            self.forget(owner)

    def forget(self, owner: str) -> None:
        """Drop everything ``owner`` holds (its contents are gone), without telling it."""
        self._owners.pop(owner, None)
        self._frames.pop(owner, None)
        for full in [f for f in self._sizes if f[0] == owner]:
            self._used -= self._sizes.pop(full)

    def resize(self, max_bytes: int) -> list[str]:
        """A new budget (the user changed it); returns the caller's own keys evicted."""
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.max_bytes = int(max_bytes)
        return self._evict("")

    def begin_frame(self, drawn: Iterable[str], owner: str = "") -> list[str]:
        """Mark the tiles ``owner``'s current frame draws as used; evict others.

        Returns the keys of ``owner`` evicted (other owners are told through ``register``).
        """
        self._purge()
        drawn = list(drawn)
        self._frames[owner] = set(drawn)
        for key in drawn:
            if (owner, key) in self._sizes:
                self._sizes.move_to_end((owner, key))
        return self._evict(owner)

    def touch(self, key: str, owner: str = "") -> None:
        """Mark ``key`` as just used."""
        if (owner, key) in self._sizes:
            self._sizes.move_to_end((owner, key))

    def add(self, key: str, nbytes: int, owner: str = "") -> list[str]:
        """Hold a loaded tile of ``nbytes``; returns the keys of ``owner`` evicted."""
        if nbytes < 0:
            raise ValueError("nbytes must not be negative")
        full = (owner, key)
        self._used += int(nbytes) - self._sizes.get(full, 0)
        self._sizes[full] = int(nbytes)
        self._sizes.move_to_end(full)
        return self._evict(owner, protect=full)

    def _evict(self, caller: str, protect: tuple[str, str] | None = None) -> list[str]:
        mine: list[str] = []
        for full in list(self._sizes):
            if self._used <= self.max_bytes:
                break
            owner, key = full
            if full == protect or key in self._frames.get(owner, ()):
                continue
            self._used -= self._sizes.pop(full)
            if owner == caller:
                mine.append(key)
            elif owner in self._owners:
                evict = self._owners[owner]()
                if evict is not None:
                    evict(key)
        return mine
