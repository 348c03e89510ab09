"""Errors that reach the user: each names the file, the feature and the problem."""

from __future__ import annotations

from pathlib import Path


class CimviewError(Exception):
    """Base class of errors cimview reports to the user as a message, not a traceback."""


class InputError(CimviewError):
    """An input file cimview cannot use: names the file, optionally the feature, and the problem."""

    def __init__(self, path: str | Path | None, problem: str, feature: str | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.feature = feature
        parts = [p for p in (self.path, f"feature {feature}" if feature else None, problem) if p]
        super().__init__(": ".join(parts))


class CacheError(CimviewError):
    """A cache file that is missing, not a cimview GeoPackage, or of an unknown schema version."""
