"""Every results folder works the same way: Parquet tables with conventional names, lists as lists, no
null-typed column, R-typeable column names, readable by ``query`` and the Python readers or refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.store import query, read_runs, read_table
from journeysim.cli import main

# Outside the ``param.``/``x.`` namespaces every column is snake_case; those keep a dot, which R accepts
# in a syntactic name (``param.pressure``); see docs/experiments.md, "One convention for every folder".
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
NAMESPACED = re.compile(r"^(param|x)\.[a-z][a-z0-9_.]*$")


def check_tables(folder: Path, names: set[str]) -> dict[str, pa.Schema]:
    """The folder's tables are exactly ``names`` as Parquet, typed, with R-typeable column names."""
    found = {p.stem for p in folder.glob("*.parquet")}
    assert found == names
    assert not list(folder.glob("*.csv"))
    schemas = {}
    for name in names:
        schema = pq.read_schema(folder / f"{name}.parquet")
        nulls = [f.name for f in schema if pa.types.is_null(f.type) or "null" in str(f.type)]
        assert not nulls, f"{name}: null-typed columns {nulls}"
        bad = [f.name for f in schema if not (SNAKE.match(f.name) or NAMESPACED.match(f.name))]
        assert not bad, f"{name}: column names {bad}"
        schemas[name] = schema
    return schemas


def count(folder: Path, table: str) -> int:
    return int(query(folder, f"SELECT count(*) AS n FROM {table}")["n"].iloc[0])


