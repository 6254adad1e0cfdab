"""Run identity and a batch's rows (seeding and points applied: tests/runs/test_replication.py)."""

from journeysim.batch.runs import RunSpec, execute, point_hash, run_batch, run_spec


def test_same_identity_gives_the_same_numbers(scenario):
    s = scenario("lone_champion", years=10)
    a, b = run_spec(RunSpec(s, 4, 11)), run_spec(RunSpec(s, 4, 11))
    assert a == b
    assert a["run_id"] == f"{s.hash}-base-11-4-f"
    other = run_spec(RunSpec(s, 5, 11))
    assert other["run_id"] != a["run_id"]


def test_point_is_part_of_the_identity(scenario):
    s = scenario("lone_champion", years=10)
    plain, pointed = RunSpec(s, 0, 0), RunSpec(s, 0, 0, point={"pressure": 0.9})
    assert plain.run_id != pointed.run_id
    assert point_hash({}) == "base"
    assert point_hash({"a": 1, "b": 2}) == point_hash({"b": 2, "a": 1})
    row = run_spec(pointed)
    assert row["param.pressure"] == 0.9 and row["status"] == "ok"


def test_a_run_that_raises_is_a_failed_row(scenario, monkeypatch):
    from journeysim.model.model import JourneyModel

    def boom(*args, **kwargs):
        raise RuntimeError("model exploded")

    monkeypatch.setattr(JourneyModel, "run", boom)
    row, series = execute(RunSpec(scenario("lone_champion", years=10), 0, 0), keep_series=True)
    assert row["status"] == "failed" and row["error"] == "RuntimeError: model exploded"
    assert "model exploded" in row["traceback"] and series is None


def test_batch_keeps_order_and_series_rows(scenario):
    s = scenario("lone_champion", years=10)
    out = run_batch([RunSpec(s, i, 0) for i in (2, 0, 1)], keep_series=True)
    assert [r["replication"] for r in out.rows] == [2, 0, 1]
    assert len(out.series) == 3 * 120
    assert out.series[0][:3] == (out.rows[0]["run_id"], "lone_champion", 2)
