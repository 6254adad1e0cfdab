"""Every model parameter, declared once.

Each :class:`Parameter` carries its default, unit, plausible range and the
evidence behind it. The same declarations validate scenario files and
``--set`` overrides, build sweep designs and SALib problems, drive
uncertainty draws, and render ``docs/parameters.md``.

Sources are cited by seed file and section (``001 §Context`` is the BMJ Open
paper in ``shared/seeds/001_*``, section "Context") or by published paper.
"Assumption" marks a number the study does not give; its range is what we
consider plausible, and the sensitivity analysis tells how much it matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NATIONS = ("england", "scotland", "wales", "northern_ireland")
TRAINING_PATHWAYS = ("none", "ad_hoc", "commissioned", "internal")
FIDELITY_STANCES = ("good_enough", "gold_standard")
POPULATION_GROUPS = ("population", "national policy", "outcomes")


def describe_allowed(kind: str, low: float | None, high: float | None, choices: tuple = ()) -> str:
    """Human description of the values a declared ``kind`` allows."""
    if kind == "choice":
        return "one of " + ", ".join(repr(c) for c in choices)
    if kind == "bool":
        return "true or false"
    return f"a {'whole number' if kind == 'int' else 'number'} from {low:g} to {high:g}"


def check_value(value: Any, kind: str, low: float | None, high: float | None, choices: tuple = ()) -> Any:
    """Return ``value`` coerced to a declared ``kind`` (choice, bool, int or float within low..high).

    The one check behind parameters, implementer fields, intervention details and sweep factors.

    Raises:
        ValueError: with a message saying what is allowed.

    """
    allowed = describe_allowed(kind, low, high, choices)
    if kind == "choice":
        if value not in choices:
            raise ValueError(f"must be {allowed}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be {allowed}")
    if kind == "int":
        if float(value) != int(value):
            raise ValueError(f"must be {allowed}")
        value = int(value)
    else:
        value = float(value)
    if not (low <= value <= high):
        raise ValueError(f"is outside the declared range: must be {allowed}")
    return value


@dataclass(frozen=True)
class Parameter:
    """One declared model parameter.

    Attributes:
        name: The key used in scenario files, ``--set`` and sweeps.
        default: Value used when a scenario does not set it.
        unit: Unit of measure, in words.
        low: Lowest plausible (and allowed) value, for numbers.
        high: Highest plausible (and allowed) value, for numbers.
        source: Evidence (seed section or paper) or ``"assumption"``.
        description: What the parameter means in the service.
        group: Section of the parameter table.
        choices: Allowed values for a categorical parameter.
        uncertain: Whether uncertainty analysis draws it from its range.

    """

    name: str
    default: Any
    unit: str
    low: float | None
    high: float | None
    source: str
    description: str
    group: str
    choices: tuple[str, ...] = field(default=())
    uncertain: bool = True

    @property
    def population_only(self) -> bool:
        """Whether only a population of services uses it (links, national policy, what courses achieve)."""
        return self.group in POPULATION_GROUPS

    @property
    def kind(self) -> str:
        """``"choice"``, ``"bool"``, ``"int"`` or ``"float"``."""
        if self.choices:
            return "choice"
        if isinstance(self.default, bool):
            return "bool"
        if isinstance(self.default, int):
            return "int"
        return "float"

    def allowed(self) -> str:
        """Human description of the allowed values."""
        return describe_allowed(self.kind, self.low, self.high, self.choices)

    def check(self, value: Any) -> Any:
        """Return ``value`` coerced to this parameter's type; raise ``ValueError`` saying what is allowed."""
        return check_value(value, self.kind, self.low, self.high, self.choices)


A = "assumption"

