"""3D Tiles 1.1 implicit tiling: subtree files, availability bitstreams, template URIs.

Pure helpers (Morton indices, subdivided bounding volumes, template expansion) and a checked
reader of ``.subtree`` files; :mod:`store.tiles.tileset` uses them to make implicit children
lazily, one subtree file at a time.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

from store.errors import InputError
from store.tiles.source import TileSource, join_uri
from store.tiles.volume import BoundingVolume

MAX_SUBTREE_BITS = 1 << 24
"""Most tiles (and child subtrees) one subtree may describe: bounds the bitstreams read."""


@dataclass(frozen=True)
class Scheme:
    """An implicit tiling: QUADTREE or OCTREE, levels per subtree, levels in all, templates."""

    octree: bool
    subtree_levels: int
    available_levels: int
    subtrees: str
    contents: tuple[str, ...]
    file: str

    @property
    def branching(self) -> int:
        return 8 if self.octree else 4


@dataclass(frozen=True)
class Subtree:
    """Availability of one subtree: tiles and contents by level-order Morton index."""

    tiles: np.ndarray
    contents: tuple[np.ndarray, ...]
    children: np.ndarray


def morton(coords: tuple[int, ...]) -> int:
    """Interleave the bits of (x, y) or (x, y, z), x lowest.

    Examples
    --------
    >>> morton((1, 0)), morton((0, 1)), morton((3, 3)), morton((1, 1, 1))
    (1, 2, 15, 7)
    """
    n = len(coords)
    out = 0
    for bit in range(32):
        for axis, c in enumerate(coords):
            out |= ((c >> bit) & 1) << (bit * n + axis)
    return out


def level_offset(level: int, branching: int) -> int:
    """Index of a subtree's first tile at relative ``level`` (levels before it, all full).

    >>> level_offset(0, 4), level_offset(1, 4), level_offset(2, 4), level_offset(2, 8)
    (0, 1, 5, 9)
    """
    return (branching ** level - 1) // (branching - 1)


def expand(template: str, level: int, coords: tuple[int, ...]) -> str:
    """A template uri with ``{level}``, ``{x}``, ``{y}`` (and ``{z}``) filled in.

    >>> expand("content/{level}__{x}_{y}.glb", 5, (3, 22))
    'content/5__3_22.glb'
    """
    out = template.replace("{level}", str(level))
    for name, value in zip("xyz", coords, strict=False):
        out = out.replace("{" + name + "}", str(value))
    return out


def subdivide(bv: BoundingVolume, level: int, coords: tuple[int, ...]) -> BoundingVolume:
    """The bounding volume of the tile at ``level``, ``coords`` inside the root's ``bv``.

    Examples
    --------
    >>> subdivide(BoundingVolume("box", (0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1)), 1, (1, 0)).values
    (1.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)
    """
    n = 2 ** level
    octree = len(coords) == 3
    if bv.kind == "box":
        v = np.asarray(bv.values, dtype=np.float64)
        centre, axes = v[:3].copy(), v[3:].reshape(3, 3).copy()
        for i, c in enumerate(coords):  # a quadtree keeps the z half-axis whole
            centre += axes[i] * (-1 + (2 * c + 1) / n)
            axes[i] /= n
        return BoundingVolume("box", tuple(np.concatenate([centre, axes.ravel()]).tolist()))
    if bv.kind == "region":
        west, south, east, north, low, high = bv.values
        dx, dy = (east - west) / n, (north - south) / n
        x, y = coords[0], coords[1]
        if octree:
            dz = (high - low) / n
            low, high = low + dz * coords[2], low + dz * (coords[2] + 1)
        return BoundingVolume("region", (west + dx * x, south + dy * y, west + dx * (x + 1),
                                         south + dy * (y + 1), low, high))
    raise ValueError(bv.kind)


def _bits(spec: Any, views: list[bytes], count: int, where: str, what: str) -> np.ndarray:
    if isinstance(spec, dict) and "constant" in spec:
        if spec["constant"] not in (0, 1):
            raise InputError(where, "{part} constant must be 0 or 1", part=what)
        return np.full(count, bool(spec["constant"]))
    index = spec.get("bitstream", spec.get("bufferView")) if isinstance(spec, dict) else None
    if not isinstance(index, int) or not 0 <= index < len(views):
        raise InputError(where, "{part} names no buffer view", part=what)
    data = views[index]
    if len(data) * 8 < count:
        raise InputError(where, "{part} has {bits} bits for {count} tiles", part=what,
                         bits=len(data) * 8, count=count)
    return np.unpackbits(np.frombuffer(data, np.uint8), bitorder="little")[:count].astype(bool)


def read_subtree(source: TileSource, uri: str, scheme: Scheme) -> Subtree:
    """The checked :class:`Subtree` of the ``.subtree`` file at ``uri``."""
    where = source.name(uri)
    data = source.read(uri)
    if len(data) < 24 or data[:4] != b"subt":
        raise InputError(where, "not a subtree file")
    _, version, json_len, bin_len = struct.unpack_from("<4sIQQ", data)
    if version != 1:
        raise InputError(where, "subtree version {version} is not supported (only 1)",
                         version=version)
    if 24 + json_len + bin_len > len(data):
        raise InputError(where, "the subtree's chunk lengths pass the end of the file")
    try:
        doc = json.loads(data[24:24 + json_len].rstrip(b" \x00"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, "the subtree JSON is not JSON: {why}", why=str(exc)) from exc
    if not isinstance(doc, dict):
        raise InputError(where, "the subtree JSON is not an object")
    binary = data[24 + json_len:24 + json_len + bin_len]
    buffers: list[bytes] = []
    for i, buf in enumerate(doc.get("buffers", [])):
        if not isinstance(buf, dict) or not isinstance(buf.get("byteLength"), int):
            raise InputError(where, "subtree buffer {index} has no byteLength", index=i)
        if "uri" in buf:
            try:
                blob = source.read(join_uri(uri, str(buf["uri"])))
            except ValueError:
                raise InputError(where, "buffer uri {uri} leaves the tileset's folder",
                                 uri=buf["uri"]) from None
        else:
            blob = binary
        if len(blob) < buf["byteLength"]:
            raise InputError(where, "subtree buffer {index} is shorter than its byteLength",
                             index=i)
        buffers.append(blob)
    views: list[bytes] = []
    for i, view in enumerate(doc.get("bufferViews", [])):
        b, off, n = (view.get(k) for k in ("buffer", "byteOffset", "byteLength")) \
            if isinstance(view, dict) else (None, None, None)
        off = 0 if off is None else off
        if not all(isinstance(v, int) for v in (b, off, n)) or not 0 <= b < len(buffers) \
                or off < 0 or n < 0 or off + n > len(buffers[b]):
            raise InputError(where, "subtree buffer view {index} is out of bounds", index=i)
        views.append(buffers[b][off:off + n])
    tiles_n = level_offset(scheme.subtree_levels, scheme.branching)
    children_n = scheme.branching ** scheme.subtree_levels
    contents = doc.get("contentAvailability", [])
    if not isinstance(contents, list):
        raise InputError(where, "contentAvailability must be a list")
    return Subtree(
        tiles=_bits(doc.get("tileAvailability"), views, tiles_n, where, "tileAvailability"),
        contents=tuple(_bits(c, views, tiles_n, where, "contentAvailability")
                       for c in contents),
        children=_bits(doc.get("childSubtreeAvailability"), views, children_n, where,
                       "childSubtreeAvailability"))
