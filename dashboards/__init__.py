"""journeysim dashboards: the trainers' live web app and the figures shared with the HTML reports.

``dashboards.figures`` needs only plotly, so the reports can use it without
Dash; the app itself (``dashboards.app.create_app``) is started with
``journeysim dashboard``.
"""
