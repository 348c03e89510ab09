"""Words for what ``store/`` reports: errors, warnings, anomalies and progress, in zh_CN or en.

``store/`` hands up :class:`~store.messages.Message` objects (an English template and its
values) and :class:`~store.errors.CimviewError` (file, feature, problem). Here the template is
looked up in the ``store`` context of the translation catalogue (``app/store_messages.py`` lists
every template for ``lupdate``; ``tools/store_messages.py`` regenerates it), and the values are
formatted into the translation. A sentence without a translation stays English rather than
being lost.

The window uses the translators installed on the application (``app.i18n.install``); the
command line, which may have no ``QCoreApplication``, calls :func:`use_language` once.

Examples
--------
>>> from store.messages import msg
>>> word(msg("{n} pages fetched", n=3))  # English when no translator is installed
'3 pages fetched'
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

from resources import ROOT
from store.errors import CimviewError
from store.messages import Message

CONTEXT = "store"
_cli: QTranslator | None = None
_PATH_FEATURE = QT_TRANSLATE_NOOP("store", "{path}: feature {feature}: {problem}")
_PATH = QT_TRANSLATE_NOOP("store", "{path}: {problem}")
_FEATURE = QT_TRANSLATE_NOOP("store", "feature {feature}: {problem}")
_FAILURE = QT_TRANSLATE_NOOP("store", "error: {problem}")
_SEPARATOR = QT_TRANSLATE_NOOP("store", "; ")  # between the items of a listed value


def use_language(lang: str | None) -> str:
    """Word messages in ``lang`` (zh_CN or en; default from LANG/LC_ALL) without a Qt app."""
    global _cli
    if lang is None:
        env = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get(
            "LANG", "")
        lang = "zh_CN" if env.startswith("zh") else (
            "zh_CN" if not env and QLocale.system().language() == QLocale.Language.Chinese
            else "en")
    _cli = None
    if lang != "en":
        translator = QTranslator()
        if translator.load(str(ROOT / "i18n" / f"cimview_{lang}.qm")):
            _cli = translator
    return lang


def translate_in(context: str, text: str) -> str:
    """``text`` translated in ``context`` by the command line's translator (itself if none)."""
    return (_cli.translate(context, text) or text) if _cli is not None else text


def tr(template: str) -> str:
    """The translation of one template in the ``store`` context (the template if none)."""
    if QCoreApplication.instance() is not None:
        out = QCoreApplication.translate(CONTEXT, template)
        if out != template or _cli is None:
            return out
    if _cli is not None:
        return _cli.translate(CONTEXT, template) or template
    return template


def word(item: Any) -> str:
    """``item`` (a Message, a CimviewError, any exception or text) as a sentence for the user."""
    if isinstance(item, CimviewError):
        return word_error(item)
    if isinstance(item, Message):
        return _format(tr(item.template), item.values, item)
    if isinstance(item, BaseException):
        return str(item)
    return tr(item) if isinstance(item, str) else str(item)


def word_error(error: CimviewError) -> str:
    """``file: feature F: problem`` in the user's language."""
    problem = word(error.problem)
    if error.path and error.feature:
        return tr(_PATH_FEATURE).format(
            path=error.path, feature=error.feature, problem=problem)
    if error.path:
        return tr(_PATH).format(path=error.path, problem=problem)
    if error.feature:
        return tr(_FEATURE).format(feature=error.feature, problem=problem)
    return problem


def failure(error: CimviewError) -> str:
    """``error: …`` as the command line prints it."""
    return tr(_FAILURE).format(problem=word(error))


def word_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values with every nested Message worded (lists of them joined with '; ')."""
    out = {}
    for key, value in values.items():
        if isinstance(value, Message | CimviewError):
            out[key] = word(value)
        elif isinstance(value, list | tuple) and value and all(
                isinstance(v, Message) for v in value):
            out[key] = tr(_SEPARATOR).join(word(v) for v in value)
        else:
            out[key] = value
    return out


def _format(text: str, values: Mapping[str, Any], fallback: Message) -> str:
    try:
        return text.format(**word_values(values))
    except (KeyError, IndexError, ValueError):  # a translation that lost a field
        return str(fallback)



#: What the operating system says when a file cannot be written or read, in words.
_OS_ERRORS = {
    errno.EACCES: QT_TRANSLATE_NOOP("store", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("store", "permission denied"),
    errno.ENOENT: QT_TRANSLATE_NOOP("store", "no such file or folder"),
    errno.ENOSPC: QT_TRANSLATE_NOOP("store", "the disk is full"),
    errno.EROFS: QT_TRANSLATE_NOOP("store", "the disk is read-only"),
    errno.EISDIR: QT_TRANSLATE_NOOP("store", "it is a folder, not a file"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("store", "a part of the path is not a folder"),
}


def sentence(error: BaseException) -> str:
    """An error for the window: a CimviewError worded; a file the system would not read or
    write, with its name and the reason in words; any other exception (a bug, an odd
    library) with its type named."""
    if isinstance(error, CimviewError):
        return word_error(error)
    if isinstance(error, OSError) and error.errno in _OS_ERRORS:
        problem = tr(_OS_ERRORS[error.errno])
        if error.filename:
            return tr(_PATH).format(path=error.filename, problem=problem)
        return problem
    return f"{type(error).__name__}: {error}"
