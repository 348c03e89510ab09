"""Is this cache sound? SQLite's integrity check, the GeoPackage rules, and the journals beside it.

``cimview check CACHE`` prints what :func:`check` finds; ``cimview info`` warns with what
:func:`journal_findings` and :func:`quick_findings` find. Every finding is a code, a severity
and a :class:`~store.messages.Message` (app/ words it); nothing here changes the cache.

What is looked at:

- the files beside the cache: a *hot journal* (``CACHE-journal`` left by a write that was
  interrupted: the cache file alone is damaged until SQLite rolls it back, so it must not be
  copied without it) and a *log not merged* (a non-empty ``CACHE-wal`` that no process has
  open: the cache file alone lacks the changes in it);
- the file: SQLite's ``integrity_check``, the GeoPackage ``application_id`` and
  ``user_version``;
- the GeoPackage tables: every ``gpkg_contents`` row names a table that exists, every
  feature table has its ``gpkg_geometry_columns`` row and column, every srs_id is defined;
- each R*Tree spatial index against its table: the counts, entries without a feature, and
  the boxes of a random sample of features.

Probing locks (to tell a hot journal from a write under way) opens the cache file; POSIX
drops *all* of a process's locks on a file when it closes any descriptor of it, so do not
call these functions while this process is inside a write transaction on the same cache.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store import cipher, gpkg
from store.errors import CacheError
from store.messages import Message, msg

#: SQLite's lock bytes in the database file, and the -shm byte every WAL connection holds.
_PENDING_BYTE = 0x40000000
_RESERVED_BYTE = _PENDING_BYTE + 1
_SHM_DMS_BYTE = 128
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_WAL_HEADER = 32
_GEOMETRY_TYPES = {"GEOMETRY", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                   "MULTIPOLYGON", "GEOMETRYCOLLECTION", "CIRCULARSTRING", "COMPOUNDCURVE",
                   "CURVEPOLYGON", "MULTICURVE", "MULTISURFACE", "CURVE", "SURFACE"}
_ERROR, _WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One thing found: ``code`` (stable, for scripts), ``severity`` ("error" makes the cache
    unhealthy, "warning" does not) and the message for the user."""

    code: str
    severity: str
    message: Message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": str(self.message)}


#: What each check is called where a user reads it (the codes stay in ``checked`` and JSON).
CHECK_NAMES = {"journals": msg("journals"), "integrity": msg("integrity"),
               "geopackage": msg("GeoPackage tables"), "spatial_indexes": msg("spatial indexes")}


