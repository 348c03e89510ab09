"""The attribute table of one layer, without Qt: its rows, sorted and filtered, and the selection.

A :class:`LayerTable` holds the fields of every feature of a layer (a table of the open cache,
buildings included, or a file's :class:`~layers.vectors.VectorData`) and a *view* of them: the
rows that pass the filter (an expression over the fields, see :mod:`layers.expression`, and for
buildings the housing filter) in the chosen sort order. Rows are addressed by their position in
that view; features by their fid. The selection is the model's (:meth:`CityModel.select`): the
table reads it and writes it, so the 3D view and the table always show the same selection.

Example
-------
>>> import numpy as np
>>> t = LayerTable("roads", np.array([1, 2, 3]), {"name": ["乙路", "甲路", None],
...                                               "width": [12.0, 30.0, 7.5]})
>>> t.sort("width", descending=True)
>>> [t.value(r, "name") for r in range(len(t))]
['甲路', '乙路', None]
>>> t.set_expression("width < 20")
2
>>> t.shown_fids().tolist()
[1, 3]
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from layers import export
from layers.events import Signal
from store.schema import LAYERS

if TYPE_CHECKING:
    from layers.housing import FilterResult, HousingFilter
    from layers.layer import Layer
    from layers.model import CityModel
    from store.cache import Cache

#: Columns the table does not show: geometry blobs and the cache's bookkeeping.
HIDDEN_COLUMNS = ("geom", "local_edit")


class LayerTable:
    """Rows of one layer for an attribute table: sortable, filterable, selection by fid.

    ``columns`` maps each field to one value per fid, in the order of ``fids``. With a
    ``model``, :meth:`select_rows` and :meth:`selected_rows` go through its selection, and
    ``selection_changed(fids)`` relays the model's changes (the fids of this layer selected).
    Signals: ``rows_changed()`` after a sort or filter, ``selection_changed(fids)``.
    """

    def __init__(self, layer: str, fids: Sequence[int] | np.ndarray,
                 columns: Mapping[str, Sequence[Any]], *, model: CityModel | None = None,
                 cache: Cache | None = None, title: str = "") -> None:
        self.layer = layer
        self.title = title or layer
        self.fids = np.asarray(fids, dtype=np.int64)
        self.names = [c for c in columns if c not in HIDDEN_COLUMNS]
        self.columns = {c: list(columns[c]) for c in self.names}
        for c, values in self.columns.items():
            if len(values) != len(self.fids):
                raise ValueError(f"column {c!r} has {len(values)} values for "
                                 f"{len(self.fids)} features")
        self.cache = cache
        self.model = model
        self.rows_changed = Signal()
        self.selection_changed = Signal()
        self.expression: str | None = None
        self.housing: HousingFilter | FilterResult | None = None
        self.sort_key: tuple[str, bool] | None = None  # (column, descending)
        self._match = np.ones(len(self.fids), dtype=bool)
        self._housing = np.ones(len(self.fids), dtype=bool)
        self._sorted = np.arange(len(self.fids), dtype=np.int64)
        self._view = self._sorted
        self._row_of_fid: dict[int, int] | None = None
        if model is not None:
            model.selection_changed.connect(self._on_selection)

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def of_layer(cls, model: CityModel, layer: Layer) -> LayerTable:
        """The table of a layer of the model: a cache table's rows or a file's features.

        ValueError for kinds without features (terrain, imagery, BIM); a file that cannot be
        read raises the reader's :class:`~store.errors.InputError`."""
        from layers import vectors

        source = layer.source
        if layer.kind in ("terrain", "imagery", "bim") or (source.path is None
                                                           and not source.table):
            raise ValueError(f"layer {layer.name!r} ({layer.kind}) has no attribute table")
        if source.path is None and model.cache is None:
            raise ValueError(f"layer {layer.name!r}: no cache is open")
        fids, columns = vectors.feature_table(source, cache=model.cache)
        return cls(layer.name, fids, columns, model=model,
                   cache=model.cache if source.in_cache else None, title=layer.label(model.lang))

    def close(self) -> None:
        """Stop following the model's selection."""
        if self.model is not None:
            self.model.selection_changed.disconnect(self._on_selection)

    # -- reading -----------------------------------------------------------------------------
    def __len__(self) -> int:
        """Rows shown (those passing the filters)."""
        return len(self._view)

    @property
    def total(self) -> int:
        return len(self.fids)

    def value(self, row: int, column: str | int) -> Any:
        name = self.names[column] if isinstance(column, int) else column
        return self.columns[name][int(self._view[row])]

    def fid(self, row: int) -> int:
        return int(self.fids[self._view[row]])

    def row_of(self, fid: int) -> int | None:
        """The row showing feature ``fid`` (None: filtered out or not in the layer)."""
        if self._row_of_fid is None:
            self._row_of_fid = {int(self.fids[i]): r for r, i in enumerate(self._view.tolist())}
        return self._row_of_fid.get(int(fid))

    def shown_fids(self) -> np.ndarray:
        """Fids of the rows shown, in their order: the filter's matches."""
        return self.fids[self._view]

    def rows(self, rows: Iterable[int] | None = None) -> Iterable[list[Any]]:
        """Values of the given rows (default: every row shown), one list per row."""
        idx = self._view if rows is None else self._view[np.asarray(list(rows), np.int64)]
        cols = [self.columns[c] for c in self.names]
        for i in idx.tolist():
            yield [col[i] for col in cols]

    # -- sorting and filtering -----------------------------------------------------------------
    def sort(self, column: str | int | None, descending: bool = False) -> None:
        """Sort rows by a column (numbers as numbers, empty values last); None: by fid."""
        if column is None:
            self.sort_key = None
            self._sorted = np.arange(len(self.fids), dtype=np.int64)
        else:
            name = self.names[column] if isinstance(column, int) else column
            self.sort_key = (name, bool(descending))
            self._sorted = sort_order(self.columns[name], descending)
        self._refresh()

    def set_expression(self, expression: str | None) -> int:
        """Show only rows where ``expression`` holds (None or blank: all); returns the count.

        A ValueError (:class:`layers.expression.ExpressionError`, a CimviewError to word)
        says why it cannot be read; the filter is then unchanged.
        """
        text = (expression or "").strip()
        if not text:
            match = np.ones(len(self.fids), dtype=bool)
        else:
            match = evaluate(text, self.columns, len(self.fids))
        self.expression = text or None
        self._match = match
        self._refresh()
        return len(self)

    def set_housing(self, flt: HousingFilter | FilterResult | None) -> int:
        """Buildings only: show the rows the housing filter selects (None: all). ``flt`` is a
        filter (evaluated on the cache) or its result (the buildings' colouring's)."""
        from layers import housing

        if flt is not None and hasattr(flt, "fids"):  # a FilterResult: its matches
            self.housing = flt
            self._housing = np.isin(self.fids, np.asarray(flt.fids, np.int64))
        elif flt is None or flt.is_empty():
            self.housing = None
            self._housing = np.ones(len(self.fids), dtype=bool)
        else:
            if self.cache is None:
                raise ValueError(f"layer {self.layer!r}: the housing filter needs the cache")
            result = housing.apply(self.cache, flt)
            self.housing = flt
            self._housing = np.isin(self.fids, result.fids)
        self._refresh()
        return len(self)

    def _refresh(self) -> None:
        keep = self._match & self._housing
        self._view = self._sorted[keep[self._sorted]]
        self._row_of_fid = None
        self.rows_changed.emit()

    # -- selection ---------------------------------------------------------------------------
    def select_rows(self, rows: Iterable[int]) -> None:
        """Select the features of these rows in the model (the 3D view follows)."""
        fids = [self.fid(r) for r in rows]
        if self.model is not None:
            self.model.select(self.layer if fids else None, fids)

    def select_fids(self, fids: Iterable[int]) -> None:
        fids = [int(f) for f in fids]
        if self.model is not None:
            self.model.select(self.layer if fids else None, fids)

    def selected_fids(self) -> tuple[int, ...]:
        """The model's selection when it is of this layer, else ()."""
        sel = self.model.selection if self.model is not None else None
        return sel.fids if sel is not None and sel.layer == self.layer else ()

    def selected_rows(self) -> list[int]:
        """Rows shown of the selected features (a filtered-out selected feature has none)."""
        rows = (self.row_of(f) for f in self.selected_fids())
        return sorted(r for r in rows if r is not None)

    def _on_selection(self, selection: Any) -> None:
        self.selection_changed.emit(self.selected_fids())

    # -- export ------------------------------------------------------------------------------
    def export(self, path: str | os.PathLike[str], what: str = "shown") -> int:
        """Write the selected rows (``what="selection"``) or the filter's matches (``shown``)
        to CSV or XLSX by the file's suffix, atomically; returns the number of rows written.
        The first column is the fid."""
        if what == "selection":
            selected = set(self.selected_fids())
            idx = [i for i in self._view.tolist() if int(self.fids[i]) in selected]
        elif what == "shown":
            idx = self._view.tolist()
        else:
            raise ValueError(f"export what={what!r}: 'selection' or 'shown'")
        cols = [self.columns[c] for c in self.names]
        rows = ([int(self.fids[i]), *(col[i] for col in cols)] for i in idx)
        export.write(path, ["fid", *self.names], rows, sheet=self.title)
        return len(idx)


