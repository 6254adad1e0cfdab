"""Calibration: real-world targets, and approximate Bayesian computation of the population model against them.

``targets`` reads and checks a targets file; ``simulator`` is the reduced population a calibration runs;
``sampler`` makes pyabc's sampling reproducible wherever it runs; ``abc`` runs ABC-SMC and writes the
posterior folder.
"""
