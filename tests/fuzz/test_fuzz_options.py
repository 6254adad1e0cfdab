"""``--set`` values and option values, from the declarations and hostile text: exit 0 or 2, never a traceback."""

from __future__ import annotations

from argparse import Namespace

from fuzz_helpers import FUZZ, TRIED, assert_clean, run_cli, value_for
from hypothesis import given
from hypothesis import strategies as st

from journeysim.api.inputs import as_options, scenario_of
from journeysim.cli.options import OPTIONS, UsageError, sets
from journeysim.parameters import PARAMETERS

TEXT = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "1e308", "-1", "0", "1e20", "9" * 5000, "true", "", " ", "x", "\x1b[2J"]),
    st.integers(-(10**25), 10**25).map(str),
    st.floats().map(repr),
    st.text(max_size=12),
)


@FUZZ
@given(st.sampled_from(sorted(PARAMETERS)).flatmap(lambda k: st.tuples(st.just(k), st.one_of(
    value_for(PARAMETERS[k]).map(str), TEXT))))  # fmt: skip
def test_set_values_are_checked_against_their_declaration(item):
    key, text = item
    TRIED["--set value"] += 1
    try:
        with as_options():  # as the command line checks --set
            scenario_of("lone_champion", parameters=sets(Namespace(set=[f"{key}={text}"])))
    except UsageError as exc:
        assert key in str(exc), str(exc)


COMMANDS = {
    "run": ["seed"],
    "explain": ["seed"],
    "nation": ["seed"],
    "compare": ["seed", "replications", "bootstrap", "workers", "connect_timeout"],
    "sweep": ["replications", "workers", "connect_timeout"],
    "query": ["max_rows"],
    "sensitivity": ["resamples", "seed"],
}


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A command on an input that does not exist, with option values around and beyond their declared ranges."""
    command = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [command, "no_such_input"] + (["SELECT 1"] if command == "query" else [])
    flags = []
    for dest in draw(st.lists(st.sampled_from(COMMANDS[command]), unique=True, min_size=1)):
        spec = OPTIONS[dest]
        flag = "--" + dest.replace("_", "-")
        value = draw(st.one_of(value_for(spec).map(str), TEXT))
        argv += [f"{flag}={value}"]
        flags.append(flag)
    if command == "compare" and "--replications" not in flags:
        argv += ["-n", "2"]
    return argv, flags


@FUZZ
@given(command_lines())
def test_options_out_of_range_exit_2_naming_the_option(argv_flags):
    argv, flags = argv_flags
    code, err = run_cli(argv, "option value")
    assert code == 2  # the input does not exist: every case must fail, cleanly
    assert_clean(code, err, *flags, "no_such_input", "argument")
