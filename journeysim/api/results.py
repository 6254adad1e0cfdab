"""What the Python API returns: results with tidy pandas frames.

* :class:`Journey` - one run of one service (:func:`journeysim.run`).
* :class:`Comparison` - paired replications of several scenarios (:func:`journeysim.compare`).
* :class:`Sweep` - a designed sweep (:func:`journeysim.sweep`).
* :class:`Nation` - one run of a population of services (:func:`journeysim.run_nation`).

Every frame is tidy: one row per observation (a run, a month, an event, a
metric of a scenario, a pair of scenarios), one column per variable. In event
logs, ``causes`` is a Python list of strings.

Each result's ``.write(folder)`` writes the results folder the command line
writes (``journeysim run/compare/nation --out``, ``sweep --out``), which
:func:`journeysim.batch.store.read_runs` and ``journeysim query`` read back; its
``.to_dict()`` is what the command's ``--json`` prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from journeysim.errors import InputError
from journeysim.outcomes import EVENT_COLUMNS
from journeysim.scenario import Scenario

ESTIMATE_COLUMNS = ("scenario", "metric", "label", "value", "ci_low", "ci_high", "n")
DIFFERENCE_COLUMNS = ("metric", "label", "a", "b", "diff", "ci_low", "ci_high", "n_pairs", "ci_excludes_zero")
LOGRANK_COLUMNS = ("endpoint", "label", "a", "b", "statistic", "p_value", "events_a", "expected_a")


Folder = str | os.PathLike[str]


def _write(folder: Folder, kind: str, manifest: dict, fmt: str, frames: dict) -> Path:
    """A results folder of ``kind``: each frame as ``<name>.<fmt>`` (a dict as ``<name>.json``), then ``manifest.json``.

    Refused if ``folder`` holds results of another kind; built beside it and renamed into place.
    """
    from journeysim.batch.files import write_json, write_table
    from journeysim.batch.folders import publish

    def write(path: Path) -> None:
        for stem, data in frames.items():
            if isinstance(data, dict):
                write_json(path / f"{stem}.json", data)
            elif data is not None:
                write_table(data, path, stem, fmt)

    return publish(folder, kind, kind, manifest, write)


def _single(result: Journey | Nation, log: list[dict[str, Any]]) -> dict[str, Any]:
    """A single run's ``runs`` (one row: scenario, its hash, seed, status and the outcomes) and ``events``."""
    from journeysim.batch.tables import rows_to_table

    row = {"scenario": result.scenario.name, "scenario_hash": result.manifest.get("scenario_hash"), "seed": result.seed}
    runs = rows_to_table([{**row, "status": "ok", **result.outcomes}])
    return {"runs": runs, "events": pd.DataFrame(log, columns=list(EVENT_COLUMNS))}


def event_frame(events: list[dict[str, Any]], columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """An event log as a frame, with every tuple (``causes``, ``nations``) turned into a list."""
    rows = [{k: list(v) if isinstance(v, tuple | list) else v for k, v in e.items()} for e in events]
    return pd.DataFrame(rows, columns=list(columns) if columns else None)


@dataclass(frozen=True)
class Journey:
    """One run of one service, from :func:`journeysim.run`.

    Attributes:
        scenario: The scenario that was run.
        seed: The seed.
        outcomes: Scalar outcomes: ``final_level``, ``months_to_embedded``,
            ``running_at_end``, ``participants_total``, ``cost_total``,
            ``level_at_year_N``... (see :func:`journeysim.runs.single.outcomes_of`).
        series: One row per month: ``month``, ``date``, ``level``, ``level_code``,
            ``courses``, ``participants``, ``teachers``, ``implementers``... (the model's
            ``SERIES_COLUMNS``).
        events: One row per event: ``month``, ``date``, ``kind``, ``direction``
            (``up``/``down``/``neutral``), ``category``, ``causes`` (a list of
            strings) and ``effect``.
        manifest: Scenario name and hash, seed, package, code and dependency versions.

    Examples:
        >>> import journeysim
        >>> journey = journeysim.run("lone_champion", seed=3, years=10)
        >>> journey.series[["month", "level"]].tail(1)  # doctest: +SKIP
        >>> journey.events.loc[0, "causes"]  # doctest: +SKIP
        ['...']

    """

    scenario: Scenario
    seed: int
    outcomes: dict[str, Any]
    series: pd.DataFrame
    events: pd.DataFrame
    manifest: dict[str, Any] = field(repr=False)
    log: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)
    """The event log as the model wrote it (dicts), for the folder and ``--json``."""

    def __repr__(self) -> str:
        o = self.outcomes
        return (
            f"Journey({self.scenario.name!r}, seed={self.seed}, months={o['months']}, "
            f"final_level={o['final_level']!r}, participants_total={o['participants_total']})"
        )

    def to_dict(self) -> dict[str, Any]:
        """What ``journeysim run --json`` prints: headline outcomes, every outcome, the events, the manifest."""
        o = self.outcomes
        return {
            "scenario": self.scenario.name,
            "scenario_hash": self.manifest["scenario_hash"],
            "seed": self.seed,
            **{k: o[k] for k in ("final_level", "months_to_embedded", "running_at_end", "participants_total")},
            "outcomes": o,
            "events": [{k: e[k] for k in EVENT_COLUMNS} for e in self.log],
            "manifest": {k: v for k, v in self.manifest.items() if k != "scenario_definition"},
        }

    def write(self, folder: Folder, format: str = "parquet") -> Path:
        """Write ``runs`` (one row), ``series``, ``events`` (``.parquet``, or ``.csv``) and ``manifest.json``.

        The folder ``journeysim run --out`` writes; refused if ``folder`` holds results of another kind.
        """
        frames = {"series": self.series, **_single(self, self.log)}
        return _write(folder, "run", {**self.manifest, "outcomes": self.outcomes}, format, frames)


