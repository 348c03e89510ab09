"""tileset.json (3D Tiles 1.0 and 1.1) as a lazy tree of :class:`Tile`.

Each tile keeps its geometric error, refinement (inherited when absent), bounding volume in
its own frame, its transform and the world matrix composed down the tree. A content uri ending
in ``.json`` is an external tileset: it is read only when :meth:`Tileset.children` asks for the
tile's children. Every read is bounded (bytes, by the source), every tree by depth and count.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from store.boundary import boundary
from store.errors import InputError
from store.tiles import implicit
from store.tiles.source import TileSource, join_uri
from store.tiles.volume import BoundingVolume

__all__ = ["BoundingVolume", "Limits", "Tile", "Tileset", "world_volume"]

VERSIONS = ("1.0", "1.1")
"""tileset.json asset versions read."""


@dataclass(frozen=True)
class Limits:
    """Bounds of one tileset walk: tree depth, tiles in all, nested external tilesets."""

    max_depth: int = 64
    max_tiles: int = 200_000
    max_external: int = 16


@dataclass
class Tile:
    """One tile. ``world`` is the 4×4 matrix from this tile's frame to the tileset's frame."""

    geometric_error: float
    refine: str
    bounding_volume: BoundingVolume
    transform: np.ndarray
    world: np.ndarray
    content_uris: list[str]
    depth: int
    file: str
    """uri of the tileset file that declared the tile (relative to the source root)."""
    external: str | None = None
    """uri of the external tileset this tile's content points to, if it does."""
    external_chain: tuple[str, ...] = ()
    scheme: implicit.Scheme | None = None
    """The implicit tiling this tile belongs to, if any (its children are made lazily)."""
    level: int = 0
    coords: tuple[int, ...] = ()
    """Level and (x, y[, z]) of an implicit tile in its tiling."""
    subtree: implicit.Subtree | None = field(default=None, repr=False)
    subtree_at: tuple[int, tuple[int, ...]] = (0, ())
    implicit_root: Tile | None = field(default=None, repr=False)
    _children: list[Tile] | None = field(default=None, repr=False)

    @property
    def loaded(self) -> bool:
        """Whether the children are known (an external tileset not yet read is not)."""
        return self._children is not None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _numbers(value: Any, n: int) -> bool:
    return isinstance(value, list) and len(value) == n and all(_number(v) for v in value)


def parse_bounding_volume(bv: Any, where: str, tile: str) -> BoundingVolume:
    """A checked :class:`BoundingVolume` from its JSON object; :class:`InputError` if unusable."""
    if not isinstance(bv, dict):
        raise InputError(where, "the tile has no bounding volume", feature=tile)
    if "box" in bv:
        if not _numbers(bv["box"], 12):
            raise InputError(where, "boundingVolume.box must be 12 finite numbers", feature=tile)
        return BoundingVolume("box", tuple(float(v) for v in bv["box"]))
    if "region" in bv:
        r = bv["region"]
        if not _numbers(r, 6):
            raise InputError(where, "boundingVolume.region must be 6 finite numbers",
                             feature=tile)
        west, south, east, north, low, high = r
        if not (-math.pi / 2 <= south <= north <= math.pi / 2 and low <= high
                and abs(west) <= math.pi and abs(east) <= math.pi):
            raise InputError(where, "boundingVolume.region {region} is not west, south, east, "
                             "north in radians and min, max height", feature=tile, region=r)
        return BoundingVolume("region", tuple(float(v) for v in r))
    if "sphere" in bv:
        s = bv["sphere"]
        if not _numbers(s, 4) or s[3] < 0:
            raise InputError(where, "boundingVolume.sphere must be 4 finite numbers with a "
                             "radius of 0 or more", feature=tile)
        return BoundingVolume("sphere", tuple(float(v) for v in s))
    raise InputError(where, "the bounding volume has none of box, region, sphere",
                     feature=tile)


def parse_transform(value: Any, where: str, tile: str) -> np.ndarray:
    """The 4×4 matrix of a column-major ``transform`` (identity when absent)."""
    if value is None:
        return np.eye(4)
    if not _numbers(value, 16):
        raise InputError(where, "transform must be 16 finite numbers", feature=tile)
    return np.array(value, dtype=np.float64).reshape(4, 4).T


