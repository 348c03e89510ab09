"""The local platform's database: a throw-away PostGIS cluster on a Unix socket only, tables
that keep what the sync relies on, and observations that outlive a run (docs/platform.md)."""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import shapely

pytest.importorskip("psycopg2", reason="psycopg2 not installed (pip install -e '.[platform]')")

from sample_city import platform_db  # noqa: E402
from sample_city.platform import OBSERVATIONS, export, observations_path, save_observations  # noqa: E402
from sample_city.postgis_cluster import Cluster  # noqa: E402

if TYPE_CHECKING:
    from tests.platform_fixture import Platform
pytest_plugins = ("tests.platform_fixture",)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    with Cluster.start() as db:
        yield db


def test_the_cluster_listens_on_its_own_socket_only_and_leaves_nothing(cluster: Cluster
                                                                        ) -> None:
    with cluster.connect() as conn, conn.cursor() as cur:
        cur.execute("SHOW listen_addresses")
        assert cur.fetchone()[0] == ""  # no TCP port at all
        cur.execute("SHOW unix_socket_directories")
        assert cur.fetchone()[0] == str(cluster.dir)
        cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")
        assert cur.fetchone() is not None
    assert stat.S_IMODE(os.stat(cluster.dir).st_mode) == 0o700
    other = Cluster.start()
    pid = int((other.dir / "data" / "postmaster.pid").read_text().split()[0])
    other.stop()
    assert not other.dir.exists()
    status = Path(f"/proc/{pid}/status")  # gone, or a zombie nobody has reaped yet
    assert not status.exists() or "State:\tZ" in status.read_text()


def test_rows_come_back_as_written(cluster: Cluster) -> None:
    """COPY escapes what text can hold (tabs, newlines, backslashes, CJK); NULLs and NaN are
    null; z is kept; the table refuses a stamp in another format."""
    odd = "广州\t珠湾区\n第2行 \\N \\\\"
    ewkb = shapely.to_wkb(shapely.set_srid(shapely.from_wkt(["POINT Z (113.3 23.1 7.5)"]),
                                           4326), hex=True, include_srid=True,
                          output_dimension=3)
    with cluster.connect() as conn:
        platform_db.create_table(conn, "pipe_points")
        platform_db.copy_rows(conn, "pipe_points", ["a", "b"], [ewkb[0], None], {
            "gid": ["a", "b"], "no": [odd, None], "depth": [1.25, float("nan")],
            "version": [1, 2], "updated_at": ["2026-12-05T01:02:03.004Z"] * 2,
            "lifecycle": ["active", "retired"]})
        got = {f["id"]: f for f in platform_db.features(conn, "pipe_points")}
        assert got["a"]["properties"]["no"] == odd
        assert got["a"]["geometry"]["coordinates"] == [113.3, 23.1, 7.5]
        assert got["b"]["geometry"] is None and got["b"]["properties"]["depth"] is None
        assert got["b"]["properties"]["version"] == 2
        conn.commit()
        import psycopg2

        with pytest.raises(psycopg2.errors.CheckViolation), conn.cursor() as cur:
            cur.execute("UPDATE pipe_points SET updated_at = '2026-12-05T01:02:03Z'")
        conn.rollback()
        with conn.cursor() as cur:  # a geometry without SRID (as the API writes) gets 4326
            cur.execute("UPDATE pipe_points SET geom = 'POINT(1 2)'::geometry WHERE id = 'b'")
            cur.execute("SELECT ST_SRID(geom) FROM pipe_points WHERE id = 'b'")
            assert cur.fetchone()[0] == 4326


def test_observations_outlive_the_run_that_received_them(ogc_platform: Platform,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "platform"
    oid = str(uuid.uuid4())
    with Cluster.start() as first:
        export(ogc_platform.cache, out, db=first.params())
        with first.connect() as conn:
            platform_db.insert_features(conn, OBSERVATIONS, [{
                "type": "Feature", "id": oid,
                "geometry": {"type": "Point", "coordinates": [113.3, 23.1]},
                "properties": {"kind": "pipe_leak", "text": "井盖冒水", "severity": 4,
                               "photos": [{"name": "a.jpg", "sha256": "0" * 64}],
                               "updated_at": "2026-12-05T01:02:03.004Z", "version": 1,
                               "lifecycle": "active"}}])
        assert save_observations(out) == 1
    kept = json.loads(observations_path(out).read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in kept] == [oid]
    with Cluster.start() as second:
        info = export(ogc_platform.cache, out, db=second.params())
        assert info["collections"][OBSERVATIONS] == 1
        with second.connect() as conn:
            (obs,) = platform_db.features(conn, OBSERVATIONS)
        assert obs["properties"]["text"] == "井盖冒水"
        assert obs["properties"]["photos"] == [{"name": "a.jpg", "sha256": "0" * 64}]
        info = export(ogc_platform.cache, out, db=second.params(), keep_observations=False)
        assert info["collections"][OBSERVATIONS] == 0
