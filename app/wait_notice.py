"""A write that waits for another writer says so in the window's status bar.

``store.cache`` calls its ``wait_reporter`` once per waiting write, from whatever thread writes
(usually a worker); :class:`WaitNotice` words the message and carries it to the GUI thread by a
queued signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

import store.cache
from app.messages import word
from store.messages import Message


class WaitNotice(QObject):
    """Emits ``said`` (a worded sentence) whenever a cache write starts waiting its turn."""

    said = Signal(str)

    def install(self) -> None:
        """Become the cache's wait reporter (for this process)."""
        store.cache.wait_reporter = self.report

    def report(self, path: Path, message: Message) -> None:
        self.said.emit(f"{Path(path).name}: {word(message)}")
