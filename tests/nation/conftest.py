import pytest

from journeysim.library import load_scenario


@pytest.fixture(scope="session")
def uk():
    """The shipped UK population, shortened to 2004-2015 (the 2015 census year) to keep tests quick."""
    return load_scenario("uk_services", sets={"years": 12})


@pytest.fixture
def population_text():
    """A small valid population scenario as TOML, with room to break one line."""

    def text(extra_parameters: str = "", population: str | None = None) -> str:
        body = population or (
            "[population.start]\nnobody = 0.5\nlone_champion = 0.5\n"
            "[population.nations.wales]\nservices = 6\npopulation = 3000000\nregions = 2\ntraining_centres = 1\n"
            "[population.nations.northern_ireland]\nservices = 4\npopulation = 1800000\n"
        )
        return f"name = 'small'\n[parameters]\nstart_year = 2004\nyears = 10\n{extra_parameters}\n{body}"

    return text


@pytest.fixture
def two_services():
    """A NationModel of two Welsh services in one region (buddies), built from TOML lines.

    ``start`` is the population's archetype shares; ``extra`` adds ``[parameters]`` lines.
    """
    from journeysim.library import scenario_from_text
    from journeysim.nation.model import NationModel

    def build(extra: str = "", start: str = "lone_champion = 1.0", seed: int = 0, nation: str = "") -> NationModel:
        text = (
            f"name = 'two'\n[parameters]\nstart_year = 2004\nyears = 10\n{extra}\n[population.start]\n{start}\n"
            f"[population.nations.wales]\nservices = 2\npopulation = 1000000\nurban_share = 1.0\n{nation}"
        )
        return NationModel(scenario_from_text(text), seed)

    return build
