"""Tile content (b3dm, glb, glTF JSON) decoded into numpy arrays.

One :class:`Mesh` per tile: the triangles of every primitive merged, positions in float64 in
the tile's frame (glTF's y-up turned to 3D Tiles' z-up, ``RTC_CENTER``/``CESIUM_RTC`` added),
the feature id of each vertex (``_BATCHID`` or ``_FEATURE_ID_0``), the batch table as
columns, and one :class:`Group` per primitive: its run of triangles, its material's base
colour and decoded ``baseColorTexture`` (PNG or JPEG, from a buffer view, a data: uri or a
file beside the content; at most :data:`MAX_IMAGE_SIDE` pixels a side). Every offset and
length read from the file is checked against the bytes there.
"""

from __future__ import annotations

import base64
import io
import json
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pygltflib

from store.boundary import boundary
from store.errors import InputError
from store.tiles.metadata import property_table
from store.tiles.source import TileSource, join_uri

Y_UP_TO_Z_UP = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]],
                        dtype=np.float64)
"""glTF is y-up; 3D Tiles turns it z-up by +90° about x (the spec's fixed rotation)."""
UP_AXES = {"Y": Y_UP_TO_Z_UP, "Z": np.eye(4)}
"""Rotation to z-up for each ``asset.gltfUpAxis`` read."""

COMPONENTS = {5120: np.int8, 5121: np.uint8, 5122: np.int16, 5123: np.uint16,
              5125: np.uint32, 5126: np.float32}
WIDTHS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
BATCH_COMPONENTS = {"BYTE": np.int8, "UNSIGNED_BYTE": np.uint8, "SHORT": np.int16,
                    "UNSIGNED_SHORT": np.uint16, "INT": np.int32, "UNSIGNED_INT": np.uint32,
                    "FLOAT": np.float32, "DOUBLE": np.float64}
MAX_VERTICES = 20_000_000
MAX_IMAGE_SIDE = 8192
"""Largest texture width or height decoded (pixels); a larger one is refused."""
IMAGE_FORMATS = ("PNG", "JPEG")


@dataclass
class Group:
    """The triangles ``start:stop`` of a :class:`Mesh` drawn with one material.

    ``rgba`` is the base colour factor (0–1); ``image`` the decoded base colour texture,
    (h, w, 3 or 4) uint8 with row 0 at the top (glTF's uv origin), or None.
    """

    start: int
    stop: int
    rgba: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    image: np.ndarray | None = None
    image_index: int | None = None
    """The glTF image index (groups sharing one image share the array)."""


@dataclass
class Mesh:
    """Merged triangles of one tile's content.

    ``positions`` (n, 3) float64; ``triangles`` (m, 3) int64; ``normals`` (n, 3) float32
    and ``feature_ids`` (n,) int64 or None when a primitive lacks them; ``uv`` (n, 2) float32
    when any primitive has texture coordinates (zeros for those without); ``groups`` one per
    primitive, in triangle order; ``properties`` maps a batch table column to its values
    (one per feature).
    """

    positions: np.ndarray
    triangles: np.ndarray
    normals: np.ndarray | None = None
    uv: np.ndarray | None = None
    feature_ids: np.ndarray | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    feature_count: int = 0
    rtc_center: np.ndarray | None = None
    groups: list[Group] = field(default_factory=list)

    @property
    def images(self) -> list[np.ndarray]:
        """The distinct decoded textures of the groups."""
        seen: dict[int, np.ndarray] = {}
        for g in self.groups:
            if g.image is not None:
                seen.setdefault(id(g.image), g.image)
        return list(seen.values())


