"""Shared bits of the experiment scripts: paths, options, small Markdown and figure helpers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from journeysim.cli.options import OPTIONS, check_options
from journeysim.values import ValueSpec

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "figures"
EXPERIMENTS = ROOT / "experiments"
PALETTE = ["#B2182B", "#2166AC", "#1B7837", "#762A83", "#E08214", "#4D4D4D"]


class ScriptParser(argparse.ArgumentParser):
    """The command line's parser, whose numeric options are checked against their declared ranges once parsed.

    The ranges of ``--replications``, ``--seed``, ``--workers`` are the CLI's (:data:`journeysim.cli.options.OPTIONS`),
    and a script declares its own with ``ranges`` (:func:`journeysim.cli.options.option`); a value outside them is a
    :class:`~journeysim.cli.options.UsageError`, which :func:`run` prints in one line.
    """

    def __init__(self, *args: Any, ranges: Mapping[str, ValueSpec] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ranges = {**OPTIONS, **(ranges or {})}

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        parsed = super().parse_args(args, namespace)
        check_options(parsed, self.ranges)
        return parsed


def options(
    description: str, replications: int | None, ranges: Mapping[str, ValueSpec] | None = None
) -> argparse.ArgumentParser:
    """Common options: replications (``None``: the script has none), seed, workers or a Dask scheduler, figures.

    ``ranges``: the declared ranges of the script's own numeric options, checked with the common ones.
    """
    p = ScriptParser(description=description, ranges=ranges)
    if replications is not None:
        p.add_argument("--replications", "-n", type=int, default=replications, help=f"default {replications}")
    p.add_argument("--seed", type=int, default=0)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--workers", type=int, default=None, help="local processes (default: one per CPU)")
    group.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://head:8786")
    p.add_argument("--figures", type=Path, default=FIGURES, help="where figures and tables go (default docs/figures)")
    return p


def run(main: Callable[[], None]) -> None:
    """Run a script's ``main``: bad input (an :class:`~journeysim.errors.InputError`) is one line and exit status 2."""
    from journeysim.errors import InputError

    try:
        main()
    except InputError as exc:
        print(f"{Path(sys.argv[0]).name}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def pct(p: float | None, lo: float | None = None, hi: float | None = None) -> str:
    """``42% (35-49)``."""
    if p is None:
        return "-"
    return f"{100 * p:.0f}%" + ("" if lo is None or hi is None else f" ({100 * lo:.0f}-{100 * hi:.0f})")


def num(x: float | None, lo: float | None = None, hi: float | None = None, digits: int = 0) -> str:
    """``1,234 (1,100-1,350)``."""
    if x is None:
        return "-"
    out = f"{x:,.{digits}f}"
    return out + ("" if lo is None or hi is None else f" ({lo:,.{digits}f}-{hi:,.{digits}f})")


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    """A GitHub Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def provenance() -> str:
    """Which journeysim and which model code made the numbers (for a table's header line)."""
    from journeysim import __version__
    from journeysim.fingerprint import code_fingerprint

    return f"journeysim {__version__}, model code {code_fingerprint()}"


def shown_path(path: Path) -> str:
    """``path`` as the repository names it when it lies inside it (no machine paths in what is published)."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def write_text(path: Path, text: str, stamp: bool = False) -> Path:
    """Write a text file, creating its folder; with ``stamp``, end it with :func:`provenance`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if stamp:
        text = text.rstrip("\n") + f"\n\nMade with {provenance()}.\n"
    path.write_text(text)
    return path


def write_json(path: Path, data: Any) -> Path:
    """Write JSON (NaN-free), creating its folder."""
    return write_text(path, json.dumps(data, indent=2, allow_nan=False) + "\n")


def write_figure(fig: Any, path: Path) -> Path:
    """A small HTML figure (plotly.js from its CDN, so the file stays a few kilobytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.update_layout(template="plotly_white", font={"size": 13}, margin={"l": 60, "r": 20, "t": 60, "b": 50})
    fig.write_html(path, include_plotlyjs="cdn", full_html=True)
    return path
