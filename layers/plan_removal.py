"""Plan the removal of chosen features in a scenario: a building to clear, a road to close, a
pipe to abandon. In that scenario they stand until the planned time; the recorded city keeps
them (:func:`store.scenarios.end`, the scenario's ``cimview_scenario_ends``).

Example
-------
>>> plan_removal(cache, "方案A", "buildings", [12, 13], "2027")  # doctest: +SKIP
2
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from store import lifespan, scenarios
from store.errors import CimviewError
from store.schema import LAYERS


def plan_removal(cache: Any, scenario: str, layer: str, fids: Sequence[int], when: str) -> int:
    """End the features ``fids`` of ``layer`` (a table of the cache) in ``scenario`` (a name
    or gid) at ``when`` (a year or date). Only recorded features that stand then can be
    removed: CimviewError naming what cannot. Returns how many were."""
    if layer not in LAYERS:
        raise CimviewError("{layer}: not a layer of the cache whose features can be removed",
                           layer=layer)
    at = lifespan.parse_when(when)
    if at is None:
        raise CimviewError("{when}: not a year, date or time", when=repr(when))
    scenarios.find(cache, scenario)  # CimviewError for an unknown scenario
    ids = json.dumps(sorted({int(f) for f in fids}))
    found = cache.read(layer, ["gid", "scenario", "valid_from", "valid_to"], geometry=False,
                       at=None, where="t.fid IN (SELECT value FROM json_each(:ids))",
                       params={"ids": ids})
    if not len(found):
        raise CimviewError("nothing chosen to remove")
    cols = found.columns
    for fid, gid, planned, start, end in zip(found.fids.tolist(), cols["gid"],
                                             cols["scenario"], cols["valid_from"],
                                             cols["valid_to"], strict=True):
        if planned is not None:
            raise CimviewError("feature {fid} is planned, not recorded: it is not removed "
                               "but deleted from its scenario", fid=fid)
        if not gid:
            raise CimviewError("feature {fid} has no gid: it cannot be planned away", fid=fid)
        if end is not None and end <= at:
            raise CimviewError("feature {fid} is gone by {when} already", fid=fid, when=when)
        if start is not None and start > at:
            raise CimviewError("feature {fid} does not stand yet in {when}", fid=fid,
                               when=when)
    return scenarios.end(cache, scenario, [str(g) for g in cols["gid"]], when)
