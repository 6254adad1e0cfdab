"""The study's patterns, each a declared check the model must pass (pattern-oriented modelling).

Every :class:`Pattern` states, in our own words, something the ASPIRE study reports; cites where; names
the scenarios that test it (shipped scenarios and strategy overlays, which differ only in what the study
says differs between services); and measures it on replicated runs with a 95% confidence interval.
A :class:`Criterion` turns the estimate into a verdict:

* ``holds``: the whole interval lies on the pattern's side of the threshold;
* ``inconclusive``: the estimate does, but the interval reaches the threshold;
* ``fails``: the estimate does not.

Every pattern has a kind. A *validation pattern* could have failed: where the
evidence allows it is a contrast with a matched counterfactual, the same
services, seeds and replications with the event or feature removed (a champion
who stays, a programme that never came, money that continues, a line never
cut), so ``P(outcome | factual) - P(outcome | counterfactual)`` is paired by
replication under common random numbers; where the study gives only a share in
one kind of service the pattern says so (``counterfactual``), and its knock-out
is what shows the mechanism. A *consistency check* is true by the model's own
definitions and checks the code, not the world. A *prediction* goes beyond the
study's data and is reported with its interval, without a verdict.

Thresholds are fixed from the study's wording, never tuned to what the
model gives: "usually" and "most" mean more than half; "takes years" means
at least two years; "does better" means a difference the study could have
seen, which we take as ten percentage points for a probability (four of the
study's forty services), a quarter of a level on the 0-3 scale, or ten per
cent more people reached; the restated patterns carry thresholds fixed before measuring.

Measures: :mod:`journeysim.validation.measures`; knock-outs: :mod:`journeysim.validation.knockouts`.
"""

from __future__ import annotations

from journeysim.validation import measures as ms
from journeysim.validation.pattern_types import CONSISTENCY, PREDICTION, Beside, Criterion, Pattern

# Scenario references (shipped scenarios, with strategy overlays after '+').
LONE = "lone_champion"
LONE_LEAVES = "lone_champion+champion_leaves_year5"
SUCCESSION_LEAVES = "lone_champion_succession+champion_leaves_year5"
TRAINING_LEAVES = "lone_champion+training_investment+champion_leaves_year5"
SEVERAL = "several_implementers"
SEVERAL_LEAVES = "several_implementers+champion_leaves_year5"
TOP_DOWN = "lone_champion+top_down_investment"
MISALIGNED = "misaligned_managers"
ALIGNED = "aligned_managers"
HOSTILE = "hostile_context"
FAVOURABLE = "favourable_context"
HOSTILE_SEVERAL = "hostile_context+several_implementers"
FAVOURABLE_SEVERAL = "favourable_context+several_implementers"
SCOTLAND = "top_down_scotland"
ONE_OFF = "lone_champion+one_off_funding"
RECURRENT = "lone_champion+recurrent_funding"
RECURRENT_CUT = "lone_champion+recurrent_funding+funding_cut_year5"
# Matched counterfactual worlds (strategy overlays that change no draw of the factual world).
LONE_STAYS = "lone_champion+champion_stays"
NO_PROGRAMME = "top_down_scotland+no_national_programme"
PILOT_RENEWED = "lone_champion+one_off_funding+pilot_renewed"

FORCED_MONTH = 48  # the month champion_leaves_year5 and funding_cut_year5 act (the start of year five)
SCOTLAND_2015 = 71  # end of 2015 in top_down_scotland (which starts in January 2010): the study's years
SCOTLAND_2019 = 119  # end of 2019, before the pandemic
FIVE_YEARS_AFTER_CUT = FORCED_MONTH + 60 - 1  # the end of the fifth year after the cut
TWO_YEARS, YEAR_10_END = 24, 119  # months; the last month of year 10


# ------------------------------------------------------------ the patterns
S_CONTEXT = "001 §Context"
S_IMPL = "001 §MBCT implementers; §The implementation journey"
S_TDBU = "001 §Top-down and bottom-up"
S_TRAIN = "001 §Training and supervision; §Discussion"
S_PIVOT = "001 §Pivot points; §The implementation journey"
MORE_LIKELY = Criterion("above", 0.1, "difference")  # ten percentage points
HIGHER_LEVEL = Criterion("above", 0.25, "levels")  # a quarter of a level
MORE_PEOPLE = Criterion("above", 0.1, "relative")  # ten per cent

PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "P1a",
        "A service that rests on one champion usually stops within a few years of that champion leaving.",
        "001 §Context ('the service would die with me'); §Discussion; 003 theme 4",
        "P(stopped within 36 months of month 48), champion made to leave then minus the same worlds where the "
        "champion stays; services running before it whose first departure it was",
        ms.forced_departure_contrast(LONE_LEAVES, LONE, FORCED_MONTH),
        Criterion("above", 0.2, "difference"),
        fragility=True,
        mechanism=(
            "a lone champion is usually the only or nearly the only trained teacher when they leave, because "
            "colleagues are trained slowly from below; the few left behind deliver little without a coordinator, "
            "get few referrals and stop teaching (workforce.trainee_rate, teacher_loss; delivery.coordinated)"
        ),
        counterfactual="the forced departure not applied (`lone_champion`): the champion stays at month 48",
    ),
    Pattern(
        "P1b",
        "The same holds when the champion leaves for ordinary reasons (turnover, burnout, retirement).",
        "001 §Context; §Discussion (over-extended champions burn out and leave)",
        "P(stopped within 36 months of the first natural departure), minus the matched worlds where that "
        "champion never leaves; services running before it, followed 36 months",
        ms.natural_departure_contrast(LONE, LONE_STAYS),
        MORE_LIKELY,
        fragility=True,
        mechanism=(
            "champions working unprotected tire (Implementer.tire_and_recover) and leave through burnout, "
            "turnover or retirement; the departure then acts as in P1a"
        ),
        counterfactual="`+champion_stays`: the starting champion never leaves"
        " (its leaving draws are made, not acted on)",
    ),
    Pattern(
        "P2a",
        "Several implementers at different levels sustain a service better than one champion.",
        "001 §The implementation journey; §Discussion; 003 theme 1",
        "paired difference in P(running at year 10), several minus one",
        ms.difference("running_at_year_10", LONE, SEVERAL),
        MORE_LIKELY,
        fragility=True,
        mechanism=(
            "several implementers share the load, so each tires less and fewer burn out; when one leaves, others "
            "remain to coordinate delivery"
        ),
        counterfactual="the same services with one champion instead of several (`lone_champion`)",
    ),
    Pattern(
        "P2b",
        "Several implementers at different levels embed a service more often than one champion.",
        S_IMPL,
        "paired difference in P(embedded at year 10), several minus one",
        ms.difference("embedded_at_year_10", LONE, SEVERAL),
        MORE_LIKELY,
        mechanism=(
            "several implementers at different levels build evidence, networks and fit faster (complementarity) "
            "and persuade managers, so referral pathways, protected time and second-generation implementers "
            "follow"
        ),
        counterfactual="the same services with one champion instead of several",
    ),
    Pattern(
        "P2c",
        "A service with several implementers survives the lead champion's departure more often.",
        "001 §Discussion (champions as opportunity and risk); 003 theme 4",
        "P(stopped within 36 months of the departure): one champion minus several",
        ms.fewer_stop_after_departure(LONE_LEAVES, SEVERAL_LEAVES),
        MORE_LIKELY,
        fragility=True,
        mechanism=(
            "when the lead leaves, a remaining implementer takes over the lead (Implementer.leave) and delivery "
            "stays coordinated"
        ),
        counterfactual="the same departure in the same services with one champion instead of several",
    ),
    Pattern(
        "P3a",
        "Bottom-up effort alone reaches a ceiling: most such services still running at year 10 are fragile or patchy.",
        S_TDBU + " (without top-down support, limited and fragile)",
        "share embedded at year 10 among bottom-up services running at year 10",
        ms.embedded_among_running(LONE),
        Criterion("below", 0.5),
        mechanism=(
            "embedding needs all five structural features at once, and a lone champion rarely wins the care "
            "pathway: that needs a well-aligned middle manager and good fit, and reorganisations take it away "
            "(arrangements.arrange_referrals)"
        ),
        counterfactual="one arm: a share among bottom-up services, as the study states it; P3b is its"
        " contrast and K18 removes its mechanism",
    ),
    Pattern(
        "P3b",
        "Top-down support and investment added to the same bottom-up effort is what embeds a service.",
        S_TDBU + " (embedding needs top-down support and investment)",
        "paired difference in P(embedded at year 10), with top-down investment minus without",
        ms.difference("embedded_at_year_10", LONE, TOP_DOWN),
        MORE_LIKELY,
        mechanism=(
            "a senior leader who invests creates a lead post with protected time, governance and a commissioned "
            "training pathway with supervision, which bring teachers, second-generation implementers and a case "
            "for a funding line"
        ),
        counterfactual="the same services without the top-down investment (`lone_champion`)",
    ),
    Pattern(
        "P4a",
        "Where middle managers do not share senior leaders' support, training gets frozen.",
        S_CONTEXT + " (misalignment between middle and senior managers; training frozen)",
        "paired difference in P(training frozen at some point in years 1-10), misaligned minus aligned",
        ms.difference("frozen_by_year_10", ALIGNED, MISALIGNED),
        MORE_LIKELY,
        mechanism=(
            "an unaligned middle manager freezes training when pressure rises past the freeze point; pressure "
            "comes from local shocks and national history, not from the scenario"
        ),
        kind=CONSISTENCY,
        counterfactual="the same services with aligned managers; a freeze is defined from the very alignment"
        " and pressure the scenarios set, so this checks the code, not the world",
    ),
    Pattern(
        "P4b",
        "Misalignment between middle and senior managers holds the service back.",
        S_CONTEXT + "; " + S_TDBU + " (middle management as the hinge)",
        "relative difference in mean people reached over 20 years, aligned over misaligned, minus 1",
        ms.relative_difference("participants_total", MISALIGNED, ALIGNED),
        MORE_PEOPLE,
        mechanism=(
            "a frozen service delivers less and trains nobody, and an unaligned manager gives no protected time, "
            "so fewer people are reached"
        ),
        counterfactual="the same services with aligned managers",
    ),
    Pattern(
        "P5a",
        "Investment in training and supervision buys sustainability: the service outlives its champion.",
        S_TRAIN + " (investment created capacity for expansion and succession)",
        "paired difference in P(running at year 10) after the champion left in year 5, with minus without investment",
        ms.difference("running_at_year_10", LONE_LEAVES, TRAINING_LEAVES),
        MORE_LIKELY,
        fragility=True,
        mechanism=(
            "a commissioned training pathway with supervision builds a teaching team large enough to keep "
            "delivering without the champion"
        ),
        counterfactual="the same departure without the investment in training",
    ),
    Pattern(
        "P5b",
        "Investment in training and supervision buys succession: new implementers take over.",
        S_TRAIN + "; 004 'Building a team to deliver'",
        "paired difference in P(an implementer in post at year 10) after the champion left, with minus without",
        ms.difference(ms.has_implementer_at_year_10, LONE_LEAVES, TRAINING_LEAVES),
        MORE_LIKELY,
        mechanism=(
            "more trained teachers mean more chances for one to step up as a second-generation implementer "
            "(workforce.implementers_emerge)"
        ),
        counterfactual="the same departure without the investment in training",
    ),
    Pattern(
        "P5c",
        "Planning succession protects a service from its champion's departure.",
        "001 §The implementation journey (active succession planning); 004 'Building a team to deliver'",
        "P(stopped within 36 months of the departure): without minus with succession planning",
        ms.fewer_stop_after_departure(LONE_LEAVES, SUCCESSION_LEAVES),
        MORE_LIKELY,
        fragility=True,
        mechanism=(
            "implementers who plan succession sponsor trainees and mentor teachers to step up, so someone takes "
            "over when the champion leaves"
        ),
        counterfactual="the same departure without succession planning",
    ),
    Pattern(
        "P6a",
        "Journeys to an embedded service take years.",
        S_PIVOT + " (often over many years)",
        "median months from the start to first reaching embedded, among journeys that get there",
        ms.median_months_to_embedded(SEVERAL),
        Criterion("above", 24.0, "months"),
        mechanism=(
            "evidence, networks, fit and leaders' support accumulate slowly, month by month, and the structural "
            "features come one at a time"
        ),
        counterfactual="one arm: a duration the study reports; K21 (everything builds at once) removes it",
    ),
    Pattern(
        "P6b",
        "Journeys have both upward and downward pivot points.",
        S_PIVOT,
        "share of journeys with at least one upward and one downward pivot point",
        ms.share_with_pivots_both_ways(SEVERAL),
        Criterion("above", 0.5),
        mechanism=(
            "local shocks (reorganisations, cuts, changed priorities, new leaders), cancelled courses and "
            "departures push down; investment, funding and arrangements push up"
        ),
        counterfactual="one arm: a share the study reports; K20 (nothing pushes a service down) removes it",
    ),
    Pattern(
        "P6c",
        "Journeys that reach embedded have troughs as well as peaks on the way.",
        S_PIVOT + " (peaks and troughs)",
        "share of journeys reaching embedded that also fell back a level at least once",
        ms.troughs_on_the_way(SEVERAL),
        Criterion("above", 0.5),
        mechanism="the same shocks and departures knock embedded services back a level on the way",
        counterfactual="one arm: a share the study reports; K20 (nothing pushes a service down) removes it",
    ),
    Pattern(
        "P7a",
        "The same lone champion achieves less in a hostile context than in a favourable one.",
        S_PIVOT + " (success a function of effort and context); " + S_CONTEXT,
        "paired difference in mean level at year 10 (0 absent ... 3 embedded), favourable minus hostile",
        ms.difference("level_code_at_year_10", HOSTILE, FAVOURABLE),
        HIGHER_LEVEL,
        mechanism=(
            "pressure, culture, stability and budget act on fit, managers' support, burnout, shocks and commissioning"
        ),
        counterfactual="the same champion in the same services in a favourable context",
    ),
    Pattern(
        "P7b",
        "The same greater effort (several implementers) also achieves less in a hostile context.",
        S_PIVOT + " (success a function of effort and context)",
        "as P7a, with several implementers in both contexts",
        ms.difference("level_code_at_year_10", HOSTILE_SEVERAL, FAVOURABLE_SEVERAL),
        HIGHER_LEVEL,
        mechanism="as P7a: context acts on every mechanism whatever the effort",
        counterfactual="the same implementers in the same services in a favourable context",
    ),
    Pattern(
        "P7c",
        "In the same hostile context, more implementer effort achieves more.",
        S_PIVOT + " (effort correlated with degree of success)",
        "paired difference in mean level at year 10 in a hostile context, several implementers minus one",
        ms.difference("level_code_at_year_10", HOSTILE, HOSTILE_SEVERAL),
        HIGHER_LEVEL,
        mechanism="as P2a and P2b: more implementers build more and burn out less, in any context",
        counterfactual="the same hostile services with one champion instead of several",
    ),
    Pattern(
        "P8a",
        "A national top-down training programme with little local championing spreads provision: in the study's"
        " years its services run more often than they would without it.",
        S_TDBU + " (Scotland's nation-wide training programme)",
        "P(running at the end of 2015), with the programme minus the same services without it",
        ms.running_contrast(SCOTLAND, NO_PROGRAMME, SCOTLAND_2015),
        Criterion("above", 0.2, "difference"),
        mechanism=(
            "the national programme trains teachers and pays for supervision and courses in every service, with "
            "or without a champion"
        ),
        counterfactual="`+no_national_programme`: the programme never comes (no places, no money)",
    ),
    Pattern(
        "P8b",
        "As its funding shrinks, that provision erodes (a prediction: the study's data end in 2015).",
        S_TDBU + " (limited funding, reduced over time)",
        "P(running) at the end of 2015 minus at the end of 2019, same services under the programme",
        ms.within_running(SCOTLAND, SCOTLAND_2015, SCOTLAND_2019),
        None,
        mechanism=(
            "the programme's money is non-recurrent and shrinks each year; when its supervision and money end, "
            "unsupervised, idle teachers stop teaching and uncoordinated delivery fades"
        ),
        kind=PREDICTION,
        counterfactual="none: the same services four years on (national history moves too)",
    ),
    Pattern(
        "P8c",
        "It erodes where no local implementers take it up, and lasts where they do.",
        S_TDBU + "; 003 theme 4 (top-down needs bottom-up too)",
        "P(running at year 20): services where a local implementer emerged minus those where none did",
        ms.uptake_difference(SCOTLAND, "running_at_year_20"),
        MORE_LIKELY,
        mechanism=(
            "where a trained teacher steps up as a local implementer, delivery stays coordinated and supervision "
            "is arranged locally when the programme's ends"
        ),
        counterfactual="observational: services of one scenario where someone took the programme up against"
        " those where nobody did (not matched); K22 reads how much is the implementer's doing",
    ),
    Pattern(
        "P9a",
        "Time-limited money that ends and is not replaced is a downward pivot: within two years of a pilot grant"
        " ending unreplaced, services are running less often than where the money continues.",
        S_PIVOT + " (resources withdrawn; time-limited money)",
        "P(running two years after the pilot grant's end), grant ended unreplaced minus the same services whose "
        "grant is renewed; services with no recurrent line when it ends",
        ms.after_pilot_unreplaced(ONE_OFF, PILOT_RENEWED, TWO_YEARS),
        Criterion("below", -0.1, "difference"),
        mechanism="a one-off grant is drawn down and ends on its date (funding.Grant); with the money go protected"
        " teaching time and funded training places, and nothing replaces them unless a commissioner opens a line",
        counterfactual="`+pilot_renewed`: the pilot grant renewed for the same sum and term whenever it ends",
        beside=(
            Beside(
                "finding: P(running at year 10), grant ended minus grant renewed",
                ms.running_contrast(ONE_OFF, PILOT_RENEWED, YEAR_10_END),
            ),
        ),
    ),
    Pattern(
        "P9b",
        "A funding line that is withdrawn is seldom restored: five years after a cut to nothing, fewer than half"
        " the services hold a recurrent line again, far fewer than where the line was never cut.",
        S_PIVOT + " (resources withdrawn as a downward pivot)",
        "P(a recurrent line five years after the cut in month 48), cut minus the same services never cut; "
        "services holding a line when it was cut",
        ms.line_contrast(RECURRENT_CUT, RECURRENT, FORCED_MONTH, FIVE_YEARS_AFTER_CUT),
        Criterion("below", -0.2, "difference"),
        mechanism="commissioners remember a decommissioned line and reopen it only for a stronger case than the one"
        " they closed it on (commissioner.Commissioner.review)",
        counterfactual="`lone_champion+recurrent_funding`: the same line never cut",
        beside=(
            Beside(
                "share holding a line five years after the cut (criterion < 0.5)",
                ms.line_share(RECURRENT_CUT, FORCED_MONTH, FIVE_YEARS_AFTER_CUT),
                Criterion("below", 0.5),
            ),
        ),
    ),
    Pattern(
        "P10a",
        "Some grass-roots starts never become regular provision: tasters and pilots run, but regular courses do not"
        " follow.",
        S_PIVOT + " (stalling out); 001 §Facilitators (tasters and pilots as a platform)",
        "share of lone-champion journeys that ran a course in years 1-5 but never ran courses regularly in those years",
        ms.running_share(LONE, "stalled_by_year_5"),
        Criterion("above", 0.1),
        mechanism=(
            "a lone champion teaching on top of an ordinary job runs about a course a year, short of regular "
            "provision, and many leave before their time is protected (delivery.delivery_rate: goodwill "
            "teaching); too few referrals hold back a minority (delivery.deliver_courses)"
        ),
        counterfactual="one arm: a share the study reports; K17 (teaching on goodwill costs no time) removes it",
    ),
    Pattern(
        "P10b",
        "Referrals that do not come leave groups cancelled in a noticeable share of grass-roots starts.",
        "001 §Fit (MBCT integrated into care pathways); 003 theme 2",
        "share of lone-champion journeys with at least one course cancelled for want of referrals in years 1-5",
        ms.running_share(LONE, "cancelled_by_year_5"),
        Criterion("above", 0.1),
        mechanism="referrals follow the care pathway and fit (delivery.referrals); a due course needs a viable group",
        counterfactual="one arm: a share the study reports; K16 (referrals always fill groups) removes it",
    ),
    Pattern(
        "P11",
        "Grass-roots services rarely win recurrent money: by year 10 fewer than one in four lone-champion services"
        " without top-down investment hold a commissioned recurrent line.",
        "000 §Results (money for training and supervision rarely available; teachers paid their own)",
        "share with a recurrent line at year 10 among lone-champion services nobody invested in top-down by then",
        ms.line_without_top_down(LONE, YEAR_10_END),
        Criterion("below", 0.25),
        mechanism="the commissioner opens a line only when its yearly score (case, senior priority, budget, delivery"
        " record) clears the threshold, and withdraws young lines that fall well short (commissioner.review)",
        counterfactual="one arm, as the study states it: a share of bottom-up services (K23 funds every service)",
    ),
)


def pattern(pattern_id: str) -> Pattern:
    """The pattern with this id."""
    for p in PATTERNS:
        if p.id == pattern_id:
            return p
    raise KeyError(f"no pattern {pattern_id!r}; patterns: {', '.join(p.id for p in PATTERNS)}")


def scenarios_of(patterns: tuple[Pattern, ...] | list[Pattern]) -> list[str]:
    """Every scenario reference the patterns read, once each, in order."""
    return list(dict.fromkeys(ref for p in patterns for ref in p.scenarios))
