"""``journeysim validate --posterior DIR``: a third column per pattern, drawing one posterior particle per replication.

The posterior here is a tiny hand-written folder (three particles of two single-service
parameters, within their declared ranges); the validations are a few replications of two
cheap patterns, so the tests check the machinery, not the model's figures.
"""

import dataclasses
import json

import numpy as np
import pytest

from journeysim.batch.posterior import load_posterior
from journeysim.cli import main
from journeysim.cli.validation import summary_lines
from journeysim.runs import purpose_seeds
from journeysim.validation.pattern_types import FAILS
from journeysim.validation.patterns import pattern
from journeysim.validation.report import failing_lines, render, to_json
from journeysim.validation.runner import run_validation

REPLICATIONS = 10
PATTERN_IDS = ("P1a", "P2a")  # P2a reads two scenarios (one champion, several implementers)
# Particles far from the defaults (0.008 referrals, 2 courses a year): few referrals, few courses.
COLUMNS = {"referral_share_no_pathway": [0.003, 0.004, 0.02], "courses_per_teacher_year": [1.0, 1.5, 4.0]}
WEIGHTS = [0.4, 0.4, 0.2]


@pytest.fixture
def folder(write_posterior):
    return write_posterior(COLUMNS, WEIGHTS, manifest={"generations": 4, "targets": "uk_2009_2015.toml"})


def validate(folder, seed=7, executor=None, uncertainty=False):
    return run_validation(
        [pattern(i) for i in PATTERN_IDS],
        replications=REPLICATIONS,
        seed=seed,
        executor=executor,
        uncertainty=uncertainty,
        knockouts=False,
        posterior=load_posterior(folder),
    )


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_each_replication_draws_one_particle_and_takes_its_values(folder):
    v = validate(folder)
    posterior = load_posterior(folder)
    frame = v.posterior_runs.frame
    assert v.posterior_runs.posterior == posterior.digest
    assert (frame["posterior"] == posterior.digest).all()
    for _, row in frame.iterrows():
        expected = posterior.particle(purpose_seeds(7, int(row["replication"]))["uncertainty"])
        assert row["particle"] == expected
        assert row["param.referral_share_no_pathway"] == COLUMNS["referral_share_no_pathway"][expected]
        assert row["param.courses_per_teacher_year"] == COLUMNS["courses_per_teacher_year"][expected]
    assert frame["particle"].nunique() > 1  # ten replications reach more than one particle
    assert "param.referral_share_no_pathway" not in v.fixed_runs.frame.columns


def test_every_scenario_of_a_pattern_gets_the_same_particle_in_a_replication(folder):
    frame = validate(folder).posterior_runs.frame
    by_scenario = frame.pivot(index="replication", columns="scenario", values="particle")
    assert set(pattern("P2a").scenarios) <= set(by_scenario.columns)
    assert by_scenario.shape == (REPLICATIONS, 3)
    assert (by_scenario.nunique(axis=1) == 1).all()


def test_posterior_runs_differ_from_fixed_runs_where_a_calibrated_parameter_matters(folder):
    v = validate(folder)
    fixed = v.fixed_runs.of("lone_champion")
    drawn = v.posterior_runs.of("lone_champion")
    # referral_share_no_pathway sets the referrals without a pathway; the particles are far from its default
    assert not np.array_equal(fixed["referrals_total"].to_numpy(), drawn["referrals_total"].to_numpy())
    for r in v.patterns:
        assert r.posterior is not None and r.posterior_verdict is not None
        assert (r.posterior, r.posterior_verdict) == r.pattern.evaluate(v.posterior_runs, REPLICATIONS)
    assert [r.uncertain for r in v.patterns] == [None, None]


@pytest.mark.slow
def test_the_same_seed_gives_the_same_posterior_figures_serially_and_on_a_pool(folder, executor):
    first, second = validate(folder), validate(folder, executor=executor)
    assert [(r.posterior, r.posterior_verdict) for r in first.patterns] == [
        (r.posterior, r.posterior_verdict) for r in second.patterns
    ]
    key = ["scenario", "replication"]
    a = first.posterior_runs.frame.sort_values(key).reset_index(drop=True)
    b = second.posterior_runs.frame.sort_values(key).reset_index(drop=True)
    assert a[["particle", "referrals_total", "running_at_year_10"]].equals(
        b[["particle", "referrals_total", "running_at_year_10"]]
    )
    other = validate(folder, seed=8)
    assert not other.posterior_runs.frame["particle"].equals(first.posterior_runs.frame["particle"])


