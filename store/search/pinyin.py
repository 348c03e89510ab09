"""Pinyin of names for search ("tiyuxilu", initials "tyxl"), from the pypinyin library."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin(name: str) -> tuple[str, str]:
    """Full pinyin without tones and the initials of each syllable, both lower case.

    Characters without pinyin (digits, letters) are kept as they are in both forms, so
    "骏景1期" gives ("junjing1qi", "jj1q")."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda s: [c for c in s])
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials
