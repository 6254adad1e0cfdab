"""A tab's presses, acted on in the order they were made.

A page sends a request for every press and may send the next before the last
has been answered; the server answers them on separate threads, so the later
one can be answered first, and the page shows the answer to its last request.
Each request counts the page's presses so far (the buttons' click counts, the
intervention press's own count): :meth:`PressOrder.in_page_order` holds a
request back until every earlier press it counts has been acted on, so the
answer the page shows includes them all.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

EARLIER_PRESS_WAIT_S = 10.0  # the longest a request waits for an earlier press's request (lost in transit)


def press_counts(triggers: Mapping[str, Any], buttons: Iterable[str]) -> dict[str, int]:
    """How many times the page had pressed each button, and intervened, when it sent this request.

    Read from the buttons' click counts and the intervention press's own count (``n``); anything
    that is not a whole number counts as no press.
    """

    def whole(value: Any) -> int:
        return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0

    press = triggers.get("press")
    pressed = whole(press.get("n")) if isinstance(press, dict) else 0
    return {**{b: whole(triggers.get(b)) for b in buttons}, "press": pressed}


class PressOrder:
    """The presses of one tab acted on so far, as the page counts them."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._acted: dict[str, int] = {}

    @contextmanager
    def in_page_order(
        self, counts: Mapping[str, int], own: Collection[str], wait_s: float = EARLIER_PRESS_WAIT_S
    ) -> Iterator[bool]:
        """Act on a request only once the presses it counts, other than its own (``own``), have been acted on.

        ``counts`` is how many times the page had pressed each control when it sent the request. A
        press the page sent in an earlier request that is still on its way (or being answered) is
        waited for, at most ``wait_s`` seconds. Yields whether every earlier press had been acted on;
        on leaving, this request's presses count as acted on.
        """

        def caught_up() -> bool:
            return all(self._acted.get(k, 0) >= n for k, n in counts.items() if k not in own)

        with self._changed:
            in_order = self._changed.wait_for(caught_up, timeout=wait_s)
        try:
            yield in_order
        finally:
            with self._changed:
                for k, n in counts.items():
                    self._acted[k] = max(self._acted.get(k, 0), n)
                self._changed.notify_all()
