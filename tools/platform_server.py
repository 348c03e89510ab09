"""Run the local base platform exported by ``python -m sample_city.platform``.

``python tools/platform_server.py DIR`` serves, on 127.0.0.1 and the ports in DIR/platform.json:

* pygeoapi 0.21 (OGC API - Features) with DIR/pygeoapi.config.yml, over the PostGIS database
  named in it (which must be running: ``python -m sample_city.platform --serve`` starts one),
  through werkzeug's threaded server (``pygeoapi serve`` runs Flask's debug reloader, a second
  process). Reads run in parallel; writes (POST, PUT, PATCH, DELETE) run one at a time, so that
  an If-Match check and its write are one step (tools/platform_etags.py).
* DIR/files over plain HTTP with Range requests (pygeoapi cannot serve files): ``bytes=a-b``,
  ``bytes=a-`` and ``bytes=-n`` give 206 with Content-Range, an unsatisfiable range 416; a
  multi-range request gets the whole file (200), as RFC 9110 allows. ETag and Last-Modified, with
  If-Range, If-None-Match and HEAD. No directory listings.

Prints one line ``ready URL FILES_URL`` when both answer; stops on Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
_CHUNK = 256 * 1024


# -- the file server -----------------------------------------------------------------------------
class RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges; quiet unless ``verbose``."""

    protocol_version = "HTTP/1.1"
    server_version = "cimview-files/1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".ifc": "application/x-step", ".tif": "image/tiff"}
    verbose = False

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def list_directory(self, path: str | os.PathLike[str]) -> None:  # type: ignore[override]
        self.send_error(HTTPStatus.NOT_FOUND, "No directory listings")
        return None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if self.verbose:
            super().log_message(format, *args)

    def _serve(self, body: bool) -> None:
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return
        with fh:
            st = os.fstat(fh.fileno())
            size = st.st_size
            etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}"'
            modified = email.utils.formatdate(st.st_mtime, usegmt=True)
            if self.headers.get("If-None-Match") in (etag, "*"):
                self._head(HTTPStatus.NOT_MODIFIED, etag, modified, None, None)
                return
            start, end = 0, size - 1
            status = HTTPStatus.OK
            wanted = self.headers.get("Range")
            if_range = self.headers.get("If-Range")
            if wanted and (if_range is None or if_range in (etag, modified)):
                m = _RANGE.match(wanted)
                if m and (m.group(1) or m.group(2)):  # one range; several: the whole file
                    first, last = m.group(1), m.group(2)
                    if first:
                        start = int(first)
                        end = min(int(last), size - 1) if last else size - 1
                    else:  # the last n bytes
                        start, end = max(0, size - int(last)), size - 1
                    if start >= size or start > end or (not first and int(last) == 0):
                        self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        self.send_header("Content-Range", f"bytes */{size}")
                        self.send_header("Content-Length", "0")
                        self.send_header("Accept-Ranges", "bytes")
                        self.end_headers()
                        return
                    status = HTTPStatus.PARTIAL_CONTENT
            length = end - start + 1 if size else 0
            self._head(status, etag, modified, length,
                       f"bytes {start}-{end}/{size}" if status == HTTPStatus.PARTIAL_CONTENT
                       else None, self.guess_type(path))
            if not body:
                return
            fh.seek(start)
            left = length
            while left > 0:
                chunk = fh.read(min(_CHUNK, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def _head(self, status: HTTPStatus, etag: str, modified: str, length: int | None,
              content_range: str | None, ctype: str | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        if content_range:
            self.send_header("Content-Range", content_range)
        self.send_header("Content-Length", str(length or 0))
        self.end_headers()


def file_server(root: Path, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A threaded Range-capable server for ``root`` (bound, not yet serving)."""
    root = Path(root).resolve()

    class Handler(RangeHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


# -- pygeoapi ------------------------------------------------------------------------------------
class ReadWriteLock:
    """Many readers or one writer."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    def acquire(self, write: bool) -> None:
        with self._cond:
            if write:
                while self._writing or self._readers:
                    self._cond.wait()
                self._writing = True
            else:
                while self._writing:
                    self._cond.wait()
                self._readers += 1

    def release(self, write: bool) -> None:
        with self._cond:
            if write:
                self._writing = False
            else:
                self._readers -= 1
            self._cond.notify_all()


def serialise_writes(app: Callable[..., Iterable[bytes]], lock: ReadWriteLock
                     ) -> Callable[..., list[bytes]]:
    """WSGI middleware: writes exclusive, reads shared; the body is produced under the lock."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        write = environ.get("REQUEST_METHOD", "GET") in ("POST", "PUT", "PATCH", "DELETE")
        lock.acquire(write)
        try:
            result = app(environ, start_response)
            try:
                return list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        finally:
            lock.release(write)

    return wrapped


#: Where the platform keeps the trail heads cimview pushes carry (JSON lines, append-only).
TRAIL_HEADS = "trail_heads.jsonl"
_TRAIL_HEAD = re.compile(r"^trail=([0-9a-f-]{36}); count=(\d{1,12}); sha256=([0-9a-f]{64}); "
                         r"device=([^;\r\n]{0,200})$")


def keep_trail_heads(app: Callable[..., Iterable[bytes]], path: Path
                     ) -> Callable[..., Iterable[bytes]]:
    """WSGI middleware: the ``Cimview-Trail-Head`` a push carries (store/audit.py) is appended
    to ``path`` whenever it differs from the last one kept for that trail, with the time it
    arrived: the platform's copy against which a cut-short or rewritten trail is caught."""
    last: dict[str, tuple[str, str]] = {}
    guard = threading.Lock()

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        asked = _HEAD_PATH.match(environ.get("PATH_INFO", ""))
        if asked and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _kept_head(path, asked.group(1), guard, start_response)
        m = _TRAIL_HEAD.match(environ.get("HTTP_CIMVIEW_TRAIL_HEAD", "").strip())
        if m:
            trail, count, sha, device = m.groups()
            with guard:
                if last.get(trail) != (count, sha):
                    last[trail] = (count, sha)
                    line = {"trail": trail, "count": int(count), "sha256": sha,
                            "device": device, "received_at": email.utils.formatdate(
                                usegmt=True)}
                    with open(path, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        return app(environ, start_response)

    return wrapped


_HEAD_PATH = re.compile(r"^/cimview/trail-heads/([0-9a-f-]{36})/?$")


def _kept_head(path: Path, trail: str, guard: threading.Lock,
               start_response: Callable[..., Any]) -> Iterable[bytes]:
    """``GET /cimview/trail-heads/{trail}``: the last head kept for that trail, or 404."""
    found = None
    with guard:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    row = json.loads(line)
                except ValueError:
                    continue
                if row.get("trail") == trail:
                    found = row
    body = json.dumps(found if found else {"code": "NotFound",
                                           "description": "no head kept for this trail"},
                      ensure_ascii=False).encode()
    start_response("200 OK" if found else "404 Not Found",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _editable(config: Path) -> dict[str, bool]:
    """Collection → whether pygeoapi's config lets it take writes (its provider's editable)."""
    import yaml

    doc = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    out = {}
    for name, res in (doc.get("resources") or {}).items():
        if isinstance(res, dict) and res.get("type") == "collection":
            out[str(name)] = any(bool(p.get("editable")) for p in res.get("providers", [])
                                 if isinstance(p, dict))
    return out


def pygeoapi_server(config: Path, openapi: Path, port: int, lock: ReadWriteLock,
                    host: str = "127.0.0.1", heads: Path | None = None) -> Any:
    """pygeoapi's Flask app in a threaded werkzeug server (bound, not yet serving); with
    ``heads``, the trail heads pushes carry are kept there (:func:`keep_trail_heads`)."""
    os.environ["PYGEOAPI_CONFIG"] = str(config)
    os.environ["PYGEOAPI_OPENAPI"] = str(openapi)
    from pygeoapi.flask_app import APP  # reads both files at import
    from werkzeug.serving import make_server

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:  # run as a script: store/ (the grades) is beside tools/
        sys.path.insert(0, root)
    from tools.platform_etags import platform_grades, with_etags

    editable = _editable(config)
    # ETags and If-Match inside the write lock: a check and its write are one step
    app = serialise_writes(with_etags(APP, editable, platform_grades(editable)), lock)
    return make_server(host, port, keep_trail_heads(app, heads) if heads else app,
                       threaded=True)


def serve(folder: str | os.PathLike[str], *, verbose: bool = True,
          parent: int | None = None) -> int:
    """Run both servers for an exported platform folder until Ctrl+C or SIGTERM, or until the
    process ``parent`` is gone (a test run killed with -9 leaves no server behind)."""
    folder = Path(folder).resolve()
    info = json.loads((folder / "platform.json").read_text(encoding="utf-8"))
    if not verbose:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    RangeHandler.verbose = verbose
    lock = ReadWriteLock()
    files = file_server(Path(info["files"]), int(info["files_port"]))
    api = pygeoapi_server(Path(info["config"]), Path(info["openapi"]), int(info["port"]), lock,
                          heads=folder / TRAIL_HEADS)
    for name, server in (("files", files), ("pygeoapi", api)):
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                         name=name, daemon=True).start()
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"ready {info['url']} {info['files_url']}", flush=True)
    try:
        while not stop.wait(0.1):
            if parent is not None and os.getppid() != parent:
                break
    finally:
        lock.acquire(write=True)  # let a write in progress finish; no new one starts
        api.shutdown()
        files.shutdown()
    return 0


if __name__ == "__main__":
    flags = {"--quiet", "--with-parent"}
    args = [a for a in sys.argv[1:] if a not in flags]
    if len(args) != 1:
        sys.exit("usage: python tools/platform_server.py [--quiet] [--with-parent] EXPORT_DIR")
    code = serve(args[0], verbose="--quiet" not in sys.argv[1:],
                 parent=os.getppid() if "--with-parent" in sys.argv[1:] else None)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # everything is closed; skip tearing down pygeoapi's modules (~0.5 s)
