"""Normalisation of addresses as people type them, and the split of a query into parts.

The same :func:`normalize` runs over the indexed names and over the query, so both sides
agree: full-width forms become half-width (NFKC), letters lower case, variant characters
their standard form, old names their current one, noise words go, Chinese numerals before an
address unit become digits (十二号 → 12号) and building words become 栋 (幢/座/号楼 → 栋).
Every character of the result remembers which characters of the input it came from, so a
match can be reported as the part of the query the user actually typed.

The word lists are data: ``resources/dictionaries/address_*.csv``, and the traditional →
simplified character table ``traditional_simplified.csv`` (from OpenCC).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from resources import dictionary

#: Longest queries considered; longer input is cut (a pasted page is not an address).
MAX_QUERY = 200


@dataclass(frozen=True)
class Traced:
    """Text plus, per character, the span of the original it came from and how it changed."""

    text: str
    spans: tuple[tuple[int, int], ...]
    flags: tuple[str, ...]

    @classmethod
    def of(cls, s: str) -> Traced:
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        flags: list[str] = []
        for i, c in enumerate(s):
            n = unicodedata.normalize("NFKC", c).lower()
            for d in n:
                chars.append(d)
                spans.append((i, i + 1))
                flags.append("width" if n != c.lower() else "")
        return cls("".join(chars), tuple(spans), tuple(flags))

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str],
            flag: str) -> Traced:
        """Replace matches of pattern; replaced characters take the span of the whole match."""
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        flags: list[str] = []
        pos = 0
        for m in pattern.finditer(self.text):
            s, e = m.span()
            if s == e:
                continue
            r = repl(m)
            if r == m.group(0):
                continue
            out.append(self.text[pos:s])
            spans.extend(self.spans[pos:s])
            flags.extend(self.flags[pos:s])
            src = (self.spans[s][0], self.spans[e - 1][1])
            out.append(r)
            spans.extend([src] * len(r))
            flags.extend([flag] * len(r))
            pos = e
        if pos == 0 and not out:
            return self
        out.append(self.text[pos:])
        spans.extend(self.spans[pos:])
        flags.extend(self.flags[pos:])
        return Traced("".join(out), tuple(spans), tuple(flags))

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original input behind text[start:end]."""
        if start >= end or start >= len(self.spans):
            return (0, 0)
        return self.spans[start][0], self.spans[min(end, len(self.spans)) - 1][1]

    def how(self, start: int, end: int) -> str:
        """The first change (alias, variant, numeral, synonym, width) within text[start:end]."""
        for order in ("alias", "variant", "numeral", "synonym", "width"):
            if order in self.flags[start:end]:
                return order
        return "exact"


# -- dictionaries ---------------------------------------------------------------------------------
def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _rules() -> dict[str, object]:
    variants = {r["traditional"]: r["simplified"] for r in dictionary("traditional_simplified")}
    variants.update({r["variant"]: r["standard"] for r in dictionary("address_variants")})
    aliases = {r["old"]: r["current"] for r in dictionary("address_aliases")}
    noise = dictionary("address_noise")
    noise_re = "|".join([_alternation([r["pattern"] for r in noise if r["kind"] == "word"]),
                         *[r["pattern"] for r in noise if r["kind"] == "regex"]])
    numerals = {r["form"]: (int(r["value"]), r["kind"]) for r in dictionary("address_numerals")}
    syn = dictionary("address_synonyms")
    suffixes = [r["form"] for r in syn] + ["期"]
    synonyms = {r["form"]: r["canonical"] for r in syn if r["form"] != r["canonical"]}
    labels = [r["form"] for r in syn if r["slot"] == "building" and not r["form"].isascii()]
    return {
        "variants": variants,
        "variants_re": re.compile(_alternation([v for v in variants if len(v) > 1]) + "|["
                                  + "".join(re.escape(v) for v in variants if len(v) == 1)
                                  + "]"),
        "aliases": aliases,
        "aliases_re": re.compile(_alternation(list(aliases))) if aliases else None,
        "noise_re": re.compile(noise_re),
        "numerals": numerals,
        "numeral_re": re.compile(
            f"[{''.join(numerals)}]+(?={_alternation(suffixes)})"),
        "synonyms": synonyms,
        # after a number (12号楼, 3梯, 228hao), or a letter for a building (B座)
        "synonyms_re": re.compile(f"(?<=[0-9])(?:{_alternation(list(synonyms))})"
                                  f"|(?<=[a-z])(?:{_alternation(labels)})"),
    }


_DASH = re.compile(r"(?<=\d)\s*[-－—–~_/·]+\s*(?=\d)")
_DROP = re.compile(r"[^\w\-]|_|(?<!\d)-|-(?!\d)")