def read_content(source: TileSource, uri: str, up_axis: str = "Y") -> Mesh:
    """The :class:`Mesh` of the content file ``uri`` (b3dm, glb or .gltf) of a tileset.

    ``up_axis`` is the tileset's ``asset.gltfUpAxis`` (:attr:`Tileset.gltf_up_axis`): "Y"
    (glTF's own, turned z-up) or "Z" (already z-up, as some 1.0 exporters wrote).

    Any failure is a :class:`~store.errors.CimviewError` naming the file (store.boundary)."""
    where = source.name(uri)
    with boundary(where):
        return _read_content(source, uri, where, UP_AXES[up_axis])


def _read_content(source: TileSource, uri: str, where: str, up: np.ndarray) -> Mesh:
    data = source.read(uri)
    if data[:4] == b"b3dm":
        return decode_b3dm(data, where, up, source=source, uri=uri)
    if data[:4] == b"glTF":
        return decode_gltf(_load_glb(data, where), where, source=source, uri=uri, up=up)
    if uri.lower().endswith(".gltf"):
        try:
            gltf = pygltflib.GLTF2.from_json(data.decode("utf-8"))
        except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
            raise InputError(where, "not a glTF file: {why}", why=str(exc)) from exc
        return decode_gltf(gltf, where, source=source, uri=uri, up=up)
    raise InputError(where, "content of kind {magic} is not supported (b3dm, glb, gltf)",
                     magic=data[:4].decode("ascii", "replace"))


def _load_glb(data: bytes, where: str) -> pygltflib.GLTF2:
    if len(data) < 20:
        raise InputError(where, "the glb is cut short ({size} bytes)", size=len(data))
    _, version, length = struct.unpack_from("<4sII", data)
    if version != 2:
        raise InputError(where, "glb version {version} is not supported (only 2)",
                         version=version)
    if length != len(data):
        raise InputError(where, "the glb says {stated} bytes but has {size}",
                         stated=length, size=len(data))
    try:
        return pygltflib.GLTF2.load_from_bytes(data)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
        raise InputError(where, "not a glb file: {why}", why=str(exc)) from exc


