"""The ordered list of open layers (napari's LayerList, without Qt).

Order is drawing and panel order: index 0 is the top of the panel. Signals:
``inserted(index, layer)``, ``removed(index, layer)``, ``moved(old, new, layer)`` and
``changed(layer, what)`` relayed from every layer in the list.

Example
-------
>>> from layers.layer import Layer, Source
>>> ll = LayerList([Layer("roads", "vectors", Source(table="roads"))])
>>> ll.append(Layer("parcels", "vectors", Source(table="parcels")))
>>> ll.move("parcels", 0)
>>> ll.names()
['parcels', 'roads']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from layers.events import Signal
from layers.layer import Layer


class LayerList:
    def __init__(self, layers: Iterable[Layer] = ()) -> None:
        self.inserted = Signal()
        self.removed = Signal()
        self.moved = Signal()
        self.changed = Signal()
        self._layers: list[Layer] = []
        for layer in layers:
            self.append(layer)

    # -- reading -----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Layer]:
        return iter(list(self._layers))

    def __len__(self) -> int:
        return len(self._layers)

    def __contains__(self, name: object) -> bool:
        return any(layer.name == name or layer is name for layer in self._layers)

    def __getitem__(self, key: int | str) -> Layer:
        if isinstance(key, int):
            return self._layers[key]
        for layer in self._layers:
            if layer.name == key:
                return layer
        raise KeyError(key)

    def get(self, name: str) -> Layer | None:
        return next((layer for layer in self._layers if layer.name == name), None)

    def index(self, name: str) -> int:
        for i, layer in enumerate(self._layers):
            if layer.name == name:
                return i
        raise KeyError(name)

    def names(self) -> list[str]:
        return [layer.name for layer in self._layers]

    def of_kind(self, *kinds: str) -> list[Layer]:
        return [layer for layer in self._layers if layer.kind in kinds]

    # -- changing ----------------------------------------------------------------------------
    def unique_name(self, base: str) -> str:
        """``base``, or ``base_2``, ``base_3``… when taken."""
        name, n = base, 1
        while name in self:
            n += 1
            name = f"{base}_{n}"
        return name

    def insert(self, index: int, layer: Layer) -> None:
        if layer.name in self:
            raise ValueError(f"a layer named {layer.name!r} is already open")
        index = max(0, min(index, len(self._layers)))
        self._layers.insert(index, layer)
        layer.changed.connect(self.changed.emit)
        self.inserted.emit(index, layer)

    def append(self, layer: Layer) -> None:
        self.insert(len(self._layers), layer)

    def remove(self, name: str) -> Layer:
        i = self.index(name)
        layer = self._layers.pop(i)
        layer.changed.disconnect(self.changed.emit)
        self.removed.emit(i, layer)
        return layer

    def move(self, name: str, index: int) -> None:
        old = self.index(name)
        index = max(0, min(index, len(self._layers) - 1))
        if old == index:
            return
        layer = self._layers.pop(old)
        self._layers.insert(index, layer)
        self.moved.emit(old, index, layer)

    def clear(self) -> None:
        for name in reversed(self.names()):
            self.remove(name)
