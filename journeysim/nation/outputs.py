"""What a population run produced, per calendar year, overall and per nation.

Computed from the model's year-end snapshots:

* share of services at each embeddedness level, share with nobody trained,
  share running courses;
* courses and people reached in the year, per 100,000 population;
* spending on MBCT (courses, supervision, training) and cost per participant,
  and the money the national policy levers put in;
* depressive relapses prevented, from the people reached and a cited effect
  size (:func:`relapses_prevented_per_participant`);
* inequality of access between services: a population-weighted Gini
  coefficient of people reached per head (:func:`gini`), with its
  concentration (Lorenz) curve;
* demand: adults eligible for MBCT in the year, places offered, the share of
  need met (people reached over adults eligible), courses cancelled for want
  of referrals, and the mean fill (:func:`mean_fill`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journeysim.vocabulary import LEVELS, NATIONS, OUTCOME_YEARS

ALL = "uk"  # the label of the whole population in the yearly table
PER = 100_000  # rates are per 100,000 people
MONEY_DECIMALS = 2  # money in the outcomes is rounded to pence
YEARLY_COLUMNS = (
    "year",
    "nation",
    "services",
    "people",
    *(f"share_{lv}" for lv in LEVELS),
    "share_no_teacher",
    "share_running",
    "teachers",
    "implementers",
    "courses",
    "participants",
    "courses_per_100k",
    "participants_per_100k",
    "spend",
    "cost_per_participant",
    "policy_money",
    "relapses_prevented",
    "gini",
    "eligible",
    "places",
    "need_met_share",
    "courses_cancelled",
    "mean_fill",
)


def relapses_prevented_per_participant(params: dict[str, Any]) -> float:
    """Expected relapses prevented per participant within about 60 weeks.

    With a relapse risk ``p0`` without MBCT and a hazard ratio ``hr`` with it,
    the risk with MBCT is ``1 - (1 - p0) ** hr`` (proportional hazards); the
    difference, for the share of participants in MBCT's target group, is
    what one place prevents (Kuyken et al. 2016).
    """
    p0, hr = params["relapse_baseline_risk"], params["relapse_hazard_ratio"]
    return params["relapse_group_share"] * (p0 - (1.0 - (1.0 - p0) ** hr))


def lorenz(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concentration curve: cumulative share of people (x) against cumulative share of the total (y).

    Services are ordered from least to most per head; both curves start at 0.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    per_head = np.divide(values, weights, out=np.zeros_like(values), where=weights > 0)
    order = np.argsort(per_head, kind="stable")
    x = np.concatenate([[0.0], np.cumsum(weights[order]) / weights.sum()])
    total = values.sum()
    y = np.concatenate([[0.0], np.cumsum(values[order]) / total]) if total > 0 else np.full(len(x), np.nan)
    return x, y


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Population-weighted Gini coefficient of ``values`` per head (0 = equal access, 1 = all in one service).

    NaN when nobody was reached at all.
    """
    if len(values) == 0 or np.sum(values) <= 0:
        return float("nan")
    x, y = lorenz(values, weights)
    return float(1.0 - np.sum((y[1:] + y[:-1]) * np.diff(x)))


