"""Experiment files: designs from declared parameters, and clear errors for bad input."""

import pytest

from journeysim.batch.errors import BatchInputError
from journeysim.batch.experiment import Experiment, load_experiment

BASE = """
scenario = "lone_champion"
replications = 2
[set]
years = 10
"""


def exp(text: str) -> Experiment:
    import tomllib

    return Experiment.from_dict(tomllib.loads(BASE + text), "exp.toml")


def test_grid_is_the_product_of_values_and_levels():
    e = exp(
        """
[design]
method = "grid"
[vary.pressure]
low = 0.2
high = 0.8
levels = 4
[vary.succession_planning]
[vary.fidelity_stance]
values = ["gold_standard"]
"""
    )
    pts = e.design().points
    assert len(pts) == 4 * 2 * 1 == e.size_of_design()
    assert sorted({p["pressure"] for p in pts}) == pytest.approx([0.2, 0.4, 0.6, 0.8])
    assert {p["succession_planning"] for p in pts} == {False, True}
    assert len(e.run_specs()) == 16


def test_whole_number_parameters_are_rounded_and_deduplicated():
    e = exp('[design]\nmethod = "grid"\n[vary.lead_vacancy_months]\nlow = 2\nhigh = 4\nlevels = 5\n')
    assert [p["lead_vacancy_months"] for p in e.design().points] == [2, 3, 4]


def test_lhs_sobol_and_morris_sizes_and_bounds():
    lhs = exp('[design]\nmethod = "lhs"\nsamples = 20\n[vary.pressure]\n[vary.culture]\nlow = 0.1\nhigh = 0.3\n')
    pts = lhs.design().points
    assert len(pts) == 20 and all(0.1 <= p["culture"] <= 0.3 for p in pts)
    # one point per stratum of each factor: the hallmark of a Latin hypercube
    assert sorted(int(p["pressure"] * 20) for p in pts) == list(range(20))
    sobol = exp('[design]\nmethod = "sobol"\nsamples = 16\n[vary.pressure]\n[vary.culture]\n[vary.stability]\n')
    assert len(sobol.design().points) == 16 * (3 + 2)
    second = exp('[design]\nmethod = "sobol"\nsamples = 8\nsecond_order = true\n[vary.pressure]\n[vary.culture]\n')
    assert len(second.design().points) == 8 * (2 * 2 + 2)
    morris = exp('[design]\nmethod = "morris"\nsamples = 5\nlevels = 4\n[vary.pressure]\n[vary.culture]\n')
    d = morris.design()
    assert len(d.points) == 5 * 3 and d.matrix.shape == (15, 2)
    assert set(d.matrix[:, 0].round(6)) <= {0.0, round(1 / 3, 6), round(2 / 3, 6), 1.0}


def test_designs_are_deterministic_and_seeded():
    text = '[design]\nmethod = "lhs"\nsamples = 8\n[vary.pressure]\n'
    assert exp(text).design().points == exp(text).design().points
    other = exp(text.replace("samples = 8", "samples = 8\nseed = 5"))
    assert other.design().points != exp(text).design().points


def test_intervention_fields_can_be_varied():
    e = exp(
        """
[[interventions]]
kind = "funding_boost"
month = 0
[[interventions]]
kind = "funding_cut"
month = 60
fraction = 1.0
[design]
method = "grid"
[vary."funding_boost.amount"]
values = [20000.0, 60000.0]
[vary."funding_boost.recurrent"]
[vary."funding_cut.month"]
values = [36, 72]
"""
    )
    assert len(e.design().points) == 8
    assert [i["kind"] for i in e.base.interventions] == ["funding_boost", "funding_cut"]


