"""Declarations of the national history to 2028, of what reorganisations and absences take away, and of staff courses.

What the dated national events after 2012 do to a service (the reorganisations
of commissioning in England, the pandemic and the move of groups online, the
2025 financial reset), and what mindfulness courses for a service's own staff
do to its culture and its middle manager; the posts and protected time a
reorganisation takes away, the absences a critical mass of teachers covers, and
Scotland's practitioner network. Dates and primary sources are in
:data:`journeysim.model.events.NATIONAL_TIMELINE`; the sizes are assumptions.
"""

from __future__ import annotations

from journeysim.parameters.spec import A, Parameter  # noqa: F401

# fmt: off
DECLARATIONS: list[Parameter] = [
    # --- commissioning passes to new bodies in England (2013, 2022) ------------------------------------
    Parameter("ccg_line_loss", 0.15, "probability", 0.0, 0.4,
              "Health and Social Care Act 2012 (primary care trusts abolished; clinical commissioning groups commission from April 2013); value assumption",
              "Chance that a recurrent MBCT funding line does not survive the move from primary care trusts to clinical commissioning groups.", "history"),
    Parameter("icb_line_loss", 0.05, "probability", 0.0, 0.2,
              "Health and Care Act 2022 (integrated care boards take over from clinical commissioning groups in July 2022, contracts moved across by transfer schemes); value assumption",
              "Chance that a recurrent MBCT funding line does not survive the move from clinical commissioning groups to integrated care boards.", "history"),
    Parameter("commissioning_disruption_share", 0.5, "probability", 0.2, 1.0,
              "assumption (new commissioners re-specified or re-tendered some services, not all; the providers themselves were not abolished)",
              "Chance that a service is itself reorganised when commissioning passes to new bodies in England (2013, 2022).", "history"),
    # --- the COVID-19 pandemic (March 2020) ----------------------------------------------------------
    Parameter("pandemic_suspension_months", 4, "months", 2, 6,
              "NHS England letter 'Next steps on NHS response to COVID-19', 17 March 2020 (non-urgent activity postponed for at least three months; remote consultations); length an assumption",
              "Months after March 2020 before a service can start a group again (in-person groups stop; online groups take time to set up).", "history"),
    Parameter("pandemic_pressure", 0.15, "index 0-1", 0.05, 0.3,
              "NHS England letter of 17 March 2020 (staff and resources redirected to the pandemic); value assumption",
              "Pressure added to a service when the pandemic begins (it drifts back to the baseline as other shocks do).", "history"),
    Parameter("pandemic_energy_loss", 0.15, "energy 0-1", 0.05, 0.3,
              "assumption (redeployment, strain and illness among NHS staff in 2020)",
              "Energy every implementer in post loses when the pandemic begins.", "history"),
    Parameter("pandemic_in_person_months", 16, "months", 12, 24,
              "England lifted most legal restrictions on 19 July 2021 (step 4 of the roadmap), the other nations within weeks; value assumption",
              "Months after March 2020 after which a service that does not keep its groups online returns to in-person groups.", "history"),
    Parameter("online_keep_share", 0.5, "probability", 0.2, 0.8,
              "assumption (many MBCT services kept online groups after restrictions ended)",
              "Chance that a service keeps its groups online once in-person groups are possible again.", "history"),
    # --- the 2025 financial reset in England -----------------------------------------------------------
    Parameter("reset_budget_drop", 0.1, "index 0-1", 0.0, 0.2,
              "Government announcement of 13 March 2025 (NHS England to be abolished) with NHS England's financial reset (integrated care boards to halve running costs, trusts to cut corporate costs); value assumption",
              "Fall in budget health (and its baseline) from the 2025 financial reset in England.", "history"),
    # --- what a reorganisation takes away (001 §Pivot points; §Context) ----------------------------------
    Parameter("reorganisation_post_loss", 0.1, "probability", 0.0, 0.3,
              "001 §Pivot points (service reorganisations and implementers leaving are downward pivots); value assumption",
              "Chance that a reorganisation takes away each implementer's and each trained teacher's MBCT post (moved to other work, or the post goes).", "shocks"),
    Parameter("reorganisation_time_loss", 0.3, "probability", 0.0, 0.6,
              "001 §Context (a service redesign put an implementer's training on hold and diverted them to a waiting list); value assumption",
              "Chance that a reorganisation takes away the protected time of each implementer who keeps their post.", "shocks"),
    # --- cover for a course (001 §Pivot points: a critical mass of teachers) ---------------------------------
    Parameter("teacher_absence_share", 0.1, "probability", 0.03, 0.2,
              "NHS sickness absence of about 4% of working days (NHS Digital sickness absence rates, 2010s) over a course of eight weekly sessions with preparation, plus leave and exhaustion; 001 §Pivot points (a critical mass of teachers); value assumption",
              "Chance that the teacher due to run a course is ill, worn out or away for it: below the critical mass the course is put back; at or above it another teacher on the rota covers, unless every teacher is away.", "demand"),
    Parameter("uncovered_delay_months", 4, "months", 2, 6,
              "groups start with an intake and are rescheduled for the next one when they cannot start (about a school term); value assumption",
              "Months a course that no teacher could cover is put back by.", "demand"),
    # --- Scotland's practitioner network (003; 001 §Top-down and bottom-up) -----------------------------------
    Parameter("practitioner_network_reach", 0.9, "probability", 0.0, 1.0,
              "003 (Scotland's practitioners support one another through a national network); 0 = no network (a knock-out); value assumption",
              "Chance in the programme's first year that the national practitioners' network reaches a programme service's teachers with peer supervision; later years scale it as the floor says.", "national"),
    Parameter("practitioner_network_floor", 0.3, "fraction", 0.0, 0.6,
              "003 (Scotland's practitioners still support one another through a national network after the programme's money shrank); 001 §Top-down and bottom-up (limited funding reduced over time); value assumption",
              "Strength the national practitioners' network keeps, relative to the programme's first year, once the programme's money has gone; in between it follows the programme's funding. The yearly chance that it reaches a programme service's teachers is the reach times this strength.", "national"),
    # --- staff courses (001 §Facilitation; 004 'Getting top-down buy in') --------------------------------
    Parameter("staff_course_share", 0.0, "fraction", 0.0, 0.3,
              "001 §Facilitation (mindfulness classes for staff); 004 'Getting top-down buy in' (mindfulness offered to staff and gatekeepers); a choice, 0 = no staff offer",
              "Share of a service's teaching capacity given to mindfulness courses for its own staff.", "staff courses", uncertain=False),
    Parameter("staff_course_culture", 0.005, "index 0-1", 0.001, 0.015,
              "001 §Facilitation (MBCT in staff wellbeing); value assumption",
              "Shift of the service culture (and its baseline) toward wellbeing per staff course run.", "staff courses"),
    Parameter("staff_course_alignment", 0.02, "index 0-1", 0.0, 0.05,
              "004 'Getting top-down buy in' (gatekeepers who experience mindfulness themselves); value assumption",
              "Rise in the middle manager's alignment per staff course run.", "staff courses"),
]
# fmt: on
