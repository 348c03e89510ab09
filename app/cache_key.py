"""Passphrases for encrypted caches on the command line: ``cimview encrypt`` / ``decrypt``, and
the prompt any command shows when the cache it opens is locked.

A passphrase never comes from the command line (``ps`` shows it to every user) nor from a file
beside the cache: it is typed at the prompt (no echo), or read from ``$CIMVIEW_PASSPHRASE``, or
found in the OS keyring where ``--remember`` kept the cache's key (:mod:`store.cipher`).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from store import cipher
from store.errors import CimviewError

_CTX = "CacheKey"
_ASK = QT_TRANSLATE_NOOP("CacheKey", "Passphrase for {cache}: ")
_ASK_NEW = QT_TRANSLATE_NOOP("CacheKey", "New passphrase for {cache}: ")
_AGAIN = QT_TRANSLATE_NOOP("CacheKey", "The same passphrase again: ")
_MISMATCH = QT_TRANSLATE_NOOP("CacheKey", "the two passphrases differ: nothing was changed")
_SHORT = QT_TRANSLATE_NOOP("CacheKey", "a passphrase of at least {n} characters, please: "
                                       "nothing was changed")
_ENCRYPTED = QT_TRANSLATE_NOOP("CacheKey", "{cache}: encrypted ({bytes} bytes){kept}")
_DECRYPTED = QT_TRANSLATE_NOOP("CacheKey", "{cache}: decrypted, a plain GeoPackage again "
                                           "({bytes} bytes)")
_KEPT = QT_TRANSLATE_NOOP("CacheKey", "; its key is kept in the system keyring")
_NOT_KEPT = QT_TRANSLATE_NOOP("CacheKey", "; no usable system keyring: the key was not kept")
_NO_TTY = QT_TRANSLATE_NOOP("CacheKey", "no passphrase: type it at a terminal, or set {env}")
#: Where a script gives an encrypted cache's new passphrase (the old one: $CIMVIEW_PASSPHRASE).
NEW_ENV = "CIMVIEW_NEW_PASSPHRASE"
#: The shortest passphrase ``cimview encrypt`` accepts.
MIN_LENGTH = 8


def _tr(text: str) -> str:
    if QCoreApplication.instance() is not None:
        return QCoreApplication.translate(_CTX, text)
    from app import messages

    return messages.translate_in(_CTX, text)


def ask(path: Path, *, new: bool = False, env_name: str = cipher.ENV) -> str:
    """The passphrase for ``path`` from ``$env_name`` (default ``$CIMVIEW_PASSPHRASE``), else
    typed at the terminal (twice when ``new``). CimviewError when there is neither."""
    env = os.environ.get(env_name, "")
    if env:
        if new and len(env) < MIN_LENGTH:
            raise CimviewError(_tr(_SHORT).format(n=MIN_LENGTH))
        return env
    if not sys.stdin.isatty():
        raise CimviewError(_tr(_NO_TTY).format(env="$" + env_name))
    first = getpass.getpass(_tr(_ASK_NEW if new else _ASK).format(cache=path))
    if new:
        if len(first) < MIN_LENGTH:
            raise CimviewError(_tr(_SHORT).format(n=MIN_LENGTH))
        if getpass.getpass(_tr(_AGAIN)) != first:
            raise CimviewError(_tr(_MISMATCH))
    return first


def unlocking(run: Callable[[], int], *, tries: int = 3) -> int:
    """Run a command; when the cache it opens is locked, ask for the passphrase at the
    terminal (up to ``tries`` times for a wrong one) and run it again."""
    for _ in range(tries):
        try:
            return run()
        except cipher.CacheLocked as exc:
            if not sys.stdin.isatty() or os.environ.get(cipher.ENV):
                raise
            locked = Path(exc.path or "")
        try:
            cipher.unlock(locked, getpass.getpass(_tr(_ASK).format(cache=locked)))
        except cipher.WrongKey as exc:
            from app.messages import failure

            print(f"cimview: {failure(exc)}", file=sys.stderr)
    return run()


def cmd_encrypt(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview encrypt",
        description="Encrypt a cache with a passphrase (SQLCipher: AES-256 pages, "
                    "authenticated), or give an encrypted one a new passphrase. The passphrase "
                    "is typed (twice) when asked, or read from $CIMVIEW_PASSPHRASE (a new one for "
                    "an encrypted cache: $CIMVIEW_NEW_PASSPHRASE); never from the command line. "
                    "Only the cache's owner can read the new file.")
    p.add_argument("cache", type=Path)
    p.add_argument("--remember", action="store_true",
                   help="keep the cache's key in the system keyring, so that it opens "
                        "without asking")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--lang", help="zh_CN or en (default: the system's)")
    args = p.parse_args(argv)
    from app.messages import use_language

    use_language(args.lang)
    from store.boundary import boundary
    from store.encrypt_cache import encrypt_cache

    with boundary(args.cache):
        changing = cipher.encrypted(args.cache)
        if changing:  # a new passphrase: the old one first
            unlocking(lambda: _opens(args.cache))
        passphrase = ask(args.cache, new=True, env_name=NEW_ENV if changing else cipher.ENV)
        result = encrypt_cache(args.cache, passphrase, remember=args.remember)
    kept = cipher.key_for(args.cache) is not None and args.remember
    if args.json:
        print(json.dumps({**result, "kept_in_keyring": kept}, ensure_ascii=False))
    else:
        note = (_tr(_KEPT) if kept else _tr(_NOT_KEPT)) if args.remember else ""
        print(_tr(_ENCRYPTED).format(cache=args.cache, bytes=result["bytes"], kept=note))
    return 0


def cmd_decrypt(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview decrypt",
        description="Write an encrypted cache back as a plain GeoPackage (readable by QGIS and "
                    "GDAL, and by anyone who copies the file). Its key is forgotten.")
    p.add_argument("cache", type=Path)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--lang", help="zh_CN or en (default: the system's)")
    args = p.parse_args(argv)
    from app.messages import use_language

    use_language(args.lang)
    from store.boundary import boundary
    from store.encrypt_cache import decrypt_cache

    with boundary(args.cache):
        unlocking(lambda: _opens(args.cache))
        result = decrypt_cache(args.cache)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(_tr(_DECRYPTED).format(cache=args.cache, bytes=result["bytes"]))
    return 0


def _opens(path: Path) -> int:
    from store.cache import Cache

    Cache.open(path).close()
    return 0


__all__ = ["MIN_LENGTH", "NEW_ENV", "ask", "cmd_decrypt", "cmd_encrypt", "unlocking"]
