"""The reports draw Kaplan-Meier curves with the package's own estimator; the numbers are lifelines' to the digit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journeysim.analysis.survival import kaplan_meier
from journeysim.reports.summaries import km_curve

ROOT = Path(__file__).resolve().parents[2]


def _samples(count: int = 120) -> list[tuple[pd.Series, pd.Series]]:
    rng = np.random.default_rng(7)
    out = []
    for i in range(count):
        n = int(rng.integers(1, 60))
        high = 10 if i % 3 == 0 else 240  # many ties, or spread out like months
        out.append((pd.Series(rng.integers(0, high, n).astype(float)), pd.Series(rng.random(n) < rng.random())))
    return out


def test_no_second_kaplan_meier_in_the_package() -> None:
    hits = [p for p in (ROOT / "journeysim").rglob("*.py") if "from lifelines" in p.read_text(encoding="utf-8")]
    assert hits == []


@pytest.mark.parametrize("complement", [False, True])
def test_report_curves_are_the_analysis_estimator(complement: bool) -> None:
    for d, e in _samples(40):
        c = km_curve(d, e, complement=complement)
        km = kaplan_meier(d.to_numpy(), e.to_numpy())
        s = 1 - km.survival if complement else km.survival
        assert c["t"] == km.times.tolist() and c["s"] == np.round(s, 4).tolist()
        assert c["median"] == (None if not np.isfinite(km.median().value) else km.median().value)


@pytest.mark.parametrize("complement", [False, True])
def test_report_numbers_are_unchanged_from_the_lifelines_version(complement: bool) -> None:
    lifelines = pytest.importorskip("lifelines")
    changed_medians = 0
    for d, e in _samples():
        kmf = lifelines.KaplanMeierFitter().fit(d, event_observed=e, label="x")
        sf, ci = kmf.survival_function_["x"].to_numpy(), kmf.confidence_interval_
        lo, hi = ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy()
        if complement:
            sf, lo, hi = 1 - sf, 1 - hi, 1 - lo
        c = km_curve(d, e, complement=complement)
        assert c["t"] == kmf.survival_function_.index.tolist()
        # Same values to the last bit or two; rounded to 4 decimals, an exact half (0.90625) may round either way.
        same = {"atol": 1.0001e-4, "rtol": 0}
        np.testing.assert_allclose(c["s"], np.round(sf, 4), **same)
        np.testing.assert_allclose(c["lo"], np.round(np.nan_to_num(lo, nan=0.0), 4), **same)
        np.testing.assert_allclose(c["hi"], np.round(np.nan_to_num(hi, nan=1.0), 4), **same)
        assert c["at"] == pytest.approx({y: float(kmf.predict(12 * y)) for y in (2, 5, 10)}, abs=1e-12)
        theirs = None if not np.isfinite(kmf.median_survival_time_) else float(kmf.median_survival_time_)
        if c["median"] != theirs:
            # The one known difference: where the curve is exactly one half, lifelines' floating-point product
            # can land a hair above 0.5 and it skips to the next time; the package's rule takes that time.
            changed_medians += 1
            km = kaplan_meier(d.to_numpy(), e.to_numpy())
            assert km.at(c["median"]) == pytest.approx(0.5, abs=1e-12)
    assert changed_medians <= 20