# -- pure rules ------------------------------------------------------------------------------
def sort_order(values: Sequence[Any], descending: bool = False) -> np.ndarray:
    """Indexes sorting ``values``: numerically when every value is a number (or empty), else
    as text; empty values (None, NaN, "") last either way; stable."""
    n = len(values)
    empty = np.array([v is None or v == "" or (isinstance(v, float) and math.isnan(v))
                      for v in values], dtype=bool)
    present = np.flatnonzero(~empty)
    numbers = _as_numbers([values[i] for i in present.tolist()])
    if numbers is not None:
        keys: np.ndarray = numbers
    else:  # text: its rank among the distinct texts
        texts = np.array([str(values[i]) for i in present.tolist()], dtype=str)
        keys = np.unique(texts, return_inverse=True)[1].astype(np.float64).ravel()
    order = np.argsort(-keys if descending else keys, kind="stable")
    return np.concatenate([present[order], np.flatnonzero(empty)]).astype(np.int64)[:n]


def _as_numbers(values: list[Any]) -> np.ndarray | None:
    if not all(isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
               for v in values):
        return None
    return np.asarray(values, dtype=np.float64)


def feature_tables(cache: Cache) -> list[tuple[str, str]]:
    """(table, title) of every feature table of a cache (GeoPackage ``gpkg_contents``)."""
    from sqlalchemy import text

    with cache.engine.connect() as conn:
        return [(r[0], r[1] or r[0]) for r in conn.execute(text(
            "SELECT table_name, identifier FROM gpkg_contents WHERE data_type = 'features' "
            "ORDER BY table_name"))]


