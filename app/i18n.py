"""Interface language: Qt translators for cimview's own strings and Qt's standard dialogs."""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from resources import ROOT

I18N_DIR = ROOT / "i18n"
LANGUAGES = ("zh_CN", "en")
_installed: list[QTranslator] = []
#: Labels of Qt's own file dialog that Qt's zh_CN catalogue leaves in English: translated in
#: cimview's catalogue (Qt asks the translators installed later first, then ours).
QT_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
           QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def system_language() -> str:
    """zh_CN on a Chinese system, else en."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install(app: QCoreApplication, lang: str | None = None) -> str:
    """Switch the translators to lang (default: the system's); returns the language used.

    English is the source language, so 'en' simply removes the translators."""
    lang = lang or system_language()
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang == "en":
        return lang
    own = QTranslator(app)
    if not own.load(str(I18N_DIR / f"cimview_{lang}.qm")):
        raise FileNotFoundError(f"no translation for {lang} in {I18N_DIR}")
    qt = QTranslator(app)
    for translator in (own, qt):
        if translator is own or translator.load(
                f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _installed.append(translator)
    return lang
