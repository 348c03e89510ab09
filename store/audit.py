"""The cache's tamper-evident trail: who changed what, when and where, as a hash chain.

Every import, sync page, push outcome, local edit and observation (and, from the modules that
add them, every export, review and key change) appends one entry to the table
``cimview_trail``, **inside the write transaction of the change it records**: code calls
``tx.record(kind, **details)`` on a :class:`store.cache.Transaction`, and the entry is written
just before the commit, so a rolled-back change leaves no entry.

An entry
    ``seq`` (1, 2, 3 … its position), ``at`` (UTC, ISO 8601, milliseconds, ``Z``), ``user``
    (the operating system's user name), ``device`` (``host:id``, the id derived from the
    machine id: see :func:`device`), ``kind`` (``import``, ``sync``, ``sync_file``, ``edit``,
    ``resolve``, ``discard``, ``retry``, ``observation``, ``push``; others may add ``export``,
    ``review``, ``key_change``), ``details`` (a small JSON object: layer or collection, counts,
    ids, a file's name and SHA-256 — never the rows), ``prev`` (the previous entry's hash; 64
    zeros for the first) and ``hash``.

The canonical form (what another implementation hashes to verify a trail)
    ``hash = lowercase hex SHA-256 of the UTF-8 bytes of the JSON text of the object
    {"at", "details", "device", "kind", "prev", "seq", "user"}``, written with keys sorted at
    every level, no whitespace (separators ``,`` and ``:``), non-ASCII characters as themselves
    (not ``\\u`` escapes), ``seq`` as an integer. Python:
    ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``. Details
    hold only strings, integers, booleans, null, lists and objects: a non-integer number is
    recorded as its decimal string, so every implementation writes the same text.

What verification catches (:func:`verify`, a pure function)
    An edited entry (its hash no longer matches), a reordered one (it hashes right only at
    another position), deleted ones (a gap in ``seq`` and a broken link), an entry appended
    with a bad link. A trail cut short at its end, or rewritten wholesale with fresh hashes, is
    consistent in itself: only a head known from elsewhere catches it. That is why each push
    sends the head (``count`` and ``hash``) to the platform (:func:`head_header`), which keeps
    it; ``verify(entries, known=Head(...))`` then says whether the trail still holds that head.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import hashlib
import json
import math
import socket
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, select

from store.errors import CimviewError
from store.messages import Message, msg

#: The first entry's ``prev``.
GENESIS = "0" * 64
#: The HTTP header a push carries the trail's head in (see :func:`head_header`).
HEAD_HEADER = "Cimview-Trail-Head"
#: Meta key of the trail's id (a UUID made with its first entry; names the trail to a platform).
TRAIL_ID_KEY = "trail_id"
_FIELDS = ("at", "details", "device", "kind", "prev", "seq", "user")

trail_metadata = MetaData()
trail_table = Table(
    "cimview_trail", trail_metadata,
    Column("seq", Integer, primary_key=True),
    Column("at", Text, nullable=False), Column("user", Text, nullable=False),
    Column("device", Text, nullable=False), Column("kind", Text, nullable=False),
    Column("details", Text, nullable=False),  # the details' canonical JSON
    Column("prev", Text, nullable=False), Column("hash", Text, nullable=False),
)


# -- the canonical form ----------------------------------------------------------------------------
def plain(value: Any) -> Any:
    """``value`` as the trail records it: JSON types without floats (a non-integer number
    becomes its decimal string, an integral float an int), tuples as lists, keys as strings."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 2 ** 53:
            return int(value)
        return repr(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    if hasattr(value, "item"):  # a numpy scalar
        return plain(value.item())
    return str(value)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is computed over (see the module docstring)."""
    obj = {k: entry[k] for k in _FIELDS}
    obj["seq"] = int(obj["seq"])
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 (lowercase hex) of :func:`canonical`."""
    return hashlib.sha256(canonical(entry)).hexdigest()


# -- who and where ---------------------------------------------------------------------------------
@functools.cache
def user() -> str:
    """The operating system's user name (``?`` when the system will not say)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"


@functools.cache
def device() -> str:
    """``host:id``: the host name and 12 hex digits of SHA-256 over the machine id
    (/etc/machine-id, else the MAC address): stable per machine, not the machine id itself,
    not a secret."""
    raw = ""
    for name in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            raw = Path(name).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if raw:
            break
    if not raw:
        raw = f"mac:{uuid.getnode():012x}"
    digest = hashlib.sha256(f"cimview-device:{raw}".encode()).hexdigest()[:12]
    return f"{socket.gethostname() or '?'}:{digest}"


#: Files up to this size get their SHA-256 in the trail (reading more is not "cheap").
HASH_LIMIT = 1 << 30


def file_sha256(path: str | Path, limit: int = HASH_LIMIT) -> str | None:
    """SHA-256 (hex) of a file up to ``limit`` bytes; None for a larger or unreadable one.
    A folder (a File Geodatabase) hashes its files' names and contents in name order."""
    try:
        path = Path(path)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        if sum(p.stat().st_size for p in files) > limit:
            return None
        h = hashlib.sha256()
        for p in files:
            if path.is_dir():
                h.update(p.name.encode("utf-8", "surrogateescape") + b"\x00")
            with open(p, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


# -- writing (inside a Transaction) ----------------------------------------------------------------
def ensure(conn: Connection) -> None:
    """Create the trail table when the cache has none yet (in the caller's transaction)."""
    trail_metadata.create_all(conn, checkfirst=True)


def append(conn: Connection, records: Sequence[tuple[str, Mapping[str, Any]]]) -> Head:
    """Append ``(kind, details)`` records after the trail's head; returns the new head.

    Called by :meth:`store.cache.Transaction._finish`, inside the write transaction (which holds
    SQLite's write lock: no other writer can append between the read of the head and the
    insert)."""
    ensure(conn)
    t = trail_table
    last = conn.execute(select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1)).first()
    seq, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
    if last is None:
        conn.exec_driver_sql("INSERT OR IGNORE INTO cimview_meta (key, value) VALUES (?, ?)",
                             (TRAIL_ID_KEY, str(uuid.uuid4())))
    who, where = user(), device()
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    rows = []
    for kind, details in records:
        seq += 1
        entry = {"seq": seq, "at": now, "user": who, "device": where, "kind": str(kind),
                 "details": plain(dict(details)), "prev": prev}
        prev = entry_hash(entry)
        rows.append(entry | {"hash": prev, "details": _dumps(entry["details"])})
    conn.execute(t.insert(), rows)
    return Head(seq, prev)


def record(cache: Any, kind: str, /, *, purpose: str | None = None, **details: Any) -> None:
    """Append one entry in a transaction of its own, for what changes nothing else in the
    cache (an export, a key change): ``record(cache, "export", file=..., sha256=...)``.
    ``cache`` is a :class:`store.cache.Cache`. Inside a transaction use ``tx.record``."""
    with cache.transaction(purpose=purpose or f"trail: {kind}") as tx:
        tx.record(kind, **details)


def _dumps(details: Any) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# -- reading ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    """The trail's last position and hash (0 and :data:`GENESIS` for an empty trail)."""

    count: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Head:
        """``COUNT:HASH`` (as ``cimview audit --against`` takes it); CimviewError when not."""
        count, _, digest = text.strip().partition(":")
        if not count.isdigit() or len(digest) != 64 or any(
                c not in "0123456789abcdef" for c in digest.lower()):
            raise CimviewError("{value}: not a trail head (expected COUNT:SHA256, the SHA-256 "
                               "as 64 hex digits)", value=repr(text))
        return cls(int(count), digest.lower())

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"


def entries(conn: Connection) -> list[dict[str, Any]]:
    """Every entry in ``seq`` order, as stored (``details`` parsed when it is JSON; else kept as
    the text, which then fails verification)."""
    if not entries_exist(conn):
        return []
    out = []
    for row in conn.execute(select(trail_table).order_by(trail_table.c.seq)).mappings():
        entry = dict(row)
        with contextlib.suppress(TypeError, ValueError):
            entry["details"] = json.loads(entry["details"])
        out.append(entry)
    return out


def head(rows: Sequence[Mapping[str, Any]]) -> Head:
    """The head of a list of entries, as stored."""
    return Head(int(rows[-1]["seq"]), str(rows[-1]["hash"])) if rows else Head(0, GENESIS)


def trail_id(conn: Connection) -> str | None:
    return conn.exec_driver_sql("SELECT value FROM cimview_meta WHERE key = ?",
                                (TRAIL_ID_KEY,)).scalar()


def head_header(conn: Connection) -> str:
    """The value of :data:`HEAD_HEADER`: ``trail=<id>; count=<n>; sha256=<hash>; device=<d>``
    (count 0 and 64 zeros, trail ``-``, before the first entry)."""
    h = current_head(conn)
    return (f"trail={trail_id(conn) or '-'}; count={h.count}; sha256={h.hash}; "
            f"device={device()}")


def current_head(conn: Connection) -> Head:
    """The stored trail's head, read without verifying it."""
    if not entries_exist(conn):
        return Head(0, GENESIS)
    row = conn.execute(select(trail_table.c.seq, trail_table.c.hash)
                       .order_by(trail_table.c.seq.desc()).limit(1)).first()
    return Head(int(row[0]), str(row[1])) if row else Head(0, GENESIS)


def entries_exist(conn: Connection) -> bool:
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'cimview_trail'").first() is not None


# -- verifying (pure) ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One thing wrong with a trail: ``position`` (1-based, in ``seq`` order; for a missing
    entry, the position it should hold), ``code`` and the sentence (a Message)."""

    position: int
    code: str  # edited | reordered | missing | bad_link | truncated | head_differs
    message: Message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"message": str(self.message)}


def verify(rows: Sequence[Mapping[str, Any]], known: Head | None = None) -> list[Problem]:
    """What is wrong with a trail (``rows`` in ``seq`` order, as :func:`entries` gives them);
    empty when it verifies. ``known``: a head held elsewhere (the platform's), checked too.

    Each entry's original position is the ``seq`` it hashes right with (its own, or, for an
    entry moved by changing its ``seq``, one near it): none → edited; another → reordered.
    Original positions absent from the trail → missing (deleted); an entry whose ``prev`` is
    not the hash of the entry originally before it → bad link."""
    problems: list[Problem] = []
    n = len(rows)
    origin: list[int | None] = []
    searched = 0  # a trail damaged throughout is not searched entry by entry (bounded work)
    for i, row in enumerate(rows):
        o = _origin(row, i + 1, window=MOVE_WINDOW if searched < MAX_SEARCHED else 0)
        searched += o != _int(row.get("seq"))
        origin.append(o)
    hash_at = {o: str(rows[i].get("hash")) for i, o in enumerate(origin) if o is not None}
    for i, row in enumerate(rows):
        pos, o = i + 1, origin[i]
        if o is None:
            problems.append(Problem(pos, "edited", msg(
                "entry {position}: edited after it was written (its hash does not match its "
                "content)", position=pos)))
        elif o != _int(row.get("seq")):
            problems.append(Problem(pos, "reordered", msg(
                "entry {position}: moved here from position {was}", position=pos, was=o)))
    present = sorted(o for o in origin if o is not None)
    top = max(present, default=0)
    held = set(present) | {_int(r.get("seq")) for r, o in zip(rows, origin, strict=True)
                           if o is None}
    for first, last in _runs(sorted(set(range(1, top + 1)) - held)):
        problems.append(Problem(first, "missing", msg(
            "entries {first} to {last} are missing (deleted)", first=first, last=last)
            if last > first else msg("entry {position} is missing (deleted)", position=first)))
    for i, row in enumerate(rows):
        o = origin[i]
        if o is None:
            continue
        before = GENESIS if o == 1 else hash_at.get(o - 1)
        if before is not None and row.get("prev") != before:
            problems.append(Problem(i + 1, "bad_link", msg(
                "entry {position}: does not follow the entry before it (its link to the "
                "previous hash is wrong)", position=i + 1)))
    if known is not None and known.count > 0:
        at = next((r for r in rows if _int(r.get("seq")) == known.count), None)
        if at is None or n < known.count:
            problems.append(Problem(n + 1, "truncated", msg(
                "the trail ends at entry {count}, but {known} entries were reported to the "
                "platform: entries were removed from its end", count=head(rows).count,
                known=known.count)))
        elif at.get("hash") != known.hash:
            problems.append(Problem(known.count, "head_differs", msg(
                "entry {position} is not the one reported to the platform (the trail was "
                "rewritten up to there)", position=known.count)))
    return sorted(problems, key=lambda p: p.position)


#: How far from its place a moved entry is looked for (hashes per edited entry: twice this).
MOVE_WINDOW = 32
#: Entries looked for elsewhere at most; beyond, a damaged entry is reported as edited.
MAX_SEARCHED = 1000


def _origin(row: Mapping[str, Any], pos: int, window: int) -> int | None:
    """The seq ``row`` hashes right with: its own, else one within ``window`` of ``pos``."""
    own = _int(row.get("seq"))
    tries = [own] if own is not None else []
    tries += [p for d in range(window + 1) for p in (pos - d, pos + d)
              if p >= 1 and p != own]
    for seq in dict.fromkeys(tries):
        try:
            if entry_hash(dict(row) | {"seq": seq}) == row.get("hash"):
                return seq
        except (KeyError, TypeError, ValueError):
            return None
    return None


def _runs(values: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for v in values:
        if out and v == out[-1][1] + 1:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return out


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def summary(rows: Sequence[Mapping[str, Any]], problems: Sequence[Problem]) -> Message:
    """One sentence on a verified (or not) trail, for ``cimview audit``."""
    if problems:
        return msg("{n} entries: the trail does not verify ({problems} problems)", n=len(rows),
                   problems=len(problems))
    if not rows:
        return msg("the trail is empty")
    return msg("{n} entries, head {head}: the trail verifies", n=len(rows), head=str(head(rows)))


def history(rows: Sequence[Mapping[str, Any]], layer: str, gid: str) -> list[dict[str, Any]]:
    """The entries that name one feature (its edits, their settling and push outcomes, the
    observations linked to it), oldest first: for the window's "history" of a feature. Sync
    pages and imports name no single feature (counts only) and are not included."""
    out = []
    for r in rows:
        d = r.get("details")
        if not isinstance(d, Mapping):
            continue
        named = (d.get("gid") == gid and d.get("layer") in (layer, None)) or (
            d.get("target") == gid and d.get("collection") in (layer, None)) or (
            d.get("feature") == [layer, gid])
        if named:
            out.append(dict(r))
    return out


def feature_history(conn: Connection, layer: str, gid: str,
                    limit: int = 200) -> list[dict[str, Any]]:
    """:func:`history` of one feature read from the cache: only entries whose details mention
    ``gid`` are parsed (one ``LIKE`` over the trail's text, not every entry's JSON), the
    latest ``limit`` of them, oldest first."""
    if not gid or not entries_exist(conn):
        return []
    query = (select(trail_table).where(trail_table.c.details.contains(str(gid), autoescape=True))
             .order_by(trail_table.c.seq.desc()).limit(max(int(limit), 0)))
    rows = []
    for row in conn.execute(query).mappings():
        entry = dict(row)
        with contextlib.suppress(TypeError, ValueError):
            entry["details"] = json.loads(entry["details"])
        rows.append(entry)
    return history(rows[::-1], layer, str(gid))
