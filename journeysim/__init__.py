"""journeysim: an agent-based model of how MBCT is implemented, embedded or lost in health services."""

__version__ = "0.1.0"

__all__ = ["__version__"]
