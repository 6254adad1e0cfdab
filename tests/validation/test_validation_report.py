"""docs/validation.md: one row per pattern with figures and verdicts, reproducible, and the validate command."""

import json
from pathlib import Path

import numpy as np
import pytest

from journeysim.cli import main
from journeysim.cli.validation import summary_lines
from journeysim.validation.figures import write_figures
from journeysim.validation.measures import Estimate, conditional_share, paired_difference, share
from journeysim.validation.pattern_types import FAILS, HOLDS, INCONCLUSIVE, PREDICTION, REPORTED, UNDEFINED, Criterion
from journeysim.validation.patterns import PATTERNS, pattern
from journeysim.validation.report import failing_lines, fmt_estimate, render, to_json
from journeysim.validation.runner import run_validation


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------ verdicts and estimates
@pytest.mark.parametrize(
    ("est", "verdict"),
    [
        (Estimate(0.8, 0.6, 0.9, 100), HOLDS),
        (Estimate(0.6, 0.45, 0.7, 100), INCONCLUSIVE),
        (Estimate(0.4, 0.3, 0.55, 100), FAILS),
        (Estimate(float("nan"), float("nan"), float("nan"), 0), UNDEFINED),
    ],
)
def test_a_pattern_holds_only_when_its_whole_interval_clears_the_threshold(est, verdict):
    assert Criterion("above", 0.5).verdict(est) == verdict


def test_a_below_criterion_reads_the_upper_bound():
    below = Criterion("below", 0.5)
    assert below.verdict(Estimate(0.1, 0.05, 0.2, 50)) == HOLDS
    assert below.verdict(Estimate(0.45, 0.3, 0.6, 50)) == INCONCLUSIVE


def test_shares_get_wilson_intervals_and_conditional_shares_count_only_eligible_runs():
    est = share([True] * 30 + [False] * 70)
    assert est.value == pytest.approx(0.3) and est.n == 100
    assert est.low == pytest.approx(0.2189, abs=1e-3) and est.high == pytest.approx(0.3958, abs=1e-3)
    cond = conditional_share([True, True, False, True], [True, True, True, False])
    assert cond.value == pytest.approx(2 / 3) and cond.n == 3


def test_paired_differences_are_reproducible_and_pairwise():
    rng = np.random.default_rng(1)
    a = rng.normal(size=200)
    b = a + 0.5 + rng.normal(scale=0.1, size=200)  # strongly paired: a tight interval
    first, second = paired_difference(a, b), paired_difference(a, b)
    assert first == second
    assert first.value == pytest.approx(np.mean(b - a))
    assert first.high - first.low < 0.1


def test_figures_print_in_the_patterns_units():
    assert fmt_estimate(Estimate(0.123, 0.1, 0.15, 10), "difference") == "+0.123 [+0.100, +0.150]"
    assert fmt_estimate(Estimate(0.5, 0.25, 0.75, 10), "share") == "0.500 [0.250, 0.750]"
    assert fmt_estimate(Estimate(1.0, 0.5, 1.5, 10), "levels") == "+1.00 [+0.50, +1.50]"
    assert fmt_estimate(Estimate(1.2, 0.9, 1.5, 10), "relative") == "+120% [+90%, +150%]"
    assert fmt_estimate(Estimate(54.0, 50.0, 58.0, 10), "months") == "54 [50, 58]"
    assert fmt_estimate(Estimate(float("nan"), float("nan"), float("nan"), 0), "share") == "no data (n = 0)"


# ------------------------------------------------------------ the report
@pytest.mark.statistical
def test_report_has_one_row_per_pattern_with_source_metric_scenarios_figure_and_verdict(validation):
    md = render(validation)
    table = {line.split(" | ")[0]: line for line in md.splitlines() if line.startswith("| **P")}
    assert len(table) == len(PATTERNS)  # validation patterns, consistency checks and predictions, each once
    for p in PATTERNS:
        line = table[f"| **{p.id}**"]
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert p.source in line and p.metric in line and p.counterfactual in cells[4]
        assert all(f"`{s}`" in cells[5] for s in p.scenarios)
        verdicts = (f"**{REPORTED}**",) if p.kind == PREDICTION else (HOLDS, f"**{INCONCLUSIVE}**", f"**{FAILS}**")
        assert "[" in cells[7] and cells[8] in verdicts
    assert "## Which mechanisms the patterns rest on: knock-outs" in md
    assert "python experiments/validation.py" in md


@pytest.mark.statistical
def test_report_is_the_same_text_every_time_it_is_rendered(validation):
    assert render(validation) == render(validation)


@pytest.mark.statistical
def test_report_json_is_plain_data_with_every_pattern(validation):
    data = json.loads(json.dumps(to_json(validation)))
    assert [p["id"] for p in data["patterns"]] == [p.id for p in PATTERNS]
    assert {"value", "ci_low", "ci_high", "n"} <= set(data["patterns"][0]["fixed"])


