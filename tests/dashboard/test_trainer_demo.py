"""The workshop demo tells one departure story: its scripted departure meets a champion in every world."""

from __future__ import annotations

import journeysim
from journeysim.cli.main import main


def test_the_scripted_departure_meets_a_champion_in_each_of_seeds_0_to_59() -> None:
    missed = []
    for seed in range(60):
        events = journeysim.run("trainer_demo", seed=seed).events
        leaves = events[events["kind"] == "champion_leaves"]
        if leaves["effect"].tolist() != ["1 implementer(s) leave"] or leaves["date"].tolist() != ["2015-04"]:
            missed.append(seed)
    assert missed == []


def test_the_command_line_shows_the_champion_leaving_in_world_7(capsys, tmp_path) -> None:
    assert main(["run", "trainer_demo", "--seed", "7", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "champion leaves (scheduled in the scenario): 1 implementer(s) leave" in out
    assert "no implementer in post" not in out
