"""Where the platform's files (proposal IFCs, other assets) live beside a cache, and under what
names.

A sync writes files only into the cache's own **files folder**, ``<cache stem>.files/`` beside
the cache (``work.gpkg`` → ``work.files/``; a cache itself named ``x.files`` gets
``x.files.files/``), never beside the cache: the cache, its journals, its lock and any file
cimview did not write are out of reach. Inside the folder a file keeps its platform path
(``proposals/ZW-07-03.ifc`` → ``work.files/proposals/ZW-07-03.ifc``), so ``parcels.proposal``,
which holds that platform path, still names it: :func:`local_file` finds it.

The local name is derived here, by :func:`local_name`, and refused (:class:`UnsafeName`, the
reason in its message) when the platform path is absolute, climbs out (``..``), names a hidden
file (``.profile``) or one of cimview's own (``*.partial``, ``*.lock``), has control characters
or characters Windows cannot store, or is too long or too deep. Collisions (two platform files
on one local name, or a local file cimview did not write) are refused by the sync
(:mod:`store.sync.download`), which knows what it wrote (``cimview_sync_files``).

Examples
--------
>>> local_name("proposals/ZW-07-03.ifc").as_posix()
'proposals/ZW-07-03.ifc'
>>> files_dir("/data/work.gpkg").as_posix()
'/data/work.files'
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from store.errors import CimviewError

#: Limits of a local name (bytes of one part in UTF-8, characters of the whole, parts).
MAX_PART_BYTES = 255
MAX_NAME = 1024
MAX_DEPTH = 8
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_RESERVED_SUFFIXES = (".partial", ".lock", "-journal", "-wal", "-shm")


class UnsafeName(CimviewError):
    """A platform file name cimview will not write: the message says why."""


def files_dir(cache: str | os.PathLike[str]) -> Path:
    """The files folder of ``cache`` (also while a first sync builds ``CACHE.partial``)."""
    cache = Path(cache)
    name = cache.name.removesuffix(".partial")
    folder = cache.with_name(Path(name).stem + ".files")
    if folder.name == name:  # a cache named x.files
        folder = cache.with_name(name + ".files")
    return folder


def local_name(name: object) -> PurePosixPath:
    """The relative path under the files folder for the platform path ``name``.

    Raises :class:`UnsafeName` naming the problem when the path would escape the folder or
    touch a file that is not a plain platform file."""
    if not isinstance(name, str) or not name.strip():
        raise UnsafeName("the platform file name {name} is not a file name",
                         name=repr(name)[:200])
    shown = name[:200]
    if len(name) > MAX_NAME:
        raise UnsafeName("the platform file name {name} is longer than {limit} characters: "
                         "refused", name=shown, limit=MAX_NAME)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise UnsafeName("the platform file name {name} is an absolute path: it would escape "
                         "the files folder; refused", name=shown)
    if _FORBIDDEN.search(name):
        raise UnsafeName("the platform file name {name} has characters a file name cannot "
                         "have: refused", name=repr(shown))
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts:
        raise UnsafeName("the platform file name {name} is not a file name", name=repr(shown))
    for part in parts:
        if part == "..":
            raise UnsafeName("the platform file name {name} climbs out of the files folder "
                             "(..): refused", name=shown)
        if part.startswith("."):
            raise UnsafeName("the platform file name {name} names a hidden file ({part}): "
                             "refused", name=shown, part=part)
        if part.endswith(_RESERVED_SUFFIXES) or part != part.strip() or part.endswith("."):
            raise UnsafeName("the platform file name {name} ends like one of cimview's own "
                             "files or is not a portable name ({part}): refused",
                             name=shown, part=part)
        if len(part.encode("utf-8")) > MAX_PART_BYTES:
            raise UnsafeName("the platform file name {name} has a part longer than {limit} "
                             "bytes: refused", name=shown, limit=MAX_PART_BYTES)
    if len(parts) > MAX_DEPTH:
        raise UnsafeName("the platform file name {name} is more than {limit} folders deep: "
                         "refused", name=shown, limit=MAX_DEPTH)
    return PurePosixPath(*parts)


def inside(folder: Path, target: Path) -> bool:
    """Whether ``target`` (symbolic links resolved) is within ``folder`` (resolved)."""
    root = os.path.realpath(folder)
    real = os.path.realpath(target)
    return real.startswith(root.rstrip(os.sep) + os.sep)


def local_file(cache: str | os.PathLike[str], platform_path: str) -> Path | None:
    """The local copy of the platform file ``platform_path`` (as ``parcels.proposal`` holds it)
    for ``cache``: in the cache's files folder after a sync, else beside the cache (the sample
    city's own layout, ``proposals/…`` beside ``sample_city.gpkg``); None when there is none
    or the name is unsafe."""
    try:
        rel = local_name(platform_path)
    except UnsafeName:
        return None
    folder = files_dir(cache)
    for base in (folder, Path(cache).parent):
        target = base / rel
        if target.is_file() and inside(base, target):
            return target
    return None


__all__ = ["UnsafeName", "files_dir", "inside", "local_file", "local_name"]