@dataclass
class CheckReport:
    """What :func:`check` found in one cache, and which checks it ran."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == _ERROR for f in self.findings)

    def summary(self) -> Message:
        """One line: healthy, or how many problems."""
        if self.ok:
            return msg("healthy ({checks} checked)",
                       checks=[CHECK_NAMES.get(c, msg(c)) for c in self.checked])
        return msg("not healthy: {n} problems found",
                   n=sum(f.severity == _ERROR for f in self.findings))

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "checked": self.checked,
                "findings": [f.to_dict() for f in self.findings]}


# -- the files beside the cache -------------------------------------------------------------------
def journal_findings(path: str | os.PathLike[str]) -> list[Finding]:
    """A hot journal or a log no process merges, read from the files alone (no SQLite open,
    which would roll the journal back)."""
    path = Path(path)
    out = []
    journal = Path(f"{path}-journal")
    if _hot_journal(path, journal):
        out.append(Finding("hot_journal", _ERROR, msg(
            "{journal} is a hot journal: a write to the cache was interrupted, and the cache "
            "file alone is damaged until it is rolled back. Open the cache where it is (for "
            "example with 'cimview info'), which rolls the write back; never copy the cache "
            "file without this journal", journal=journal.name)))
    wal = Path(f"{path}-wal")
    if _size(wal) > _WAL_HEADER and not _in_use(Path(f"{path}-shm")):
        out.append(Finding("wal_not_merged", _ERROR, msg(
            "{wal} holds changes that are not in the cache file yet (the program that wrote "
            "them stopped before the end): open the cache where it is (for example with "
            "'cimview info'), which merges them, before copying the cache file", wal=wal.name)))
    return out


def after_open(before: list[Finding], path: str | os.PathLike[str]) -> list[Finding]:
    """For a program that has opened and closed the cache since :func:`journal_findings`
    gave ``before``: what is still there, and what opening it resolved (as warnings)."""
    path = Path(path)
    now = journal_findings(path)
    codes = {f.code for f in now}
    out = list(now)
    for f in before:
        if f.code == "hot_journal" and f.code not in codes:
            out.append(Finding("hot_journal_rolled_back", _WARNING, msg(
                "an interrupted write had left a hot journal beside the cache; opening the "
                "cache rolled that write back, and the cache is as it was before it")))
        elif f.code == "wal_not_merged" and f.code not in codes:
            out.append(Finding("wal_merged", _WARNING, msg(
                "changes left in the cache's write-ahead log by a program that stopped have "
                "been merged into the cache file")))
    return out


def writer_active(path: str | os.PathLike[str]) -> int | None:
    """The pid of a process that holds SQLite's write lock on ``path`` (rollback-journal mode),
    or None."""
    return _lock_holder(Path(path), _RESERVED_BYTE)


def _hot_journal(db: Path, journal: Path) -> bool:
    """SQLite's own rule: the journal exists, is not empty and starts with a header (the
    write was not finished), the database is not empty, and no process is writing it."""
    try:
        with open(journal, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    if not head or head[0] == 0 or _size(db) == 0:
        return False
    return writer_active(db) is None


def _in_use(shm: Path) -> bool:
    """Whether some process has the WAL-mode database open (it holds a lock on the -shm)."""
    return shm.exists() and _lock_holder(shm, _SHM_DMS_BYTE) is not None


def _lock_holder(path: Path, offset: int) -> int | None:
    """The pid of another process holding a POSIX lock on byte ``offset`` of ``path``."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        kind, _, _, _, pid = struct.unpack("hhqqi4x", answer)
        return None if kind == fcntl.F_UNLCK else pid
    except OSError:
        return None
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# -- the whole check -----------------------------------------------------------------------------
def check(path: str | os.PathLike[str], *, sample: int = 200) -> CheckReport:
    """Check the cache at ``path`` (any GeoPackage): see the module's docstring.

    Parameters
    ----------
    path
        The cache file.
    sample
        How many features per layer have their R*Tree box compared with their geometry.
    """
    path = Path(path)
    report = CheckReport(str(path))
    if not path.is_file():
        report.findings.append(Finding("missing", _ERROR, msg("no such cache file")))
        return report
    report.findings += journal_findings(path)
    report.checked.append("journals")
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(b"SQLite format 3\x00") and not cipher.may_be_encrypted(path):
        report.findings.append(Finding("not_sqlite", _ERROR, msg(
            "not an SQLite file, so not a GeoPackage")))
        return report
    # With a hot journal, read the file as it is (as a copy without the journal would be);
    # with a log nobody merges, read it without merging it; otherwise as cimview opens it
    # (the log, empty, is removed again at the close). Nothing is written either way.
    codes = {f.code for f in report.findings}
    conn = _connect(path, as_is="hot_journal" in codes, unmerged="wal_not_merged" in codes)
    try:
        for name, step in (("integrity", _integrity), ("geopackage", _geopackage),
                           ("spatial_indexes", lambda c: _rtrees(c, sample))):
            try:
                report.findings += step(conn)
            except cipher.DatabaseError as exc:
                if not any(f.code == "damaged" for f in report.findings):
                    report.findings.append(_unreadable(exc))
                break
            report.checked.append(name)
    finally:
        conn.close()
    return report


def quick_findings(path: str | os.PathLike[str], *, budget: float = 3.0) -> list[Finding]:
    """What ``cimview info`` warns about, in about ``budget`` seconds at most: SQLite's
    ``quick_check`` (skipped when it would take longer) and the R*Tree counts.

    Opens the cache as cimview does: like any SQLite program with write access, that rolls a
    hot journal back (call :func:`journal_findings` first to hear of it)."""
    conn = _connect(Path(path))
    try:
        deadline = time.monotonic() + budget
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            problems = _problems(conn.execute("PRAGMA quick_check(5)"))
        except cipher.OperationalError:  # interrupted: a large cache, left to cimview check
            problems = []
        except cipher.DatabaseError as exc:
            return [_unreadable(exc)]
        conn.set_progress_handler(None, 0)
        if problems:
            return [_damaged(problems)]
        try:
            return [f for f in _rtrees(conn, 0) if f.code in ("rtree_count", "rtree_missing")]
        except cipher.DatabaseError as exc:
            return [_unreadable(exc)]
    finally:
        conn.close()


def damaged(path: str | os.PathLike[str], exc: BaseException) -> CacheError:
    """The error for a cache SQLite cannot read (``exc``: its DatabaseError)."""
    error = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return CacheError("the cache file is damaged (SQLite says '{error}'); 'cimview check' "
                      "tells more", path=path, error=error)


