"""A feature's history in the attribute panel, from the cache's trail (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.attribute_panel import AttributePanel
from store import audit
from store.cache import Cache
from store.sync.outbox import record_edit, record_observation

pytestmark = pytest.mark.gui


def test_the_panel_shows_what_the_trail_says_of_a_feature(qtbot, sample_city_copy,
                                                          tmp_path: Path) -> None:
    path = sample_city_copy(tmp_path)
    photo = tmp_path / "crack.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9")
    panel = AttributePanel()
    qtbot.addWidget(panel)
    with Cache.open(path) as cache:
        rows = cache.read("buildings", ["gid"], geometry=False)
        fid, gid = int(rows.fids[0]), rows.columns["gid"][0]
        other_fid, other = int(rows.fids[1]), rows.columns["gid"][1]
        assert panel.show_feature(cache, "buildings", fid, "en")
        assert not panel.has_section("History")  # nothing recorded yet
        record_edit(cache, "buildings", gid, {"name": "第一中学", "floors_above": 7})
        x, y = cache.extent()[:2]
        record_observation(cache, kind="other", x=x + 1, y=y + 1, photos=[photo],
                           feature=("buildings", gid))
        record_edit(cache, "buildings", other, {"floors_above": 3})
        with cache.engine.connect() as conn:
            mine = audit.feature_history(conn, "buildings", gid)
        assert [e["kind"] for e in mine] == ["edit", "observation"]
        panel.show_feature(cache, "buildings", fid, "en")
        assert panel.has_section("History")
        values = [v for label, v in panel.rows() if label.endswith(" UTC")]
        assert len(values) == 2
        assert values[0].startswith("edited: floors_above, name ("), values
        assert values[1].startswith("observation recorded (1 photo(s))"), values
        assert not any("第一中学" in v for v in values)  # names of fields, never their values
        panel.show_feature(cache, "buildings", other_fid, "en")
        values = [v for label, v in panel.rows() if label.endswith(" UTC")]
        assert sum(v.startswith("edited:") for v in values) == 1
        assert not any(v.startswith("observation") for v in values)
