"""Data files shipped with cimview: dictionaries (codes, colours, levels), translations, styles.

Dictionaries are UTF-8 CSV files under ``resources/dictionaries``; their sources are listed in
``resources/dictionaries/SOURCES.md``.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DICTIONARIES = ROOT / "dictionaries"


@cache
def dictionary(name: str) -> tuple[dict[str, str], ...]:
    """Rows of resources/dictionaries/<name>.csv as dicts of strings (cached)."""
    path = DICTIONARIES / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


def lookup(name: str, key: str = "code") -> dict[str, dict[str, str]]:
    """A dictionary indexed by one of its columns."""
    return {row[key]: row for row in dictionary(name)}
