"""``journeysim advise``: the text, --json, --report, and one line with exit status 2 for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from journeysim.cli import main

FEW = ["--strategy", "succession_planning", "--strategy", "several_implementers", "-n", "6", "--bootstrap", "100"]


def test_advise_prints_the_forecast_the_ranking_and_what_to_watch_for(capsys, tmp_path):
    report = tmp_path / "advice.html"
    code = main(["advise", "lone_champion", *FEW, "--report", str(report), "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "drawn from the calibrated posterior that ships with journeysim" in out
    assert "90% intervals: Wilson score interval for shares" in out
    for words in ("running at year 10", "embedded at year 5", "months of delivery", "people reached"):
        assert words in out
    ranked = re.findall(r"^\s+(\d)\. (\S.*?)\s{2,}", out, flags=re.MULTILINE)
    assert [r[0] for r in ranked] == ["1", "2", "3"]  # two strategies and their pair
    assert "Watch for" in out or "did the service decline" in out
    html = report.read_text(encoding="utf-8")
    assert "journeysim advice: lone_champion" in html and "What to watch for" in html


def test_advise_json_holds_the_options_best_first(capsys):
    code = main(["advise", "lone_champion", *FEW, "--json", "--fixed", "--no-pairs"])
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and data["drawn_from"] == "fixed"
    effects = [o["effect"]["diff"] for o in data["options"]]
    assert len(effects) == 2 and effects == sorted(effects, reverse=True)
    assert data["manifest"]["command"] == "advise"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["advise", "uk_services"], "describes a population of services"),
        (["advise", "no_such_service"], "no_such_service: no such scenario file"),
        (["advise", "lone_champion", "--strategy", "pilot_renewed"], "--strategy pilot_renewed: is not a strategy"),
        (["advise", "lone_champion", "--top", "-1"], "--top -1"),
        (["advise", "lone_champion", "-n", "0"], "--replications 0"),
        (["advise", "lone_champion", "--report", "advice.txt"], "--report advice.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(capsys, tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and says in err, err
    assert not list(tmp_path.iterdir())  # nothing written


def test_advise_help_imports_no_heavy_library():
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "journeysim", "advise", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {m.split(".")[0] for m in re.findall(r"\|\s+([\w.]+)\s*$", done.stderr, flags=re.MULTILINE)}
    assert "journeysim" in imported
    assert not imported & {"mesa", "pandas", "numpy", "scipy", "plotly", "pyabc", "ema_workbench"}
