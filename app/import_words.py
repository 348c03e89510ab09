"""An import report (``store.importers.ImportReport``) in the user's language.

The window's *Import finished* box and ``cimview import`` print the same summary: what was read,
imported, replaced, rejected and repaired, the most frequent reasons, and the warnings, each
worded by ``app.messages``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.messages import word

_CTX = "ImportReport"
_NEW = QT_TRANSLATE_NOOP("ImportReport", ", new")
_HEAD = QT_TRANSLATE_NOOP("ImportReport", "{file} [{format}] → {cache} ({crs}{new})")
_COUNTS = QT_TRANSLATE_NOOP(
    "ImportReport", "{read} read, {imported} imported ({replaced} replaced), {rejected} rejected, "
                    "{repaired} repaired, {estimated} heights estimated in {seconds:.1f} s")
_REJECTED = QT_TRANSLATE_NOOP("ImportReport", "rejected {n}: {reason}")
_REPAIRED = QT_TRANSLATE_NOOP("ImportReport", "repaired {feature}: {problem}")
_MORE = QT_TRANSLATE_NOOP("ImportReport", "and {n} more repaired")
_WARNING = QT_TRANSLATE_NOOP("ImportReport", "warning: {warning}")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text) if QCoreApplication.instance() else _cli(text)


def _cli(text: str) -> str:
    from app import messages

    return messages.translate_in(_CTX, text)


def report_text(report: Any, *, reasons: int = 8, repairs: int = 5) -> str:
    """The report as a few lines of text (the CLI's and the window's summary).

    Examples
    --------
    >>> print(report_text(import_file("a.geojson", "city.gpkg")))  # doctest: +SKIP
    a.geojson [GeoJSON] → city.gpkg (EPSG:4547, new)
      52 read, 52 imported (0 replaced), 0 rejected, 0 repaired, 0 heights estimated in 0.3 s
    """
    new = _tr(_NEW) if report.created_cache else ""
    lines = [_tr(_HEAD).format(
        file=report.file, format=report.format, cache=report.cache, crs=report.cache_crs,
        new=new),
        "  " + _tr(_COUNTS).format(read=report.features_read, imported=report.imported,
                               replaced=report.replaced, rejected=len(report.rejected),
                               repaired=len(report.repaired),
                               estimated=report.estimated_heights, seconds=report.seconds)]
    counted = Counter(word(r["reason"]) for r in report.rejected)
    lines += ["  " + _tr(_REJECTED).format(n=n, reason=reason)
              for reason, n in counted.most_common(reasons)]
    lines += ["  " + _tr(_REPAIRED).format(
        feature=r["feature"], problem=word(r["problem"])) for r in report.repaired[:repairs]]
    if len(report.repaired) > repairs:
        lines.append("  " + _tr(_MORE).format(n=len(report.repaired) - repairs))
    lines += ["  " + _tr(_WARNING).format(warning=word(w)) for w in report.warnings]
    return "\n".join(lines)
