"""The attribute panel: the (label, value) rows a user reads after clicking a feature.

Labels, order, units and code decoding come from ``resources/dictionaries/field_labels.csv``
(columns layer, column, label_zh, label_en, order, decode, unit_zh, unit_en; layer ``*`` = the
sync columns of every layer). ``decode`` is empty, ``flag`` (1 → 是/yes, 0 skipped), a dictionary
name (keyed by ``code``), ``<dictionary>:<key column>``, or ``style:<colour table>``. Rows sharing
a label are fallbacks: the first non-empty one is shown (e.g. decoded use_code, then use).
Order: known columns, then the source's own attributes (``attrs`` JSON), then sync columns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from layers.style import is_zh, load_style
from resources import DICTIONARIES, dictionary, lookup
from store.cache import Cache
from store.schema import LAYERS

SYNC_ORDER = 900  # rows with order >= this go after the source's own attributes


@dataclass(frozen=True)
class FieldLabel:
    """How one column is shown in the attribute panel."""

    layer: str
    column: str
    label_zh: str
    label_en: str
    order: int
    decode: str = ""
    unit_zh: str = ""
    unit_en: str = ""

    def label(self, lang: str) -> str:
        return self.label_zh if is_zh(lang) else self.label_en

    def unit(self, lang: str) -> str:
        return self.unit_zh if is_zh(lang) else self.unit_en


@cache
def field_labels(layer: str) -> tuple[FieldLabel, ...]:
    """The labelled columns of a layer (its own and the sync columns), in display order."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}")
    rows = [FieldLabel(r["layer"], r["column"], r["label_zh"], r["label_en"], int(r["order"]),
                       r["decode"], r["unit_zh"], r["unit_en"])
            for r in dictionary("field_labels") if r["layer"] in (layer, "*")]
    return tuple(sorted(rows, key=lambda f: f.order))


def decode(spec: str, value: Any, lang: str = "zh_CN") -> str:
    """A stored code as the user reads it (the code itself when it is not in the dictionary)."""
    raw = _plain(value)
    if not spec:
        return raw
    zh = is_zh(lang)
    if spec == "flag":
        return ("是" if zh else "yes") if value else ""
    if spec.startswith("style:"):
        for row in load_style(spec[6:]):
            if row.key == raw:
                return (row.label_zh if zh else row.label_en) or raw
        return raw
    name, _, key = spec.partition(":")
    if not (DICTIONARIES / f"{name}.csv").is_file():
        raise ValueError(f"field_labels.csv: no dictionary {name!r}")
    row = lookup(name, key or "code").get(raw)
    if row is None:
        return raw
    return row.get("name", raw) if zh else (row.get("name_en") or row.get("name", raw))


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if not unit[0].isascii() else f"{text} {unit}"


def attributes(cache: Cache, layer: str, fid: int,
               lang: str = "zh_CN") -> list[tuple[str, str]]:
    """(label, value) rows of one feature; empty values are skipped. KeyError for a bad fid."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}")
    columns = [c.name for c in LAYERS[layer].table.c if c.name not in ("fid", "geom")]
    feats = cache.read(layer, columns, where="t.fid = :fid", params={"fid": int(fid)})
    if not len(feats):
        raise KeyError(f"{layer}: no feature with fid {fid}")
    row = {c: v[0] for c, v in feats.columns.items()}
    known: list[tuple[str, str]] = []
    sync: list[tuple[str, str]] = []
    seen: set[str] = set()
    for f in field_labels(layer):
        value = row.get(f.column)
        label = f.label(lang)
        if value is None or value == "" or label in seen:
            continue
        text = decode(f.decode, value, lang)
        if not text:
            continue
        seen.add(label)
        (sync if f.order >= SYNC_ORDER else known).append((label, _with_unit(text, f.unit(lang))))
    return known + source_attributes(row.get("attrs")) + sync


def source_attributes(attrs: str | None) -> list[tuple[str, str]]:
    """Rows of the imported source's own attributes (JSON object), keys verbatim."""
    if not attrs:
        return []
    try:
        data = json.loads(attrs)
    except json.JSONDecodeError:
        return [("attrs", attrs)]
    if not isinstance(data, dict):
        return [("attrs", _plain(data))]
    return [(str(k), _plain(v)) for k, v in data.items() if v is not None and v != ""]
