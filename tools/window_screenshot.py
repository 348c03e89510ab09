"""Capture the window on the sample city, as the README shows it (needs an X display: Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python tools/window_screenshot.py \
        {map|bim|review} CACHE OUT.png

``map``: the city as a map in the Chinese interface, housing coloured by safety grade with its
legend. ``bim``: reviewing the proposal's BIM (X-ray, a wall selected). ``review``: Review ▸
Run review on the proposal, its failing rule selected in the Plan review dock.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.main_window import MainWindow

    what, cache, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
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
    if what in ("bim", "review"):
        w.open_bim(sorted((cache.parent / "proposals").glob("*.ifc"))[0])
        pump(20)
        while w.is_bim_loading:
            pump()
        pump(50)
    if what == "review":
        w.run_review_action.trigger()
        pump(20)
        while w.review.is_running:
            pump()
        from PySide6.QtCore import Qt

        w.resizeDocks([w.review_dock], [780], Qt.Orientation.Vertical)  # room for every rule
        pump(20)
        panel = w.review_panel
        failing = [r for r in range(panel.table.rowCount())
                   if (f := w.model.review.result.finding(panel.row_rule(r) or "")) and f.failed]
        if failing:
            panel.table.selectRow(failing[0])  # flies to the neighbour that loses sunlight
            panel.table.scrollToItem(panel.table.item(failing[0], 0))
        pump(150)
        w.view.zoom(0.6)  # step back: the proposal in the picture too
        pump(100)
    elif what == "bim":
        wall = next(i for i, e in w.bim.elements.items() if e.ifc_class == "IfcWall")
        w.select_bim_element(wall, fly=False)
        w.view.zoom(0.5)
        w.bim_panel.xray.setChecked(True)
        pump(100)
    else:
        w.housing_panel.set_theme("safety_grade")
        pump(50)
    app.primaryScreen().grabWindow(0).save(str(out))
    w.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
