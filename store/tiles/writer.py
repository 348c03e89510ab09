"""Encode 3D Tiles 1.1 content: a glb per tile with EXT_mesh_features and EXT_structural_metadata.

Pure encoding (no Qt, no VTK): meshes in z-up metres relative to the tile centre become glTF
(y-up) binary files whose features carry one property table of the layer's attribute columns.
"""

from __future__ import annotations

import json
import struct
from typing import Any

import numpy as np

from store.errors import CimviewError, InputError

Z_UP_TO_Y_UP = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], dtype=np.float64)
"""Turns z-up positions into glTF's y-up (x, z, -y)."""

STRING_NO_DATA = ""


def _pad(data: bytes, fill: bytes = b"\x00") -> bytes:
    return data + fill * (-len(data) % 4)


def column_kind(values: list[Any]) -> str:
    """``"FLOAT64"``, ``"INT64"`` or ``"STRING"`` for a column's values (None ignored)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, (bool, int, np.integer)) for v in present):
        return "INT64"
    if present and all(isinstance(v, (int, float, np.integer, np.floating)) for v in present):
        return "FLOAT64"
    return "STRING"


class _Bin:
    """The binary chunk being assembled: buffer views appended 8-byte aligned."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.views: list[dict] = []

    def add(self, data: bytes, target: int | None = None) -> int:
        pad = -self.size % 8
        if pad:
            self.parts.append(b"\x00" * pad)
            self.size += pad
        view = {"buffer": 0, "byteOffset": self.size, "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self.parts.append(data)
        self.size += len(data)
        self.views.append(view)
        return len(self.views) - 1


def property_id(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A metadata property id (``[A-Za-z_][A-Za-z0-9_]*``, as 3D Tiles requires) for a column
    name, not in ``taken``: ASCII identifiers stay, others become ``p_`` and ASCII.

    >>> property_id("height"), property_id("名称"), property_id("a-b", {"p_a_b"})
    ('height', 'p___', 'p_a_b_1')
    """
    ok = name.isascii() and name.isidentifier()
    key = name if ok else "p_" + "".join(c if c.isascii() and c.isalnum() else "_"
                                         for c in name)
    base, n = key, 0
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def _fits(values: list[Any], kind: str) -> bool:
    """Whether every value (None aside) can be stored as ``kind``."""
    if kind == "STRING":
        return True
    num = (bool, int, np.integer) if kind == "INT64" else (int, float, np.integer, np.floating)
    return all(v is None or isinstance(v, num) for v in values)


def _property_table(columns: dict[str, list[Any]], count: int, cls: str, binary: _Bin,
                    kinds: dict[str, str] | None = None) -> tuple[dict, dict]:
    """The class schema and the property table of ``columns`` (NULL: noData / empty string);
    ``kinds`` fixes a column's type (so every tile of a layer has one schema) where its values
    fit it."""
    props: dict[str, dict] = {}
    table: dict[str, dict] = {}
    for name, values in columns.items():
        if len(values) != count:
            raise CimviewError("column {column} has {n} values for {count} features",
                               column=name, n=len(values), count=count)
        want = (kinds or {}).get(name)
        kind = want if want and _fits(values, want) else column_kind(values)
        key = property_id(name, set(props))
        if kind == "STRING":
            texts = [b"" if v is None else str(v).encode("utf-8") for v in values]
            offsets = np.zeros(count + 1, dtype=np.uint32)
            offsets[1:] = np.cumsum([len(t) for t in texts])
            props[key] = {"name": name, "type": "STRING"}
            # a glTF buffer view cannot be empty: an all-empty column keeps one unused byte
            table[key] = {"values": binary.add(b"".join(texts) or b"\x00"),
                          "stringOffsets": binary.add(offsets.tobytes()),
                          "stringOffsetType": "UINT32"}
        else:
            dtype = np.int64 if kind == "INT64" else np.float64
            no_data = np.iinfo(np.int64).min if kind == "INT64" else -1.0e300
            arr = np.array([no_data if v is None else v for v in values], dtype=dtype)
            prop = {"name": name, "type": "SCALAR", "componentType": kind}
            if any(v is None for v in values):
                prop["noData"] = int(no_data) if kind == "INT64" else no_data
            props[key] = prop
            table[key] = {"values": binary.add(arr.tobytes())}
    return {"name": cls, "properties": props}, {"class": cls, "count": count,
                                                "properties": table}


def encode_glb(positions: np.ndarray, triangles: np.ndarray, feature_ids: np.ndarray,
               columns: dict[str, list[Any]], layer: str,
               normals: np.ndarray | None = None,
               kinds: dict[str, str] | None = None) -> bytes:
    """A glb of one tile's mesh with its features and their attributes.

    Parameters
    ----------
    positions : (n, 3) z-up metres relative to the tile centre (the tile's transform).
    triangles : (m, 3) vertex indices.
    feature_ids : (n,) the feature (row of ``columns``) of each vertex, 0..count-1.
    columns : attribute name -> one value per feature (None for NULL).
    layer : the metadata class (the cache layer, e.g. ``buildings``).
    normals : (n, 3) z-up unit normals, optional.
    kinds : column name -> ``"INT64"``, ``"FLOAT64"`` or ``"STRING"`` (default: from the values).
    """
    pos = (np.asarray(positions, dtype=np.float64) @ Z_UP_TO_Y_UP.T).astype(np.float32)
    tri = np.asarray(triangles, dtype=np.uint32).reshape(-1)
    fid = np.asarray(feature_ids, dtype=np.float32)
    count = len(next(iter(columns.values()))) if columns else int(fid.max(initial=-1)) + 1
    binary = _Bin()
    accessors = []
    attrs: dict[str, int] = {}

    def accessor(data: np.ndarray, ctype: int, kind: str, target: int, **extra: Any) -> int:
        view = binary.add(np.ascontiguousarray(data).tobytes(), target)
        accessors.append({"bufferView": view, "componentType": ctype, "type": kind,
                          "count": int(len(data)), **extra})
        return len(accessors) - 1

    attrs["POSITION"] = accessor(pos, 5126, "VEC3", 34962, min=pos.min(0).tolist(),
                                 max=pos.max(0).tolist())
    if normals is not None:
        nor = (np.asarray(normals, dtype=np.float64) @ Z_UP_TO_Y_UP.T).astype(np.float32)
        attrs["NORMAL"] = accessor(nor, 5126, "VEC3", 34962)
    attrs["_FEATURE_ID_0"] = accessor(fid, 5126, "SCALAR", 34962)
    index = accessor(tri, 5125, "SCALAR", 34963)
    schema_class, table = _property_table(columns, count, layer, binary, kinds)
    blob = b"".join(binary.parts)
    doc = {
        "asset": {"version": "2.0", "generator": "cimview"},
        "extensionsUsed": ["EXT_mesh_features", "EXT_structural_metadata"],
        "extensions": {"EXT_structural_metadata": {
            "schema": {"id": "cimview", "classes": {layer: {
                "properties": schema_class["properties"]}}},
            "propertyTables": [table]}},
        "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [0.9, 0.9, 0.9, 1.0],
                                                "metallicFactor": 0.0,
                                                "roughnessFactor": 1.0}}],
        "meshes": [{"primitives": [{
            "attributes": attrs, "indices": index, "material": 0, "mode": 4,
            "extensions": {"EXT_mesh_features": {"featureIds": [
                {"featureCount": count, "attribute": 0, "propertyTable": 0}]}}}]}],
        "accessors": accessors, "bufferViews": binary.views,
        "buffers": [{"byteLength": len(blob)}],
    }
    js = _pad(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), b" ")
    bn = _pad(blob)
    total = 12 + 8 + len(js) + 8 + len(bn)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(js), b"JSON") + js
            + struct.pack("<I4s", len(bn), b"BIN\x00") + bn)


def box_volume(lo: np.ndarray, hi: np.ndarray) -> list[float]:
    """A 3D Tiles ``box`` (centre and half axes) around the z-up box ``lo``..``hi``."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    c, h = (lo + hi) / 2, (hi - lo) / 2
    return [*c.tolist(), h[0], 0.0, 0.0, 0.0, h[1], 0.0, 0.0, 0.0, h[2]]


def enu_to_ecef(lon: float, lat: float, height: float) -> list[float]:
    """The column-major 4x4 ``transform`` of a tile frame east-north-up at ``lon, lat, height``
    (degrees, metres above the WGS84 ellipsoid) into ECEF (EPSG:4978)."""
    from pyproj import Transformer

    x, y, z = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True).transform(
        lon, lat, height)
    lo, la = np.radians(lon), np.radians(lat)
    east = np.array([-np.sin(lo), np.cos(lo), 0.0])
    north = np.array([-np.sin(la) * np.cos(lo), -np.sin(la) * np.sin(lo), np.cos(la)])
    up = np.array([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = east, north, up, (x, y, z)
    return m.T.reshape(-1).tolist()


def geometric_error(size: float, leaf: bool) -> float:
    """A tile's geometric error in metres: 0 for a leaf, else the size of what it leaves out
    (half its side, the scale of the features its children add)."""
    return 0.0 if leaf else float(size) / 2.0


def tileset_json(root: dict, transform: list[float]) -> dict:
    """The tileset.json document (3D Tiles 1.1) of ``root`` placed by ``transform``."""
    root = dict(root, transform=transform)
    return {"asset": {"version": "1.1", "generator": "cimview"},
            "geometricError": float(root.get("geometricError", 0.0)) * 2 or 1.0,
            "root": root}


# -- the output folder -----------------------------------------------------------------------------
#: What an export puts into its folder (and replaces there): the tileset and a folder per layer.
EXPORT_ENTRIES = ("tileset.json", "buildings", "pipelines")
#: The name of the temporary folders an export writes into (inside its folder).
PART_PREFIX = ".cimview-export-"


def is_export(folder: Any) -> bool:
    """Whether ``folder`` holds a tileset cimview wrote (its tileset.json says so)."""
    from pathlib import Path

    path = Path(folder) / "tileset.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and isinstance(doc.get("asset"), dict) and \
        doc["asset"].get("generator") == "cimview"


def prepare_out(folder: Any, force: bool = False) -> Any:
    """A new temporary folder inside ``folder`` (created if missing) to write an export into;
    refuses a file, and a non-empty folder that is not a previous export unless ``force``."""
    import tempfile
    from pathlib import Path

    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file: the tileset is written into a folder")
    # an interrupted export's temporary folder does not make a folder "not empty"
    others = out.is_dir() and any(not e.name.startswith(PART_PREFIX) for e in out.iterdir())
    if others and not force and not is_export(out):
        raise InputError(out, "the folder is not empty and holds no tileset cimview wrote: "
                         "choose an empty or new folder, or add --force to write into it "
                         "(its {entries} are then replaced)",
                         entries=", ".join(EXPORT_ENTRIES))
    out.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=PART_PREFIX, dir=out))


def finish_out(part: Any, folder: Any) -> None:
    """Move what was written into ``part`` (from :func:`prepare_out`) into ``folder``,
    replacing a previous export's entries; tileset.json last, so a reader never sees a
    tileset whose content is not there yet. ``part`` is removed."""
    import shutil
    from pathlib import Path

    part, out = Path(part), Path(folder)
    old = part.with_name(part.name + "-old")
    old.mkdir()
    try:
        for name in EXPORT_ENTRIES:
            if (out / name).exists() or (out / name).is_symlink():
                (out / name).rename(old / name)
        for name in sorted(EXPORT_ENTRIES, key=lambda n: n == "tileset.json"):
            if (part / name).exists():
                (part / name).rename(out / name)
    finally:
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(part, ignore_errors=True)


def written(layer: str, done: int, total: int) -> Any:
    """The progress sentence of an export."""
    from store.messages import msg

    return msg("{layer}: {done} of {total} tiles written", layer=layer, done=done, total=total)


def nothing_to_export(layers: list[str], bbox: Any, extent: Any = None) -> CimviewError:
    """The error of an export that found no feature (in ``bbox`` when given; ``extent`` the
    extent of the layers' data, when they have any)."""
    if bbox is None or extent is None:
        return CimviewError("the cache holds no {layers}: nothing to export",
                            layers=", ".join(layers))
    return CimviewError("no {layers} in --bbox {bbox}: it misses the data, which covers "
                        "{extent} (in the cache's CRS, as MINX,MINY,MAXX,MAXY)",
                        layers=", ".join(layers), bbox=",".join(f"{v:.1f}" for v in bbox),
                        extent=",".join(f"{v:.1f}" for v in extent))
