"""Links between services: regional networks, buddy pairs and university training-centre catchments.

Along these links flow know-how and legitimacy (peer exchange), teacher
training from a linked apprenticeship, and supervision. A service is linked to
its region-mates, to its buddy (if it has one) and, if its region has one, to a
university training centre (001 §MBCT implementers: regional and national
networks; 001 §Training and supervision: apprenticeships, training centres and
shared supervision).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from journeysim.vocabulary import TRAINING_PATHWAYS, UNFUNDED_PATHWAYS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from journeysim.nation.model import NationModel
    from journeysim.nation.sites import Site

# The pathway whose teachers can train others (an internal apprenticeship), 001 §Training and supervision.
APPRENTICESHIP = "internal"
assert APPRENTICESHIP in TRAINING_PATHWAYS


@dataclass(frozen=True)
class Links:
    """Who is linked to whom, as arrays in site order.

    Attributes:
        region: Regional network of each service.
        buddy: Buddy of each service, or -1.
        centre: Whether each service is linked to a university training centre.
        region_size: Services in each region.
        region_members: Indices of the services in each region.
        has_buddy: Whether each service has a buddy.
        buddy_index: Each service's buddy (0 where it has none; read with ``has_buddy``).

    """

    region: np.ndarray
    buddy: np.ndarray
    centre: np.ndarray
    region_size: np.ndarray
    region_members: list[np.ndarray]
    has_buddy: np.ndarray
    buddy_index: np.ndarray

    @classmethod
    def of(cls, sites: Sequence[Site]) -> Links:
        """The links of a list of sites (:func:`journeysim.nation.sites.build_sites`)."""
        region = np.array([s.region for s in sites])
        buddy = np.array([s.buddy for s in sites])
        region_size = np.bincount(region)
        has_buddy = buddy >= 0
        return cls(
            region=region,
            buddy=buddy,
            centre=np.array([s.centre for s in sites]),
            region_size=region_size,
            region_members=[np.flatnonzero(region == r) for r in range(len(region_size))],
            has_buddy=has_buddy,
            buddy_index=np.where(has_buddy, buddy, 0),
        )

    def peer_activity(self, running: np.ndarray, buddy_weight: float) -> np.ndarray:
        """How much MBCT each service's links carry (0-1).

        The share of region-mates running courses, mixed with whether its buddy runs
        them (``buddy_weight`` on the buddy, the rest on the region).
        """
        counts = np.bincount(self.region, weights=running.astype(float), minlength=len(self.region_size))
        others = np.maximum(self.region_size[self.region] - 1, 1)
        region_share = (counts[self.region] - running) / others
        buddy_running = running[self.buddy_index]
        return np.where(
            self.has_buddy, (1.0 - buddy_weight) * region_share + buddy_weight * buddy_running, region_share
        )

    def linked(self, provider: np.ndarray) -> np.ndarray:
        """Services with a provider among their links: a region-mate, their buddy, or a training centre."""
        in_region = np.bincount(self.region, weights=provider.astype(float), minlength=len(self.region_size))
        return ((in_region[self.region] - provider) > 0) | (self.has_buddy & provider[self.buddy_index]) | self.centre

    def region_mates(self, i: int) -> np.ndarray:
        """The other services in service ``i``'s region."""
        members = self.region_members[self.region[i]]
        return members[members != i]


def exchange_know_how(model: NationModel, has_imp: np.ndarray, peer: np.ndarray) -> None:
    """Services with an implementer gain know-how and legitimacy from MBCT along their links.

    A linked training centre counts as ``centre_link_strength`` of a running link
    (001 §MBCT implementers: networks share expertise and solutions).
    """
    strength = peer + model.p["centre_link_strength"] * model.links.centre
    for i in np.flatnonzero(has_imp & (strength > 0)):
        model.services[i].peer_exchange(float(strength[i]))


def share_training(model: NationModel, has_imp: np.ndarray, teachers: np.ndarray) -> None:
    """A champion without a training pathway sends trainees to a linked apprenticeship or training centre.

    A provider is a service with an internal apprenticeship and a critical mass of teachers
    (001 §Training and supervision; 001 §Pivot points: a critical mass of teachers). Trainees
    arrive at ``shared_training_annual`` a year (Poisson), unless the service froze training.
    """
    services = model.services
    n = len(services)
    pathway = [s.service.training_pathway for s in services]
    provider = np.array([p == APPRENTICESHIP for p in pathway]) & (teachers >= model.p["critical_mass_teachers"])
    wanting = has_imp & np.array([p in UNFUNDED_PATHWAYS for p in pathway])
    frozen = np.fromiter((s.service.training_frozen for s in services), dtype=bool, count=n)
    trainees = model.streams["training"].poisson(model.p["shared_training_annual"] / 12, size=n)
    for i in np.flatnonzero(wanting & ~frozen & model.links.linked(provider) & (trainees > 0)):
        services[i].intervene(
            "training_places", cause="trained with a linked service's apprenticeship", teachers=int(trainees[i])
        )


def share_supervision(model: NationModel, teachers: np.ndarray) -> None:
    """Teachers in a service without its own supervision join a linked service's (or the national network).

    A link supervises while it lasts: a service keeps a linked supervisor while one
    is linked, and joins one with ``shared_supervision_annual`` a year
    (001 §Training and supervision: shared supervision). The national network
    (:func:`journeysim.nation.policy.supervision_network`) reaches every covered service.
    """
    services = model.services
    n = len(services)
    own = np.fromiter(
        (s.service.supervision and not s.service.external_supervision for s in services), dtype=bool, count=n
    )
    linked = model.links.linked(own & (teachers >= model.p["critical_mass_teachers"]))
    u = model.streams["supervision"].random(n)
    keep = model.peer_supervised & linked & (teachers >= 1)
    join = ~model.peer_supervised & ~own & linked & (teachers >= 1) & (u < model.supervision_chance)
    model.peer_supervised = keep | join
    network = model.policy.network_on & model.covered
    wanted = model.peer_supervised | network
    for i in np.flatnonzero(wanted != np.fromiter((s.service.external_supervision for s in services), bool, n)):
        cause = "national supervision network" if network[i] else "supervision shared with a linked service"
        if not wanted[i]:
            cause = "the link that supervised its teachers is gone"
        services[i].intervene("supervision_link", cause=cause, on=bool(wanted[i]))
