"""Declarations of the national history to 2028 and of Scotland's practitioner network.

What the dated national events do to a service (IAPT, the 2008 crisis, austerity, the reorganisations
of commissioning in England, the pandemic and the move of groups online, the
2025 financial reset), and what mindfulness courses for a service's own staff
do to its culture and its middle manager; the posts and protected time a
reorganisation takes away, the absences a critical mass of teachers covers, and
Scotland's practitioner network. Dates and primary sources are in
:data:`journeysim.model.events.NATIONAL_TIMELINE`; the sizes are assumptions.
"""

from __future__ import annotations

from journeysim.declare import A, Parameter

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
    # --- Scotland's practitioner network (003; 001 §Top-down and bottom-up) -----------------------------------
    Parameter("practitioner_network_reach", 0.9, "probability", 0.0, 1.0,
              "003 (Scotland's practitioners support one another through a national network); 0 = no network (a knock-out); value assumption",
              "Chance in the programme's first year that the national practitioners' network reaches a programme service's teachers with peer supervision; later years scale it as the floor says.", "national"),
    Parameter("practitioner_network_floor", 0.3, "fraction", 0.0, 0.6,
              "003 (Scotland's practitioners still support one another through a national network after the programme's money shrank); 001 §Top-down and bottom-up (limited funding reduced over time); value assumption",
              "Strength the national practitioners' network keeps, relative to the programme's first year, once the programme's money has gone; in between it follows the programme's funding. The yearly chance that it reaches a programme service's teachers is the reach times this strength.", "national"),
    # --- what the national events before 2013 do (001 §Implementation journey; §Background) -------------
    Parameter("iapt_guidance", 0.05, "index 0-1", 0.0, 0.1, "001 §Implementation journey (IAPT favours evidence-based therapies); value assumption",
              "Guidance strength added in England by the IAPT programme.", "evidence"),
    Parameter("iapt_pressure", 0.05, "index 0-1", 0.0, 0.1, "001 §Context (targets tighten); value assumption",
              "Pressure added in England by IAPT's targets.", "context"),
    Parameter("crisis_budget_drop", 0.1, "index 0-1", 0.05, 0.2, "001 §Implementation journey (2008 crisis); value assumption",
              "Fall in budget health from the 2008 financial crisis.", "funding"),
    Parameter("austerity_pressure", 0.05, "index 0-1", 0.0, 0.1, "001 §Context (disinvestment); value assumption",
              "Pressure added by austerity.", "context"),
    Parameter("programme_supervision_scale", 0.5, "fraction", 0.25, 0.75, "001 §Top-down and bottom-up (funding reduced over time); value assumption",
              "Share of its first-year size below which a national programme stops funding supervision.", "national"),
    Parameter("programme_end_scale", 0.05, "fraction", 0.01, 0.1, A,
              "Share of its first-year size below which a national programme has ended.", "national"),]
# fmt: on
