"""Figures of a calibration report (matplotlib, Agg backend; PNG): prior against posterior, pairs, predictive checks.

Each function draws one figure from a :class:`~journeysim.calibration.posterior_checks.CalibrationFolder` (or the
predictive runs) and writes it to ``path``; :mod:`journeysim.calibration.report` links them from the page.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from journeysim.calibration.posterior_checks import DEFAULTS, POSTERIOR_DRAWS, PRIOR, CalibrationFolder
from journeysim.calibration.targets import Targets
from journeysim.parameters import PARAMETERS

COLOURS = {PRIOR: "#9E9E9E", POSTERIOR_DRAWS: "#2166AC", DEFAULTS: "#B2182B", "target": "#1B7837"}


def _figure(rows: int, cols: int, width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    return fig, axes


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def _weighted_kde(x: np.ndarray, w: np.ndarray, grid: np.ndarray) -> np.ndarray | None:
    from scipy.stats import gaussian_kde

    keep = w > 0
    if keep.sum() < 3 or np.ptp(x[keep]) <= 0:
        return None
    try:
        return gaussian_kde(x[keep], weights=w[keep])(grid)
    except (np.linalg.LinAlgError, ValueError):
        return None


def marginals_figure(cal: CalibrationFolder, summary: pd.DataFrame, path: Path) -> Path:
    """One panel per parameter: the uniform prior, the weighted posterior (histogram and KDE), median and default."""
    names = list(cal.names)
    cols = min(4, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = _figure(rows, cols, 3.3 * cols, 2.6 * rows)
    w = cal.weights
    for ax, name in zip(axes.flat, names, strict=False):
        p = PARAMETERS[name]
        x = cal.posterior[name].to_numpy(dtype=float)
        width = p.high - p.low
        ax.fill_between([p.low, p.high], 0, 1 / width, color=COLOURS[PRIOR], alpha=0.3, step="mid", label="prior")
        ax.hist(x, bins=20, range=(p.low, p.high), weights=w, density=True, color=COLOURS[POSTERIOR_DRAWS], alpha=0.45)
        grid = np.linspace(p.low, p.high, 200)
        kde = _weighted_kde(x, w, grid)
        if kde is not None:
            ax.plot(grid, kde, color=COLOURS[POSTERIOR_DRAWS], lw=1.5, label="posterior")
        row = summary.loc[name]
        ax.axvspan(row.q05, row.q95, color=COLOURS[POSTERIOR_DRAWS], alpha=0.08)
        ax.axvline(row["median"], color=COLOURS[POSTERIOR_DRAWS], lw=1, ls="-")
        ax.axvline(p.default, color=COLOURS[DEFAULTS], lw=1, ls="--", label="default")
        ax.set_xlim(p.low, p.high)
        ax.set_title(name, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_yticks([])
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="upper right")
    fig.suptitle(
        "Prior (grey, uniform over the declared range) and posterior (blue: weighted histogram and KDE;"
        " line = median, band = 90% interval); red dashes = declared default",
        fontsize=9,
    )
    return _save(fig, path)


def pairs_figure(cal: CalibrationFolder, path: Path) -> Path:
    """Corner plot: weighted histograms on the diagonal, particles (size by weight) below it, each pair once."""
    names = list(cal.names)
    k = len(names)
    fig, axes = _figure(k, k, max(4.0, 1.45 * k), max(4.0, 1.45 * k))
    w = cal.weights
    sizes = 4 + 60 * w / w.max()
    for i, a in enumerate(names):
        pa = PARAMETERS[a]
        for j, b in enumerate(names):
            ax = axes[i, j]
            if j > i:
                ax.set_visible(False)
                continue
            pb = PARAMETERS[b]
            if i == j:
                ax.hist(cal.posterior[a], bins=15, range=(pa.low, pa.high), weights=w, color=COLOURS[POSTERIOR_DRAWS])
                ax.set_yticks([])
            else:
                ax.scatter(
                    cal.posterior[b],
                    cal.posterior[a],
                    s=sizes,
                    alpha=0.45,
                    color=COLOURS[POSTERIOR_DRAWS],
                    linewidths=0,
                )
                ax.set_ylim(pa.low, pa.high)
            ax.set_xlim(pb.low, pb.high)
            ax.tick_params(labelsize=5, length=2)
            if i == k - 1:
                ax.set_xlabel(b, fontsize=6)
            else:
                ax.set_xticklabels([])
            if j == 0 and i > 0:
                ax.set_ylabel(a, fontsize=6)
            elif i != j:
                ax.set_yticklabels([])
    fig.suptitle(
        "Posterior particles, every pair of parameters (axes = declared ranges; point size = weight)", fontsize=9
    )
    return _save(fig, path)


def predictive_figure(runs: pd.DataFrame, targets: Targets, path: Path) -> Path:
    """One panel per target: prior and posterior predictive distributions, default runs, the figure and its sd."""
    ts = [*targets.targets, *targets.held_out]  # shares; patterns have units of their own (see the tables)
    cols = min(2, len(ts))
    rows = math.ceil(len(ts) / cols)
    fig, axes = _figure(rows, cols, 4.6 * cols, 2.8 * rows)
    for ax, t in zip(axes.flat, ts, strict=False):
        bins = np.linspace(0.0, 1.0, 41)
        for source in (PRIOR, POSTERIOR_DRAWS):
            x = runs.loc[runs["source"] == source, t.name].to_numpy(dtype=float)
            x = x[np.isfinite(x)]
            if x.size:
                ax.hist(
                    x,
                    bins=bins,
                    density=True,
                    histtype="stepfilled",
                    alpha=0.35,
                    color=COLOURS[source],
                    label=f"{source} predictive ({x.size})",
                )
        # a bound allows the whole side it opens onto; only the other side has the sd bands
        for k, alpha in ((2, 0.08), (1, 0.15)):
            left = 0.0 if t.bound == "upper" else t.figure - k * t.sd_below
            right = 1.0 if t.bound == "lower" else t.figure + k * t.sd_above
            ax.axvspan(left, right, color=COLOURS["target"], alpha=alpha)
        ax.axvline(t.figure, color=COLOURS["target"], lw=2, label="target ±1, 2 sd (a bound: its whole side)")
        d = runs.loc[runs["source"] == DEFAULTS, t.name].to_numpy(dtype=float)
        if d.size:
            ax.plot(d, np.zeros_like(d), "|", color=COLOURS[DEFAULTS], ms=14, mew=2, label="defaults")
        ax.set_xlim(0, 1)
        ax.set_yticks([])
        held = ", held out" if t.held_out else ""
        ax.set_title(f"{t.name} ({t.output}, {t.nation}, {t.year}{held})", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(ts) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    return _save(fig, path)


def distances_figure(cal: CalibrationFolder, path: Path) -> Path | None:
    """Accepted particles' distances by generation (log scale), with each generation's threshold."""
    d = cal.distances
    if d is None or d.empty:
        return None
    fig, axes = _figure(1, 1, 5.5, 3.0)
    ax = axes[0, 0]
    gens = sorted(d["generation"].unique())
    data = [np.clip(d.loc[d["generation"] == g, "distance"].to_numpy(dtype=float), 1e-3, None) for g in gens]
    ax.boxplot(data, positions=[g + 1 for g in gens], widths=0.5)
    eps = cal.manifest.get("epsilons") or []
    finite = [(i + 1, e) for i, e in enumerate(eps) if e is not None and np.isfinite(e)]
    if finite:
        ax.plot(*zip(*finite, strict=True), "o--", color=COLOURS[DEFAULTS], ms=4, label="threshold")
        ax.legend(fontsize=7)
    ax.set_yscale("log")
    ax.set_xlabel("generation", fontsize=8)
    ax.set_ylabel("distance (sum of squared z)", fontsize=8)
    ax.tick_params(labelsize=7)
    return _save(fig, path)
