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
