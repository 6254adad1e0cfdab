import dataclasses
from types import SimpleNamespace

import pytest

from journeysim.model.model import JourneyModel
from journeysim.model.params import Params
from journeysim.model.service import Service
from journeysim.parameters import PARAMETERS


@pytest.fixture
def build(scenario):
    """A fresh model of a shipped scenario, not yet run.

    ``implementers`` replaces the starting implementers (``()`` for none); other keyword
    arguments set parameters before the model is built (without range checks, so a test
    can switch a rate off), which matters for what the model precomputes (monthly rates).
    """

    def make(name="lone_champion", seed=0, implementers=None, **params):
        s = scenario(name)
        if params:
            s = dataclasses.replace(s, parameters={**s.parameters, **params})
        if implementers is not None:
            s = dataclasses.replace(s, implementers=tuple(implementers))
        return JourneyModel(s, seed)

    return make


# A service in its plainest state: no money, no teachers, no structures, middling context.
PLAIN_SERVICE = dict(
    name="small",
    pressure=0.5,
    culture=0.5,
    stability=0.5,
    budget_health=0.5,
    budget_baseline=0.5,
    pressure_baseline=0.5,
    culture_baseline=0.5,
    recurrent_funding=0.0,
    one_off_funds=0.0,
    pool_teachers=0,
    supervision=False,
    training_pathway="none",
    fidelity_stance="good_enough",
    succession_planning=False,
    fit=0.5,
    evidence=0.5,
    networks=0.5,
    guidance=0.0,
    referral_pathway=False,
    governance=False,
    lead_role=False,
    recovery_factor=1.0,
)


@pytest.fixture
def small():
    """The small state one mechanism reads, instead of a whole model of a shipped scenario.

    ``small(service={...}, **fields)`` is a stub model: a plain :class:`Service` with ``service``
    set, the declared defaults as ``p``, and ``fields`` (whatever else the mechanism reads).
    """

    def make(service=None, **fields):
        svc = Service(**{**PLAIN_SERVICE, **(service or {})})
        if isinstance(fields.get("monthly_rates"), dict):
            fields["monthly_rates"] = Params.of(fields["monthly_rates"])  # the model reads them as attributes
        defaults = Params.of({name: p.default for name, p in PARAMETERS.items()})
        return SimpleNamespace(service=svc, p=defaults, **fields)

    return make
