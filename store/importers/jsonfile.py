"""Reading JSON input with messages that point at the line and column of a problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from store.errors import InputError


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(path, f"not UTF-8 text (byte {exc.start}, line {line}); "
                               "JSON files must be UTF-8") from None


def _problem(exc: json.JSONDecodeError, text: str, line_offset: int = 0) -> str:
    where = f"line {exc.lineno + line_offset}, column {exc.colno}"
    if not text[exc.pos:].strip():
        return f"invalid JSON: the file ends early at {where} (truncated?): {exc.msg}"
    return f"invalid JSON at {where}: {exc.msg}"


def load_json(path: Path) -> Any:
    """The parsed document; InputError naming line and column when it is not valid JSON."""
    text = _decode(path, path.read_bytes())
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, _problem(exc, text)) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None


def load_lines(path: Path) -> list[tuple[int, Any]]:
    """JSON Lines / text sequences: (line number, parsed object) for every non-blank line."""
    text = _decode(path, path.read_bytes())
    out = []
    for no, line in enumerate(text.splitlines(), start=1):
        line = line.strip().lstrip("\x1e")  # RFC 7464 record separator
        if not line:
            continue
        try:
            out.append((no, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(path, _problem(exc, line, no - 1)) from None
    return out
