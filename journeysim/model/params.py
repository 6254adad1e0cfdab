"""A run's parameters, resolved once at the start: read as attributes, still a mapping.

The mechanisms read their parameters every month. :class:`Params` holds one
run's values in slots named after the parameters (``p.course_cost``), which
Python reads about twice as fast as a dictionary lookup (``p["course_cost"]``),
and the slots are made once per set of names, not once per run. It is still a
mutable mapping (``p["course_cost"]``, ``dict(p)``, ``p.update(...)``), so
built names (``p[f"trainees_{pathway}"]``) and tests that change a value after
the model is built keep working; a value changed either way is the one read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

_CLASSES: dict[tuple[str, ...], type[Params]] = {}


class Params(MutableMapping[str, Any]):
    """Parameter values as attributes (slots), with the mapping interface on top."""

    __slots__ = ()
    NAMES: ClassVar[tuple[str, ...]] = ()
    KNOWN: ClassVar[frozenset[str]] = frozenset()

    @staticmethod
    def of(values: Mapping[str, Any]) -> Params:
        """The values as a :class:`Params` (one slotted class per set of names, made on first use)."""
        names = tuple(values)
        cls = _CLASSES.get(names)
        if cls is None:
            bad = [n for n in names if not n.isidentifier() or hasattr(Params, n)]
            if bad:
                raise ValueError(f"parameter names must be identifiers that name no mapping method: {bad}")
            body = {"__slots__": names, "NAMES": names, "KNOWN": frozenset(names), "__module__": __name__}
            cls = type("Params", (Params,), body)
            _CLASSES[names] = cls
        p = cls()
        for name, value in values.items():
            object.__setattr__(p, name, value)
        return p

    def __getitem__(self, name: str) -> Any:
        if name not in self.KNOWN:
            raise KeyError(name)
        return getattr(self, name)

    def __setitem__(self, name: str, value: Any) -> None:
        if name not in self.KNOWN:
            raise KeyError(f"{name!r} is not a parameter of this run")
        object.__setattr__(self, name, value)

    def __delitem__(self, name: str) -> None:
        raise TypeError("a run's parameters cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)

    def __contains__(self, name: object) -> bool:
        return name in self.KNOWN

    def __repr__(self) -> str:
        return f"Params({dict(self)!r})"

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        return Params.of, (dict(self),)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self) == dict(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dict
