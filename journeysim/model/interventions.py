"""The interventions a user, a scenario or a test can apply at any month: a registry.

Each kind is declared here once — what it does, the evidence behind it, its
details with their allowed values, and its handler. The scenario loader
validates schedules against the same declarations, and
:meth:`journeysim.model.model.JourneyModel.intervene` resolves the details and
calls the handler. A handler acts at the start of the coming month and writes
what it did to the event log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journeysim.model.context import reorganise
from journeysim.model.events import DOWN, NEUTRAL, UP
from journeysim.model.funding import add_grant, cut_funding, money_until
from journeysim.model.leadership import new_senior_leader
from journeysim.model.workforce import newcomer
from journeysim.values import ValueSpec
from journeysim.vocabulary import ROLES

if TYPE_CHECKING:
    from journeysim.model.model import JourneyModel

Handler = Callable[["JourneyModel", int, dict[str, Any], list[str]], None]


def Detail(
    name: str,
    kind: str,
    default: Any,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] = (),
    description: str = "",
) -> ValueSpec:
    """One optional detail of an intervention, as a :class:`~journeysim.values.ValueSpec`."""
    return ValueSpec(name, default, low=low, high=high, choices=choices, description=description, declared_kind=kind)


@dataclass(frozen=True)
class InterventionSpec:
    """An intervention kind, what it does, and its details."""

    kind: str
    description: str
    source: str
    handler: Handler
    details: tuple[ValueSpec, ...] = ()

    def resolve(self, given: dict[str, Any]) -> dict[str, Any]:
        """Details with defaults filled in; raise ``KeyError``/``ValueError`` on bad input."""
        known = {d.name: d for d in self.details}
        out: dict[str, Any] = {}
        for key, value in given.items():
            if key not in known:
                raise KeyError(key)
            out[key] = known[key].check(value)
        for d in self.details:
            out.setdefault(d.name, d.default)
        return out


def _champion_leaves(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    imps = model.roster
    if not imps:
        model.log.add(m, "champion_leaves", NEUTRAL, "intervention", source, "no implementer in post to leave")
        return
    if d["who"] == "all":
        targets = list(imps)
    elif d["who"] == "newest":
        targets = [max(imps, key=lambda i: i.unique_id)]
    else:
        targets = [model.lead() or imps[0]]
    model.log.add(m, "champion_leaves", DOWN, "intervention", source, f"{len(targets)} implementer(s) leave")
    for imp in targets:
        imp.leave(m, "intervention")


def _champion_stays(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    imps = model.roster if d["who"] == "all" else [i for i in model.roster if i.lead][:1]
    for imp in imps:
        imp.stays = True  # its leaving draws are still made (common random numbers), never acted on
    model.log.add(m, "champion_stays", NEUTRAL, "intervention", source, f"{len(imps)} implementer(s) will not leave")


def _renew_pilot(model: JourneyModel, amount: float, source: tuple[str, ...]) -> None:
    grant = add_grant(model, amount, 0, "pilot grant (renewed)")
    model.log.add(model.steps, "funding_boost", UP, "intervention", list(source), f"£{amount:,.0f} one-off, renewed")
    if grant is not None and grant.ends_month < model.horizon:
        model.schedule(grant.ends_month, _renew_pilot, amount, source)


def _pilot_renewed(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    amount = d["amount"] or model.p.initial_one_off_funds
    first = max(m, round(model.p.pilot_grant_months)) if d["amount"] == 0.0 else m  # the pilot runs from month 0
    if amount > 0.0 and first < model.horizon:
        model.schedule(first, _renew_pilot, amount, tuple(source))
    model.log.add(m, "pilot_renewed", NEUTRAL, "intervention", source, f"£{amount:,.0f} renewed every term")


def _funding_cut(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    cut_funding(model, m, d["fraction"], source, "intervention", "funding_cut")


def _funding_boost(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    svc = model.service
    if d["recurrent"]:
        if svc.recurrent_funding <= 0.0:
            svc.funding_since = m
        svc.recurrent_funding += d["amount"]
        term = "a year, recurrent"
    else:
        grant = add_grant(
            model, d["amount"], d["months"], f"one-off money ({'; '.join(source)})", d["year_end_lapse"], month=m
        )
        term = "one-off" + (f", {money_until(model, grant)}" if grant else "")
    model.log.add(m, "funding_boost", UP, "intervention", source, f"£{d['amount']:,.0f} {term}")


def _reorganisation(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    reorganise(model, m, source, "intervention")


def _new_senior_leader(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    new_senior_leader(model, m, d["priority"], source, "intervention")


def _start_succession_planning(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    model.service.succession_planning = True
    model.log.add(
        m,
        "start_succession_planning",
        UP,
        "intervention",
        source,
        "implementers start growing second-generation implementers",
    )


def _fund_trainees(model: JourneyModel, m: int, teachers: int) -> None:
    svc, p = model.service, model.p
    for _ in range(teachers):
        svc.trainees.append(m + int(p.training_months))
    svc.cost_total += teachers * p.training_cost


def _invest_in_training(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    svc = model.service
    svc.training_pathway = d["pathway"]
    svc.supervision = True
    _fund_trainees(model, m, d["teachers"])
    model.log.add(
        m,
        "invest_in_training",
        UP,
        "intervention",
        source,
        f"{d['pathway']} training pathway, supervision, {d['teachers']} trainee(s) funded",
    )


def _champion_joins(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    if len(model.roster) >= model.p.max_implementers:
        model.log.add(
            m, "champion_joins", NEUTRAL, "intervention", source, "no room: the service has enough implementers"
        )
        return
    lead = model.lead() is None
    imp = newcomer(model, d["role"], d["skill"], d["commitment"], lead, "joined")
    model.log.add(
        m,
        "champion_joins",
        UP,
        "intervention",
        source,
        f"a {imp.role} champion joins{' and takes the lead' if lead else ''} (skill {imp.skill:.2f})",
    )


def _training_places(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    _fund_trainees(model, m, d["teachers"])
    model.log.add(
        m, "training_places", UP, "intervention", source, f"{d['teachers']} trainee(s) start, paid from outside"
    )


def _supervision_link(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    model.service.external_supervision = d["on"]
    effect = "supervision available from outside" if d["on"] else "outside supervision ends"
    model.log.add(m, "supervision_link", UP if d["on"] else DOWN, "intervention", source, effect)


def _protect_champion_time(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    svc = model.service
    svc.protected_champions = d["on"]
    for imp in model.roster:
        imp.protected_time = d["on"] or (imp.lead and svc.lead_role)
    effect = f"{len(model.roster)} champion(s) {'get' if d['on'] else 'lose'} protected time"
    model.log.add(m, "protect_champion_time", UP if d["on"] else DOWN, "intervention", source, effect)


def _funding_line_ends(model: JourneyModel, m: int, d: dict[str, Any], source: list[str]) -> None:
    svc = model.service
    before = svc.recurrent_funding
    svc.recurrent_funding = max(0.0, svc.recurrent_funding - d["amount"])
    model.log.add(
        m,
        "funding_line_ends",
        DOWN,
        "intervention",
        source,
        f"recurrent funding £{before:,.0f} -> £{svc.recurrent_funding:,.0f}",
    )


INTERVENTIONS: dict[str, InterventionSpec] = {
    s.kind: s
    for s in [
        InterventionSpec(
            "champion_leaves",
            "An implementer leaves the service (the lead, unless told otherwise).",
            "001 §Pivot points (implementers leaving)",
            _champion_leaves,
            (
                Detail(
                    "who", "choice", "lead", choices=("lead", "newest", "all"), description="which implementer leaves"
                ),
            ),
        ),
        InterventionSpec(
            "champion_stays",
            "Implementers in post never leave for turnover, burnout or retirement (a matched counterfactual).",
            "design choice (the world where the champion stays, for the validation's contrasts)",
            _champion_stays,
            (Detail("who", "choice", "all", choices=("all", "lead"), description="who stays"),),
        ),
        InterventionSpec(
            "pilot_renewed",
            "Pilot money continues: the pilot grant is renewed for the same sum and term whenever it ends"
            " (a matched counterfactual).",
            "001 §Pivot points (time-limited money); design choice (the world where the money continues)",
            _pilot_renewed,
            (
                Detail(
                    "amount",
                    "float",
                    0.0,
                    0.0,
                    500000.0,
                    description="GBP a term, given now and on each end; 0: the starting pilot grant, from its end",
                ),
            ),
        ),
        InterventionSpec(
            "funding_cut",
            "MBCT money is cut by a fraction.",
            "001 §Pivot points (resources withdrawn)",
            _funding_cut,
            (
                Detail(
                    "fraction",
                    "float",
                    0.5,
                    0.0,
                    1.0,
                    description="share of recurrent and one-off money cut (a line cut below its floor is closed)",
                ),
            ),
        ),
        InterventionSpec(
            "funding_boost",
            "New money arrives: a recurrent line, or a one-off grant that ends (unspent money is gone).",
            "001 §Pivot points (securing resources; time-limited money)",
            _funding_boost,
            (
                Detail("amount", "float", 30000.0, 0.0, 500000.0, description="GBP (per year if recurrent)"),
                Detail("recurrent", "bool", False, description="a funding line rather than a one-off sum"),
                Detail(
                    "months",
                    "int",
                    0,
                    0,
                    120,
                    description="term of a one-off grant in months (0: the declared pilot grant length)",
                ),
                Detail(
                    "year_end_lapse",
                    "bool",
                    False,
                    description="a one-off sum that must be spent within the financial year (lapses at its end)",
                ),
            ),
        ),
        InterventionSpec(
            "reorganisation",
            "A service reorganisation: fit lost, a new middle manager, posts and protected time at risk.",
            "001 §Pivot points (service reorganisations)",
            _reorganisation,
        ),
        InterventionSpec(
            "new_senior_leader",
            "A new senior leader with their own view of MBCT.",
            "001 §Context (turnover including managers)",
            _new_senior_leader,
            (Detail("priority", "float", 0.5, 0.0, 1.0, description="the new leader's view of MBCT"),),
        ),
        InterventionSpec(
            "start_succession_planning",
            "Implementers start growing second-generation implementers.",
            "004 'Building a team to deliver' (succession planning)",
            _start_succession_planning,
        ),
        InterventionSpec(
            "invest_in_training",
            "Investment in a training pathway and supervision.",
            "001 §Discussion (investment in training and supervision)",
            _invest_in_training,
            (
                Detail(
                    "pathway",
                    "choice",
                    "internal",
                    choices=("commissioned", "internal"),
                    description="training pathway to establish",
                ),
                Detail("teachers", "int", 2, 0, 20, description="trainees funded at once"),
            ),
        ),
        InterventionSpec(
            "champion_joins",
            "A champion joins the service: newly self-designated, or moved from another service.",
            "001 §The implementation journey (journeys start with a self-designated champion)",
            _champion_joins,
            (
                Detail(
                    "role",
                    "choice",
                    "teacher",
                    choices=ROLES,
                    description="organisational level of the newcomer",
                ),
                Detail("skill", "float", 0.6, 0.0, 1.0, description="communication, business and evaluation skills"),
                Detail("commitment", "float", 0.8, 0.0, 1.0, description="personal commitment and drive"),
            ),
        ),
        InterventionSpec(
            "training_places",
            "Teacher-training places paid from outside the service (a national or regional programme).",
            "001 §Top-down and bottom-up (national training programmes); Mindful Nation UK (MAPPG 2015)",
            _training_places,
            (Detail("teachers", "int", 1, 1, 50, description="trainees starting now"),),
        ),
        InterventionSpec(
            "supervision_link",
            "Supervision offered from outside: a linked service or a national supervision network.",
            "001 §Training and supervision (good practice expects supervision); 001 §MBCT implementers (networks)",
            _supervision_link,
            (Detail("on", "bool", True, description="link starts (true) or ends (false)"),),
        ),
        InterventionSpec(
            "protect_champion_time",
            "A policy that champions' MBCT work goes into their job plans.",
            "001 §Context (work crowbarred into ordinary jobs); design choice (protected time as a policy lever)",
            _protect_champion_time,
            (Detail("on", "bool", True, description="policy starts (true) or ends (false)"),),
        ),
        InterventionSpec(
            "funding_line_ends",
            "A funding line given for a fixed term ends: that amount of recurrent funding is withdrawn.",
            "001 §Pivot points (resources withdrawn)",
            _funding_line_ends,
            (Detail("amount", "float", 30000.0, 0.0, 500000.0, description="GBP per year withdrawn"),),
        ),
    ]
}
