"""Invariants that hold in every run, over random parameters within their declared ranges."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeysim.library import load_scenario
from journeysim.model.embeddedness import DOMAINS, FEATURES, LEVELS, STAGES, Features, level_of
from journeysim.model.model import SERIES_COLUMNS, JourneyModel
from journeysim.parameters import PARAMETERS

NUMERIC = [
    p
    for p in PARAMETERS.values()
    if p.kind in ("int", "float") and p.name not in ("years", "start_year") and p.group != "national policy"
]
BASES = ["lone_champion", "several_implementers", "mature_embedded", "top_down_scotland", "hostile_context"]


@st.composite
def worlds(draw):
    values = {}
    for p in NUMERIC:
        if draw(st.booleans()):
            x = draw(st.floats(min_value=p.low, max_value=p.high, allow_nan=False))
            values[p.name] = round(x) if p.kind == "int" else x
    if values.get("course_size_min", 8) > values.get("course_size_max", 15):
        values["course_size_min"], values["course_size_max"] = values["course_size_max"], values["course_size_min"]
    values["years"] = 10
    values["nation"] = draw(st.sampled_from(["england", "scotland", "wales", "northern_ireland"]))
    base = draw(st.sampled_from(BASES))
    start = {d: draw(st.sampled_from(STAGES)) for d in DOMAINS}
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    return base, values, start, seed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_invariants_hold_in_every_run(world):
    base, values, start, seed = world
    scenario = load_scenario(base).with_parameters(values)
    scenario = type(scenario)(**{**scenario.__dict__, "start": start})
    model = JourneyModel(scenario, seed)
    model.run(60)
    model.intervene("champion_leaves")
    model.intervene("funding_cut", fraction=1.0)
    model.run()
    rows = [dict(zip(SERIES_COLUMNS, r, strict=True)) for r in model.series_rows()]
    assert len(rows) == 120
    level_changes = {e.month: e for e in model.log.events if e.category == "level"}
    gap, persistence = int(model.p["stop_gap_months"]), int(model.p["level_persistence_months"])
    previous, lagging = None, 0
    settled = None  # the features when the level last changed (before the first change: the start, not recorded)
    for r in rows:
        # no negative resources or counts
        for key in (
            "courses",
            "participants",
            "courses_last_12",
            "teachers",
            "trainees",
            "implementers",
            "recurrent_funding",
            "one_off_funds",
        ):
            assert r[key] >= 0, (key, r)
        for key in (
            "fit",
            "case",
            "evidence",
            "networks",
            "middle_alignment",
            "senior_priority",
            "pressure",
            "budget_health",
        ):
            assert 0.0 <= r[key] <= 1.0 + 1e-9, (key, r)
        if r["mean_energy"] is not None:
            assert 0.0 <= r["mean_energy"] <= 1.0
        # the level is what the features imply, or they have pointed elsewhere for less than the persistence
        f = Features(**{k: bool(r[k]) for k in FEATURES})
        implied = level_of(f)
        if implied == r["level"]:
            lagging = 0
        else:  # months in a row the features have pointed the same way (above, or below) the level
            if LEVELS.index(implied) > LEVELS.index(r["level"]):
                lagging = lagging + 1 if lagging > 0 else 1
            else:
                lagging = lagging - 1 if lagging < 0 else -1
        assert abs(lagging) < persistence and (implied == "absent") == (r["level"] == "absent"), r["month"]
        assert r["level_code"] == LEVELS.index(r["level"])
        # running: a course within the stop gap
        courses_before = [x["courses"] for x in rows[max(0, r["month"] - gap + 1) : r["month"] + 1]]
        if r["month"] >= gap - 1:
            assert f.running == (sum(courses_before) >= 1), r["month"]
        # every change of level is explained by an event in that month naming the features that changed
        if previous is not None and r["level"] != previous["level"]:
            event = level_changes.get(r["month"])
            assert event is not None, r["month"]
            assert event.effect.startswith(f"{previous['level']} -> {r['level']}")
            named = {c.split(" ", 1)[1] for c in event.causes if c.startswith(("gained ", "lost "))}
            if settled is not None:
                assert named == {k for k in FEATURES if bool(r[k]) != bool(settled[k])}
            settled = r
        previous = r
    assert model.service.participants_total == sum(r["participants"] for r in rows)
    assert model.service.cost_total >= 0
