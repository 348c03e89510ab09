"""View ▸ Level of detail…: how much detail the 3D view draws, and how much memory tiles may use.

The dialog only views and changes ``model.lod`` (:class:`layers.lod_settings.LodSettings`); the
scene follows the model. The choice is the user's, not the cache's (a laptop and a workstation
differ), so it is kept in the user's settings (QSettings) and applied to every window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from layers.haze import VISIBILITY_RANGE
from layers.lod_settings import BUDGET_RANGE, SSE_RANGE, LodSettings

#: Keys in the user's settings.
SSE_KEY = "lod/max_sse"
BUDGET_KEY = "lod/budget_mb"
FAR_KEY = "lod/far_coarser"
HAZE_KEY = "lod/haze"
VISIBILITY_KEY = "lod/visibility_km"


def settings() -> QSettings:
    """The user's settings file (organisation and application cimview)."""
    return QSettings("cimview", "cimview")


def load_lod(lod: LodSettings, store: QSettings | None = None) -> None:
    """Apply the user's saved level-of-detail settings (nothing saved: the defaults)."""
    store = store or settings()
    values: dict[str, Any] = {}
    for key, name, kind in ((SSE_KEY, "max_sse", float), (BUDGET_KEY, "budget_mb", int),
                            (VISIBILITY_KEY, "visibility_km", float)):
        raw = store.value(key)
        if raw is None:
            continue
        try:
            values[name] = kind(float(raw))
        except (TypeError, ValueError):
            continue  # a hand-edited file: keep the default
    for key, name in ((FAR_KEY, "far_coarser"), (HAZE_KEY, "haze")):
        raw = store.value(key)
        if raw is not None:
            values[name] = str(raw).lower() in ("true", "1")
    if values:
        lod.update(**values)


def save_lod(lod: LodSettings, store: QSettings | None = None) -> None:
    """Keep the settings for the next windows."""
    store = store or settings()
    store.setValue(SSE_KEY, float(lod.max_sse))
    store.setValue(BUDGET_KEY, int(lod.budget_mb))
    store.setValue(FAR_KEY, bool(lod.far_coarser))
    store.setValue(HAZE_KEY, bool(lod.haze))
    store.setValue(VISIBILITY_KEY, float(lod.visibility_km))
    store.sync()


class LodDialog(QDialog):
    """The settings and what they mean; OK applies them to the model and keeps them."""

    def __init__(self, lod: LodSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.lod = lod
        self.setWindowTitle(self.tr("Level of detail"))
        self.sse = QDoubleSpinBox()
        self.sse.setRange(*SSE_RANGE)
        self.sse.setDecimals(0)
        self.sse.setSuffix(self.tr(" px"))
        self.sse.setValue(lod.max_sse)
        self.budget = QSpinBox()
        self.budget.setRange(*BUDGET_RANGE)
        self.budget.setSingleStep(128)
        self.budget.setSuffix(self.tr(" MB"))
        self.budget.setValue(lod.budget_mb)
        self.far = QCheckBox(self.tr("Coarser far tiles when looking at the horizon"))
        self.far.setChecked(lod.far_coarser)
        self.haze = QCheckBox(self.tr("Haze over the far city near the ground"))
        self.haze.setChecked(lod.haze)
        self.visibility = QDoubleSpinBox()
        self.visibility.setRange(*(v / 1000.0 for v in VISIBILITY_RANGE))
        self.visibility.setDecimals(1)
        self.visibility.setSuffix(self.tr(" km"))
        self.visibility.setValue(lod.visibility_km)
        self.visibility.setEnabled(lod.haze)
        self.haze.toggled.connect(self.visibility.setEnabled)
        form = QFormLayout()
        form.addRow(self.tr("Largest error on screen"), self.sse)
        form.addRow(self.tr("Memory for tiles"), self.budget)
        form.addRow(self.far)
        form.addRow(self.haze)
        form.addRow(self.tr("Visibility in the haze"), self.visibility)
        help_text = QLabel(self.tr(
            "Tiles are drawn in more detail until what a simpler tile would leave out is "
            "smaller than this many pixels on screen (16 px, as CesiumJS and QGIS). A smaller "
            "number draws more detail and costs more. When the memory for tiles is used up, "
            "the tiles used least recently are let go and far tiles stay coarser. Seen from "
            "near the ground, the far city is drawn coarser still, as CesiumJS does: a street "
            "view then costs far less, and what changes is kilometres away. The haze fades "
            "the far city into the sky's colour, as CesiumJS's fog does: the first fifth of "
            "the visibility stays clear, and what lies beyond the visibility is lost in the "
            "haze and not drawn. It thins out as the camera rises and is gone from above."))
        help_text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        default = LodSettings()
        self.sse.setValue(default.max_sse)
        self.budget.setValue(default.budget_mb)
        self.far.setChecked(default.far_coarser)
        self.haze.setChecked(default.haze)
        self.visibility.setValue(default.visibility_km)

    def accept(self) -> None:
        self.lod.update(max_sse=self.sse.value(), budget_mb=self.budget.value(),
                        far_coarser=self.far.isChecked(), haze=self.haze.isChecked(),
                        visibility_km=self.visibility.value())
        save_lod(self.lod)
        super().accept()
