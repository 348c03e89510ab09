"""store.importers.plausible: which numbers can be positions in a CRS, and what they look like."""

from __future__ import annotations

import numpy as np
from pyproj import CRS

from store.importers.plausible import candidates, possible

UTM49 = CRS.from_epsg(32649)
GK114 = CRS.from_epsg(4547)


def test_possible_per_point() -> None:
    # Guangzhou in UTM 49N; Web-Mercator numbers; lon/lat numbers; x = 1e9; NaN
    x = [740_000, 12_613_000, 113.3, 1e9, np.nan]
    y = [2_560_000, 2_644_000, 23.1, 2.5e6, 2_560_000]
    assert possible(UTM49, x, y).tolist() == [True, False, False, False, False]
    assert possible(GK114, [432_000, 1e9], [2_555_000, 2.5e6]).tolist() == [True, False]
    assert possible(CRS.from_epsg(4326), [113.3, 740_000], [23.1, 2_560_000]).tolist() == [
        True, False]


def test_local_coordinates_of_a_city_crs_pass() -> None:
    # citygml4j's samples: 0…100 m in DHDN / Soldner Berlin, whose origin is at the city's edge
    assert possible(CRS.from_epsg(3068), [0, 96], [0, 98]).all()


def test_looks_like() -> None:
    from store.importers.plausible import looks_like

    def guess(x: float, y: float, declared: CRS, near: CRS | None = None) -> str | None:
        found = looks_like(np.array([x]), np.array([y]), declared=declared,
                           near=near or declared)
        return found.to_string() if found is not None else None

    assert guess(12_613_000, 2_644_000, UTM49) == "EPSG:3857"
    assert guess(113.3, 23.1, UTM49) == "EPSG:4326"
    assert guess(38_432_000, 2_555_000, GK114) == "EPSG:4526"  # with the zone prefix
    assert guess(740_000, 2_560_000, CRS.from_epsg(4326), GK114) == "EPSG:32649"
    assert guess(1e9, 2.5e6, GK114) is None


def test_candidates_near_guangzhou() -> None:
    codes = [c.to_epsg() for c in candidates(UTM49, 500_000)]
    assert codes[0] == 4326 and codes[-1] == 3857
    assert 32649 in codes and 4547 in codes