def test_settings_and_json_record_the_posterior_and_its_figures(folder):
    v = validate(folder)
    posterior = load_posterior(folder)
    recorded = v.settings["posterior"]
    assert recorded["folder"] == str(folder) and recorded["digest"] == posterior.digest
    assert recorded["particles"] == 3 and recorded["parameters"] == list(COLUMNS)
    assert recorded["code_fingerprint"] == posterior.manifest["code_fingerprint"] == v.code
    assert recorded["generations"] == 4 and recorded["targets"] == "uk_2009_2015.toml"
    data = json.loads(json.dumps(to_json(v)))
    assert data["settings"]["posterior"]["digest"] == posterior.digest
    for row, r in zip(data["patterns"], v.patterns, strict=True):
        assert row["posterior"]["n"] == r.posterior.n and row["posterior_verdict"] == r.posterior_verdict


def test_the_report_gets_a_third_column_and_a_methods_paragraph(folder):
    v = validate(folder, uncertainty=True)
    md = render(v)
    header = next(line for line in md.splitlines() if line.startswith("| id |"))
    assert header.endswith(
        "| fixed parameters: figure [95% CI] | holds? | with parameter uncertainty: figure [95% CI] | holds? "
        "| with the calibrated posterior: figure [95% CI] | holds? |"
    )
    rows = [line for line in md.splitlines() if line.startswith("| **P")]
    assert len(rows) == len(PATTERN_IDS)
    assert all(line.count(" | ") == header.count(" | ") for line in rows)
    assert "**With the calibrated posterior.**" in md
    assert f"folder `{folder}`, digest {v.settings['posterior']['digest']}, 3 particles" in md
    assert "calibrated to `uk_2009_2015.toml` over 4 generations" in md
    assert "conditional on" in md and "`referral_share_no_pathway`, `courses_per_teacher_year`" in md
    assert f"--posterior {folder}" in md
    summary = summary_lines(v)
    assert "with the posterior" in summary[0] and "with uncertainty" in summary[0]
    assert summary[1].count("[") == 3


def test_without_uncertainty_the_report_has_the_fixed_and_posterior_columns(folder):
    v = validate(folder)
    header = next(line for line in render(v).splitlines() if line.startswith("| id |"))
    assert "with the calibrated posterior" in header and "with parameter uncertainty" not in header
    assert "with uncertainty" not in summary_lines(v)[0]


def test_patterns_that_do_not_hold_under_the_posterior_are_listed(folder):
    v = validate(folder)
    first = v.patterns[0]
    v.patterns[0] = dataclasses.replace(first, fixed_verdict="holds", posterior_verdict=FAILS)
    lines = failing_lines(v)
    assert any(line.startswith(f"- **{first.pattern.id}** (with the calibrated posterior): fails") for line in lines)


def test_validate_with_a_posterior_writes_three_columns_and_json(capsys, tmp_path, folder):
    out = tmp_path / "docs" / "validation.md"
    code, stdout, _ = run_cli(
        capsys,
        "validate",
        "-n",
        "10",
        "--pattern",
        "P1a",
        "--no-knockouts",
        "--no-figures",
        "--workers",
        "1",
        "--posterior",
        str(folder),
        "--out",
        str(out),
        "--json",
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["patterns"][0]["posterior"] is not None and data["patterns"][0]["uncertain"] is not None
    assert data["settings"]["posterior"]["particles"] == 3
    assert "with the calibrated posterior: figure [95% CI]" in out.read_text()


@pytest.mark.parametrize("bad", ["missing", "out_of_range"])
def test_validate_with_a_bad_posterior_folder_exits_2_with_one_line(capsys, tmp_path, write_posterior, bad):
    if bad == "missing":
        target = tmp_path / "no_such_folder"
    else:
        target = write_posterior({"referral_share_no_pathway": [0.5]}, [1.0], name="bad")
    code, stdout, err = run_cli(
        capsys, "validate", "-n", "10", "--pattern", "P1a", "--out", "-", "--posterior", str(target)
    )
    assert code == 2 and stdout == ""
    assert err.startswith("journeysim: error:") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert ("no such folder" if bad == "missing" else "referral_share_no_pathway") in err
