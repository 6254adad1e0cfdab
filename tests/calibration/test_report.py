"""The calibration page: rendered from a tiny hand-made calibration folder, with every section and figure."""

import json

import numpy as np
import pandas as pd
import pytest

from journeysim.calibration.headlines import NATIONAL_DIFFERENCES, NATIONAL_METRICS, comparison_lines
from journeysim.calibration.posterior_checks import load_calibration
from journeysim.calibration.report import SECTIONS, build_report, calibrate_command, render_page, write_page
from journeysim.errors import InputError
from journeysim.fingerprint import code_fingerprint

A, B = "champion_arrival_annual", "courses_per_teacher_year"
TARGETS = """
[not_running_2013]
figure = 0.6
uncertainty = { kind = "sd", value = 0.1, why = "synthetic" }
year = 2013
population = "synthetic services"
source = "Nobody (2024). A synthetic survey."
output = "share_not_running"
mapping = "itself"

[nobody_trained_2013]
figure = 0.7
uncertainty = { kind = "interval", low = 0.5, high = 0.9, why = "synthetic" }
year = 2013
nation = "england"
population = "synthetic services"
source = "Nobody (2025). A synthetic census."
output = "share_no_teacher"
mapping = "itself"
"""
HOWTO = "# Calibration: a test page\n\nHow to calibrate, by hand.\n"
MADE_WITH = "abcdef123456"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A calibration folder as `journeysim calibrate` writes it: six particles, two generations, 10 services."""
    root = tmp_path_factory.mktemp("cal")
    targets = root / "targets.toml"
    targets.write_text(TARGETS, encoding="utf-8")
    post = pd.DataFrame(
        {
            A: [0.01, 0.02, 0.025, 0.03, 0.04, 0.05],
            B: [3.5, 3.0, 2.8, 2.5, 2.0, 1.5],
            "weight": [0.1, 0.2, 0.3, 0.2, 0.1, 0.1],
        }
    )
    post.to_parquet(root / "posterior.parquet", index=False)
    dist = pd.concat(
        [post.assign(generation=g, particle=range(6), distance=np.linspace(1, 6, 6) / (g + 1)) for g in (0, 1)]
    )[["generation", "particle", "distance", "weight", A, B]]
    dist.to_parquet(root / "distances.parquet", index=False)
    from journeysim.calibration.targets import load_targets

    settings = {"population_size": 6, "generations": 2, "services": 10, "seed": 7, "scenario": "uk_services"}
    manifest = {
        "kind": "journeysim-posterior",
        "format": 1,
        "parameters": [A, B],
        "targets": str(targets),
        "targets_sha256": load_targets(targets).sha256,
        "code_fingerprint": MADE_WITH,
        "journeysim_version": "test",
        "seed": 7,
        "settings": {**settings, "parameters": [A, B], "batch": 1},
        "generations": 2,
        "particles": 6,
        "epsilons": [float("inf"), 3.5],
        "evaluations": 17,
    }
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(folder, tmp_path_factory):
    figures = tmp_path_factory.mktemp("docs") / "figures"
    return build_report(folder, figures, draws=2, defaults=1, seed=0)


def national(posterior_diff: float, posterior_low: float) -> dict:
    """A hand-made pair of national comparison summaries (declared ranges, posterior)."""

    def summary(value, diff, low):
        one = {"share_embedded_final": {"value": value, "ci_low": value - 0.02, "ci_high": value + 0.02}}
        return {
            "scenarios": {"no policy": one, "support": one},
            "differences": [
                {
                    "metric": "share_embedded_final",
                    "label": "services embedded at the end",
                    "a": "no policy",
                    "b": "support",
                    "diff": diff,
                    "ci_low": low,
                    "ci_high": diff + 0.03,
                    "ci_excludes_zero": low > 0,
                    "kind": "share",
                }
            ],
        }

    return {
        "labels": {"no policy": "uk_services", "support": "uk_services+national_support"},
        "replications": 3,
        "seed": 0,
        "uncertain": summary(0.10, 0.05, 0.02),
        "posterior": summary(0.30, posterior_diff, posterior_low),
    }


def test_the_page_has_every_section_the_fingerprints_and_the_figures(report, folder, tmp_path):
    report.command = "python experiments/calibration.py --calibration X"
    page = write_page(report, HOWTO, tmp_path / "docs" / "calibration.md")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Calibration: a test page\n")
    assert "How to calibrate, by hand." in text  # the how-to text, verbatim
    for heading in SECTIONS:
        assert f"\n{heading}\n" in text
    assert code_fingerprint() in text and MADE_WITH in text and "**different**" in text
    assert calibrate_command(report.calibration) in text and "--populations 6 --generations 2 --services 10" in text
    assert "Nobody (2024). A synthetic survey." in text and "(95% interval 0.5–0.9, sd 0.102)" in text
    assert "`--skip-headlines`" in text  # no headlines given
    for key in ("marginals", "pairs", "predictive", "distances"):
        png = report.figures[key]
        assert png.name == f"calibration_{key}.png" and png.read_bytes()[:4] == b"\x89PNG"
        link = text.split(f"/calibration_{key}.png)")[0].rsplit("](", 1)[1] + f"/calibration_{key}.png"
        assert (page.parent / link).resolve() == png.resolve()  # linked relative to the page
    # the table: both parameters with their declared ranges and weighted medians
    assert f"| `{A}` | 0.005–0.08 |" in text and "**0.026**" in text


def test_the_report_holds_the_numbers_the_page_shows(report):
    s = report.summary
    # weight midpoints 0.45 (0.025) and 0.7 (0.03): the median interpolates a fifth of the way
    assert s.loc[A, "median"] == pytest.approx(0.026)
    assert s.loc[A, "identified"] and s.loc[B, "identified"]  # six particles in a narrow band of each range
    c = report.correlations
    assert c.loc[0, "r"] < -0.9  # more champions fit with fewer courses per teacher, by construction
    assert report.runs["source"].value_counts().to_dict() == {"posterior": 2, "prior": 2, "default": 1}
    assert list(report.predictive.index) == ["not_running_2013", "nobody_trained_2013"]


def test_headline_conclusions_that_change_are_named():
    same = "\n".join(comparison_lines(national(0.06, 0.01), NATIONAL_METRICS, NATIONAL_DIFFERENCES))
    assert "Conclusions that change" not in same and "**moved**" in same  # 10% -> 30%: the intervals separate
    changed = "\n".join(comparison_lines(national(0.01, -0.02), NATIONAL_METRICS, NATIONAL_DIFFERENCES))
    assert "**Conclusions that change against the declared ranges**" in changed
    assert "higher under the declared ranges" in changed
    assert "no clear difference under the posterior" in changed and "+5.0 pts (+2.0 pts to +8.0 pts) *" in changed


def test_with_a_run_at_the_defaults_the_calibration_alone_is_compared_like_for_like():
    block = {**national(0.06, 0.01), "defaults": national(0.01, -0.02)["posterior"]}
    text = "\n".join(comparison_lines(block, NATIONAL_METRICS, NATIONAL_DIFFERENCES))
    header = next(line for line in text.splitlines() if line.startswith("| scenario | outcome |"))
    assert header.startswith("| scenario | outcome | defaults | declared ranges")
    # ranges -> posterior: the same verdict; defaults -> posterior: no clear difference becomes higher
    assert "**Conclusions that change against the defaults**" in text
    assert "no clear difference at the defaults, higher under the posterior" in text
    assert "**Conclusions that change against the declared ranges**" not in text


def test_the_headline_section_renders_from_summaries(report, tmp_path):
    report.headlines = {"national": national(0.01, -0.02), "seconds": 12.0}
    text = render_page(report, HOWTO, tmp_path / "calibration.md")
    assert "### National policy" in text and "**3 paired replications**" in text and "12 s" in text
    report.headlines = None


def test_a_folder_whose_targets_file_is_gone_is_refused_with_its_name(folder, tmp_path):
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("posterior.parquet", "manifest.json"):
        (moved / name).write_bytes((folder / name).read_bytes())
    manifest = json.loads((moved / "manifest.json").read_text())
    (moved / "manifest.json").write_text(json.dumps({**manifest, "targets": str(tmp_path / "gone.toml")}))
    with pytest.raises(InputError, match=r"gone\.toml"):
        load_calibration(moved)
    cal = load_calibration(moved, targets=folder / "targets.toml")  # given explicitly
    assert cal.distances is None and cal.wall_seconds is None and not cal.targets_changed


def test_an_interval_target_missed_by_its_figure_says_whether_its_own_interval_holds_the_median(report, tmp_path):
    from dataclasses import replace

    from journeysim.calibration.posterior_checks import POSTERIOR_DRAWS

    p = report.predictive.copy()
    p.loc[:, "inside"] = False
    p.loc["nobody_trained_2013", f"{POSTERIOR_DRAWS}_median"] = 0.83  # above the figure 0.7, inside 0.5-0.9
    p.loc["not_running_2013", f"{POSTERIOR_DRAWS}_median"] = 0.95  # an sd-type figure: no such sentence
    text = render_page(replace(report, predictive=p), HOWTO, tmp_path / "calibration.md")
    assert "`nobody_trained_2013`'s posterior predictive median (0.83) lies inside its own stated 95% interval" in text
    assert "(0.5–0.9), widened on the side its known bias allows" in text
    assert "`not_running_2013`'s posterior predictive median" not in text
    p.loc["nobody_trained_2013", f"{POSTERIOR_DRAWS}_median"] = 0.95  # outside its own interval: said nowhere
    text = render_page(replace(report, predictive=p), HOWTO, tmp_path / "calibration.md")
    assert "`nobody_trained_2013`'s posterior predictive median" not in text


def test_the_leave_one_out_table_sits_under_the_predictive_checks(report, tmp_path):
    from dataclasses import replace

    loo = ["### Leave-one-out checks of the calibration", "", "| left out | predicted |", "|---|---|", "| x | no |"]
    text = render_page(replace(report, loo=loo), HOWTO, tmp_path / "calibration.md")
    predictive, headlines = text.index("## Results: posterior predictive checks"), text.index(SECTIONS[-1])
    assert predictive < text.index("### Leave-one-out checks of the calibration") < headlines
    assert "| x | no |" in text
