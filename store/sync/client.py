"""An OGC API - Features client for the base platform (pygeoapi or any conforming server).

One :class:`Platform` per base URL, over a ``requests`` Session:

* paging follows ``next`` links until there are none (servers clamp ``limit`` silently, so a
  short page is not the end);
* ``crs``/``bbox-crs`` (OGC API - Features Part 2) with the ``Content-Crs`` response header
  checked, and EPSG axis order honoured: geometries handed to and returned by this client are
  always (x, y) = (easting, northing) or (longitude, latitude), whatever the CRS's axis order
  (decided from pyproj's ``CRS.axis_info``, never from a list of codes);
* idempotent requests (GET, PUT, DELETE) are retried with capped exponential backoff and jitter
  after connection errors, timeouts, 429 and 5xx; a POST is never retried here (the caller
  decides, knowing whether the request may have reached the server: ``SyncError.sent``);
* everything that goes wrong (after retries) is a :class:`SyncError` naming the URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from pyproj import CRS
from pyproj.exceptions import CRSError

from store.errors import CimviewError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
#: Statuses worth another try on an idempotent request.
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_NETWORK_ERRORS = (requests.ConnectionError, requests.Timeout,
                   requests.exceptions.ChunkedEncodingError,
                   requests.exceptions.ContentDecodingError)
_CHUNK = 1 << 20


class SyncError(CimviewError):
    """A platform request that failed for good: names the URL and the problem.

    ``status`` is the HTTP status when there was a response; ``sent`` is False only when the
    request certainly never reached the server (connection refused, DNS failure, connect
    timeout), so that a non-idempotent request may be sent again safely."""

    def __init__(self, url: str, problem: str, *, status: int | None = None,
                 sent: bool = True):
        self.url = url
        self.problem = problem
        self.status = status
        self.sent = sent
        super().__init__(f"{url}: {problem}")


class NotFound(SyncError):
    """404: the collection or feature does not exist on the platform."""


class PreconditionFailed(SyncError):
    """412: If-Match did not match: the feature changed on the platform since it was read."""


class Page(tuple):
    """One page of features: unpacks as ``(features, next_url, bytes)``.

    Also carries ``url`` (what was fetched), ``number_matched`` (when the server says) and
    ``timestamp`` (the server's time of the response: ``timeStamp``, else the Date header)."""

    url: str
    number_matched: int | None
    timestamp: str | None

    def __new__(cls, features: list[dict[str, Any]], next_url: str | None, nbytes: int, *,
                url: str, number_matched: int | None = None,
                timestamp: str | None = None) -> Page:
        self = super().__new__(cls, (features, next_url, nbytes))
        self.url = url
        self.number_matched = number_matched
        self.timestamp = timestamp
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
        raise CimviewError(f"CRS {parsed.name!r} has no EPSG code to ask a platform for")
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
        raise CimviewError(f"unknown CRS {text!r}: {exc}") from None


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


def _server_time(content: Mapping[str, Any], response: requests.Response) -> str | None:
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
class Platform:
    """A base platform's OGC API - Features endpoint (its landing page URL)."""

    def __init__(self, url: str, token: str | None = None, *, timeout: float = 30,
                 retries: int = 4, backoff: float = 0.5, backoff_cap: float = 8.0,
                 session: requests.Session | None = None):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", "cimview-sync/0.1")
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
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

    def _sleep(self, attempt: int, response: requests.Response | None) -> None:
        delay = min(self.backoff_cap, self.backoff * (2 ** attempt))
        if response is not None:  # a server that says when to come back is believed (capped)
            after = response.headers.get("Retry-After", "")
            if after.isdigit():
                delay = min(self.backoff_cap, max(delay, float(after)))
        time.sleep(delay * random.uniform(0.5, 1.0))

    def request(self, method: str, url: str, *, ok: Sequence[int] = (200,),
                stream: bool = False, **kw: Any) -> requests.Response:
        """Send one request; retry idempotent ones; SyncError for anything but ``ok``."""
        idempotent = method.upper() in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
        attempts = self.retries + 1 if idempotent else 1
        kw.setdefault("timeout", self.timeout)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            self.requests += 1
            try:
                response = self.session.request(method, url, stream=stream, **kw)
            except _NETWORK_ERRORS as exc:
                if not last:
                    self.retried += 1
                    self._sleep(attempt, None)
                    continue
                tries = f" after {attempts} attempts" if attempts > 1 else ""
                raise SyncError(url, f"{method} failed{tries}: {_reason(exc)}",
                                sent=not _never_sent(exc)) from None
            except requests.RequestException as exc:
                raise SyncError(url, f"{method} failed: {_reason(exc)}") from None
            if response.status_code in ok:
                return response
            if idempotent and response.status_code in RETRY_STATUS and not last:
                self.retried += 1
                response.close()
                self._sleep(attempt, response)
                continue
            raise _status_error(method, url, response)
        raise AssertionError("unreachable")

    def get_json(self, url: str, params: Mapping[str, Any] | None = None
                 ) -> tuple[Any, requests.Response]:
        """GET a JSON document; SyncError naming the URL when it is not JSON."""
        response = self.request("GET", url, params=params,
                                headers={"Accept": f"{GEOJSON}, application/json"})
        try:
            return json.loads(response.content), response
        except (ValueError, UnicodeDecodeError) as exc:
            raise SyncError(response.url, f"the platform sent malformed JSON ({exc})",
                            status=response.status_code) from None

    # -- reading --------------------------------------------------------------------------------
    def collections(self) -> dict[str, dict[str, Any]]:
        """The platform's collections by id (each as the server describes it)."""
        doc, response = self.get_json(f"{self.url}/collections", {"f": "json"})
        items = doc.get("collections") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise SyncError(response.url, "not an OGC API collections document")
        return {c["id"]: c for c in items if isinstance(c, dict) and "id" in c}

    def pages(self, collection: str, *, bbox: Sequence[float] | None = None,
              bbox_crs: str | None = None, crs: str | None = None,
              datetime: str | None = None, limit: int = 1000,
              start_url: str | None = None, params: Mapping[str, Any] | None = None,
              xy: bool = True) -> Iterator[Page]:
        """The collection's features page by page, following ``next`` links to the end.

        ``bbox`` is (minx, miny, maxx, maxy) in x/y order in ``bbox_crs`` (default CRS84); it is
        sent in that CRS's axis order. Returned geometries are in ``crs`` (default CRS84) in
        x/y order (``xy=False``: as on the wire, in the CRS's own axis order). Each page's
        ``Content-Crs`` must be the CRS asked for. ``start_url`` resumes at a saved next-URL
        (the other filters are already in it). ``params`` adds query parameters (property
        filters such as ``street=…``)."""
        want = crs_uri(crs) if crs else CRS84
        swap = xy and northing_first(want)
        if start_url:
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
        seen: set[str] = set()
        while url:
            doc, response = self.get_json(url, query)
            where = response.url
            self._check_crs(where, response, want)
            if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
                raise SyncError(where, "not a GeoJSON FeatureCollection")
            features = doc["features"]
            for f in features:
                if not isinstance(f, dict) or f.get("id") is None:
                    raise SyncError(where, "a feature without an id")
                if swap and f.get("geometry") is not None:
                    f["geometry"] = swap_xy(f["geometry"])
            next_url = _link(doc, "next", where)
            if next_url is not None and next_url in seen:
                raise SyncError(where, f"the next link loops back to {next_url}")
            seen.add(where)
            matched = doc.get("numberMatched")
            yield Page(features, next_url, len(response.content), url=where,
                       number_matched=matched if isinstance(matched, int) else None,
                       timestamp=_server_time(doc, response))
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
        if crs and northing_first(crs_uri(crs)) and doc.get("geometry") is not None:
            doc["geometry"] = swap_xy(doc["geometry"])
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
    def download(self, href: str, dest: str | os.PathLike[str], sha256: str | None = None,
                 bytes: int | None = None, *, progress: Any = None) -> int:
        """Download a file to ``dest`` through ``dest.partial``, resuming it with an HTTP Range
        request when a previous attempt (this process or a killed one) left part of it, and
        checking its size and SHA-256. Returns the bytes transferred by this call (0 when
        ``dest`` was already complete)."""
        size = bytes
        url = urljoin(self.url + "/", href)
        dest = Path(dest)
        if dest.is_file() and _complete(dest, sha256, size):
            return 0
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".partial")
        moved = 0
        for attempt in range(self.retries + 1):
            have = part.stat().st_size if part.exists() else 0
            if size is not None and have > size:
                part.unlink()
                have = 0
            if size is not None and have == size:
                break
            headers = {"Range": f"bytes={have}-"} if have else {}
            response = self.request("GET", url, headers=headers, stream=True,
                                    ok=(200, 206, 416))
            try:
                if response.status_code == 416:  # nothing left to send, or a stale partial
                    if have and size is not None and have == size:
                        break
                    part.unlink(missing_ok=True)
                    continue
                mode = "ab" if response.status_code == 206 and have else "wb"
                if mode == "ab":
                    start = _range_start(response.headers.get("Content-Range", ""))
                    if start != have:
                        raise SyncError(url, f"asked for bytes from {have}, the server sent "
                                             f"from {start}")
                with open(part, mode) as fh:
                    for chunk in response.iter_content(_CHUNK):
                        fh.write(chunk)
                        moved += len(chunk)
                        if progress is not None:
                            progress(moved)
                break
            except _NETWORK_ERRORS as exc:  # dropped mid-body: resume from what arrived
                if attempt == self.retries:
                    raise SyncError(url, f"download failed after {attempt + 1} attempts: "
                                         f"{_reason(exc)}") from None
                self.retried += 1
                self._sleep(attempt, None)
            finally:
                response.close()
        got = part.stat().st_size if part.exists() else 0
        if size is not None and got != size:
            raise SyncError(url, f"downloaded {got} bytes, the platform lists {size} "
                                 f"(kept {part.name} to resume)")
        if sha256 and _sha256(part) != sha256.lower():
            part.unlink(missing_ok=True)
            raise SyncError(url, f"SHA-256 mismatch: the file is not the one the platform "
                                 f"lists ({sha256}); discarded")
        os.replace(part, dest)
        return moved

    # -- checks ---------------------------------------------------------------------------------
    @staticmethod
    def _check_crs(url: str, response: requests.Response, want: str) -> None:
        got = response.headers.get("Content-Crs", "").strip().strip("<>")
        if not got:
            if want == CRS84:  # the default: servers may leave the header out
                return
            raise SyncError(url, f"no Content-Crs header: the platform did not confirm the "
                                 f"CRS asked for ({want})", status=response.status_code)
        if not same_crs(got, want):
            raise SyncError(url, f"features in the wrong CRS: Content-Crs {got}, asked for "
                                 f"{want}", status=response.status_code)


def _link(doc: Mapping[str, Any], rel: str, base: str) -> str | None:
    for link in doc.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == rel and link.get("href"):
            kind = link.get("type")
            if kind and "json" not in kind:
                continue
            return urljoin(base, link["href"])
    return None


def _status_error(method: str, url: str, response: requests.Response) -> SyncError:
    code = response.status_code
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            detail = str(body.get("description") or body.get("detail") or body.get("title")
                         or "")
    except ValueError:
        text = response.text.strip()
        detail = "" if text.startswith("<") else text[:200]  # not an HTML error page
    message = f"{method} → HTTP {code} {response.reason or ''}".rstrip()
    if detail:
        message += f": {detail}"
    cls = {404: NotFound, 412: PreconditionFailed}.get(code, SyncError)
    return cls(response.url or url, message, status=code)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
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


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def _complete(path: Path, sha256: str | None, size: int | None) -> bool:
    if size is not None and path.stat().st_size != size:
        return False
    return not sha256 or _sha256(path) == sha256.lower()
