"""An OGC API - Features client for the base platform (pygeoapi or any conforming server).

One :class:`Platform` per base URL, over a ``requests`` Session. It trusts nothing it is sent:

* **Credentials go only to the origin the user named** (scheme, host and port of the landing
  page): the bearer token is added per request, never to the session, and only when the URL's
  origin is the platform's. A ``next`` link (or any API link) to another origin is *refused*
  with a :class:`SyncError` naming it. A *file* link (an asset's ``href``) to another origin is
  *followed without credentials* (platforms serve files from a file server or object store on
  another port or host; the reference platform does). Redirects are followed here, not by
  ``requests`` (at most :data:`MAX_REDIRECTS`), with the same rule at every hop: a redirect
  of an API request away from the platform's origin is refused, one of a file download is
  followed without the token. A port or scheme change is another origin.
* **Paging is bounded**: :meth:`Platform.pages` follows ``next`` links only within the
  collection's items path on the platform's origin, and stops when a page brings no feature not
  already seen, when ``numberMatched`` features have arrived, or after ``max_pages`` pages;
  :attr:`Page.stopped` says which (``None`` at a page without a ``next`` link).
* **Every request has an overall deadline** (``deadline`` seconds, not only a per-read
  timeout): the body is streamed in chunks on a worker thread and the caller's thread waits,
  checking the deadline and ``cancel`` every tenth of a second, so Cancel stops a request in
  flight within a second (:class:`Cancelled`). Backoff sleeps are cancellable too.
* **What a server can make the client hold is bounded**: a JSON response over ``max_bytes``
  (decoded; ``Content-Length`` checked first) is refused; a file over the size the platform
  lists, or over :data:`MAX_FILE_BYTES`, is refused.
* ``crs``/``bbox-crs`` (OGC API - Features Part 2) with the ``Content-Crs`` response header
  checked, and EPSG axis order honoured: geometries handed to and returned by this client are
  always (x, y) = (easting, northing) or (longitude, latitude), whatever the CRS's axis order
  (decided from pyproj's ``CRS.axis_info``, never from a list of codes);
* idempotent requests (GET, PUT, DELETE) are retried with capped exponential backoff and jitter
  after connection errors, timeouts, 429 and 5xx; a POST is never retried here (the caller
  decides, knowing whether the request may have reached the server: ``SyncError.sent``);
* everything that goes wrong (after retries) is a :class:`SyncError` naming the URL, its
  problem a template and values (:mod:`store.messages`).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import requests
import urllib3.exceptions
from pyproj import CRS
from pyproj.exceptions import CRSError

from store.errors import CimviewError
from store.messages import msg
from store.sync.credentials import origin as origin_of

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
#: Statuses worth another try on an idempotent request.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
#: Bytes of a JSON response (a page, a collection list) the client will hold.
MAX_PAGE_BYTES = 64 << 20
#: Bytes of an error response's body read for its reason.
MAX_ERROR_BYTES = 64 << 10
#: The largest file (DEM, IFC) the client downloads.
MAX_FILE_BYTES = 8 << 30
#: Redirects followed per request.
MAX_REDIRECTS = 5
#: Pages :meth:`Platform.pages` follows in one call before it stops (``Page.stopped``).
MAX_PAGES = 5000
#: The longest link followed.
MAX_URL = 8192
#: Overall seconds for one request (headers and body), by default.
DEADLINE = 300.0
#: A file download's deadline grows by its size at this rate (bytes per second).
MIN_FILE_RATE = 32 << 10
#: How often the waiting thread looks at the deadline and ``cancel`` (seconds).
POLL = 0.1
_NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout,
                   requests.exceptions.ChunkedEncodingError,
                   requests.exceptions.ContentDecodingError,
                   urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)
_CHUNK = 1 << 16

#: What a page stop means, for the summary: the codes of :attr:`Page.stopped`.
STOP_MATCHED = "number_matched"
STOP_NO_NEW = "no_new_features"
STOP_CAP = "page_cap"


class SyncError(CimviewError):
    """A platform request that failed for good: names the URL and the problem.

    ``SyncError(url, "the next link {link} leaves the platform {origin}", link=…, origin=…)``:
    the problem is a template and its values (``path`` is the URL). ``status`` is the HTTP
    status when there was a response; ``sent`` is False only when the request certainly never
    reached the server (connection refused, DNS failure, connect timeout), so that a
    non-idempotent request may be sent again safely."""

    def __init__(self, url: str, problem: str, *, status: int | None = None,
                 sent: bool = True, **values: Any):
        self.url = url
        self.status = status
        self.sent = sent
        super().__init__(problem, path=url, **values)


class NotFound(SyncError):
    """404: the collection or feature does not exist on the platform."""


class PreconditionFailed(SyncError):
    """412: If-Match did not match: the feature changed on the platform since it was read."""


class Cancelled(SyncError):
    """The user cancelled while a request was in flight (nothing of it was used)."""


class Reply:
    """A response read in full (or into a file): status, headers, final URL, body."""

    def __init__(self, status_code: int, reason: str, headers: Mapping[str, str], url: str,
                 content: bytes, nbytes: int):
        self.status_code = status_code
        self.reason = reason
        self.headers = requests.structures.CaseInsensitiveDict(headers)
        self.url = url
        self.content = content
        self.nbytes = nbytes  # body bytes received (also when written to a file)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


class Page(tuple):
    """One page of features: unpacks as ``(features, next_url, bytes)``.

    Also carries ``url`` (what was fetched), ``number_matched`` (when the server says),
    ``timestamp`` (the server's time of the response: ``timeStamp``, else the Date header) and
    ``stopped``: why paging ends at this page although the server offered more —
    :data:`STOP_MATCHED`, :data:`STOP_NO_NEW` (``next_url`` is then None: the collection is
    complete) or :data:`STOP_CAP` (``next_url`` is kept: more pages remain)."""

    url: str
    number_matched: int | None
    timestamp: str | None
    stopped: str | None

    def __new__(cls, features: list[dict[str, Any]], next_url: str | None, nbytes: int, *,
                url: str, number_matched: int | None = None,
                timestamp: str | None = None, stopped: str | None = None) -> Page:
        self = super().__new__(cls, (features, next_url, nbytes))
        self.url = url
        self.number_matched = number_matched
        self.timestamp = timestamp
        self.stopped = stopped
        return self

    @property
    def features(self) -> list[dict[str, Any]]:
        return self[0]

    @property
    def next_url(self) -> str | None:
        return self[1]

    @property
    def bytes(self) -> int:
        return self[2]


def cancelled(cancel: Any) -> bool:
    """Whether ``cancel`` (None, a callable, or an Event-like object with ``is_set``) is set."""
    if cancel is None:
        return False
    if hasattr(cancel, "is_set"):
        return bool(cancel.is_set())
    return bool(cancel())


# -- CRS helpers ----------------------------------------------------------------------------------
def crs_uri(crs: str | int | CRS) -> str:
    """The OGC URI of a CRS: 'EPSG:4547' → http://www.opengis.net/def/crs/EPSG/0/4547."""
    if isinstance(crs, str) and crs.startswith(("http://", "https://")):
        return crs
    parsed = crs if isinstance(crs, CRS) else _parse(str(crs))
    if _is_crs84(parsed):
        return CRS84
    code = parsed.to_epsg(min_confidence=90)
    if not code:
        raise CimviewError("CRS {name} has no EPSG code to ask a platform for",
                          name=parsed.name)
    return f"http://www.opengis.net/def/crs/EPSG/0/{code}"


@lru_cache(maxsize=64)
def _parse(text: str) -> CRS:
    value = text.strip().strip("<>")
    if value.isdigit():
        value = f"EPSG:{value}"
    low = value.lower().rstrip("/")
    if low.endswith("/ogc/1.3/crs84") or low in ("crs84", "ogc:crs84"):
        return CRS.from_user_input("OGC:CRS84")
    if "/def/crs/epsg/" in low:
        value = "EPSG:" + low.rsplit("/", 1)[-1]
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise CimviewError("unknown CRS {crs}: {error}", crs=repr(text), error=str(exc)) from None


def _is_crs84(crs: CRS) -> bool:
    return crs.name.upper() in ("WGS 84 (CRS84)", "WGS 84 LONGITUDE-LATITUDE") or (
        crs.to_authority() or ("", ""))[1] == "CRS84"


def same_crs(a: str | CRS, b: str | CRS) -> bool:
    """Whether two CRS URIs (or CRSs) name the same CRS."""
    if isinstance(a, str) and isinstance(b, str):
        na, nb = (s.strip().strip("<>").replace("https://", "http://").rstrip("/").lower()
                  for s in (a, b))
        if na == nb:
            return True
    try:
        ca = a if isinstance(a, CRS) else _parse(a)
        cb = b if isinstance(b, CRS) else _parse(b)
    except CimviewError:
        return False
    return ca == cb or (ca.to_epsg() is not None and ca.to_epsg() == cb.to_epsg()
                        and _is_crs84(ca) == _is_crs84(cb))


def northing_first(crs: str | CRS) -> bool:
    """Whether the CRS's first axis points north or south (EPSG:4547, EPSG:4326): its
    coordinates on the wire are (northing, easting) or (latitude, longitude)."""
    parsed = crs if isinstance(crs, CRS) else _parse(crs)
    axes = parsed.axis_info
    return bool(axes) and axes[0].direction.lower() in ("north", "south")


def swap_xy(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GeoJSON geometry with the first two ordinates of every position swapped."""
    if geometry is None:
        return None
    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [swap_xy(g) for g in geometry["geometries"]]}

    def flip(c: Any) -> Any:
        if c and isinstance(c[0], (int, float)):
            return [c[1], c[0], *c[2:]]
        return [flip(x) for x in c]

    return {**geometry, "coordinates": flip(geometry.get("coordinates", []))}


def _server_time(content: Mapping[str, Any], response: Reply) -> str | None:
    stamp = content.get("timeStamp")
    if isinstance(stamp, str) and stamp:
        return stamp
    date = response.headers.get("Date")
    if date:
        try:
            return parsedate_to_datetime(date).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError):
            return None
    return None


# -- the client -----------------------------------------------------------------------------------
class _Timeout(Exception):
    """No complete answer within the request's deadline (retried like a network error)."""


class _LocalWrite(Exception):
    """Writing a downloaded file failed here (disk full, permissions): not a network error."""


class _Aborted(Exception):
    """The waiting thread gave up on this request (cancel or deadline)."""


def landing_url(url: str) -> str:
    """The platform's landing page URL, checked: http(s), a host, no fragment; no trailing '/'.

    Examples
    --------
    >>> landing_url("http://127.0.0.1:5000/")
    'http://127.0.0.1:5000'
    """
    text = str(url).strip()
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.fragment \
            or len(text) > MAX_URL or any(ord(c) < 33 for c in text):
        raise CimviewError("the platform address {url} is not an http:// or https:// URL",
                           url=text[:200])
    return text.rstrip("/")


class Platform:
    """A base platform's OGC API - Features endpoint (its landing page URL).

    Parameters
    ----------
    url
        The landing page. Its origin (scheme, host, port) is the only one the token goes to.
    token
        The bearer token (see :mod:`store.sync.credentials` for where to get it).
    timeout
        Seconds to wait for a connection, and for each read of the socket.
    retries, backoff, backoff_cap
        Attempts after the first for idempotent requests, and their backoff (seconds).
    deadline
        Overall seconds for one request, headers and body (a file download gets more: its size
        at :data:`MIN_FILE_RATE`).
    max_bytes
        The largest JSON response held (decoded bytes).
    max_pages
        Pages :meth:`pages` follows in one call.
    cancel
        None, a callable or an Event-like object (``is_set``): checked while waiting for every
        request and between retries; :class:`Cancelled` when set. May be set later.
    """

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 30,
                 retries: int = 4, backoff: float = 0.5, backoff_cap: float = 8.0,
                 session: requests.Session | None = None, deadline: float = DEADLINE,
                 max_bytes: int = MAX_PAGE_BYTES, max_pages: int = MAX_PAGES,
                 cancel: Any = None):
        self.url = landing_url(url)
        self.origin = origin_of(self.url)
        self.timeout = float(timeout)
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.deadline = float(deadline)
        self.max_bytes = int(max_bytes)
        self.max_pages = max(1, int(max_pages))
        self.cancel = cancel
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", "cimview-sync/0.1")
        # The token goes per request, to the platform's origin only: never in the session.
        self.session.headers.pop("Authorization", None)
        self.session.auth = None
        self._token = token or None
        self.requests = 0  # HTTP requests sent, retries included
        self.retried = 0

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------
    def items_url(self, collection: str) -> str:
        return f"{self.url}/collections/{collection}/items"

    def cancelled(self) -> bool:
        return cancelled(self.cancel)

    @property
    def has_token(self) -> bool:
        """Whether requests to the platform's origin carry a bearer token."""
        return self._token is not None

    def _sleep(self, attempt: int, response: Reply | None) -> None:
        delay = min(self.backoff_cap, self.backoff * (2 ** attempt))
        if response is not None:  # a server that says when to come back is believed (capped)
            after = response.headers.get("Retry-After", "")
            if after.isdigit():
                delay = min(self.backoff_cap, max(delay, float(after)))
        end = time.monotonic() + delay * random.uniform(0.5, 1.0)
        while (left := end - time.monotonic()) > 0:
            if self.cancelled():
                raise Cancelled(self.url, "cancelled")
            time.sleep(min(POLL, left))

    def request(self, method: str, url: str, *, ok: Sequence[int] = (200,),
                params: Mapping[str, Any] | None = None,
                headers: Mapping[str, str] | None = None, data: bytes | None = None,
                limit: int | None = None, cross_origin: str = "refuse",
                deadline: float | None = None, **_: Any) -> Reply:
        """Send one request and read its answer in full; retry idempotent ones; SyncError for
        anything but ``ok``.

        ``limit``: the most body bytes read (default ``max_bytes``). ``cross_origin``: what a
        redirect away from the platform's origin gets — "refuse" (a SyncError) or "anonymous"
        (followed without the token). ``deadline``: overall seconds per attempt."""
        idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        attempts = self.retries + 1 if idempotent else 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self.requests += 1
            try:
                reply = self._once(method, url, params=params, headers=headers, data=data,
                                   ok=ok, limit=self.max_bytes if limit is None else limit,
                                   sink=None, cross_origin=cross_origin, deadline=deadline)
            except (*_NETWORK_ERRORS, _Timeout) as exc:
                if not last:
                    self.retried += 1
                    self._sleep(attempt, None)
                    continue
                if attempts > 1:
                    raise SyncError(url, "{method} failed after {attempts} attempts: {reason}",
                                    method=method, attempts=attempts, reason=_reason(exc),
                                    sent=not _never_sent(exc)) from None
                raise SyncError(url, "{method} failed: {reason}", method=method,
                                reason=_reason(exc), sent=not _never_sent(exc)) from None
            except requests.RequestException as exc:
                raise SyncError(url, "{method} failed: {reason}", method=method,
                                reason=_reason(exc)) from None
            if reply.status_code in ok:
                return reply
            if idempotent and reply.status_code in RETRY_STATUS and not last:
                self.retried += 1
                self._sleep(attempt, reply)
                continue
            raise _status_error(method, url, reply)
        raise AssertionError("unreachable")

    def _once(self, method: str, url: str, *, params: Mapping[str, Any] | None,
              headers: Mapping[str, str] | None, data: bytes | None, ok: Sequence[int],
              limit: int | None, sink: Callable[[Any], Callable[[bytes], None] | None] | None,
              cross_origin: str, deadline: float | None) -> Reply:
        """One attempt, on a worker thread, waited for here with the deadline and cancel."""
        if self.cancelled():
            raise Cancelled(url, "cancelled")
        seconds = self.deadline if deadline is None else float(deadline)
        end = time.monotonic() + seconds
        abort = threading.Event()
        done = threading.Event()
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["reply"] = self._exchange(method, url, params, headers, data, ok, limit,
                                              sink, cross_origin, abort, box)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, name="cimview-http", daemon=True).start()
        while not done.wait(POLL):
            stop = self.cancelled()
            if not stop and time.monotonic() < end:
                continue
            abort.set()
            _shutdown(box.get("response"))
            done.wait(0.5)  # let it put down what it holds (a file being written)
            if stop:
                raise Cancelled(url, "cancelled")
            raise _Timeout(f"no complete answer within {seconds:g} s")
        if "error" in box:
            error = box["error"]
            if isinstance(error, _Aborted):
                raise Cancelled(url, "cancelled")
            raise error
        return box["reply"]

    def _exchange(self, method: str, url: str, params: Mapping[str, Any] | None,
                  headers: Mapping[str, str] | None, data: bytes | None, ok: Sequence[int],
                  limit: int | None,
                  sink: Callable[[Any], Callable[[bytes], None] | None] | None,
                  cross_origin: str, abort: threading.Event, box: dict[str, Any]) -> Reply:
        """Send (following redirects under the origin rule) and read the body in chunks."""
        target = url
        connect = min(self.timeout, 30.0)
        for hop in range(MAX_REDIRECTS + 1):
            send = dict(headers or {})
            if self._token and origin_of(target) == self.origin:
                send["Authorization"] = f"Bearer {self._token}"
            response = self.session.request(method, target, params=params if hop == 0 else None,
                                            headers=send, data=data, stream=True,
                                            allow_redirects=False,
                                            timeout=(connect, self.timeout))
            box["response"] = response
            if abort.is_set():
                response.close()
                raise _Aborted()
            location = response.headers.get("Location")
            if not (response.is_redirect and location and method.upper() in ("GET", "HEAD")):
                break
            response.close()
            nxt = urljoin(response.url, location)
            if urlsplit(nxt).scheme.lower() not in ("http", "https") or len(nxt) > MAX_URL:
                raise SyncError(url, "the platform redirected to {target}: not an http(s) "
                                     "address, not followed", target=_short(nxt))
            if origin_of(nxt) != self.origin and cross_origin != "anonymous":
                raise SyncError(url, "the platform redirected to {target}, outside the "
                                     "platform {origin}: not followed",
                                target=_short(nxt), origin=self.origin)
            target = nxt
        else:
            raise SyncError(url, "more than {n} redirects: not followed", n=MAX_REDIRECTS)
        status = response.status_code
        good = status in ok
        write = sink(response) if (good and sink is not None) else None
        cap = limit if (good and write is None) else (None if write is not None
                                                     else MAX_ERROR_BYTES)
        encoded = response.headers.get("Content-Encoding", "identity").lower() != "identity"
        declared = response.headers.get("Content-Length", "")
        declared_n = int(declared) if declared.isdigit() else None
        if good and cap is not None and declared_n is not None and declared_n > cap \
                and not encoded:
            response.close()
            raise SyncError(response.url, "the answer is {size} bytes, more than the {limit} "
                                          "allowed: not read", size=declared_n, limit=cap)
        body = bytearray()
        got = 0
        raw = response.raw
        try:
            while method.upper() != "HEAD" and status not in (204, 304):
                if abort.is_set():
                    raise _Aborted()
                chunk = raw.read1(_CHUNK, decode_content=True)
                if not chunk:
                    break
                got += len(chunk)
                if cap is not None and got > cap:
                    if not good:
                        break  # an error page: its beginning is enough
                    raise SyncError(response.url, "the answer is larger than the {limit} bytes "
                                                  "allowed: not read further", limit=cap)
                if write is not None:
                    if abort.is_set():
                        raise _Aborted()
                    write(chunk)
                else:
                    body += chunk
            else:
                got = 0
            if (declared_n is not None and not encoded and got < declared_n
                    and method.upper() != "HEAD" and status not in (204, 304)
                    and not (cap is not None and got > cap)):
                raise http.client.IncompleteRead(bytes(body[-16:]), declared_n - got)
        finally:
            response.close()
        return Reply(status, str(response.reason or "")[:200], dict(response.headers),
                     response.url, bytes(body), got)

    def get_json(self, url: str, params: Mapping[str, Any] | None = None
                 ) -> tuple[Any, Reply]:
        """GET a JSON document (at most ``max_bytes``); SyncError naming the URL when it is
        not JSON."""
        response = self.request("GET", url, params=params,
                                headers={"Accept": f"{GEOJSON}, application/json"})
        try:
            return json.loads(response.content), response
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise SyncError(response.url, "the platform sent malformed JSON ({error})",
                            error=_reason(exc)[:200], status=response.status_code) from None

    # -- links ----------------------------------------------------------------------------------
    def check_next(self, link: str, collection: str, where: str | None = None) -> None:
        """SyncError unless ``link`` is a page of ``collection``'s items on the platform's
        origin: a link elsewhere is never followed (and never given the token)."""
        where = where or self.items_url(collection)
        text = str(link)
        parts = urlsplit(text)
        if len(text) > MAX_URL or parts.scheme.lower() not in ("http", "https") \
                or any(ord(c) < 33 for c in text):
            raise SyncError(where, "the next link {link} is not an http(s) address: not "
                                   "followed", link=_short(text))
        if origin_of(text) != self.origin:
            raise SyncError(where, "the next link {link} leaves the platform {origin}: not "
                                   "followed", link=_short(text), origin=self.origin)
        want = unquote(urlsplit(self.items_url(collection)).path).rstrip("/")
        if unquote(parts.path).rstrip("/") != want:
            raise SyncError(where, "the next link {link} is not a page of the collection "
                                   "{collection}: not followed",
                            link=_short(text), collection=collection)

    # -- reading --------------------------------------------------------------------------------
    def collections(self) -> dict[str, dict[str, Any]]:
        """The platform's collections by id (each as the server describes it)."""
        doc, response = self.get_json(f"{self.url}/collections", {"f": "json"})
        items = doc.get("collections") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise SyncError(response.url, "not an OGC API collections document")
        return {c["id"]: c for c in items if isinstance(c, dict) and isinstance(c.get("id"), str)}

    def pages(self, collection: str, *, bbox: Sequence[float] | None = None,
              bbox_crs: str | None = None, crs: str | None = None,
              datetime: str | None = None, limit: int = 1000,
              start_url: str | None = None, params: Mapping[str, Any] | None = None,
              xy: bool = True, max_pages: int | None = None,
              received: int = 0) -> Iterator[Page]:
        """The collection's features page by page, following ``next`` links (bounded).

        ``bbox`` is (minx, miny, maxx, maxy) in x/y order in ``bbox_crs`` (default CRS84); it is
        sent in that CRS's axis order. Returned geometries are in ``crs`` (default CRS84) in
        x/y order (``xy=False``: as on the wire, in the CRS's own axis order). Each page's
        ``Content-Crs`` must be the CRS asked for. ``start_url`` resumes at a saved next-URL
        (the other filters are already in it; it is checked like a ``next`` link).
        ``params`` adds query parameters (property filters such as ``street=…``).

        Paging stops (:attr:`Page.stopped`) at a page that brings no feature not already seen,
        once ``numberMatched`` distinct features arrived (``received``: how many arrived
        before ``start_url``, in the same run), or after ``max_pages`` pages (default the
        client's). A ``next`` link to another origin or another path is a SyncError.
        Features are passed on as sent (a feature without an id included): judging them is
        the caller's business."""
        want = crs_uri(crs) if crs else CRS84
        swap = xy and northing_first(want)
        cap = max(1, int(max_pages or self.max_pages))
        if start_url:
            self.check_next(start_url, collection)
            url: str | None = start_url
            query: dict[str, Any] | None = None
        else:
            url = self.items_url(collection)
            query = {"f": "json", "limit": int(limit), **(params or {})}
            if crs:
                query["crs"] = want
            if bbox is not None:
                box = [float(v) for v in bbox]
                bcrs = crs_uri(bbox_crs) if bbox_crs else CRS84
                if northing_first(bcrs):
                    box = [box[1], box[0], box[3], box[2]]
                query["bbox"] = ",".join(repr(v) for v in box)
                if bbox_crs:
                    query["bbox-crs"] = bcrs
            if datetime:
                query["datetime"] = datetime
        seen_urls: set[str] = set()
        seen_ids: set[int] = set()  # hashes of the ids received in this call
        count = max(0, int(received))
        pages = 0
        while url:
            doc, response = self.get_json(url, query)
            where = response.url
            self._check_crs(where, response, want)
            if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
                raise SyncError(where, "not a GeoJSON FeatureCollection")
            features = doc["features"]
            new = 0
            for f in features:
                if not isinstance(f, dict):
                    continue
                fid = f.get("id")
                if isinstance(fid, (str, int)) and not isinstance(fid, bool):
                    key = hash(str(fid))
                    if key not in seen_ids:
                        seen_ids.add(key)
                        new += 1
                if swap and isinstance(f.get("geometry"), dict):
                    # A geometry that cannot be swapped stays as it is: the caller rejects it.
                    with contextlib.suppress(TypeError, IndexError, KeyError, RecursionError):
                        f["geometry"] = swap_xy(f["geometry"])
            count += new
            pages += 1
            matched = doc.get("numberMatched")
            matched = matched if isinstance(matched, int) and not isinstance(matched, bool) \
                and matched >= 0 else None
            next_url = _link(doc, "next", where)
            stopped = None
            if next_url is not None:
                self.check_next(next_url, collection, where)
                if matched is not None and count >= matched:
                    stopped, next_url = STOP_MATCHED, None
                elif not new:
                    stopped, next_url = STOP_NO_NEW, None
                elif next_url in seen_urls or next_url == where:
                    raise SyncError(where, "the next link loops back to {link}",
                                    link=_short(next_url))
                elif pages >= cap:
                    stopped = STOP_CAP
            seen_urls.add(where)
            yield Page(features, next_url, response.nbytes, url=where,
                       number_matched=matched, timestamp=_server_time(doc, response),
                       stopped=stopped)
            if stopped == STOP_CAP:
                return
            url, query = next_url, None

    def get_item(self, collection: str, id: str, *, crs: str | None = None
                 ) -> tuple[dict[str, Any], str | None]:
        """One feature and its ETag (None when the server sends none); NotFound on 404."""
        url = f"{self.items_url(collection)}/{id}"
        query: dict[str, Any] = {"f": "json"}
        if crs:
            query["crs"] = crs_uri(crs)
        doc, response = self.get_json(url, query)
        if crs:
            self._check_crs(response.url, response, crs_uri(crs))
        if not isinstance(doc, dict) or doc.get("type") != "Feature":
            raise SyncError(response.url, "not a GeoJSON Feature")
        if crs and northing_first(crs_uri(crs)) and isinstance(doc.get("geometry"), dict):
            try:
                doc["geometry"] = swap_xy(doc["geometry"])
            except (TypeError, IndexError, KeyError, RecursionError):
                raise SyncError(response.url, "not a GeoJSON Feature") from None
        return doc, response.headers.get("ETag")

    # -- writing --------------------------------------------------------------------------------
    def _body(self, feature: Mapping[str, Any], content_crs: str | None
              ) -> tuple[bytes, dict[str, str]]:
        headers = {"Content-Type": GEOJSON, "Accept": "application/json"}
        doc = dict(feature)
        if content_crs:
            uri = crs_uri(content_crs)
            headers["Content-Crs"] = f"<{uri}>"
            if northing_first(uri) and doc.get("geometry") is not None:
                doc["geometry"] = swap_xy(doc["geometry"])
        return json.dumps(doc, ensure_ascii=False).encode(), headers

    def create_item(self, collection: str, feature: Mapping[str, Any], *,
                    content_crs: str | None = None) -> str | None:
        """POST a new feature (sent once: never retried here). Returns the new item's URL
        (the Location header) or None. The geometry goes as given (CRS84 unless
        ``content_crs``; pygeoapi ignores Content-Crs on writes and stores what it gets)."""
        data, headers = self._body(feature, content_crs)
        response = self.request("POST", self.items_url(collection), data=data, headers=headers,
                                ok=(200, 201, 204))
        location = response.headers.get("Location")
        return urljoin(self.items_url(collection) + "/", location) if location else None

    def replace_item(self, collection: str, id: str, feature: Mapping[str, Any],
                     etag: str | None = None, *, content_crs: str | None = None) -> str | None:
        """PUT a feature in place (with If-Match when an ETag is known; 412 →
        PreconditionFailed). Returns the new ETag, if the server sends one."""
        data, headers = self._body(feature, content_crs)
        if etag:
            headers["If-Match"] = etag
        response = self.request("PUT", f"{self.items_url(collection)}/{id}", data=data,
                                headers=headers, ok=(200, 201, 204))
        return response.headers.get("ETag")

    def delete_item(self, collection: str, id: str, etag: str | None = None) -> None:
        """DELETE a feature (the base platform retires rather than deletes: prefer a
        replace_item with status "retired")."""
        headers = {"If-Match": etag} if etag else {}
        self.request("DELETE", f"{self.items_url(collection)}/{id}", headers=headers,
                     ok=(200, 202, 204))

    # -- files ----------------------------------------------------------------------------------
    def file_url(self, href: str) -> str:
        """An asset's ``href`` as an absolute http(s) URL (relative to the landing page);
        SyncError for anything else. It may be on another origin: it is then fetched without
        the token."""
        text = str(href).strip()
        try:
            url = urljoin(self.url + "/", text)
            parts = urlsplit(url)
            ok = (parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
                  and len(url) <= MAX_URL and text != "" and not any(ord(c) < 32 for c in url))
            if ok:
                parts.port  # noqa: B018 - raises on a port that is not a number
                requests.Request("GET", url).prepare()
        except (ValueError, requests.RequestException):
            ok = False
        if not ok:
            raise SyncError(self.url, "the file link {link} is not an http(s) address",
                            link=_short(text))
        return url

    def download(self, href: str, dest: str | os.PathLike[str], sha256: str | None = None,
                 bytes: int | None = None, *, progress: Any = None) -> int:
        """Download a file to ``dest`` through ``dest.partial``, resuming it with an HTTP Range
        request when a previous attempt (this process or a killed one) left part of it, and
        checking its size and SHA-256. Returns the bytes transferred by this call (0 when
        ``dest`` was already complete). Never more than ``bytes`` (or :data:`MAX_FILE_BYTES`)
        is written; the token goes only to the platform's origin. ``progress(moved)`` is
        called from the reading thread."""
        size = bytes
        url = self.file_url(href)
        if size is not None and not (0 <= size <= MAX_FILE_BYTES):
            raise SyncError(url, "the platform lists {size} bytes for this file; at most "
                                 "{limit} are accepted", size=size, limit=MAX_FILE_BYTES)
        cap = MAX_FILE_BYTES if size is None else size
        dest = Path(dest)
        if dest.is_file() and not dest.is_symlink() and _complete(dest, sha256, size):
            return 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".partial")
        if part.is_symlink() or (part.exists() and not part.is_file()):
            _unlink(part)
        moved = 0
        deadline = self.deadline + cap / MIN_FILE_RATE
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            have = part.stat().st_size if part.exists() else 0
            if have > cap:
                part.unlink()
                have = 0
            if size is not None and have == size:
                break
            headers = {"Range": f"bytes={have}-"} if have else {}
            held: dict[str, Any] = {}

            def sink(response: Any, have: int = have, held: dict[str, Any] = held
                     ) -> Callable[[bytes], None] | None:
                if response.status_code not in (200, 206):
                    return None
                append = response.status_code == 206 and have > 0
                if append:
                    start = _range_start(response.headers.get("Content-Range", ""))
                    if start != have:
                        raise SyncError(url, "asked for bytes from {have}, the server sent "
                                             "from {start}", have=have, start=start)
                flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | (
                    os.O_APPEND if append else os.O_TRUNC)
                fh = os.fdopen(os.open(part, flags, 0o644), "ab" if append else "wb")
                held["fh"] = fh
                held["written"] = have if append else 0

                def write(chunk: bytes) -> None:
                    nonlocal moved
                    if held["written"] + len(chunk) > cap:
                        raise SyncError(url, "the server sent more than the {size} bytes the "
                                             "platform lists", size=cap)
                    try:
                        fh.write(chunk)
                    except OSError as exc:  # the disk, not the network: not retried
                        raise _LocalWrite(exc) from exc
                    held["written"] += len(chunk)
                    moved += len(chunk)
                    if progress is not None:
                        progress(moved)

                return write

            self.requests += 1
            try:
                reply = self._once("GET", url, params=None, headers=headers,
                                   data=None, ok=(200, 206, 416), limit=MAX_ERROR_BYTES,
                                   sink=sink, cross_origin="anonymous", deadline=deadline)
            except _LocalWrite as exc:
                raise exc.args[0] from None
            except (*_NETWORK_ERRORS, _Timeout) as exc:  # dropped: resume from what arrived
                if last:
                    raise SyncError(url, "download failed after {attempts} attempts: "
                                         "{reason}", attempts=attempt + 1,
                                    reason=_reason(exc)) from None
                self.retried += 1
                self._sleep(attempt, None)
                continue
            finally:
                if "fh" in held:
                    held["fh"].close()
            if reply.status_code == 416:  # nothing left to send, or a stale partial
                if have and size is not None and have == size:
                    break
                part.unlink(missing_ok=True)
                continue
            if reply.status_code not in (200, 206):
                if reply.status_code in RETRY_STATUS and not last:
                    self.retried += 1
                    self._sleep(attempt, reply)
                    continue
                raise _status_error("GET", url, reply)
            break
        got = part.stat().st_size if part.exists() else 0
        if size is not None and got != size:
            raise SyncError(url, "downloaded {got} bytes, the platform lists {size} (kept "
                                 "{partial} to resume)", got=got, size=size, partial=part.name)
        if sha256 and sha256_file(part) != str(sha256).lower():
            part.unlink(missing_ok=True)
            raise SyncError(url, "SHA-256 mismatch: the file is not the one the platform "
                                 "lists ({sha256}); discarded", sha256=str(sha256)[:80])
        os.replace(part, dest)
        return moved

    # -- checks ---------------------------------------------------------------------------------
    @staticmethod
    def _check_crs(url: str, response: Reply, want: str) -> None:
        got = response.headers.get("Content-Crs", "").strip().strip("<>")
        if not got:
            if want == CRS84:  # the default: servers may leave the header out
                return
            raise SyncError(url, "no Content-Crs header: the platform did not confirm the "
                                 "CRS asked for ({want})", want=want,
                            status=response.status_code)
        if not same_crs(got, want):
            raise SyncError(url, "features in the wrong CRS: Content-Crs {got}, asked for "
                                 "{want}", got=got[:200], want=want,
                            status=response.status_code)


