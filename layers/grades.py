"""The data grades of what the map shows (Qt-free): each layer's, and the one that rules them.

The grades come from the cache (:func:`store.grades.cache_grades`: the platform's statement
kept there, else the rules in resources/). A layer shows the grade of the cache table it draws;
a layer from a file beside the cache has none.

Examples
--------
>>> grades = open_grades(cache)                      # doctest: +SKIP
>>> layer_grade_of(layer, grades).grade              # doctest: +SKIP
'重要'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from store.grades import Grade, cache_grades, strongest


def open_grades(cache: Any) -> dict[str, Grade]:
    """Table → grade for every layer table of ``cache`` that holds features (an empty table
    holds no graded data); empty when the cache cannot say."""
    from layers.lod_index import rows_at_most
    from store.schema import LAYERS

    try:  # which tables hold rows: two index look-ups each (counting them takes seconds)
        return cache_grades(cache, [name for name in LAYERS if rows_at_most(cache, name)])
    except Exception:  # noqa: BLE001 - a cache that cannot say: no marks, never a failure
        return {}


def layer_grade_of(layer: Any, grades: Mapping[str, Grade]) -> Grade | None:
    """The grade of a map layer: that of the cache table it draws (None for a file)."""
    source = getattr(layer, "source", None)
    table = getattr(source, "table", None) if source is not None else None
    if getattr(source, "path", None) is not None or not table:
        return None
    return grades.get(table)


def ruling_grade(layers: Iterable[Any], grades: Mapping[str, Grade]) -> Grade | None:
    """The grade that rules the map: the strongest of its layers' (None when none has one)."""
    found = [g for g in (layer_grade_of(layer, grades) for layer in layers) if g is not None]
    return strongest(found) if found else None


def marked(grade: Grade | None) -> bool:
    """Whether a grade is marked in the window (above 一般, or secret)."""
    return grade is not None and (grade.rank > 0 or grade.secret)


__all__ = ["layer_grade_of", "marked", "open_grades", "ruling_grade"]
