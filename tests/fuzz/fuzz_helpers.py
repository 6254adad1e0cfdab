"""Shared pieces of the fuzz tests: the budget, a TOML writer, hostile values, and the in-process CLI."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from journeysim.cli import main

EXAMPLES = int(os.environ.get("JOURNEYSIM_FUZZ_EXAMPLES", "150"))
"""Cases per fuzz test: small in CI (about a minute in all); set JOURNEYSIM_FUZZ_EXAMPLES=5000 for a release."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("JOURNEYSIM_FUZZ_RANDOM") is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
"""Derandomized (the same cases on every CI run) unless JOURNEYSIM_FUZZ_RANDOM is set."""

TRIED: Counter[str] = Counter()
"""Cases tried per input kind (printed at the end of the session by conftest.py)."""


def toml_value(value: Any) -> str:
    """``value`` as a TOML literal (inline tables and arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are TOML basic-string escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(data: dict[str, Any]) -> str:
    """A TOML document with one ``key = value`` line per top-level key."""
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in data.items())


HOSTILE_NUMBERS = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e308, -1e308, 10**30, -(10**30), 2**63, -1, 0, 0.5, 1e-300, 2**53 + 1]
)
HOSTILE_TEXT = st.sampled_from(["", "x", "\x1b[31mred", "a\x00b", "é" * 3, "nan", "1e999", "9" * 5000, "../../etc"])
SCALARS = st.one_of(
    HOSTILE_NUMBERS,
    HOSTILE_TEXT,
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
ANY_VALUE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)
TOML_LITERALS = st.sampled_from(
    ["nan", "inf", "-inf", "1e308", "-1", "0", "99999999999999999999999", '"x"', "[1, 2]", "{a = 1}", "true",
     '"\\u001b[2J"', "[]", "{}", '["fit"]', "1" * 4400, "[" * 300 + "]" * 300, "2012.5", '"2012-13"']
)  # fmt: skip


def value_for(spec: Any) -> st.SearchStrategy[Any]:
    """Values for a declared :class:`~journeysim.values.ValueSpec`: allowed ones, edges, and hostile ones."""
    if spec.kind == "choice":
        good = st.sampled_from(list(spec.choices))
    elif spec.kind == "bool":
        good = st.booleans()
    elif spec.kind == "int":
        good = st.integers(min_value=int(spec.low), max_value=int(spec.high))
    else:
        good = st.floats(min_value=spec.low, max_value=spec.high)
    return st.one_of(good, good, SCALARS, ANY_VALUE)


def run_cli(argv: list[str], kind: str) -> tuple[int, str]:
    """``journeysim ARGV`` in this process: the exit status and stderr (argparse's own exit counts too)."""
    TRIED[kind] += 1
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors exit 2
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def assert_clean(code: int, stderr: str, *names: str) -> None:
    """Success, or exit 2 with a one-line message naming one of ``names``; never a traceback."""
    assert "Traceback" not in stderr, stderr
    assert code in (0, 2), (code, stderr)
    if code == 2:
        assert "error:" in stderr, stderr
        assert "\x1b" not in stderr, "a terminal control code reached the terminal"
        if names:
            assert any(n in stderr for n in names), (names, stderr[:500])
