"""The sample city for tests, built once per session for each set of arguments and copied.

``build(out, buildings=400, reality=False)`` answers as :func:`sample_city.city.build` does
(the same files in ``out``, its summary with ``out``'s paths), but a second fixture asking for
the same city gets a copy of the first build's folder: a copy of a few MB takes milliseconds,
a build seconds, and some thirty modules build a city. Each copy is the caller's own to
change. The city is deterministic (its seed), so a copy is what a build would give.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_BUILT: dict[tuple[tuple[str, Any], ...], tuple[Path, dict[str, Any]]] = {}
_ROOT: Path | None = None


def _root() -> Path:
    global _ROOT
    if _ROOT is None:
        _ROOT = Path(tempfile.mkdtemp(prefix="cimview-sample-cities-"))
        atexit.register(shutil.rmtree, _ROOT, True)
    return _ROOT


def _moved(value: Any, old: str, new: str) -> Any:
    """``value`` with every text starting with ``old`` (a path) starting with ``new``."""
    if isinstance(value, str) and value.startswith(old):
        return new + value[len(old):]
    if isinstance(value, dict):
        return {k: _moved(v, old, new) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_moved(v, old, new) for v in value)
    return value


def build(out: Path, **kwargs: Any) -> dict[str, Any]:
    """The sample city built with ``kwargs`` in ``out`` (which may exist, empty)."""
    from sample_city.city import build as build_city

    key = tuple(sorted(kwargs.items()))
    if key not in _BUILT:
        first = _root() / f"city{len(_BUILT)}"
        _BUILT[key] = (first, build_city(first, **kwargs))
    first, summary = _BUILT[key]
    out = Path(out)
    shutil.copytree(first, out, dirs_exist_ok=True)
    return _moved(summary, str(first), str(out))


@contextmanager
def opened(out: Path, **kwargs: Any) -> Iterator[Any]:
    """The sample city built with ``kwargs`` in ``out`` (:func:`build`), its cache open."""
    from sample_city.city import CACHE_NAME
    from store.cache import Cache

    build(out, **kwargs)
    cache = Cache.open(Path(out) / CACHE_NAME)
    try:
        yield cache
    finally:
        cache.close()
