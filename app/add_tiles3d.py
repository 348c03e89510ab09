"""The "Add 3D Tiles layer…" dialog: a folder holding tileset.json (inside the cache's folder)
or a URL; OK opens the tileset, registers it in the cache and adds its layer on top of the map
(:func:`layers.tiles3d.add_tileset`). A tileset that cannot be opened or placed is said here,
in words naming it, and nothing is added."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.messages import sentence, word_error
from store.errors import CimviewError

if TYPE_CHECKING:
    from layers.layer import Layer
    from layers.model import CityModel


class AddTilesetDialog(QDialog):
    """Choose a tileset folder (or type a URL) and a title; OK adds the layer."""

    def __init__(self, model: CityModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.added: Layer | None = None
        self.setWindowTitle(self.tr("Add 3D Tiles layer"))
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("A folder with tileset.json, or a URL"))
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.browse)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. 倾斜摄影 珠湾区"))
        form = QFormLayout()
        form.addRow(self.tr("Tileset:"), row)
        form.addRow(self.tr("Title:"), self.title)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of a 3D Tiles tileset"))
        if folder:
            self.location.setText(folder)

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add(self) -> Layer | None:
        """Register and add the tileset; on failure say why here and add nothing."""
        from layers.tiles3d import add_tileset

        location = self.location.text().strip()
        if not location:
            self._say(self.tr("Choose a folder holding tileset.json, or type a URL."))
            return None
        try:
            self.added = add_tileset(self.model, location, self.title.text().strip())
        except CimviewError as exc:
            self._say(word_error(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - an unexpected failure, still a sentence
            self._say(f"{location}: {sentence(exc)}")
            return None
        self._say("")
        return self.added

    def accept(self) -> None:
        if self.add() is not None:
            super().accept()


__all__ = ["AddTilesetDialog"]
