import dataclasses

import pytest

from journeysim.model.model import JourneyModel


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
