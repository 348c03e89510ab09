"""What the benchmark scripts share."""

from __future__ import annotations

import time
from pathlib import Path


def city_cache(root: Path, n: int) -> tuple[Path, float | None]:
    """The sample city cache of n buildings under root, built unless present (and its time)."""
    from sample_city.city import CACHE_NAME, build

    out = root / f"city_{n}"
    if (out / CACHE_NAME).exists():
        return out / CACHE_NAME, None
    start = time.perf_counter()
    build(out, buildings=n)
    return out / CACHE_NAME, round(time.perf_counter() - start, 2)
