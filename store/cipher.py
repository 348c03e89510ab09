"""Encrypted caches: SQLCipher (through the ``sqlcipher3`` wheels), keyed from a passphrase.

A plain cache is an SQLite file and starts with ``SQLite format 3``; an encrypted one is an
SQLCipher 4 file: its first 16 bytes are a random salt, every page is AES-256 encrypted and
authenticated (HMAC-SHA256, see :data:`SETTINGS`), so nothing in it, from table names to photo
bytes, is readable without the key. Decrypted, it is the same GeoPackage, table for table.

The key is SQLCipher's own: PBKDF2-HMAC-SHA512 of the passphrase over the file's salt, 256,000
iterations (SQLCipher 4's defaults), so the ``sqlcipher`` shell opens the file with the
passphrase (and :data:`SETTINGS`). cimview derives it once per file and process
(:func:`unlock`) and hands SQLCipher the raw key, so that opening another connection costs no
key derivation.

Where the key comes from, in this order (never from a file beside the cache):

1. a passphrase given to :func:`unlock` in this process (the window asks; the CLI prompts);
2. the environment variable ``CIMVIEW_PASSPHRASE`` (scripts, tests);
3. the operating system's keyring (service ``cimview-cache``, user ``salt:<the file's salt>``,
   so a cache moved elsewhere keeps its entry), where :func:`unlock` with ``remember=True``
   keeps the derived key (not the passphrase).

A cache whose key is not found raises :class:`CacheLocked`; a wrong key :class:`WrongKey`.
Both are :class:`~store.errors.CacheError`: the window and the CLI ask for the passphrase.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import sqlite3
import threading
from pathlib import Path
from typing import Any

from store.errors import CacheError
from store.messages import msg

MAGIC = b"SQLite format 3\x00"
#: The environment variable a cache passphrase may come from.
ENV = "CIMVIEW_PASSPHRASE"
#: The keyring service derived cache keys are kept under.
SERVICE = "cimview-cache"
#: SQLCipher 4's key derivation (its defaults: files interoperate with the sqlcipher shell).
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
#: cimview's SQLCipher settings beyond SQLCipher 4's defaults, given on every connection (and
#: to the ``sqlcipher`` shell after the key): pages are authenticated with HMAC-SHA256, which
#: CPUs with SHA extensions compute about twice as fast as SHA-512 (AES-256 stays the cipher).
SETTINGS = ("PRAGMA {schema}.cipher_hmac_algorithm = HMAC_SHA256",)
#: The page cache of an encrypted cache's connections, KiB (SQLite's default is 2,000):
#: decrypting a page again costs more than reading it again from the OS.
PAGE_CACHE_KIB = 32_768

_log = logging.getLogger("cimview")
_keys: dict[bytes, bytes] = {}  # salt -> derived key, for this process
_lock = threading.Lock()


class CacheLocked(CacheError):
    """An encrypted cache and no key for it: the user gives the passphrase."""

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(msg("the cache is encrypted: give its passphrase (the window asks for "
                             "it; on the command line, type it when asked or set ${env})",
                             env=ENV), path=path)


class WrongKey(CacheError):
    """An encrypted cache the given key does not open."""

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(msg("the passphrase does not open this cache (a wrong passphrase, or "
                             "the file is not a cimview cache)"), path=path)


def driver() -> Any:
    """SQLCipher's DB-API module (``sqlcipher3.dbapi2``)."""
    import sqlcipher3.dbapi2 as module

    return module


def open_encrypted(uri: str, key: bytes, salt: bytes | None = None, **kwargs: Any) -> Any:
    """An SQLCipher connection to ``uri`` with the raw ``key`` (``salt``: of a new file)."""
    conn = driver().connect(uri, uri=True, **kwargs)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error, not stderr's
    conn.execute(key_pragma(key, salt))
    for pragma in SETTINGS:
        conn.execute(pragma.format(schema="main"))
    return conn


def _error_classes(name: str) -> tuple[type[BaseException], ...]:
    classes: list[type[BaseException]] = [getattr(sqlite3, name)]
    with contextlib.suppress(ImportError):  # no SQLCipher on this machine: plain caches only
        classes.append(getattr(driver(), name))
    return tuple(classes)


#: ``except`` these instead of ``sqlite3.Error`` (and the rest): either driver's exceptions.
Error = _error_classes("Error")
DatabaseError = _error_classes("DatabaseError")
OperationalError = _error_classes("OperationalError")


# -- what a file is ------------------------------------------------------------------------------
def header(path: str | os.PathLike[str]) -> bytes:
    """The first 100 bytes of ``path`` (fewer for a shorter file)."""
    with open(path, "rb") as fh:
        return fh.read(100)


def is_plain(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a plain SQLite database."""
    return head.startswith(MAGIC)


def may_be_encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` could be an SQLCipher database: not plain SQLite, and whole pages
    (at least one of 512 bytes or more; an encrypted file is nothing but pages)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        head = header(path)
    except OSError:
        return False
    return not is_plain(head) and size >= 1024 and size % 512 == 0


def salt_of(path: str | os.PathLike[str]) -> bytes:
    """The salt an SQLCipher file starts with."""
    return header(path)[:SALT_BYTES]


# -- keys ----------------------------------------------------------------------------------------
def derive_key(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's key for ``passphrase`` over ``salt`` (PBKDF2-HMAC-SHA512, 256,000 rounds).

    Examples
    --------
    >>> len(derive_key("secret", bytes(16)))
    32
    """
    if not passphrase:
        raise ValueError("an empty passphrase")
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS,
                               KEY_BYTES)


