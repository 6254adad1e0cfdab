"""Many runs: identity and seeding, executors, result stores, comparisons and sweeps.

Named ``batch`` to keep it apart from the top-level ``experiments/`` folder of
experiment definitions and figure scripts.

Public entry points:

* :func:`replicate` – replications of several scenarios under common random numbers
  (:func:`run_many` for any list of :class:`RunSpec`).
* :func:`~journeysim.batch.executors.make_executor` – serial, local process pool or Dask.
* :func:`~journeysim.batch.experiment.load_experiment` and
  :func:`~journeysim.batch.sweep.run_sweep` – designed sweeps streamed to Parquet.
* :func:`~journeysim.batch.store.read_runs` – read a sweep's results back;
  :mod:`~journeysim.batch.results` – its design and runs, for analysis.
"""

from journeysim.batch.replicate import Replications, replicate, run_many
from journeysim.batch.runs import RunSpec, run_spec

__all__ = ["Replications", "RunSpec", "replicate", "run_many", "run_spec"]