def _shutdown(response: Any) -> None:
    """Wake a thread blocked reading ``response``: shut its socket down (best effort)."""
    if response is None:
        return
    try:
        conn = getattr(response.raw, "_connection", None)
        sock = getattr(conn, "sock", None)
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001, S110 - already closed or never opened
        pass


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except IsADirectoryError:
        import shutil

        shutil.rmtree(path)


def _link(doc: Mapping[str, Any], rel: str, base: str) -> str | None:
    links = doc.get("links")
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("rel") == rel and isinstance(link.get("href"),
                                                                            str) \
                and link["href"]:
            kind = link.get("type")
            if isinstance(kind, str) and kind and "json" not in kind:
                continue
            return urljoin(base, link["href"])
    return None


def _status_error(method: str, url: str, response: Reply) -> SyncError:
    code = response.status_code
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            detail = str(body.get("description") or body.get("detail") or body.get("title")
                         or "")
    except (ValueError, UnicodeDecodeError, RecursionError):
        text = response.text.strip()
        detail = "" if text.startswith("<") else text
    detail = " ".join(detail.split())[:200]
    cls = {404: NotFound, 412: PreconditionFailed}.get(code, SyncError)
    where = response.url or url
    reason = " ".join(str(response.reason or "").split())[:80]
    template = {(True, True): "{method} → HTTP {code} {reason}: {detail}",
                (True, False): "{method} → HTTP {code} {reason}",
                (False, True): "{method} → HTTP {code}: {detail}",
                (False, False): "{method} → HTTP {code}"}[(bool(reason), bool(detail))]
    values = {k: v for k, v in (("reason", reason), ("detail", detail)) if v}
    return cls(where, template, status=code, method=method, code=code, **values)


