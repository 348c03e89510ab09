"""3D Tiles reading (Qt-free): tileset trees, external tilesets and tile content as numpy.

Modules: :mod:`store.tiles.source` (where bytes come from, bounded and confined),
:mod:`store.tiles.tileset` (tileset.json 1.0/1.1 into a lazy tree of :class:`Tile`),
:mod:`store.tiles.content` (b3dm, glb and gltf into :class:`Mesh` arrays).
"""
