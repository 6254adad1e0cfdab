"""The sweep report of a population sweep in shared futures: outcomes by policy, and robustness across futures."""

from __future__ import annotations

import re

import pandas as pd

from journeysim.reports import write_sweep_report

EXPERIMENT = {
    "name": "futures",
    "uncertain": True,
    "replications": 4,
    "vary": {"policy_training_places": {"kind": "int", "values": [0, 300]}},
}


def population_runs() -> pd.DataFrame:
    """Two policies in four futures; a drawn parameter varies too, but it is not a lever."""
    shares = {0: [0.2, 0.5, 0.9, 0.4], 300: [0.4, 0.45, 0.6, 0.5]}
    rows = []
    for places, values in shares.items():
        for future, share in enumerate(values):
            rows.append(
                {
                    "run_id": f"{places}-{future}",
                    "status": "ok",
                    "replication": future,
                    "scenario": "uk_services",
                    "param.policy_training_places": places,
                    "param.champion_arrival_annual": 0.01 * (future + 1),
                    "share_running_final": share,
                    "share_embedded_final": share / 4,
                    "share_fragile_or_better_final": share / 2,
                    "participants_per_100k_year": 10 * share,
                }
            )
    return pd.DataFrame(rows)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_population_sweep_report_compares_policies_future_by_future(tmp_path):
    html = write_sweep_report(tmp_path / "futures.html", population_runs(), EXPERIMENT, {}).read_text()
    text = text_of(html)
    assert "Outcomes by policy" in text and "Robustness across futures" in text
    assert "services running courses at the end" in text  # declared labels, not column names
    # training places 300: regrets 0, 0.05, 0.30, 0 -> largest 30.0 pts, mean 8.8 pts; best in 2 of 4 futures
    assert "training places 300 4 48.8% 40.8% to 58.5% 8.8 pts 30.0 pts 50% of futures" in text
    # training places 0: regrets 0.2, 0, 0, 0.1 -> largest 20.0 pts: the more robust one, listed first
    first = text.index("training places 0 4 50.0%")
    assert first < text.index("training places 300 4 48.8%")
    assert "champion arrival" not in text.split("Robustness across futures")[1].split("Appendix")[0]


def test_no_robustness_section_without_shared_futures(tmp_path):
    fixed = EXPERIMENT | {"uncertain": False}
    html = write_sweep_report(tmp_path / "fixed.html", population_runs(), fixed, {}).read_text()
    assert "Outcomes by policy" in html and "Robustness across futures" not in html


def test_a_single_service_sweep_in_shared_futures_gets_robustness_too(sweep_data: dict, tmp_path):
    d = sweep_data  # 4 points x 3 replications of one service; replication i shares its seeds at every point
    experiment = d["experiment"] | {"uncertain": True, "vary": {"pressure": {}, "budget_health": {}}}
    html = write_sweep_report(tmp_path / "s.html", d["runs"], experiment, d["manifest"]).read_text()
    text = text_of(html)
    section = text.split("Robustness across futures")[2].split("Appendix")[0]
    assert "Running at the horizon" in section and "People reached" in section
    assert "pressure 0.3 · budget health 0.4 3" in section  # each policy over the 3 futures
