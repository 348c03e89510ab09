"""A local base platform for tests: pygeoapi and the file server on free loopback ports.

Use the pytest fixtures by naming this module in ``pytest_plugins`` (in a test module, or once
in tests/conftest.py for the whole suite)::

    pytest_plugins = ("tests.platform_fixture",)

* ``ogc_platform`` (session): a 300-building sample city exported with
  ``sample_city.platform`` into a throw-away PostGIS cluster (``sample_city.postgis_cluster``,
  on a Unix socket) and served by ``tools/platform_server.py`` as one subprocess; built and
  started once (about 6 s, most of it building the city), stopped at the end of the session.
* ``fresh_platform`` (function): the same platform with its collections put back as exported
  (edits, retirements and observations of earlier tests undone) and running.

Other users' changes (:meth:`Platform.edit`, :meth:`Platform.retire`, :meth:`Platform.create`)
are written straight into the database tables (``sample_city.platform_db``): the layer
collections are read-only over the API, as a base platform's authoritative layers are, the
platform stamps ``updated_at`` and ``version`` itself, and it works while the server is down.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "tools" / "platform_server.py"
BUILDINGS = 300
MAX_ITEMS = 500  # pages of at most 500: the sync client has to follow next links


def _now() -> str:
    from store.lifespan import now

    return now()


def standing_now(properties: Mapping[str, Any]) -> bool:
    """Whether a layer feature (its properties as the platform serves them) stands now: not
    demolished or closed before this moment (the platform serves the city's history too)."""
    end = properties.get("valid_to")
    return not end or str(end) > _now()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Platform:
    """A running (or stopped) local platform and what tests do to it."""

    def __init__(self, folder: Path, city: Path, port: int, files_port: int,
                 max_items: int = MAX_ITEMS, db: Mapping[str, Any] | None = None):
        self.dir = Path(folder)
        self.db_params = dict(db or {})  # psycopg2 connection parameters (a Unix socket)
        self.city = Path(city)  # the sample city's folder: sample_city.gpkg, dem.tif, proposals/
        self.port, self.files_port = port, files_port
        self.url = f"http://127.0.0.1:{port}"  # the OGC API landing page
        self.files_url = f"http://127.0.0.1:{files_port}"
        self.max_items = max_items  # the largest page pygeoapi returns (larger limits clamp)
        self.log = self.dir / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        atexit.register(self.stop)

    @property
    def cache(self) -> Path:
        """The exported cache. Shared by every test: copy it before writing to it."""
        return self.city / "sample_city.gpkg"

    # -- the server process ----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        """Start pygeoapi and the file server (one process) and wait until both answer."""
        if self.running:
            return
        with open(self.log, "ab") as log:
            self._proc = subprocess.Popen(
                [sys.executable, str(SERVER), "--quiet", "--with-parent", str(self.dir)],
                cwd=self.dir,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while not (_answers(self.url + "/") and _answers(self.files_url + "/")):
            if self._proc.poll() is not None:
                raise RuntimeError(f"the platform server exited ({self._proc.returncode}):\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the platform did not answer within {timeout} s")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop both servers (connections are refused until :meth:`start`)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)

    # -- the data, as the platform holds it --------------------------------------------------------
    @contextlib.contextmanager
    def db(self) -> Iterator[Any]:
        """A psycopg2 connection to the platform's PostGIS database, committed on success."""
        import psycopg2

        conn = psycopg2.connect(**self.db_params)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def features(self, collection: str, *, history: bool = False) -> list[dict[str, Any]]:
        """Every feature of a collection in id order (retired ones too), CRS84 geometry: of a
        layer collection, those standing now (its history too with ``history``)."""
        from sample_city.platform import LAYER_COLLECTIONS
        from sample_city.platform_db import features

        self._known(collection)
        with self.db() as conn:
            found = features(conn, collection)
        if collection in LAYER_COLLECTIONS and not history:
            found = [f for f in found if standing_now(f["properties"])]
        return found

    def feature(self, collection: str, id: str) -> dict[str, Any]:  # noqa: A002
        from sample_city.platform_db import features

        self._known(collection)
        with self.db() as conn:
            found = features(conn, collection, "id = %s", [id])
        if not found:
            raise KeyError(f"{collection}: no feature {id!r}")
        return found[0]

    def count(self, collection: str, lifecycle: str | None = None, *,
              history: bool = False) -> int:
        """How many features the collection holds (of one lifecycle, "active" or "retired"):
        of a layer collection, those standing now (its history, features whose ``valid_to``
        has passed, only with ``history``)."""
        from sample_city.platform import LAYER_COLLECTIONS

        self._known(collection)
        clauses, args = [], []
        if lifecycle is not None:
            clauses.append("lifecycle = %s")
            args.append(lifecycle)
        if collection in LAYER_COLLECTIONS and not history:
            clauses.append("(valid_to IS NULL OR valid_to > %s)")
            args.append(_now())
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self.db() as conn, conn.cursor() as cur:
            cur.execute(f'SELECT count(*) FROM "{collection}"{where}', args)
            return int(cur.fetchone()[0])

    def edit(self, collection: str, id: str, changes: Mapping[str, Any] | None = None, *,  # noqa: A002
             geometry: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Change a feature as another user would: properties from ``changes``, optionally a new
        CRS84 GeoJSON geometry; ``version`` + 1 and ``updated_at`` later than every other in the
        collection (unless ``changes`` sets them). Returns the feature as stored."""
        from sample_city.platform import later_than
        from sample_city.platform_db import edit, latest_stamp

        self._known(collection)
        with self.db() as conn:
            stamp = later_than([latest_stamp(conn, collection)])
            return edit(conn, collection, id, dict(changes or {}), stamp=stamp,
                        geometry=geometry)

    def retire(self, collection: str, id: str) -> dict[str, Any]:  # noqa: A002
        """Withdraw a feature the way the platform does: lifecycle "retired", never deleted."""
        from sample_city.platform import LIFECYCLE, RETIRED

        return self.edit(collection, id, {LIFECYCLE: RETIRED})

    def create(self, collection: str, properties: Mapping[str, Any],
               geometry: Mapping[str, Any] | None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
        """Add a feature as another user would (version 1, a fresh updated_at, active)."""
        from sample_city.platform import ACTIVE, LIFECYCLE, later_than
        from sample_city.platform_db import insert_features, latest_stamp

        self._known(collection)
        fid = id or str(uuid.uuid4())
        props = dict(properties)
        if collection not in ("observations", "assets"):
            props.setdefault("gid", fid)
        props.setdefault("version", 1)
        props.setdefault(LIFECYCLE, ACTIVE)
        doc = {"type": "Feature", "id": fid,
               "geometry": dict(geometry) if geometry is not None else None,
               "properties": props}
        with self.db() as conn:
            props.setdefault("updated_at", later_than([latest_stamp(conn, collection)]))
            with conn.cursor() as cur:
                cur.execute(f'SELECT 1 FROM "{collection}" WHERE id = %s', [fid])
                if cur.fetchone():
                    raise ValueError(f"{collection}: {fid} exists")
            insert_features(conn, collection, [doc])
        return doc

    def trail_heads(self, trail: str | None = None) -> list[dict[str, Any]]:
        """The trail heads pushes carried, as the platform kept them (oldest first), of one
        trail (its id in the cache's ``trail_id`` meta) or all."""
        import json

        path = self.dir / "trail_heads.jsonl"
        if not path.is_file():
            return []
        heads = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return [h for h in heads if trail is None or h["trail"] == trail]

    def reset(self) -> None:
        """Put every collection back as exported and make sure the server runs."""
        from sample_city.platform_db import reset

        with self.db() as conn:
            reset(conn)
        self.start()

    def _known(self, collection: str) -> None:
        from sample_city.platform import COLLECTIONS

        if collection not in COLLECTIONS:
            raise KeyError(f"no collection {collection!r}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered
    except OSError:
        return False


@contextlib.contextmanager
def run_platform(folder: Path, *, buildings: int = BUILDINGS, max_items: int = MAX_ITEMS,
                 cache: Path | None = None) -> Iterator[Platform]:
    """Build a sample city (unless ``cache``), export it into a throw-away PostGIS cluster and
    ``folder``, serve it on free loopback ports; stop everything (the cluster too) on exit."""
    from sample_city.city import build
    from sample_city.platform import COLLECTIONS, export
    from sample_city.platform_db import snapshot
    from sample_city.postgis_cluster import Cluster

    folder = Path(folder)
    if cache is None:
        city = folder / "city"
        build(city, buildings=buildings)
        cache = city / "sample_city.gpkg"
    port = free_port()
    files_port = free_port()
    while files_port == port:
        files_port = free_port()
    out = folder / "platform"
    with Cluster.start() as cluster:
        atexit.register(cluster.stop)  # a session that ends abruptly leaves no server behind
        export(cache, out, db=cluster.params(), port=port, files_port=files_port,
               max_items=max_items, default_items=min(100, max_items))
        platform = Platform(out, Path(cache).parent, port, files_port, max_items,
                            db=cluster.params())
        with platform.db() as conn:
            snapshot(conn, COLLECTIONS)
        try:
            platform.start()
            yield platform
        finally:
            platform.stop()


@pytest.fixture(scope="session")
def ogc_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """The local platform, shared by the session (see the module docstring)."""
    pytest.importorskip("pygeoapi", reason="pygeoapi not installed (pip install -e '.[platform]')")
    pytest.importorskip("psycopg2", reason="psycopg2 not installed (pip install -e '.[platform]')")
    with run_platform(tmp_path_factory.mktemp("platform")) as platform:
        yield platform


@pytest.fixture
def fresh_platform(ogc_platform: Platform) -> Platform:
    """The shared platform, reset to the exported data and running."""
    ogc_platform.reset()
    return ogc_platform