# One declaration per entry reads best as a table, so the formatter leaves it alone.
# fmt: off
_DECLARATIONS: list[Parameter] = [
    # --- run and calendar ------------------------------------------------------
    Parameter("start_year", 2005, "calendar year", 1995, 2030, "brief §3 (dated national events from 2004)",
              "Calendar year of the first simulated month.", "run", uncertain=False),
    Parameter("years", 20, "years", 10, 30, "brief §1 (10-30 simulated years)",
              "Length of the simulated journey.", "run", uncertain=False),
    Parameter("nation", "england", "", None, None, "001 §Methods (four UK nations)",
              "UK nation; selects which national events apply.", "run", choices=NATIONS, uncertain=False),
    # --- context ---------------------------------------------------------------
    Parameter("pressure", 0.5, "index 0-1", 0.0, 1.0, "001 §Context (workload, targets, disinvestment)",
              "Service pressure: workload, waiting lists and target culture.", "context", uncertain=False),
    Parameter("culture", 0.4, "index 0-1", 0.0, 1.0, "001 §Fit; 003 theme 3",
              "Service culture, from medical model (0) to wellbeing and recovery (1).", "context", uncertain=False),
    Parameter("stability", 0.6, "index 0-1", 0.0, 1.0, "001 §Context (ever-changing context)",
              "Organisational stability; low stability means more reorganisations.", "context", uncertain=False),
    Parameter("budget_health", 0.6, "index 0-1", 0.0, 1.0, "001 §Context (historic disinvestment)",
              "Financial room in the local health economy.", "context", uncertain=False),
    # --- resources at the start ------------------------------------------------
    Parameter("initial_recurrent_funding", 0.0, "GBP per year", 0.0, 200000.0, "001 §Context (resources rarely available)",
              "Recurrent funding line for MBCT at the start.", "resources", uncertain=False),
    Parameter("initial_one_off_funds", 0.0, "GBP", 0.0, 200000.0, "001 §Pivot points (securing resources)",
              "One-off money available at the start (a pilot grant, say).", "resources", uncertain=False),
    Parameter("training_pathway", "auto", "", None, None, "001 §Training and supervision",
              "Training pathway at the start; 'auto' derives it from the team stage.", "resources", choices=("auto", *TRAINING_PATHWAYS), uncertain=False),
    Parameter("fidelity_stance", "good_enough", "", None, None, "001 §Training and supervision (gold standard vs good enough)",
              "Whether the service insists on gold-standard training and delivery.", "resources", choices=FIDELITY_STANCES, uncertain=False),
    Parameter("succession_planning", False, "", None, None, "004 'Building a team to deliver' (second and third generation)",
              "Whether implementers actively plan succession from the start.", "resources", uncertain=False),
    # --- people ----------------------------------------------------------------
    Parameter("staff_turnover_annual", 0.12, "per year", 0.08, 0.18, "DHSC 2018 NHS mental-health staff leaver rate (brief §3)",
              "Annual probability that a member of staff leaves for ordinary reasons.", "people"),
    Parameter("champion_turnover_factor", 0.8, "ratio", 0.5, 1.2, A,
              "Committed champions leave at this multiple of the ordinary rate.", "people"),
    Parameter("career_years_mean", 15.0, "years", 8.0, 25.0, A,
              "Mean years left before an implementer retires (drawn uniformly from half to 1.5 times this).", "people"),
    Parameter("manager_turnover_annual", 0.15, "per year", 0.08, 0.25, "001 §Context (turnover including managers); value assumption",
              "Annual probability that the middle manager changes.", "people"),
    Parameter("senior_tenure_years", 4.0, "years", 2.5, 7.0, "assumption (short NHS chief-executive tenures)",
              "Mean tenure of a senior leader before a leadership change.", "people"),
    Parameter("burnout_hazard_factor", 4.0, "ratio", 2.0, 8.0, "001 §Discussion (over-extended champions burn out and leave); value assumption",
              "Multiplier on an implementer's leaving hazard while burnt out.", "people"),
    Parameter("burnout_threshold", 0.25, "energy 0-1", 0.1, 0.4, A,
              "Energy below which an implementer counts as burnt out.", "people"),
    Parameter("energy_recovery", 0.06, "per month", 0.03, 0.1, A,
              "Monthly recovery of an implementer's energy toward full.", "people"),
    Parameter("unpaid_effort_drain", 0.035, "energy per month", 0.02, 0.07, "001 §Context (extra unpaid work, running on enthusiasm); value assumption",
              "Energy an implementer spends each month working without protected time.", "people"),
    Parameter("protected_drain_factor", 0.35, "ratio", 0.2, 0.6, A,
              "Fraction of that drain that remains when time is protected.", "people"),
    Parameter("emergence_annual", 0.08, "per teacher per year", 0.02, 0.2, "004 'Building a team' (second-generation implementers); value assumption",
              "Annual chance that a trained teacher, in a well-networked service, steps up as an implementer.", "people"),
    Parameter("succession_emergence_factor", 5.0, "ratio", 2.0, 8.0, "001 §Discussion (succession planning); value assumption",
              "How much succession planning raises that chance.", "people"),
    Parameter("succession_effort", 0.1, "ratio", 0.0, 0.3, A,
              "Extra load on implementers while they mentor successors (the cost of succession planning).", "people"),
    Parameter("handover_loss_alone", 0.6, "fraction", 0.3, 0.9, "001 §Context ('the service would die with me'); value assumption",
              "Share of networks and local evidence lost when the last implementer leaves.", "people"),
    Parameter("handover_loss_shared", 0.1, "fraction", 0.0, 0.3, A,
              "Share lost when an implementer leaves but others remain.", "people"),
    Parameter("complementarity_bonus", 0.25, "per extra role", 0.0, 0.5, "001 §MBCT implementers (several implementers, complementary skills)",
              "Extra effectiveness for each additional organisational level among implementers.", "people"),
    Parameter("lead_vacancy_months", 6, "months", 2, 12, A,
              "Months to fill a formal lead role after its holder leaves.", "people"),
    # --- courses ---------------------------------------------------------------
    Parameter("course_size_min", 8, "participants", 6, 10, "001 §Background (classes of 8-15)",
              "Smallest full class.", "courses", uncertain=False),
    Parameter("course_size_max", 15, "participants", 12, 20, "001 §Background (classes of 8-15)",
              "Largest full class.", "courses", uncertain=False),
    Parameter("courses_per_teacher_year", 2.0, "courses per year", 1.0, 4.0, A,
              "Courses a trained teacher with protected time delivers in a year.", "courses"),
    Parameter("goodwill_delivery_factor", 0.5, "ratio", 0.2, 0.8, "001 §Context (teaching on top of existing roles)",
              "Delivery of a teacher without protected time, relative to one with it.", "courses"),
    Parameter("orphan_delivery_factor", 0.15, "ratio", 0.0, 0.4, "001 §Context ('the service would die with me'); value assumption",
              "Delivery when no implementer or lead role coordinates the courses.", "courses"),
    Parameter("referral_fill_without_pathway", 0.6, "fraction", 0.4, 0.9, A,
              "Share of places filled when MBCT is not in the referral pathway.", "courses"),
    Parameter("course_cost", 1500.0, "GBP per course", 800.0, 3000.0, A,
              "Teacher time, venue and materials for one 8-week course.", "courses"),
    # --- teachers, training, supervision ---------------------------------------
    Parameter("training_months", 12, "months", 6, 24, "001 §Discussion (training pathway consensus); duration assumption",
              "Months from starting MBCT teacher training to teaching.", "training"),
    Parameter("trainees_none", 0.3, "per year", 0.1, 0.8, "001 §Context (teachers paid for their own training)",
              "Trainees per year that one reference champion secures when there is no pathway.", "training"),
    Parameter("trainees_ad_hoc", 0.6, "per year", 0.2, 1.5, "001 §Training and supervision (ad hoc arrangements)",
              "Trainees per year on an ad hoc pathway.", "training"),
    Parameter("trainees_commissioned", 2.0, "per year", 1.0, 4.0, "001 §Training and supervision (commissioned-in training)",
              "Trainees per year on a commissioned pathway.", "training"),
    Parameter("trainees_internal", 3.0, "per year", 1.5, 6.0, "001 §Training and supervision (internal apprenticeship)",
              "Trainees per year on an internal apprenticeship pathway.", "training"),
    Parameter("training_cost", 4000.0, "GBP per teacher", 2000.0, 8000.0, A,
              "Cost of training one MBCT teacher when commissioned in.", "training"),
    Parameter("internal_cost_factor", 0.5, "ratio", 0.3, 0.8, A,
              "Cost of internal apprenticeship training relative to commissioned.", "training"),
    Parameter("supervision_cost", 600.0, "GBP per teacher per year", 300.0, 1200.0, A,
              "Cost of supervising one teacher for a year.", "training"),
    Parameter("lapse_without_supervision", 0.25, "per year", 0.1, 0.5, "001 §Training and supervision (good-practice guidance expects supervision)",
              "Annual chance that an unsupervised teacher stops teaching.", "training"),
    Parameter("critical_mass_teachers", 3, "teachers", 2, 6, "001 §Pivot points (critical mass of teachers)",
              "Trained teachers that make a critical mass.", "training"),
    Parameter("gold_standard_training_factor", 0.7, "ratio", 0.5, 0.9, "001 §Training and supervision (gold standard vs good enough)",
              "Trainee throughput under a gold-standard stance, relative to good enough.", "training"),
    Parameter("gold_standard_evidence_factor", 1.3, "ratio", 1.0, 1.6, "001 §Training and supervision; value assumption",
              "Strength of local evidence under a gold-standard stance.", "training"),
    # --- evidence and case -----------------------------------------------------
    Parameter("guidance_weight", 0.4, "weight", 0.2, 0.6, "001 §Facilitators (guidelines open the door; local evidence particularises)",
              "Weight of national guidance, against local evidence, in the strength of the case.", "evidence"),
    Parameter("guidance_nice", 0.45, "index 0-1", 0.25, 0.6, "001 §Background (guideline recommendation since 2004)",
              "Strength of national guidance added by the guideline.", "evidence"),
    Parameter("guidance_report", 0.2, "index 0-1", 0.05, 0.3, "001 §Pivot points (2015 parliamentary report)",
              "Guidance strength added by the 2015 parliamentary report.", "evidence"),
    Parameter("evaluation_rate", 0.025, "per month", 0.01, 0.05, "001 §Facilitators (audits, evaluations, pilots)",
              "Local evidence a skilled, fully engaged implementer builds per month.", "evidence"),
    Parameter("evidence_per_course", 0.004, "per course", 0.001, 0.01, "001 §Facilitators (participant feedback)",
              "Local evidence added by each delivered course.", "evidence"),
    Parameter("evidence_decay_annual", 0.15, "per year", 0.05, 0.3, A,
              "Annual fading of local evidence that is not renewed.", "evidence"),
    Parameter("service_user_case_boost", 0.1, "index 0-1", 0.0, 0.2, "001 §Facilitators (first-person accounts)",
              "Strength added to the case by an engaged service-user implementer.", "evidence"),
    Parameter("compelling_case", 0.55, "index 0-1", 0.4, 0.7, "001 §Pivot points (a compelling case)",
              "Case strength that counts as compelling.", "evidence"),
    # --- fit and networks ------------------------------------------------------
    Parameter("fit_adaptation_rate", 0.03, "per month", 0.01, 0.06, "001 §Fit (adapting to make it fit)",
              "Progress toward the attainable fit per month of skilled effort.", "fit"),
    Parameter("fit_erosion_annual", 0.08, "per year", 0.0, 0.3, "001 §Fit (fit must be continually re-evaluated)",
              "Annual erosion of fit as the context moves on.", "fit"),
    Parameter("fit_pressure_penalty", 0.3, "index 0-1", 0.1, 0.5, "001 §Fit (focus on acute and urgent targets)",
              "How much pressure lowers the attainable fit.", "fit"),
    Parameter("referral_fit", 0.45, "index 0-1", 0.3, 0.6, "001 §Fit (integration with care pathways)",
              "Fit needed before MBCT can enter the referral pathway.", "fit"),
    Parameter("culture_shift_annual", 0.02, "per year", 0.0, 0.05, "004 'Making it fit' (sustainable: a shift in service culture)",
              "Yearly shift of the culture toward wellbeing while a well-networked service is embedded.", "fit"),
    Parameter("networking_rate", 0.03, "per month", 0.01, 0.06, "001 §MBCT implementers (networks)",
              "Network growth per month of engaged effort.", "fit"),
    Parameter("networks_decay_annual", 0.2, "per year", 0.1, 0.4, A,
              "Annual fading of networks that are not tended.", "fit"),
    # --- managers and leaders --------------------------------------------------
    Parameter("manager_adjust_rate", 0.05, "per month", 0.02, 0.1, A,
              "Monthly rate at which a middle manager's alignment follows the case.", "leadership"),
    Parameter("manager_pressure_weight", 0.6, "weight", 0.3, 1.0, "001 §Context (staff diverted to waiting lists)",
              "How strongly pressure turns a middle manager against the work.", "leadership"),
    Parameter("position_influence", 0.3, "weight", 0.1, 0.5, "001 §Facilitation (position held makes it easier)",
              "Extra pull on managers from an implementer who is a manager.", "leadership"),
    Parameter("freeze_pressure", 0.65, "index 0-1", 0.5, 0.85, "001 §Context (training frozen under redesign)",
              "Pressure above which an unaligned middle manager freezes training.", "leadership"),
    Parameter("freeze_alignment", 0.4, "index 0-1", 0.25, 0.55, "001 §Context (misaligned middle managers)",
              "Middle-manager alignment below which they freeze training under pressure.", "leadership"),
    Parameter("protect_alignment", 0.65, "index 0-1", 0.5, 0.8, "001 §Top-down and bottom-up (middle management as hinge)",
              "Middle-manager alignment at which they protect staff time for MBCT.", "leadership"),
    Parameter("middle_view_mean", 0.5, "index 0-1", 0.1, 0.9, "001 §Context (misalignment between middle and senior managers); value assumption",
              "Average own view of MBCT among the service's middle managers (each new one is drawn around it).", "leadership", uncertain=False),
    Parameter("senior_view_mean", 0.5, "index 0-1", 0.1, 0.9, "001 §Context (a chief executive open to it); value assumption",
              "Average own view of MBCT among the service's senior leaders (each new one is drawn around it).", "leadership", uncertain=False),
    Parameter("senior_adjust_rate", 0.03, "per month", 0.01, 0.06, A,
              "Monthly rate at which a senior leader's priority follows the case.", "leadership"),
    Parameter("senior_priority_threshold", 0.6, "index 0-1", 0.45, 0.75, "001 §Top-down and bottom-up (strategic priority)",
              "Senior priority at which top-down investment begins.", "leadership"),
    # --- commissioning and money -----------------------------------------------
    Parameter("commissioning_threshold", 0.55, "index 0-1", 0.4, 0.7, "001 §Facilitators (guidelines help secure funding)",
              "Commissioning score needed to open a recurrent funding line.", "funding"),
    Parameter("recurrent_funding_amount", 30000.0, "GBP per year", 10000.0, 80000.0, A,
              "Size of a recurrent funding line when commissioned.", "funding"),
    Parameter("decommission_margin", 0.2, "index 0-1", 0.05, 0.35, A,
              "How far the score must fall below the threshold before funding is withdrawn.", "funding"),
    Parameter("austerity_budget_drop", 0.2, "index 0-1", 0.1, 0.3, "001 §Implementation journey (2008 crisis; resources scarcer after)",
              "Fall in budget health from austerity.", "funding"),
    # --- shocks ----------------------------------------------------------------
    Parameter("reorganisation_annual", 0.12, "per year", 0.05, 0.25, "001 §Pivot points (service reorganisations)",
              "Yearly rate of reorganisations in a service of middling stability.", "shocks"),
    Parameter("budget_cut_annual", 0.08, "per year", 0.03, 0.2, "001 §Pivot points (resources withdrawn)",
              "Yearly rate of local budget cuts.", "shocks"),
    Parameter("priority_change_annual", 0.08, "per year", 0.03, 0.15, "001 §Pivot points (changed priorities)",
              "Yearly rate of changes in service priorities.", "shocks"),
    Parameter("reorganisation_fit_loss", 0.25, "index 0-1", 0.1, 0.4, "001 §Fit (reorganisation focused on core services)",
              "Fit lost in a reorganisation.", "shocks"),
    Parameter("budget_cut_fraction", 0.3, "fraction", 0.1, 0.5, A,
              "Share of MBCT money lost in a budget cut.", "shocks"),
    # --- national top-down programme (Scotland-like) ---------------------------
    Parameter("national_programme_teachers", 0.0, "teachers per year", 0.0, 4.0, "001 §Top-down and bottom-up (Scotland's national training)",
              "Teachers per year trained for this service by a national programme (0 = none).", "national", uncertain=False),
    Parameter("national_programme_start_year", 2012, "calendar year", 2000, 2030, "assumption (date not given in the study)",
              "First year of the national programme.", "national", uncertain=False),
    Parameter("national_programme_decay_annual", 0.2, "per year", 0.0, 0.5, "001 §Top-down and bottom-up (funding reduced over time); value assumption",
              "Annual shrinkage of the national programme's funding and places.", "national"),
    Parameter("national_programme_funding", 0.0, "GBP per year", 0.0, 100000.0, "001 §Top-down and bottom-up (limited funding)",
              "Money per year the national programme gives the service at its start.", "national", uncertain=False),
    # --- a population of services (used only by scenarios with a [population]) -------------
    Parameter("champion_arrival_annual", 0.02, "per service per year", 0.005, 0.08, "001 §The implementation journey (journeys start with a self-designated champion); value assumption, set so that most English services still have nobody trained in 2015 (brief §3)",
              "Yearly chance that a service with no implementer gains a self-designated champion (before the modifiers below).", "population"),
    Parameter("peer_arrival_factor", 2.0, "ratio", 0.0, 5.0, "001 §MBCT implementers (networks, seeing it elsewhere); value assumption",
              "Extra arrivals where linked services run MBCT: the chance is multiplied by 1 + this x the share of links that do.", "population"),
    Parameter("university_link_factor", 2.0, "ratio", 1.0, 4.0, "001 §Training and supervision (university training centres); value assumption",
              "Multiplier on arrivals for a service linked to a university training centre.", "population"),
    Parameter("rural_arrival_factor", 0.6, "ratio", 0.3, 1.0, A,
              "Multiplier on arrivals in a rural service (fewer staff, further from training).", "population"),
    Parameter("peer_spread_rate", 0.02, "per month", 0.0, 0.05, "001 §MBCT implementers (regional networks, special interest groups); value assumption",
              "Monthly growth of networks (and half that of local evidence) per unit of MBCT activity along a service's links.", "population"),
    Parameter("mover_carry_share", 0.3, "fraction", 0.0, 0.6, "brief §2 (a champion who leaves may carry the work elsewhere); value assumption",
              "Share of implementers leaving for ordinary turnover who take up the work in a linked service.", "population"),
    Parameter("shared_training_annual", 0.5, "trainees per year", 0.0, 2.0, "001 §Training and supervision (internal apprenticeships training others); value assumption",
              "Trainees a year that a service with a champion but no pathway of its own gets from a linked internal apprenticeship or training centre.", "population"),
    Parameter("shared_supervision_annual", 0.5, "per year", 0.1, 1.0, "001 §Training and supervision (shared supervision); value assumption",
              "Yearly chance that a service with a teacher but no supervision joins a linked service's supervision.", "population"),
    # --- national policy levers (population scenarios) --------------------------
    Parameter("policy_nations", "all", "", None, None, "brief §1 (policy questions per nation)",
              "Which nations the national policy levers below apply to.", "national policy", choices=("all", *NATIONS), uncertain=False),
    Parameter("policy_start_year", 2016, "calendar year", 1995, 2040, "brief §3 (Mindful Nation UK report, 2015)",
              "Year (from April) that the policy levers start.", "national policy", uncertain=False),
    Parameter("policy_training_places", 0, "teachers per year", 0, 2000, "brief §3 (Mindful Nation UK: about 300 new NHS teachers a year)",
              "Teacher-training places funded nationally each year, shared between services by population served.", "national policy", uncertain=False),
    Parameter("policy_training_years", 5, "years", 0, 30, "brief §3 (the report's target to 2020)",
              "Years that the training places are funded for.", "national policy", uncertain=False),
    Parameter("policy_service_funding", 0.0, "GBP per service per year", 0.0, 100000.0, "001 §Context (resources rarely available)",
              "Money given each year to every covered service that has a trained teacher or an implementer.", "national policy", uncertain=False),
    Parameter("policy_funding_recurrent", False, "", None, None, "001 §Pivot points (recurrent vs one-off resources)",
              "Whether that money is a recurrent funding line (true) or a one-off sum each year (false).", "national policy", uncertain=False),
    Parameter("policy_funding_years", 5, "years", 0, 30, A,
              "Years that the service funding lasts.", "national policy", uncertain=False),
    Parameter("policy_protected_time", False, "", None, None, "001 §Context (protected time); brief §1",
              "Whether champions' MBCT work is put in their job plans while the policy lasts.", "national policy", uncertain=False),
    Parameter("policy_supervision_network", False, "", None, None, "001 §Training and supervision (supervision expected by good practice)",
              "Whether a national supervision network supervises any covered service's teachers while the policy lasts.", "national policy", uncertain=False),
    Parameter("policy_support_years", 10, "years", 0, 30, A,
              "Years that protected time and the supervision network last.", "national policy", uncertain=False),
    Parameter("policy_cut_year", 2020, "calendar year", 1995, 2040, "001 §Pivot points (resources withdrawn)",
              "Year (April) of a national cut to MBCT money in covered services.", "national policy", uncertain=False),
    Parameter("policy_cut_fraction", 0.0, "fraction", 0.0, 1.0, "001 §Pivot points (resources withdrawn)",
              "Share of every covered service's MBCT money cut that year (0 = no cut).", "national policy", uncertain=False),
    Parameter("protected_time_cost", 5000.0, "GBP per champion per year", 2500.0, 10000.0, "assumption (about half a day a week of a clinical psychologist's time)",
              "What protected time for one champion costs the national policy.", "outcomes"),
    # --- what courses achieve (outputs only) ------------------------------------
    Parameter("relapse_baseline_risk", 0.49, "probability", 0.35, 0.65, "Kuyken et al. 2016, JAMA Psychiatry 73:565 (relapse within 60 weeks without MBCT, about half)",
              "Chance that a participant would relapse into depression within 60 weeks without MBCT.", "outcomes"),
    Parameter("relapse_hazard_ratio", 0.69, "hazard ratio", 0.58, 0.82, "Kuyken et al. 2016, JAMA Psychiatry 73:565 (HR 0.69, 95% CI 0.58-0.82)",
              "Hazard of relapse with MBCT relative to without.", "outcomes"),
    Parameter("relapse_group_share", 0.8, "fraction", 0.5, 1.0, A,
              "Share of participants who are in MBCT's target group (recurrent depression, currently well).", "outcomes"),
]
# fmt: on

