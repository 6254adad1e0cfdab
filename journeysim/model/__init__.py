"""The journey model: agents, service, events and embeddedness. No I/O here."""

from journeysim.model.model import JourneyModel

__all__ = ["JourneyModel"]
