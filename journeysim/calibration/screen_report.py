"""The screen's section of docs/calibration.md: which parameters the targets can inform, and which were chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from journeysim.calibration.screen import LEVELS, read_screen

ROWS = 25
"""Parameters shown in the ranking table."""


def _num(x: float) -> str:
    return "∞" if not np.isfinite(x) else f"{x:.2f}"


def screen_lines(folder: str | Path, calibrated: list[str] | tuple[str, ...], rows: int = ROWS) -> list[str]:
    """The section's Markdown lines for the screen written in ``folder``; ``calibrated`` marks the chosen ones."""
    effects, ranking, noise, meta = read_screen(Path(folder))
    settings: dict[str, Any] = dict(meta.get("settings", {}))  # type: ignore[arg-type]
    informative = list(meta.get("informative", []))  # type: ignore[arg-type]
    parameters = len(ranking)
    lines = [
        f"Made by `journeysim screen {Path(str(meta.get('targets', 'uk'))).name}` "
        f"(model code {meta.get('code_fingerprint', '?')}): a Morris design of {settings.get('trajectories')} "
        f"trajectories over all {parameters} declared uncertain parameters a population run uses, {LEVELS} levels, "
        f"{meta.get('runs')} runs of the calibration's own simulator ({settings.get('scenario')} reduced to "
        f"{settings.get('services')} services), seed {settings.get('seed')}. Effects are in target standard "
        "deviations per whole declared range (the units of the calibration's distance). The points of one "
        "trajectory share a seed. The noise floor of a target is the μ* a parameter that does nothing would show, "
        f"from {settings.get('noise_runs')} runs at the defaults with their own seeds; a parameter *informs* a "
        f"target when its μ* exceeds {settings.get('floor_factor')} floors.",
        "",
        "| target | run-to-run sd at the defaults | in target sds |",
        "|---|---|---|",
        *[f"| `{r.target}` | {r.run_sd:.3f} | {r.run_sd_in_target_sds:.2f} |" for r in noise.itertuples()],
        "",
        f"{len(informative)} of {parameters} parameters inform at least one target. The {rows} with the largest "
        "effect over the floor (bold: calibrated by default):",
        "",
        "| rank | parameter | μ* / floor | μ* (target sds) | on target | targets informed |",
        "|---|---|---|---|---|---|",
    ]
    for i, r in enumerate(ranking.head(rows).itertuples(), start=1):
        name = f"**`{r.parameter}`**" if r.parameter in calibrated else f"`{r.parameter}`"
        lines.append(f"| {i} | {name} | {_num(r.signal)} | {r.mu_star:.2f} | `{r.moves_most}` | {r.informs} |")
    silent = int((effects.groupby("parameter")["mu_star"].max() == 0.0).sum())
    lines += [
        "",
        f"{silent} parameters changed no target output at any step of the design. Within a trajectory's shared "
        "seed that is exact: a parameter that acts only after the last target year (national events after 2015, "
        "say), only on what the targets do not measure, or only rarely in a population this small gives zero.",
    ]
    return lines