def share(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0 (no one eligible, no place offered)."""
    return numerator / denominator if denominator > 0 else float("nan")


def mean_fill(participants: np.ndarray, places: np.ndarray) -> float:
    """Mean over services that offered places of the share they filled (NaN if none offered any)."""
    participants = np.asarray(participants, dtype=float)
    places = np.asarray(places, dtype=float)
    offered = places > 0
    return float(np.mean(participants[offered] / places[offered])) if offered.any() else float("nan")


def service_years(model: Any) -> pd.DataFrame:
    """One row per service and year: its year-end state and what it did that year."""
    frames = []
    previous = None
    nations = np.array([s.nation for s in model.sites])
    for snap in model.snapshots:
        frame = pd.DataFrame(
            {
                "year": snap["year"],
                "service": [s.scenario.name for s in model.sites],
                "nation": nations,
                "people": model.people,
                "level_code": snap["level_code"],
                "teachers": snap["teachers"],
                "implementers": snap["implementers"],
                "running": snap["running"],
                "supervision": snap["supervision"],
                "sustained_resources": snap["sustained_resources"],
            }
        )
        for total, name in (
            ("courses_total", "courses"),
            ("participants_total", "participants"),
            ("cost_total", "spend"),
            ("eligible_total", "eligible"),
            ("places_total", "places"),
            ("cancelled_total", "cancelled"),
        ):
            before = previous[total] if previous is not None else 0
            frame[name] = snap[total] - before
        frames.append(frame)
        previous = snap
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def yearly_table(model: Any, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The national accounts: one row per year and nation, plus the whole population as ``uk``.

    ``rows`` is the model's :func:`service_years`, if already computed.
    """
    rows = service_years(model) if rows is None else rows
    if rows.empty:
        return pd.DataFrame(columns=list(YEARLY_COLUMNS))
    per_participant = relapses_prevented_per_participant(model.p)
    money = {snap["year"]: snap["policy_money"] for snap in model.snapshots}
    years = sorted(money)
    policy_by_year = dict(zip(years, np.diff([0.0, *[money[y] for y in years]]), strict=True))
    out = []
    groups = [(ALL, rows)] + [(n, rows[rows["nation"] == n]) for n in NATIONS if (rows["nation"] == n).any()]
    for label, frame in groups:
        for year, g in frame.groupby("year", sort=True):
            people = float(g["people"].sum())
            participants = float(g["participants"].sum())
            spend = float(g["spend"].sum())
            record = {
                "year": int(year),
                "nation": label,
                "services": len(g),
                "people": int(people),
                **{f"share_{lv}": float((g["level_code"] == k).mean()) for k, lv in enumerate(LEVELS)},
                "share_no_teacher": float((g["teachers"] == 0).mean()),
                "share_running": float(g["running"].mean()),
                "teachers": int(g["teachers"].sum()),
                "implementers": int(g["implementers"].sum()),
                "courses": int(g["courses"].sum()),
                "participants": int(participants),
                "courses_per_100k": float(g["courses"].sum() / people * PER),
                "participants_per_100k": participants / people * PER,
                "spend": spend,
                "cost_per_participant": spend / participants if participants else float("nan"),
                # Policy money is national: it is shown for the whole population only.
                "policy_money": float(policy_by_year[int(year)]) if label == ALL else float("nan"),
                "relapses_prevented": participants * per_participant,
                "gini": gini(g["participants"].to_numpy(float), g["people"].to_numpy(float)),
                "eligible": float(g["eligible"].sum()),
                "places": int(g["places"].sum()),
                "need_met_share": share(participants, float(g["eligible"].sum())),
                "courses_cancelled": int(g["cancelled"].sum()),
                "mean_fill": mean_fill(g["participants"].to_numpy(float), g["places"].to_numpy(float)),
            }
            out.append(record)
    return pd.DataFrame(out, columns=list(YEARLY_COLUMNS))


def nation_outcomes(model: Any, table: pd.DataFrame | None = None) -> dict[str, Any]:
    """Scalar outcomes of a population run: one batch row (``compare`` and ``sweep``).

    * ``share_embedded_final``, ``share_running_final``, ``share_no_teacher_final``,
      ``share_fragile_or_better_final`` at the last year; the same ``_at_year_N``
      for N in :data:`OUTCOME_YEARS` within the run;
    * ``participants_total``, ``courses_total``, ``spend_total``, ``policy_money_total``,
      ``cost_per_participant``, ``participants_per_100k_year`` (mean over the run),
      ``relapses_prevented_total``;
    * ``gini_final`` and ``gini_mean`` (mean over years with any courses);
    * ``eligible_total``, ``need_met_share`` (people reached over adults eligible, whole run),
      ``need_met_share_final`` (last year), ``fill_rate`` (people reached over places
      offered), ``courses_cancelled``;
    * per nation present, ``NATION_share_embedded_final``, ``NATION_share_running_final``,
      ``NATION_share_no_teacher_final``, ``NATION_participants_per_100k_year``,
      ``NATION_need_met_share``.
    """
    table = yearly_table(model) if table is None else table
    uk = table[table["nation"] == ALL].reset_index(drop=True)
    if uk.empty:
        return {"months": model.steps, "services": len(model.services)}
    last = uk.iloc[-1]
    participants = float(uk["participants"].sum())
    spend = float(uk["spend"].sum())
    eligible, places = float(uk["eligible"].sum()), float(uk["places"].sum())
    out: dict[str, Any] = {
        "months": int(model.steps),
        "services": len(model.services),
        "people": int(last["people"]),
        "final_year": int(last["year"]),
        "share_embedded_final": float(last["share_embedded"]),
        "share_fragile_or_better_final": float(last["share_fragile"] + last["share_embedded"]),
        "share_running_final": float(last["share_running"]),
        "share_no_teacher_final": float(last["share_no_teacher"]),
        "participants_total": int(participants),
        "courses_total": int(uk["courses"].sum()),
        "spend_total": round(spend, MONEY_DECIMALS),
        "policy_money_total": round(float(uk["policy_money"].sum()), MONEY_DECIMALS),
        "cost_per_participant": round(spend / participants, MONEY_DECIMALS) if participants else None,
        "participants_per_100k_year": float(uk["participants_per_100k"].mean()),
        "relapses_prevented_total": float(uk["relapses_prevented"].sum()),
        "gini_final": None if np.isnan(last["gini"]) else float(last["gini"]),
        "gini_mean": None if uk["gini"].isna().all() else float(uk["gini"].mean()),
        "eligible_total": eligible,
        "need_met_share": participants / eligible if eligible > 0 else None,
        "need_met_share_final": None if np.isnan(last["need_met_share"]) else float(last["need_met_share"]),
        "fill_rate": participants / places if places > 0 else None,
        "courses_cancelled": int(uk["courses_cancelled"].sum()),
        "champion_arrivals": int(model.arrivals),
        "champion_moves": int(model.moves),
    }
    for n in OUTCOME_YEARS:
        row = uk[uk["year"] == model.start_year + n - 1]
        for key in ("share_embedded", "share_running", "share_no_teacher"):
            out[f"{key}_at_year_{n}"] = float(row[key].iloc[0]) if len(row) else None
    for nation in NATIONS:
        own = table[table["nation"] == nation]
        if own.empty:
            continue
        end = own.iloc[-1]
        out[f"{nation}_share_embedded_final"] = float(end["share_embedded"])
        out[f"{nation}_share_running_final"] = float(end["share_running"])
        out[f"{nation}_share_no_teacher_final"] = float(end["share_no_teacher"])
        out[f"{nation}_participants_per_100k_year"] = float(own["participants_per_100k"].mean())
        own_eligible = float(own["eligible"].sum())
        out[f"{nation}_need_met_share"] = float(own["participants"].sum()) / own_eligible if own_eligible > 0 else None
    return out
