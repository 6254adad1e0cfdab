"""Plain-words stories from the event log, in the vocabulary of the seeds.

Used by ``journeysim explain``, the run summary and the dashboard timeline.
"""

from __future__ import annotations

from typing import Any

# How each kind of event is told (001 §Pivot points, §Context; 004 stages).
PHRASES: dict[str, str] = {
    "journey_starts": "The journey starts",
    "national_guideline": "National guideline recommends MBCT",
    "iapt_launch": "IAPT launches in England",
    "financial_crisis": "Financial crisis",
    "austerity": "Austerity begins",
    "parliamentary_report": "Mindful Nation UK parliamentary report",
    "national_training_commissioning": "National commissioning of MBCT teacher training",
    "national_programme": "National top-down training programme begins",
    "national_programme_ended": "National programme winds down",
    "reorganisation": "Service reorganisation",
    "budget_cut": "Budget cut",
    "priority_change": "Service priorities change",
    "leadership_change": "New senior leader",
    "new_senior_leader": "New senior leader (intervention)",
    "new_middle_manager": "New middle manager",
    "champion_left": "An implementer leaves",
    "champion_leaves": "Intervention: champion leaves",
    "implementer_emerged": "A second-generation implementer steps up",
    "lead_appointed": "A new MBCT lead is appointed",
    "lead_role_created": "Top-down pivot: a formal lead role",
    "governance_established": "Top-down pivot: governance",
    "training_pathway_established": "Top-down pivot: training commissioned",
    "internal_training_established": "Pivot: internal training pathway",
    "investment_withdrawn": "Downward pivot: investment withdrawn",
    "governance_dissolved": "Downward pivot: governance dissolved",
    "funding_secured": "Pivot: funding secured",
    "funding_withdrawn": "Downward pivot: funding withdrawn",
    "diluted_offer_declined": "A diluted funding offer is declined",
    "supervision_arranged": "Supervision arranged",
    "supervision_lost": "Supervision lost",
    "referral_pathway_established": "MBCT enters the referral pathway",
    "referral_pathway_lost": "Referral pathway lost",
    "training_frozen": "Training frozen by middle management",
    "training_unfrozen": "Training resumes",
    "conditions_aligned": "Pivot point: conditions come together",
    "conditions_fell_apart": "Pivot point: conditions fall apart",
    "level_up": "Service moves up",
    "level_down": "Service slips back",
    "service_stopped": "Courses stop",
    "funding_cut": "Intervention: funding cut",
    "funding_boost": "Intervention: new money",
    "start_succession_planning": "Intervention: succession planning starts",
    "invest_in_training": "Intervention: investment in training",
}

ARROWS = {"up": "▲", "down": "▼", "neutral": "•"}

ROUTINE = {"new_middle_manager"}


def describe(event: dict[str, Any]) -> str:
    """One line for one event: date, arrow, what happened, why, and the effect."""
    title = PHRASES.get(event["kind"], event["kind"].replace("_", " ").capitalize())
    causes = [c for c in event.get("causes", []) if not c.startswith("after ")]
    why = f" ({'; '.join(causes)})" if causes and event["category"] not in ("national",) else ""
    return f"{event['date']}  {ARROWS.get(event['direction'], '•')} {title}{why}: {event['effect']}"


def timeline(events: list[dict[str, Any]], include_routine: bool = False) -> list[str]:
    """The journey as a list of plain-words lines, oldest first."""
    return [describe(e) for e in events if include_routine or e["kind"] not in ROUTINE]


def summary_lines(
    outcomes: dict[str, Any],
    events: list[dict[str, Any]],
    scenario: str,
    seed: Any,
    start_year: int,
    max_pivots: int = 6,
) -> list[str]:
    """A short human summary of one run."""

    def when(month: int | None) -> str:
        if month is None:
            return "never"
        return f"{start_year + month // 12}-{month % 12 + 1:02d} (month {month})"

    lines = [
        f"scenario {scenario}, seed {seed}: {outcomes['months'] // 12} years from {start_year}",
        f"final level: {outcomes['final_level']}; running at end: {'yes' if outcomes['running_at_end'] else 'no'}",
        f"first embedded: {when(outcomes['months_to_embedded'])}",
        f"first stopped after running: {when(outcomes['collapse_month'])}",
        f"people reached: {outcomes['participants_total']:,} in {outcomes['courses_total']} courses"
        + (
            f"; cost per participant £{outcomes['cost_per_participant']:,.0f}"
            if outcomes["cost_per_participant"]
            else ""
        ),
    ]
    pivots = [e for e in events if e["category"] in ("pivot", "intervention") or e["kind"] == "champion_left"]
    if pivots:
        lines.append("main pivot points:")
        lines += ["  " + describe(e) for e in pivots[:max_pivots]]
        if len(pivots) > max_pivots:
            lines.append(f"  … and {len(pivots) - max_pivots} more (journeysim explain for the full story)")
    return lines
