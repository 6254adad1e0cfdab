"""`journeysim discover` and `journeysim.discover`: boxes that agree with DuckDB, and bad input refused."""

from __future__ import annotations

import json

import numpy as np
import pytest

import journeysim
from journeysim.batch.files import write_json
from journeysim.batch.parts import STORE_VERSION, write_part
from journeysim.batch.store import query
from journeysim.cli import main
from journeysim.errors import InputError

WHERE = "share_running_final < 1/3"


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    """A sweep's results folder written by the real store: services fail where arrivals are rare and no places."""
    out = tmp_path_factory.mktemp("futures")
    write_json(
        out / "manifest.json",
        {
            "kind": "sweep",
            "store": STORE_VERSION,
            "experiment_hash": "e" * 16,
            "code": "c" * 16,
            "experiment": {"name": "synthetic_futures"},
        },
    )
    rng = np.random.default_rng(11)
    rows = []
    for i in range(300):
        arrival = float(rng.uniform(0.005, 0.08))
        places = int(rng.choice([0, 300, 600]))
        recurrent = bool(rng.random() < 0.5)
        low = arrival < 0.03 and places == 0
        share = float(np.clip(rng.normal(0.2 if low else 0.6, 0.1), 0, 1))
        rows.append(
            {
                "run_id": f"r{i}",
                "run_index": i,
                "status": "ok",
                "param.champion_arrival_annual": arrival,
                "param.policy_training_places": places,
                "param.policy_funding_recurrent": recurrent,
                "param.policy_start_year": 2016,  # the same in every run: not an input
                "share_running_final": share,
                "share_embedded_final": share / 3,
            }
        )
    rows.append({"run_id": "failed", "run_index": 300, "status": "failed", "error": "boom"})
    for chunk in range(3):
        write_part(out, chunk, rows[chunk * 100 : (chunk + 1) * 100 + (1 if chunk == 2 else 0)])
    return out


def counted(folder, sql: str) -> tuple[int, int]:
    """Runs and hits in a box, counted by DuckDB over the same folder."""
    frame = query(
        folder, f"SELECT count(*) AS n, count(*) FILTER ({WHERE}) AS k FROM runs WHERE status = 'ok' AND {sql}"
    )
    return int(frame["n"].iloc[0]), int(frame["k"].iloc[0])


def test_the_boxes_agree_with_a_duckdb_query_over_the_same_folder(sweep_dir):
    found = journeysim.discover(sweep_dir, WHERE, min_density=0.8)
    total = query(sweep_dir, f"SELECT count(*) FILTER ({WHERE}) AS k, count(*) AS n FROM runs WHERE status = 'ok'")
    assert (found.hits, found.runs) == (int(total["k"].iloc[0]), int(total["n"].iloc[0])) == (found.hits, 300)
    assert "policy_start_year" not in found.inputs  # it never varies
    first = found.boxes.iloc[0]
    limits = found.limits[found.limits["box"] == 1].set_index("input")
    # the box's limits, turned into SQL here (not with the box's own sql), restrict the same runs
    parts = []
    for name, lim in limits.iterrows():
        column = f'"param.{name}"'
        if lim["values"] is not None:
            parts.append(f"{column} IN ({', '.join(v for v in lim['values'])})")
        else:
            parts.append(f"{column} BETWEEN {lim['low']!r} AND {lim['high']!r}")
    n, k = counted(sweep_dir, " AND ".join(parts))
    assert (first["runs"], first["hits"]) == (n, k)
    assert first["coverage"] == pytest.approx(k / found.hits)
    assert first["density"] == pytest.approx(k / n)
    assert first["mass"] == pytest.approx(n / found.runs)
    assert counted(sweep_dir, first["sql"]) == (n, k)
    assert first["coverage"] > 0.5 and first["density"] > 0.8
    assert {"champion_arrival_annual", "policy_training_places"} <= set(limits.index)
    assert limits.loc["champion_arrival_annual", "high"] == pytest.approx(0.03, abs=0.006)
    assert limits.loc["policy_training_places", "high"] < 300
    words = limits.loc["champion_arrival_annual", "words"]
    assert words.startswith("Yearly chance that a service with no implementer gains a self-designated champion")
    assert "sampled 0.005" in words


