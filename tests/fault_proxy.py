"""A fault-injecting HTTP proxy on 127.0.0.1 in front of the local platform, and a recorder.

:class:`FaultProxy` forwards every request to the platform (the OGC API, and the file server
for paths under ``/files/``), rewriting the platform's URLs in JSON bodies to its own, and
misbehaves on demand, per request matching a path fragment::

    proxy.fault("drop", "/items")                      # close the connection, no answer
    proxy.fault("stall", "/items", seconds=30)         # say nothing for a while
    proxy.fault("trickle", "/items", delay=0.5)        # the body one byte every 0.5 s
    proxy.fault("truncate", "/items")                  # half the body, then close
    proxy.fault("status", "/items", code=503)
    proxy.fault("redirect", "/collections", to="http://127.0.0.1:9/x")
    proxy.fault("rewrite", "/items", fn=lambda doc, n: doc)  # change the JSON (n: its number)

``times`` limits a fault to its first n matching requests (default: every one). Every request
is logged (``log``: method, path, Authorization header).

:class:`Recorder` is a second listener, on another port: it answers everything (a JSON
FeatureCollection, or ``body``) and records each request's Authorization header, so that a
test can assert a token never reached it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

_PASS_HEADERS = ("content-crs", "content-type", "location", "content-range", "accept-ranges",
                 "etag", "last-modified", "allow", "retry-after")


@dataclass
class Fault:
    kind: str
    match: str
    times: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    hits: int = 0


class _Server:
    def __init__(self, handle: Callable[[BaseHTTPRequestHandler, str], None]):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def do_GET(self) -> None:
                handle(self, "GET")

            def do_HEAD(self) -> None:
                handle(self, "HEAD")

            def do_POST(self) -> None:
                handle(self, "POST")

            def do_PUT(self) -> None:
                handle(self, "PUT")

            def do_DELETE(self) -> None:
                handle(self, "DELETE")

            def do_OPTIONS(self) -> None:
                handle(self, "OPTIONS")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes,
         headers: dict[str, str] | None = None) -> None:
    h.send_response(status)
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    if not any(k.lower() == "content-type" for k in headers or {}):
        h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)


class Recorder:
    """A listener on another port that records the Authorization header of every request."""

    def __init__(self, body: bytes | None = None):
        self.body = body if body is not None else json.dumps(
            {"type": "FeatureCollection", "features": [], "links": []}).encode()
        self.requests: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self._server = _Server(self._handle)
        self.url = self._server.url

    @property
    def tokens(self) -> list[str]:
        return [a for _, _, a in self.requests if a]

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self.requests.append((method, h.path, h.headers.get("Authorization")))
        send(h, 200, self.body, {"Content-Type": "application/octet-stream"
                                 if not self.body.startswith(b"{") else "application/json"})

    def close(self) -> None:
        self._server.close()


class FaultProxy:
    """The platform behind a proxy that misbehaves on demand (see the module docstring)."""

    def __init__(self, upstream: str, files_upstream: str | None = None):
        self.upstream = upstream.rstrip("/")
        self.files_upstream = files_upstream.rstrip("/") if files_upstream else None
        self.faults: list[Fault] = []
        self.log: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = _Server(self._handle)
        self.url = self._server.url
        self.files_url = self.url + "/files"

    def fault(self, kind: str, match: str = "/items", *, times: int | None = None,
              **options: Any) -> Fault:
        f = Fault(kind, match, times, options)
        self.faults.append(f)
        return f

    def clear(self) -> None:
        self.faults.clear()

    @property
    def tokens(self) -> list[str]:
        return [a for _, _, a in self.log if a]

    def close(self) -> None:
        self._server.close()

    # -- serving --------------------------------------------------------------------------------
    def _pick(self, path: str) -> Fault | None:
        with self._lock:
            for f in self.faults:
                if f.match in path and (f.times is None or f.hits < f.times):
                    f.hits += 1
                    return f
        return None

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        self.log.append((method, h.path, h.headers.get("Authorization")))
        length = int(h.headers.get("Content-Length") or 0)
        data = h.rfile.read(length) if length else None
        f = self._pick(h.path)
        if f is not None and f.kind == "drop":
            h.close_connection = True
            return
        if f is not None and f.kind == "stall":
            time.sleep(f.options.get("seconds", 30))
            h.close_connection = True
            return
        if f is not None and f.kind == "status":
            send(h, f.options.get("code", 503), b'{"description": "injected"}')
            return
        if f is not None and f.kind == "redirect":
            send(h, f.options.get("code", 302), b"", {"Location": f.options["to"]})
            return
        if self.files_upstream and h.path.startswith("/files/"):
            target, base = self.files_upstream + h.path[len("/files"):], self.files_upstream
        else:
            target, base = self.upstream + h.path, self.upstream
        headers = {k: v for k, v in h.headers.items()
                   if k.lower() in ("accept", "range", "content-type", "content-crs",
                                    "if-match")}
        r = requests.request(method, target, data=data, headers=headers, timeout=60,
                             allow_redirects=False)
        body = r.content
        if self.files_upstream:
            body = body.replace(self.files_upstream.encode(), self.files_url.encode())
        body = body.replace(self.upstream.encode(), self.url.encode())
        out = {k: v for k, v in r.headers.items() if k.lower() in _PASS_HEADERS}
        if "Location" in out:
            out["Location"] = out["Location"].replace(base, self.url)
        if f is not None and f.kind == "rewrite":
            n = self.counts[f.match] = self.counts.get(f.match, 0) + 1
            doc = f.options["fn"](json.loads(body), n)
            body = json.dumps(doc, ensure_ascii=False).encode()
        if f is not None and f.kind == "truncate":
            h.send_response(r.status_code)
            for k, v in out.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body[:len(body) // 2])
            h.close_connection = True
            return
        if f is not None and f.kind == "trickle":
            h.send_response(r.status_code)
            for k, v in out.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            try:
                for i in range(len(body)):
                    h.wfile.write(body[i:i + 1])
                    h.wfile.flush()
                    time.sleep(f.options.get("delay", 1.0))
            except OSError:  # the client gave up
                h.close_connection = True
            return
        send(h, r.status_code, body, out)