def test_the_hash_changes_with_the_definition():
    a = exp('[design]\nmethod = "grid"\n[vary.pressure]\n')
    b = exp('[design]\nmethod = "grid"\n[vary.pressure]\nlevels = 4\n')
    assert a.hash == exp('[design]\nmethod = "grid"\n[vary.pressure]\n').hash
    assert a.hash != b.hash


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ('[design]\nmethod = "grid"\n[vary.presure]\n', ["vary.presure", "not a declared parameter", "pressure"]),
        (
            '[design]\nmethod = "grid"\n[vary.pressure]\nhigh = 1.5\n',
            ["vary.pressure.high = 1.5", "outside the declared range", "from 0 to 1"],
        ),
        (
            '[design]\nmethod = "grid"\n[vary.staff_turnover_annual]\nvalues = [0.05, 0.1]\n',
            ["vary.staff_turnover_annual.values[0] = 0.05", "from 0.08 to 0.18"],
        ),
        ('[design]\nmethod = "sobol"\nsamples = 10\n[vary.pressure]\n', ["design.samples = 10", "power of 2"]),
        ('[design]\nmethod = "lhs"\n[vary.pressure]\n', ["design.samples is missing"]),
        ('[design]\nmethod = "montecarlo"\n', ["design.method = 'montecarlo'", "grid, lhs, sobol, morris"]),
        ('[design]\nmethod = "lhs"\nsamples = 4\n[vary.pressure]\nvalues = [0.1]\n', ["only for grid designs"]),
        ('[design]\nmethod = "sobol"\nsamples = 4\n[vary.nation]\n', ["choice factor", "only a grid design"]),
        ('[design]\nmethod = "morris"\nsamples = 4\nlevels = 3\n[vary.pressure]\n', ["must be even"]),
        ('[design]\nmethod = "grid"\n[vary.years]\n', ["is also fixed in [set]"]),
        ('[design]\nmethod = "grid"\n[vary.pressure]\nlow = 0.6\nhigh = 0.2\n', ["must be below"]),
        ('[design]\nmethod = "grid"\n[vary."funding_cut.month"]\n', ["schedules no 'funding_cut'"]),
        ('[design]\nmethod = "grid"\ncolour = 1\n', ["design.colour", "not allowed here"]),
        (
            '[[interventions]]\nkind = "funding_cut"\nmonth = 12\n[design]\nmethod = "grid"\n'
            '[vary."funding_cut.month"]\nvalues = [200]\n',
            ["from 0 to 119"],
        ),
    ],
)
def test_bad_experiments_name_the_key_the_value_and_what_is_allowed(text, needles):
    with pytest.raises(BatchInputError) as info:
        exp(text)
    message = str(info.value)
    assert message.startswith("exp.toml")
    for needle in needles:
        assert needle in message


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('scenario = "lone_champion"\nreplications = 0\n[design]\nmethod = "grid"\n', "replications = 0"),
        ('scenario = "lone_champion"\n[design]\nmethod = "grid"\n', "replications is missing"),
        ('replications = 2\n[design]\nmethod = "grid"\n', "scenario is missing"),
        ('scenario = "no_such_place"\nreplications = 2\n[design]\nmethod = "grid"\n', "no_such_place"),
        ('scenario = "lone_champion"\nreplications = 2\n[set]\npressure = 3\n[design]\nmethod = "grid"\n', "pressure"),
        ("this is = not toml [", "malformed TOML"),
        ('bogus = 1\nscenario = "lone_champion"\nreplications = 1\n', "bogus = 1 is not allowed here"),
        ('scenario = "lone_champion"\nreplications = 1\n[set]\nbogus = 1\n', "set: bogus = 1 is not a parameter"),
    ],
)
def test_bad_top_level_values(write_experiment, text, needle):
    path = write_experiment(text)
    with pytest.raises(BatchInputError, match=needle) as info:
        load_experiment(path)
    assert str(path) in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(BatchInputError, match="no such experiment file"):
        load_experiment(tmp_path / "nope.toml")


def test_scenario_paths_are_read_relative_to_the_experiment_file(write_experiment, tmp_path):
    (tmp_path / "mine.toml").write_text('name = "mine"\nextends = "lone_champion"\n[parameters]\nculture = 0.9\n')
    path = write_experiment('scenario = "mine.toml+succession_planning"\nreplications = 1\n[design]\nmethod = "grid"\n')
    e = load_experiment(path)
    assert e.base.parameters["culture"] == 0.9 and e.base.parameters["succession_planning"] is True


def test_the_shipped_funding_sweep_is_valid():
    from pathlib import Path

    e = load_experiment(Path(__file__).resolve().parents[2] / "experiments" / "funding_sweep.toml")
    assert e.method == "grid" and e.size_of_design() == 4 * 2 * 4
    assert {f.name for f in e.factors} == {"funding_boost.amount", "funding_boost.recurrent", "funding_cut.month"}
    assert [i["kind"] for i in e.base.interventions] == ["funding_boost", "funding_cut"]
