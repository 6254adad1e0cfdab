"""A knock-out at a few runs (the default tier's): it reruns the pattern's scenarios with the mechanism off.

The knock-outs' figures at 150 runs are in ``test_validation_knockouts.py`` (the ``statistical`` tier).
"""

from __future__ import annotations

from journeysim.validation.knockouts import KNOCKOUTS
from journeysim.validation.pattern_types import UNDEFINED
from journeysim.validation.patterns import pattern
from journeysim.validation.runner import run_validation


def test_without_departures_a_lone_champion_never_leaves_so_the_collapse_after_a_departure_is_undefined():
    (k1,) = [k for k in KNOCKOUTS if k.id == "K1"]
    v = run_validation([pattern("P1b")], replications=10, seed=3, uncertainty=False, knockouts=[k1])
    assert v.settings["knockouts"] == ["K1"] and v.failed_runs == 0
    (r,) = v.knockouts
    assert (r.knockout.id, r.pattern_id, r.replications) == ("K1", "P1b", 10)
    (fixed,) = v.patterns
    assert (r.present, r.present_verdict) == (fixed.fixed, fixed.fixed_verdict)  # the intact runs, same seeds
    assert r.present.n > 0  # with departures, some champions of 10 leave in time to be followed
    assert r.removed.n == 0 and r.removed_verdict == UNDEFINED  # without, none does
