"""Planning scenarios (现状, 方案A, 方案B …): named groups of planned features, each possibly
built on another (CityGML 3.0's versions and transitions), kept in ``cimview_scenarios``.

A planned feature is an ordinary feature of its layer with ``scenario`` set to its scenario's
gid and ``valid_from`` its planned year (:mod:`store.lifespan`). The city of a scenario at a
time is the recorded city at that time with the features of the scenario and of those it
builds on (:func:`chain`) that stand then; with no scenario chosen nothing planned is shown.

Example
-------
>>> from store.scenarios import validate_name
>>> validate_name(" 方案A ")
'方案A'
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from store.cache import utc_now
from store.errors import CimviewError
from store.schema import scenario_ends_table, scenarios_table

#: a chain of scenarios longer than this is a loop in the data
MAX_DEPTH = 64
#: the longest name a scenario may have
MAX_NAME = 80


@dataclass(frozen=True)
class Scenario:
    gid: str
    name: str
    parent_gid: str | None
    description: str | None


def validate_name(name: str) -> str:
    """A scenario's name without surrounding blanks; CimviewError when empty or too long."""
    clean = " ".join(str(name).split())
    if not clean or len(clean) > MAX_NAME:
        raise CimviewError("a scenario's name must be 1 to {n} characters", n=MAX_NAME)
    return clean


def list_scenarios(cache: Any) -> list[Scenario]:
    """Every scenario of the cache, by name."""
    t = scenarios_table
    with cache.engine.connect() as conn:
        rows = conn.execute(select(t.c.gid, t.c.name, t.c.parent_gid, t.c.description)
                            .order_by(t.c.name)).all()
    return [Scenario(*r) for r in rows]


def find(cache: Any, name_or_gid: str) -> Scenario:
    """The scenario of that name (or gid); CimviewError naming those there are."""
    scenarios = list_scenarios(cache)
    for s in scenarios:
        if name_or_gid in (s.name, s.gid):
            return s
    raise CimviewError("no scenario {name}; scenarios: {names}", name=repr(name_or_gid),
                       names=", ".join(s.name for s in scenarios) or "-")


def create(cache: Any, name: str, *, parent: str | None = None,
           description: str | None = None) -> Scenario:
    """A new scenario, building on ``parent`` (a name or gid) when given."""
    clean = validate_name(name)
    parent_gid = find(cache, parent).gid if parent else None
    if any(s.name == clean for s in list_scenarios(cache)):
        raise CimviewError("a scenario named {name} exists already", name=repr(clean))
    gid = str(uuid.uuid4())
    now = utc_now()
    with cache.transaction() as tx:
        tx.conn.execute(insert(scenarios_table).values(
            gid=gid, name=clean, parent_gid=parent_gid, description=description,
            created_at=now, updated_at=now))
        tx.record("scenario", name=clean, gid=gid, parent=parent_gid)
    return Scenario(gid, clean, parent_gid, description)


def end(cache: Any, scenario: str, feature_gids: list[str], when: str) -> int:
    """Plan the removal of recorded features in ``scenario`` (a name or gid) at ``when``
    (a year or date): in that scenario they stand until then. Returns how many."""
    from store import lifespan

    gid = find(cache, scenario).gid
    at = lifespan.parse_when(when)
    if at is None:
        raise CimviewError("{when}: not a year, date or time", when=repr(when))
    with cache.transaction() as tx:
        for lo in range(0, len(feature_gids), 500):
            tx.conn.execute(delete(scenario_ends_table).where(
                scenario_ends_table.c.scenario_gid == gid,
                scenario_ends_table.c.feature_gid.in_(list(feature_gids[lo:lo + 500]))))
        if feature_gids:
            tx.conn.execute(insert(scenario_ends_table), [
                {"scenario_gid": gid, "feature_gid": f, "valid_to": at} for f in feature_gids])
        tx.record("scenario_end", scenario=gid, features=len(feature_gids), valid_to=at)
    return len(feature_gids)


def chain(cache: Any, gid: str | None) -> tuple[str, ...]:
    """``gid`` and the gids of the scenarios it builds on, nearest first; () for None.
    A loop or a missing parent ends the chain there."""
    if gid is None:
        return ()
    parents = {s.gid: s.parent_gid for s in list_scenarios(cache)}
    out: list[str] = []
    current: str | None = gid
    while current is not None and current in parents and current not in out:
        out.append(current)
        if len(out) >= MAX_DEPTH:
            break
        current = parents[current]
    return tuple(out)


__all__ = ["MAX_DEPTH", "Scenario", "chain", "create", "end", "find", "list_scenarios",
           "validate_name"]
