"""The dashboard's background jobs: progress, a result from their own process, cancel, errors, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

from journeysim.dashboard import fan, jobs
from journeysim.dashboard.draws import Draws
from journeysim.dashboard.nation_callbacks import run_years
from journeysim.library import load_scenario


def gone(pid: int, within: float) -> bool:
    """Whether process ``pid`` has ended (or become a zombie) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split(") ")[1].startswith("Z"):
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.1)
    return False


def started(job: jobs.Job, timeout: float = 60) -> int:
    """The pid of the job's process once it has reported progress."""
    deadline = time.monotonic() + timeout
    while job.done == 0 and job.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.done > 0, job.error
    return job._proc.pid


def test_a_fan_job_reports_each_chunk_and_returns_the_worlds_run_here() -> None:
    scenario = load_scenario("trainer_demo", sets={"years": 10})
    job = fan.fan_job(scenario, 3, 12, Draws()).start().wait(120)
    assert not job.running and job.error == "" and job.done == job.total == 12
    direct = fan.summarise(scenario, 3, fan.run_worlds(scenario, 3, list(range(12))))
    assert job.result.bands == direct.bands and job.result.n == 12
    assert job._proc.pid != os.getpid() and job._proc.exitcode == 0
    key = (scenario.hash, 3, 12, "fixed")
    assert job.about[0] == key and fan.cached(key) is None  # the page puts the result in the cache
    fan.remember(key, job.result)
    again = fan.fan_job(scenario, 3, 12, Draws()).start().wait(60)  # a cached fan is not computed again
    assert again.fn is fan._given and again.result.bands == direct.bands


def test_a_nation_job_counts_the_months_and_returns_the_run() -> None:
    scenario = load_scenario("uk_services", sets={"years": 10})
    job = jobs.Job(run_years, scenario, 4, total=scenario.months).start().wait(120)
    assert job.error == "" and job.done == job.total == 120
    assert job.result.seed == 4 and job.seconds > 0


def test_cancel_ends_the_jobs_process_and_keeps_no_result() -> None:
    scenario = load_scenario("trainer_demo")
    token = jobs.submit(fan.fan_job(scenario, 11, 1000, Draws()))
    job = jobs.get(token)
    assert job is not None
    pid = started(job)
    job.cancel()
    assert job.wait(10).running is False and gone(pid, 5)
    assert job.cancelled and job.result is None and job.error == "" and 0 < job.done < 1000
    replaced = jobs.submit(fan.fan_job(scenario, 11, 1000, Draws()), previous=token)  # the tab's next run
    assert jobs.get(token) is None
    second = jobs.get(replaced)
    pid = started(second)
    jobs.shutdown()  # the server stops: every job is cancelled
    assert second.wait(10).cancelled and gone(pid, 5) and jobs.get(replaced) is None


def test_jobs_beyond_the_free_cores_wait_their_turn(monkeypatch) -> None:
    monkeypatch.setattr(jobs, "_slots", threading.BoundedSemaphore(1))  # a 2-core laptop: one core left to the server
    scenario = load_scenario("trainer_demo")
    first, second = (fan.fan_job(scenario, seed, 1000, Draws()).start() for seed in (1, 2))
    started(first)
    time.sleep(1.0)
    assert second.running and second.done == 0 and second._proc is None  # waiting, no process yet
    first.cancel()
    started(second)
    second.cancel()
    assert first.wait(10).cancelled and second.wait(10).cancelled


def test_a_failing_job_says_why() -> None:
    scenario = load_scenario("trainer_demo")  # one service: not a population
    job = jobs.Job(run_years, scenario, 0).start().wait(60)
    assert job.result is None and job.error.startswith("the run failed (") and not job.cancelled


def test_a_killed_server_leaves_no_job_process_behind() -> None:
    script = textwrap.dedent(
        """
        import time
        from journeysim.dashboard import fan, jobs
        from journeysim.library import load_scenario
        jobs.warm_up()
        job = fan.fan_job(load_scenario("trainer_demo"), 0, 1000).start()
        while job.done == 0:
            time.sleep(0.05)
        print(job._proc.pid, flush=True)
        time.sleep(120)
        """
    )
    server = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ)
    try:
        worker = int(server.stdout.readline())
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    assert gone(worker, 10), "the job's process outlived the killed server"
