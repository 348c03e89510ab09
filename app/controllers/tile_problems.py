"""Tiles that could not be read, told to the user: the status bar names the layer, how many
of its tiles are missing from the picture and why (the first reason, worded with the file).

Streamed views report through the scene's ``FrameContext.tile_failed``; this controller
counts per layer and words it. The counts start again when a cache is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from app.messages import word

if TYPE_CHECKING:
    from app.controllers.host import WindowHost

#: How long the sentence stays in the status bar (ms).
SHOWN_MS = 20_000


class TileProblemsController(QObject):
    """Counts the tiles that failed, per layer, and says so in the status bar."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        #: Tiles failed so far by layer name, and the first reason.
        self.counts: dict[str, int] = {}
        self.reasons: dict[str, str] = {}

    def reset(self) -> None:
        """Forget what failed (another cache was opened)."""
        self.counts.clear()
        self.reasons.clear()

    def tile_failed(self, name: str, exc: BaseException) -> None:
        """One tile of the layer ``name`` could not be made (GUI thread)."""
        self.counts[name] = self.counts.get(name, 0) + 1
        self.reasons.setdefault(name, word(exc))
        self.window.statusBar().showMessage(self.sentence(name), SHOWN_MS)

    def sentence(self, name: str) -> str:
        """What the user reads for the layer ``name``."""
        w = self.window
        layer = w.model.layers.get(name)
        title = layer.label(w.lang) if layer is not None else name
        n = self.counts.get(name, 0)
        if n == 1:
            text = QCoreApplication.translate(
                "MainWindow", "Layer {0}: a tile could not be read and is left out: {1}")
            return text.format(title, self.reasons[name])
        text = QCoreApplication.translate(
            "MainWindow", "Layer {0}: {1} tiles could not be read and are left out; the first: {2}")
        return text.format(title, n, self.reasons[name])
