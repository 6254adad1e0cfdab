"""Regenerate docs/validation.md and its figures from real runs.

    python experiments/validation.py                 # published settings (1,600 runs a scenario; 15-25 min on 2 cores)
    python experiments/validation.py --workers 8     # same numbers, faster
    python experiments/validation.py --scheduler tcp://head:8786   # same numbers, on a Dask cluster
    python experiments/validation.py --posterior results/calibration   # add a column drawn from a posterior

Every pattern of the study (journeysim/validation/patterns.py) is evaluated on
replicated runs of shipped scenarios under common random numbers, with fixed
parameters and with parameter uncertainty, and every knock-out is rerun on the
same seeds. With `--posterior DIR` every pattern is also evaluated with each
replication drawing one particle of a calibration's posterior. The options are
those of `journeysim validate --help` (all passed through); this script is that
command with the published defaults.
"""

import sys

from journeysim.cli import main

if __name__ == "__main__":  # the process pool's workers import this file too
    sys.exit(main(["validate", *sys.argv[1:]]))
