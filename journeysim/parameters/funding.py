"""Declarations of commissioning memory and time-limited, non-recurrent money.

How long a pilot grant lasts, how much unspent non-recurrent money a service may
carry past the end of the financial year, how long a new funding line's first
contract runs before it can be withdrawn, and how much stronger a case must be
before a commissioner reopens a funding line they closed; what the commissioner
weighs of a service's delivery; and the extra load on implementers who resource
courses themselves.
"""

from __future__ import annotations

from journeysim.parameters.spec import A, Parameter

# fmt: off
DECLARATIONS: list[Parameter] = [
    Parameter("pilot_grant_months", 24, "months", 12, 36, "001 §Pivot points (time-limited money secured for a pilot); value assumption",
              "Term of a pilot grant or other one-off sum given without a stated term; what is unspent at its end is gone.", "funding"),
    Parameter("grant_carryover_share", 0.0, "fraction", 0.0, 0.5,
              "NHS practice: non-recurrent allocations are generally to be spent within the financial year; value assumption",
              "Share of unspent non-recurrent money that must be spent in-year which a service may carry into the next year (for one more year).",
              "funding"),
    Parameter("contract_months_min", 12, "months", 12, 36,
              "NHS practice: commissioning runs on yearly contract rounds, and a new service is sometimes agreed a longer first term; value assumption",
              "Months a newly opened funding line runs before a yearly review may withdraw it (its first contract term).",
              "funding"),
    Parameter("recommission_case_margin", 0.1, "index 0-1", 0.0, 0.25, A,
              "How much stronger the case must be than when a funding line was decommissioned before the commissioner reopens it.",
              "funding"),
    # --- what a commissioner weighs of delivery (001 §MBCT implementers; §Facilitators; §Context) ---
    Parameter("commissioner_weight_delivery", 0.3, "weight", 0.1, 0.5,
              "001 §MBCT implementers and §Facilitators (audits, evaluation and demonstrated impact make the case to commissioners); "
              "001 §Context (a service that would die with its one champion); value assumption",
              "Weight of the delivery record (courses run in the last year, a named lead in post, a waiting list) in the commissioner's score, "
              "beside the weights of case, senior priority and budget health (the score is their weighted mean).", "funding"),
    Parameter("commissioner_courses_reference", 4.0, "courses per year", 2.0, 8.0, A,
              "Courses a year that count as a full delivery record for a commissioner (fewer count in proportion).", "funding"),
    # --- money for venues and materials (001 §Context) --------------------------------------------
    Parameter("self_resourcing_load", 0.2, "ratio", 0.1, 0.4,
              "001 §Context (teachers paid for training and supervision and resourced venues, recordings and mats themselves: "
              "a major barrier); value assumption, above the extra load of mentoring successors (succession_effort)",
              "Extra load on implementers while their service runs courses that no funding line or grant pays for.",
              "funding"),
]
# fmt: on