def test_later_boxes_count_only_the_runs_outside_earlier_ones(sweep_dir):
    found = journeysim.discover(sweep_dir, WHERE, min_density=0.3, max_boxes=3)
    for box in found.boxes.itertuples():
        n, k = counted(sweep_dir, box.sql)
        assert (box.runs, box.hits) == (n, k)
        assert box.coverage == pytest.approx(k / found.hits)


def test_the_command_prints_json_and_writes_a_self_contained_report(sweep_dir, tmp_path, capsys):
    report = tmp_path / "where.html"
    assert main(["discover", str(sweep_dir), "--where", WHERE, "--min-density", "0.8", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "synthetic_futures" and data["runs"] == 300
    assert data["boxes"][0]["density"] > 0.8
    assert {"coverage", "density", "mass", "limits", "sql"} <= set(data["boxes"][0])
    assert main(["discover", str(sweep_dir), "--where", WHERE, "--report", str(report), "--top", "2"]) == 0
    text = capsys.readouterr().out
    assert "Box 1:" in text and "(coverage)" in text and "journeysim query" in text
    page = report.read_text()
    assert "Peeling trajectory" in page and "plotly" in page and "Yearly chance that a service" in page
    assert "share_running_final: services running courses at the end" in page


def folder_of_kind(tmp_path, kind: str):
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"kind": kind}))
    return folder


@pytest.mark.parametrize(
    ("where", "folder", "message"),
    [
        ("nosuch < 1", None, 'names no column "nosuch"'),
        ("share_running_final", None, "not a yes/no condition"),
        ("share_running_final < 2", None, "holds in 300 of 300 runs"),
        ("share_running_final > 2", None, "holds in 0 of 300 runs"),
        ("1; SELECT 2", None, "--where"),
        (WHERE, "empty", "no manifest.json"),
        (WHERE, "missing", "no such results folder"),
        (WHERE, "compare", "holds a comparison, not sweep results"),
        (WHERE, "sweep", "the sweep has committed no runs yet"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(sweep_dir, tmp_path, capsys, where, folder, message):
    target = {
        None: sweep_dir,
        "empty": tmp_path / "empty",
        "missing": tmp_path / "missing",
        "compare": folder_of_kind(tmp_path, "compare"),
        "sweep": folder_of_kind(tmp_path, "sweep"),
    }[folder]
    if folder == "empty":
        target.mkdir()
    report = tmp_path / "r.html"
    assert main(["discover", str(target), "--where", where, "--report", str(report)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not report.exists()


def test_python_errors_name_the_argument(sweep_dir):
    with pytest.raises(InputError, match=r"where='nosuch < 1'"):
        journeysim.discover(sweep_dir, "nosuch < 1")
    with pytest.raises(InputError, match=r"inputs='zzz\*': names no parameter"):
        journeysim.discover(sweep_dir, WHERE, inputs=["zzz*"])
    with pytest.raises(InputError, match=r"min_density=1\.5"):
        journeysim.discover(sweep_dir, WHERE, min_density=1.5)
    only = journeysim.discover(sweep_dir, WHERE, inputs=["policy_*"], min_density=0.3)
    assert only.inputs == ["policy_training_places", "policy_funding_recurrent"]


def test_a_condition_met_in_one_future_only_is_flagged(tmp_path, capsys):
    """Uncertain sweep: replication i is one future; every failing run lives in future 0."""
    write_json(
        tmp_path / "manifest.json",
        {"kind": "sweep", "store": STORE_VERSION, "experiment_hash": "f" * 16, "code": "c" * 16,
         "experiment": {"name": "futures", "uncertain": True, "replications": 10}},
    )  # fmt: skip
    rows = [
        {
            "run_id": f"{places}-{future}",
            "run_index": 10 * i + future,
            "status": "ok",
            "replication": future,
            "param.policy_training_places": places,
            "param.champion_arrival_annual": 0.005 + 0.007 * future,
            "share_running_final": 0.2 if future == 0 and places < 600 else 0.6,
        }
        for i, places in enumerate((0, 300, 600))
        for future in range(10)
    ]
    write_part(tmp_path, 0, rows)
    assert main(["discover", str(tmp_path), "--where", WHERE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["futures"] == {"total": 10, "meeting": 1}
    assert main(["discover", str(tmp_path), "--where", WHERE]) == 0
    assert "caution: the runs meeting the condition come from 1 of 10 futures" in capsys.readouterr().out
