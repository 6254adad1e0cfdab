"""Scenario files, generated from the declarations and mutated from the shipped files: load cleanly or fail cleanly.

Every case ends in a :class:`~journeysim.scenario.Scenario` or a :class:`ScenarioError` whose message names the
user's file; through the command line, in exit status 0 or 2 with the file named, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from fuzz_helpers import ANY_VALUE, FUZZ, TOML_LITERALS, TRIED, assert_clean, run_cli, toml_document, value_for
from hypothesis import given
from hypothesis import strategies as st

from journeysim.library import load_scenario, scenario_from_text, shipped_scenarios, shipped_strategies
from journeysim.model.interventions import INTERVENTIONS
from journeysim.parameters import IMPLEMENTER_FIELDS, PARAMETERS
from journeysim.scenario import Scenario, ScenarioError
from journeysim.vocabulary import DOMAINS, STAGES

SHIPPED = [p.read_text(encoding="utf-8") for p in [*shipped_scenarios().values(), *shipped_strategies().values()]]


def _table(specs: dict) -> st.SearchStrategy[dict]:
    keys = st.one_of(st.sampled_from(sorted(specs)), st.text(min_size=1, max_size=10))
    return st.dictionaries(keys, st.deferred(lambda: ANY_VALUE), max_size=3).flatmap(
        lambda junk: st.fixed_dictionaries({}, optional={k: value_for(s) for k, s in list(specs.items())[:40]}).map(
            lambda good: {**good, **junk} if len(good) % 3 == 0 else good
        )
    )


def _intervention() -> st.SearchStrategy[dict]:
    def details(kind: str) -> st.SearchStrategy[dict]:
        spec = INTERVENTIONS.get(kind)
        fields = {d.name: value_for(d) for d in spec.details} if spec else {}
        time = st.sampled_from(["month", "year", "at"]).flatmap(
            lambda k: st.fixed_dictionaries(
                {k: st.one_of(st.integers(-5, 400), st.floats(1990, 2060), st.sampled_from(["2014-13"]), ANY_VALUE)}
            )
        )
        return st.tuples(time, st.fixed_dictionaries({}, optional=fields)).map(lambda t: {"kind": kind, **t[0], **t[1]})

    return st.one_of(st.sampled_from(sorted(INTERVENTIONS)), ANY_VALUE).flatmap(
        lambda k: details(k) if isinstance(k, str) else st.just({"kind": k, "month": 1})
    )


SCENARIO = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(st.text(max_size=12), ANY_VALUE),
        "description": st.one_of(st.text(max_size=30), ANY_VALUE),
        "extends": st.one_of(st.sampled_from(sorted(shipped_scenarios())), ANY_VALUE),
        "strategies": st.one_of(st.lists(st.sampled_from(sorted(shipped_strategies())), max_size=2), ANY_VALUE),
        "parameters": st.one_of(_table(PARAMETERS), ANY_VALUE),
        "start": st.one_of(st.dictionaries(st.sampled_from(DOMAINS), st.sampled_from(STAGES)), ANY_VALUE),
        "implementers": st.one_of(st.lists(_table(IMPLEMENTER_FIELDS), max_size=3), ANY_VALUE),
        "interventions": st.one_of(st.lists(_intervention(), max_size=3), ANY_VALUE),
        "replace_implementers": st.one_of(st.booleans(), ANY_VALUE),
        "population": ANY_VALUE,
    },
).flatmap(lambda d: st.dictionaries(st.text(min_size=1, max_size=8), ANY_VALUE, max_size=1).map(
    lambda extra: {**d, **extra} if len(d) == 9 else d))  # fmt: skip


@st.composite
def mutated_shipped(draw: st.DrawFn) -> str:
    """A shipped scenario or strategy with a few lines changed, removed, doubled or cut."""
    lines = draw(st.sampled_from(SHIPPED)).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["value", "value", "drop", "double", "brackets", "cut"]))
        if action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + draw(TOML_LITERALS)
        elif action == "drop":
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "brackets" and lines[i].startswith("["):
            lines[i] = lines[i][1:-1] if lines[i].startswith("[[") else f"[{lines[i]}]"
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return "\n".join(lines) + "\n"


def _load(text: str, path: Path, kind: str) -> None:
    TRIED[kind] += 1
    path.write_text(text, encoding="utf-8")
    try:
        scenario = load_scenario(str(path))
    except ScenarioError as exc:
        message = str(exc)
        assert message.startswith(str(path)), message  # the user's file first, even along an extends chain
        assert "\x1b" not in message
    else:
        assert isinstance(scenario, Scenario)
        assert "\x1b" not in scenario.name + scenario.description


@FUZZ
@given(SCENARIO)
def test_generated_scenario_files_load_or_fail_cleanly(tmp_path_factory, raw):
    _load(toml_document(raw), tmp_path_factory.mktemp("s") / "mine.toml", "scenario file (generated)")


@FUZZ
@given(mutated_shipped())
def test_mutated_shipped_files_load_or_fail_cleanly(tmp_path_factory, text):
    _load(text, tmp_path_factory.mktemp("s") / "mine.toml", "scenario file (mutated)")


@FUZZ
@given(st.one_of(mutated_shipped(), SCENARIO.map(toml_document)))
def test_uploads_load_or_fail_cleanly(text):
    TRIED["dashboard upload"] += 1
    try:
        scenario_from_text(text, source="upload.toml")
    except ScenarioError as exc:
        assert str(exc).startswith("upload.toml"), str(exc)


@FUZZ
@given(st.one_of(mutated_shipped(), SCENARIO.map(toml_document)))
def test_run_command_on_hostile_files_exits_0_or_2(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("s") / "mine.toml"
    path.write_text(text, encoding="utf-8")
    code, err = run_cli(["run", str(path), "--years", "10"], "scenario file (journeysim run)")
    assert_clean(code, err, str(path), "population of services")
