"""EXT_structural_metadata property tables of a glTF as columns (one value per feature).

Numbers (SCALAR, VECn, MATn of any component type, ``normalized`` applied), BOOLEAN, STRING
and ENUM (as names), fixed or variable-length arrays. Every offset is checked against the
buffer view it points into.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from store.errors import InputError

TYPES = {"INT8": np.int8, "UINT8": np.uint8, "INT16": np.int16, "UINT16": np.uint16,
         "INT32": np.int32, "UINT32": np.uint32, "INT64": np.int64, "UINT64": np.uint64,
         "FLOAT32": np.float32, "FLOAT64": np.float64}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}


def _ints(views: list[bytes], index: Any, kind: Any, n: int, where: str, column: str,
          default: str = "UINT32") -> np.ndarray:
    dtype = TYPES.get(kind or default)
    if dtype is None or not isinstance(index, int) or not 0 <= index < len(views):
        raise InputError(where, "property {column} names no usable buffer view",
                         column=column)
    data = views[index]
    if len(data) < n * np.dtype(dtype).itemsize:
        raise InputError(where, "property {column} has fewer values than its table",
                         column=column)
    return np.frombuffer(data, dtype, n)


def _offsets(views, index, kind, n, where, column) -> np.ndarray:
    out = _ints(views, index, kind, n + 1, where, column).astype(np.int64)
    if (np.diff(out) < 0).any() or out[0] < 0:
        raise InputError(where, "property {column} has offsets that go backwards",
                         column=column)
    return out


def property_table(table: dict, schema: dict, views: list[bytes], where: str
                   ) -> dict[str, Any]:
    """The columns of one property table (see module doc); :class:`InputError` if unusable."""
    classes = schema.get("classes", {}) if isinstance(schema, dict) else {}
    cls = classes.get(table.get("class")) if isinstance(table, dict) else None
    count = table.get("count") if isinstance(table, dict) else None
    if not isinstance(cls, dict) or not isinstance(count, int) or count < 0:
        raise InputError(where, "a property table names no class of the schema or no count")
    columns: dict[str, Any] = {}
    for name, prop in (table.get("properties") or {}).items():
        spec = (cls.get("properties") or {}).get(name)
        if not isinstance(spec, dict) or not isinstance(prop, dict):
            raise InputError(where, "property {column} is not in class {cls}", column=name,
                             cls=table.get("class"))
        columns[name] = _column(name, spec, prop, schema, views, count, where)
    return columns


def _column(name: str, spec: dict, prop: dict, schema: dict, views: list[bytes],
            count: int, where: str) -> Any:
    kind = spec.get("type")
    groups = None  # per-feature (start, stop) in elements for arrays
    if spec.get("array"):
        if "count" in spec:
            n = spec["count"]
            if not isinstance(n, int) or n < 0:
                raise InputError(where, "property {column} has a bad array count", column=name)
            groups = np.arange(count + 1, dtype=np.int64) * n
        else:
            groups = _offsets(views, prop.get("arrayOffsets"), prop.get("arrayOffsetType"),
                              count, where, name)
    total = int(groups[-1]) if groups is not None else count
    if kind == "STRING":
        offsets = _offsets(views, prop.get("stringOffsets"), prop.get("stringOffsetType"),
                           total, where, name)
        data = _ints(views, prop.get("values"), "UINT8", int(offsets[-1]), where, name)
        raw = data.tobytes()
        elements: Any = [raw[a:b].decode("utf-8", "replace")
                         for a, b in zip(offsets[:-1], offsets[1:], strict=True)]
    elif kind == "BOOLEAN":
        data = _ints(views, prop.get("values"), "UINT8", (total + 7) // 8, where, name)
        elements = np.unpackbits(data, bitorder="little")[:total].astype(bool)
    elif kind == "ENUM":
        enum = (schema.get("enums") or {}).get(spec.get("enumType"))
        if not isinstance(enum, dict):
            raise InputError(where, "property {column} names no enum of the schema",
                             column=name)
        names = {v.get("value"): v.get("name") for v in enum.get("values", [])
                 if isinstance(v, dict)}
        values = _ints(views, prop.get("values"), enum.get("valueType"), total, where, name,
                       default="UINT16")
        elements = [names.get(int(v)) for v in values]
    elif kind in WIDTHS:
        width = WIDTHS[kind]
        ctype = spec.get("componentType")
        if ctype not in TYPES:
            raise InputError(where, "property {column} has component type {ctype}",
                             column=name, ctype=ctype)
        arr = _ints(views, prop.get("values"), ctype, total * width, where, name)
        if spec.get("normalized") and np.issubdtype(arr.dtype, np.integer):
            arr = np.maximum(arr / np.iinfo(arr.dtype).max, -1.0)
        elements = arr.reshape(total, width) if width > 1 else arr.copy()
    else:
        raise InputError(where, "property {column} has type {kind}", column=name, kind=kind)
    if groups is None:
        return elements
    if "count" in spec and not isinstance(elements, list):
        return elements.reshape(count, spec["count"], *elements.shape[1:])
    return [elements[a:b] for a, b in zip(groups[:-1], groups[1:], strict=True)]