def evaluate(text: str, columns: Mapping[str, Sequence[Any]], n: int) -> np.ndarray:
    """Rows where ``text`` (:mod:`layers.expression`) holds: a boolean array of ``n``.

    Its :class:`~layers.expression.ExpressionError` (a ValueError) says what is wrong."""
    from layers.expression import evaluate as run

    return np.asarray(run(text, columns, n), dtype=bool)


__all__ = ["LayerTable", "evaluate", "feature_count", "feature_tables", "sort_order"]


def feature_count(cache: Cache | None, source: Any) -> int | None:
    """How many features a layer's source holds (None: no features, or not known).

    A cache table is counted in SQL; a file asks its driver (pyogrio), without reading it."""
    if source.path is None:
        if not source.table or cache is None:
            return None
        from sqlalchemy import text

        with cache.engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' "
                                      "AND name=:t"), {"t": source.table}).first()
            if not found:
                return None
        if source.table in LAYERS:  # the cache's own layers: what stands now
            return cache.count(source.table)
        with cache.engine.connect() as conn:
            return int(conn.execute(text(f'SELECT count(*) FROM "{source.table}"')).scalar())
    path = Path(source.path)
    return _file_count(str(path), source.sublayer, path.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _file_count(path: str, sublayer: str | None, _mtime: int) -> int | None:
    """Features of one sublayer of a file (as the add-layer dialog listed it); by mtime."""
    from layers.vectors import list_sublayers

    subs = [s for s in list_sublayers(path) if s.geometry is not None]
    match = [s for s in subs if s.key == sublayer or (s.table == sublayer and "|" not in s.key)]
    if not sublayer and len({s.table for s in subs}) == 1:
        match = subs
    return sum(s.count for s in match) if match else None
