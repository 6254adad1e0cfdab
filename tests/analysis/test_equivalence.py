"""Two-sample tests of every outcome between two versions of the model, with Holm's correction and power."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from journeysim.analysis.equivalence import compare_samples, holm, ks_power, share_power, with_holm

EXPERIMENTS = Path(__file__).resolve().parents[2] / "experiments"


def test_holm_multiplies_by_the_tests_left_and_never_falls() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([0.3, 0.3]) == [0.6, 0.6] and holm([0.9, 0.8]) == [1.0, 1.0]


def test_power_for_a_share_follows_the_normal_approximation() -> None:
    # 0.1 sd with 2,000 runs a side: z = 0.1 * sqrt(1000) = 3.162, power = Phi(3.162 - 1.960) = 0.885.
    assert share_power(2000, 2000, 0.3, 0.1, 0.05) == pytest.approx(0.8854, abs=1e-3)
    assert share_power(2000, 2000, 0.0, 0.1, 0.05) == 0.0  # a share that never varies cannot shift by sds


def test_ks_power_grows_with_the_runs_and_the_shift() -> None:
    small, large = ks_power(50, 50, 0.1, 0.05, 200, 1), ks_power(2000, 2000, 0.1, 0.05, 200, 1)
    assert small < 0.15 < 0.5 < large < 0.9  # KS is less efficient than a t-test (0.885 here)
    assert ks_power(200, 200, 0.5, 0.05, 200, 1) > 0.95


def test_a_real_shift_is_found_and_equal_samples_are_not() -> None:
    rng = np.random.default_rng(0)
    a = [{"x": float(v), "yes": bool(v > 0), "n": 3} for v in rng.standard_normal(400)]
    b = [{"x": float(v) + 0.5, "yes": bool(v > -0.5), "n": 3} for v in rng.standard_normal(400)]
    found = {c.outcome: c for c in with_holm(compare_samples("demo", a, b, 0.1, 0.05, 50))}
    assert found["x"].test == "ks" and found["x"].p_holm < 1e-6
    assert found["yes"].test == "fisher" and found["yes"].p_holm < 1e-6
    assert found["n"].test == "constant" and found["n"].identical == 1.0
    never = [{"yes": False}] * 50  # a sample with no yes: Fisher's p stands, the odds ratio stays finite
    (c,) = compare_samples("demo", never, [{"yes": True}] * 10 + never[:40], 0.1, 0.05, 50)
    assert c.test == "fisher" and c.p < 0.01
    assert c.statistic == pytest.approx((0.5 * 40.5) / (50.5 * 10.5))
    same = {c.outcome: c for c in compare_samples("demo", a, a, 0.1, 0.05, 50)}
    assert same["x"].p == 1.0 and same["x"].identical == 1.0 and same["yes"].p == 1.0


def equivalence(tmp_path: Path, reference: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The equivalence experiment, small: this checkout against ``reference``."""
    args = ["--reference", str(reference), "--workers", "2", "--simulations", "20", "--figures", str(tmp_path), *extra]
    return subprocess.run(
        [sys.executable, str(EXPERIMENTS / "equivalence.py"), *args], capture_output=True, text=True, timeout=900
    )


@pytest.mark.statistical
def test_the_same_code_gives_equal_runs_and_no_difference(tmp_path) -> None:
    done = equivalence(
        tmp_path, EXPERIMENTS.parent, "--replications", "20", "--nation-runs", "2", "--scenarios", "lone_champion"
    )
    assert done.returncode == 0, done.stderr
    assert " 0 differ at a family-wise 5% (Holm)" in done.stdout
    assert "Paired runs equal in every outcome: 100% at least" in done.stdout
    assert (tmp_path / "equivalence.md").exists() and (tmp_path / "equivalence.json").exists()


@pytest.mark.statistical
def test_a_version_that_moves_the_numbers_is_found(tmp_path) -> None:
    """A reference whose lone champion works under much more pressure: paired runs differ and the tests say so."""
    root, reference = EXPERIMENTS.parent, tmp_path / "reference"
    for part in ("journeysim", "scenarios"):
        shutil.copytree(root / part, reference / part, ignore=shutil.ignore_patterns("__pycache__"))
    scenario = reference / "scenarios" / "lone_champion.toml"
    text = scenario.read_text()
    assert "pressure = 0.5\n" in text
    scenario.write_text(text.replace("pressure = 0.5\n", "pressure = 0.95\n"))
    done = equivalence(tmp_path / "figures", reference, "--replications", "150", "--nation-runs", "0",
                       "--scenarios", "lone_champion")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " 0 differ at a family-wise" not in done.stdout
    comparisons = json.loads((tmp_path / "figures" / "equivalence.json").read_text())["comparisons"]
    assert min(c["identical"] for c in comparisons) < 0.5
    assert min(c["p_holm"] for c in comparisons) < 0.05


def test_a_folder_without_the_package_is_refused_in_one_line(tmp_path) -> None:
    done = equivalence(tmp_path, tmp_path, "--replications", "1", "--nation-runs", "0")
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no journeysim package in that folder" in done.stderr
