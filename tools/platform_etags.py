"""What a city's platform must add to pygeoapi, as WSGI middleware (``docs/platform.md``):

* **an ETag per feature**: ``GET /collections/{c}/items/{id}`` answers with
  ``ETag: "<hash>"``, a hash of the feature's ``version`` and ``updated_at`` (every change
  bumps one of them), so every representation of one state of a feature (any ``crs``) has
  the same tag;
* **If-Match on PUT, PATCH and DELETE**: a write whose ``If-Match`` names another state than
  the feature's current one is refused with 412 Precondition Failed, and nothing is written.
  The check and the write run under the platform's write lock (this middleware sits inside
  :func:`tools.platform_server.serialise_writes`), so two writers that read the same state
  cannot both win;
* **collection metadata**: each collection document says whether it accepts edits
  (``"editable"``) and its data grade (``"cimview:grade"``, from ``resources/grades``).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

_ITEM = re.compile(r"^/collections/([^/]+)/items/([^/]+)/?$")
_COLLECTION = re.compile(r"^/collections/([^/]+)/?$")
_COLLECTIONS = re.compile(r"^/collections/?$")


def feature_etag(feature: Mapping[str, Any]) -> str | None:
    """The ETag of a feature's state (None when it carries neither version nor updated_at).

    Examples
    --------
    >>> feature_etag({"properties": {"version": 3, "updated_at": "2026-12-05T00:00:00.000Z"}})
    '"ca5fdf4642d2d8871cf0"'
    """
    props = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(props, Mapping) or (props.get("version") is None
                                          and props.get("updated_at") is None):
        return None
    state = json.dumps([props.get("version"), props.get("updated_at")], sort_keys=True)
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:20] + '"'


def matches(if_match: str, etag: str | None) -> bool:
    """Whether an ``If-Match`` header admits the current ``etag`` (``*``: any existing
    feature). If-Match compares strongly (RFC 9110): a weak tag ``W/"…"`` never matches."""
    if etag is None:
        return False
    return any(tag in ("*", etag) for tag in (t.strip() for t in if_match.split(",")))


def _call(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]
          ) -> tuple[str, list[tuple[str, str]], bytes]:
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None
                       ) -> Callable[[bytes], None]:
        got["status"], got["headers"] = status, list(headers)
        return lambda _data: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return got["status"], got["headers"], body


def _current(app: Callable[..., Iterable[bytes]], environ: dict[str, Any]) -> str | None:
    """The current ETag of the feature a write names (asked of pygeoapi itself)."""
    probe = dict(environ)
    probe.update({"REQUEST_METHOD": "GET", "QUERY_STRING": "f=json", "CONTENT_LENGTH": "0",
                  "wsgi.input": io.BytesIO(b""), "HTTP_ACCEPT": "application/geo+json"})
    for key in ("CONTENT_TYPE", "HTTP_IF_MATCH"):
        probe.pop(key, None)
    status, _, body = _call(app, probe)
    if not status.startswith("200"):
        return None
    try:
        return feature_etag(json.loads(body))
    except ValueError:
        return None


def with_etags(app: Callable[..., Iterable[bytes]], editable: Mapping[str, bool],
               grades: Mapping[str, Mapping[str, Any]]) -> Callable[..., Iterable[bytes]]:
    """WSGI middleware adding ETags, If-Match and collection metadata to pygeoapi."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        item = _ITEM.match(path)
        if item and method in ("PUT", "PATCH", "DELETE") and environ.get("HTTP_IF_MATCH"):
            current = _current(app, environ)
            if not matches(environ["HTTP_IF_MATCH"], current):
                body = json.dumps({"code": "PreconditionFailed",
                                   "description": "the feature changed since it was read "
                                                  "(If-Match does not match its ETag)"}).encode()
                headers = [("Content-Type", "application/json"),
                           ("Content-Length", str(len(body)))]
                if current:
                    headers.append(("ETag", current))
                start_response("412 Precondition Failed", headers)
                return [body]
        if method == "GET" and (item or _COLLECTION.match(path) or _COLLECTIONS.match(path)):
            status, headers, body = _call(app, environ)
            if status.startswith("200"):
                body, tag = _decorate(body, item is not None, editable, grades)
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
                headers.append(("Content-Length", str(len(body))))
                if tag:
                    headers.append(("ETag", tag))
            start_response(status, headers)
            return [body]
        return app(environ, start_response)

    return wrapped


def _decorate(body: bytes, is_item: bool, editable: Mapping[str, bool],
              grades: Mapping[str, Mapping[str, Any]]) -> tuple[bytes, str | None]:
    try:
        doc = json.loads(body)
    except ValueError:
        return body, None  # HTML or anything else: as it is
    if is_item:
        return body, feature_etag(doc) if isinstance(doc, dict) else None
    docs = doc.get("collections") if isinstance(doc, dict) and "collections" in doc else [doc]
    for c in docs if isinstance(docs, list) else []:
        if isinstance(c, dict) and isinstance(c.get("id"), str):
            c["editable"] = bool(editable.get(c["id"], False))
            if c["id"] in grades:
                c["cimview:grade"] = dict(grades[c["id"]])
    return json.dumps(doc, ensure_ascii=False).encode(), None


def platform_grades(collections: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The grade statement of each collection, from cimview's rules (resources/grades)."""
    from store.grades import layer_grade

    out = {}
    for name in collections:
        g = layer_grade(name)
        out[name] = {"grade": g.grade, "secret": g.secret,
                     "coordinates_sensitive": g.coordinates_sensitive,
                     "sensitive_fields": list(g.sensitive_fields),
                     "personal_fields": list(g.personal_fields)}
    return out


__all__ = ["feature_etag", "matches", "platform_grades", "with_etags"]
