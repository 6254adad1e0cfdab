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

import keyword
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

_CLASSES: dict[tuple[str, ...], type[Params]] = {}


class Params(MutableMapping[str, Any]):
    """Parameter values as attributes (slots), with the mapping interface on top."""

    __slots__ = ()
    NAMES: ClassVar[tuple[str, ...]] = ()
    KNOWN: ClassVar[frozenset[str]] = frozenset()
    FILL: ClassVar[Callable[..., None]]  # sets every slot from the values in the order of NAMES (see _filler)

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
            body["FILL"] = staticmethod(_filler(names))
            cls = type("Params", (Params,), body)
            _CLASSES[names] = cls
        p = cls()
        cls.FILL(p, *values.values())
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


def _filler(names: tuple[str, ...]) -> Callable[..., None]:
    """A function that stores values in the slots ``names`` of a new :class:`Params`, in that order.

    Made once per set of names, as :mod:`dataclasses` makes an ``__init__``: one attribute store per
    name in a straight line (``p.course_cost = v12``) is about ten times faster than a loop of
    ``setattr`` over a run's three hundred parameters. A name Python reserves (a keyword) cannot be
    written that way; a set of names with one gets the loop.
    """
    if any(keyword.iskeyword(name) for name in names):

        def fill_by_loop(p: Params, *values: Any) -> None:
            for name, value in zip(names, values, strict=True):
                object.__setattr__(p, name, value)

        return fill_by_loop
    args = [f"v{i}" for i in range(len(names))]
    lines = [f"    p.{name} = {arg}" for name, arg in zip(names, args, strict=True)] or ["    pass"]
    namespace: dict[str, Any] = {}
    exec("\n".join([f"def fill(p, {', '.join(args)}):", *lines]), namespace)  # names are identifiers (checked)
    return namespace["fill"]
