"""The workforce pipeline: teachers trained, lost and stepping up; implementers arriving and leaving.

* **Training** (001 §Training and supervision): trainees come by pathway —
  bottom-up places secured by champions when there is no funded pathway,
  commissioned-in training, or an internal apprenticeship once there is a
  critical mass of teachers; national commissioning adds places; a frozen
  service trains nobody. Trainees graduate after the training period; trained
  teachers leave with ordinary turnover and stop teaching without supervision.
* **Stepping up** (004 'Building a team to deliver'): a trained teacher may
  become a second-generation implementer, more often in a well-networked
  service and much more often with succession planning.
* **Coming and going**: implementers leave (:meth:`Implementer.leave`), middle
  managers move on, and a vacant formal lead post is filled by appointment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeysim.declare import A, Mechanism, Parameter
from journeysim.model.events import UP
from journeysim.model.funding import funded_places
from journeysim.model.leadership import new_middle_manager
from journeysim.model.streams import MONTHS_PER_YEAR
from journeysim.vocabulary import TRAINING_PATHWAYS, UNFUNDED_PATHWAYS

if TYPE_CHECKING:
    from journeysim.model.implementer import Implementer
    from journeysim.model.model import JourneyModel
    from journeysim.model.record import Month

# The parameters this mechanism reads, here or in the agents it drives (docs/parameters.md lists them under its name).
# fmt: off
DECLARATIONS: tuple[Parameter, ...] = (
    Parameter("staff_turnover_annual", 0.12, "per year", 0.08, 0.18, "DHSC 2018 figures: NHS mental-health staff leave at about 12% a year",
              "Annual probability that a member of staff leaves for ordinary reasons.", "people"),
    Parameter("career_years_mean", 15.0, "years", 8.0, 25.0, A,
              "Mean years left before an implementer retires (drawn uniformly from half to 1.5 times this).", "people"),
    Parameter("manager_turnover_annual", 0.15, "per year", 0.08, 0.25, "001 §Context (turnover including managers); value assumption",
              "Annual probability that the middle manager changes.", "people"),
    Parameter("emergence_annual", 0.08, "per teacher per year", 0.02, 0.2, "004 'Building a team' (second-generation implementers); value assumption",
              "Annual chance that a trained teacher, in a well-networked service, steps up as an implementer.", "people"),
    Parameter("succession_emergence_factor", 5.0, "ratio", 2.0, 8.0, "001 §Discussion (succession planning); value assumption",
              "How much succession planning raises that chance.", "people"),
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
    Parameter("internal_cost_factor", 0.5, "ratio", 0.3, 0.8, A,
              "Cost of internal apprenticeship training relative to commissioned.", "training"),
    Parameter("lapse_without_supervision", 0.25, "per year", 0.1, 0.5, "001 §Training and supervision (good-practice guidance expects supervision)",
              "Annual chance that an unsupervised teacher stops teaching.", "training"),
    Parameter("gold_standard_training_factor", 0.7, "ratio", 0.5, 0.9, "001 §Training and supervision (gold standard vs good enough)",
              "Trainee throughput under a gold-standard stance, relative to good enough.", "training"),
    Parameter("max_implementers", 6, "people", 4, 10, A,
              "Most implementers a service has at once (no one else steps up beyond it).", "implementers", uncertain=False),
    Parameter("career_spread", 0.5, "fraction", 0.2, 0.8, A,
              "An implementer's remaining career is drawn uniformly within this fraction either side of the mean.", "implementers"),
    Parameter("newcomer_energy", 0.85, "energy 0-1", 0.7, 1.0, A,
              "Energy of an implementer who steps up or joins.", "implementers"),
    Parameter("emerged_skill_low", 0.35, "index 0-1", 0.2, 0.5, A,
              "Lowest skill of a trained teacher who steps up as an implementer.", "implementers"),
    Parameter("emerged_skill_span", 0.5, "index 0-1", 0.3, 0.6, A,
              "Spread of that skill above its lowest value (uniform).", "implementers"),
    Parameter("emerged_commitment_low", 0.5, "index 0-1", 0.3, 0.7, A,
              "Lowest commitment of a teacher who steps up as an implementer.", "implementers"),
    Parameter("emerged_commitment_span", 0.45, "index 0-1", 0.2, 0.5, A,
              "Spread of that commitment above its lowest value (uniform).", "implementers"),
    Parameter("emergence_network_base", 0.5, "ratio", 0.2, 1.0, "004 'Building a team' (second-generation implementers come through networks); value assumption",
              "Chance of stepping up in a service with no networks, relative to one with full networks minus one.", "implementers"),
    Parameter("appointed_skill_low", 0.4, "index 0-1", 0.2, 0.6, A,
              "Lowest skill of a lead appointed to a vacant formal post.", "implementers"),
    Parameter("appointed_skill_high", 0.8, "index 0-1", 0.6, 1.0, A,
              "Highest skill of an appointed lead.", "implementers"),
    Parameter("appointed_commitment_low", 0.5, "index 0-1", 0.3, 0.7, A,
              "Lowest commitment of an appointed lead.", "implementers"),
    Parameter("appointed_commitment_high", 0.9, "index 0-1", 0.7, 1.0, A,
              "Highest commitment of an appointed lead.", "implementers"),
    Parameter("appointed_energy", 0.8, "energy 0-1", 0.6, 1.0, A,
              "Energy of an appointed lead.", "implementers"),
    Parameter("ad_hoc_drive_floor", 0.5, "reference champions", 0.2, 1.0, A,
              "Training drive an ad hoc pathway keeps even without advocacy.", "training"),
    Parameter("succession_trainee_factor", 1.5, "ratio", 1.0, 2.5, "004 'Building a team' (sponsoring trainees); value assumption",
              "Trainees secured by implementers who plan succession, relative to an ad hoc pathway.", "training"),
    Parameter("national_training_share", 0.5, "fraction", 0.25, 0.75, "001 §Top-down and bottom-up (nationally commissioned training); value assumption",
              "Trainees from national commissioning, relative to a local commissioned pathway.", "training"),
    Parameter("unled_training_factor", 0.2, "ratio", 0.0, 0.5, A,
              "Training that still happens with no implementer and no lead role, relative to with one.", "training"),
    Parameter("trainee_completion_share", 0.8, "fraction", 0.6, 0.95, "001 §Training and supervision (training pathways to competence); value assumption",
              "Share of trainees who complete training and reach competence to teach.", "workforce"),
    Parameter("idle_teacher_lapse_annual", 0.3, "per year", 0.1, 0.6, "001 §Training and supervision (good practice: teach regularly, with supervision); value assumption",
              "Rate at which trained teachers who get no course to teach (fewer courses a year than teachers) stop teaching.", "workforce"),
)
DECLARED = Mechanism(
    "workforce",
    "Teachers are trained and lost; implementers, managers and leaders come and go.",
    parameters=DECLARATIONS,
    state=("pool_teachers", "trainees"),
    columns=("teachers", "trainees", "implementers"),
    modules=(),
)
# fmt: on

TRAINEES = {pathway: f"trainees_{pathway}" for pathway in TRAINING_PATHWAYS}  # a pathway's trainees a year
EMERGENCE_DRAWS = (
    3  # uniforms implementers_emerge draws every month: the chance, then a newcomer's skill and commitment
)


def add_implementer(
    model: JourneyModel,
    role: str,
    skill: float,
    commitment: float,
    energy: float,
    protected_time: bool,
    lead: bool,
    origin: str,
) -> Implementer:
    """A new implementer in post, with their own random stream and a career length drawn for them."""
    import numpy as np  # here, so the mechanisms' declarations load without NumPy or Mesa

    from journeysim.model.implementer import Implementer

    rng = np.random.default_rng(model.people_seed.spawn(1)[0])
    spread = model.p.career_spread
    career = int(MONTHS_PER_YEAR * model.p.career_years_mean * rng.uniform(1.0 - spread, 1.0 + spread))
    imp = Implementer(
        model,
        role=role,
        skill=skill,
        commitment=commitment,
        energy=energy,
        protected_time=protected_time or model.service.protected_champions,
        lead=lead,
        rng=rng,
        career_months=career,
        origin=origin,
    )
    model.add_to_roster(imp)
    return imp


def newcomer(model: JourneyModel, role: str, skill: float, commitment: float, lead: bool, origin: str) -> Implementer:
    """An implementer who steps up or joins, fresh; taking the lead fills a vacant lead post (with its time)."""
    svc = model.service
    imp = add_implementer(model, role, skill, commitment, model.p.newcomer_energy, lead and svc.lead_role, lead, origin)
    if lead and svc.lead_vacant_until is not None:
        svc.lead_vacant_until = None
    return imp


def trainee_rate(model: JourneyModel, pathway: str, advocacy: float) -> float:
    """Trainees a year that the service's pathway, money and champions bring."""
    svc, p = model.service, model.p
    # Conditional expressions, not min()/max(): the same values (max(a, b) is b if b > a else a), every month.
    if pathway in UNFUNDED_PATHWAYS:
        # Without a funded pathway, champions sponsor and arrange places, more so with several
        # implementers (001 §Top-down and bottom-up).
        drive = advocacy * p.advocacy_scale
        floor = p.ad_hoc_drive_floor if pathway == "ad_hoc" else 0.0
        rate = getattr(p, TRAINEES[pathway]) * (floor if floor > drive else drive)
        if svc.succession_planning and model.roster:
            # Implementers who plan succession sponsor and mentor trainees (004 'Building a team').
            mentored = p.succession_trainee_factor * p.trainees_ad_hoc
            rate = mentored if mentored > rate else rate
        # Money left over after delivery and supervision buys places, up to a commissioned pathway's.
        places, most = funded_places(model), p.trainees_commissioned
        bought = most if most < places else places
        rate = bought if bought > rate else rate
    else:
        rate = getattr(p, TRAINEES[pathway])
    if svc.national_training:
        national = p.national_training_share * p.trainees_commissioned
        rate = national if national > rate else rate
    if (
        pathway == "commissioned"
        and svc.recurrent_funding <= 0
        and svc.one_off_funds <= 0
        and not svc.national_training
    ):
        rate = p.trainees_ad_hoc
    if svc.fidelity_stance == "gold_standard":
        rate *= p.gold_standard_training_factor  # after every route, so no fallback bypasses it
    if svc.training_frozen or (not model.roster and not svc.lead_role):
        rate = 0.0 if svc.training_frozen else rate * p.unled_training_factor
    return rate


