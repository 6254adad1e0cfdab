"""A [population] table: what it may say, and the errors for what it may not."""

import pytest

from journeysim.cli import main
from journeysim.library import load_scenario, scenario_from_text
from journeysim.nation.population import ARCHETYPES
from journeysim.scenario import ScenarioError


def test_the_shipped_uk_population_has_about_200_services_in_four_nations():
    pop = load_scenario("uk_services").population
    counts = {n.nation: n.services for n in pop.nations}
    assert counts == {"england": 170, "scotland": 14, "wales": 7, "northern_ireland": 5}
    assert 60_000_000 < pop.people < 70_000_000
    assert sum(pop.start.values()) == pytest.approx(1.0)
    assert set(pop.start) == set(ARCHETYPES)
    scotland = next(n for n in pop.nations if n.nation == "scotland")
    assert scotland.parameters["national_programme_teachers"] == 2.0  # Scotland's top-down programme


def test_the_population_is_part_of_the_scenario_identity(population_text):
    a = scenario_from_text(population_text())
    b = scenario_from_text(population_text().replace("services = 6", "services = 7"))
    assert a.is_population and a.population.services == 10
    assert a.hash != b.hash
    assert a.to_dict()["population"]["nations"]["wales"]["training_centres"] == 1


@pytest.mark.parametrize(
    ("population", "message"),
    [
        (
            "[population.nations.wales]\nservices = -3\npopulation = 3000000\n",
            r"population\.nations\.wales\.services = -3 is outside the declared range: must be a whole number from 0",
        ),
        (
            "[population.nations.atlantis]\nservices = 3\npopulation = 3000000\n",
            r"population\.nations\.atlantis = .* is not a UK nation\. Allowed: england, scotland, wales, northern_ireland",
        ),
        (
            "[population.start]\nnobody = 0.5\nlone_champion = 0.4\n"
            "[population.nations.wales]\nservices = 3\npopulation = 3000000\n",
            r"population\.start = .* shares sum to 0\.9; they must sum to 1",
        ),
        (
            "[population.nations.wales]\nservices = 3\npopulation = 3000000\nurban = 0.5\n",
            r"population\.nations\.wales\.urban = 0\.5 is not a key .*Did you mean 'urban_share'",
        ),
        (
            "[population.nations.wales]\nservices = 3\n",
            r"population\.nations\.wales = .* must give population",
        ),
        (
            "[population.nations.wales]\nservices = 0\npopulation = 3000000\n",
            r"has 0 services in all; a population needs 1 to 2000",
        ),
        (
            "[population.nations.wales]\nservices = 2\npopulation = 3000000\nregions = 3\n",
            r"regions = 3 is more than its 2 services",
        ),
        (
            "[population.nations.wales]\nservices = 3\npopulation = 3000000\n"
            "[population.nations.wales.parameters]\npolicy_training_places = 100\n",
            r"policy_training_places = 100 is the same for the whole population; set it in \[parameters\]",
        ),
        (
            "[population.nations.wales]\nservices = 3\npopulation = 3000000\n"
            "[population.nations.wales.parameters]\nstaf_turnover_annual = 0.1\n",
            r"staf_turnover_annual = 0\.1 is not a parameter\. Did you mean 'staff_turnover_annual'",
        ),
        (
            "[population.nations.wales]\nservices = 3\npopulation = 3000000\n[population.nations.wales.context]\n"
            "pressure = 1.5\n",
            r"population\.nations\.wales\.context\.pressure = 1\.5 is outside the declared range",
        ),
    ],
)
def test_bad_population_settings_get_clear_errors(population_text, population, message):
    with pytest.raises(ScenarioError, match=message):
        scenario_from_text(population_text(population=population), source="bad.toml")


def test_a_population_sets_starting_states_itself(population_text):
    text = population_text().replace("name = 'small'", "name = 'small'\n[[implementers]]\nrole = 'teacher'")
    with pytest.raises(ScenarioError, match=r"implementers = .* cannot be given with \[population\]"):
        scenario_from_text(text)


def test_national_policy_levers_are_refused_for_a_single_service():
    with pytest.raises(ScenarioError, match="policy_training_places = 300 is a national policy lever"):
        load_scenario("lone_champion", sets={"policy_training_places": 300})
    uk = load_scenario("uk_services", sets={"policy_training_places": 300})
    assert uk.parameters["policy_training_places"] == 300