def key_pragma(key: bytes, salt: bytes | None = None) -> str:
    """The ``PRAGMA key`` statement giving SQLCipher a raw key (and, for a new file, its salt)."""
    blob = key.hex() + (salt.hex() if salt is not None else "")
    return f"PRAGMA key = \"x'{blob}'\""


def key_for(path: str | os.PathLike[str]) -> bytes | None:
    """The key of the encrypted cache at ``path`` from this process, ``$CIMVIEW_PASSPHRASE`` or
    the keyring (unchecked), or None."""
    salt = salt_of(path)
    with _lock:
        if salt in _keys:
            return _keys[salt]
    env = os.environ.get(ENV, "")
    if env:
        key = derive_key(env, salt)
        with _lock:
            _keys[salt] = key
        return key
    stored = _keyring_get(salt)
    if stored:
        with _lock:
            _keys[salt] = stored
        return stored
    return None


def unlock(path: str | os.PathLike[str], passphrase: str, *, remember: bool = False) -> bool:
    """Check ``passphrase`` against the encrypted cache at ``path`` and keep its key for this
    process (and in the keyring with ``remember``). Raises :class:`WrongKey` when it does not
    open the file; returns whether the key was kept in the keyring."""
    salt = salt_of(path)
    key = derive_key(passphrase, salt)
    check_key(path, key)
    with _lock:
        _keys[salt] = key
    return remember_key(path) if remember else False


def check_key(path: str | os.PathLike[str], key: bytes) -> None:
    """Raise :class:`WrongKey` unless ``key`` opens the encrypted cache at ``path``."""
    conn = None
    try:
        conn = open_encrypted(_ro_uri(Path(path)), key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver().DatabaseError:
        raise WrongKey(path) from None
    finally:
        if conn is not None:
            conn.close()


def remember_key(path: str | os.PathLike[str]) -> bool:
    """Keep the key this process holds for ``path`` in the keyring. False when there is no
    usable keyring or no key."""
    salt = salt_of(path)
    with _lock:
        key = _keys.get(salt)
    if key is None:
        return False
    try:
        import keyring

        keyring.set_password(SERVICE, "salt:" + salt.hex(), key.hex())
        return True
    except Exception:  # noqa: BLE001 - no backend, locked, D-Bus gone: not kept
        _log.debug("keyring: cannot store a cache key", exc_info=True)
        return False


def forget(path: str | os.PathLike[str]) -> None:
    """Drop the key of ``path`` from this process and the keyring."""
    forget_salt(salt_of(path))


def forget_salt(salt: bytes) -> None:
    """Drop the key of the file with ``salt`` from this process and the keyring."""
    with _lock:
        _keys.pop(salt, None)
    try:
        import keyring

        keyring.delete_password(SERVICE, "salt:" + salt.hex())
    except Exception:  # noqa: BLE001 - none kept, or no usable keyring
        _log.debug("keyring: no cache key to forget", exc_info=True)


def _keyring_get(salt: bytes) -> bytes | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, "salt:" + salt.hex())
        return bytes.fromhex(value) if value else None
    except Exception:  # noqa: BLE001 - no backend, locked, a damaged entry: no key
        _log.debug("keyring: cannot read a cache key", exc_info=True)
        return None


# -- connections ---------------------------------------------------------------------------------
def _ro_uri(path: Path) -> str:
    from urllib.parse import quote

    return "file:" + quote(str(path), safe="/") + "?mode=ro"


def connect(path: str | os.PathLike[str], uri: str, **kwargs: Any) -> Any:
    """A DB-API connection to the cache at ``path`` (opened as ``uri``): sqlite3 for a plain
    file, SQLCipher with the file's key for an encrypted one (:class:`CacheLocked` when there
    is none)."""
    if not encrypted(path):
        return sqlite3.connect(uri, uri=True, **kwargs)
    key = key_for(path)
    if key is None:
        raise CacheLocked(path)
    return open_encrypted(uri, key, **kwargs)


def encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether the existing file ``path`` is an encrypted cache (not plain SQLite)."""
    try:
        return not is_plain(header(path)) and Path(path).stat().st_size > 0
    except OSError:
        return False


def dbapi_for(path: str | os.PathLike[str]) -> Any:
    """The DB-API module a connection to ``path`` comes from (for SQLAlchemy's ``module``)."""
    return driver() if encrypted(path) else sqlite3


def new_key(passphrase: str) -> tuple[bytes, bytes]:
    """A fresh salt and the key ``passphrase`` gives over it, for a new encrypted file."""
    salt = secrets.token_bytes(SALT_BYTES)
    return salt, derive_key(passphrase, salt)


def keep(salt: bytes, key: bytes) -> None:
    """Hold ``key`` for the file with ``salt`` in this process (a file cimview just made)."""
    with _lock:
        _keys[salt] = key


__all__ = ["ENV", "SERVICE", "CacheLocked", "DatabaseError", "Error", "OperationalError",
           "WrongKey", "check_key", "connect", "dbapi_for", "derive_key", "driver", "encrypted",
           "forget", "forget_salt", "open_encrypted",
           "key_for", "keep", "key_pragma", "may_be_encrypted", "new_key", "remember_key",
           "salt_of", "unlock"]
