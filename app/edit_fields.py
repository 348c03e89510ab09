"""What the edit dialog offers for a feature: labelled fields, typed choices, no internal ones.

Labels and code lists come from the same dictionaries as the Attributes panel
(``resources/dictionaries/field_labels.csv`` and the lists its ``decode`` column names): a safety
grade is chosen among A–D with their meaning, a status among the status list, a structure among
the structure types. Identity, terrain and sync bookkeeping (``gid``, ``ground_z``,
``address_gid``, ``version``, ``updated_at``, ``source``, ``local_edit``, ``lifecycle``) are never
offered. A text column that repeats a coded one (``use`` beside ``use_code``) is not offered
either: it follows the code (:func:`with_companions`).

Pure functions, no Qt: the dialog (app.sync_panel.EditDialog) shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from layers.attributes import field_labels
from layers.style import is_zh, load_style
from resources import DICTIONARIES, dictionary
from store.schema import LAYERS

#: Never edited from the window: identity, geometry, terrain, links and sync bookkeeping.
INTERNAL = frozenset({"fid", "geom", "gid", "ground_z", "address_gid", "version",
                      "updated_at", "source", "local_edit", "lifecycle", "attrs", "parent_gid",
                      "building_gid", "pole_gid", "surface_types"})


@dataclass(frozen=True)
class EditField:
    """One field the user may correct: its column, label, current value and choices.

    ``choices`` is None for free input, else (stored value, label) pairs in list order."""

    column: str
    label: str
    value: Any
    choices: tuple[tuple[Any, str], ...] | None = None
    unit: str = ""


def choices_for(decode: str, lang: str, integer: bool = False
                ) -> tuple[tuple[Any, str], ...] | None:
    """The (value, label) list of a ``decode`` spec of field_labels.csv, None for free text."""
    zh = is_zh(lang)
    if decode == "flag":
        return ((1, "是" if zh else "yes"), (0, "否" if zh else "no"))
    if not decode:
        return None
    if decode.startswith("style:"):
        return tuple((r.key, (r.label_zh if zh else r.label_en) or r.key)
                     for r in load_style(decode[6:]))
    name, _, key = decode.partition(":")
    if not (DICTIONARIES / f"{name}.csv").is_file():
        return None
    key = key or "code"
    out = []
    for row in dictionary(name):
        value: Any = row[key]
        if integer:
            try:
                value = int(value)
            except ValueError:
                continue
        text = row.get("name", str(value)) if zh else (row.get("name_en") or row.get("name")
                                                       or str(value))
        out.append((value, text))
    return tuple(out)


def edit_fields(layer: str, row: dict[str, Any], lang: str = "zh_CN") -> list[EditField]:
    """The fields of one feature (``row``: column → value) the edit dialog offers, in the
    Attributes panel's order. A column without a label in field_labels.csv is not offered."""
    table = LAYERS[layer].table
    integer = {c.name for c in table.c if _is_int(c)}
    out: list[EditField] = []
    seen_labels: set[str] = set()
    done: set[str] = set()
    for f in field_labels(layer):
        if f.column in INTERNAL or f.column not in table.c or f.column in done:
            continue
        label = f.label(lang)
        done.add(f.column)
        if label in seen_labels and not f.decode:
            continue  # the text twin of a coded column: it follows the code
        seen_labels.add(label)
        out.append(EditField(f.column, label, row.get(f.column),
                             choices_for(f.decode, lang, f.column in integer), f.unit(lang)))
    return out


def _is_int(column: Any) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:  # geometry
        return False


def with_companions(layer: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes plus the text twins of changed coded columns (``use`` for ``use_code``),
    set to the code's Chinese name, as the platform stores both."""
    out = dict(changes)
    labels = field_labels(layer)
    table = LAYERS[layer].table
    for f in labels:
        if f.column not in changes or not f.decode or f.decode.startswith("style:") \
                or f.decode == "flag":
            continue
        name, _, key = f.decode.partition(":")
        if key and key != "code":
            continue
        names = {r.get("code"): r.get("name") for r in dictionary(name)}
        for twin in labels:
            if twin.label_zh == f.label_zh and not twin.decode and twin.column != f.column \
                    and twin.column in table.c and twin.column not in changes:
                value = changes[f.column]
                out[twin.column] = None if value is None else names.get(str(value), str(value))
    return out
