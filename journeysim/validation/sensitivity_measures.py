"""What the sensitivity study measures and where, and how each parameter's effects add up.

* The outcomes (:data:`OUTCOMES`), each computed from a run's outcomes (:func:`per_run_outcome`):
  survival, embedding, reach, cost and the fade-out after a departure, whose 120-month window
  (:data:`WINDOW`) is never censored in the scenarios that measure it.
* The scenario set (:data:`SCENARIOS`): shipped scenarios with strategy overlays and fixed
  settings, chosen so that every parameter has a scenario where it is meant to act; the
  fragility outcomes and their scenarios for the Sobol stage (:data:`SOBOL`).
* Each parameter's effects over all outcomes and scenarios (:func:`effects_frame`,
  :func:`largest_effects`), each against its outcome's replication-noise floor (:func:`noise_floor`),
  and the inertness check (:func:`inert_parameters`).

The study that runs the sweeps is :mod:`journeysim.validation.sensitivity_study`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from journeysim.outcomes import spec
from journeysim.validation.measures import flag, numbers
from journeysim.validation.runs import level_code

if TYPE_CHECKING:
    from journeysim.validation.sensitivity_study import Study

WINDOW = 120  # months after the departure
NOISE_MULTIPLE = 2.0
"""A parameter acts on an outcome when its μ* exceeds this many noise floors (:func:`noise_floor`).

