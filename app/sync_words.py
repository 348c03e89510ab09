"""Field work in words: sync progress events, collection titles and platform refusals, in the
interface language.

``store.sync`` reports progress as dicts of codes and values and keeps a refusal as the
platform's own text; the dock, the status bar and the Attributes panel say them through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from layers.style import is_zh
from store.schema import LAYERS

_CJK = re.compile(r"[\u3400-\u9fff]")
#: "… → HTTP 400 BAD REQUEST: Collection is not editable" → the platform's own words.
_HTTP_TAIL = re.compile(r"HTTP \d{3}[^:]*:\s*(.+)$", re.S)


def collection_title(cid: str, platform_title: str | None, lang: str) -> str:
    """A collection's name for the user: the cache layer's title in ``lang`` for a layer the
    cache knows, else the platform's title — of a bilingual title ("现场记录 Observations") the
    words in ``lang`` — else its id."""
    if cid in LAYERS:
        return LAYERS[cid].title_zh if is_zh(lang) else LAYERS[cid].title_en
    title = (platform_title or "").strip()
    if not title:
        return cid
    words = title.split()
    zh = [w for w in words if _CJK.search(w)]
    other = [w for w in words if not _CJK.search(w)]
    if zh and other:
        return "".join(zh) if is_zh(lang) else " ".join(other)
    return title


def progress_text(event: Mapping[str, Any], lang: str) -> str:
    """One line for a progress event of ``store.sync.download.sync``."""
    stage = event.get("stage")
    if stage == "features":
        name = str(event.get("layer") or event.get("collection") or "")
        title = collection_title(name, None, lang)
        return QCoreApplication.translate(
            "SyncWords", "{0}: page {1}, {2} features received, {3} new or changed").format(
            title, event.get("page", 0), f"{int(event.get('fetched') or 0):,}",
            f"{int(event.get('changed') or 0):,}")
    if stage == "files":
        size = int(event.get("bytes") or 0)
        return QCoreApplication.translate("SyncWords", "file {0}: {1:.1f} MB downloaded").format(
            str(event.get("name") or event.get("file") or ""), size / 1e6)
    return QCoreApplication.translate("SyncWords", "working…")


def platform_words(reason: str | None) -> str:
    """The platform's own words in a refusal kept by the push (its HTTP answer's text)."""
    text = (reason or "").strip()
    found = _HTTP_TAIL.search(text)
    return found.group(1).strip() if found else text


def rejection_text(reason: str | None) -> str:
    """Why the platform refused an item, for the user: a known refusal in their language,
    with the platform's own words after it."""
    words = platform_words(reason)
    low = (reason or "").lower()
    if "not editable" in low or "http 405" in low:
        return QCoreApplication.translate(
            "SyncWords", "the platform takes no edits to this collection (read-only there); "
            "the platform said: {0}").format(words)
    if "retired on the platform" in low or "is not on the platform" in low:
        return QCoreApplication.translate(
            "SyncWords", "the feature is no longer on the platform; the platform said: "
            "{0}").format(words)
    if not words:
        return QCoreApplication.translate("SyncWords", "refused by the platform, without a "
                                          "reason")
    return QCoreApplication.translate("SyncWords", "the platform said: {0}").format(words)


def rejection_short(reason: str | None) -> str:
    """A refusal in a few words, for a list column."""
    low = (reason or "").lower()
    if "not editable" in low or "http 405" in low:
        return QCoreApplication.translate("SyncWords", "read-only on the platform")
    if "retired on the platform" in low or "is not on the platform" in low:
        return QCoreApplication.translate("SyncWords", "no longer on the platform")
    return platform_words(reason) or QCoreApplication.translate("SyncWords", "refused")


def read_only_text(title: str) -> str:
    """Why an edit is refused before it is queued."""
    return QCoreApplication.translate(
        "SyncWords", "The platform takes no edits to {0}: it lists this collection as "
        "read-only. The edit was not recorded.").format(title)
