"""Scenario files: composition, hashing and clear errors for bad input."""

import pytest

from journeysim.library import load_scenario, scenario_from_text
from journeysim.scenario import ScenarioError


def test_strategy_overlays_compose(scenario):
    base = scenario("lone_champion")
    several = scenario("several_implementers")
    assert len(base.implementers) == 1
    assert [i["role"] for i in several.implementers] == ["teacher", "manager", "service_user"]
    plus = load_scenario("lone_champion+succession_planning")
    assert plus.parameters["succession_planning"] is True
    assert plus.name == "lone_champion+succession_planning"
    assert plus.parameters == load_scenario("lone_champion_succession").parameters
    assert plus.hash != base.hash


def test_hash_is_stable_and_sensitive_to_parameters(scenario):
    a = scenario("lone_champion")
    assert a.hash == load_scenario("lone_champion").hash
    assert a.hash != a.with_parameters({"pressure": 0.51}).hash


def test_interventions_resolve_calendar_months(scenario):
    demo = scenario("trainer_demo")
    leaves = [i for i in demo.interventions if i["kind"] == "champion_leaves"]
    assert leaves == [{"month": 15, "kind": "champion_leaves", "details": {"who": "lead"}}]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ScenarioError, match="no such scenario file or shipped scenario"):
        load_scenario(str(tmp_path / "nope.toml"))


def test_malformed_toml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[parameters]\npressure = = 0.3\n")
    with pytest.raises(ScenarioError, match=r"bad\.toml: malformed TOML.*line 2"):
        load_scenario(str(path))


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("[parameters]\npresure = 0.4\n", r"presure = 0.4 is not a parameter\. Did you mean 'pressure'\?"),
        (
            "[parameters]\npressure = 1.4\n",
            r"pressure = 1.4 is outside the declared range: must be a number from 0 to 1",
        ),
        ("[parameters]\npressure = 'high'\n", r"pressure = 'high' must be a number from 0 to 1"),
        ("[parameters]\nyears = 12.5\n", r"years = 12.5 must be a whole number from 10 to 30"),
        ("[parameters]\nnation = 'france'\n", r"nation = 'france' must be one of 'england', 'scotland'"),
        ("[start]\nteam = 'advanced'\n", r"start.team = 'advanced' must be one of starting_out, developmental"),
        ("[start]\nteams = 'sustainable'\n", r"start.teams .* is not a seed-004 domain\. Did you mean 'team'\?"),
        ("[[implementers]]\nrole = 'consultant'\n", r"implementers\[0\].role = 'consultant' must be one of 'teacher'"),
        (
            "[[implementers]]\nskil = 0.5\n",
            r"implementers\[0\].skil = 0.5 is not an implementer field\. Did you mean 'skill'",
        ),
        (
            "[[interventions]]\nmonth = 3\nkind = 'champion_leave'\n",
            r"interventions\[0\].kind = 'champion_leave' is not an intervention\. Did you mean 'champion_leaves'",
        ),
        ("[[interventions]]\nmonth = 900\nkind = 'reorganisation'\n", r"falls outside the run"),
        ("[[interventions]]\nkind = 'reorganisation'\n", r"needs exactly one of 'month'"),
        ("strategies = ['sucession_planning']\n", r"is not a strategy\. Did you mean 'succession_planning'"),
        ("stratgies = []\n", r"stratgies = \[\] is not a scenario key\. Did you mean 'strategies'"),
    ],
)
def test_bad_values_get_clear_errors(text, pattern):
    with pytest.raises(ScenarioError, match=pattern) as info:
        scenario_from_text(text, source="my_service.toml")
    assert str(info.value).startswith("my_service.toml: ")


def test_oversized_text_is_refused():
    with pytest.raises(ScenarioError, match="larger than"):
        scenario_from_text("# x\n" * 100_000, source="huge.toml")


def test_a_practitioner_can_describe_their_service_by_stage():
    text = """
name = "our_service"
[start]
fit = "developmental"
team = "sustainable"
governance = "developmental"
[[implementers]]
role = "manager"
skill = 0.7
"""
    s = scenario_from_text(text, source="ours.toml")
    assert s.start["team"] == "sustainable" and s.start["fit"] == "developmental"
    assert s.start["evaluation"] == "starting_out"
    assert s.implementers[0]["role"] == "manager" and s.implementers[0]["commitment"] == 0.8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[parameters]\nyears = inf", "years = inf is not a finite number: must be a whole number from 10 to 30"),
        ("[parameters]\nyears = nan", "years = nan is not a finite number"),
        ('[[interventions]]\nkind = "funding_cut"\nyear = nan', "interventions[0].year = nan must be a calendar year"),
        ('[[interventions]]\nkind = "funding_cut"\nyear = 1e308', "interventions[0].year = 1e+308"),
        ("parameters = [1, 2]", "parameters = [1, 2] must be a table"),
        ('[implementers]\nrole = "teacher"', "implementers = {'role': 'teacher'} must be an array of tables"),
        ('start = ["fit"]', "start = ['fit'] must be a table"),
        ('interventions = "x"', "interventions = 'x' must be an array of tables"),
        ('[[interventions]]\nkind = ["reorganisation"]\nmonth = 3', "interventions[0].kind = ['reorganisation']"),
        ('replace_implementers = "no"', "replace_implementers = 'no' must be true or false"),
        ('[[interventions]]\nkind = "invest_in_training"\nmonth = 3\npathway = "internal"\nteachers = 99',
         "interventions[0].teachers = 99"),
        ("a = " + "[" * 1000 + "]" * 1000, "nested too deep"),
        ("[parameters]\nyears = " + "1" * 5000, "a number is too long"),
        ('name = "\\u001b[31mred"', "name = '\\x1b[31mred' must not contain control characters"),
        ('extends = "lone_champion"\n[parameters]\nyears = nan', "years = nan is not a finite number"),
    ],
)  # fmt: skip
def test_malformed_files_are_refused_naming_the_file_key_and_value(tmp_path, text, expected):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(str(path))
    assert expected in str(info.value)
    with pytest.raises(ScenarioError, match=r"^upload\.toml"):
        scenario_from_text(text, source="upload.toml")


def test_overlong_or_nonfinite_references_and_overrides_are_refused():
    with pytest.raises(ScenarioError, match="is not a scenario name or path"):
        load_scenario("x" * 5000)
    for value in (float("inf"), float("nan"), "9" * 5000):
        with pytest.raises(ScenarioError, match="years"):
            load_scenario("lone_champion", sets={"years": value})
