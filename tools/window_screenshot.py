"""The README's window screenshot: the sample city as a map in the Chinese interface, with the
housing stock coloured by safety grade and its legend (needs an X display: Xvfb)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app import i18n
from app.main_window import MainWindow


def main() -> int:
    cache, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    i18n.install(app, "zh_CN")
    w = MainWindow(cache, "zh_CN")
    w.resize(1600, 1000)
    w.show()

    def pump(n: int = 1) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.01)

    while w.view.scene.data is None:
        pump()
    w.housing_panel.set_theme("safety_grade")
    pump(50)
    app.primaryScreen().grabWindow(0).save(str(out))
    w.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
