"""Experiment files, generated from the declarations and mutated from the shipped ones: load cleanly or fail cleanly.

Loading checks every key and value, the run count and the design's corner points, but runs nothing.
"""

from __future__ import annotations

from pathlib import Path

from fuzz_helpers import ANY_VALUE, FUZZ, TOML_LITERALS, TRIED, toml_document, value_for
from hypothesis import given
from hypothesis import strategies as st

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import METHODS, Experiment, load_experiment
from journeysim.batch.shipped import shipped_experiments
from journeysim.parameters import PARAMETERS

SHIPPED = [p.read_text(encoding="utf-8") for p in shipped_experiments().values()]
NUMERIC = sorted(n for n, p in PARAMETERS.items() if p.numeric and p.group != "national policy")


def _factor(name: str) -> st.SearchStrategy[dict]:
    spec = PARAMETERS[name]
    return st.fixed_dictionaries(
        {},
        optional={
            "low": value_for(spec),
            "high": value_for(spec),
            "levels": st.one_of(st.integers(-3, 12), st.just(100_000_000), ANY_VALUE),
            "values": st.one_of(st.lists(value_for(spec), max_size=4), ANY_VALUE),
        },
    )


EXPERIMENT = st.fixed_dictionaries(
    {
        "scenario": st.one_of(st.sampled_from(["lone_champion", "lone_champion+succession_planning"]), ANY_VALUE),
        "replications": st.one_of(st.integers(-2, 4), st.just(10**30), ANY_VALUE),
        "design": st.fixed_dictionaries(
            {"method": st.one_of(st.sampled_from(METHODS), ANY_VALUE)},
            optional={
                "samples": st.one_of(st.sampled_from([1, 2, 4, 3, 10**12]), ANY_VALUE),
                "levels": st.one_of(st.integers(0, 8), st.just(100_000_000), ANY_VALUE),
                "seed": st.one_of(st.integers(-1, 2**64), ANY_VALUE),
            },
        ),
    },
    optional={
        "seed": st.one_of(st.integers(-1, 2**64), ANY_VALUE),
        "set": st.one_of(st.dictionaries(st.sampled_from(NUMERIC), ANY_VALUE, max_size=2), ANY_VALUE),
        "vary": st.one_of(
            st.lists(st.sampled_from(NUMERIC), max_size=2, unique=True).flatmap(
                lambda names: st.fixed_dictionaries({n: _factor(n) for n in names})
            ),
            ANY_VALUE,
        ),
        "interventions": st.one_of(st.just([{"kind": "funding_cut", "month": 60}]), ANY_VALUE),
        "output": st.one_of(st.fixed_dictionaries({"runs_per_file": st.integers(-1, 10**9)}), ANY_VALUE),
        "name": st.one_of(st.text(max_size=10), ANY_VALUE),
    },
)


@st.composite
def mutated_shipped(draw: st.DrawFn) -> str:
    """A shipped experiment with a value, a line or a table header changed."""
    lines = draw(st.sampled_from(SHIPPED)).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        if "=" in lines[i] and draw(st.booleans()):
            lines[i] = lines[i].split("=", 1)[0] + "= " + draw(TOML_LITERALS)
        elif lines[i].startswith("["):
            lines[i] = lines[i][1:-1] if lines[i].startswith("[[") else f"[{lines[i]}]"
        else:
            del lines[i]
    return "\n".join(lines) + "\n"


def _load(text: str, path: Path, kind: str) -> None:
    TRIED[kind] += 1
    path.write_text(text, encoding="utf-8")
    try:
        experiment = load_experiment(path)
    except BatchInputError as exc:
        assert str(exc).startswith(str(path)), str(exc)
    else:
        assert isinstance(experiment, Experiment)
        assert experiment.size_of_design() * experiment.replications <= 10_000_000


@FUZZ
@given(EXPERIMENT)
def test_generated_experiment_files_load_or_fail_cleanly(tmp_path_factory, raw):
    _load(toml_document(raw), tmp_path_factory.mktemp("e") / "mine.toml", "experiment file (generated)")


@FUZZ
@given(mutated_shipped())
def test_mutated_shipped_experiments_load_or_fail_cleanly(tmp_path_factory, text):
    _load(text, tmp_path_factory.mktemp("e") / "mine.toml", "experiment file (mutated)")
