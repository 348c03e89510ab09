"""The local base platform (sample_city.platform + tools/platform_server.py) behaves as
docs/platform.md says: pygeoapi 0.21 over PostGIS (its PostgreSQL provider, with the writes
fixed in sample_city/platform_provider.py), plus the Range-capable file server."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import TYPE_CHECKING

import numpy as np
import pytest
import shapely

from sample_city.platform import (
    ACTIVE,
    COLLECTIONS,
    CRS84,
    LIFECYCLE,
    RETIRED,
    later_than,
    stamp,
)
from store.cache import Cache
from store.schema import LAYERS

if TYPE_CHECKING:
    from tests.platform_fixture import Platform
pytest_plugins = ("tests.platform_fixture",)  # the ogc_platform and fresh_platform fixtures

requests = pytest.importorskip("requests")  # installed with pygeoapi

EPSG4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"
GEOJSON = {"Content-Type": "application/geo+json"}


def all_items(url: str, **params: object) -> tuple[list[dict], int]:
    """Every feature behind an items URL, following next links; and the number of pages."""
    feats: list[dict] = []
    pages = 0
    next_url: str | None = url
    while next_url:
        r = requests.get(next_url, params=params if pages == 0 else None, timeout=30)
        r.raise_for_status()
        page = r.json()
        feats.extend(page["features"])
        pages += 1
        next_url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    return feats, pages


def test_landing_page_and_collections(ogc_platform: Platform) -> None:
    landing = requests.get(ogc_platform.url, timeout=10).json()
    assert {"data", "conformance"} <= {link["rel"] for link in landing["links"]}
    conf = requests.get(f"{ogc_platform.url}/conformance", timeout=10).json()["conformsTo"]
    assert any(c.endswith("ogcapi-features-2/1.0/conf/crs") for c in conf)
    assert any(c.endswith("/conf/create-replace-delete") for c in conf)
    colls = {c["id"]: c for c in
             requests.get(f"{ogc_platform.url}/collections", timeout=10).json()["collections"]}
    assert set(colls) == set(COLLECTIONS)
    assert "building_solids" not in colls
    for name, spec in LAYERS.items():
        if name != "building_solids":
            assert colls[name]["title"] == f"{spec.title_zh} {spec.title_en}"
    assert colls["buildings"]["storageCrs"] == CRS84
    assert EPSG4547 in colls["buildings"]["crs"]


def test_paging_gets_every_feature_once(ogc_platform: Platform) -> None:
    with Cache.open(ogc_platform.cache) as cache:
        gids = cache.read("addresses", ["gid"], geometry=False).columns["gid"]
    url = f"{ogc_platform.url}/collections/addresses/items"
    feats, pages = all_items(url, limit=100)
    ids = [f["id"] for f in feats]
    assert len(ids) == len(set(ids)) == len(gids)
    assert set(ids) == set(gids)
    assert pages == -(-len(gids) // 100)
    assert all(f["properties"]["gid"] == f["id"] for f in feats)
    # A limit above the server's maximum is clamped silently; the next link carries on.
    page = requests.get(f"{ogc_platform.url}/collections/pipe_points/items",
                        params={"limit": 100000}, timeout=30).json()
    assert len(page["features"]) == ogc_platform.max_items < page["numberMatched"]
    nxt = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert f"offset={ogc_platform.max_items}" in nxt


def test_datetime_returns_only_changed_features(fresh_platform: Platform) -> None:
    p = fresh_platform
    ids = [f["id"] for f in p.features("buildings")[:3]]
    edited = p.edit("buildings", ids[0], {"safety_grade": "D"})
    retired = p.retire("buildings", ids[1])
    since = edited["properties"]["updated_at"]
    assert retired["properties"]["updated_at"] > since
    url = f"{p.url}/collections/buildings/items"
    feats, _ = all_items(url, datetime=f"{since}/..")
    got = {f["id"]: f["properties"] for f in feats}
    assert set(got) == {ids[0], ids[1]}
    assert got[ids[0]]["safety_grade"] == "D" and got[ids[0]]["version"] == 2
    assert got[ids[0]][LIFECYCLE] == ACTIVE
    assert got[ids[1]][LIFECYCLE] == RETIRED and got[ids[1]]["version"] == 2
    assert p.count("buildings") == 300 and p.count("buildings", RETIRED) == 1
    # The bounds are compared as strings: a watermark in another format silently misses
    # features (whole seconds here: "…:SSZ" sorts after "…:SS.mmmZ").
    feats, _ = all_items(url, datetime=f"{since[:19]}Z/..")
    assert ids[0] not in {f["id"] for f in feats}
    # A feature another user adds is "changed" too.
    new = p.create("buildings", {"name": "新楼", "floors_above": 3},
                   {"type": "Point", "coordinates": [113.3, 23.1]})
    feats, _ = all_items(url, datetime=f"{retired['properties']['updated_at']}/..")
    assert new["id"] in {f["id"] for f in feats}


def test_crs_epsg4547_matches_the_cache(fresh_platform: Platform) -> None:
    ogc_platform = fresh_platform  # as exported: no feature another test added
    with Cache.open(ogc_platform.cache) as cache:
        for layer in ("pipe_points", "buildings"):
            rows = cache.read(layer, ["gid"], at=None)  # the platform serves the history too
            where = dict(zip(rows.columns["gid"], rows.geoms, strict=True))
            r = requests.get(f"{ogc_platform.url}/collections/{layer}/items",
                             params={"crs": EPSG4547, "limit": 200}, timeout=30)
            assert r.headers["Content-Crs"] == f"<{EPSG4547}>"
            for f in r.json()["features"]:
                got = shapely.geometry.shape(f["geometry"])
                ne = shapely.get_coordinates(got, include_z=LAYERS[layer].has_z)
                want = shapely.get_coordinates(where[f["id"]], include_z=LAYERS[layer].has_z)
                # EPSG:4547's axis order: northing first, then easting.
                assert np.allclose(ne[:, [1, 0]], want[:, :2], atol=1e-3, rtol=0)
                if LAYERS[layer].has_z:
                    assert np.allclose(ne[:, 2], want[:, 2], atol=1e-9)
        # bbox-crs EPSG:4547 takes its corners in the same order (min N, min E, max N, max E).
        rows = cache.read("buildings", ["gid"])
    x0, y0, x1, y1 = shapely.bounds(rows.geoms[7])
    r = requests.get(f"{ogc_platform.url}/collections/buildings/items",
                     params={"bbox": f"{y0},{x0},{y1},{x1}", "bbox-crs": EPSG4547,
                             "limit": ogc_platform.max_items}, timeout=30)
    assert rows.columns["gid"][7] in {f["id"] for f in r.json()["features"]}


def test_observations_post_put_delete(fresh_platform: Platform) -> None:
    p = fresh_platform
    items = f"{p.url}/collections/observations/items"
    oid = str(uuid.uuid4())
    now = stamp()
    obs = {"type": "Feature", "id": oid,
           "geometry": {"type": "Point", "coordinates": [113.3, 23.1]},
           "properties": {"kind": "pole_fault", "text": "路灯不亮", "severity": 3,
                          "feature_layer": "poles", "feature_gid": str(uuid.uuid4()),
                          "photos": [{"name": "p1.jpg", "sha256": hashlib.sha256(b"x").hexdigest(),
                                      "bytes": 1, "data_base64": "eA=="}],
                          "recorded_at": now, "updated_at": now, "version": 1,
                          LIFECYCLE: ACTIVE}}
    body = json.dumps(obs, ensure_ascii=False).encode()
    r = requests.post(items, data=body, headers=GEOJSON, timeout=10)
    assert r.status_code == 201
    assert r.headers["Location"] == f"{items}/{oid}"
    got = requests.get(f"{items}/{oid}", timeout=10).json()
    # every column of the table comes back: what was not sent is null
    assert {k: v for k, v in got["properties"].items() if v is not None} == obs["properties"]
    assert got["geometry"] == obs["geometry"]
    assert p.count("observations") == 1
    # A second POST of the id is a conflict; JSON (not GeoJSON) is taken for a CQL query.
    r = requests.post(items, data=body, headers=GEOJSON, timeout=10)
    assert r.status_code == 409 and "exists" in r.json()["description"]
    assert requests.post(items, json=obs, timeout=10).status_code == 400
    # What the table cannot hold is refused with a reason, and nothing is written.
    bad = dict(obs, id=str(uuid.uuid4()), properties=dict(obs["properties"], colour="red"))
    r = requests.post(items, data=json.dumps(bad), headers=GEOJSON, timeout=10)
    assert r.status_code == 400 and "colour" in r.json()["description"]
    bad["properties"] = dict(obs["properties"], updated_at="yesterday")
    r = requests.post(items, data=json.dumps(bad), headers=GEOJSON, timeout=10)
    assert r.status_code == 400 and "updated_at" in r.json()["description"]
    assert p.count("observations") == 1
    etag = requests.get(f"{items}/{oid}", timeout=10).headers["ETag"]  # tools/platform_etags
    # PUT replaces the feature (send all of it, with the same id); a stale If-Match gets 412.
    obs["properties"].update(severity=5, version=2, updated_at=later_than([now]))
    r = requests.put(f"{items}/{oid}", data=json.dumps(obs), timeout=10,
                     headers={**GEOJSON, "If-Match": '"not-the-etag"'})
    assert r.status_code == 412 and r.headers["ETag"] == etag
    r = requests.put(f"{items}/{oid}", data=json.dumps(obs), timeout=10,
                     headers={**GEOJSON, "If-Match": etag})
    assert r.status_code == 204
    assert requests.get(f"{items}/{oid}", timeout=10).headers["ETag"] != etag
    assert requests.get(f"{items}/{oid}", timeout=10).json()["properties"]["severity"] == 5
    missing = str(uuid.uuid4())
    r = requests.put(f"{items}/{missing}", data=json.dumps(dict(obs, id=missing)),
                     headers=GEOJSON, timeout=10)
    assert r.status_code == 404  # PUT replaces, never creates
    assert requests.get(f"{items}/{missing}", timeout=10).status_code == 404
    # The body's id must be the URL's: a PUT cannot rewrite another feature past its If-Match.
    r = requests.put(f"{items}/{oid}", data=json.dumps(dict(obs, id=missing)),
                     headers=GEOJSON, timeout=10)
    assert r.status_code == 400
    assert requests.delete(f"{items}/{oid}", timeout=10).status_code == 200
    assert requests.get(f"{items}/{oid}", timeout=10).status_code == 404
    assert requests.delete(f"{items}/{oid}", timeout=10).status_code == 404
    # The layers are read-only over the API.
    b = p.features("buildings")[0]
    r = requests.put(f"{p.url}/collections/buildings/items/{b['id']}", data=json.dumps(b),
                     headers=GEOJSON, timeout=10)
    assert r.status_code == 400


def test_files_honour_range_and_match_assets(ogc_platform: Platform) -> None:
    assets = requests.get(f"{ogc_platform.url}/collections/assets/items", timeout=10).json()
    kinds = sorted(f["properties"]["kind"] for f in assets["features"])
    assert kinds[0] == "dem" and "ifc" in kinds
    for f in assets["features"]:
        props = f["properties"]
        assert props["href"].startswith(ogc_platform.files_url + "/")
        whole = requests.get(props["href"], timeout=30)
        assert whole.status_code == 200 and whole.headers["Accept-Ranges"] == "bytes"
        data = whole.content
        assert len(data) == props["bytes"]
        assert hashlib.sha256(data).hexdigest() == props["sha256"]
        r = requests.get(props["href"], headers={"Range": "bytes=100-199"}, timeout=10)
        assert r.status_code == 206
        assert r.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
        assert r.content == data[100:200]
        r = requests.get(props["href"], headers={"Range": "bytes=-10"}, timeout=10)
        assert r.status_code == 206 and r.content == data[-10:]
        r = requests.get(props["href"], headers={"Range": f"bytes={len(data) - 5}-"}, timeout=10)
        assert r.status_code == 206 and r.content == data[-5:]
        r = requests.get(props["href"], headers={"Range": f"bytes={len(data)}-"}, timeout=10)
        assert r.status_code == 416 and r.headers["Content-Range"] == f"bytes */{len(data)}"
        etag = whole.headers["ETag"]
        r = requests.get(props["href"], headers={"Range": "bytes=0-9", "If-Range": '"old"'},
                         timeout=10)
        assert r.status_code == 200 and r.content == data  # changed since: the whole file
        r = requests.get(props["href"], headers={"Range": "bytes=0-9", "If-Range": etag},
                         timeout=10)
        assert r.status_code == 206 and r.content == data[:10]


def test_stop_and_start(fresh_platform: Platform) -> None:
    p = fresh_platform
    p.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(p.url, timeout=5)
    edited = p.edit("poles", p.features("poles")[0]["id"], {"status": "故障"})  # while down
    p.start()
    r = requests.get(f"{p.url}/collections/poles/items/{edited['id']}", timeout=10)
    assert r.json()["properties"]["status"] == "故障"
