"""One feature of any open layer, as the attribute panel shows it: (label, value) rows.

A layer of a cache table cimview knows (buildings, roads, parcels …) shows its fields under
their Chinese or English labels, decoded through the dictionaries (:mod:`layers.attributes`);
any other layer (a GeoPackage, GeoJSON or Shapefile added by the user, observations) shows its
own field names and values.

Example
-------
>>> rows = feature_rows(model, "parcels", 12, "zh_CN")   # doctest: +SKIP
>>> rows[0]                                               # doctest: +SKIP
('地块编码', 'A-03-12')
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.attributes import attributes

if TYPE_CHECKING:
    from layers.layer import Source
    from layers.model import CityModel

#: Tables read for clicks, kept for the next click on the same layer (few: files can be big).
_TABLES: OrderedDict[tuple, tuple[np.ndarray, dict[str, Any]]] = OrderedDict()
_KEEP = 4


def known_table(model: CityModel, name: str) -> str | None:
    """The cache table a layer shows, when cimview knows its fields; else None."""
    from store.schema import LAYERS

    layer = model.layers.get(name)
    if layer is None:
        return name if name in LAYERS else None
    source = layer.source
    if source.in_cache and source.table in LAYERS:
        return source.table
    return None


def feature_rows(model: CityModel, name: str, fid: int,
                 lang: str = "zh_CN") -> list[tuple[str, str]]:
    """(label, value) rows of feature ``fid`` of layer ``name``; empty values skipped.
    KeyError when the layer has no such feature."""
    table = known_table(model, name)
    if table is not None and model.cache is not None:
        return attributes(model.cache, table, fid, lang)
    layer = model.layers.get(name)
    if layer is None:
        raise KeyError(f"{name}: no such layer")
    fids, columns = _table(layer.source, model)
    where = np.flatnonzero(np.asarray(fids) == int(fid))
    if not len(where):
        raise KeyError(f"{name}: no feature with fid {fid}")
    i = int(where[0])
    rows = []
    for field, values in columns.items():
        text = _text(values[i])
        if text:
            rows.append((str(field), text))
    return rows


def _table(source: Source, model: CityModel) -> tuple[np.ndarray, dict[str, Any]]:
    from layers.vectors import feature_table

    stamp = None
    if source.path is not None:
        try:
            stamp = os.stat(source.path).st_mtime_ns
        except OSError:
            stamp = None
    key = (source, str(getattr(model.cache, "path", "")), stamp)
    if source.path is None or key not in _TABLES:  # cache tables change with syncs: read
        _TABLES[key] = feature_table(source, cache=model.cache)
        while len(_TABLES) > _KEEP:
            _TABLES.popitem(last=False)
    _TABLES.move_to_end(key)
    return _TABLES[key]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, bytes):
        return ""
    return str(value)
