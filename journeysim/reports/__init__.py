"""Self-contained HTML reports (plotly inlined; they open offline with no server).

:func:`write_compare_report` for ``journeysim compare --report`` and
:func:`write_sweep_report` for sweeps; :func:`write_nation_report` for
``journeysim nation --report`` and :func:`write_nation_compare_report` for
comparisons of population scenarios. They draw with the figure builders of
:mod:`journeysim.presentation` (shared with the dashboard) and write with its
document builder, :class:`journeysim.presentation.document.Report`. Each writer creates the
folders it needs and replaces the file atomically.
"""

from journeysim.reports.compare import write_compare_report
from journeysim.reports.nation import write_nation_report
from journeysim.reports.nation_compare import write_nation_compare_report
from journeysim.reports.sweep import write_sweep_report

__all__ = ["write_compare_report", "write_nation_compare_report", "write_nation_report", "write_sweep_report"]
