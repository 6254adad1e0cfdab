"""The study's patterns as calibration evidence: read and checked, the split whole, estimates from real runs."""

import math

import pytest

from journeysim.calibration.abc import StandardisedDistance
from journeysim.calibration.evidence import VALIDATION_PATTERNS, pattern_values
from journeysim.calibration.targets import load_targets, shipped_targets
from journeysim.errors import InputError
from journeysim.validation.patterns import PATTERNS
from journeysim.validation.runs import collect

FIGURE = """
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
EVIDENCE = """
[sporadic]
pattern = "P10a"
replications = 6
uncertainty = { kind = "sd", value = 0.08, why = "noise of 40 runs and a tolerance" }
pins = "goodwill delivery"

[few_lines]
pattern = "P11"
replications = 4
uncertainty = { kind = "sd", value = 0.1, why = "noise and a tolerance" }
pins = "the commissioner"
"""
OTHERS = [p for p in VALIDATION_PATTERNS if p not in ("P10a", "P11")]


def held_back(ids):
    return f"\n[held_back]\npatterns = {list(ids)!r}\nwhy = 'contrasts and trajectories'\n"


def load(tmp_path, text):
    path = tmp_path / "evidence.toml"
    path.write_text(text, encoding="utf-8")
    return load_targets(path)


def test_a_pattern_is_a_one_sided_target_at_its_threshold_in_its_softness(tmp_path):
    targets = load(tmp_path, FIGURE + EVIDENCE + held_back(OTHERS))
    sporadic, few = targets.patterns
    assert (sporadic.figure, sporadic.bound, sporadic.sd) == (0.1, "lower", 0.08)  # P10a: share above 0.1
    assert (few.figure, few.bound) == (0.25, "upper")  # P11: share below 0.25
    assert targets.names == ["nobody_trained", "sporadic", "few_lines"]
    distance = StandardisedDistance.of(targets)
    observed = targets.observed
    on_side = {"nobody_trained": 0.7, "sporadic": 0.4, "few_lines": 0.0}
    assert distance(on_side, observed) == 0.0
    assert distance({**on_side, "sporadic": 0.02}, observed) == pytest.approx(1.0)  # 0.08 short: one softness
    assert distance({**on_side, "few_lines": 0.45}, observed) == pytest.approx(4.0)
    assert math.isinf(distance({**on_side, "sporadic": float("nan")}, observed))  # nothing to estimate from


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (FIGURE + EVIDENCE, ["[held_back]", "missing"]),
        (FIGURE + EVIDENCE + held_back(OTHERS[1:]), ["[held_back]", OTHERS[0], "neither evidence nor held back"]),
        (FIGURE + EVIDENCE + held_back([*OTHERS, "P11"]), ["'P11'", "also used as evidence"]),
        (FIGURE + EVIDENCE.replace('"P10a"', '"P4a"') + held_back(OTHERS), ["[sporadic]", "'P4a'", "P10a"]),
        (FIGURE + EVIDENCE.replace("replications = 6", "replications = 1") + held_back(OTHERS), ["2 to 1600"]),
        (FIGURE + EVIDENCE.replace('pins = "the commissioner"', "") + held_back(OTHERS), ["[few_lines]", "pins"]),
        (FIGURE + EVIDENCE.replace('kind = "sd", value = 0.1', 'kind = "interval", low = 0.1, high = 0.3')
         + held_back(OTHERS), ["[few_lines]", "uncertainty.kind", "softness"]),
    ],
)  # fmt: skip
def test_a_bad_split_or_pattern_names_the_file_table_key_and_what_is_allowed(tmp_path, text, words):
    with pytest.raises(InputError) as err:
        load(tmp_path, text)
    assert "evidence.toml" in str(err.value)
    for word in words:
        assert word in str(err.value)


def test_the_shipped_split_is_whole_and_holds_back_every_contrast():
    targets = load_targets(shipped_targets("uk+patterns"))
    used = {e.pattern for e in targets.patterns}
    assert used.isdisjoint(targets.held_back.patterns)
    assert used | set(targets.held_back.patterns) == set(VALIDATION_PATTERNS)
    assert {p.id for p in PATTERNS} - set(VALIDATION_PATTERNS) == {"P4a", "P8b"}  # a check and a prediction
    assert {"P1a", "P1b", "P5c", "P8a", "P9a"} <= set(targets.held_back.patterns)  # the fragility contrasts
    assert targets.held_out and all(t.held_out for t in targets.held_out)


def test_pattern_estimates_are_the_validation_measures_on_the_same_seeded_runs(tmp_path):
    targets = load(tmp_path, FIGURE + EVIDENCE + held_back(OTHERS))
    values = {"referral_share_no_pathway": 0.015}
    got = pattern_values(targets, values, seed=11)
    runs = collect(["lone_champion"], 6, seed=11, knockout=values)
    assert got["sporadic"] == VALIDATION_PATTERNS["P10a"].measure(runs, 6).value
    assert got["few_lines"] == VALIDATION_PATTERNS["P11"].measure(runs, 4).value
    assert pattern_values(targets, values, seed=11) == got  # a candidate's estimates are a function of its identity
    assert pattern_values(load_targets(shipped_targets()), values, seed=11) == {}  # no patterns, no runs
