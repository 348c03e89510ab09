"""Encrypt a cache, decrypt it, or change its passphrase: one rewrite, recorded in its trail.

Each use case rewrites the whole file with SQLCipher's ``sqlcipher_export`` into a new file of
cimview's own beside it (readable by its owner only), then puts it in the cache's place in one
rename: an interruption leaves the cache as it was. The GeoPackage inside is unchanged, table
for table (``application_id`` and ``user_version`` included), so a decrypted cache is a standard
GeoPackage again. The trail (:mod:`store.audit`) gets a ``key_change`` entry.

The old file's blocks are freed, not wiped: on a disk that is not itself encrypted, a plain
cache that was encrypted afterwards may still be recoverable from the disk. Download work areas
encrypted from the start (``cimview sync --encrypt``) where that matters.

Examples
--------
>>> encrypt_cache("area.gpkg", "长 passphrase")          # doctest: +SKIP
{'cache': 'area.gpkg', 'encrypted': True, 'bytes': 1531904}
>>> decrypt_cache("area.gpkg")                           # doctest: +SKIP
{'cache': 'area.gpkg', 'encrypted': False, 'bytes': 1527808}
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from store import cipher
from store.cache import Cache, _claim_temp, _remove_db, sqlite_uri
from store.errors import CacheError
from store.lock import writer_lock


def encrypt_cache(path: str | os.PathLike[str], passphrase: str, *,
                  remember: bool = False) -> dict[str, Any]:
    """Encrypt the plain cache at ``path`` with ``passphrase`` (with ``remember``, keep its key
    in the OS keyring). An encrypted cache gets the new passphrase instead (its key must be
    known: :func:`store.cipher.unlock`)."""
    path = Path(path)
    salt, key = cipher.new_key(passphrase)
    _rewrite(path, (salt, key), "encrypt" if not cipher.encrypted(path) else "change")
    cipher.keep(salt, key)
    if remember:
        cipher.remember_key(path)
    return _result(path, True)


def decrypt_cache(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write the encrypted cache at ``path`` back as a plain GeoPackage (its key must be
    known: :func:`store.cipher.unlock`, ``$CIMVIEW_PASSPHRASE`` or the keyring)."""
    path = Path(path)
    if not cipher.encrypted(path):
        raise CacheError("the cache is not encrypted", path=path)
    old_salt = cipher.salt_of(path)
    _rewrite(path, None, "decrypt")
    cipher.forget_salt(old_salt)
    return _result(path, False)


def _result(path: Path, encrypted: bool) -> dict[str, Any]:
    return {"cache": str(path), "encrypted": encrypted, "bytes": path.stat().st_size}


def _rewrite(path: Path, new: tuple[bytes, bytes] | None, action: str) -> None:
    """Rewrite ``path`` under the key ``new`` (salt, key; None: plain), then record it."""
    Cache.open(path).close()  # a clear error for a missing, foreign or locked cache first
    with writer_lock(path, f"cimview {action}", wait=0):
        source_key = cipher.key_for(path) if cipher.encrypted(path) else None
        uri = sqlite_uri(path, read_only=False)
        src = (cipher.open_encrypted(uri, source_key) if source_key is not None
               else cipher.driver().connect(uri, uri=True))
        tmp = _claim_temp(path, action)
        try:
            try:
                src.isolation_level = None
                src.execute("PRAGMA busy_timeout = 10000")
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                app_id = src.execute("PRAGMA application_id").fetchone()[0]
                user_version = src.execute("PRAGMA user_version").fetchone()[0]
                target = "" if new is None else f"x'{new[1].hex()}{new[0].hex()}'"
                src.execute("ATTACH DATABASE ? AS converted KEY ?", (str(tmp), target))
                if new is not None:
                    for pragma in cipher.SETTINGS:
                        src.execute(pragma.format(schema="converted"))
                src.execute("SELECT sqlcipher_export('converted')").fetchall()
                src.execute(f"PRAGMA converted.application_id = {int(app_id)}")
                src.execute(f"PRAGMA converted.user_version = {int(user_version)}")
                src.execute("DETACH DATABASE converted")
            finally:
                src.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(tmp, path)
        finally:
            _remove_db(tmp)
    if new is not None:
        cipher.keep(*new)
    with Cache.open(path) as cache, cache.transaction(purpose=f"cimview {action}") as tx:
        tx.record("key_change", action=action, encrypted=new is not None)


__all__ = ["decrypt_cache", "encrypt_cache"]
