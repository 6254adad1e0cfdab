"""Leave-one-out checks of a calibration: each target and each pattern predicted by a posterior fitted without it.

    python experiments/leave_one_out.py uk+patterns --parameter NAMES --populations 60 --generations 4

Runs one calibration per target and per pattern of TARGETS, each with that one left out of the distance
(``journeysim calibrate --leave-out``), into ``results/loo/<name>`` (each resumable), then writes
``docs/figures/calibration_loo.md``: the left-out figure, its prediction (weighted median and 90% interval of
the last generation's own runs) and whether it is predicted. Settings are smaller than the main calibration's
(one calibration per row); the page says which.
"""

from __future__ import annotations

from pathlib import Path

from common import ROOT, markdown_table, options, run, write_text

from journeysim.batch.executors import make_executor
from journeysim.calibration.abc import Settings, calibrate
from journeysim.calibration.loo import predictions
from journeysim.calibration.simulator import check_parameters, default_parameters
from journeysim.calibration.targets import SHIPPED, load_targets, shipped_targets
from journeysim.fingerprint import code_fingerprint


def main() -> None:
    """Run (or resume) every leave-one-out calibration and write the table."""
    p = options(__doc__.splitlines()[0], None)
    p.add_argument("targets", help="a targets file, or a shipped name (uk, uk+patterns)")
    p.add_argument("--parameter", default="", help="comma-separated parameters (default: the targets' default set)")
    p.add_argument("--populations", type=int, default=60)
    p.add_argument("--generations", type=int, default=4)
    p.add_argument("--services", type=int, default=100)
    p.add_argument("--out", type=Path, default=ROOT / "results" / "loo")
    args = p.parse_args()
    targets = load_targets(shipped_targets(args.targets) if args.targets in SHIPPED else args.targets)
    names = check_parameters([n.strip() for n in args.parameter.split(",") if n.strip()] or default_parameters(targets))
    folders = []
    with make_executor(workers=args.workers, scheduler=args.scheduler) as executor:
        for left in targets.names:
            settings = Settings(
                population_size=args.populations,
                generations=args.generations,
                services=args.services,
                seed=args.seed or 2024,
                parameters=names,
                leave_out=(left,),
            )
            folder = args.out / left
            calibrate(targets, folder, settings, executor=executor, progress=lambda line, n=left: print(n, line))
            folders.append(folder)
    table = predictions(folders, targets)
    sign = {"lower": "≥ ", "upper": "≤ "}
    rows = []
    for r in table.itertuples():
        interval = f"{r.median:.2f} ({r.q05:.2f}–{r.q95:.2f})"
        verdict = "yes" if r.predicted else "**no**"
        rows.append([f"`{r.left_out}`", f"{sign.get(r.bound, '')}{r.figure:g}", interval, verdict])
    missed = [f"`{r.left_out}`" for r in table.itertuples() if not r.predicted]
    lines = [
        "# Leave-one-out checks of the calibration",
        "",
        f"- **Generated** by `python experiments/leave_one_out.py {args.targets} --parameter {','.join(names)}"
        f" --populations {args.populations} --generations {args.generations}` at model code `{code_fingerprint()}`.",
        f"- Targets: `{targets.path}`. Each row is its own calibration ({args.populations} particles,"
        f" {args.generations} generations, {args.services} services, seed {args.seed or 2024}) fitted without that"
        " row; its prediction is the weighted median (90% interval) of the last generation's own runs.",
        "",
        markdown_table(["left out", "figure", "predicted without it", "predicted"], rows),
        f"Not predicted: {', '.join(missed)}." if missed else "Every left-out figure and pattern is predicted.",
    ]
    write_text(args.figures / "calibration_loo.md", "\n".join(lines) + "\n")


if __name__ == "__main__":
    run(main)
