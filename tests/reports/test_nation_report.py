"""Reports of population runs: one run (``nation --report``) and a comparison of population scenarios."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journeysim.analysis.nation import NATION_METRICS, summarize_nations
from journeysim.batch.runs import RunSpec, run_spec
from journeysim.cli import main
from journeysim.library import load_scenario
from journeysim.outcomes.formats import percent
from journeysim.reports import write_nation_compare_report, write_nation_report
from journeysim.reports.nation import accounts_table
from journeysim.runs import NationResult, run_nation

EXTERNAL = re.compile(r"<(?:script|link|img|iframe)[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)
SMALL = """
extends = "uk_services"
name = "small_<i>uk</i>"
description = "A <b>small</b> population & its services"

[population.nations.england]
services = 16
[population.nations.scotland]
services = 4
[population.nations.wales]
services = 3
[population.nations.northern_ireland]
services = 2
"""
POLICY = {"years": 10, "policy_training_places": 100, "policy_start_year": 2008}


def _figures(html: str) -> int:
    return len(re.findall(r"<div id=\"figure-\d+\" class=\"plotly-graph-div\"", html))


def _row(label: str, value: str) -> str:
    """A two-cell table row as the document builder writes it."""
    return f"<tr><td>{label}</td><td>{value}</td></tr>"


@pytest.fixture(scope="module")
def result() -> NationResult:
    return run_nation(load_scenario("uk_services", sets=POLICY), 0)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenarios") / "small.toml"
    path.write_text(SMALL)
    return path


@pytest.fixture(scope="module")
def compare_data(small: Path) -> dict[str, Any]:
    """Two small population scenarios, three paired replications each, summarised as ``compare`` does."""
    scenarios = [
        load_scenario(small, sets={"years": 10}),
        load_scenario(small, sets={"years": 10}, strategies=("training_investment",)),
    ]
    rows = [run_spec(RunSpec(s, rep, 5)) for s in scenarios for rep in range(3)]
    runs = pd.DataFrame(rows)
    labels = [s.name for s in scenarios]
    comparison = summarize_nations(runs, order=labels, n_resamples=200, seed=5)
    manifest = {
        "command": "compare",
        "seed": 5,
        "replications": 3,
        "scenarios": {s.name: {"hash": s.hash, "source": s.source, "definition": s.to_dict()} for s in scenarios},
    }
    return {"comparison": {"seed": 5, "replications": 3, **comparison}, "runs": runs, "manifest": manifest}


# --------------------------------------------------------------- one population run
def test_nation_report_is_one_offline_file_with_every_section(result: NationResult, tmp_path: Path) -> None:
    path = write_nation_report(tmp_path / "out" / "nation.html", result)
    html = path.read_text()
    assert path == tmp_path / "out" / "nation.html" and not list(path.parent.glob(".*.tmp"))
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js is inlined
    assert '<script src="http' not in html and not EXTERNAL.search(html)
    for heading in (
        "Headline numbers",
        "Levels over time",
        "The nations side by side",
        "Inequality of access",
        "Every service, year by year",
        "Yearly accounts, all services",
        "National history and policy",
        "Appendix A: scenarios",
        "Appendix B: parameters",
        "Appendix C: run manifest",
        "Appendix D: the population",
    ):
        assert f">{heading}</h2>" in html
    # level shares for all services and the four nations, five nations figures (three, need met, fill),
    # Lorenz, heatmap
    assert _figures(html) == 1 + 4 + 5 + 1 + 1
    assert "journeysim population run: uk_services" in html


def test_nation_report_prints_the_runs_numbers(result: NationResult, tmp_path: Path) -> None:
    html = write_nation_report(tmp_path / "nation.html", result).read_text()
    o = result.outcomes
    assert result.manifest["scenario_hash"] in html
    assert f"scenario hash {result.manifest['scenario_hash']}" in html  # in the subtitle, not only the manifest
    final = o["final_year"]
    assert _row(f"services embedded at the end of {final}", f"{100 * o['share_embedded_final']:.1f}%") in html
    assert _row(f"services with nobody trained at the end of {final}", percent(o["share_no_teacher_final"])) in html
    assert _row(f"inequality of access at the end of {final} (Gini)", f"{o['gini_final']:.2f}") in html
    assert _row("people reached", f"{o['participants_total']:,}") in html
    assert _row("spending on MBCT", f"£{o['spend_total']:,.0f}") in html
    assert o["policy_money_total"] > 0  # the training-places lever spent money...
    assert _row("national policy money (GBP)", f"£{o['policy_money_total']:,.0f}") in html  # ...and the report says so
    assert _row("cost per participant (GBP)", f"£{o['cost_per_participant']:,.0f}") in html
    assert _row("share of need met", percent(o["need_met_share"], 2)) in html
    # the national timeline lists every event, policy actions marked as such
    policy = [e for e in result.events if e["category"] == "policy"]
    assert len(policy) >= 5 and html.count("national training places (policy)") == len(policy)
    assert html.count("<ul class='timeline'><li") == 1 and html.count("<li class='up'>") >= len(policy)


def test_accounts_table_shows_every_fifth_year_and_the_last(result: NationResult) -> None:
    table = accounts_table(result.yearly)
    assert list(table.columns) == ["", "2004", "2009", "2013"]
    uk = result.yearly[result.yearly["nation"] == "uk"].set_index("year")
    rows = table.set_index("")
    assert rows.at["embedded", "2013"] == percent(uk.at[2013, "share_embedded"])
    assert rows.at["courses started", "2009"] == f"{uk.at[2009, 'courses']:,}"
    assert rows.at["policy money", "2004"] == "£0"  # the lever starts in 2008
    assert rows.at["policy money", "2009"] == f"£{uk.at[2009, 'policy_money']:,.0f}"


def test_nation_report_escapes_the_scenarios_text(small: Path, tmp_path: Path) -> None:
    scenario = load_scenario(small, sets={"years": 10})
    html = write_nation_report(tmp_path / "small.html", run_nation(scenario, 1)).read_text()
    assert "<b>small</b>" not in html and "<i>uk</i>" not in html
    assert "A &lt;b&gt;small&lt;/b&gt; population &amp; its services" in html
    assert "journeysim population run: small_&lt;i&gt;uk&lt;/i&gt;" in html
    assert scenario.hash in html
    assert _row("services", "25") in html


def test_nation_report_handles_a_run_that_reached_nobody(small: Path, tmp_path: Path) -> None:
    """One year of a small population (seed 1) reaches nobody: no Gini, no cost per participant, one year."""
    result = run_nation(load_scenario(small, sets={"years": 10}), 1, months=12)
    assert result.outcomes["participants_total"] == 0 and result.lorenz["y"][-1] is None
    html = write_nation_report(tmp_path / "one_year.html", result).read_text()
    assert _row("cost per participant (GBP)", "—") in html
    assert _row("inequality of access at the end of 2004 (Gini)", "—") in html
    assert "Gini not defined: nobody was reached" in html
    assert _figures(html) == 12


def test_nation_cli_writes_the_report(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli" / "n.html"
    assert main(["nation", str(small), "--years", "10", "--report", str(target)]) == 0
    assert f"wrote report: {target}" in capsys.readouterr().out
    assert load_scenario(small, sets={"years": 10}).hash in target.read_text()


# --------------------------------------------------------------- comparison of population scenarios
def test_nation_compare_report_tables_bars_and_appendix(compare_data: dict[str, Any], tmp_path: Path) -> None:
    c = compare_data["comparison"]
    path = write_nation_compare_report(
        tmp_path / "c" / "compare.html", c, compare_data["runs"], compare_data["manifest"]
    )
    html = path.read_text()
    assert not list(path.parent.glob(".*.tmp")) and not EXTERNAL.search(html) and '<script src="http' not in html
    for heading in (
        "National outcomes",
        "Paired differences",
        "Outcomes per scenario",
        "Outcomes by nation",
        "Appendix A: scenarios",
        "Appendix B: parameters",
        "Appendix C: run manifest",
    ):
        assert f">{heading}</h2>" in html
    assert _figures(html) == len(NATION_METRICS) + 1  # one bar chart per metric, and cost per participant
    a, b = c["order"]
    # escaped names, never markup
    assert "<i>uk</i>" not in html and "small_&lt;i&gt;uk&lt;/i&gt;+training_investment" in html
    # means with intervals, as the comparison computed them
    s = c["scenarios"][a]["share_running_final"]
    assert f"{percent(s['value'])} [{percent(s['ci_low'])} to {percent(s['ci_high'])}]" in html
    people = c["scenarios"][b]["participants_total"]
    assert f"{people['value']:,.0f} [{people['ci_low']:,.0f} to {people['ci_high']:,.0f}]" in html
    # paired differences, b minus a, in percentage points for shares
    d = next(d for d in c["differences"] if d["metric"] == "share_no_teacher_final")
    assert d["a"] == a and d["b"] == b
    assert f"{100 * d['diff']:+.1f} pts" in html
    assert html.count("<tr class='differs'>") >= sum(x["ci_excludes_zero"] for x in c["differences"])
    for h in (m["hash"] for m in compare_data["manifest"]["scenarios"].values()):
        assert h in html


def test_nation_compare_report_lists_failed_runs(compare_data: dict[str, Any], tmp_path: Path) -> None:
    runs = compare_data["runs"]
    failed = runs.iloc[[0]].assign(status="error", error="boom <script>alert(1)</script>", replication=9)
    all_runs = pd.concat([runs, failed], ignore_index=True)
    comparison = summarize_nations(all_runs, order=compare_data["comparison"]["order"], n_resamples=200)
    html = write_nation_compare_report(tmp_path / "f.html", comparison, all_runs, compare_data["manifest"]).read_text()
    assert ">Failed runs</h2>" in html and "boom &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "3 (1)" in html  # runs (failed) of the first scenario
