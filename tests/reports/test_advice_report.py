"""The advice report: one offline file with the forecast, the ranking, what to watch for and the manifest."""

from __future__ import annotations

import re

import pytest

import journeysim
from journeysim.reports.advice import options_table


@pytest.fixture(scope="module")
def advice():
    return journeysim.advise(
        "lone_champion", strategies=["succession_planning", "gold_standard"], replications=8, bootstrap=100
    )


def test_the_report_is_one_file_with_every_section(advice, tmp_path) -> None:
    html = advice.write_report(tmp_path / "a" / "advice.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id='s\d+'>(.*?)</h2>", html)
    assert headings == [
        "Forecast for the service as it is",
        "Which strategies would help most",
        "What to watch for",
        "How this was made",
    ]
    best = " + ".join(advice.summary["options"][0]["strategies"])
    assert f"Best: {best}, " in html
    assert "The 3 best options&#x27; effects" in html
    assert "<script" in html and " src=" not in html.split("<body>")[1]  # plotly inlined: it opens offline


def test_the_table_says_plainly_which_options_cannot_be_told_from_none(advice) -> None:
    table = options_table(advice.summary)
    assert list(table["rank"]) == [1, 2, 3]
    told = [o["effect"]["ci_excludes_zero"] for o in advice.summary["options"]]
    expected = ["yes" if t else "no: cannot be told from no change at this number of worlds" for t in told]
    assert table["can it be told from no change?"].tolist() == expected
