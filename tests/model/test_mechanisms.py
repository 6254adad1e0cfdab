"""Each monthly mechanism declares what it reads, owns and records, next to its code; the registry gathers them."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import subprocess
import sys

from journeysim.model.mechanisms import MECHANISMS
from journeysim.model.record import SERIES_COLUMNS
from journeysim.model.service import Service
from journeysim.parameters import OWNER, PARAMETERS
from journeysim.parameters.order import ORDER

# Parameters whose names a mechanism builds rather than writes out (say where, and why).
BUILT_NAMES = {
    "role_weight_": "implementer.role_weights reads role_weight_{role}_{activity} for every role and activity",
    "trainees_": "workforce.trainee_rate reads trainees_{pathway} for the service's training pathway",
}
# Columns written by no mechanism: the record's own, a derived value and two set by the national history.
UNOWNED_COLUMNS = {"month", "date", "case", "guidance", "online_groups"}
# State a mechanism writes through a Service method rather than by assignment.
WRITTEN_BY_METHOD = {"courses_window": "svc.add_courses"}
# State a mechanism owns that lives on the model rather than the service (the assessment's).
MODEL_STATE = {"level", "features", "settled_features", "level_streak", "conditions_aligned", "ever_running"}


def source_of(mechanism) -> str:
    names = (mechanism.name, *mechanism.modules)
    return "".join(inspect.getsource(importlib.import_module(f"journeysim.model.{n}")) for n in names)


def code_of(mechanism) -> str:
    """Its modules' code without their declarations (a name in a declaration is not a read)."""
    return re.sub(r"# fmt: off.*?# fmt: on", "", source_of(mechanism), flags=re.S)


def test_every_declared_parameter_is_read_in_its_mechanism() -> None:
    for mechanism in MECHANISMS:
        code = code_of(mechanism)
        for p in mechanism.parameters:
            built = [prefix for prefix in BUILT_NAMES if p.name.startswith(prefix)]
            read = re.search(rf"\.{p.name}\b|\[[\"']{p.name}[\"']\]|[\"']{p.name}[\"'],", code)
            assert read or built, f"{mechanism.name} never reads {p.name}"


def test_the_registry_gathers_every_mechanism_in_its_old_order() -> None:
    declared = [p.name for m in MECHANISMS for p in m.parameters]
    assert len(declared) == len(set(declared)) == len(OWNER)
    assert set(declared) <= set(PARAMETERS)
    assert all(PARAMETERS[name] is p for m in MECHANISMS for p in m.parameters for name in [p.name])
    # Draws follow the registry's order, so it is the recorded one (new parameters would follow it).
    assert list(PARAMETERS)[: len(ORDER)] == list(ORDER)
    assert OWNER["effort_floor"] == "champions" and OWNER["course_cost"] == "delivery"
    assert "start_year" not in OWNER and "policy_cut_year" not in OWNER  # the service's description, national policy


def test_state_and_columns_are_real_and_owned_once() -> None:
    fields = {f.name for f in dataclasses.fields(Service)}
    states = [s for m in MECHANISMS for s in m.state]
    columns = [c for m in MECHANISMS for c in m.columns]
    assert len(states) == len(set(states)) and set(states) <= fields | MODEL_STATE
    assert len(columns) == len(set(columns))
    assert set(columns) | UNOWNED_COLUMNS == set(SERIES_COLUMNS)


def test_each_mechanism_writes_the_state_it_owns() -> None:
    for mechanism in MECHANISMS:
        code = source_of(mechanism)
        for name in mechanism.state:
            written = re.search(rf"\.{name}(\s*[-+]?=(?!=)|\.append\(|,\s*[\w.]+\s*=(?!=))", code)
            assert written or WRITTEN_BY_METHOD.get(name, "?") in code, f"{mechanism.name} never writes {name}"


def test_the_declarations_load_without_mesa_or_numpy() -> None:
    code = "import sys, journeysim.parameters; print(sorted({'mesa', 'numpy'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
