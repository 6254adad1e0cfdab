"""Declarations of the coefficients the population layer (``journeysim.nation``) uses.

Two kinds of declaration live here:

* :data:`DECLARATIONS`: model parameters of a population of services (how links
  weigh, who a new champion is, how national training places are shared out,
  when a policy year starts). They are in the population groups, so a single
  service ignores them and is never drawn over them.
* :data:`POPULATION_FIELDS`: the values a ``[population]`` table may hold
  (their kinds, defaults and allowed ranges); they validate input and are not
  model parameters.
"""

from __future__ import annotations

from journeysim.declare import A, Parameter
from journeysim.values import ValueSpec

# fmt: off
DECLARATIONS: list[Parameter] = [
    # --- links between services ---------------------------------------------------------
    Parameter("peer_buddy_weight", 0.5, "weight 0-1", 0.0, 1.0, "001 §MBCT implementers (regional and peer networks); value assumption",
              "Weight of a service's buddy in the MBCT activity its links carry; its region-mates share the rest.", "population"),
    Parameter("centre_link_strength", 0.5, "running links", 0.0, 1.0, "001 §Training and supervision (university training centres); value assumption",
              "Know-how and legitimacy a linked university training centre carries, counted as this share of one running link.", "population"),
    # --- new champions and the implementers a population starts with ------------------------
    Parameter("arrival_guidance_offset", 0.5, "ratio", 0.0, 1.0, "001 §Top-down and bottom-up (national support enables grass-roots champions); value assumption",
              "Arrivals are multiplied by this plus the strength of national guidance (0-1): at the default, guidance of 0.5 leaves them unchanged.", "population"),
    Parameter("arrival_annual_cap", 0.99, "probability", 0.5, 0.999, A,
              "Highest yearly chance of a new champion after every modifier (keeps the monthly conversion defined).", "population", uncertain=False),
    Parameter("champion_skill_low", 0.4, "index 0-1", 0.2, 0.5, "001 §MBCT implementers (skills vary between implementers); value assumption",
              "Lowest skill of a champion who starts in or arrives at a service (skill is drawn uniformly up to the high value).", "population"),
    Parameter("champion_skill_high", 0.8, "index 0-1", 0.6, 1.0, "001 §MBCT implementers (skills vary between implementers); value assumption",
              "Highest skill of a champion who starts in or arrives at a service.", "population"),
    Parameter("champion_commitment_low", 0.6, "index 0-1", 0.4, 0.75, "001 §MBCT implementers (self-designated enthusiasts); value assumption",
              "Lowest commitment of a champion who starts in or arrives at a service (drawn uniformly up to the high value).", "population"),
    Parameter("champion_commitment_high", 0.95, "index 0-1", 0.8, 1.0, "001 §MBCT implementers (self-designated enthusiasts); value assumption",
              "Highest commitment of a champion who starts in or arrives at a service.", "population"),
    # --- the services of a nation -------------------------------------------------------------
    Parameter("rural_size_factor", 0.5, "ratio", 0.25, 1.0, A,
              "People a rural service serves relative to an urban one (before each service's own log-normal draw).", "population"),
    # --- national policy ------------------------------------------------------------------------
    Parameter("policy_training_bid_weight", 2.0, "ratio", 1.0, 4.0, "001 §Top-down and bottom-up (champions secure training); value assumption",
              "Weight, per person served, of a service that already has a champion or a lead when national training places are shared out.", "national policy"),
]

# What a [population] table may say: each value's kind, default and allowed range.
POPULATION_FIELDS: dict[str, ValueSpec] = {
    f.name: f
    for f in [
        ValueSpec("services", None, "service providers", 0, 2000, "design choice: input bounds (a UK nation has from about 5 to about 250 trusts, boards or commissioners)",
                  "Service providers in a nation.", "population", declared_kind="int"),
        ValueSpec("population", None, "people", 10_000, 100_000_000, "design choice: input bounds",
                  "People living in a nation.", "population", declared_kind="int"),
        ValueSpec("urban_share", 0.8, "fraction", 0.0, 1.0, A,
                  "Share of a nation's services that are urban.", "population"),
        ValueSpec("regions", 1, "regions", 1, 50, "001 §MBCT implementers (regional networks)",
                  "Regional networks a nation's services are grouped into.", "population"),
        ValueSpec("training_centres", 0, "centres", 0, 20, "001 §Training and supervision (university training centres)",
                  "University MBCT training centres in a nation, each linked to one region.", "population"),
        ValueSpec("island_boards", 0, "service providers", 0, 10, "NHS Scotland: three of the 14 territorial health boards are island boards (Orkney, Shetland, Western Isles)",
                  "Of a nation's services, how many are island boards (service type island_board; they serve island_board_people each).", "population", declared_kind="int"),
        ValueSpec("island_board_people", 24_000, "people", 1_000, 100_000, "NRS mid-2015 estimates: Orkney about 21,700, Shetland about 23,200, Western Isles about 27,000",
                  "People an island board serves (the nation's other services share the rest of its population).", "population", declared_kind="int"),
        ValueSpec("primary_care_share", 0.0, "fraction", 0.0, 1.0,
                  "assumption: a population's providers are trusts or boards that run both talking-therapy and secondary-care services, modelled as secondary care; a scenario of primary-care talking-therapy services sets it",
                  "Share of a nation's services (island boards apart) that are primary-care talking-therapy services.", "population"),
        ValueSpec("context_spread", 0.1, "standard deviation", 0.0, 0.3, A,
                  "Spread of each service's context around its nation's means.", "population"),
        ValueSpec("size_spread", 0.5, "log-normal sigma", 0.0, 1.5, A,
                  "Spread of the people each service serves.", "population"),
        ValueSpec("start_share", 0.0, "fraction", 0.0, 1.0, "001 §The implementation journey (where journeys start)",
                  "Share of services starting in one archetypal state.", "population"),
        ValueSpec("total_services", None, "service providers", 1, 2000, "design choice: input bounds",
                  "Service providers in all nations together.", "population", declared_kind="int"),
    ]
}
# fmt: on

START_SHARE_TOLERANCE = 1e-6  # how far the start shares may sum from 1 (rounding in a TOML file)
SUGGEST_CUTOFF = 0.6  # how close a misspelt population key must be to a real one to be suggested
