"""Finding the names of the index in a query: exactly, as typed so far, with a typo, inside a
longer name, or as pinyin; and the 省/市/区 names every address of the cache starts with.

Every lookup goes through an index: the B-trees on the normalised name, its pinyin and
initials, the deletion-neighbourhood table for typos and the FTS5 trigram index for pieces
inside longer names.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.search import index
from store.search.fuzzy import best_substring
from store.search.normalize import Part, Traced

NAME_COLS = "n.id, n.kind, n.name, n.norm, n.pinyin, n.initials, n.x, n.y, n.full_address"
#: Longest name pieces looked up in a query (characters).
MAX_NAME = 24


@dataclass(frozen=True)
class NameMatch:
    """A name of the index found in the query: where (span of the normalised query), how well
    (quality 0–1) and how (exact, prefix, partial, typo, pinyin, initials, alias …)."""

    id: int
    kind: str
    name: str
    x: float | None
    y: float | None
    quality: float
    start: int
    end: int
    how: str
    area: str | None = None  # the standard address of a 省/市/区/街道/社区

    @property
    def weight(self) -> float:
        return self.quality * (self.end - self.start)

    def overlaps(self, other: NameMatch) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: NameMatch) -> bool:
        return self.start <= other.start and other.end <= self.end and self != other


class NameFinder:
    """Name lookups for one query on one open connection."""

    def __init__(self, raw: sqlite3.Connection, query: str):
        self.raw = raw
        self.query = query

    def admin(self, text: str) -> list[NameMatch]:
        """省/市/区 names in the query (and their short forms 广东, 广州): all of them are
        prefixes of every address in the cache, so they only confirm."""
        out: list[NameMatch] = []
        rows = self.raw.execute(f"SELECT {NAME_COLS} FROM {index.NAMES} n "
                                "WHERE n.kind IN ('province', 'city', 'district')").fetchall()
        taken: list[tuple[int, int]] = []
        forms = []
        for r in rows:
            forms.append((r[3], r, False))
            if r[1] in ("province", "city") and len(r[3]) > 2 and r[3][-1] in "省市":
                forms.append((r[3][:-1], r, True))
        for form, r, short in sorted(forms, key=lambda f: -len(f[0])):
            for m in re.finditer(re.escape(form), text):
                s, e = m.span()
                if any(s < b and a < e for a, b in taken):
                    continue
                if short and s > 0 and not any(b == s for _, b in taken):
                    continue  # 广州 only as a prefix: 广州大道 is a road
                taken.append((s, e))
                out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], 1.0, s, e, "exact", r[8]))
        return out

    def text_names(self, p: Part, t: Traced, admin: list[NameMatch]) -> list[NameMatch]:
        # Match against the part with the 省/市/区 names cut out of it.
        keep = [i for i in range(p.start, p.end)
                if not any(a.start <= i < a.end for a in admin)]
        if not keep:
            return []
        run = "".join(t.text[i] for i in keep)
        whole = t.text[p.start:p.end]
        rows = self._candidates(run)
        if len(whole) > len(run):  # 珠湾区人民医院, 广州大道: names holding an admin name
            seen = {r[0] for r in rows}
            inside = [(a.start - p.start, a.end - p.start) for a in admin
                      if p.start <= a.start < p.end]
            pieces = [whole[i:j] for i in range(len(whole))
                      for j in range(i + 2, min(len(whole), i + MAX_NAME) + 1)
                      if any(i <= s and e <= j for s, e in inside)]
            rows += [r for r in self._exact(pieces) if r[0] not in seen]
            for s, e in inside:
                if e - s >= 3:  # a name being typed that starts so
                    rows += [r for r in self._fts("norm", whole[s:e], 40) if r[0] not in seen]
        out = []
        for r in rows:
            found = _locate(r[3], run)
            if len(whole) > len(run):
                i = whole.find(r[3]) if r[3] else -1
                if i >= 0 and any(a.start >= p.start + i and a.end <= p.start + i + len(r[3])
                                  for a in admin):
                    out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], 1.0, p.start + i,
                                         p.start + i + len(r[3]),
                                         t.how(p.start + i, p.start + i + len(r[3])),
                                         r[8]))
                    continue
            if found is None:
                continue
            quality, s, e, how = found
            start, end = keep[s], keep[e - 1] + 1
            if how == "exact":
                how = t.how(start, end)
                a, b = t.source(start, end)
                if unicodedata.normalize("NFKC", self.query[a:b]) != r[2]:
                    quality = 0.98  # 新港新邨 typed as 新港新村: a little behind 新港新村 itself
            out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], quality, start, end, how, r[8]))
        return out

    def _candidates(self, run: str) -> list[tuple[Any, ...]]:
        """Rows of the name index that may occur in a run of the query, all through indexes:
        names equal to a piece of the run (B-tree on the normalised name), names starting
        with the run's end (as it is being typed), names holding the part of the run no name
        accounts for (FTS5 trigram), and names one typo away from that part."""
        rows = self._exact([run[i:j] for i in range(len(run))
                            for j in range(i + 2, min(len(run), i + MAX_NAME) + 1)])
        for k in range(min(len(run), MAX_NAME), 1, -1):  # the longest end that starts a name
            tail = run[-k:]
            found = self.raw.execute(
                f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE n.norm > ? AND n.norm < ? "
                "ORDER BY length(n.norm), n.norm LIMIT 20", (tail, tail + "\U0010ffff")).fetchall()
            if found:
                rows += found
                break
        length, at = _uncovered(run, rows)
        if length >= 3:  # a piece inside a longer name (平西路 of 和平西路)
            rows += self._fts("norm", run[at:at + length], 20)
        elif len(run) == 2 and not rows:
            rows += self.raw.execute(
                f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE instr(n.norm, ?) > 1 "
                "LIMIT 20", (run,)).fetchall()
        seen: set[int] = set()
        unique = [r for r in rows if not (r[0] in seen or seen.add(r[0]))]
        return unique + self._typo_candidates(run, unique)

    def _exact(self, pieces: Sequence[str]) -> list[tuple[Any, ...]]:
        """Names equal to one of the pieces (through the B-tree on the normalised name)."""
        unique = list(dict.fromkeys(pieces))[:8000]
        rows: list[tuple[Any, ...]] = []
        for lo in range(0, len(unique), 900):
            chunk = unique[lo:lo + 900]
            rows += self.raw.execute(f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE n.norm "
                                     f"IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def _fts(self, columns: str, text: str, limit: int) -> list[tuple[Any, ...]]:
        """Names whose ``columns`` (norm, or "{pinyin initials}") hold text (≥ 3 characters)."""
        return self.raw.execute(
            f"SELECT {NAME_COLS} FROM {index.FTS} f JOIN {index.NAMES} n ON n.id = f.rowid "
            f"WHERE {index.FTS} MATCH ? ORDER BY length(n.norm) LIMIT ?",
            (f"{columns} : {_phrase(text)}", limit)).fetchall()

    def _typo_candidates(self, run: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Names one typo away from the longest part of the run that no name found so far
        occurs in: a typo in a short name breaks every trigram (小洲露三巷). Looked up in the
        deletion neighbourhoods of the names (index.VARIANTS)."""
        length, at = _uncovered(run, rows)
        if length < index.TYPO_MIN - 1:
            return []
        # pieces of the run that overlap the uncovered stretch, of about its length or longer:
        # the misspelt name may start with a name found exactly (紫荆家园 in 紫荆家园二露八期)
        lo, hi = max(0, at - 8), min(len(run), at + length + 8)
        keys: set[str] = set()
        for size in range(max(index.TYPO_MIN - 1, length - 3), min(hi - lo, length + 8) + 1):
            for s in range(max(lo, at - size + 1), min(hi - size, at + length - 1) + 1):
                piece = run[s:s + size]
                keys.add(piece)
                keys.update(piece[:k] + piece[k + 1:] for k in range(size))
        if not keys:
            return []
        seen = {r[0] for r in rows}
        marks = ",".join("?" * len(keys))
        found = self.raw.execute(
            f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE n.id IN (SELECT name_id FROM "
            f"{index.VARIANTS} WHERE variant IN ({marks}) LIMIT 200)", list(keys)).fetchall()
        return [r for r in found if r[0] not in seen]

    def pinyin_names(self, p: Part) -> list[NameMatch]:
        letters = p.value
        rows = self.raw.execute(f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE n.initials = ? "
                                "OR n.pinyin = ? LIMIT 40", (letters, letters)).fetchall()
        for column in ("initials", "pinyin"):  # names whose pinyin starts so (being typed)
            rows += self.raw.execute(
                f"SELECT {NAME_COLS} FROM {index.NAMES} n WHERE n.{column} > ? AND "
                f"n.{column} < ? ORDER BY length(n.{column}), n.{column} LIMIT 20",
                (letters, letters + "~")).fetchall()
        out = []
        for r in rows:
            full, initials = r[4], r[5]
            if letters == full:
                quality, how = 0.97, "pinyin"
            elif letters == initials:
                quality, how = 0.95, "initials"
            elif full.startswith(letters):
                quality, how = 0.5 + 0.4 * len(letters) / len(full), "pinyin"
            elif initials.startswith(letters):
                quality, how = 0.5 + 0.4 * len(letters) / len(initials), "initials"
            else:
                continue
            out.append(NameMatch(r[0], r[1], r[2], r[6], r[7], quality, p.start, p.end, how,
                                 r[8]))
        return out


def _uncovered(run: str, rows: Sequence[tuple[Any, ...]]) -> tuple[int, int]:
    """(length, start) of the longest stretch of run in which no row's name occurs."""
    covered = [False] * len(run)
    for r in rows:
        i = run.find(r[3]) if r[3] else -1
        if i >= 0:
            covered[i:i + len(r[3])] = [True] * len(r[3])
    best, start = (0, 0), None
    for i, c in enumerate([*covered, True]):
        if not c and start is None:
            start = i
        elif c and start is not None:
            best = max(best, (i - start, start))
            start = None
    return best


def _phrase(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _locate(name: str, run: str) -> tuple[float, int, int, str] | None:
    """How a normalised name occurs in a run of the query: (quality, start, end, how)."""
    n = len(name)
    if not n:
        return None
    i = run.find(name)
    if i >= 0:
        return 1.0, i, i + n, "exact"
    if len(run) >= 2:
        for k in range(min(len(run), n - 1), 1, -1):  # the run ends with the name's start
            if name.startswith(run[-k:]):
                return 0.55 + 0.35 * k / n, len(run) - k, len(run), "prefix"
        if name.find(run) > 0:
            return 0.45 + 0.35 * len(run) / n, 0, len(run), "partial"
    if n >= 4 and len(run) >= n - 1:
        edits, end = best_substring(name, run)
        if edits == 1:
            start = min(range(max(0, end - n - 1), max(0, end - n + 2)),
                        key=lambda s: (_edits(name, run[s:end]), s))
            return 0.85 - 0.5 / n, start, end, "typo"
    return None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
