"""Errors that reach the user: each names the file, the feature and the problem.

The problem is a :class:`~store.messages.Message` (a template and its values), so that
``app/messages.py`` can word the whole error in the user's language; ``str(error)`` is the
English sentence, for logs and the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store.messages import Message, as_message


class CimviewError(Exception):
    """Base class of errors cimview reports to the user as a message, not a traceback.

    ``CimviewError("no display: {why}", why=...)``: the template and its values; ``path``
    and ``feature`` (when given) are named before the problem."""

    def __init__(self, problem: str, *, path: str | Path | None = None,
                 feature: str | None = None, **values: Any):
        self.path = str(path) if path is not None else None
        self.feature = str(feature) if feature is not None else None
        self.problem: Message = Message(problem, **values) if values else as_message(problem)
        parts = [p for p in (self.path, f"feature {self.feature}" if self.feature else None,
                             self.problem) if p]
        super().__init__(": ".join(parts))


class InputError(CimviewError):
    """An input file cimview cannot use: names the file, optionally the feature, and the problem.

    Examples
    --------
    >>> str(InputError("a.json", "transform scale is {scale}: it must be positive", scale=0))
    'a.json: transform scale is 0: it must be positive'
    """

    def __init__(self, path: str | Path | None, problem: str, feature: str | None = None,
                 **values: Any):
        super().__init__(problem, path=path, feature=feature, **values)


class CacheError(CimviewError):
    """A cache file that is missing, not a cimview GeoPackage, or of an unknown schema version."""
