"""Regenerate docs/sensitivity.md: Morris screening of every uncertain parameter where it acts, then Sobol indices.

    python experiments/sensitivity.py                              # defaults: about 100,000 runs, 15-25 min on 2 cores
    python experiments/sensitivity.py --scheduler tcp://head:8786  # same numbers, on a Dask cluster
    python experiments/sensitivity.py --morris-trajectories 40 --morris-replications 10 \
        --sobol-samples 1024 --sobol-replications 20               # publication grade (about 10x the runs)

One Morris sweep per scenario of the study's scenario set (every outcome from
the same runs), then one Sobol sweep per fragility outcome, all on the sweep
machinery (journeysim.batch.sweep.run_sweep) into results/sensitivity/, one
folder per experiment hash and code fingerprint: an interrupted run resumes
where it stopped when started again with the same settings.

The report is written in any case; the script prints the parameters whose
mu* stays within two replication-noise floors on every outcome in every
scenario ("inert") and exits with status 1 if there are any. The options are those of `journeysim sensitivity-report
--help`; this script is that command. The study itself is
journeysim/validation/sensitivity_study.py.
"""

import sys

from journeysim.cli import main

if __name__ == "__main__":  # the process pool's workers import this file too
    sys.exit(main(["sensitivity-report", *sys.argv[1:]]))
