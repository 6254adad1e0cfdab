import pytest

from journeysim.library import load_scenario


@pytest.fixture(scope="session")
def scenario():
    """Load a shipped scenario by name (cached per session)."""
    cache = {}

    def get(name: str, **sets):
        key = (name, tuple(sorted(sets.items())))
        if key not in cache:
            cache[key] = load_scenario(name, sets=sets or None)
        return cache[key]

    return get
