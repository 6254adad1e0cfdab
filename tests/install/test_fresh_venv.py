"""The built wheel in a fresh virtual environment: every command of the README's table, the shipped
experiments by name and the Python API examples of the docs, run from a folder outside the repository.

The wheel is built as ``tests/cli/test_wheel.py`` builds it and installed with ``pip install WHEEL`` into a
new ``python -m venv``, dependencies resolved from the package registry (pip's cache makes reruns fast).
The whole module takes about 3 minutes here (wheel, venv and install about 1.5 of them): it is the ``install``
tier (``pytest -m install``), which CI runs after the default run.

The commands are read from README.md, so the test follows the docs. Rules for running them small:

1. Commands are the backticked spans starting with ``journeysim`` in the second column of the table
   under "What is in it"; optional ``[...]`` groups are kept (their brackets dropped).
2. Placeholders: ``A B C`` become three shipped scenarios; ``"select ..."`` becomes a count of the runs.
3. Small settings: ``--replications N``/``-n N`` above 2 become 2; a sweep gets ``--replications 1``;
   a command on the population scenario ``uk_services`` (other than a sweep, whose experiment fixes
   the years) gets ``--years 15`` (its national policy starts in 2016, inside 2004-2018);
   ``validate`` gets ``-n 10 --no-uncertainty --no-knockouts --no-figures --out -`` (10 is its least).
4. A folder a command reads but no earlier row writes (``sensitivity results/morris``) is made first by a
   tiny Morris sweep written here.
5. ``dashboard`` serves until stopped: it is started on a free port, must answer HTTP 200, then is stopped.

The Python examples are the ``python`` code blocks of README.md's "Python API" section and of
docs/api.md, with ``replications=N`` above 2 made 2.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SCENARIOS_ABC = ["lone_champion", "lone_champion_succession", "several_implementers"]
MORRIS = """name = "morris"
scenario = "lone_champion"
replications = 1
[set]
years = 10
[design]
method = "morris"
samples = 2
[vary.pressure]
[vary.culture]
"""


def readme_commands() -> list[str]:
    """The commands of the README's table, in its order."""
    table = README.split("## What is in it", 1)[1].split("\n\n", 2)[1]
    commands = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2:
            commands += [c for c in re.findall(r"`([^`]+)`", cells[1]) if c.startswith("journeysim ")]
    return commands


def small(command: str) -> list[str]:
    """A README command with the small settings of the module's rules, as arguments after ``journeysim``."""
    command = command.replace("[", "").replace("]", "").replace(" A B C ", f" {' '.join(SCENARIOS_ABC)} ")
    command = command.replace('"select ..."', '"SELECT count(*) FROM runs"')
    args = shlex.split(command)[1:]
    for i, arg in enumerate(args[:-1]):
        if arg in ("--replications", "-n") and int(args[i + 1]) > 2:
            args[i + 1] = "2"
    if args[0] == "sweep" and "--replications" not in args:
        args += ["--replications", "1"]
    if args[0] != "sweep" and any(a.startswith("uk_services") for a in args) and "--years" not in args:
        args += ["--years", "15"]
    if args[0] == "compare" and not {"--replications", "-n"} & set(args):
        args += ["--replications", "2"]
    if args[0] == "calibrate":  # a few particles, one generation, a small population: a smoke test of the command
        args += ["--populations", "4", "--generations", "1", "--services", "12", "--no-progress"]
    if args[0] == "screen":  # two trajectories of a tiny population: a smoke test of the command
        args += ["--trajectories", "2", "--services", "6", "--no-progress"]
    if args[0] == "validate":
        args += ["-n", "10", "--no-uncertainty", "--no-knockouts", "--no-figures", "--out", "-"]
    return args


def python_blocks() -> list[str]:
    """The Python examples: README's "Python API" section and docs/api.md, with small replications."""
    section = README.split("## Python API", 1)[1].split("\n## ", 1)[0]
    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = [b for text in (section, api) for b in re.findall(r"```python\n(.*?)```", text, flags=re.S)]
    return [re.sub(r"replications=(\d+)", lambda m: f"replications={min(int(m.group(1)), 2)}", b) for b in blocks]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its ``bin`` folder."""
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling in this environment")
    folder = tmp_path_factory.mktemp("fresh")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", folder, ROOT]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    (wheel,) = folder.glob("journeysim-*.whl")
    subprocess.run([sys.executable, "-m", "venv", folder / "env"], check=True, capture_output=True, timeout=300)
    bin_dir = folder / "env" / "bin"
    done = subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "-q", wheel], capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        pytest.fail(f"pip install of the wheel failed:\n{done.stderr[-3000:]}")
    return bin_dir


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the repository, as a user's."""
    folder = tmp_path_factory.mktemp("user")
    assert ROOT not in folder.parents
    return folder


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return env | {"MPLBACKEND": "Agg"}


def journeysim(bin_dir: Path, work: Path, args: list[str], timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [bin_dir / "journeysim", *args], cwd=work, capture_output=True, text=True, timeout=timeout, env=environment()
    )
    assert done.returncode == 0, f"journeysim {shlex.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_dashboard(bin_dir: Path, work: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [bin_dir / "journeysim", "dashboard", "--port", str(port)],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    return
            except OSError:
                assert proc.poll() is None, f"the dashboard exited: {proc.stderr.read().decode()[-2000:]}"
                assert time.monotonic() < deadline, "the dashboard did not answer within 90 s"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_readme_table_lists_the_commands_this_test_runs() -> None:
    commands = readme_commands()
    assert len(commands) >= 15
    assert {shlex.split(c)[1] for c in commands} >= {"run", "compare", "sweep", "query", "nation", "dashboard"}


def test_every_command_of_the_readme_table_runs_from_the_installed_wheel(venv: Path, work: Path) -> None:
    for command in readme_commands():
        args = small(command)
        if args[0] == "dashboard":
            serve_dashboard(venv, work)
            continue
        if args[0] == "sensitivity" and not (work / args[1]).exists():
            (work / "morris.toml").write_text(MORRIS)
            journeysim(venv, work, ["sweep", "morris.toml", "--out", args[1], "--no-progress"])
        journeysim(venv, work, args)
    # The folders the table's commands wrote are results folders the installed query reads.
    for folder, table in (("out/mature", "series"), ("results/funding", "runs")):
        done = journeysim(venv, work, ["query", folder, f"SELECT count(*) AS n FROM {table}", "--csv"])
        assert int(done.stdout.split()[-1]) > 0


def test_the_shipped_experiments_run_by_name(venv: Path, work: Path) -> None:
    listed = journeysim(venv, work, ["experiments"]).stdout
    names = [line.split()[0] for line in listed.splitlines() if line and not line.startswith(("run one", " "))]
    assert "funding_sweep" in names and "national_policy_sweep" in names
    for name in names:  # into the default folder: a sweep the README's table already ran there is finished at once
        journeysim(venv, work, ["sweep", name, "--replications", "1", "--no-progress", "--workers", "2"])
        sql = "SELECT count(*) AS n FROM runs WHERE status = 'ok'"
        done = journeysim(venv, work, ["query", f"results/{name}-n1", sql, "--csv"])
        assert int(done.stdout.split()[-1]) > 0


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_the_python_api_examples_of_the_docs_run(venv: Path, tmp_path: Path, index: int) -> None:
    code = python_blocks()[index]  # each in its own empty folder: a reader runs one example, not the table before it
    done = subprocess.run(
        [venv / "python", "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600, env=environment()
    )
    assert done.returncode == 0, f"example {index} failed:\n{code}\n{done.stderr[-3000:]}"