def _estimate(scenario: str, metric: str, label: str, iv: dict[str, Any]) -> dict[str, Any]:
    return {"scenario": scenario, "metric": metric, "label": label, **{k: iv.get(k) for k in ESTIMATE_COLUMNS[3:]}}


def _service_estimates(label: str, s: dict[str, Any], runs: pd.DataFrame) -> list[dict[str, Any]]:
    from journeysim.analysis.compare import DEMAND_METRICS, ENDPOINTS, METRIC_LABELS

    ok = runs[(runs["scenario"] == label) & (runs["status"] == "ok")]
    n = len(ok)
    left = int(pd.notna(ok["first_departure_month"]).sum()) if n else 0
    embedded = {y: p for y, p in s["p_embedded_at"].items() if p is not None}
    shares = [(f"p_embedded_at_{y}", p, s["p_embedded_at_ci"][y], n) for y, p in embedded.items()]
    shares += [(m, s[m], s[f"{m}_ci"], k) for m, k in (("p_running_at_end", n), ("p_collapse_after_departure", left))]
    rows = [
        _estimate(label, m, METRIC_LABELS[m], {"value": p, "ci_low": ci[0], "ci_high": ci[1], "n": k})
        for m, p, ci, k in shares
    ]
    for endpoint, text in ENDPOINTS.items():
        if (km := s.get(endpoint)) is not None:
            rows.append(_estimate(label, f"median_{endpoint}", f"median {text}", {**km, "value": km["median_years"]}))
    for metric in ("people_reached", "cost_per_participant", *DEMAND_METRICS):
        if metric in s:
            rows.append(_estimate(label, metric, METRIC_LABELS[metric], s[metric]))
    return rows


def _population_estimates(label: str, s: dict[str, Any]) -> list[dict[str, Any]]:
    from journeysim.analysis.nation import NATION_METRICS

    labels = {c: lab for c, lab, _ in NATION_METRICS} | {"cost_per_participant": "cost per participant (GBP)"}
    return [_estimate(label, metric, text, s[metric]) for metric, text in labels.items()]