The floor is the expected μ* of pure replication noise; a noise-only μ* is a mean over the
trajectories of half-normal terms (s.d. about 0.76 floor each, sqrt(pi / 2 - 1)). At the default
20 trajectories two floors lie about 6 s.d. of that mean above the floor; down to about 12
trajectories they stay beyond the one-sided 0.05 level shared out (Bonferroni) over the study's
~10,000 parameter-outcome-scenario pairs, so noise alone almost never makes a parameter act.
The calibration screen uses the same multiple. That argument needs smooth noise: on an outcome
that rarely differs between replications (a service nearly always running) one flipped run
makes a large, lone elementary effect, so :func:`acts_above_noise` also asks the bootstrap lower
bound of μ* to clear one floor. Fewer trajectories let noise through.
"""
# ------------------------------------------------------------ outcomes
RUNNING = "running_at_year_10"
RUNNING_20 = "running_at_year_20"
LEVEL_10 = "level_code_at_year_10"
EMBEDDED_20 = "embedded_at_year_20"
PARTICIPANTS = "participants_total"
NEED_MET = "need_met_share"
COST = "cost_total"
AFTER_DEPARTURE = "months_running_after_departure"
TO_LAST_COURSE = "months_departure_to_last_course"
STOPPED_SOON = "stopped_within_36_months"

_DEPARTURE_COLUMNS = (
    "running_at_first_departure",
    "collapsed_after_departure",
    "months_departure_to_collapse",
    "first_departure_month",
    "months",
)


@dataclass(frozen=True)
class Outcome:
    """One outcome of the study, computed from each run's outcomes.

    Attributes:
        name: Outcome name (the key in results and reports).
        theme: ``survival``, ``embedding``, ``reach`` or ``fade-out``.
        words: What it is, for people.
        columns: The run columns it is computed from (declared in :mod:`journeysim.outcomes`).
        departure: Measured only in scenarios with a scripted departure (uncensored window).

    """

    name: str
    theme: str
    words: str
    columns: tuple[str, ...]
    departure: bool = False


OUTCOMES: dict[str, Outcome] = {
    o.name: o
    for o in (
        Outcome(RUNNING, "survival", "P(running at year 10): a course in the last 12 months", (RUNNING,)),
        Outcome(RUNNING_20, "survival", "P(running at year 20)", (RUNNING_20,)),
        Outcome(
            LEVEL_10, "embedding", "level at year 10, coded 0 absent, 1 patchy, 2 fragile, 3 embedded",
            ("level_at_year_10",),
        ),
        Outcome(EMBEDDED_20, "embedding", "P(embedded at year 20)", (EMBEDDED_20,)),
        Outcome(PARTICIPANTS, "reach", "people who took part in a course over the run", (PARTICIPANTS,)),
        Outcome(NEED_MET, "reach", "share of the eligible adults over the run who took part", (NEED_MET,)),
        Outcome(COST, "cost", "money spent on MBCT over the run (courses, supervision, training), GBP", (COST,)),
        Outcome(
            AFTER_DEPARTURE, "fade-out",
            f"months running in the {WINDOW} months after the first departure (0 if already stopped)",
            _DEPARTURE_COLUMNS, departure=True,
        ),
        Outcome(
            TO_LAST_COURSE, "fade-out",
            f"months from the first departure to the last course, at most {WINDOW} (0 if none after it)",
            ("months_departure_to_last_course", "first_departure_month", "months"), departure=True,
        ),
    )
}  # fmt: skip
RUN_COLUMNS = ["point_hash", "replication", "status", *dict.fromkeys(c for o in OUTCOMES.values() for c in o.columns)]


# ------------------------------------------------------------ scenarios
@dataclass(frozen=True)
class StudyScenario:
    """One scenario of the screening: a scenario reference, fixed settings, and why it is in the set.

    Attributes:
        key: Short name (sweep folders and reports).
        reference: A shipped scenario with strategy overlays after '+' (as an experiment's ``scenario``).
        sets: Fixed overrides for every run (an experiment's ``[set]``).
        departure: Whether a departure is scripted by month 48 (the fade-out outcomes are measured).
        why: Which parameters act here and nowhere else in the set.

    """

    key: str
    reference: str
    sets: dict[str, Any] = field(default_factory=dict)
    departure: bool = False
    why: str = ""

    @property
    def label(self) -> str:
        """The reference with its fixed settings, for reports."""
        extra = ", ".join(f"{k} = {v!r}" for k, v in self.sets.items())
        return f"{self.reference} ({extra})" if extra else self.reference


SCENARIOS: dict[str, StudyScenario] = {
    s.key: s
    for s in (
        StudyScenario(
            "lone_champion", "lone_champion",
            why="the grass-roots service resting on one unpaid champion, with nothing scripted: the champion's"
            " energy, turnover and burnout, managers and leaders, the commissioner, shocks, context, fit and the"
            " case, demand in secondary care, and the national history (the 2004 guideline, the 2015 report"
            " before year 20, the 2020 move online); a service that starts with developmental nourishing",
        ),
        StudyScenario(
            "lone_champion_leaves", "lone_champion+champion_leaves_year5", departure=True,
            why="the same service whose champion leaves at month 48: the loss of a lone champion (handover,"
            " orphaned delivery, a vacant lead role) and how delivery fades afterwards",
        ),
        StudyScenario(
            "several_leave", "several_implementers+champion_leaves_year5", departure=True,
            why="a teacher, a manager and a service user on one agenda, and the teacher leaves at month 48:"
            " complementarity, the handover loss when others remain, the manager's and service user's role"
            " weights, the service user's case, shared load",
        ),
        StudyScenario(
            "mature_gold_staff_succession", "mature_embedded+gold_standard+staff_courses+succession_planning",
            why="a funded, governed service with an internal training pathway that insists on gold-standard"
            " training, gives some teaching to its own staff and plans succession: every sustainable starting"
            " stage, a recurrent funding line that can be decommissioned, money spent on courses, training and"
            " supervision, the internal pathway, the gold-standard factors, staff courses",
        ),
        StudyScenario(
            "scotland_island", "top_down_scotland+several_implementers", {"service_type": "island_board"},
            why="Scotland's national training programme with shrinking money, in an island board where a manager"
            " and a service user take it up: the programme's decay, supervision and end, its training share,"
            " developmental top-down support, starting-out nourishing (implementers' starting energy), island"
            " boards' remote uptake, and the manager's and service user's role weights without a teacher champion",
        ),
        StudyScenario(
            "developing_primary_care", "trainer_demo+top_down_investment+succession_planning",
            {"years": 20, "service_type": "primary_care"}, departure=True,
            why="a developing primary-care talking-therapy service (developmental fit, evaluation, networks and"
            " team, an ad-hoc training pathway) with senior backing and one-off money, whose champion plans"
            " succession and leaves in year three: the developmental starting stages, ad-hoc training, one-off"
            " money, the succession factors where a departure tests them, primary care's referrals and pressure",
        ),
    )
}  # fmt: skip
SOBOL = {RUNNING: "lone_champion", AFTER_DEPARTURE: "lone_champion_leaves"}  # fragility outcome -> scenario
OUTCOME_WORDS = {
    RUNNING: "P(still running at year 10), one champion (`lone_champion`)",
    AFTER_DEPARTURE: "months running in the 10 years after the champion leaves (`lone_champion+champion_leaves_year5`)",
}


# ------------------------------------------------------------ outcomes per run
def _check_follow_up(runs: pd.DataFrame, open_ended: np.ndarray, window: int) -> None:
    follow = runs["months"].to_numpy(dtype=float) - numbers(runs, "first_departure_month")
    if np.any(open_ended & (follow < window)):
        raise ValueError("a run was followed for less than the window after its departure: the window is censored")


def months_after_departure(runs: pd.DataFrame, window: int = WINDOW) -> np.ndarray:
    """Months each run kept running after its first departure, up to ``window`` (0 if already stopped)."""
    running = flag(runs, "running_at_first_departure")
    collapsed = flag(runs, "collapsed_after_departure")
    gap = numbers(runs, "months_departure_to_collapse")
    _check_follow_up(runs, running & ~collapsed, window)
    kept = np.where(collapsed, np.minimum(gap, window), window)
    return np.where(running, np.nan_to_num(kept, nan=0.0), 0.0)


def months_to_last_course(runs: pd.DataFrame, window: int = WINDOW) -> np.ndarray:
    """Months from each run's first departure to its last course, up to ``window`` (0 if none after it).

    A run whose last course came ``window`` months or more after the departure counts ``window``;
    a run followed for less than the window after its departure is refused as censored.
    """
    gap = np.clip(np.nan_to_num(numbers(runs, "months_departure_to_last_course"), nan=0.0), 0.0, None)
    departed = np.isfinite(numbers(runs, "first_departure_month"))
    _check_follow_up(runs, departed & (gap < window), window)
    return np.minimum(gap, window)


def per_run_outcome(runs: pd.DataFrame, outcome: str) -> np.ndarray:
    """The outcome's value in each run (:data:`OUTCOMES`): the study's own measures, else the declared outcome."""
    if outcome == LEVEL_10:
        return level_code(runs["level_at_year_10"]).to_numpy()
    if outcome == AFTER_DEPARTURE:
        return months_after_departure(runs)
    if outcome == TO_LAST_COURSE:
        return months_to_last_course(runs)
    if spec(outcome).dtype == "bool":
        return flag(runs, outcome).astype(float)
    return np.nan_to_num(numbers(runs, outcome), nan=0.0)  # no eligible adults: nobody's need was met


def measured_outcomes(runs: pd.DataFrame, scenario: StudyScenario) -> list[str]:
    """The outcomes measured in a sweep: their columns are in the runs, defined in every successful run.

    Fade-out outcomes need a scripted departure (``scenario.departure``); year outcomes need runs that
    reach the year; ``need_met_share`` is read only if the runs report it.
    """
    ok = runs[runs["status"] == "ok"]
    out = []
    for o in OUTCOMES.values():
        if (o.departure and not scenario.departure) or not set(o.columns) <= set(runs.columns):
            continue
        if "{year}" in spec(o.columns[0]).name and ok[o.columns[0]].isna().any():
            continue  # the run ends before that year
        out.append(o.name)
    return out


def stopped_soon_by_point(runs: pd.DataFrame, months: int = 36) -> pd.Series:
    """Per point, the share of runs running at the first departure that stopped within ``months`` (as P1a)."""
    ok = runs[runs["status"] == "ok"]
    eligible = flag(ok, "running_at_first_departure")
    gap = numbers(ok, "months_departure_to_collapse")
    stopped = eligible & flag(ok, "collapsed_after_departure") & (np.nan_to_num(gap, nan=np.inf) <= months)
    frame = pd.DataFrame({"point_hash": ok["point_hash"].to_numpy(), "e": eligible, "s": stopped})
    g = frame.groupby("point_hash")
    return g["s"].sum() / g["e"].sum().replace(0, np.nan)


def noise_floor(point_sd: float, levels: int) -> float:
    """The μ* that replication noise alone gives an outcome whose point means have s.d. ``point_sd``.

    ``point_sd`` is the s.d. of a design point's mean over its replications (the root of the
    mean within-point variance over the replications, the noise the study already measures). A
    Morris elementary effect is the difference of two point means over the step ``delta`` of
    ``levels`` grid levels (SALib's: ``levels / (2 (levels - 1))`` of the unit range), so for
    independent noise its expected absolute value is ``2 / sqrt(pi) * point_sd / delta``.
    Replications share seeds across points, so neighbouring means differ less than that: the
    floor errs high, and a parameter must clear it by :data:`NOISE_MULTIPLE` to act.
    """
    delta = levels / (2.0 * (levels - 1))
    return float(2.0 / np.sqrt(np.pi) * point_sd / delta)


def above_floor(mu_star: pd.Series, floor: pd.Series) -> pd.Series:
    """μ* in noise floors: ``inf`` where the floor is 0 (no replication noise) and μ* > 0, 0 where μ* = 0."""
    ratio = mu_star / floor.where(floor > 0)
    return ratio.where(floor > 0, np.where(mu_star > 0, np.inf, 0.0))


def acts_above_noise(effects: pd.DataFrame) -> pd.Series:
    """Whether each row of :func:`effects_frame` acts above noise (the rule of the inertness check).

    μ* must exceed :data:`NOISE_MULTIPLE` floors (``ratio``), and μ* less its bootstrap half-width
    (SALib's ``mu_star_conf``, 95%) must exceed one floor, so that no lone elementary effect carries it.
    """
    lower = effects["mu_star"] - effects["mu_star_conf"].fillna(0.0)
    return (effects["ratio"] > NOISE_MULTIPLE) & (lower > effects["floor"])


def effects_frame(study: Study) -> pd.DataFrame:
    """Every Morris index of the study in one long frame.

    One row per (parameter, scenario, outcome): ``mu_star``, ``mu``, ``sigma``, ``normalised``
    (μ* over the outcome's spread in that scenario, :meth:`OutcomeResult.normalised_mu_star`),
    ``mu_star_conf``, ``floor`` (the outcome's noise floor there, :func:`noise_floor`), ``ratio``
    (μ*/floor, :func:`above_floor`) and ``acts`` (:func:`acts_above_noise`).
    """
    cols = ["parameter", "scenario", "outcome", "mu_star", "mu", "sigma", "normalised"]
    cols += ["mu_star_conf", "floor", "ratio", "acts"]
    frames = [
        pd.DataFrame(
            {
                "parameter": r.indices.index,
                "scenario": key,
                "outcome": o,
                "mu_star": r.indices["mu_star"].astype(float).fillna(0.0),
                "mu": r.indices["mu"].astype(float),
                "sigma": r.indices["sigma"].astype(float),
                "normalised": r.normalised_mu_star().astype(float),
                "mu_star_conf": r.indices["mu_star_conf"].astype(float),
                "floor": r.noise_floor,
            }
        )
        for key, by in study.morris.items()
        for o, r in by.items()
    ]
    if not frames:
        return pd.DataFrame(columns=cols)
    long = pd.concat(frames, ignore_index=True)
    long["ratio"] = above_floor(long["mu_star"], long["floor"])
    return long.assign(acts=acts_above_noise(long))[cols]


def strongest(effects: pd.DataFrame) -> pd.DataFrame:
    """Each parameter's row of :func:`effects_frame` with the largest normalised μ* (then μ*), largest first."""
    return effects.sort_values(["normalised", "mu_star"], ascending=False).drop_duplicates("parameter")


def largest_effects(study: Study) -> pd.DataFrame:
    """Per screened parameter, its largest μ*/floor over all outcomes and scenarios, and where.

    Indexed by parameter in screening order, with ``ratio`` (μ* in noise floors), ``mu_star``,
    ``floor``, ``normalised`` (μ*/spread there), ``outcome``, ``scenario`` and ``acts``: the number
    of (scenario, outcome) pairs where it acts above noise (:func:`acts_above_noise`). A parameter with
    μ* = 0 everywhere has ``ratio`` 0 and empty ``outcome`` and ``scenario``.
    """
    long = effects_frame(study)
    best = long[long["mu_star"] > 0].sort_values(["ratio", "normalised"], ascending=False).drop_duplicates("parameter")
    frame = best.set_index("parameter").reindex(study.factors)[
        ["ratio", "mu_star", "floor", "normalised", "outcome", "scenario"]
    ]
    zeros = {"ratio": 0.0, "mu_star": 0.0, "floor": 0.0, "normalised": 0.0, "outcome": "", "scenario": ""}
    acting = long[long["acts"]].groupby("parameter").size()
    return frame.fillna(zeros).rename_axis(None).assign(acts=acting.reindex(study.factors, fill_value=0))


def inert_parameters(study: Study) -> list[str]:
    """The screened parameters inside the noise floor on every outcome in every scenario, in screening order.

    A parameter acts on an outcome in a scenario when its μ* exceeds :data:`NOISE_MULTIPLE` times
    that outcome's replication-noise floor there (:func:`noise_floor`) and no lone elementary effect
    carries it (:func:`acts_above_noise`); one that acts nowhere is
    inert: at these settings, what it does to what the study measures cannot be told from chance.
    (Common random numbers give μ* = 0 exactly to a parameter that changes nothing at all.)
    """
    reach = largest_effects(study)
    return [f for f in study.factors if reach.loc[f, "acts"] == 0]


def top_by_outcome(study: Study, k: int = 10) -> dict[str, pd.DataFrame]:
    """Per outcome, the ``k`` parameters with the largest normalised μ* over the scenarios, and where."""
    long = effects_frame(study)
    out = {}
    for o in OUTCOMES:
        mine = long[(long["outcome"] == o) & (long["mu_star"] > 0)]
        if mine.empty and o not in set(long["outcome"]):
            continue
        out[o] = strongest(mine).head(k).set_index("parameter")
    return out