def _short(text: str, n: int = 200) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _reason(exc: BaseException) -> str:
    """A network failure in words (a Message for the common ones, else the library's text)."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, requests.ConnectTimeout):
        return msg("no connection could be made in time")
    if isinstance(exc, requests.Timeout):
        return msg("the platform stopped answering")
    if isinstance(exc, requests.ConnectionError):
        if "Connection refused" in text:
            return msg("the platform refused the connection (is it running?)")
        if "Name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
            return msg("the platform's host name is unknown (is the address right, is the "
                       "network up?)")
        if "reset by peer" in text or "RemoteDisconnected" in text or "aborted" in text:
            return msg("the platform dropped the connection")
    return text if len(text) < 300 else text[:300] + "…"


def _never_sent(exc: BaseException) -> bool:
    """True when the request cannot have reached the server (no connection was made)."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause: BaseException | None = exc
    for _ in range(10):  # requests wraps urllib3's MaxRetryError, which wraps the cause
        if cause is None:
            break
        if type(cause).__name__ in ("NewConnectionError", "NameResolutionError",
                                    "ConnectionRefusedError", "ConnectTimeoutError"):
            return True
        inner = getattr(cause, "reason", None)
        cause = inner if isinstance(inner, BaseException) else (
            cause.args[0] if cause.args and isinstance(cause.args[0], BaseException)
            else cause.__cause__ or cause.__context__)
    return False


def _range_start(content_range: str) -> int | None:
    # "bytes 100-199/200"
    try:
        return int(content_range.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (hex), read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _complete(path: Path, sha256: str | None, size: int | None) -> bool:
    if size is not None and path.stat().st_size != size:
        return False
    return not sha256 or sha256_file(path) == str(sha256).lower()