@dataclass(frozen=True)
class Comparison:
    """Paired replications of several scenarios, from :func:`journeysim.compare`.

    Replication *i* of every scenario shares its seeds (common random numbers),
    so differences are paired; a difference is always ``b - a`` with ``a``
    listed before ``b``.

    Attributes:
        labels: The scenarios' labels, in the order given (names, made unique with ``#2``...).
        population: Whether the scenarios are populations of services.
        runs: One row per run: ``scenario`` (label), ``replication``, ``run_id``, ``seed``,
            ``status``, ``param.*`` and every outcome (``final_level``,
            ``running_at_end``, ``participants_total``... or, for populations,
            ``share_embedded_final``, ``participants_per_100k_year``...).
        monthly: One row per run and month (single services): ``scenario``,
            ``replication``, ``month``, ``date``, ``level``, ``level_code``,
            ``running``, ``participants``, ``teachers``... Empty for populations.
        estimates: One row per scenario and metric: ``scenario``, ``metric``, ``label``,
            ``value``, ``ci_low``, ``ci_high``, ``n`` (single services: the probabilities, the
            Kaplan–Meier medians including ``median_departure_to_last_course``, people reached,
            cost per participant and the demand means ``eligible_total``, ``referrals_total``,
            ``need_met_share``, ``fill_rate``, ``courses_cancelled``, ``waiting_at_end``).
        differences: One row per pair of scenarios and metric: ``metric``, ``label``,
            ``a``, ``b``, ``diff`` (``b - a``), ``ci_low``, ``ci_high``, ``n_pairs``,
            ``ci_excludes_zero``.
        logrank: Log-rank tests of each pair per survival endpoint (single services):
            ``endpoint``, ``label``, ``a``, ``b``, ``statistic``, ``p_value``,
            ``events_a``, ``expected_a``.
        summary: The same numbers as ``journeysim compare --json`` prints (without its manifest).
        manifest: What was run and the code, Python and dependency versions.

    Examples:
        >>> import journeysim
        >>> c = journeysim.compare(["lone_champion", "lone_champion_succession"], replications=5, bootstrap=200)
        >>> c.differences[["metric", "a", "b", "diff", "ci_low", "ci_high"]]  # doctest: +SKIP
        >>> c.table()  # one row per scenario, one column per metric  # doctest: +SKIP

    """

    labels: tuple[str, ...]
    population: bool
    runs: pd.DataFrame = field(repr=False)
    monthly: pd.DataFrame = field(repr=False)
    summary: dict[str, Any] = field(repr=False)
    manifest: dict[str, Any] = field(repr=False)

    @property
    def estimates(self) -> pd.DataFrame:
        """Per-scenario estimates with intervals, one row per scenario and metric."""
        rows: list[dict[str, Any]] = []
        for label in self.labels:
            s = self.summary["scenarios"][label]
            rows += _population_estimates(label, s) if self.population else _service_estimates(label, s, self.runs)
        return pd.DataFrame(rows, columns=list(ESTIMATE_COLUMNS))

    @property
    def differences(self) -> pd.DataFrame:
        """Paired differences ``b - a`` with intervals, one row per pair and metric."""
        rows = [{**d, "n_pairs": d.get("n_pairs", d.get("n"))} for d in self.summary["differences"]]
        return pd.DataFrame(rows, columns=list(DIFFERENCE_COLUMNS))

    @property
    def logrank(self) -> pd.DataFrame:
        """Log-rank tests, one row per pair and survival endpoint (empty for populations)."""
        return pd.DataFrame(self.summary.get("logrank", []), columns=list(LOGRANK_COLUMNS))

    def table(self) -> pd.DataFrame:
        """The estimates as a wide table: one row per scenario, one column per metric (point values)."""
        est = self.estimates
        wide = est.pivot(index="scenario", columns="metric", values="value")
        return wide.loc[list(self.labels), list(dict.fromkeys(est["metric"]))]

    def to_dict(self, manifest: bool = False) -> dict[str, Any]:
        """The summary as plain data; with ``manifest``, what ``journeysim compare --json`` prints."""
        if not manifest:
            return dict(self.summary)
        scenarios = {label: {k: v[k] for k in ("hash", "source")} for label, v in self.manifest["scenarios"].items()}
        manifest = {k: v for k, v in self.manifest.items() if k != "scenarios"}  # the scenarios last, briefly
        return {**self.summary, "manifest": {**manifest, "scenarios": scenarios}}

    def write(self, folder: Folder, format: str = "parquet") -> Path:
        """Write ``runs``, ``series`` (if the monthly series were kept), ``comparison.json`` and ``manifest.json``.

        The folder ``journeysim compare --out`` writes; refused if ``folder`` holds results of another
        kind or a comparison already.
        """
        from journeysim.batch.tables import rows_to_table

        runs = rows_to_table(self.runs.to_dict("records"))
        frames = {"runs": runs, "series": None if self.monthly.empty else self.monthly}
        return _write(folder, "compare", self.manifest, format, {**frames, "comparison": self.to_dict(manifest=True)})


