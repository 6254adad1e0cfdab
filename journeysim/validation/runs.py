"""Runs for pattern checks: shipped scenarios replicated under common random numbers.

:func:`collect` runs each scenario reference (``"lone_champion+champion_leaves_year5"``)
with :func:`journeysim.batch.replicate`, using the same root seed for every
scenario, so replication *i* of every scenario lives through the same luck
(and, with parameter uncertainty, the same parameter draw; with a calibrated
posterior, the same particle). The monthly
series are read once into a few per-run columns and a monthly summary per
scenario, then dropped, so a validation of thousands of runs stays small.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from journeysim.batch import replicate
from journeysim.library import load_scenario
from journeysim.scenario import Scenario
from journeysim.uncertainty import Posterior
from journeysim.vocabulary import LEVELS

YEAR_10 = 120
YEAR_5 = 60


@dataclass
class Runs:
    """The runs of a validation, one row per run, and monthly summaries for figures.

    Attributes:
        frame: One row per successful run: ``scenario`` (the reference, e.g.
            ``"lone_champion+champion_leaves_year5"``), ``replication``, the
            outcomes of :func:`journeysim.runs.outcomes_of`, ``level_code_at_year_10``
            and the columns of :func:`series_columns_of`; with a posterior, also ``posterior``
            (its digest) and ``particle`` (the particle the replication drew).
        curves: Per scenario and month: share of runs running, mean level code,
            mean number of implementers.
        uncertain: Whether uncertain parameters were drawn from their ranges.
        seed: Root seed of the replications.
        failed: Runs that raised (counted, never silently dropped from the report).
        posterior: Digest of the calibrated posterior each replication drew a particle from, if any.

    """

    frame: pd.DataFrame
    curves: pd.DataFrame
    uncertain: bool
    seed: int
    failed: int = 0
    posterior: str | None = None

    def of(self, ref: str, replications: int | None = None) -> pd.DataFrame:
        """Runs of one scenario, ordered by replication (the first ``replications`` if given)."""
        rows = self.frame[self.frame["scenario"] == ref]
        if rows.empty:
            raise KeyError(f"no runs of scenario {ref!r} in this validation")
        rows = rows.sort_values("replication")
        if replications is not None:
            rows = rows[rows["replication"] < replications]
        return rows.reset_index(drop=True)

    def pair(self, a: str, b: str, replications: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Runs of two scenarios aligned on replication (common random numbers)."""
        x, y = self.of(a, replications), self.of(b, replications)
        common = np.intersect1d(x["replication"], y["replication"])
        x = x[x["replication"].isin(common)].reset_index(drop=True)
        y = y[y["replication"].isin(common)].reset_index(drop=True)
        return x, y


def level_code(levels: pd.Series) -> pd.Series:
    """Embeddedness level names as codes 0 (absent) to 3 (embedded); missing stays missing."""
    return levels.map({name: i for i, name in enumerate(LEVELS)}).astype(float)


def series_columns_of(series: pd.DataFrame) -> pd.DataFrame:
    """Per-run columns read off the monthly series, indexed by replication.

    * ``frozen_by_year_10``: a middle manager froze training at some month of the first ten years.
    * ``implementers_at_year_10``: implementers in post at the end of year ten.
    * ``ever_local_implementer``: at least one implementer in post at some month.
    * ``stalled_by_year_5``: ran a course in the first five years but never ran courses regularly then.
    * ``cancelled_by_year_5``: a course was cancelled for want of referrals in the first five years.
    * ``running_trace``, ``line_trace``: per month, ``"1"`` where the service was running / held a
      recurrent funding line (read by :func:`journeysim.validation.measures.trace`).
    """
    g = series.groupby("replication")
    first10 = series[series["month"] < YEAR_10].groupby("replication")
    first5 = series[series["month"] < YEAR_5].groupby("replication")
    at10 = series[series["month"] == YEAR_10 - 1].set_index("replication")
    return pd.DataFrame(
        {
            "frozen_by_year_10": first10["training_frozen"].any().astype(bool),
            "implementers_at_year_10": at10["implementers"].astype(float),
            "ever_local_implementer": g["implementers"].max() > 0,
            "stalled_by_year_5": first5["courses"].sum().gt(0) & ~first5["regular_courses"].any(),
            "cancelled_by_year_5": first5["cancelled"].sum() > 0,
            "running_trace": g["running"].agg(_trace),
            "line_trace": (series["recurrent_funding"] > 0).groupby(series["replication"]).agg(_trace),
        }
    )


