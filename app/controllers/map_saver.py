"""The map is kept in the cache: layers, order and styles are saved a moment after they change.

A change to the layer list (added, removed, moved, renamed, restyled, toggled …) starts a
short timer; when it fires, the map is written as JSON into the cache (``layers.project``)
on a worker thread, so a cache busy with a sync never freezes the window. Closing the window
saves at once. A read-only cache, or a write that fails, leaves the map unsaved with a line
in the status bar; the open map itself is never affected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from app.messages import sentence
from layers.project import layers_json, save_text

if TYPE_CHECKING:
    from app.tasks import TaskRunner
    from layers.model import CityModel

#: How long after the last change the map is saved (ms).
SAVE_DELAY_MS = 1500


class MapSaver(QObject):
    """Saves ``model``'s map into its cache after changes, through the window's task runner."""

    def __init__(self, model: CityModel, tasks: TaskRunner, parent: QObject | None = None,
                 report: Any = None) -> None:
        super().__init__(parent)
        self.model, self.tasks, self.report = model, tasks, report
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.save_later)
        for signal in (model.layers.inserted, model.layers.removed, model.layers.moved,
                       model.layers.changed):
            signal.connect(self._changed)

    def _changed(self, *_: object) -> None:
        if self.model.cache is not None and not getattr(self.model.cache, "read_only", False):
            self.timer.start()

    def save_later(self) -> None:
        """Write the map on a worker thread (the JSON is made here, from the GUI thread)."""
        cache = self.model.cache
        if cache is None:
            return
        text = layers_json(list(self.model.layers))
        self.tasks.start("save map", lambda _task: save_text(cache, text),
                         failed=self._failed)

    def save_now(self) -> None:
        """Write the map before the window closes (a pending change is not lost)."""
        if not self.timer.isActive() or self.model.cache is None:
            return
        self.timer.stop()
        try:
            save_text(self.model.cache, layers_json(list(self.model.layers)))
        except Exception as exc:  # noqa: BLE001 - closing must not fail over the map
            self._failed(sentence(exc))

    def _failed(self, message: str) -> None:
        if self.report is not None:
            self.report(self.tr("The map could not be saved in the cache: {0}").format(message))
