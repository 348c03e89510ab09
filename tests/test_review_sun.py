"""The sun for sunlight review: NREL SPA reference values, the standard days (大寒, 冬至),
true solar time ↔ Beijing time, and the grid's true north."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from layers.review import sun
from store.errors import CimviewError


def test_spa_reference_values():
    """Reda & Andreas (2004), NREL/TP-560-34302, Table A4.1: 2003-10-17 12:30:30 local time
    (UTC−7), 39.742476°N 105.1786°W, 1830.14 m, 820 mbar, 11 °C, ΔT 67 s."""
    t = dt.datetime(2003, 10, 17, 19, 30, 30, tzinfo=dt.UTC).timestamp()
    from pvlib import spa

    zen, _z0, _e, _e0, az, eot = spa.solar_position_numpy(
        np.array([t]), 39.742476, -105.1786, 1830.14, 820, 11, 67, 0.5667, 1)
    assert zen[0] == pytest.approx(50.11162, abs=1e-5)        # topocentric zenith
    assert az[0] == pytest.approx(194.34024, abs=1e-5)        # azimuth, clockwise from north
    assert eot[0] == pytest.approx(14.641503, abs=1e-4)       # minutes
    # the same through cimview's wrapper (its ΔT is the polynomial's, ~64.5 s in 2003)
    az2, el2, eot2 = sun.sun_positions(np.array([t]), 39.742476, -105.1786, height=1830.14,
                                       refraction=True, pressure_hpa=820, temperature_c=11)
    assert 90 - el2[0] == pytest.approx(50.11162, abs=2e-3)
    assert az2[0] == pytest.approx(194.34024, abs=2e-3)
    assert eot2[0] == pytest.approx(14.6415, abs=0.01)


@pytest.mark.parametrize(("year", "term", "when"), [
    # Published times (Beijing time) of the solar terms (Purple Mountain Observatory tables)
    (2024, "大寒", "2024-01-20 22:07"), (2025, "大寒", "2025-01-20 04:00"),
    (2026, "大寒", "2026-01-20 09:45"), (2025, "冬至", "2025-12-21 23:03"),
    (2024, "冬至", "2024-12-21 17:21"),
])
def test_solar_terms(year, term, when):
    got = sun.solar_term_instant(year, term).astimezone(sun.BEIJING)
    want = dt.datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=sun.BEIJING)
    assert abs((got - want).total_seconds()) <= 60
    assert sun.standard_day(year, term) == want.date()


def test_standard_day_names_and_refusal():
    assert sun.standard_day(2026, "dahan") == dt.date(2026, 1, 20)
    assert sun.standard_day(2026, "dongzhi") == dt.date(2026, 12, 22)
    with pytest.raises(CimviewError, match="unknown standard day"):
        sun.standard_day(2026, "立春")


def test_true_solar_time_to_beijing_time_in_guangzhou():
    """08:00 true solar time on 大寒 in Guangzhou (113.26°E) is about 08:38 Beijing time:
    27 min for the longitude and ~11 min equation of time (the sun is slow in January)."""
    path = sun.sun_path(dt.date(2026, 1, 20), 23.13, 113.26)
    assert len(path) == 480                                     # 1-min steps, 8 h
    assert path.tst[0] == 480.5 and path.tst[-1] == 959.5       # step middles
    start = path.bjt[0] - 0.5
    assert sun.clock(start) == "08:38"
    assert path.eot.mean() == pytest.approx(-10.9, abs=0.3)
    # BJT = TST − EoT + (120 − lon)/15 h at every sample
    np.testing.assert_allclose(path.bjt, path.tst - path.eot + (120 - 113.26) * 4, atol=1e-3)
    # true solar noon: the sun due south, at its highest
    noon = np.argmin(np.abs(path.tst - 720))
    assert path.azimuth[noon] == pytest.approx(180.0, abs=0.2)
    assert path.elevation[noon] == pytest.approx(path.elevation.max(), abs=0.01)
    # declination on 大寒 ≈ −20.1°: noon altitude = 90 − φ + δ
    assert path.elevation[noon] == pytest.approx(90 - 23.13 - 20.1, abs=0.3)


def test_meridian_convergence_on_gauss_kruger():
    """West of 114°E (EPSG:4547's central meridian), true north leans east of grid north."""
    lon, lat, north = sun.true_north_in_grid("EPSG:4547", 428100, 2555980)
    assert 113.0 < lon < 114.0 and 22.5 < lat < 23.5
    assert north == pytest.approx((114.0 - lon) * np.sin(np.radians(lat)), abs=0.01)
    p = sun.sun_path(dt.date(2026, 1, 20), lat, lon)
    d = p.directions(north)
    assert np.allclose(np.linalg.norm(d, axis=1), 1.0)
    grid_az = np.degrees(np.arctan2(d[:, 0], d[:, 1])) % 360
    np.testing.assert_allclose(grid_az, p.azimuth + north, atol=1e-6)


def test_bad_windows_refused():
    with pytest.raises(CimviewError):
        sun.sample_minutes(960, 480, 1)
    with pytest.raises(CimviewError):
        sun.sample_minutes(480, 960, 0)
