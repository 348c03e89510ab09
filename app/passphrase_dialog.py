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


class NewPassphraseDialog(QDialog):
    """A new cache: encrypt it with a passphrase (typed twice), or keep it plain."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, min_length: int = 8):
        super().__init__(parent)
        self.path, self.min_length, self.plain = path, min_length, False
        self.setWindowTitle(self.tr("Encrypt the new cache"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("{0} will hold the city's data on this computer. Encrypted, "
                               "nobody who copies the file can read it without the "
                               "passphrase. Passphrase (at least {1} characters):").format(
                                   path.name, min_length))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase, self.again = QLineEdit(), QLineEdit()
        for edit, name in ((self.passphrase, "passphrase"), (self.again, "again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName(name)
            layout.addWidget(edit)
        self.again.setPlaceholderText(self.tr("The same passphrase again"))
        self.remember = QCheckBox(self.tr("Remember its key in the system keyring"))
        layout.addWidget(self.remember)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.encrypt_button = buttons.addButton(self.tr("Encrypt"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.plain_button = buttons.addButton(self.tr("Keep it plain"),
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.encrypt_button.clicked.connect(self.try_accept)
        self.plain_button.clicked.connect(self._keep_plain)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_accept(self) -> None:
        """Accept when the two passphrases agree and are long enough; else say why."""
        text = self.passphrase.text()
        if len(text) < self.min_length:
            problem = self.tr("The passphrase needs at least {0} characters.").format(
                self.min_length)
        elif text != self.again.text():
            problem = self.tr("The two passphrases differ.")
        else:
            self.accept()
            return
        self.problem.setText(problem)
        self.problem.show()

    def _keep_plain(self) -> None:
        self.plain = True
        self.accept()

    def chosen(self) -> str | None:
        """The passphrase, or None for a plain cache."""
        return None if self.plain else self.passphrase.text()


def new_cache_passphrase(parent: QWidget | None, path: Path) -> tuple[bool, str | None, bool]:
    """Ask how a new cache at ``path`` is kept: (go on, passphrase or None, remember)."""
    dialog = NewPassphraseDialog(path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None, False
    return True, dialog.chosen(), dialog.remember.isChecked() and not dialog.plain


def unlock_cache(parent: QWidget | None, path: Path) -> bool:
    """Whether the cache at ``path`` can be opened: plain, its key known, or the user gave
    the passphrase now."""
    if not cipher.encrypted(path) or cipher.key_for(path) is not None:
        return True
    return PassphraseDialog(path, parent).exec() == QDialog.DialogCode.Accepted


__all__ = ["NewPassphraseDialog", "PassphraseDialog", "new_cache_passphrase", "unlock_cache"]
