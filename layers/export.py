"""Rows of an attribute table written to CSV or XLSX, atomically, for Excel users.

CSV is UTF-8 with a byte-order mark, so Excel shows Chinese; XLSX is written with openpyxl.
Either file is written beside its destination under a temporary name and then moved over it,
so a failed export leaves whatever was there before. Text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@`` at its start) is written as text: an attribute value from
a file or a platform is data, never a command.

Example
-------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "roads.csv"
>>> write_csv(out, ["name", "width"], [["和平西路", 12.5]])
>>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
True
"""

from __future__ import annotations

import csv
import math
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMATS = ("csv", "xlsx")
#: Text starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML 1.0 (and so XLSX) cannot hold.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The most characters an Excel cell holds.
XLSX_CELL_MAX = 32767


def format_of(path: str | os.PathLike[str]) -> str:
    """``csv`` or ``xlsx`` from a file name (ValueError for anything else)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"{path}: export to .csv or .xlsx, not .{suffix or '?'}")
    return suffix


def plain(value: Any) -> Any:
    """A cell value: numbers stay numbers, NaN and None are empty, bytes are not exported."""
    if value is None:
        return ""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return ""
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def defused(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a leading formula character is quoted."""
    return "'" + text if text.startswith(_FORMULA_START) else text


@contextmanager
def _replacing(path: Path):
    """Yield a temporary path beside ``path``; move it over ``path`` only on success."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".partial",
                               dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(path: str | os.PathLike[str], headers: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
    """Write a CSV file Excel opens with Chinese intact (UTF-8 with BOM, CRLF rows)."""
    with _replacing(Path(path)) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([defused(str(h)) for h in headers])
        for row in rows:
            cells = [plain(v) for v in row]
            out.writerow([defused(c) if isinstance(c, str) else c for c in cells])


def write_xlsx(path: str | os.PathLike[str], headers: Sequence[str],
               rows: Iterable[Sequence[Any]], *, sheet: str = "attributes") -> None:
    """Write an XLSX workbook of one sheet: a header row, then the rows; text stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(sheet))

    def cell(value: Any) -> Any:
        value = plain(value)
        if not isinstance(value, str):
            return value
        c = WriteOnlyCell(ws, value=_ILLEGAL_XML.sub("", value)[:XLSX_CELL_MAX])
        c.data_type = "s"  # never a formula, whatever the text starts with
        return c

    try:
        ws.append([cell(str(h)) for h in headers])
        for row in rows:
            ws.append([cell(v) for v in row])
    except BaseException:
        ws.close()  # ends openpyxl's row writer, which would otherwise outlive its file
        raise
    with _replacing(Path(path)) as tmp:
        wb.save(tmp)


def write(path: str | os.PathLike[str], headers: Sequence[str],
          rows: Iterable[Sequence[Any]], *, sheet: str = "attributes") -> str:
    """Write CSV or XLSX by the file's suffix; returns the format written."""
    fmt = format_of(path)
    if fmt == "csv":
        write_csv(path, headers, rows)
    else:
        write_xlsx(path, headers, rows, sheet=sheet)
    return fmt


def _sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, not empty."""
    title = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31]
    return title or "attributes"


__all__ = ["FORMATS", "defused", "format_of", "plain", "write", "write_csv", "write_xlsx"]
