"""Sentences for the user, as a template and its values, so that ``app/`` can word them.

``store/`` has no Qt and no translator: it says *what* happened. A :class:`Message` is an
English sentence (it is a ``str``: logs, JSON reports and tests read it as text) that also
carries the template it was made from and the values put into it. ``app/messages.py`` looks the
template up in the translation catalogue and formats the values into the user's language.

Write every sentence meant for a user as a template with named fields, never an f-string::

    raise InputError(path, "transform scale is {scale}: it must be positive", scale=s)
    report.warn(msg("{n} features have no height; {default} m was assumed", n=3, default=9))

``tools/store_messages.py`` collects these templates (the first string literal of an
``msg``/``Message`` call, of any ``...Error(...)`` call, and of ``warn``/``reject``/``repair``/
``note`` calls) into ``app/store_messages.py`` for Qt's ``lupdate``; ``tests/test_i18n.py``
fails on a template without a zh_CN translation.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """An English sentence made from ``template.format(**values)`` that remembers both.

    Examples
    --------
    >>> m = msg("{n} pages fetched", n=3)
    >>> str(m), m.template, m.values
    ('3 pages fetched', '{n} pages fetched', {'n': 3})
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        text = template.format(**values) if values else template
        obj = super().__new__(cls, text)
        obj.template = template
        obj.values = values
        return obj

    def __reduce__(self):  # pickles across the BIM worker process with its template
        return (_rebuild, (self.template, self.values))


def _rebuild(template: str, values: dict[str, Any]) -> Message:
    return Message(template, **values)


def msg(template: str, **values: Any) -> Message:
    """A :class:`Message`: ``msg("{n} pages", n=3)`` is the sentence ``"3 pages"``."""
    return Message(template, **values)


def as_message(text: str) -> Message:
    """``text`` as a Message (a plain ``str`` becomes a template without fields)."""
    return text if isinstance(text, Message) else Message(text)
