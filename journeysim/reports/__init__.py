"""Self-contained HTML reports (plotly inlined; they open offline with no server).

:func:`write_compare_report` for ``journeysim compare --report`` and
:func:`write_sweep_report` for sweeps; both share the figure builders of
:mod:`dashboards.figures` and the document builder of
:mod:`journeysim.reports.document`.
"""

from journeysim.reports.compare import write_compare_report
from journeysim.reports.sweep import write_sweep_report

__all__ = ["write_compare_report", "write_sweep_report"]