PARAMETERS: dict[str, Parameter] = {p.name: p for p in _DECLARATIONS}


@dataclass(frozen=True)
class Field:
    """A declared attribute of an implementer in a scenario's ``[[implementers]]``."""

    name: str
    default: Any
    low: float | None
    high: float | None
    description: str
    source: str
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        """Validate and coerce ``value``; raise ``ValueError`` saying what is allowed."""
        kind = "choice" if self.choices else ("bool" if isinstance(self.default, bool) else "float")
        return check_value(value, kind, self.low, self.high, self.choices)


ROLES = ("teacher", "manager", "service_user")

IMPLEMENTER_FIELDS: dict[str, Field] = {
    f.name: f
    for f in [
        Field(
            "role",
            "teacher",
            None,
            None,
            "Organisational level of the implementer.",
            "001 §Facilitation (teachers, managers, service users)",
            ROLES,
        ),
        Field(
            "skill",
            0.6,
            0.0,
            1.0,
            "Communication, business sense and evaluation skills.",
            "001 §MBCT implementers (critical characteristics)",
        ),
        Field("commitment", 0.8, 0.0, 1.0, "Personal commitment and drive.", "001 §MBCT implementers"),
        Field(
            "energy",
            None,
            0.0,
            1.0,
            "Starting energy (1 = fresh, low = near burnout); default from the nourishing stage.",
            "001 §Discussion (burnout)",
        ),
        Field(
            "protected_time",
            False,
            None,
            None,
            "Whether MBCT work is in their job plan.",
            "001 §Context (crowbarred into an ordinary job)",
        ),
        Field(
            "lead",
            False,
            None,
            None,
            "Whether this implementer holds the lead; the first one does if none is marked.",
            "001 §MBCT implementers (the implementer)",
        ),
    ]
}


