"""The national history in the population's log: dated events and national programmes."""

from journeysim.model.events import NATIONAL_TIMELINE, month_of


def test_the_national_log_holds_the_timeline_of_the_nations_present_in_the_run(two_services):
    model = two_services()
    model.run()
    expected = [
        (month_of(2004, e.year, e.month), e.kind)
        for e in NATIONAL_TIMELINE
        if "wales" in e.nations and 0 <= month_of(2004, e.year, e.month) < model.horizon
    ]
    logged = [(e.month, e.kind) for e in model.log.events if e.category == "national"]
    assert expected and logged == sorted(expected, key=lambda me: me[0])
    assert all(e.effect == "every service in wales" for e in model.log.events if e.category == "national")


def test_a_national_training_programme_starts_in_the_financial_year_month_of_its_year(two_services):
    model = two_services("national_programme_teachers = 2.0\nnational_programme_start_year = 2006")
    model.run(36)
    programme = [e for e in model.log.events if e.kind == "national_programme"]
    assert [e.month for e in programme] == [model.month_index(2006)] == [27]
    assert "2 teachers a year per service" in programme[0].causes[0]