@pytest.mark.statistical
def test_figures_are_written_with_fixed_element_ids(validation, tmp_path):
    links = write_figures(validation, tmp_path / "figures")
    files = sorted(p.name for p in (tmp_path / "figures").iterdir())
    assert files == ["validation_after_departure.html", "validation_running_share.html"]
    assert all(link.startswith("figures/validation_") for link in links.values())
    first = (tmp_path / "figures" / files[0]).read_text()
    write_figures(validation, tmp_path / "figures")
    assert (tmp_path / "figures" / files[0]).read_text() == first


# ------------------------------------------------------------ the command
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--replications", "3"], "--replications 3"),
        (["--pattern", "P9z"], "no such pattern"),
        (["--out", "validation.txt"], "ending in .md"),
        (["--scheduler", "not an address", "--pattern", "P1a"], "scheduler"),
    ],
)
def test_validate_refuses_bad_input_with_status_2(capsys, argv, message):
    code, _, err = run_cli(capsys, "validate", *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_validate_writes_the_report_and_prints_json(capsys, tmp_path):
    out = tmp_path / "docs" / "validation.md"
    argv = "validate -n 12 --pattern P1a --no-knockouts --workers 1 --json --out".split()
    code, stdout, _ = run_cli(capsys, *argv, str(out))
    assert code == 0
    data = json.loads(stdout)
    assert [p["id"] for p in data["patterns"]] == ["P1a"]
    assert data["patterns"][0]["uncertain"] is not None
    assert out.is_file() and (tmp_path / "docs" / "figures" / "validation_running_share.html").is_file()
    text = out.read_text()
    assert "`--replications 12 --no-knockouts --pattern P1a`" in text


# ------------------------------------------------------------ without a posterior, the report is as it was
TABLE_HEADER = (
    "| id | pattern (our words) | source | metric | matched counterfactual | scenarios (runs each) | criterion "
    "| fixed parameters: figure [95% CI] | holds? | with parameter uncertainty: figure [95% CI] | holds? |"
)
COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "validation.md"


def test_without_a_posterior_the_report_has_two_figure_columns_and_no_posterior_text():
    v = run_validation([pattern("P1a")], replications=10, seed=3, uncertainty=False, knockouts=False)
    md = render(v)
    lines = md.splitlines()
    assert "posterior" not in md.lower()
    assert TABLE_HEADER in lines and "|---|---|---|---|---|---|---|---|---|---|---|" in lines
    row = next(line for line in lines if line.startswith("| **P1a**"))
    assert row.endswith(" | – | – |")  # --no-uncertainty: the uncertainty column stays, with dashes
    assert (
        "20 runs with fixed parameters and 0 with parameter\nuncertainty, plus the knock-out runs." in md
    )  # P1a: two arms
    assert "**Two columns of figures.** *Fixed parameters*" in md
    fallback = "None: every pattern holds, with fixed parameters and with parameter uncertainty."
    assert failing_lines(v) == [fallback] or all("(fixed parameters)" in line for line in failing_lines(v))
    data = to_json(v)
    assert "posterior" not in data["settings"] and data["patterns"][0]["posterior"] is None
    assert summary_lines(v)[0] == f"{'id':<5} {'fixed parameters':<28} {'':<13} {'with uncertainty':<28} {'':<13}"
    committed = COMMITTED.read_text(encoding="utf-8")
    if "calibrated posterior" not in committed:  # the published report was made without --posterior
        assert TABLE_HEADER in committed.splitlines()
        two_columns = md[md.index("**Two columns of figures.**") : md.index("For a single service")]
        assert two_columns in committed


def test_a_failing_pattern_is_listed_with_what_its_knock_outs_say_about_why():
    from journeysim.validation.knockouts import KNOCKOUTS
    from journeysim.validation.runner import PatternResult, Validation

    p9a = pattern("P9a")
    failing = Estimate(0.02, -0.01, 0.05, 400)
    inconclusive = Estimate(0.12, 0.09, 0.15, 400)
    v = Validation([PatternResult(p9a, 400, failing, FAILS, inconclusive, INCONCLUSIVE)], [], seed=1, fixed_runs=None)
    fixed_line, uncertain_line = failing_lines(v)
    reading = next(k for k in KNOCKOUTS if "P9a" in k.patterns and k.reading)
    assert fixed_line.startswith("- **P9a** (fixed parameters): fails; figure +0.020 [-0.010, +0.050]")
    assert fixed_line.endswith(f"Why, from knock-out {reading.id}: {reading.reading}.")
    assert "Why" not in uncertain_line  # an inconclusive figure is a matter of runs, not of mechanism