def parameter_table_markdown() -> str:
    """Render the declarations as the Markdown table in ``docs/parameters.md``."""
    lines = [
        "# Parameters",
        "",
        "Generated from `journeysim/parameters.py` by `python -m journeysim.docs`; do not edit by hand.",
        "Sources: `001 §X` is section X of the BMJ Open paper (seed 001); `004` is the stage-by-domain",
        "checklist (seed 004); `brief` is `shared/BRIEF.md`. *Assumption* marks numbers the study does not",
        "give; their ranges are what we consider plausible and are explored in `docs/sensitivity.md`.",
        "Parameters marked *uncertain* are drawn from their range when a comparison asks for parameter",
        "uncertainty (`--uncertain`).",
        "The groups *population*, *national policy* and *outcomes* act only in population scenarios (a",
        "`[population]` table, `journeysim nation`; see `docs/nation.md`). A single service ignores the first",
        "and last, is never drawn over them, and refuses national policy levers.",
        "",
    ]
    groups: dict[str, list[Parameter]] = {}
    for p in _DECLARATIONS:
        groups.setdefault(p.group, []).append(p)
    for group, params in groups.items():
        lines += [
            f"## {group}",
            "",
            "| name | default | unit | range | uncertain | source | meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in params:
            rng = (
                " / ".join(p.choices)
                if p.choices
                else ("true / false" if p.kind == "bool" else f"{p.low:g} – {p.high:g}")
            )
            lines.append(
                f"| `{p.name}` | {p.default} | {p.unit} | {rng} | {'yes' if p.uncertain and p.kind in ('int', 'float') else 'no'} | {p.source} | {p.description} |"
            )
        lines.append("")
    lines += [
        "## implementer fields (`[[implementers]]`)",
        "",
        "| field | default | range | source | meaning |",
        "|---|---|---|---|---|",
    ]
    for f in IMPLEMENTER_FIELDS.values():
        rng = (
            " / ".join(f.choices)
            if f.choices
            else ("true / false" if isinstance(f.default, bool) else f"{f.low:g} – {f.high:g}")
        )
        lines.append(f"| `{f.name}` | {f.default} | {rng} | {f.source} | {f.description} |")
    return "\n".join(lines) + "\n"