def test_cli_bad_population_exits_2_with_the_file_key_value_and_what_is_allowed(tmp_path, population_text, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(population_text(population="[population.nations.wales]\nservices = -3\npopulation = 3000000\n"))
    assert main(["nation", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "population.nations.wales.services = -3" in err and "from 0 to 2000" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nation", "lone_champion"], "is a single service"),
        (["run", "uk_services"], "describes a population of services"),
        (["nation", "uk_services", "--set", "policy_nations=atlantis"], "policy_nations = 'atlantis' must be one of"),
        (["nation", "uk_services", "--seed", "-1"], "--seed -1"),
    ],
)
def test_cli_refuses_the_wrong_kind_of_scenario(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_a_policy_that_would_start_after_the_run_is_refused():
    with pytest.raises(ScenarioError, match=r"policy_start_year = 2030 is after the run ends \(2004-2028\)"):
        load_scenario("uk_services", sets={"policy_training_places": 300, "policy_start_year": 2030})
    with pytest.raises(ScenarioError, match=r"policy_cut_year = 2016 is after the run ends \(2004-2013\)"):
        load_scenario("uk_services", sets={"years": 10, "policy_cut_fraction": 0.5, "policy_cut_year": 2016})
    # Switched off, a late date is harmless (the defaults rely on it).
    assert load_scenario("uk_services", sets={"years": 10}).parameters["policy_start_year"] == 2016


def test_population_fields_are_declared_once_and_fill_in_their_defaults(population_text):
    from journeysim.errors import InputError
    from journeysim.nation.population import PopulationError, validate_population
    from journeysim.parameters.nation import POPULATION_FIELDS as FIELDS

    assert issubclass(PopulationError, InputError)
    pop = scenario_from_text(population_text()).population
    ni = pop.nations[-1]
    assert (ni.urban_share, ni.regions, ni.training_centres) == (
        FIELDS["urban_share"].default,
        FIELDS["regions"].default,
        FIELDS["training_centres"].default,
    )
    assert (pop.context_spread, pop.size_spread) == (FIELDS["context_spread"].default, FIELDS["size_spread"].default)
    assert pop.start == {"nobody": 0.5, "lone_champion": 0.5, "several_implementers": 0.0}
    raw = {"nations": {"wales": {"services": 3, "population": 3_000_000}}, "size_spread": 2.0}
    params = load_scenario("uk_services").parameters
    with pytest.raises(
        PopulationError, match=r"x\.toml: population\.size_spread = 2\.0 .*" + FIELDS["size_spread"].allowed()
    ):
        validate_population(raw, params, "x.toml")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("island_boards = 7", r"population\.nations\.wales\.island_boards = 7 is more than its 6 services"),
        (
            "island_boards = 6\nisland_board_people = 100000",
            r"island_board_people = 100000 leaves too few of its 3,000,000 people",
        ),
        ("primary_care_share = 1.5", r"population\.nations\.wales\.primary_care_share = 1\.5"),
    ],
)
def test_service_kinds_of_a_nation_are_checked(population_text, lines, message):
    text = population_text().replace("training_centres = 1\n", f"training_centres = 1\n{lines}\n")
    if "island_boards = 6" in lines:  # six islands of 100,000 leave nobody; make it fail on the people
        text = text.replace("population = 3000000", "population = 500000")
        message = message.replace("3,000,000", "500,000")
    with pytest.raises(ScenarioError, match=message):
        scenario_from_text(text)


def test_service_kinds_change_the_scenario_identity_only_when_set(population_text):
    plain = scenario_from_text(population_text())
    assert "island_boards" not in plain.to_dict()["population"]["nations"]["wales"]
    islands = scenario_from_text(
        population_text().replace("training_centres = 1\n", "training_centres = 1\nisland_boards = 1\n")
    )
    assert islands.population.nations[0].island_boards == 1 and islands.hash != plain.hash
    scotland = next(n for n in load_scenario("uk_services").population.nations if n.nation == "scotland")
    assert (scotland.island_boards, scotland.primary_care_share) == (3, 0.0)
