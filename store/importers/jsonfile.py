"""Reading JSON input with messages that point at the line and column of a problem."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from store.errors import InputError
from store.messages import Message, msg

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(path, "not UTF-8 text (byte {byte}, line {line}); JSON files must be "
                               "UTF-8", byte=exc.start, line=line) from None


def _problem(exc: json.JSONDecodeError, text: str, line_offset: int = 0) -> Message:
    values = {"line": exc.lineno + line_offset, "column": exc.colno, "error": exc.msg}
    if not text[exc.pos:].strip():
        return msg("invalid JSON: the file ends early at line {line}, column {column} "
                   "(truncated?): {error}", **values)
    return msg("invalid JSON at line {line}, column {column}: {error}", **values)


def load_json(path: Path, duplicates: list[str] | None = None,
              notes: list[Message] | None = None) -> Any:
    """The parsed document; InputError naming line and column when it is not valid JSON.

    ``duplicates``, when given, receives every key that an object holds more than once (JSON
    keeps the last value: the earlier ones are lost). Lone UTF-16 surrogates (text no UTF-8
    file or cache can hold) are replaced by U+FFFD, with a note in ``notes``."""
    text = _decode(path, path.read_bytes())
    hook = None
    if duplicates is not None:
        def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            out = dict(pairs)
            if len(out) != len(pairs):
                seen: set[str] = set()
                duplicates.extend(k for k, _ in pairs if k in seen or seen.add(k))
            return out
    try:
        doc = json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as exc:
        raise InputError(path, _problem(exc, text)) from None
    except RecursionError:
        raise InputError(path, "invalid JSON: nested too deeply") from None
    return _scrubbed(doc, text, notes)


def scrub_text(doc: Any) -> int:
    """Replace lone UTF-16 surrogates (``"\\ud800"`` escapes, which no UTF-8 text can hold) by
    U+FFFD in every string of ``doc``, keys included, in place; the number of strings fixed.

    Examples
    --------
    >>> d = {"name": "a" + chr(0xD800)}
    >>> scrub_text(d), d["name"] == "a" + chr(0xFFFD)
    (1, True)
    """
    fixed = 0
    todo = [doc]
    while todo:
        node = todo.pop()
        items: Any
        if isinstance(node, dict):
            bad = [k for k in node if isinstance(k, str) and _SURROGATE.search(k)]
            for k in bad:
                node[_SURROGATE.sub("\ufffd", k)] = node.pop(k)
                fixed += 1
            items = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for k, v in list(items):
            if isinstance(v, str):
                if _SURROGATE.search(v):
                    node[k] = _SURROGATE.sub("\ufffd", v)
                    fixed += 1
            elif isinstance(v, dict | list):
                todo.append(v)
    return fixed


def load_lines(path: Path, notes: list[Message] | None = None) -> list[tuple[int, Any]]:
    """JSON Lines / text sequences: (line number, parsed object) for every non-blank line
    (lone surrogates replaced as by :func:`load_json`)."""
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
        except RecursionError:
            raise InputError(path, "invalid JSON at line {line}: nested too deeply",
                             line=no) from None
    return _scrubbed(out, text, notes)


def _scrubbed(doc: Any, text: str, notes: list[Any] | None) -> Any:
    """``doc`` with lone surrogates (escaped in ``text``) replaced, and a note saying so."""
    if _ESCAPED_SURROGATE.search(text):
        n = scrub_text(doc)
        if n and notes is not None:
            notes.append(msg("{n} texts held invalid characters (lone UTF-16 surrogates); "
                             "they were replaced by U+FFFD", n=n))
    return doc
