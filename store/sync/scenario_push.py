"""Pushing planning scenarios: each scenario changed here since it was last pushed or
downloaded goes to the platform's ``scenarios`` collection whole
(:mod:`store.sync.scenario_package`), created (POST) or replaced (PUT with If-Match), then read
back and compared. A scenario the platform changed since this cache last saw it is not
overwritten: the push says so and a download brings the platform's first.

Example
-------
>>> from store.sync.scenario_push import pending  # doctest: +SKIP
>>> [s.name for s in pending(cache)]  # no network: what a push would send
['方案C']
"""

from __future__ import annotations

from typing import Any

from pyproj import Transformer

from store.cache import utc_now
from store.messages import msg
from store.scenarios import Scenario, list_scenarios
from store.sync import scenario_package as sp
from store.sync.client import NotFound, Platform, SyncError

#: The platform's lifecycle property (it retires, never deletes).
LIFECYCLE = "lifecycle"


def pending(cache: Any) -> list[Scenario]:
    """The scenarios changed here since they were last pushed or downloaded (never synced
    ones included), without asking the platform."""
    if not getattr(cache, "has_lifespans", False):
        return []
    to_lonlat = Transformer.from_crs(cache.crs, "OGC:CRS84", always_xy=True)
    return [s for s in list_scenarios(cache) if sp.changed_locally(cache, s, to_lonlat)]


def push_scenarios(cache: Any, remote: Platform, scenarios: list[Scenario],
                   collections: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Send ``scenarios`` (see :func:`pending`); returns the names pushed and the problems
    (one sentence each). SyncError for a failure of the connection or the credentials."""
    pushed: list[str] = []
    problems: list[str] = []
    if not scenarios:
        return pushed, problems
    if sp.COLLECTION not in collections:
        return pushed, [msg("the platform has no collection {collection}: the scenarios "
                            "stay here", collection=sp.COLLECTION)]
    to_lonlat = Transformer.from_crs(cache.crs, "OGC:CRS84", always_xy=True)
    for s in scenarios:
        feature = sp.package(cache, s, to_lonlat)
        mine = sp.digest(feature)
        try:
            theirs, etag = remote.get_item(sp.COLLECTION, s.gid)
        except NotFound:
            theirs, etag = None, None
        last = sp.last_digest(cache, s.gid)
        if theirs is not None and sp.digest(theirs) not in (last, mine):
            problems.append(msg("scenario {name}: changed on the platform since this cache "
                                "last saw it; download it first (not overwritten)",
                                name=s.name))
            continue
        version = _version(theirs) + 1
        feature["properties"].update(updated_at=utc_now(), version=version,
                                     **{LIFECYCLE: "active"})
        try:
            if theirs is None:
                remote.create_item(sp.COLLECTION, feature)
            else:
                remote.replace_item(sp.COLLECTION, s.gid, feature, etag)
            back, _ = remote.get_item(sp.COLLECTION, s.gid)
        except SyncError as exc:
            if exc.status is None or exc.status in (401, 403, 407):
                raise
            problems.append(msg("scenario {name}: {error}", name=s.name, error=str(exc)))
            continue
        if sp.digest(back) != mine:
            problems.append(msg("scenario {name}: the platform's copy differs from what was "
                                "sent; pushed again next time", name=s.name))
            continue
        sp.remember(cache, s.gid, mine)
        pushed.append(s.name)
    return pushed, problems


def _version(feature: Any) -> int:
    props = feature.get("properties") if isinstance(feature, dict) else None
    v = props.get("version") if isinstance(props, dict) else None
    return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else 0


__all__ = ["pending", "push_scenarios"]