def _connect(path: Path, *, as_is: bool = False, unmerged: bool = False) -> sqlite3.Connection:
    from store.cache import sqlite_uri, writable

    uri = sqlite_uri(path, read_only=unmerged or not writable(path))
    if as_is:
        uri = uri.split("?")[0] + "?mode=ro&immutable=1"
    if cipher.encrypted(path):  # a missing or wrong key is said as such, not as damage
        key = cipher.key_for(path)
        if key is None:
            raise cipher.CacheLocked(path)
        cipher.check_key(path, key)
    conn = cipher.connect(path, uri, isolation_level=None)  # SQLCipher for an encrypted one
    gpkg.register_functions(conn)
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _unreadable(exc: BaseException) -> Finding:
    return Finding("damaged", _ERROR, msg("the cache file is damaged: SQLite says '{error}'",
                                          error=str(exc)))


def _problems(rows: Any) -> list[str]:
    """The lines of an integrity or quick check that name a problem ([] when "ok")."""
    lines = [line for row in rows for line in str(row[0]).splitlines()]
    return [line for line in lines if line != "ok" and not line.startswith("***")]


def _damaged(problems: list[str]) -> Finding:
    return Finding("damaged", _ERROR, msg(
        "the cache file is damaged: SQLite's integrity check found problems, the first: "
        "'{first}'", first=problems[0]))


def _integrity(conn: sqlite3.Connection) -> list[Finding]:
    problems = _problems(conn.execute("PRAGMA integrity_check(20)"))
    return [_damaged(problems)] if problems else []


