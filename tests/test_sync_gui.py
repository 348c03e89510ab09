"""Field work in the window, against the local pygeoapi platform: record an observation offline,
send it, update the cache after a change on the platform and see the changed building."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main_window import MainWindow
from store.cache import Cache
from store.sync.download import sync
from store.sync.outbox import outbox, record_observation
from tests.gui_frames import wait_until
from tests.platform_fixture import fresh_platform, ogc_platform  # noqa: F401

pytestmark = pytest.mark.gui


def test_record_send_update_and_see_the_change(qtbot, qapp, fresh_platform,  # noqa: F811
                                               tmp_path: Path) -> None:
    path = tmp_path / "field.gpkg"
    assert sync(fresh_platform.url, path).complete  # the work area, downloaded beforehand
    with Cache.open(path) as cache:
        ext = cache.extent()
        gid = str(cache.read("buildings", ["gid"], geometry=False).columns["gid"][0])
    window = MainWindow(path, "en")
    qtbot.addWidget(window)
    window.show()
    wait_until(qapp, lambda: window.view.scene.data is not None)
    field = window.field_work
    field.panel.url.setText(fresh_platform.url)

    # offline: the observation is in the outbox at once
    oid = record_observation(window.cache, kind="pole_fault", x=(ext[0] + ext[2]) / 2,
                             y=(ext[1] + ext[3]) / 2, text="lamp pole leaning", severity=4)
    field.refresh_outbox()
    assert field.panel.tree.topLevelItemCount() == 1
    assert field.panel.tree.topLevelItem(0).text(1) == "pending"

    # back online: sent, confirmed, marked sent; the platform holds it once
    field.push_outbox()
    wait_until(qapp, lambda: field._worker is None)
    assert [i.status for i in outbox(window.cache)] == ["sent"]
    assert field.panel.tree.topLevelItem(0).text(1) == "sent"
    assert fresh_platform.count("observations") == 1
    assert fresh_platform.feature("observations", oid)["properties"]["severity"] == 4

    # browsing the platform lists its collections
    field.browse()
    wait_until(qapp, lambda: field._worker is None)
    tree = field.panel.layers_tree
    ids = set(field.panel.collection_ids())
    assert {"buildings", "addresses", "poles", "observations"} <= ids

    # another user changes a building on the platform; the update brings it, highlighted
    fresh_platform.edit("buildings", gid, {"floors_above": 33})
    field.update_cache()
    wait_until(qapp, lambda: field._worker is None and window.view.scene.data is not None
          and "changed by the sync" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage().startswith("1 buildings changed")
    floors = window.cache.read("buildings", ["floors_above"], where="t.gid = :g",
                               params={"g": gid}, geometry=False).columns["floors_above"]
    assert floors == [33]
    rows = dict(zip(field.panel.collection_ids(),
                    (tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())),
                    strict=True))
    assert rows["buildings"].startswith("fetched") and "updated 1" in rows["buildings"]

    # a work area drawn on the map: three corners around the city's centre, downloaded
    cx, cy = (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2
    field.draw_area()
    for dx, dy in ((-150, -150), (150, -150), (0, 150)):
        field.add_area_point(cx + dx, cy + dy)
    area = tmp_path / "area.gpkg"
    field.finish_area(area)
    wait_until(qapp, lambda: field._worker is None and area.exists()
          and window.view.scene.data is not None)
    with Cache.open(area) as small, Cache.open(path) as whole:
        assert 0 < small.count("buildings") < whole.count("buildings")
    window.close()