def chinese_number(s: str) -> int | None:
    """十二 → 12, 一百零三 → 103, 一零零一 → 1001 (digit by digit); None if not a number."""
    table: dict[str, tuple[int, str]] = _rules()["numerals"]  # type: ignore[assignment]
    try:
        parts = [table[c] for c in s]
    except KeyError:
        return None
    if all(kind == "digit" for _, kind in parts):
        return int("".join(str(v) for v, _ in parts))
    total, section, digit = 0, 0, 0
    for value, kind in parts:
        if kind == "digit":
            digit = value
        elif value == 10000:
            total += (section + digit) * value
            section, digit = 0, 0
        else:
            section += (digit or 1) * value
            digit = 0
    return total + section + digit


def normalize(s: str) -> Traced:
    """The normalised form of a name or query, traced back to the input."""
    r = _rules()
    t = Traced.of(s[:MAX_QUERY])
    variants: dict[str, str] = r["variants"]  # type: ignore[assignment]
    t = t.sub(r["variants_re"], lambda m: variants[m.group(0)], "variant")  # type: ignore[arg-type]
    t = t.sub(_DASH, lambda m: "-", "")
    t = t.sub(_DROP, lambda m: "", "")
    if r["aliases_re"] is not None:
        aliases: dict[str, str] = r["aliases"]  # type: ignore[assignment]
        t = t.sub(r["aliases_re"], lambda m: aliases[m.group(0)], "alias")  # type: ignore[arg-type]
    t = t.sub(r["noise_re"], lambda m: "", "")  # type: ignore[arg-type]

    def numeral(m: re.Match[str]) -> str:
        n = chinese_number(m.group(0))
        return m.group(0) if n is None else str(n)

    t = t.sub(r["numeral_re"], numeral, "numeral")  # type: ignore[arg-type]
    synonyms: dict[str, str] = r["synonyms"]  # type: ignore[assignment]
    return t.sub(r["synonyms_re"], lambda m: synonyms.get(m.group(0), m.group(0)),  # type: ignore[arg-type]
                 "synonym")


def norm(s: str | None) -> str:
    """Just the normalised text (for names on the index side)."""
    return normalize(s).text if s else ""


# -- query parts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One part of a normalised query: text to match against names, letters to match as
    pinyin, or a number with its slot (door, building, unit, room, floor, lane, group, sub,
    bare). ``start``/``end`` index the normalised text."""

    kind: str
    value: str
    start: int
    end: int


_SLOT = {"号": "door", "栋": "building", "单元": "unit", "室": "room", "层": "floor",
         "弄": "lane", "组": "group"}
_NUMBER = re.compile(
    r"(?P<floor>(?:负|地下)\d+(?:层|楼)|底层)"
    r"|(?P<dash>\d+(?:-\d+){1,2})"
    r"|之(?P<sub>\d+)"
    r"|(?P<num>\d+|(?<![a-z])[a-z](?=栋))(?P<suf>单元|号|栋|室|层|楼|弄|组)?")
#: Characters after which a number without 号 is a door number (体育西路228).
_ROAD_END = set("路街巷道里坊弄村")


def split(t: Traced) -> list[Part]:
    """The parts of a normalised query, in order."""
    text = t.text
    parts: list[Part] = []
    pos = 0
    seen: set[str] = set()

    def add_text(s: int, e: int) -> None:
        for m in re.finditer(r"[a-z]{2,}|[^a-z]+|[a-z]", text[s:e]):
            kind = "letters" if m.group(0).isascii() and m.group(0).isalpha() else "text"
            if kind == "letters" and len(m.group(0)) < 2:
                kind = "text"
            parts.append(Part(kind, m.group(0), s + m.start(), s + m.end()))

    for m in _NUMBER.finditer(text):
        s, e = m.span()
        if m.group("num") is not None and m.group("suf") is None:
            nxt = text[e:e + 1]
            prev = text[s - 1:s]
            # 骏景1期, 第12人民医院: digits inside a name stay in it.
            if nxt and not nxt.isascii() and nxt != "-" and prev not in _ROAD_END:
                continue
        if s > pos:
            add_text(pos, s)
        pos = e
        if m.group("floor"):
            parts.append(Part("floor", m.group(0), s, e))
        elif m.group("dash"):
            nums = m.group("dash").split("-")
            slots = (["unit", "room"] if "building" in seen else ["building", "unit", "room"])
            off = s
            for n, slot in zip(nums, slots, strict=False):
                parts.append(Part(slot, str(int(n)), off, off + len(n)))
                seen.add(slot)
                off += len(n) + 1
        elif m.group("sub"):
            parts.append(Part("sub", m.group("sub"), s, e))
        else:
            raw = m.group("num")
            value = str(int(raw)) if raw.isdigit() else raw
            suf = m.group("suf")
            if suf == "楼":
                slot = "floor" if "building" in seen or "unit" in seen else "building"
            else:
                slot = _SLOT.get(suf or "", "bare")
            parts.append(Part(slot, value, s, e))
            seen.add(slot)
    if pos < len(text):
        add_text(pos, len(text))
    return [p for p in parts if p.value]
