"""Loading a BIM model (IFC) off the GUI thread.

:class:`BimWorker` runs ``store.bim.loader.load_bim`` on a QThread with its own connection to
the cache (tessellation itself runs in a separate process; results are cached by file hash).
It reports progress, and ends with exactly one of ``finished`` (a BimModel), ``cancelled`` or
``failed`` (the message; an InputError names the file and the problem). ``cancel`` may be called
from the GUI thread at any time: the loader polls it.

Connect the signals to bound methods of QObjects living on the GUI thread (never lambdas), so
Qt queues the calls onto that thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.messages import sentence, word
from store.cache import Cache
from store.errors import CimviewError


class BimWorker(QObject):
    """Loads one IFC file; emits progress, then finished, cancelled or failed."""

    progress = Signal(float, str)  # fraction 0..1, what is being done
    finished = Signal(object)  # store.bim.model.BimModel
    cancelled = Signal()
    failed = Signal(str)
    done = Signal()  # always last: the thread may end

    def __init__(self, file: Path, cache: Path | None):
        super().__init__()
        self.file, self.cache = Path(file), cache
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the load to stop (thread-safe); it ends with ``cancelled``."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, fraction: float, message: str = "") -> None:
        self.progress.emit(float(fraction), word(message))

    def run(self) -> None:
        from store.bim.loader import LoadCancelled, load_bim

        try:
            if self.cache is not None:
                with Cache.open(self.cache) as cache:
                    model = load_bim(self.file, cache, progress=self._progress,
                                     cancel=self.is_cancelled)
            else:
                model = load_bim(self.file, None, progress=self._progress,
                                 cancel=self.is_cancelled)
        except LoadCancelled:
            self.cancelled.emit()
        except CimviewError as exc:
            text = word(exc)
            if str(self.file) not in text and self.file.name not in text:
                text = f"{self.file}: {text}"
            self.failed.emit(text)
        except Exception as exc:  # a bug, or a file the loader did not foresee: say so
            self.failed.emit(f"{self.file}: {sentence(exc)}")
        else:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(model)
        self.done.emit()
