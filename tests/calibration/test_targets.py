"""Targets files: the shipped one loads; each kind of bad file is an InputError naming what is wrong."""

import re

import numpy as np
import pandas as pd
import pytest

from journeysim.calibration.fields import INTERVAL_Z
from journeysim.calibration.targets import (
    OUTPUTS,
    load_targets,
    one_sided,
    output_value,
    shipped_targets,
    target_values,
)
from journeysim.cli.main import main
from journeysim.errors import InputError

GOOD = """
[no_provision]
figure = 0.59
uncertainty = { kind = "sd", value = 0.08, why = "survey" }
year = 2011
population = "areas"
source = "Crane and Kuyken 2013"
output = "share_not_running"
mapping = "an area is a service"

[nobody_trained]
figure = 0.7
uncertainty = { kind = "interval", low = 0.5, high = 0.9, why = "most" }
year = 2015
nation = "england"
population = "trusts"
source = "census"
output = "share_no_teacher"
mapping = "a trust is a service"
"""


def write(tmp_path, text):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_targets_load_with_sources_and_mappings():
    targets = load_targets(shipped_targets())
    assert targets.names == [
        "crane_kuyken_no_provision",
        "crane_kuyken_thriving",
        "be_mindful_gp_access",
        "census_2015_nobody_trained",
    ]
    assert targets.observed["crane_kuyken_no_provision"] == 0.59
    assert targets.observed["be_mindful_gp_access"] == 0.2
    assert {t.output for t in targets.targets} <= set(OUTPUTS)
    assert all(t.source and t.mapping and t.uncertainty["why"] for t in targets.targets)
    assert targets.last_year == 2015
    assert re.fullmatch(r"[0-9a-f]{64}", targets.sha256)


def test_a_good_file_loads_and_an_interval_becomes_a_standard_deviation(tmp_path):
    targets = load_targets(write(tmp_path, GOOD))
    first, second = targets.targets
    assert (first.nation, first.year, first.sd) == ("uk", 2011, 0.08)
    assert second.nation == "england"
    assert second.sd == pytest.approx(0.4 / (2 * INTERVAL_Z))


def test_an_interval_off_centre_is_read_as_its_own_sd_on_each_side(tmp_path):
    targets = load_targets(write(tmp_path, GOOD.replace("low = 0.5, high = 0.9", "low = 0.6, high = 0.95")))
    skewed = targets.targets[1]
    assert skewed.sd_below == pytest.approx(0.1 / INTERVAL_Z) and skewed.sd_above == pytest.approx(0.25 / INTERVAL_Z)
    assert skewed.standardised(0.6) == pytest.approx(-INTERVAL_Z)  # the interval's ends are 1.96 sd away
    assert skewed.standardised(0.95) == pytest.approx(INTERVAL_Z)
    assert targets.scales["nobody_trained"][:2] == (skewed.sd_below, skewed.sd_above)


def test_a_held_out_figure_is_read_and_kept_out_of_the_fit(tmp_path):
    held = GOOD.replace("[nobody_trained]\n", "[nobody_trained]\nheld_out = true\n")
    targets = load_targets(write(tmp_path, held))
    assert targets.names == ["no_provision"] and [t.name for t in targets.held_out] == ["nobody_trained"]
    assert "nobody_trained" not in targets.observed and targets.last_year == 2015  # still run to its year
    rows = pd.DataFrame({"year": [2015, 2011], "nation": ["england", "england"], "running": [1, 0]})
    rows = rows.assign(people=1, teachers=[0, 1], level_code=0)
    assert set(target_values(targets, rows)) == {"no_provision", "nobody_trained"}  # compared, though not fitted
    with pytest.raises(InputError, match="held_out = 'yes'"):
        load_targets(write(tmp_path, held.replace("held_out = true", 'held_out = "yes"')))


def test_shipped_targets_are_named_within_the_package_not_by_a_machines_folders():
    targets = load_targets(shipped_targets("uk+patterns"))
    assert targets.path == "journeysim/calibration/targets/uk_figures_and_patterns.toml"
    assert all(t.bound is None for t in targets.targets)  # the figures are intervals, none an open-ended bound
    no_provision = targets.scales["crane_kuyken_no_provision"]
    assert no_provision[1] > 2 * no_provision[0]  # widened above, where self-selection allows the truth to be