def _trace(flags: pd.Series) -> str:
    """A month-by-month flag as a compact string, ``"1"`` where true."""
    return "".join("1" if f else "0" for f in flags)


def curves_of(series: pd.DataFrame, ref: str) -> pd.DataFrame:
    """Monthly share running, mean level code and mean implementers of one scenario's runs."""
    g = series.groupby("month")
    out = pd.DataFrame(
        {
            "running": g["running"].mean(),
            "level_code": g["level_code"].mean(),
            "implementers": g["implementers"].mean(),
        }
    ).reset_index()
    out.insert(0, "scenario", ref)
    return out


def knock_out(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """The scenario with parameters set outside their declared ranges, to switch a mechanism off.

    The model does not re-validate parameters, so a knock-out may set values
    no scenario file could (a turnover of zero, a threshold above one).
    """
    return dataclasses.replace(scenario, parameters={**scenario.parameters, **values})


def collect(
    refs: Sequence[str],
    replications: int,
    seed: int = 0,
    executor: Executor | None = None,
    uncertain: bool = False,
    knockout: dict[str, Any] | None = None,
    progress: bool = False,
    posterior: Posterior | None = None,
) -> Runs:
    """Replicate every scenario reference under common random numbers.

    Args:
        refs: Scenario references (shipped name, ``NAME+STRATEGY``...); they label the runs.
        replications: Runs per scenario.
        seed: Root seed shared by every scenario.
        executor: Where to run (see :func:`journeysim.batch.executors.make_executor`).
        uncertain: Draw the uncertain parameters per replication from their declared ranges.
        knockout: Parameter values that switch a mechanism off (applied to every scenario).
        progress: Show a progress bar per scenario.
        posterior: A calibrated posterior: replication *i* of every scenario draws the same particle
            (:meth:`journeysim.uncertainty.Posterior.particle`, from the replication's uncertainty stream).

    Raises:
        ValueError: for a knock-out with parameter uncertainty or a posterior (the draws would overwrite it),
            or for uncertainty and a posterior together.

    """
    if knockout and (uncertain or posterior is not None):
        raise ValueError("a knock-out runs with fixed parameters: parameter draws would overwrite its values")
    if uncertain and posterior is not None:
        raise ValueError("draw parameters from their declared ranges or from a posterior, not both")
    records: list[dict[str, Any]] = []
    curves, failed = [], 0
    for ref in dict.fromkeys(refs):
        scenario = load_scenario(ref)
        if knockout:
            scenario = knock_out(scenario, knockout)
        out = replicate(
            [scenario],
            replications,
            seed=seed,
            executor=executor,
            uncertain=uncertain,
            keep_series=True,
            progress=progress,
            labels=[ref],
            posterior=posterior,
        )
        runs = out.runs
        ok = runs["status"] == "ok"
        failed += int((~ok).sum())
        runs = runs[ok].copy()
        runs["level_code_at_year_10"] = level_code(runs["level_at_year_10"])
        derived = series_columns_of(out.series)
        records.extend(runs.join(derived, on="replication").to_dict("records"))
        curves.append(curves_of(out.series, ref))
    return Runs(
        frame=pd.DataFrame.from_records(records),
        curves=pd.concat(curves, ignore_index=True),
        uncertain=uncertain,
        seed=seed,
        failed=failed,
        posterior=posterior.digest if posterior is not None else None,
    )
