"""Measuring helpers for the benchmarks: run a child process and sample its memory."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def tree_memory(proc: psutil.Process) -> int:
    """Proportional set size (PSS) of a process and all its descendants, in bytes.

    PSS divides shared pages among the processes that share them, so forked
    workers are not counted several times over.
    """
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in family:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def measure(args: list[str], interval: float = 0.05) -> tuple[dict, int, float]:
    """Run ``python ARGS`` in a child process; return (its JSON output, peak tree PSS in bytes, wall seconds)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    proc = psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_memory(proc))
            time.sleep(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = child.communicate()
    done.set()
    thread.join()
    if child.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(args)}")
    return json.loads(out), peak, time.perf_counter() - start


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"
