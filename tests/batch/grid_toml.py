"""The small grid experiments the batch tests sweep, written in one place."""

from __future__ import annotations


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