def world_volume(bv: BoundingVolume, world: np.ndarray) -> BoundingVolume:
    """A box or sphere carried into the tileset's frame by ``world`` (regions are global).

    Examples
    --------
    >>> m = np.eye(4); m[:3, 3] = 10; m[:3, :3] *= 2
    >>> world_volume(BoundingVolume("sphere", (1, 0, 0, 1)), m).values
    (12.0, 10.0, 10.0, 2.0)
    """
    if bv.kind == "region":
        return bv
    v = np.asarray(bv.values, dtype=np.float64)
    centre = world[:3, :3] @ v[:3] + world[:3, 3]
    if bv.kind == "box":
        axes = world[:3, :3] @ v[3:].reshape(3, 3).T
        return BoundingVolume("box", tuple(np.concatenate([centre, axes.T.ravel()]).tolist()))
    scale = float(np.linalg.norm(world[:3, :3], axis=0).max())
    return BoundingVolume("sphere", (*centre.tolist(), float(v[3] * scale)))


class Tileset:
    """A tileset read from a :class:`TileSource`, its tree expanded as far as asked.

    Parameters
    ----------
    source : where the files come from.
    uri : the tileset file, relative to the source root.
    limits : bounds of depth, tile count and external nesting.
    """

    def __init__(self, source: TileSource, uri: str = "tileset.json",
                 limits: Limits | None = None):
        self.source = source
        self.limits = limits or Limits()
        self.count = 0
        self.uri = uri
        with boundary(source.name(uri)):
            doc = self._document(uri)
            self.version: str = doc["asset"]["version"]
            self.geometric_error: float = float(doc["geometricError"])
            self.gltf_up_axis: str = doc["asset"].get("gltfUpAxis", "Y")
            """Up axis of the glTF content (1.0 ``asset.gltfUpAxis``): pass to read_content."""
            if self.gltf_up_axis not in ("Y", "Z"):
                raise InputError(source.name(uri), "gltfUpAxis {axis} is not supported (Y or "
                                 "Z)", axis=self.gltf_up_axis)
            self.root = self._tile(doc.get("root"), uri, np.eye(4), None, 0, (uri,), "root")

    def _document(self, uri: str) -> dict:
        where = self.source.name(uri)
        data = self.source.read(uri)
        try:
            doc = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(where, "not a JSON file: {why}", why=str(exc)) from exc
        if not isinstance(doc, dict):
            raise InputError(where, "a tileset file must hold a JSON object")
        asset = doc.get("asset")
        version = asset.get("version") if isinstance(asset, dict) else None
        if version not in VERSIONS:
            raise InputError(where, "3D Tiles version {version} is not supported (only "
                             "{supported})", version=version, supported=", ".join(VERSIONS))
        if not _number(doc.get("geometricError")) or doc["geometricError"] < 0:
            raise InputError(where, "the tileset's geometricError must be a number of 0 or "
                             "more")
        if not isinstance(doc.get("root"), dict):
            raise InputError(where, "the tileset has no root tile")
        return doc

    def _tile(self, node: Any, file: str, parent_world: np.ndarray, parent_refine: str | None,
              depth: int, chain: tuple[str, ...], name: str) -> Tile:
        where = self.source.name(file)
        if not isinstance(node, dict):
            raise InputError(where, "a tile must be a JSON object", feature=name)
        if depth > self.limits.max_depth:
            raise InputError(where, "the tree is deeper than {limit} levels", feature=name,
                             limit=self.limits.max_depth)
        self.count += 1
        if self.count > self.limits.max_tiles:
            raise InputError(where, "the tileset has more than {limit} tiles", feature=name,
                             limit=self.limits.max_tiles)
        ge = node.get("geometricError")
        if not _number(ge) or ge < 0:
            raise InputError(where, "geometricError must be a number of 0 or more",
                             feature=name)
        refine = node.get("refine", parent_refine or "REPLACE")
        if not isinstance(refine, str) or refine.upper() not in ("ADD", "REPLACE"):
            raise InputError(where, "refine is {refine}: it must be ADD or REPLACE",
                             feature=name, refine=refine)
        transform = parse_transform(node.get("transform"), where, name)
        tile = Tile(geometric_error=float(ge), refine=refine.upper(),
                    bounding_volume=parse_bounding_volume(node.get("boundingVolume"), where,
                                                          name),
                    transform=transform, world=parent_world @ transform, content_uris=[],
                    depth=depth, file=file, external_chain=chain)
        if "implicitTiling" in node:
            self._implicit_root(tile, node, where, name)
            return tile
        contents = node.get("contents")
        if contents is None:
            contents = [node["content"]] if "content" in node else []
        if not isinstance(contents, list):
            raise InputError(where, "contents must be a list", feature=name)
        for content in contents:
            uri = content.get("uri", content.get("url")) if isinstance(content, dict) else None
            if not isinstance(uri, str) or not uri:
                raise InputError(where, "a content has no uri", feature=name)
            try:
                resolved = join_uri(file, uri)
            except ValueError:
                raise InputError(where, "content uri {uri} leaves the tileset's folder",
                                 feature=name, uri=uri) from None
            if resolved.lower().endswith(".json"):
                tile.external = resolved
            else:
                tile.content_uris.append(resolved)
        kids = node.get("children", [])
        if not isinstance(kids, list):
            raise InputError(where, "children must be a list", feature=name)
        if tile.external is None:
            tile._children = [
                self._tile(kid, file, tile.world, tile.refine, depth + 1, chain,
                           f"{name}/{i}") for i, kid in enumerate(kids)]
        elif kids:
            raise InputError(where, "a tile pointing to an external tileset has children",
                             feature=name)
        return tile

    def _implicit_root(self, tile: Tile, node: dict, where: str, name: str) -> None:
        spec = node["implicitTiling"]
        if tile.bounding_volume.kind not in ("box", "region"):
            raise InputError(where, "an implicit tiling needs a box or region bounding volume",
                             feature=name)
        ok = isinstance(spec, dict) and spec.get("subdivisionScheme") in ("QUADTREE", "OCTREE")
        levels = [spec.get(k) for k in ("subtreeLevels", "availableLevels")] if ok else []
        subtrees = spec.get("subtrees", {}).get("uri") if ok and isinstance(
            spec.get("subtrees"), dict) else None
        if not ok or not all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 64
                             for v in levels) or not isinstance(subtrees, str):
            raise InputError(where, "implicitTiling needs a subdivisionScheme QUADTREE or "
                             "OCTREE, subtreeLevels and availableLevels from 1 to 64 and a "
                             "subtrees uri", feature=name)
        contents = node.get("contents") or ([node["content"]] if "content" in node else [])
        templates = []
        for content in contents if isinstance(contents, list) else [None]:
            uri = content.get("uri") if isinstance(content, dict) else None
            if not isinstance(uri, str) or not uri:
                raise InputError(where, "a content has no uri", feature=name)
            templates.append(uri)
        if implicit.level_offset(levels[0] + 1, 8 if spec["subdivisionScheme"] == "OCTREE"
                                 else 4) > implicit.MAX_SUBTREE_BITS:
            raise InputError(where, "subtreeLevels {levels} makes subtrees too large to read",
                             feature=name, levels=levels[0])
        tile.scheme = implicit.Scheme(
            octree=spec["subdivisionScheme"] == "OCTREE", subtree_levels=levels[0],
            available_levels=levels[1], subtrees=subtrees, contents=tuple(templates),
            file=tile.file)
        tile.coords = (0, 0, 0) if tile.scheme.octree else (0, 0)
        tile.implicit_root = tile
        tile.subtree = self._subtree(tile.scheme, 0, tile.coords, where, name)
        tile.subtree_at = (0, tile.coords)
        tile.content_uris = self._implicit_contents(tile.scheme, tile.subtree, 0, 0,
                                                    tile.coords)

    def _resolve(self, scheme: implicit.Scheme, template: str, level: int,
                 coords: tuple[int, ...]) -> str:
        uri = implicit.expand(template, level, coords)
        try:
            return join_uri(scheme.file, uri)
        except ValueError:
            raise InputError(self.source.name(scheme.file), "uri {uri} leaves the tileset's "
                             "folder", uri=uri) from None

    def _subtree(self, scheme: implicit.Scheme, level: int, coords: tuple[int, ...],
                 where: str, name: str) -> implicit.Subtree:
        subtree = implicit.read_subtree(
            self.source, self._resolve(scheme, scheme.subtrees, level, coords), scheme)
        if not subtree.tiles[0]:
            raise InputError(where, "subtree {level}/{coords} says its own root is not "
                             "available", feature=name, level=level, coords=list(coords))
        return subtree

    def _implicit_contents(self, scheme: implicit.Scheme, subtree: implicit.Subtree,
                           bit: int, level: int, coords: tuple[int, ...]) -> list[str]:
        return [self._resolve(scheme, template, level, coords)
                for template, available in zip(scheme.contents, subtree.contents, strict=False)
                if available[bit]]

    def _implicit_children(self, tile: Tile) -> list[Tile]:
        scheme, root = tile.scheme, tile.implicit_root
        assert scheme is not None and root is not None and tile.subtree is not None
        level = tile.level + 1
        if level >= scheme.available_levels:
            return []
        where = self.source.name(scheme.file)
        sub_level, sub_coords = tile.subtree_at
        rel = level - sub_level
        out = []
        for c in range(scheme.branching):
            coords = tuple(2 * v + ((c >> axis) & 1) for axis, v in enumerate(tile.coords))
            local = tuple(v - s * 2 ** rel for v, s in zip(coords, sub_coords, strict=True))
            name = f"{level}/" + "/".join(map(str, coords))
            if rel < scheme.subtree_levels:
                subtree, at = tile.subtree, tile.subtree_at
                bit = implicit.level_offset(rel, scheme.branching) + implicit.morton(local)
                if not subtree.tiles[bit]:
                    continue
            else:
                if not tile.subtree.children[implicit.morton(local)]:
                    continue
                subtree, at, bit = self._subtree(scheme, level, coords, where, name), \
                    (level, coords), 0
            self.count += 1
            if self.count > self.limits.max_tiles or tile.depth + 1 > self.limits.max_depth:
                raise InputError(where, "the implicit tiling passes {limit} tiles or {depth} "
                                 "levels", feature=name, limit=self.limits.max_tiles,
                                 depth=self.limits.max_depth)
            out.append(Tile(
                geometric_error=root.geometric_error / 2 ** level, refine=root.refine,
                bounding_volume=implicit.subdivide(root.bounding_volume, level, coords),
                transform=np.eye(4), world=tile.world,
                content_uris=self._implicit_contents(scheme, subtree, bit, level, coords),
                depth=tile.depth + 1, file=tile.file, external_chain=tile.external_chain,
                scheme=scheme, level=level, coords=coords, subtree=subtree, subtree_at=at,
                implicit_root=root))
        return out

    def children(self, tile: Tile) -> list[Tile]:
        """The tile's children, reading its external tileset on first call (bounded, no cycles).

        Implicit tiles make their children from the subtree availability on first call,
        reading a child subtree file only when one of its tiles is asked for. Any failure
        is a :class:`~store.errors.CimviewError` naming the file (store.boundary)."""
        with boundary(self.source.name(tile.external or tile.file)):
            return self._children_of(tile)

    def _children_of(self, tile: Tile) -> list[Tile]:
        if tile._children is None and tile.scheme is not None:
            tile._children = self._implicit_children(tile)
        if tile._children is None:
            uri = tile.external
            where = self.source.name(tile.file)
            if uri in tile.external_chain:
                raise InputError(where, "external tileset {uri} refers back to itself",
                                 uri=uri)
            if len(tile.external_chain) > self.limits.max_external:
                raise InputError(where, "more than {limit} nested external tilesets",
                                 limit=self.limits.max_external)
            doc = self._document(uri)
            tile._children = [self._tile(doc["root"], uri, tile.world, tile.refine,
                                         tile.depth + 1, (*tile.external_chain, uri), "root")]
        return tile._children

    def walk(self, tile: Tile | None = None):
        """Every tile depth first, external tilesets read as met (bounded by :class:`Limits`)."""
        stack = [tile or self.root]
        while stack:
            t = stack.pop()
            yield t
            stack.extend(reversed(self.children(t)))
