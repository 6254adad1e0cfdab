"""The validation fixture's runs are cached on disk by code and settings: same key reads, another key recomputes."""

from __future__ import annotations

import pandas as pd

from journeysim.validation.runs import Runs


def test_same_code_and_settings_read_the_cache_and_a_new_fingerprint_recomputes(runs_cache, tmp_path):
    calls = []

    def fake(refs, replications, **kw):
        calls.append((tuple(refs), replications, kw.get("uncertain")))
        return Runs(
            frame=pd.DataFrame({"replication": range(replications)}), curves=pd.DataFrame(), uncertain=False, seed=1
        )

    first = runs_cache(tmp_path, run=fake, code="aaaa")
    again = runs_cache(tmp_path, run=fake, code="aaaa")
    a = first(["lone_champion"], 3, seed=1, executor=None)
    b = again(["lone_champion"], 3, seed=1, executor="another executor")  # the executor is not part of the key
    assert len(calls) == 1 and b.frame.equals(a.frame) and b.seed == 1
    again(["lone_champion"], 3, seed=1, uncertain=True)  # other settings
    runs_cache(tmp_path, run=fake, code="bbbb")(["lone_champion"], 3, seed=1)  # other code
    assert len(calls) == 3
    assert len(list(tmp_path.glob("*.pickle"))) == 3 and not list(tmp_path.glob("*.part"))
    runs_cache(None, run=fake)(["lone_champion"], 3, seed=1)  # no cache folder: always runs
    assert len(calls) == 4
