"""Plain-words stories from the event log, in the vocabulary of the seeds.

Used by ``journeysim explain``, the run summary and the dashboard timeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from journeysim.outcomes import label
from journeysim.outcomes.formats import money, percent

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
    "trusts_merged": "Northern Ireland's providers merge into five trusts",
    "health_boards_merged": "Wales's providers merge into seven health boards",
    "commissioning_reorganised": "New commissioners: clinical commissioning groups",
    "pandemic": "The pandemic: groups stop, then move online",
    "groups_in_person": "Groups meet in person again",
    "integrated_care_boards": "New commissioners: integrated care boards",
    "financial_reset": "England's NHS financial reset",
    "staff_courses_begin": "Mindfulness courses for staff begin",
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
    "grant_ended": "Downward pivot: time-limited money ends",
    "recommissioning_refused": "A closed funding line stays closed",
    "course_cancelled": "A course cancelled for want of referrals",
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
    "service_restarted": "Courses start again after a stop",
    "funding_cut": "Intervention: funding cut",
    "funding_boost": "Intervention: new money",
    "start_succession_planning": "Intervention: succession planning starts",
    "invest_in_training": "Intervention: investment in training",
}

ARROWS = {"up": "▲", "down": "▼", "neutral": "•"}

ROUTINE = {"new_middle_manager"}


def _told(event: dict[str, Any], date: str, words: Callable[[str], str] = str) -> str:
    """One line for one event: date, arrow, what happened, why (``words`` tells the causes and effect)."""
    title = PHRASES.get(event["kind"], event["kind"].replace("_", " ").capitalize())
    causes = [words(c) for c in event.get("causes", []) if not c.startswith("after ")]
    why = f" ({'; '.join(causes)})" if causes and event["category"] not in ("national",) else ""
    return f"{date}  {ARROWS.get(event['direction'], '•')} {title}{why}: {words(str(event['effect']))}"


def describe(event: dict[str, Any]) -> str:
    """One line for one event: date, arrow, what happened, why, and the effect."""
    return _told(event, event["date"])


# Written out: the calendar module's names follow the process's locale.
MONTHS = tuple("January February March April May June July August September October November December".split())
# The seed-004 domains and stages, in the words the stage chips and the checklist use.
DOMAIN_WORDS: dict[str, str] = {
    "fit": "Fit with the service",
    "evaluation": "Evaluation",
    "networks": "Networks and culture",
    "team": "A team to deliver",
    "top_down": "Top-down buy-in",
    "governance": "Structure and governance",
    "nourishing": "Nourishing the people",
}
STAGE_WORDS = {"starting_out": "starting out", "developmental": "developmental", "sustainable": "sustainable"}
FEATURE_WORDS = {
    "sustained_resources": "sustained resources (a funding line or protected teaching time)",
    "accountability": "accountability (governance, or a lead who reports)",
    "referral_pathway": "a referral pathway",
    "regular_courses": "regular courses",
    "running": "courses running",
    "succession": "someone ready to take over",
    "supervision": "supervision",
    "trained_teachers": "trained teachers",
}
ROLE_WORDS = {"teacher": "a teacher", "manager": "a manager", "service_user": "a service user"}
# What a 0-1 model quantity is called in a sentence.
QUANTITY_WORDS = {
    "budget health": "the budget",
    "senior priority": "senior leaders' priority for MBCT",
    "middle manager alignment": "middle managers' support",
    "national guidance strength": "national guidance",
    "pressure": "pressure on the service",
    "culture": "openness of the culture",
    "guidance": "national guidance",
    "energy": "the champion's energy",
    "fit": "fit with the service",
    "case": "the case for MBCT",
    "networks": "networks",
    "skill": "skill",
}
_FLOAT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_QUANTITY = "|".join(sorted(map(re.escape, QUANTITY_WORDS), key=len, reverse=True))
_CHANGE = re.compile(rf"\b({_QUANTITY}) (\d+\.\d+) -> (\d+\.\d+)")
_VALUE = re.compile(rf"\b({_QUANTITY})(?: falls to)? (\d+\.\d+)")
_MONEY = re.compile(r"recurrent funding £([\d,]+) -> £([\d,]+)")
_LEVEL_MOVE = re.compile(r"^(absent|patchy|fragile|embedded) -> (absent|patchy|fragile|embedded)$")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def band(value: float) -> str:
    """A 0-1 model quantity in words: very low, low, moderate, high, very high."""
    return ("very low", "low", "moderate", "high", "very high")[min(4, max(0, int(value * 5)))]


def month_words(yyyy_mm: str) -> str:
    """``"2018-01"`` -> ``"January 2018"``."""
    year, _, month = yyyy_mm.partition("-")
    return f"{MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else yyyy_mm


def _change(m: re.Match[str]) -> str:
    what, a, b = QUANTITY_WORDS[m[1]], float(m[2]), float(m[3])
    if band(a) == band(b):
        return f"{what} stays {band(b)}"
    return f"{what} {'rises' if b > a else 'falls'} from {band(a)} to {band(b)}"


def _money(m: re.Match[str]) -> str:
    a, b = m[1], m[2]
    if a == b == "0":
        return "there was no recurrent funding to cut"
    if a == b:
        return f"recurrent funding stays £{a} a year"
    falls = int(b.replace(",", "")) < int(a.replace(",", ""))
    return f"recurrent funding {'falls' if falls else 'rises'} from £{a} to £{b} a year"


def plain_words(text: str) -> str:
    """A cause or effect from the model in words a room follows: no code names, no raw 0-1 numbers."""
    text = text.strip()
    if text.startswith(("gained ", "lost ")) and text.split(" ", 1)[1] in FEATURE_WORDS:
        verb, feature = text.split(" ", 1)
        return f"{'now has' if verb == 'gained' else 'lost'} {FEATURE_WORDS[feature]}"
    if text.startswith("role ") and text[5:] in ROLE_WORDS:
        return ROLE_WORDS[text[5:]]
    domain, sep, stage = text.partition(": ")
    if sep and domain in DOMAIN_WORDS:
        return f"{DOMAIN_WORDS[domain]}: {STAGE_WORDS.get(stage.replace(' ', '_'), stage)}"
    if m := _LEVEL_MOVE.match(text):
        return f"from {m[1]} to {m[2]}"
    text = _MONEY.sub(_money, text)
    text = _CHANGE.sub(_change, text)
    text = _VALUE.sub(lambda m: f"{QUANTITY_WORDS[m[1]]}: {band(float(m[2]))}", text)
    text = text.replace("no implementer in post to leave", "nobody was in post to leave, so nothing changed")
    text = re.sub(r"\b1 (trained )?(implementer|champion|trainee|teacher)(?:\(s\)|s)", r"1 \1\2", text)
    text = re.sub(r"(implementer|champion|trainee|teacher)\(s\)", r"\1s", text)
    text = re.sub(r"\b1 implementer leave\b", "1 implementer leaves", text)
    text = _FLOAT.sub(lambda m: band(float(m[0])) if float(m[0]) <= 1 else f"{float(m[0]):,.0f}", text)
    return _SNAKE.sub(lambda m: m[0].replace("_", " "), text)


def plain(event: dict[str, Any]) -> str:
    """One line for one event in plain words: month, arrow, what happened, why, and the effect."""
    return _told(event, month_words(str(event["date"])), plain_words)


def timeline(events: list[dict[str, Any]], include_routine: bool = False) -> list[str]:
    """The journey as a list of plain-words lines, oldest first."""
    return [describe(e) for e in events if include_routine or e["kind"] not in ROUTINE]


def _fade_and_demand_lines(outcomes: dict[str, Any], when: Any) -> list[str]:
    """What followed the first departure (the last course, whether courses stopped), and demand met."""
    lines = []
    departure = outcomes.get("first_departure_month")
    if departure is not None and "months_departure_to_last_course" in outcomes:
        if outcomes.get("collapsed_after_departure"):
            stopped = f"courses stopped {outcomes.get('months_departure_to_collapse')} months after it"
        else:
            stopped = f"courses had not stopped {outcomes.get('departure_follow_up_months')} months after it"
        if outcomes.get("last_course_censored"):
            last = "a course ran near the end, so the last course is not yet known"
        elif outcomes.get("last_course_month") is None or outcomes["months_departure_to_last_course"] == 0:
            last = "no course started after it"
        else:
            last = (
                f"the last course started {outcomes['months_departure_to_last_course']} months later, "
                f"{when(outcomes['last_course_month'])}"
            )
        lines.append(f"after the first departure, {when(departure)}: {last}; {stopped}")
    if outcomes.get("eligible_total"):
        met, fill = outcomes.get("need_met_share"), outcomes.get("fill_rate")
        lines.append(
            f"need: {outcomes['eligible_total']:,.0f} adults eligible, "
            f"{outcomes.get('referrals_total', 0):,.0f} referred; "
            f"{label('need_met_share')} {percent(met, 2, '-')}; "
            f"places filled {percent(fill, 0, '-')}; "
            f"{outcomes.get('courses_cancelled', 0)} course(s) cancelled; "
            f"{outcomes.get('waiting_at_end', 0):,.0f} waiting at the end"
        )
    return lines


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
        f"first stopped after running: {when(outcomes['collapse_month'])} (its last course)"
        + (f"; {outcomes['restarts']} restart(s)" if outcomes.get("restarts") else ""),
        f"people reached: {outcomes['participants_total']:,} in {outcomes['courses_total']} courses"
        + (f"; cost per participant {money(cost)}" if (cost := outcomes["cost_per_participant"]) else ""),
    ]
    lines += _fade_and_demand_lines(outcomes, when)
    pivots = [e for e in events if e["category"] in ("pivot", "intervention") or e["kind"] == "champion_left"]
    if pivots:
        lines.append("main pivot points:")
        lines += ["  " + describe(e) for e in pivots[:max_pivots]]
        if len(pivots) > max_pivots:
            lines.append(f"  … and {len(pivots) - max_pivots} more (journeysim explain for the full story)")
    return lines
