"""The platform's bearer token: where it comes from, and which origin it may go to.

A token never needs the command line (``ps`` shows every process's arguments to every user).
:func:`token_for` looks, in this order, in

1. a token file (``cimview sync --token-file FILE``): its first line;
2. the environment, ``CIMVIEW_TOKEN``;
3. the operating system's keyring (the ``keyring`` library: Secret Service, KWallet, macOS
   Keychain, Windows Credential Locker), under the service ``cimview`` and the platform's
   *origin* — the window stores the token there with :func:`remember_token`.

A keyring that is missing, locked, has no backend or fails in any way is treated as empty:
never a traceback. Tokens are keyed by origin (scheme, host, port: :func:`origin`), the same
unit the client uses to decide where the token may be sent (:mod:`store.sync.client` sends it
only to the origin the user named). :func:`plain_http_warning` is the warning for a token sent
in clear text over ``http://`` to a host that is not this machine.

No Qt here: the window (``app/``) calls these functions.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from store.errors import InputError
from store.messages import Message, msg

#: The keyring service name tokens are stored under (the user name is the platform's origin).
SERVICE = "cimview"
#: The environment variable a token may come from.
ENV = "CIMVIEW_TOKEN"
#: A token file larger than this is not a token file.
MAX_TOKEN_FILE = 64 * 1024

_log = logging.getLogger("cimview")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """The origin of ``url`` as ``scheme://host:port`` (lower case, default port explicit).

    Examples
    --------
    >>> origin("HTTPS://CIM.example.gov.cn/ogcapi/collections")
    'https://cim.example.gov.cn:443'
    >>> origin("http://127.0.0.1:5000")
    'http://127.0.0.1:5000'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: no origin equals it
        port = -1
    if port is None:
        port = _DEFAULT_PORTS.get(scheme, 0)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def is_loopback(url: str) -> bool:
    """Whether ``url`` names this machine (localhost, 127.0.0.0/8, ::1)."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_warning(url: str) -> Message | None:
    """The warning for sending a token to ``url`` in clear text, or None when it is safe
    (https, or a platform on this machine)."""
    if urlsplit(url.strip()).scheme.lower() == "http" and not is_loopback(url):
        return msg("the token is sent to {origin} over plain http: anyone on the network "
                   "between can read it; use https", origin=origin(url))
    return None


def argv_token_warning() -> Message:
    """The warning for a token given on the command line."""
    return msg("a token given with --token is visible to every user of this machine (ps); "
               "use --token-file, ${env} or the keyring", env=ENV)


def read_token_file(path: str | os.PathLike[str]) -> str:
    """The token in ``path``: its first non-empty line, stripped. InputError when the file
    cannot be read, is not a small text file, or holds no token."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_TOKEN_FILE + 1)
    except FileNotFoundError:
        raise InputError(path, "no such token file") from None
    except IsADirectoryError:
        raise InputError(path, "a folder, not a token file") from None
    except OSError as exc:
        raise InputError(path, "cannot read the token file: {error}",
                         error=exc.strerror or str(exc)) from None
    if len(data) > MAX_TOKEN_FILE:
        raise InputError(path, "larger than {limit} bytes: not a token file",
                         limit=MAX_TOKEN_FILE)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "the token file is not UTF-8 text") from None
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    raise InputError(path, "the token file is empty")


def token_for(url: str, *, file: str | os.PathLike[str] | None = None) -> str | None:
    """The token for the platform at ``url``: from ``file``, else ``$CIMVIEW_TOKEN``, else the
    keyring entry of the platform's origin; None when there is none.

    A token file that cannot be read raises :class:`~store.errors.InputError` (the user named
    it); a keyring that fails or has no backend is silent."""
    if file is not None:
        return read_token_file(file)
    env = os.environ.get(ENV, "").strip()
    if env:
        return env
    return _keyring_get(origin(url))


def remember_token(url: str, token: str) -> bool:
    """Keep ``token`` in the OS keyring for the origin of ``url``. False when there is no
    usable keyring (nothing raised: the caller may tell the user it was not kept)."""
    try:
        import keyring

        keyring.set_password(SERVICE, origin(url), token)
        return True
    except Exception:  # noqa: BLE001 - no backend, locked, D-Bus gone: not kept
        _log.debug("keyring: cannot store a token", exc_info=True)
        return False


def forget_token(url: str) -> bool:
    """Remove the keyring's token for the origin of ``url``. True when one was removed."""
    try:
        import keyring

        keyring.delete_password(SERVICE, origin(url))
        return True
    except Exception:  # noqa: BLE001 - none stored, or no usable keyring
        _log.debug("keyring: cannot delete a token", exc_info=True)
        return False


def _keyring_get(key: str) -> str | None:
    try:
        import keyring

        value = keyring.get_password(SERVICE, key)
    except Exception:  # noqa: BLE001 - no backend, locked, D-Bus gone: no token
        _log.debug("keyring: cannot read a token", exc_info=True)
        return None
    return value or None


__all__ = ["ENV", "SERVICE", "argv_token_warning", "forget_token", "is_loopback", "origin",
           "plain_http_warning", "read_token_file", "remember_token", "token_for"]
