"""Regenerate docs/calibration.md: the how-to text, then the results of a finished calibration.

    python experiments/calibration.py --calibration results/calibration            # about 10-20 min on 2 cores
    python experiments/calibration.py --calibration results/calibration --skip-headlines   # a minute or two
    python experiments/calibration.py --calibration DIR --out /tmp/page.md --predictive 4 --replications 4

The page is experiments/calibration_howto.md (the hand-written how-to, included verbatim) followed by
generated sections: the targets; prior against posterior of each calibrated parameter (table and
figures docs/figures/calibration_*.png); what the targets identify (shrinkage, trade-offs); posterior
and prior predictive checks (runs of the calibration's own simulator); and the headline conclusions
of experiments/fragility.py and experiments/national_policy.py with the declared ranges
(`journeysim compare --uncertain`) and at the defaults against the posterior (`--posterior DIR`), same
replications and seed.

The predictive runs and the headline comparisons are cached under --cache (default
results/calibration_report/), keyed by the posterior's hash, the model code and the settings: a second
call with the same settings only re-renders. --refresh ignores the cache. The computations are in
journeysim/calibration/posterior_checks.py, the figures and the Markdown in journeysim/calibration/report.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
HOWTO = Path(__file__).resolve().parent / "calibration_howto.md"
NATIONAL_STUDY_REPLICATIONS = 20  # experiments/national_policy.py's default
NATIONAL_REPLICATIONS = 20  # this page's default: 5 policies x 2 x 20 runs of about 4 s, about 7 min on 2 cores


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--calibration", required=True, type=Path, metavar="DIR", help="a finished calibration folder")
    p.add_argument(
        "--out", type=Path, default=ROOT / "docs" / "calibration.md", help="the page (default docs/calibration.md)"
    )
    p.add_argument("--figures", type=Path, default=None, help="where the PNGs go (default: figures/ next to --out)")
    p.add_argument("--targets", type=Path, default=None, help="the targets file, if not the one the manifest names")
    p.add_argument("--predictive", type=int, default=100, metavar="N", help="posterior (and prior) draws (default 100)")
    p.add_argument("--defaults", type=int, default=5, metavar="K", help="runs at the declared defaults (default 5)")
    p.add_argument(
        "--replications",
        type=int,
        default=200,
        metavar="R",
        help="fragility replications (default 200, as fragility.py)",
    )
    p.add_argument(
        "--national-replications",
        type=int,
        default=None,
        metavar="R",
        help=f"national policy replications (default: the smaller of --replications and {NATIONAL_REPLICATIONS})",
    )
    p.add_argument("--workers", type=int, default=None, metavar="K", help="local processes (default: one per CPU)")
    p.add_argument("--seed", type=int, default=0, help="seed of the predictive draws and the comparisons (default 0)")
    p.add_argument(
        "--screen",
        type=Path,
        default=ROOT / "results" / "calibration_screen",
        metavar="DIR",
        help="the folder 'journeysim screen' wrote (default results/calibration_screen; left out if absent)",
    )
    p.add_argument(
        "--loo",
        type=Path,
        default=ROOT / "docs" / "figures" / "calibration_loo.md",
        metavar="FILE",
        help="the leave-one-out table experiments/leave_one_out.py wrote (included if made at this code)",
    )
    p.add_argument("--skip-headlines", action="store_true", help="leave out section 5 (the slow part)")
    p.add_argument("--cache", type=Path, default=ROOT / "results" / "calibration_report", help="cache folder")
    p.add_argument("--refresh", action="store_true", help="recompute even what the cache holds")
    return p.parse_args(argv)


def _command(argv: list[str]) -> str:
    return " ".join(["python experiments/calibration.py", *argv])


def _key(**parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _identity(folder: Path) -> dict[str, str]:
    """What the cached results depend on: the posterior's bytes, the targets it was fitted to and the model code."""
    from journeysim.batch.files import sha256_of
    from journeysim.fingerprint import code_fingerprint

    sha = sha256_of(folder / "posterior.parquet")
    manifest = folder / "manifest.json"
    targets = json.loads(manifest.read_text(encoding="utf-8")).get("targets_sha256", "") if manifest.is_file() else ""
    return {"posterior_sha256": sha, "targets_sha256": targets, "code": code_fingerprint()}