@dataclass(frozen=True)
class Sweep:
    """A designed sweep's runs, from :func:`journeysim.sweep`.

    Attributes:
        name: The experiment's name.
        factors: The varied factors (parameters or ``KIND.FIELD`` intervention fields).
        runs: One row per run: ``run_index``, ``point_id``, ``point_hash``, ``replication``,
            ``status``, ``param.FACTOR`` for each factor, and every outcome.
        design: One row per design point: ``point_hash``, ``point_id`` and one column per factor.
        status: The sweep's state (``runs_total``, ``runs_done``, ``complete``, ``seconds``...).
        out: The results folder, or ``None`` if the sweep ran in a temporary folder.

    Examples:
        >>> import journeysim
        >>> s = journeysim.sweep("experiments/funding_sweep.toml", replications=2)  # doctest: +SKIP
        >>> s.by_point("running_at_year_15")  # doctest: +SKIP

    """

    name: str
    factors: tuple[str, ...]
    status: dict[str, Any] = field(repr=False)
    out: Path | None = None
    frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def load(self, folder: Path | None = None) -> dict[str, pd.DataFrame]:
        """Read ``runs`` and ``design`` from ``folder`` (default: ``out``) into memory; returns the frames."""
        from journeysim.batch.store import DESIGN, read_runs

        folder = folder or self.out
        if folder is None:
            raise InputError("this sweep's runs were not kept: run it with out= to read them from its folder")
        self.frames.update(runs=read_runs(folder), design=pd.read_parquet(folder / DESIGN))
        return self.frames

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run (read from ``out`` when first asked for)."""
        return self.frames["runs"] if "runs" in self.frames else self.load()["runs"]

    @property
    def design(self) -> pd.DataFrame:
        """One row per design point (read from ``out`` when first asked for)."""
        return self.frames["design"] if "design" in self.frames else self.load()["design"]

    def to_dict(self) -> dict[str, Any]:
        """What ``journeysim sweep --json`` prints: the sweep's state."""
        return dict(self.status)

    def write(self, folder: Folder) -> Path:
        """Copy the sweep's results folder (what ``journeysim sweep --out`` writes) to a new ``folder``.

        Raises:
            InputError: if the sweep ran without ``out=`` (its folder is gone) or ``folder`` exists.

        """
        import shutil

        target = Path(folder)
        if self.out is None:
            raise InputError("this sweep ran in a temporary folder: give sweep(..., out=FOLDER) to keep its folder")
        if target.exists():
            raise InputError(f"{os.fspath(folder)}: exists; give a new folder to copy the sweep's results into")
        shutil.copytree(self.out, target, ignore=shutil.ignore_patterns("*.lock", ".journeysim-*"))
        return target

    def by_point(self, outcome: str) -> pd.DataFrame:
        """The mean of ``outcome`` over the replications of each design point.

        Args:
            outcome: A run column, e.g. ``"running_at_end"`` or ``"participants_total"``.

        Returns:
            One row per design point: one column per factor, then ``mean`` and ``n`` (successful runs).

        Raises:
            InputError: if ``outcome`` is not a run column.

        """
        if outcome not in self.runs.columns:
            allowed = [c for c in self.runs.columns if not c.startswith("param.")]
            raise InputError(f"outcome={outcome!r}: is not a run column. Allowed: {', '.join(allowed)}")
        ok = self.runs[self.runs["status"] == "ok"]
        values = pd.to_numeric(ok[outcome].astype(object).where(ok[outcome].notna()).astype(float), errors="coerce")
        by = [f"param.{f}" for f in self.factors] or ["point_id"]
        frame = ok[by].assign(mean=values)
        out = frame.groupby(by, sort=False, dropna=False)["mean"].agg(["mean", "count"]).reset_index()
        return out.rename(columns={"count": "n", **{f"param.{f}": f for f in self.factors}})


@dataclass(frozen=True)
class Nation:
    """One run of a population of services, from :func:`journeysim.run_nation`.

    Attributes:
        scenario: The population scenario that was run.
        seed: The seed.
        outcomes: National outcomes (``share_embedded_final``, ``participants_per_100k_year``,
            ``gini_final``, ``policy_money_total``...).
        yearly: One row per calendar year and nation (plus ``uk`` for all): shares of services
            at each level, reach per 100,000, inequality of access...
        services: One row per service at the end: ``service``, ``nation``, ``region``,
            ``people``, ``final_level``, ``teachers``, ``participants_total``...
        service_years: One row per service and year: ``level_code``, ``level``, ``teachers``,
            ``participants``...
        events: National events and policy actions, one row each (list-valued columns as lists).
        manifest: Scenario name and hash, seed, package, code and dependency versions.

    Examples:
        >>> import journeysim
        >>> uk = journeysim.run_nation("uk_services", years=10)  # doctest: +SKIP
        >>> uk.yearly.query("nation == 'uk'")[["year", "share_embedded"]]  # doctest: +SKIP

    """

    scenario: Scenario
    seed: int
    outcomes: dict[str, Any]
    yearly: pd.DataFrame = field(repr=False)
    services: pd.DataFrame = field(repr=False)
    service_years: pd.DataFrame = field(repr=False)
    events: pd.DataFrame = field(repr=False)
    manifest: dict[str, Any] = field(repr=False)
    result: Any = field(default=None, repr=False, compare=False)
    """The run as :func:`journeysim.runs.run_nation` returned it (what the text and the report read)."""

    def to_dict(self) -> dict[str, Any]:
        """What ``journeysim nation --json`` prints: manifest, outcomes, yearly table, events."""
        return self.result.to_dict()

    def write(self, folder: Folder, format: str = "parquet") -> Path:
        """Write ``runs`` (one row), ``yearly``, ``services``, ``service_years``, ``events`` and ``manifest.json``.

        The folder ``journeysim nation --out`` writes; refused if ``folder`` holds results of another kind.
        """
        frames = {"yearly": self.yearly, "services": self.services, "service_years": self.service_years}
        return _write(folder, "nation", self.manifest, format, {**frames, **_single(self, self.result.events)})
