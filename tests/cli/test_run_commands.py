"""The command line: outputs, files and exit status 2 for bad input."""

import json

import pandas as pd
import pytest

from journeysim.cli import build_parser, main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_has_the_promised_keys(capsys):
    code, out, _ = run_cli(capsys, "run", "lone_champion", "--seed", "3", "--json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "scenario",
        "seed",
        "final_level",
        "months_to_embedded",
        "running_at_end",
        "participants_total",
        "events",
    ):
        assert key in data
    assert data["scenario"] == "lone_champion" and data["seed"] == 3
    assert data["final_level"] in ("absent", "patchy", "fragile", "embedded")
    assert all({"month", "kind", "direction"} <= set(e) for e in data["events"])
    assert data["events"][0]["kind"] == "journey_starts"


def test_run_out_writes_series_events_and_manifest(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "run", "trainer_demo", "--out", str(tmp_path), "--years", "10")
    assert code == 0 and "final level" in out
    series = pd.read_parquet(tmp_path / "series.parquet")
    events = pd.read_parquet(tmp_path / "events.parquet")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(series) == 120
    assert "champion_leaves" in set(events["kind"])
    assert manifest["scenario"] == "trainer_demo" and manifest["seed"] == 0


def test_set_overrides_a_parameter(capsys):
    _, out, _ = run_cli(capsys, "run", "lone_champion", "--set", "years=10", "--json")
    assert json.loads(out)["outcomes"]["months"] == 120


def test_scenarios_lists_every_shipped_scenario(capsys):
    code, out, _ = run_cli(capsys, "scenarios")
    assert code == 0
    for name in (
        "lone_champion",
        "lone_champion_succession",
        "several_implementers",
        "top_down_scotland",
        "mature_embedded",
        "hostile_context",
        "trainer_demo",
    ):
        assert name in out


def test_explain_tells_the_journey(capsys):
    code, out, _ = run_cli(capsys, "explain", "trainer_demo", "--seed", "1")
    assert code == 0
    assert "2015-04" in out and "champion leaves" in out.lower()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "no_such_scenario"], "no such scenario file or shipped scenario"),
        (["run", "lone_champion", "--set", "pressur=0.2"], "Did you mean 'pressure'"),
        (["run", "lone_champion", "--set", "pressure=7"], "outside the declared range"),
        (["run", "lone_champion", "--set", "pressure"], "expected key=value"),
        (["run", "lone_champion+no_strategy"], "is not a strategy"),
        (["explain", "lone_champion", "--set", "nation=mars"], "must be one of"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(capsys, argv, message):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_every_command_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        with pytest.raises(SystemExit) as info:
            main([name, "--help"])
        assert info.value.code == 0
        assert "usage" in capsys.readouterr().out