class Cache:
    """JSON (and Parquet) files under a folder, named by what they depend on."""

    def __init__(self, folder: Path, refresh: bool) -> None:
        self.folder = folder
        self.refresh = refresh

    def json(self, name: str, key: str, compute: Callable[[], Any]) -> Any:
        """The cached value, or ``compute()`` stored."""
        path = self.folder / f"{name}-{key}.json"
        if path.is_file() and not self.refresh:
            print(f"  (cached: {path})", file=sys.stderr)
            return json.loads(path.read_text(encoding="utf-8"))
        value = compute()
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, default=_plain), encoding="utf-8")
        return json.loads(path.read_text(encoding="utf-8"))

    def frame(self, name: str, key: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The cached table, or ``compute()`` stored."""
        path = self.folder / f"{name}-{key}.parquet"
        if path.is_file() and not self.refresh:
            print(f"  (cached: {path})", file=sys.stderr)
            return pd.read_parquet(path)
        value = compute()
        self.folder.mkdir(parents=True, exist_ok=True)
        value.to_parquet(path, index=False)
        return value


def _plain(x: Any) -> Any:
    if hasattr(x, "item"):
        return x.item()
    if hasattr(x, "tolist"):
        return x.tolist()
    raise TypeError(f"not JSON: {type(x).__name__}")


def _slim(summary: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """A comparison summary relabelled with the studies' own names, without Kaplan-Meier curves."""

    def label(x: str) -> str:
        return names.get(x, x)

    scenarios = {
        label(k): {
            kk: ({a: b for a, b in vv.items() if a != "curve"} if isinstance(vv, dict) else vv) for kk, vv in v.items()
        }
        for k, v in summary["scenarios"].items()
    }
    diffs = [{**d, "a": label(d["a"]), "b": label(d["b"])} for d in summary.get("differences", [])]
    return {"scenarios": scenarios, "differences": diffs}


def compare_both(
    labels: dict[str, str], replications: int, seed: int, workers: int | None, posterior: Path
) -> dict[str, Any]:
    """``journeysim compare`` of the scenarios at the defaults, with ``--uncertain`` and with ``--posterior DIR``."""
    import journeysim

    refs = list(labels.values())
    out: dict[str, Any] = {"labels": labels, "replications": replications, "seed": seed}
    for how, kwargs in (("defaults", {}), ("uncertain", {"uncertain": True}), ("posterior", {"posterior": posterior})):
        started = time.perf_counter()
        c = journeysim.compare(refs, replications=replications, seed=seed, workers=workers, progress=True, **kwargs)
        names = dict(zip(c.labels, labels, strict=True))
        out[how] = _slim(c.summary, names)
        out[f"{how}_seconds"] = time.perf_counter() - started
        print(f"  {how}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return out


def headlines(args: argparse.Namespace, cache: Cache, identity: dict[str, str]) -> dict[str, Any]:
    """Section 5: the fragility and national policy studies under the declared ranges and under the posterior."""
    from fragility import STRATEGIES
    from national_policy import POLICIES

    started = time.perf_counter()
    national = args.national_replications or min(args.replications, NATIONAL_REPLICATIONS)
    print(f"fragility: {len(STRATEGIES)} strategies x {args.replications} replications x 3", file=sys.stderr)
    f_key = _key(**identity, study="fragility", labels=STRATEGIES, r=args.replications, seed=args.seed, runs=3)
    fragility = cache.json(
        "fragility",
        f_key,
        lambda: compare_both(STRATEGIES, args.replications, args.seed, args.workers, args.calibration),
    )
    print(f"national policy: {len(POLICIES)} policies x {national} replications x 3", file=sys.stderr)
    n_key = _key(**identity, study="national", labels=POLICIES, r=national, seed=args.seed, runs=3)
    nation = cache.json(
        "national", n_key, lambda: compare_both(POLICIES, national, args.seed, args.workers, args.calibration)
    )
    nation["study_replications"] = NATIONAL_STUDY_REPLICATIONS
    runs = ("defaults", "uncertain", "posterior")
    seconds = sum(b.get(f"{h}_seconds", 0.0) for b in (fragility, nation) for h in runs)
    print(f"headlines: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {"fragility": fragility, "national": nation, "seconds": seconds}


def loo_lines(path: Path) -> list[str]:
    """The leave-one-out table as a subsection of the predictive checks, if ``path`` was made at this code."""
    from journeysim.fingerprint import code_fingerprint

    if not path.is_file():
        print(f"  (no leave-one-out table at {path}: left out)", file=sys.stderr)
        return []
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    if f"`{code_fingerprint()}`" not in body:
        print(f"  ({path} was made at other model code: left out; rerun experiments/leave_one_out.py)", file=sys.stderr)
        return []
    return ["### " + title.lstrip("# "), "", *body.strip("\n").splitlines(), ""]


def main(argv: list[str] | None = None) -> int:
    """Write the page; return the exit status."""
    from journeysim.batch.executors import make_executor
    from journeysim.calibration.report import build_report, write_page
    from journeysim.calibration.screen_report import screen_lines
    from journeysim.errors import InputError

    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    figures = args.figures or args.out.parent / "figures"
    cache = Cache(args.cache, args.refresh)
    started = time.perf_counter()
    try:
        identity = _identity(args.calibration) if (args.calibration / "posterior.parquet").is_file() else {}

        def cached_runs(plan: pd.DataFrame, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
            key = _key(**identity, plan=plan.to_json(), predictive=True)
            return cache.frame("predictive", key, compute)

        print(
            f"predictive checks: {args.predictive} posterior + {args.predictive} prior + {args.defaults} default runs",
            file=sys.stderr,
        )
        with make_executor(args.workers) as executor:
            report = build_report(
                args.calibration,
                figures,
                draws=args.predictive,
                defaults=args.defaults,
                seed=args.seed,
                executor=executor,
                targets=args.targets,
                predictive_runs=cached_runs,
            )
        print(f"predictive checks and figures: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if (args.screen / "screen.json").is_file():
            report.screen = screen_lines(args.screen, report.calibration.names)
        report.loo = loo_lines(args.loo)
        if not args.skip_headlines:
            report.headlines = headlines(args, cache, identity)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report.command = _command(argv)
    page = write_page(report, HOWTO.read_text(encoding="utf-8"), args.out)
    print(f"wrote {page} and {len(report.figures)} figures in {figures} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":  # the process pool's workers import this file too
    sys.exit(main())
