"""The data-grade banner across the top of the window, and the words of a grade.

The banner shows the grade that rules what is open (the strongest of the map's layers:
:func:`layers.grades.ruling_grade`) and whether the cache is encrypted. It is hidden for
general (一般) data that is not secret. The model owns the grades; the banner only shows them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from layers.grades import layer_grade_of, marked, ruling_grade
from layers.palette import hex as palette_hex
from store.grades import Grade

_CTX = "GradeBanner"


_BANNER = QT_TRANSLATE_NOOP("GradeBanner", "{0}: for authorised use only; anything shared "
                                           "leaves de-sensitised and on the record ({1})")
_NAMES = {"核心": QT_TRANSLATE_NOOP("GradeBanner", "Core data"),
          "重要": QT_TRANSLATE_NOOP("GradeBanner", "Important data"),
          "一般": QT_TRANSLATE_NOOP("GradeBanner", "General data")}
_SHORT = {"核心": QT_TRANSLATE_NOOP("GradeBanner", "core"),
          "重要": QT_TRANSLATE_NOOP("GradeBanner", "important"),
          "一般": QT_TRANSLATE_NOOP("GradeBanner", "general")}
_SECRET = QT_TRANSLATE_NOOP("GradeBanner", "secret")
_GRADE = QT_TRANSLATE_NOOP("GradeBanner", "Data grade: {0} (GB/T 43697-2024)")
_POSITIONS = QT_TRANSLATE_NOOP("GradeBanner", "Positions are sensitive")
_SENSITIVE = QT_TRANSLATE_NOOP("GradeBanner", "Sensitive fields: {0}")
_PERSONAL = QT_TRANSLATE_NOOP("GradeBanner", "Personal fields (masked on export): {0}")
_STATED = QT_TRANSLATE_NOOP("GradeBanner", "Stated by the platform")
_TITLE = QT_TRANSLATE_NOOP("GradeBanner", "Data grade")
_ENCRYPTED = QT_TRANSLATE_NOOP("GradeBanner", "the cache is encrypted")
_PLAIN = QT_TRANSLATE_NOOP("GradeBanner", "the cache is NOT encrypted")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def grade_words(grade: Grade) -> str:
    """``重要数据 · 涉密`` / ``Important data · secret`` in the interface's language."""
    name = _tr(_NAMES[grade.grade])
    return f"{name} · {_tr(_SECRET)}" if grade.secret else name


def grade_mark(grade: Grade | None) -> str:
    """The short mark a layer row carries (empty for general data that is not secret)."""
    if grade is None or not marked(grade):
        return ""
    short = _tr(_SHORT[grade.grade])
    return f"{short} · {_tr(_SECRET)}" if grade.secret else short


def grade_tooltip(grade: Grade) -> str:
    """What a layer's grade means: its level, flags and the fields it protects."""
    lines = [_tr(_GRADE).format(grade_words(grade))]
    if grade.coordinates_sensitive:
        lines.append(_tr(_POSITIONS))
    if grade.sensitive_fields:
        lines.append(_tr(_SENSITIVE).format(", ".join(grade.sensitive_fields)))
    if grade.personal_fields:
        lines.append(_tr(_PERSONAL).format(", ".join(grade.personal_fields)))
    if grade.source == "platform":
        lines.append(_tr(_STATED))
    return "\n".join(lines)


class GradeBanner(QToolBar):
    """A full-width, fixed bar with the ruling grade; hidden for general data."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_tr(_TITLE), parent)
        self.setObjectName("gradeBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.label = QLabel()
        self.label.setObjectName("grade banner text")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addWidget(self.label)
        self.setVisible(False)

    def show_grades(self, layers: Any, grades: Any, encrypted: bool) -> None:
        """Show the grade ruling ``layers`` (hidden when none is above general)."""
        grade = ruling_grade(layers, grades)
        if not marked(grade):
            self.setVisible(False)
            self.label.clear()
            return
        assert grade is not None
        key = "grade_core" if grade.grade == "核心" else "grade_important"
        state = _tr(_ENCRYPTED) if encrypted else _tr(_PLAIN)
        self.label.setText(_tr(_BANNER).format(
                                   grade_words(grade), state))
        self.setStyleSheet(f"QToolBar {{ background: {palette_hex(key)}; border: none; }} "
                           f"QLabel {{ color: {palette_hex('grade_banner_text')}; "
                           "font-weight: bold; padding: 2px 6px; }")
        self.setVisible(True)


def layer_mark(layer: Any, grades: Any) -> tuple[str, str]:
    """(mark, tooltip) of a layer row."""
    grade = layer_grade_of(layer, grades)
    if grade is None:
        return "", ""
    return grade_mark(grade), grade_tooltip(grade)


__all__ = ["GradeBanner", "grade_mark", "grade_tooltip", "grade_words", "layer_mark"]
