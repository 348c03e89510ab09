"""The window's question for an encrypted cache's passphrase (:mod:`store.cipher`).

:func:`unlock_cache` asks only when the key is not known yet (this session, ``$CIMVIEW_
PASSPHRASE`` or the keyring); a wrong passphrase is said in the dialog, which stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from store import cipher


class PassphraseDialog(QDialog):
    """Passphrase (hidden), "remember in the keyring", and the reason a try failed."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Encrypted cache"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("{0} is encrypted. Its passphrase:").format(path.name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName("passphrase")
        layout.addWidget(self.passphrase)
        self.remember = QCheckBox(self.tr("Remember its key in the system keyring"))
        layout.addWidget(self.remember)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        """Check the passphrase: accepted when it opens the cache, else say so and stay."""
        from app.messages import word

        text = self.passphrase.text()
        if not text:
            return
        try:
            cipher.unlock(self.path, text, remember=self.remember.isChecked())
        except cipher.WrongKey as exc:
            self.problem.setText(word(exc.problem))
            self.problem.show()
            self.passphrase.selectAll()
            return
        self.accept()


def unlock_cache(parent: QWidget | None, path: Path) -> bool:
    """Whether the cache at ``path`` can be opened: plain, its key known, or the user gave
    the passphrase now."""
    if not cipher.encrypted(path) or cipher.key_for(path) is not None:
        return True
    return PassphraseDialog(path, parent).exec() == QDialog.DialogCode.Accepted


__all__ = ["PassphraseDialog", "unlock_cache"]
