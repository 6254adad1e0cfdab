"""Regenerate docs/sensitivity.md: Morris screening of every uncertain parameter, then Sobol indices.

    python experiments/sensitivity.py                              # defaults: about 12-18 minutes on 2 cores
    python experiments/sensitivity.py --scheduler tcp://head:8786  # same numbers, on a Dask cluster
    python experiments/sensitivity.py --morris-trajectories 40 --morris-replications 20 \
        --sobol-samples 1024 --sobol-replications 20               # publication grade (about 14x the runs)

Four sweeps run on the sweep machinery (journeysim.batch.sweep.run_sweep) into
results/sensitivity/, one folder per experiment and its hash: an interrupted
run resumes where it stopped when started again with the same settings. The
options are those of `journeysim sensitivity-report --help`; this script is
that command. The study itself is journeysim/validation/sensitivity.py.
"""

import sys

from journeysim.cli import main

if __name__ == "__main__":  # the process pool's workers import this file too
    sys.exit(main(["sensitivity-report", *sys.argv[1:]]))
