"""The event logs of a scenario's replications: the same worlds a comparison runs, with what happened in them."""

from __future__ import annotations

import pandas as pd

from journeysim.outcomes import EVENT_COLUMNS
from journeysim.runs.replication import replicate
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior


def event_logs(
    scenario: Scenario, replications: int, seed: int = 0, posterior: Posterior | None = None
) -> pd.DataFrame:
    """Every event of replications ``0 .. replications - 1`` (as :func:`journeysim.batch.replicate` runs them).

    Returns:
        One row per event: ``replication`` and the event log's columns (``month``, ``kind``, ``direction``...).

    """
    rows = []
    for i in range(replications):
        run = replicate(scenario, seed, i, posterior=posterior)
        rows += [{"replication": i, **event.to_dict()} for event in run.model.log.events]
    return pd.DataFrame(rows, columns=["replication", *EVENT_COLUMNS])
