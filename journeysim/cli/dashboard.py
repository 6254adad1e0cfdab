"""``journeysim dashboard``: start the trainers' web app.

Dash is imported only when the command runs, so ``journeysim --help`` stays quick.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from journeysim.cli.options import command, folder


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Serve the app until interrupted.

    Start the trainers' web app: pick or describe a service, play its journey month by month, press 'champion leaves',
    replay the same world with another strategy, export figures. Open the printed address in a browser; each browser
    tab has its own simulation.
    """
    from journeysim.api.inputs import posterior_of
    from journeysim.dashboard.app import serve

    posterior = posterior_of(args.posterior)
    results = folder(args.results, "--results")
    if not _is_loopback(args.host):
        print(
            f"journeysim: note: serving on {args.host}: anyone who can reach this machine can use the app",
            file=sys.stderr,
        )
    try:
        serve(args.host, args.port, posterior, results)
    except OSError as exc:
        print(f"journeysim: error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``dashboard`` with the main command line."""
    p = command(subparsers, cmd_dashboard, "start the trainers' web app (Dash) on this computer")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8050, help="port to listen on (default 8050)")  # range: OPTIONS
    p.add_argument(
        "--posterior",
        metavar="DIR",
        help="draw the fan chart's worlds from this calibrated posterior folder (one particle per world)",
    )
    p.add_argument(
        "--results",
        default="results",
        metavar="DIR",
        help="folder searched for calibrated posteriors the fan chart can draw from (default results)",
    )
