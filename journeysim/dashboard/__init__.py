"""The trainers' live web app (Dash), started with ``journeysim dashboard``.

:func:`journeysim.dashboard.app.create_app` builds it; its styles and scripts
ship in ``assets/`` beside this module. Figures come from
:mod:`journeysim.presentation`, shared with the HTML reports.
"""
