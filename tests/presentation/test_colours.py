"""Level colours and fan bands under simulated colour-vision deficiency (Machado et al. 2009)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cvd import hex_rgb, lab, over_white, simulate
from cvd import min_distance as spread

from journeysim.presentation.style import (
    FAN_BAND_ALPHAS,
    LEVEL_BAND_ALPHA,
    LEVEL_COLOURS,
    ORIGINAL_COLOUR,
    SKY_BLUE,
)
from journeysim.vocabulary import LEVELS

KINDS = ("normal", "protanopia", "deuteranopia", "tritanopia")


def test_level_colours_stay_apart_under_each_deficiency() -> None:
    colours = [LEVEL_COLOURS[lv] for lv in LEVELS]
    solid, bands = spread(colours), spread(colours, LEVEL_BAND_ALPHA)
    for kind in KINDS:
        assert solid[kind] >= 20, (kind, solid)  # badges and the nation's stacked areas
        assert bands[kind] >= 12, (kind, bands)  # the pale bands behind the level line


def test_the_old_colours_failed_the_same_check() -> None:
    # The issue: embedded (green) and absent (grey) bands both looked light grey to deutans and protans.
    old = ["#B3B3B3", "#E69F00", "#56B4E9", "#009E73"]
    assert spread(old, 0.18)["deuteranopia"] < 5 and spread(old, 0.18)["protanopia"] < 5


def test_fan_bands_show_against_white_on_a_projector() -> None:
    white = lab(over_white(hex_rgb("#FFFFFF"), 1.0))
    for colour in (ORIGINAL_COLOUR, SKY_BLUE):
        for kind in KINDS:
            palest = lab(simulate(over_white(hex_rgb(colour), min(FAN_BAND_ALPHAS)), kind))
            assert float(((palest - white) ** 2).sum() ** 0.5) >= 15, (colour, kind)
