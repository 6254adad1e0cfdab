"""A run's parameters: read as attributes, still a mapping, one slotted class per set of names."""

from __future__ import annotations

import pickle

import pytest

from journeysim.model.params import Params
from journeysim.parameters import PARAMETERS


def test_attributes_and_the_mapping_read_and_write_the_same_values() -> None:
    p = Params.of({"course_cost": 1200.0, "training_months": 12})
    assert p.course_cost == p["course_cost"] == 1200.0
    p["course_cost"] = 900.0
    assert p.course_cost == 900.0
    p.update(training_months=6)
    assert p.training_months == 6 and dict(p) == {"course_cost": 900.0, "training_months": 6}
    assert list(p) == ["course_cost", "training_months"] and len(p) == 2 and "course_cost" in p
    assert {**p, "extra": 1}["extra"] == 1 and p.get("missing", 3) == 3


def test_unknown_names_are_refused_and_a_value_cannot_be_removed() -> None:
    p = Params.of({"course_cost": 1200.0})
    with pytest.raises(KeyError):
        p["no_such_parameter"]
    with pytest.raises(KeyError):
        p["no_such_parameter"] = 1.0
    with pytest.raises(AttributeError):
        p.no_such_parameter = 1.0
    with pytest.raises(TypeError):
        del p["course_cost"]
    with pytest.raises(ValueError):
        Params.of({"update": 1.0})  # would hide the mapping's own method


def test_the_registry_fits_one_class_made_once_and_copies_survive_pickling() -> None:
    defaults = {name: spec.default for name, spec in PARAMETERS.items()}
    a, b = Params.of(defaults), Params.of(defaults)
    assert type(a) is type(b) and a == defaults and a is not b
    b.course_cost = -1.0
    assert a.course_cost == defaults["course_cost"]  # values belong to the run, the class is shared
    copy = pickle.loads(pickle.dumps(a))
    assert copy == a and type(copy) is type(a)


def test_every_slot_holds_its_own_value_and_a_keyword_name_still_works() -> None:
    values = {f"name_{i}": float(i) for i in range(400)}
    p = Params.of(values)
    assert dict(p) == values
    assert [getattr(p, name) for name in values] == list(values.values())
    odd = Params.of({"lambda": 1, "x": 2})  # a keyword cannot be written p.lambda: the slots are filled by a loop
    assert dict(odd) == {"lambda": 1, "x": 2}
    assert dict(Params.of({})) == {}