def _json_chunk(data: bytes, start: int, length: int, where: str, what: str) -> dict:
    if length == 0:
        return {}
    try:
        value = json.loads(data[start:start + length].rstrip(b" \x00"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, "the {part} is not JSON: {why}", part=what, why=str(exc)) from exc
    if not isinstance(value, dict):
        raise InputError(where, "the {part} is not a JSON object", part=what)
    return value


def decode_b3dm(data: bytes, where: str, up: np.ndarray = Y_UP_TO_Z_UP,
                source: TileSource | None = None, uri: str | None = None) -> Mesh:
    """A :class:`Mesh` from the bytes of a Batched 3D Model (header, tables, glb); files the
    glb names (images, buffers) are read through ``source`` beside ``uri``."""
    if len(data) < 28:
        raise InputError(where, "the b3dm is cut short ({size} bytes)", size=len(data))
    _, version, length, ft_json, ft_bin, bt_json, bt_bin = struct.unpack_from("<4s6I", data)
    if version != 1:
        raise InputError(where, "b3dm version {version} is not supported (only 1)",
                         version=version)
    if length != len(data):
        raise InputError(where, "the b3dm says {stated} bytes but has {size}",
                         stated=length, size=len(data))
    if ft_json >= 570425344 or bt_json >= 570425344:  # a legacy header's glTF magic
        raise InputError(where, "a legacy b3dm header is not supported")
    start = 28
    glb_start = start + ft_json + ft_bin + bt_json + bt_bin
    if glb_start > len(data):
        raise InputError(where, "the b3dm's table lengths pass the end of the file")
    ft = _json_chunk(data, start, ft_json, where, "feature table")
    ft_binary = data[start + ft_json:start + ft_json + ft_bin]
    bt_at = start + ft_json + ft_bin
    bt = _json_chunk(data, bt_at, bt_json, where, "batch table")
    bt_binary = data[bt_at + bt_json:bt_at + bt_json + bt_bin]
    count = ft.get("BATCH_LENGTH")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise InputError(where, "the feature table has no BATCH_LENGTH of 0 or more")
    rtc = _rtc_center(ft.get("RTC_CENTER"), ft_binary, where)
    mesh = decode_gltf(_load_glb(data[glb_start:], where), where, source=source, uri=uri,
                       up=up)
    mesh.properties = batch_table_columns(bt, bt_binary, count, where)
    mesh.feature_count = count
    if rtc is not None:
        mesh.positions += rtc
        mesh.rtc_center = rtc
    if mesh.feature_ids is not None and len(mesh.feature_ids) and (
            mesh.feature_ids.min() < 0 or mesh.feature_ids.max() >= max(count, 1)):
        raise InputError(where, "a _BATCHID is not below BATCH_LENGTH {count}", count=count)
    return mesh


def _rtc_center(value: Any, binary: bytes, where: str) -> np.ndarray | None:
    if value is None:
        return None
    if isinstance(value, dict):
        offset = value.get("byteOffset")
        if not isinstance(offset, int) or offset < 0 or offset + 12 > len(binary):
            raise InputError(where, "RTC_CENTER points outside the feature table")
        centre = np.frombuffer(binary, np.float32, 3, offset).astype(np.float64)
    elif isinstance(value, list) and len(value) == 3:
        centre = np.array(value, dtype=np.float64)
    else:
        raise InputError(where, "RTC_CENTER must be 3 numbers")
    if not np.isfinite(centre).all():
        raise InputError(where, "RTC_CENTER must be 3 finite numbers")
    return centre


def batch_table_columns(table: dict, binary: bytes, count: int, where: str) -> dict[str, Any]:
    """Columns of a batch table: JSON lists as they are, binary references as numpy arrays."""
    columns: dict[str, Any] = {}
    for name, value in table.items():
        if name in ("extensions", "extras"):
            continue
        if isinstance(value, list):
            if len(value) != count:
                raise InputError(where, "batch table column {column} has {n} values for "
                                 "{count} features", column=name, n=len(value), count=count)
            columns[name] = value
        elif isinstance(value, dict):
            dtype = BATCH_COMPONENTS.get(value.get("componentType"))
            width = WIDTHS.get(value.get("type"))
            offset = value.get("byteOffset")
            if dtype is None or width is None or not isinstance(offset, int) or offset < 0:
                raise InputError(where, "batch table column {column} has a bad binary "
                                 "reference", column=name)
            n = count * width
            if offset + n * np.dtype(dtype).itemsize > len(binary):
                raise InputError(where, "batch table column {column} passes the end of the "
                                 "binary", column=name)
            arr = np.frombuffer(binary, dtype, n, offset)
            columns[name] = arr.reshape(count, width) if width > 1 else arr.copy()
        else:
            raise InputError(where, "batch table column {column} is neither a list nor a "
                             "binary reference", column=name)
    return columns


class _Buffers:
    """The bytes of a glTF's buffers: the glb blob, data: URIs or files beside it."""

    def __init__(self, gltf: pygltflib.GLTF2, where: str, source: TileSource | None,
                 uri: str | None):
        self.data: list[bytes] = []
        for i, buf in enumerate(gltf.buffers):
            if buf.uri is None:
                blob = gltf.binary_blob() or b""
            elif buf.uri.startswith("data:"):
                try:
                    blob = base64.b64decode(buf.uri.split(",", 1)[1], validate=False)
                except (IndexError, ValueError) as exc:
                    raise InputError(where, "buffer {index} has a bad data uri",
                                     index=i) from exc
            elif source is not None and uri is not None:
                try:
                    blob = source.read(join_uri(uri, buf.uri))
                except ValueError:
                    raise InputError(where, "buffer uri {uri} leaves the tileset's folder",
                                     uri=buf.uri) from None
            else:
                raise InputError(where, "buffer uri {uri} cannot be read from a glb",
                                 uri=buf.uri)
            self.data.append(blob)


def _accessor(gltf: pygltflib.GLTF2, buffers: _Buffers, index: Any, where: str) -> np.ndarray:
    if not isinstance(index, int) or not 0 <= index < len(gltf.accessors):
        raise InputError(where, "accessor {index} does not exist", index=index)
    acc = gltf.accessors[index]
    dtype = COMPONENTS.get(acc.componentType)
    width = WIDTHS.get(acc.type)
    if dtype is None or width is None or acc.count is None or acc.count < 0:
        raise InputError(where, "accessor {index} has a bad type", index=index)
    if acc.count > MAX_VERTICES:
        raise InputError(where, "accessor {index} has {n} elements, more than {limit}",
                         index=index, n=acc.count, limit=MAX_VERTICES)
    if acc.sparse is not None:
        raise InputError(where, "sparse accessor {index} is not supported", index=index)
    if acc.bufferView is None:
        return np.zeros((acc.count, width), dtype=dtype)
    if not 0 <= acc.bufferView < len(gltf.bufferViews):
        raise InputError(where, "accessor {index} names a missing buffer view", index=index)
    view = gltf.bufferViews[acc.bufferView]
    if not 0 <= view.buffer < len(buffers.data):
        raise InputError(where, "accessor {index} names a missing buffer", index=index)
    item = np.dtype(dtype).itemsize
    stride = view.byteStride or item * width
    if stride < item * width:
        raise InputError(where, "accessor {index} has a byte stride shorter than its "
                         "elements", index=index)
    start = (view.byteOffset or 0) + (acc.byteOffset or 0)
    need = stride * (acc.count - 1) + item * width if acc.count else 0
    view_end = (view.byteOffset or 0) + view.byteLength
    blob = buffers.data[view.buffer]
    if start < 0 or start + need > view_end or view_end > len(blob):
        raise InputError(where, "accessor {index} passes the end of its buffer", index=index)
    if acc.count == 0:
        return np.zeros((0, width), dtype=dtype)
    arr = np.lib.stride_tricks.as_strided(
        np.frombuffer(blob, np.uint8, need, start).view(np.uint8),
        shape=(acc.count, width * item), strides=(stride, 1))
    return np.ascontiguousarray(arr).view(dtype).reshape(acc.count, width)


def _node_matrix(node: pygltflib.Node) -> np.ndarray:
    if node.matrix:
        return np.array(node.matrix, dtype=np.float64).reshape(4, 4).T
    m = np.eye(4)
    t = node.translation or [0, 0, 0]
    x, y, z, w = node.rotation or [0, 0, 0, 1]
    s = node.scale or [1, 1, 1]
    r = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    m[:3, :3] = r * np.asarray(s, dtype=np.float64)
    m[:3, 3] = t
    return m


def _mesh_instances(gltf: pygltflib.GLTF2, where: str, up: np.ndarray
                    ) -> list[tuple[int, np.ndarray]]:
    """(mesh index, world matrix) for every node with a mesh in the default scene."""
    if gltf.scenes:
        scene = gltf.scenes[gltf.scene or 0] if 0 <= (gltf.scene or 0) < len(gltf.scenes) \
            else gltf.scenes[0]
        roots = scene.nodes or []
    else:
        roots = list(range(len(gltf.nodes)))
    out: list[tuple[int, np.ndarray]] = []
    stack = [(n, up, 0) for n in roots]
    visited = 0
    while stack:
        index, parent, depth = stack.pop()
        visited += 1
        if not isinstance(index, int) or not 0 <= index < len(gltf.nodes) or depth > 64 \
                or visited > 100_000:
            raise InputError(where, "the glTF node tree is broken at node {index}",
                             index=index)
        node = gltf.nodes[index]
        world = parent @ _node_matrix(node)
        if node.mesh is not None:
            out.append((node.mesh, world))
        stack.extend((c, world, depth + 1) for c in node.children or [])
    return out


def decode_gltf(gltf: pygltflib.GLTF2, where: str, source: TileSource | None = None,
                uri: str | None = None, up: np.ndarray = Y_UP_TO_Z_UP) -> Mesh:
    """Merge the triangles of a glTF's default scene into one :class:`Mesh` (z-up, float64)."""
    buffers = _Buffers(gltf, where, source, uri)
    images = _Images(gltf, buffers, where, source, uri)
    groups: list[Group] = []
    cesium_rtc = (gltf.extensions or {}).get("CESIUM_RTC")
    parts: list[dict[str, np.ndarray | None]] = []
    offset = 0
    table_index = None
    for mesh_index, world in _mesh_instances(gltf, where, up):
        if not 0 <= mesh_index < len(gltf.meshes):
            raise InputError(where, "mesh {index} does not exist", index=mesh_index)
        for prim in gltf.meshes[mesh_index].primitives:
            if prim.mode not in (None, 4):
                continue  # points and lines carry no surfaces
            unsupported = set(prim.extensions or {}) & {"KHR_draco_mesh_compression",
                                                         "EXT_meshopt_compression"}
            if unsupported:
                raise InputError(where, "compressed meshes ({extension}) are not supported",
                                 extension=", ".join(sorted(unsupported)))
            attrs = prim.attributes
            if attrs.POSITION is None:
                raise InputError(where, "a primitive of mesh {index} has no POSITION",
                                 index=mesh_index)
            pos = _accessor(gltf, buffers, attrs.POSITION, where).astype(np.float64)
            n = len(pos)
            pos = pos @ world[:3, :3].T + world[:3, 3]
            if prim.indices is not None:
                tri = _accessor(gltf, buffers, prim.indices, where).astype(np.int64).ravel()
            else:
                tri = np.arange(n, dtype=np.int64)
            if len(tri) % 3 or (len(tri) and (tri.min() < 0 or tri.max() >= n)):
                raise InputError(where, "the indices of mesh {index} are not triangles of "
                                 "its vertices", index=mesh_index)
            normals = None
            if attrs.NORMAL is not None:
                nrm = _accessor(gltf, buffers, attrs.NORMAL, where).astype(np.float64)
                nrm = nrm @ np.linalg.inv(world[:3, :3]).T
                length = np.linalg.norm(nrm, axis=1, keepdims=True)
                normals = (nrm / np.where(length > 0, length, 1)).astype(np.float32)
            uv = None
            if attrs.TEXCOORD_0 is not None:
                uv = _texcoords(gltf, buffers, attrs.TEXCOORD_0, where)
            ids = None
            extra = {k: getattr(attrs, k) for k in ("_BATCHID", "_FEATURE_ID_0", "BATCHID")
                     if getattr(attrs, k, None) is not None}
            id_index = extra.get("_BATCHID", extra.get("_FEATURE_ID_0", extra.get("BATCHID")))
            features = ((prim.extensions or {}).get("EXT_mesh_features") or {}).get(
                "featureIds") or [{}]
            if table_index is None and isinstance(features[0], dict):
                table_index = features[0].get("propertyTable")
            if id_index is not None:
                ids = _accessor(gltf, buffers, id_index, where)[:, 0].astype(np.int64)
            for name, arr in (("normals", normals), ("uv", uv), ("feature ids", ids)):
                if arr is not None and len(arr) != n:
                    raise InputError(where, "mesh {index} has {n} {what} for {count} "
                                     "positions", index=mesh_index, n=len(arr), what=name,
                                     count=n)
            parts.append({"positions": pos, "triangles": tri.reshape(-1, 3) + offset,
                          "normals": normals, "uv": uv, "feature_ids": ids})
            start = groups[-1].stop if groups else 0
            groups.append(images.group(prim.material, start, start + len(tri) // 3))
            offset += n
            if offset > MAX_VERTICES:
                raise InputError(where, "the content has more than {limit} vertices",
                                 limit=MAX_VERTICES)
    mesh = Mesh(positions=_join(parts, "positions", (0, 3), np.float64),
                triangles=_join(parts, "triangles", (0, 3), np.int64))
    for key in ("normals", "feature_ids"):
        if parts and all(p[key] is not None for p in parts):
            setattr(mesh, key, np.concatenate([p[key] for p in parts]))
    if any(p["uv"] is not None for p in parts):
        mesh.uv = np.concatenate([p["uv"] if p["uv"] is not None else
                                  np.zeros((len(p["positions"]), 2), np.float32)
                                  for p in parts])
    mesh.groups = groups
    metadata = (gltf.extensions or {}).get("EXT_structural_metadata")
    if isinstance(metadata, dict) and metadata.get("propertyTables"):
        tables = metadata["propertyTables"]
        index = table_index if isinstance(table_index, int) else 0
        if not isinstance(tables, list) or not 0 <= index < len(tables):
            raise InputError(where, "property table {index} does not exist", index=index)
        mesh.properties = property_table(tables[index], metadata.get("schema") or {},
                                         _views(gltf, buffers, where), where)
        mesh.feature_count = int(tables[index].get("count", 0))
    if isinstance(cesium_rtc, dict) and "center" in cesium_rtc:
        centre = np.asarray(cesium_rtc["center"], dtype=np.float64)
        if centre.shape != (3,) or not np.isfinite(centre).all():
            raise InputError(where, "CESIUM_RTC center must be 3 finite numbers")
        mesh.positions += centre
        mesh.rtc_center = centre
    return mesh


def _views(gltf: pygltflib.GLTF2, buffers: _Buffers, where: str) -> list[bytes]:
    out = []
    for i, view in enumerate(gltf.bufferViews):
        start = view.byteOffset or 0
        if not 0 <= view.buffer < len(buffers.data) or start < 0 or \
                start + view.byteLength > len(buffers.data[view.buffer]):
            raise InputError(where, "buffer view {index} passes the end of its buffer",
                             index=i)
        out.append(buffers.data[view.buffer][start:start + view.byteLength])
    return out


def _join(parts: list[dict], key: str, empty: tuple[int, int], dtype) -> np.ndarray:
    if not parts:
        return np.zeros(empty, dtype=dtype)
    return np.concatenate([p[key] for p in parts])


def _texcoords(gltf: pygltflib.GLTF2, buffers: _Buffers, index: int, where: str
               ) -> np.ndarray:
    """TEXCOORD_0 as float32; normalized integers (KHR_mesh_quantization) scaled to 0–1."""
    arr = _accessor(gltf, buffers, index, where)
    if arr.shape[1] != 2:
        raise InputError(where, "accessor {index} of texture coordinates is not VEC2",
                         index=index)
    if np.issubdtype(arr.dtype, np.integer) and gltf.accessors[index].normalized:
        return (arr.astype(np.float32) / np.iinfo(arr.dtype).max).astype(np.float32)
    return arr.astype(np.float32)


def decode_image(data: bytes, where: str, index: int,
                 max_side: int = MAX_IMAGE_SIDE) -> np.ndarray:
    """A PNG or JPEG as (h, w, 3 or 4) uint8, row 0 at the top; :class:`InputError` naming
    the image when it is not one, is broken or has a side over ``max_side`` pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in IMAGE_FORMATS:
                raise InputError(where, "image {index} is {format}: only PNG and JPEG are "
                                 "read", index=index, format=img.format)
            width, height = img.size
            if width > max_side or height > max_side or width < 1 or height < 1:
                raise InputError(where, "image {index} is {width}×{height} pixels: at most "
                                 "{limit} a side are read", index=index, width=width,
                                 height=height, limit=max_side)
            mode = "RGBA" if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info \
                else "RGB"
            return np.asarray(img.convert(mode), dtype=np.uint8).copy()
    except InputError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InputError(where, "image {index} cannot be decoded: {why}", index=index,
                         why=str(exc) or type(exc).__name__) from exc


class _Images:
    """The materials of one glTF: base colour and texture per material, each image decoded
    once (on first use)."""

    def __init__(self, gltf: pygltflib.GLTF2, buffers: _Buffers, where: str,
                 source: TileSource | None, uri: str | None):
        self.gltf, self.buffers, self.where = gltf, buffers, where
        self.source, self.uri = source, uri
        self.decoded: dict[int, np.ndarray] = {}

    def group(self, material: Any, start: int, stop: int) -> Group:
        """The :class:`Group` of triangles ``start:stop`` drawn with ``material``."""
        gltf, where = self.gltf, self.where
        if material is None:
            return Group(start, stop)
        if not isinstance(material, int) or not 0 <= material < len(gltf.materials):
            raise InputError(where, "material {index} does not exist", index=material)
        pbr = gltf.materials[material].pbrMetallicRoughness
        rgba = (1.0, 1.0, 1.0, 1.0)
        factor = getattr(pbr, "baseColorFactor", None) if pbr is not None else None
        if factor is not None:
            if not (isinstance(factor, list) and len(factor) == 4
                    and all(isinstance(v, (int, float)) for v in factor)):
                raise InputError(where, "material {index} has a bad baseColorFactor",
                                 index=material)
            rgba = tuple(min(max(float(v), 0.0), 1.0) for v in factor)  # type: ignore[assignment]
        info = getattr(pbr, "baseColorTexture", None) if pbr is not None else None
        if info is None:
            return Group(start, stop, rgba)
        texture = info.index if hasattr(info, "index") else (info or {}).get("index")
        if not isinstance(texture, int) or not 0 <= texture < len(gltf.textures):
            raise InputError(where, "texture {index} does not exist", index=texture)
        image = gltf.textures[texture].source
        if image is None:
            return Group(start, stop, rgba)  # e.g. only an extension's image (KTX2, WebP)
        return Group(start, stop, rgba, self.image(image), image)

    def image(self, index: Any) -> np.ndarray:
        if not isinstance(index, int) or not 0 <= index < len(self.gltf.images):
            raise InputError(self.where, "image {index} does not exist", index=index)
        if index not in self.decoded:
            self.decoded[index] = decode_image(self._bytes(index), self.where, index)
        return self.decoded[index]

    def _bytes(self, index: int) -> bytes:
        img, where = self.gltf.images[index], self.where
        if img.bufferView is not None:
            views = self.gltf.bufferViews
            if not isinstance(img.bufferView, int) or not 0 <= img.bufferView < len(views):
                raise InputError(where, "image {index} names a missing buffer view",
                                 index=index)
            view = views[img.bufferView]
            start = view.byteOffset or 0
            if not 0 <= view.buffer < len(self.buffers.data) or start < 0 or \
                    start + view.byteLength > len(self.buffers.data[view.buffer]):
                raise InputError(where, "image {index} passes the end of its buffer",
                                 index=index)
            return self.buffers.data[view.buffer][start:start + view.byteLength]
        uri = img.uri
        if not isinstance(uri, str) or not uri:
            raise InputError(where, "image {index} has neither a buffer view nor a uri",
                             index=index)
        if uri.startswith("data:"):
            try:
                return base64.b64decode(uri.split(",", 1)[1], validate=False)
            except (IndexError, ValueError) as exc:
                raise InputError(where, "image {index} has a bad data uri",
                                 index=index) from exc
        if self.source is None or self.uri is None:
            raise InputError(where, "image uri {uri} cannot be read from here", uri=uri[:200])
        try:
            return self.source.read(join_uri(self.uri, uri))
        except ValueError:
            raise InputError(where, "image uri {uri} leaves the tileset's folder",
                             uri=uri[:200]) from None
