"""Bookmarks: a view (camera, visible layers, underground mode) saved in the cache by name,
listed in the *Bookmarks* menu and restored from it.

Words are translated in the ``MainWindow`` context, where they were before this controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QInputDialog, QMenu

if TYPE_CHECKING:
    from app.controllers.host import WindowHost


class BookmarksController(QObject):
    """Saves and restores the views of one main window."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window

    def fill_menu(self, menu: QMenu) -> None:
        """The menu: *Save current view…*, then every saved view by name."""
        from store.bookmarks import bookmarks

        w = self.window
        menu.clear()
        menu.addAction(w._action(QCoreApplication.translate("MainWindow", "&Save current view…"),
                                 w.save_bookmark, "Ctrl+B"))
        if w.cache is None:
            return
        saved = bookmarks(w.cache)
        if saved:
            menu.addSeparator()
        for bm in saved:
            menu.addAction(w._action(bm.name, lambda _=False, n=bm.name: self.go_to(n)))

    def save(self, name: str | None = None) -> None:
        """Save the camera and the visible layers in the cache under a name (asked when
        None)."""
        from store.bookmarks import save_bookmark

        w = self.window
        if w.cache is None:
            return
        if not name:
            name, ok = QInputDialog.getText(
                w, QCoreApplication.translate("MainWindow", "Save view"),  # type: ignore
                QCoreApplication.translate("MainWindow", "Name:"))
            if not ok or not name.strip():
                return
        save_bookmark(w.cache, name.strip(), w.view.camera_state(),
                      w.layer_panel.bookmark_keys(), w.underground_action.isChecked())

    def go_to(self, name: str) -> None:
        """Restore a saved view: camera, visible layers, underground mode."""
        from store.bookmarks import get_bookmark

        w = self.window
        if w.cache is None:
            return
        bm = get_bookmark(w.cache, name)
        if bm is None:
            return
        w.layer_panel.set_visible_keys(bm.layers)
        w.underground_action.setChecked(bm.underground)
        w.view.set_camera_state(bm.camera)
        w.view.request_render()