def test_a_bound_is_read_and_has_no_error_on_the_side_it_allows(tmp_path):
    targets = load_targets(write(tmp_path, GOOD.replace("year = 2011", 'year = 2011\nbound = "lower"', 1)))
    low, point = targets.targets
    assert targets.bounds == {"no_provision": "lower", "nobody_trained": None}
    assert low.error(0.9) == 0.0 and low.error(0.59) == 0.0
    assert low.error(0.49) == pytest.approx(-0.10)
    assert point.error(0.9) == pytest.approx(0.2) and point.error(0.5) == pytest.approx(-0.2)
    assert one_sided(0.3, "upper") == 0.3 and one_sided(-0.3, "upper") == 0.0


def test_the_shipped_survey_figures_are_bounds_in_the_direction_of_their_self_selection():
    bounds = load_targets(shipped_targets()).bounds
    assert bounds["crane_kuyken_no_provision"] == "lower"  # places with provision over-represented
    assert bounds["crane_kuyken_thriving"] == "upper"  # thriving services over-represented
    assert bounds["be_mindful_gp_access"] is None and bounds["census_2015_nobody_trained"] is None


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('source = "Crane and Kuyken 2013"\n', "", ["[no_provision]", "source", "missing"]),
        (
            'output = "share_not_running"',
            'output = "happiness"',
            ["[no_provision]", "output", "'happiness'", "share_running"],
        ),
        ("figure = 0.59", "figure = 1.59", ["[no_provision]", "figure", "1.59", "from 0 to 1"]),
        ("year = 2011", "year = 1990", ["[no_provision]", "year", "1990", "2004 to 2028"]),
        (
            'uncertainty = { kind = "sd", value = 0.08, why = "survey" }\n',
            "",
            ["[no_provision]", "uncertainty", "missing"],
        ),
        ('kind = "sd", value = 0.08', 'kind = "sd", value = -0.08', ["uncertainty.value", "-0.08", "above 0"]),
        ('kind = "sd", value = 0.08', 'kind = "guess", value = 0.08', ["uncertainty.kind", "'guess'", "sd, interval"]),
        ('value = 0.08, why = "survey"', "value = 0.08", ["uncertainty.why", "None", "non-empty text"]),
        (
            "low = 0.5, high = 0.9",
            "low = 0.75, high = 0.9",
            ["[nobody_trained]", "uncertainty", "0.75-0.9", "figure (0.7)"],
        ),
        (
            "low = 0.5, high = 0.9",
            "low = 0.7, high = 0.9",
            ["[nobody_trained]", "uncertainty", "0.7-0.9", "low < figure (0.7) < high"],
        ),
        ('nation = "england"', 'nation = "france"', ["[nobody_trained]", "nation", "'france'", "england"]),
        (
            'mapping = "an area is a service"',
            'mapping = "an area is a service"\ncolour = "blue"',
            ["colour", "unknown key"],
        ),
        ("figure = 0.59", 'figure = "most"', ["[no_provision]", "figure", "'most'", "finite number"]),
        ("year = 2011", 'year = 2011\nbound = "at least"', ["[no_provision]", "bound", "'at least'", "'lower'"]),
    ],
)
def test_each_kind_of_bad_file_names_the_file_target_key_value_and_what_is_allowed(tmp_path, old, new, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError) as err:
        load_targets(path)
    message = str(err.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_a_missing_or_empty_or_broken_file_is_an_input_error(tmp_path):
    for text, words in (("", "no targets"), ("[a\nfigure=", "not a valid TOML")):
        with pytest.raises(InputError, match=words):
            load_targets(write(tmp_path, text))
    with pytest.raises(InputError, match="cannot read"):
        load_targets(tmp_path / "nowhere.toml")


def test_the_command_exits_2_with_one_line_on_a_bad_targets_file(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("figure = 0.59", "figure = 2.0"))
    status = main(["calibrate", str(path), "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "figure = 2.0" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_the_command_exits_2_on_an_unknown_parameter(tmp_path, capsys):
    status = main(["calibrate", "uk", "--parameter", "happiness", "--out", str(tmp_path / "out")])
    assert status == 2
    assert "happiness" in capsys.readouterr().err


def test_outputs_are_computed_from_service_years():
    rows = pd.DataFrame(
        {"running": [1, 0, 0, 1], "people": [100, 100, 100, 700], "teachers": [2, 0, 0, 1], "level_code": [3, 0, 1, 3]}
    )
    assert output_value("share_running", rows) == 0.5
    assert output_value("share_not_running", rows) == 0.5
    assert output_value("people_share_running", rows) == pytest.approx(0.8)
    assert output_value("share_no_teacher", rows) == 0.5
    assert output_value("share_embedded", rows) == 0.5
    assert output_value("share_patchy", rows) == 0.25
    assert np.isclose(sum(output_value(f"share_{lv}", rows) for lv in ("absent", "patchy", "fragile", "embedded")), 1)