def _geopackage(conn: sqlite3.Connection) -> list[Finding]:
    out = []
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != gpkg.APPLICATION_ID:
        out.append(Finding("application_id", _ERROR, msg(
            "application_id is {value}, not 'GPKG' ({expected}): not a GeoPackage",
            value=app_id, expected=gpkg.APPLICATION_ID)))
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not 10200 <= user_version < 10500:
        out.append(Finding("user_version", _ERROR, msg(
            "user_version is {value}: not a GeoPackage version from 1.2 to 1.4 (10200 to "
            "10400)", value=user_version)))
    tables = {r[0]: r[1] for r in conn.execute(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")}
    missing = [t for t in ("gpkg_spatial_ref_sys", "gpkg_contents") if t not in tables]
    for t in missing:
        out.append(Finding("gpkg_table", _ERROR, msg(
            "the GeoPackage table {table} is missing", table=t)))
    if missing:
        return out
    srs = {r[0] for r in conn.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
    for required in (-1, 0, 4326):
        if required not in srs:
            out.append(Finding("srs", _ERROR, msg(
                "gpkg_spatial_ref_sys has no row for srs_id {srs_id}, which a GeoPackage must "
                "define", srs_id=required)))
    contents = conn.execute(
        "SELECT table_name, data_type, srs_id FROM gpkg_contents").fetchall()
    columns = {}
    if "gpkg_geometry_columns" in tables:
        columns = {r[0]: r[1:] for r in conn.execute(
            "SELECT table_name, column_name, geometry_type_name, srs_id, z, m "
            "FROM gpkg_geometry_columns")}
    features = set()
    for table, data_type, srs_id in contents:
        if table not in tables:
            out.append(Finding("contents", _ERROR, msg(
                "gpkg_contents lists the table {table}, which does not exist", table=table)))
            continue
        if srs_id is not None and srs_id not in srs:
            out.append(Finding("srs", _ERROR, msg(
                "gpkg_contents gives {table} the srs_id {srs_id}, which gpkg_spatial_ref_sys "
                "does not define", table=table, srs_id=srs_id)))
        if data_type != "features":
            continue
        features.add(table)
        if table not in columns:
            out.append(Finding("geometry_columns", _ERROR, msg(
                "the feature table {table} has no row in gpkg_geometry_columns", table=table)))
    for table, (column, type_name, srs_id, z, m) in columns.items():
        if table not in features:
            out.append(Finding("geometry_columns", _ERROR, msg(
                "gpkg_geometry_columns lists {table}, which gpkg_contents does not list as "
                "features", table=table)))
            continue
        names = {r[1] for r in conn.execute(f'PRAGMA table_info("{_q(table)}")')}
        if column not in names:
            out.append(Finding("geometry_columns", _ERROR, msg(
                "gpkg_geometry_columns names the column {table}.{column}, which does not exist",
                table=table, column=column)))
        if str(type_name).upper() not in _GEOMETRY_TYPES or z not in (0, 1, 2) \
                or m not in (0, 1, 2):
            out.append(Finding("geometry_columns", _ERROR, msg(
                "gpkg_geometry_columns describes {table} as '{type}' (z {z}, m {m}), which is "
                "not a GeoPackage geometry type", table=table, type=type_name, z=z, m=m)))
        if srs_id not in srs:
            out.append(Finding("srs", _ERROR, msg(
                "gpkg_geometry_columns gives {table} the srs_id {srs_id}, which "
                "gpkg_spatial_ref_sys does not define", table=table, srs_id=srs_id)))
    return out


def _rtrees(conn: sqlite3.Connection, sample: int) -> list[Finding]:
    """Each gpkg_rtree_index against its table (sample = 0: the counts only)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if "gpkg_extensions" not in tables:
        return []
    out = []
    for table, column in conn.execute(
            "SELECT table_name, column_name FROM gpkg_extensions "
            "WHERE extension_name = 'gpkg_rtree_index'").fetchall():
        rtree = gpkg.rtree_name(table, column)
        if table not in tables:
            continue  # reported with the GeoPackage tables
        if rtree not in tables:
            out.append(Finding("rtree_missing", _ERROR, msg(
                "the spatial index of {table} is missing ({rtree})", table=table,
                rtree=rtree)))
            continue
        pk = next((r[1] for r in conn.execute(f'PRAGMA table_info("{_q(table)}")') if r[5]),
                  "rowid")
        t, g, r, p = _q(table), _q(column), _q(rtree), _q(pk)
        entries = conn.execute(f'SELECT count(*) FROM "{r}"').fetchone()[0]
        rows = conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        if entries != rows:  # empty geometries have no entry: count them only then
            rows = conn.execute(f'SELECT count(*) FROM "{t}" WHERE "{g}" IS NOT NULL AND '
                                f'NOT ST_IsEmpty("{g}")').fetchone()[0]
        if entries != rows:
            out.append(_out_of_step("rtree_count", table, msg(
                "{features} features have a geometry but the index has {entries} entries",
                features=rows, entries=entries)))
            continue
        if sample <= 0:
            continue
        for trigger in (f"{rtree}_insert", f"{rtree}_delete"):
            if trigger not in tables and not conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                    (trigger,)).fetchone():
                out.append(Finding("rtree_trigger", _ERROR, msg(
                    "the spatial index of {table} is not kept up to date: its trigger "
                    "{trigger} is missing", table=table, trigger=trigger)))
        orphans = conn.execute(f'SELECT count(*) FROM "{r}" i WHERE NOT EXISTS '
                               f'(SELECT 1 FROM "{t}" WHERE "{p}" = i.id)').fetchone()[0]
        if orphans:
            out.append(_out_of_step("rtree_orphans", table, msg(
                "{n} index entries belong to no feature", n=orphans)))
            continue
        bad = _sampled_boxes(conn, t, g, r, p, sample)
        if bad[0]:
            out.append(_out_of_step("rtree_boxes", table, msg(
                "{bad} of {n} sampled features have a wrong or missing index box (first: "
                "feature {fid})", bad=bad[0], n=bad[1], fid=bad[2])))
    return out


def _sampled_boxes(conn: sqlite3.Connection, t: str, g: str, r: str, p: str,
                   sample: int) -> tuple[int, int, Any]:
    """(wrong boxes, features compared, first wrong fid) for a random sample of features."""
    rows = conn.execute(
        f'SELECT f."{p}", f."{g}", i.minx, i.maxx, i.miny, i.maxy FROM "{t}" f '
        f'LEFT JOIN "{r}" i ON i.id = f."{p}" WHERE f."{p}" IN '
        f'(SELECT "{p}" FROM "{t}" WHERE "{g}" IS NOT NULL ORDER BY random() LIMIT ?)',
        (sample,)).fetchall()
    bad, first, n = 0, None, 0
    for fid, blob, *box in rows:
        env = gpkg.envelope(blob)
        if env is None:
            continue
        n += 1
        # The R*Tree keeps 32-bit floats rounded outwards: within a float32 step of the box.
        if box[0] is None or any(abs(a - b) > 2.5e-7 * abs(b) + 1e-6
                                 for a, b in zip(box, env, strict=True)):
            bad += 1
            first = fid if first is None else first
    return bad, n, first


def _out_of_step(code: str, table: str, detail: Message) -> Finding:
    return Finding(code, _ERROR, msg(
        "the spatial index of {table} is out of step with its table: {detail}. Map views and "
        "GIS tools will miss or misplace its features", table=table, detail=detail))


def _q(name: str) -> str:
    return name.replace('"', '""')
