"""Validation: whether the model reproduces the study's patterns, and which assumptions drive fragility.

* :mod:`~journeysim.validation.patterns` - each pattern of the ASPIRE study as a declared
  check (statement, source, metric, scenarios, criterion); :mod:`~journeysim.validation.measures`
  how each is measured, with a 95% confidence interval; :mod:`~journeysim.validation.knockouts`
  the knock-outs that show which mechanism produces it.
* :mod:`~journeysim.validation.runs` - replicated runs of the patterns' scenarios under
  common random numbers (:func:`journeysim.batch.replicate`).
* :mod:`~journeysim.validation.runner` - :func:`run_validation`: every pattern, with and
  without parameter uncertainty, and every knock-out.
* :mod:`~journeysim.validation.report` - ``docs/validation.md`` and its figures.
* :mod:`~journeysim.validation.sensitivity_study` - Morris screening and Sobol indices on the
  sweep machinery, its outcomes, scenarios and inertness check
  (:mod:`~journeysim.validation.sensitivity_measures`), and ``docs/sensitivity.md``
  (:mod:`~journeysim.validation.sensitivity_report`).
* ``journeysim validate`` and ``journeysim sensitivity-report``: :mod:`journeysim.cli.validation`.

This layer runs models and presents statistics; the model knows nothing of it.
"""