def train_teachers(model: JourneyModel, month: Month) -> None:
    """The teacher pipeline: new trainees by pathway; graduates, leavers and lapses."""
    svc, p, m = model.service, model.p, month.m
    draws = model.draws["teachers"]
    pathway = svc.training_pathway
    if pathway == "internal" and model.teachers_total < p.critical_mass_teachers:
        pathway = "commissioned"  # an apprenticeship needs experienced teachers to train others
    rate = trainee_rate(model, pathway, month.advocacy)
    n_new = draws.poisson(rate / float(MONTHS_PER_YEAR))
    if n_new:
        svc.trainees.extend([m + int(p.training_months)] * n_new)
        cost = p.training_cost * (p.internal_cost_factor if pathway == "internal" else 1.0)
        svc.cost_total += n_new * cost
        month.training_spend = n_new * cost
    trainees = svc.trainees
    if trainees and min(trainees) <= m:  # someone graduates this month
        svc.trainees = [g for g in trainees if g > m]
        # Not every trainee completes the pathway and reaches competence to teach.
        graduates = len(trainees) - len(svc.trainees)
        svc.pool_teachers += draws.binomial(graduates, p.trainee_completion_share)
    if svc.pool_teachers:
        svc.pool_teachers -= draws.binomial(svc.pool_teachers, teacher_loss(model))


