"""One palette: every named colour read from resources/styles, the 3D view and the legends
agreeing."""

from __future__ import annotations

import csv

import pytest

from layers import palette
from resources import ROOT


def test_every_palette_colour_has_a_use_and_a_source() -> None:
    with open(ROOT / "styles" / "palette.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len({r["key"] for r in rows}) == len(rows), "a key twice"
    for row in rows:
        assert row["use"].strip() and row["source"].strip(), row["key"]
        assert palette.rgb(row["key"]) == tuple(int(c) for c in row["rgb"].split(","))


def test_the_forms_of_a_colour() -> None:
    assert palette.rgb("white_model") == palette.WHITE_MODEL == (232, 232, 228)
    assert palette.hex("error_text") == "#b00020"
    assert palette.rgbf("no_class") == pytest.approx((128 / 255,) * 3)


def test_an_unknown_colour_names_the_palette_file() -> None:
    with pytest.raises(KeyError, match="palette.csv"):
        palette.rgb("no such colour")


def test_the_modules_draw_with_the_palette() -> None:
    from layers.colouring import PLAIN_RGB
    from layers.housing import FILTER_MATCH_RGB, FILTER_OTHER_RGB
    from layers.layer import Style
    from layers.style import NO_CLASS_RGB

    assert PLAIN_RGB == palette.WHITE_MODEL
    assert (FILTER_MATCH_RGB, FILTER_OTHER_RGB) == (palette.FILTER_MATCH, palette.FILTER_OTHER)
    assert NO_CLASS_RGB == palette.NO_CLASS
    assert (Style().rgb, Style().other_rgb) == (palette.LAYER_DEFAULT, palette.LAYER_OTHER)


def test_pole_status_colours_agree_between_the_3d_glyphs_and_the_legend() -> None:
    pytest.importorskip("vtk")
    from layers.style import style_colors
    from viewer.glyphs import POLE_STATUS_COLORS

    legend = style_colors("pole_status")  # what the legend draws
    assert POLE_STATUS_COLORS == legend == palette.pole_status()
    assert set(legend) == {"正常", "维护", "故障", "离线"}


def test_observation_states_and_pipeline_classes_have_colours() -> None:
    assert set(palette.observation_state()) >= {"pending", "sent", "conflict", "rejected"}
    standard, dark = palette.pipeline_colours(False), palette.pipeline_colours(True)
    assert standard.keys() == dark.keys() and "JS" in standard
    assert standard["PS"] != dark["PS"]  # drainage brown is lightened on the dark background


def test_ifc_classes_are_drawn_as_the_style_table_says() -> None:
    pytest.importorskip("vtk")
    from viewer.bim_mesh import class_style

    table = palette.ifc_classes()
    window = class_style("IfcWindow")
    assert (window.rgb, window.opacity, window.shown) == table["IfcWindow"]
    assert not class_style("IfcSpace").shown  # spaces hidden by default
    assert class_style("IfcFlowTerminal").rgb == table["*services"][0]
    assert class_style("IfcSomethingNew").rgb == table["*default"][0]