def test_run_out_writes_parquet_tables_that_query_reads(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "run"
    assert main(["run", "trainer_demo", "--years", "10", "--out", str(out)]) == 0
    schemas = check_tables(out, {"runs", "series", "events"})
    assert schemas["events"].field("causes").type == pa.list_(pa.string())
    assert json.loads((out / "manifest.json").read_text())["kind"] == "run"
    assert count(out, "runs") == 1 and count(out, "series") == 120
    runs = read_runs(out)
    assert runs["scenario"].tolist() == ["trainer_demo"] and "final_level" in runs
    events = read_table(out, "events")
    assert next(iter(events["causes"].iloc[0])).startswith("fit: ")
    assert "champion_leaves" in set(events["kind"])


def test_run_out_in_csv_keeps_names_and_lists(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "run"
    assert main(["run", "lone_champion", "--years", "10", "--out", str(out), "--format", "csv"]) == 0
    assert {p.name for p in out.iterdir()} == {"runs.csv", "series.csv", "events.csv", "manifest.json"}
    raw = pd.read_csv(out / "events.csv")
    assert isinstance(json.loads(raw["causes"].iloc[0]), list)  # a JSON array, not a Python repr
    typed = query(out, "SELECT typeof(causes) AS t FROM events LIMIT 1")["t"].iloc[0]
    assert typed == "VARCHAR[]"
    assert len(read_runs(out)) == 1 and count(out, "series") == 120


def test_a_run_folder_written_before_parquet_is_still_read(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    pd.DataFrame({"month": [0], "level_code": [0]}).to_csv(old / "series.csv", index=False)
    pd.DataFrame({"month": [0], "kind": ["journey_starts"], "causes": ["['fit: starting out', 'x']"]}).to_csv(
        old / "events.csv", index=False
    )
    (old / "manifest.json").write_text(json.dumps({"scenario": "lone_champion", "seed": 0}))
    causes = query(old, "SELECT causes FROM events")["causes"].iloc[0]
    assert list(causes) == ["fit: starting out", "x"]
    with pytest.raises(BatchInputError, match=r"no runs table.*series, events"):
        read_runs(old)


def test_compare_out_is_queried_like_a_sweep(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cmp"
    args = ["compare", "lone_champion", "lone_champion_succession", "-n", "3", "--years", "10", "--out", str(out)]
    assert main([*args, "--bootstrap", "100", "--no-progress"]) == 0
    check_tables(out, {"runs"})
    assert (out / "comparison.json").is_file()
    assert count(out, "runs") == 6
    assert sorted(read_runs(out)["scenario"].unique()) == ["lone_champion", "lone_champion_succession"]


def test_compare_out_in_csv(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cmp"
    args = ["compare", "lone_champion", "-n", "2", "--years", "10", "--out", str(out), "--format", "csv"]
    assert main([*args, "--bootstrap", "100", "--no-progress"]) == 0
    assert (out / "runs.csv").is_file() and not (out / "runs.parquet").exists()
    assert count(out, "runs") == 2


def test_nation_out_writes_the_national_tables(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "uk"
    assert main(["nation", "uk_services", "--single", "--years", "10", "--out", str(out)]) == 0
    schemas = check_tables(out, {"runs", "yearly", "services", "service_years", "events"})
    assert schemas["events"].field("causes").type == pa.list_(pa.string())
    assert count(out, "runs") == 1 and count(out, "services") == 196
    years = query(out, "SELECT DISTINCT year FROM yearly WHERE nation = 'uk' ORDER BY 1")["year"].tolist()
    assert years == list(range(2004, 2014))
    assert "share_embedded_final" in read_runs(out)


SWEEP = """name = "tiny"
scenario = "lone_champion"
replications = 2
[set]
years = 10
[design]
method = "grid"
[vary.pressure]
values = [0.3, 0.5, 0.7]
[vary.succession_planning]
[output]
keep_series = true
"""

POPULATION_SWEEP = """name = "uk_tiny"
scenario = "uk_services"
replications = 1
[set]
years = 10
[design]
method = "grid"
[vary.policy_training_places]
values = [0]
[output]
keep_series = true
"""


def test_a_tiny_sweep_writes_few_parts_with_typed_columns(tmp_path: Path, write_experiment) -> None:
    from journeysim.batch.experiment import load_experiment
    from journeysim.batch.sweep import run_sweep

    out = tmp_path / "res"
    run_sweep(load_experiment(write_experiment(SWEEP)), out, progress=False)
    parts = sorted((out / "parts").glob("*.parquet"))
    assert 1 < len(parts) <= 6  # 12 runs: not one file per run
    for part in [*parts, *sorted((out / "series").glob("*.parquet")), out / "design.parquet"]:
        schema = pq.read_schema(part)
        assert not [f.name for f in schema if pa.types.is_null(f.type)]
        assert all(SNAKE.match(f.name) or NAMESPACED.match(f.name) for f in schema)
    assert count(out, "runs") == 12 and count(out, "series") == 12 * 120


def test_a_population_sweep_with_series_has_no_null_typed_columns(tmp_path: Path, write_experiment) -> None:
    from journeysim.batch.experiment import load_experiment
    from journeysim.batch.sweep import run_sweep

    out = tmp_path / "res"
    run_sweep(load_experiment(write_experiment(POPULATION_SWEEP)), out, progress=False)
    for part in (out / "series").glob("*.parquet"):
        schema = pq.read_schema(part)
        assert not [f.name for f in schema if pa.types.is_null(f.type)], schema
    assert len(read_runs(out)) == 1
    assert query(out, "SELECT count(*) AS n FROM series")["n"].iloc[0] >= 0


def test_folders_that_are_not_results_are_refused_never_read_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BatchInputError, match="no results yet"):
        read_runs(empty)
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("hello")
    with pytest.raises(BatchInputError, match=r"not a journeysim results folder"):
        read_runs(foreign)
    with pytest.raises(BatchInputError, match="no such results folder"):
        read_runs(tmp_path / "missing")


def test_query_names_the_views_of_a_folder_for_an_unknown_table(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["run", "lone_champion", "--years", "10", "--out", str(out)]) == 0
    with pytest.raises(BatchInputError, match=r"views here: runs, series, events"):
        query(out, "SELECT * FROM yearly")


def test_replicate_takes_scenario_names_and_names_python_arguments() -> None:
    from journeysim.batch import replicate
    from journeysim.library import load_scenario

    runs = replicate(["lone_champion", "lone_champion_succession"], 2)
    assert runs["scenario"].tolist() == ["lone_champion"] * 2 + ["lone_champion_succession"] * 2
    same = replicate([load_scenario("lone_champion"), "lone_champion_succession"], 2)
    pd.testing.assert_frame_equal(runs, same)
    with pytest.raises(BatchInputError, match=r"scenarios\[1\]='no_such_service'"):
        replicate(["lone_champion", "no_such_service"], 2)
    with pytest.raises(BatchInputError, match=r"^replications=0"):
        replicate(["lone_champion"], 0)
    with pytest.raises(BatchInputError, match=r"^seed=-1"):
        replicate(["lone_champion"], 1, seed=-1)
    with pytest.raises(BatchInputError, match=r"scenarios\[0\]=3"):
        replicate([3], 1)
