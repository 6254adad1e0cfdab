"""The small grid experiments the batch tests sweep, and the ``journeysim sweep`` command they run."""

from __future__ import annotations

import subprocess
import sys


def grid_toml(
    name: str,
    replications: int,
    *,
    seed: int | None = None,
    culture: str = "[0.2, 0.8]",
    more: str = "",
    runs_per_file: int | None = None,
) -> str:
    """TOML of a 10-year ``lone_champion`` grid over ``culture`` (and the ``more`` factor lines)."""
    lines = [f'name = "{name}"', 'scenario = "lone_champion"', f"replications = {replications}"]
    lines += [f"seed = {seed}"] if seed is not None else []
    lines += ["[set]", "years = 10", "[design]", 'method = "grid"', "[vary.culture]", f"values = {culture}"]
    lines += [more] if more else []
    lines += ["[output]", f"runs_per_file = {runs_per_file}"] if runs_per_file is not None else []
    return "\n".join(lines) + "\n"


def sweep_command(path, out) -> list[str]:
    """``journeysim sweep`` of the experiment file ``path`` into ``out``, on two workers, without a progress bar."""
    cli = [sys.executable, "-m", "journeysim.cli", "sweep"]
    return [*cli, str(path), "--out", str(out), "--workers", "2", "--no-progress"]


def finish(path, out, total: int) -> subprocess.CompletedProcess:
    """Run the sweep again to its end; it must succeed with all ``total`` runs committed."""
    done = subprocess.run(sweep_command(path, out), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{total:,} of {total:,} runs committed" in done.stdout
    return done
