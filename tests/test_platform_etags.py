"""The platform's ETags and If-Match: two writers of one feature, one wins, the other gets 412
and nothing is overwritten; collections say whether they take edits, and their data grade."""

from __future__ import annotations

import threading
import uuid

import pytest

from store.sync.client import Platform, PreconditionFailed
from tests.platform_fixture import Platform as LocalPlatform
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401
from tools.platform_etags import feature_etag, matches


def test_etag_rules() -> None:
    a = feature_etag({"properties": {"version": 1, "updated_at": "2026-01-01T00:00:00.000Z"}})
    b = feature_etag({"properties": {"version": 2, "updated_at": "2026-01-01T00:00:00.000Z"}})
    assert a and b and a != b and a.startswith('"')
    assert feature_etag({"properties": {}}) is None
    assert matches(a, a) and matches(f"{b}, {a}", a) and matches("*", a)
    assert not matches(b, a) and not matches(f"W/{a}", a) and not matches("*", None)


def _observation(oid: str, text: str, version: int) -> dict:
    return {"type": "Feature", "id": oid,
            "geometry": {"type": "Point", "coordinates": [113.3, 23.1]},
            "properties": {"kind": "other", "text": text, "severity": 1, "version": version,
                           "updated_at": f"2026-12-05T00:00:0{version}.000Z",
                           "lifecycle": "active", "photos": []}}


def test_collections_say_what_takes_edits_and_their_grade(
        fresh_platform: LocalPlatform) -> None:  # noqa: F811
    with Platform(fresh_platform.url) as client:
        collections = client.collections()
    assert collections["observations"]["editable"] is True
    assert collections["buildings"]["editable"] is False
    grade = collections["pipelines"]["cimview:grade"]
    assert grade["grade"] == "重要" and grade["secret"] is True
    assert collections["roads"]["cimview:grade"]["grade"] == "一般"


def test_two_writers_of_one_feature_one_gets_412(fresh_platform: LocalPlatform  # noqa: F811
                                                 ) -> None:
    oid = str(uuid.uuid4())
    with Platform(fresh_platform.url) as a, Platform(fresh_platform.url) as b:
        a.create_item("observations", _observation(oid, "first", 1))
        doc_a, tag_a = a.get_item("observations", oid)
        doc_b, tag_b = b.get_item("observations", oid)
        assert tag_a and tag_a == tag_b == feature_etag(doc_a)
        outcomes: dict[str, str] = {}

        def write(client: Platform, name: str, tag: str) -> None:
            try:
                client.replace_item("observations", oid, _observation(oid, name, 2 + (
                    name == "b")), etag=tag)
                outcomes[name] = "written"
            except PreconditionFailed:
                outcomes[name] = "412"

        threads = [threading.Thread(target=write, args=(c, n, t))
                   for c, n, t in ((a, "a", tag_a), (b, "b", tag_b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(outcomes.values()) == ["412", "written"], outcomes
        winner = next(n for n, o in outcomes.items() if o == "written")
        stored = fresh_platform.feature("observations", oid)
        assert stored["properties"]["text"] == winner  # the loser overwrote nothing
        # a stale tag is refused for DELETE too, and the feature stays
        with pytest.raises(PreconditionFailed):
            a.delete_item("observations", oid, etag=tag_a)
        assert fresh_platform.feature("observations", oid)["properties"]["text"] == winner
