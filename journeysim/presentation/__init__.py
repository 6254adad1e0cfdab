"""How results are shown: figures, tables, text and documents shared by the HTML reports, the dashboard and the CLI.

* :mod:`~journeysim.presentation.style` - palette, level colours, the figure template, shaded bands.
* :mod:`~journeysim.presentation.journey` - one journey: the level over time and the features behind it.
* :mod:`~journeysim.presentation.fans` - fan charts over many worlds (and the quantiles and metrics they show).
* :mod:`~journeysim.presentation.comparison` - many runs: level shares, Kaplan–Meier curves, differences, heatmaps.
* :mod:`~journeysim.presentation.nation_figures` - a population run and comparisons of population scenarios.
* :mod:`~journeysim.presentation.text` - the terminal tables and how numbers read.
* :mod:`~journeysim.presentation.narrative` - plain-words stories from the event log.
* :mod:`~journeysim.presentation.document` - self-contained HTML documents.

Everything here is plain plotly and text: it imports nothing from the
reports, the dashboard or the command line.
"""
