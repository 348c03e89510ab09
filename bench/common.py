"""What the benchmark scripts share."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def city_cache(root: Path, n: int) -> tuple[Path, float | None]:
    """The sample city cache of n buildings under root, built unless present (and its time).

    Built in a process of its own (``python -m sample_city``): a million buildings take 10 GB
    while they are made, and a process the benchmark spawns later inherits its parent's
    high-water mark of memory at ``exec`` (``ru_maxrss``), which would be reported as the
    viewer's."""
    from sample_city.city import CACHE_NAME

    out = root / f"city_{n}"
    if (out / CACHE_NAME).exists():
        return out / CACHE_NAME, None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sample_city", "--out", str(out), "--buildings",
                    str(n)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return out / CACHE_NAME, round(time.perf_counter() - start, 2)