def teacher_loss(model: JourneyModel) -> float:
    """Monthly chance that a trained teacher stops teaching MBCT.

    Ordinary turnover; more without supervision; more again for teachers who
    get no course to teach (fewer courses in the last year than teachers), since
    good practice expects teachers to keep teaching (001 §Training and supervision).
    """
    rates = model.monthly_rates
    stay = 1.0 - rates.staff_turnover_annual
    if not model.service.supervision:
        stay *= 1.0 - rates.lapse_without_supervision
    teachers = model.teachers_total
    idle = 1.0 - model.service.courses_last_12 / teachers if teachers else 0.0
    idle = idle if idle > 0.0 else 0.0  # max(0, idle) as an expression: the same value
    stay *= 1.0 - rates.idle_teacher_lapse_annual * idle
    return 1.0 - stay


def implementers_emerge(model: JourneyModel, m: int) -> None:
    """A trained teacher steps up as an implementer (004: second-generation implementers)."""
    svc, p = model.service, model.p
    draws = model.draws["emergence"]
    # Three numbers every month, used or not, so the stream stays aligned across strategies.
    if svc.pool_teachers <= 0 or len(model.roster) >= p.max_implementers:
        draws.skip(EMERGENCE_DRAWS)
        return
    u, a, b = draws.uniform(), draws.uniform(), draws.uniform()
    per_teacher = model.monthly_rates.emergence_annual * (p.emergence_network_base + svc.networks)
    if svc.succession_planning:
        per_teacher *= p.succession_emergence_factor
    chance = 1.0 - (1.0 - (per_teacher if per_teacher < 1.0 else 1.0)) ** svc.pool_teachers  # min(1, per_teacher)
    if u >= chance:
        return
    svc.pool_teachers -= 1
    # Both are indices on 0-1; a low end and a span drawn high together must not carry them past 1.
    skill = min(1.0, p.emerged_skill_low + p.emerged_skill_span * a)
    commitment = min(1.0, p.emerged_commitment_low + p.emerged_commitment_span * b)
    lead = not model.roster
    imp = newcomer(model, "teacher", skill, commitment, lead, "emerged")
    causes = [f"networks {svc.networks:.2f}", f"{svc.pool_teachers + 1} trained teachers"]
    if svc.succession_planning:
        causes.append("succession planning")
    model.log.add(
        m,
        "implementer_emerged",
        UP,
        "people",
        causes,
        f"a trained teacher becomes an implementer{' and takes the lead' if lead else ''} (skill {imp.skill:.2f})",
    )


