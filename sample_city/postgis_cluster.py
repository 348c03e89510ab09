"""A throw-away PostgreSQL + PostGIS cluster for the local platform, on a Unix socket only.

``python -m sample_city.postgis_cluster start DIR`` creates a cluster in DIR (which must not
exist), starts it and prints its connection as JSON; ``... stop DIR`` stops it and removes DIR.
Code uses :class:`Cluster` (a context manager)::

    with Cluster.start() as db:        # a fresh folder under the system's temp dir
        with db.connect() as conn:     # psycopg2, database "cimview_platform", PostGIS loaded
            ...

The server is Debian's (packages ``postgresql`` and ``postgresql-postgis``, installed by
``tools/system-deps.sh test|platform``). It listens on no TCP port at all: only on a socket in
DIR, which is its owner's alone (mode 0700), with ``trust`` authentication, so nobody else on
the machine can reach it. Durability is switched off (``fsync``, ``synchronous_commit``,
``full_page_writes``): the cluster holds an export that can be made again. Run as root, the
server runs as the ``postgres`` user (PostgreSQL refuses to run as root) and DIR is given to it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATABASE = "cimview_platform"
SUPERUSER = "cimview"
PORT = 5432  # only names the socket file (.s.PGSQL.5432): no TCP port is opened
SERVER_USER = "postgres"  # who runs the server when we are root
_SETTINGS = {
    "listen_addresses": "''", "fsync": "off", "synchronous_commit": "off",
    "full_page_writes": "off", "max_connections": "40", "shared_buffers": "128MB",
    "work_mem": "32MB", "maintenance_work_mem": "128MB", "log_min_messages": "warning",
    "timezone": "UTC", "client_encoding": "UTF8",
}


class ClusterError(RuntimeError):
    """PostgreSQL or PostGIS is missing, or the cluster would not start."""


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs (Debian puts them in /usr/lib/postgresql/N)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ClusterError("PostgreSQL is not installed: run `bash tools/system-deps.sh platform` "
                       "(Debian packages postgresql and postgresql-postgis)")


def _has_postgis(bindir: Path) -> bool:
    version = bindir.parent.name
    return any(Path(f"/usr/share/postgresql/{version}/extension").glob("postgis.control"))


@dataclass
class Cluster:
    """A running throw-away cluster: its folder (data in ``data/``, the socket beside it)."""

    dir: Path
    bindir: Path

    @property
    def socket_dir(self) -> str:
        return str(self.dir)

    def params(self) -> dict[str, Any]:
        """Connection parameters, as libpq and pygeoapi's PostgreSQL provider take them."""
        return {"host": self.socket_dir, "port": PORT, "dbname": DATABASE, "user": SUPERUSER}

    def connect(self) -> Any:
        """A psycopg2 connection to the platform's database (commit or roll back yourself)."""
        import psycopg2

        return psycopg2.connect(**self.params(), application_name="cimview-platform")

    # -- life cycle ------------------------------------------------------------------------------
    @classmethod
    def start(cls, folder: str | os.PathLike[str] | None = None) -> Cluster:
        """Create and start a cluster in ``folder`` (new; default a fresh temp folder), with
        the database and PostGIS in it."""
        bindir = bin_dir()
        if not _has_postgis(bindir):
            raise ClusterError("PostGIS is not installed for PostgreSQL "
                               f"{bindir.parent.name}: run `bash tools/system-deps.sh platform`")
        if folder is None:
            folder = tempfile.mkdtemp(prefix="cimview-pg-")
        else:
            Path(folder).mkdir(mode=0o700)
        path = Path(folder).resolve()
        os.chmod(path, 0o700)
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise ClusterError(f"running as root, but there is no {SERVER_USER!r} user to "
                                   "run PostgreSQL as (install Debian's postgresql)") from None
            os.chown(path, user.pw_uid, user.pw_gid)
        cluster = cls(path, bindir)
        try:
            cluster._run("initdb", "-D", str(path / "data"), "-U", SUPERUSER, "--auth=trust",
                         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
            opts = " ".join(f"-c {k}={v}" for k, v in _SETTINGS.items())
            cluster._run("pg_ctl", "-D", str(path / "data"), "-l", str(path / "server.log"),
                         "-w", "-t", "60", "-o",
                         f"{opts} -c unix_socket_directories={path} -c port={PORT}", "start")
            with contextlib.closing(cluster._connect("postgres")) as conn:
                conn.autocommit = True
                conn.cursor().execute(f"CREATE DATABASE {DATABASE}")
            with contextlib.closing(cluster.connect()) as conn, conn:
                conn.cursor().execute("CREATE EXTENSION postgis")
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are cut) and remove the folder."""
        if (self.dir / "data" / "postmaster.pid").exists():
            with contextlib.suppress(ClusterError):
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w",
                          "-t", "30", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return (self.dir / "data" / "postmaster.pid").exists()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers ---------------------------------------------------------------------------------
    def _connect(self, dbname: str) -> Any:
        import psycopg2

        return psycopg2.connect(**dict(self.params(), dbname=dbname))

    def _run(self, program: str, *args: str) -> None:
        cmd = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=120, cwd=self.dir)
        if done.returncode:
            log = self.dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
            raise ClusterError(f"{program} failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()}\n{tail}".strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_city.postgis_cluster",
        description="Start or stop a throw-away PostgreSQL + PostGIS cluster on a Unix socket.")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("dir", type=Path, help="the cluster's folder (new, for start)")
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            cluster = Cluster.start(args.dir)
            print(json.dumps(cluster.params()))
        else:
            Cluster(args.dir.resolve(), bin_dir()).stop()
    except ClusterError as exc:
        print(f"postgis_cluster: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