def appoint_lead(model: JourneyModel, m: int) -> None:
    """A vacant formal lead post is filled once the vacancy period is over."""
    svc, p = model.service, model.p
    if not (svc.lead_role and svc.lead_vacant_until is not None and m >= svc.lead_vacant_until):
        return
    svc.lead_vacant_until = None
    draws = model.draws["appointments"]  # its own stream: an appointment shifts no other draw
    if svc.pool_teachers > 0:
        svc.pool_teachers -= 1
    skill = p.appointed_skill_low + (p.appointed_skill_high - p.appointed_skill_low) * draws.uniform()
    commitment = (
        p.appointed_commitment_low + (p.appointed_commitment_high - p.appointed_commitment_low) * draws.uniform()
    )
    imp = add_implementer(model, "teacher", skill, commitment, p.appointed_energy, True, True, "appointed")
    model.log.add(
        m,
        "lead_appointed",
        UP,
        "people",
        ["a formal lead post was vacant"],
        f"new MBCT lead appointed (skill {imp.skill:.2f})",
    )


def people_come_and_go(model: JourneyModel, month: Month) -> None:
    """Departures (turnover, burnout, retirement), new managers, emerging implementers, lead appointments."""
    m = month.m
    for imp in list(model.roster):
        reason = imp.leaving_reason()
        if reason is not None:
            imp.leave(m, reason)
    if model.draws["managers"].uniform() < model.monthly_rates.manager_turnover_annual:
        new_middle_manager(model, m, "manager moved on")
    implementers_emerge(model, m)
    if model.service.lead_vacant_until is not None:
        appoint_lead(model, m)
