"""Per-browser-session simulations, kept in server memory.

Each browser tab gets a random session id (kept in a ``dcc.Store``); the
:class:`SessionRegistry` maps it to a :class:`Session` holding that tab's own
:class:`~journeysim.model.model.JourneyModel` (and its replay) behind its own
lock. Two people using the app never share a model, and a lock is held only
while one session's model steps, so sessions do not wait on each other. The
registry is capped (least recently used sessions go first) and idle sessions
expire.

Replay ("the same world with another strategy") rebuilds a model from the
same seed with a strategy overlay; the user's interventions are re-applied
at the months they were made. Because the model draws each kind of chance
from its own named stream, the replay meets the same shocks, departures and
national events: the only difference is the strategy.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from journeysim.dashboard.presses import PressOrder
from journeysim.dashboard.rewind import (
    DEPARTURE,
    NobodyInPost,
    UserIntervention,
    advance,
    scripted_departures,
    without_departures_from,
)
from journeysim.library import load_scenario, scenario_from_text, shipped_strategies
from journeysim.model.interventions import INTERVENTIONS
from journeysim.model.model import JourneyModel
from journeysim.runs import purpose_seeds
from journeysim.scenario import Scenario

DEFAULT_SCENARIO = "trainer_demo"
SAME_STRATEGY = "__same__"
FIRST_TICK_MS = 250.0  # the clock credit of play's first tick (one tick of the page's ticker)
STALL_MS = 5000.0  # a longer gap between ticks (a hidden tab) starts the count again rather than jump
_SID = re.compile(r"^[0-9a-f]{32}$")


def new_session_id() -> str:
    """A fresh, unguessable session id."""
    return uuid.uuid4().hex


def scenario_title(name: str) -> str:
    """A scenario's name as a room reads it: ``"lone_champion+succession_planning"`` -> ``"lone champion + ..."``."""
    return " + ".join(part.replace("_", " ") for part in name.split("+"))


def strategy_label(name: str) -> str:
    """A strategy's name in words."""
    return "the same strategy" if name == SAME_STRATEGY else name.replace("_", " ")


@dataclass(frozen=True)
class ScenarioSource:
    """Where a session's scenario came from: a shipped name, or TOML text (upload or checklist).

    Attributes:
        kind: ``"shipped"`` or ``"text"``.
        name: The shipped name, or a label for the text (file name or "your service").
        text: The TOML text (for ``"text"``); kept in memory only.

    """

    kind: str
    name: str
    text: str = ""

    def build(self, strategies: tuple[str, ...] = ()) -> Scenario:
        """The validated scenario, with optional strategy overlays (raises ``ScenarioError``)."""
        if self.kind == "shipped":
            return load_scenario(self.name, strategies=strategies)
        return scenario_from_text(self.text, source=self.name, extra_strategies=strategies)


def _finished(original: Any, replay: Any) -> bool:
    """Whether a run (a model or a copy of its records) and its replay, if any, have reached their horizon."""
    return original.month >= original.horizon and (replay is None or replay.month >= replay.horizon)


@dataclass(frozen=True)
class RunState:
    """A copy of one model's records for drawing (taken under the session lock)."""

    label: str
    rows: list[tuple]
    events: list[dict[str, Any]]
    month: int
    horizon: int
    level: str


@dataclass(frozen=True)
class Snapshot:
    """Everything the page shows, copied out of a session at one moment."""

    scenario_name: str
    description: str
    source_kind: str
    start_year: int
    horizon: int
    world: int
    seed: int
    playing: bool
    original: RunState
    replay: RunState | None
    stages: dict[str, str]
    interventions: tuple[UserIntervention, ...]
    scenario_hash: str
    notice: str = ""
    error: str = ""
    area: str = "main"
    in_post: int = 0

    @property
    def finished(self) -> bool:
        """Both runs have reached their horizon."""
        return _finished(self.original, self.replay)

    @property
    def clock_month(self) -> int:
        """The month being played: the replay's while it catches up, else the original's."""
        return self.original.month if self.replay is None else min(self.replay.month, self.original.month)


def _run_state(model: JourneyModel, label: str) -> RunState:
    rows, events = list(model.series_rows()), [e.to_dict() for e in model.log.events]
    return RunState(label, rows, events, model.month, model.horizon, model.level)


class Session:
    """One browser tab's simulation: a scenario, a world, a running model, and perhaps its replay.

    All public methods take the session's lock; callers never touch the
    models directly.
    """

    def __init__(self, sid: str, seed: int = 0, source: ScenarioSource | None = None) -> None:
        self.sid = sid
        self.seed = seed
        self.lock = threading.RLock()
        self.last_used = time.monotonic()
        self.world = 0
        self.source = source or ScenarioSource("shipped", DEFAULT_SCENARIO)
        self.scenario = self.source.build()
        self.fan_key: tuple[str, int, int, str] | None = None
        self.fan_job: str | None = None  # the token of this tab's last fan chart job (dashboard.jobs)
        self.paired: Any = None  # the last many-worlds comparison of strategies shown (dashboard.paired)
        self.notice = ""
        self.error = ""
        self.area = "main"
        self._anchor: tuple[float, int, float] | None = None  # (page time ms, month, months a second) of play
        self._last_page_ms = 0.0
        self.in_post_change = (0, 0)  # implementers in post before and after the last intervention
        self.presses = PressOrder()  # this tab's presses, acted on in the order they were made
        self._restart()

    def _new_model(self, scenario: Scenario) -> JourneyModel:
        return JourneyModel(scenario, purpose_seeds(self.seed, self.world)["model"])

    def _restart(self, model: JourneyModel | None = None) -> None:
        self.moved_from: int | None = None  # the button replaced the scripted departures from this month on
        self.model = model if model is not None else self._new_model(self.scenario)
        self.interventions: list[UserIntervention] = []
        self.clear_replay()
        self.playing = False

    def load(self, source: ScenarioSource) -> Scenario:
        """Switch to another scenario (validated first; on error the session is unchanged)."""
        scenario = source.build()
        model = self._new_model(scenario)  # may fail: the session is switched only once this works
        with self.lock:
            self.source, self.scenario = source, scenario
            self._restart(model)
        return scenario

    def set_world(self, world: int) -> None:
        """Start again in world number ``world`` (another draw of chance)."""
        with self.lock:
            self.world = max(0, int(world))
            self._restart()

    def reset(self) -> None:
        """Start the same world again from its first month, with no interventions."""
        with self.lock:
            self._restart()

    @property
    def finished(self) -> bool:
        """Both runs have reached their horizon."""
        with self.lock:
            return _finished(self.model, self.replay)

    def _apply_due_to_replay(self) -> None:
        replay = self.replay
        assert replay is not None
        while self._replay_applied < len(self.interventions):
            item = self.interventions[self._replay_applied]
            if item.month > replay.month:
                break
            replay.intervene(item.kind, **item.details)
            self._replay_applied += 1

    def step(self, months: int = 1) -> int:
        """Advance by ``months`` months; a replay that is behind catches up first. Returns months advanced."""
        done = 0
        with self.lock:
            self.last_used = time.monotonic()
            for _ in range(max(0, int(months))):
                model, replay = self.model, self.replay
                replay_due = replay is not None and replay.month < replay.horizon
                if model.month >= model.horizon and not replay_due:
                    break
                if model.month < model.horizon and not (replay_due and replay.month < model.month):
                    model.run(1)
                if replay is not None and replay_due:
                    self._apply_due_to_replay()
                    replay.run(1)
                done += 1
            if self.finished:
                self.playing = False
        return done

    def run_to_end(self) -> None:
        """Run the original (and any replay) to the horizon."""
        self.step(10 * 12 * 100)

    def clock_month(self) -> int:
        """The month on screen: the replay's while it catches up, else the original's."""
        with self.lock:
            replay = self.replay
            return self.model.month if replay is None else min(replay.month, self.model.month)

    def intervene(self, kind: str, at: int | None = None, **details: Any) -> int:
        """Apply an intervention at month ``at`` (default: now); return the month it was applied.

        ``at`` is the month the page showed when the button was pressed. When the run has gone past it
        (a play tick landed first), the same world is rebuilt from its seed with the intervention at
        ``at`` and run back to where it was: the model is deterministic given its scenario, seed and
        interventions, so this is the run the press would have made. A champion's departure replaces
        the departures the scenario scripts from that month on (one departure story);
        :attr:`in_post_change` keeps who was in post before and after.

        Raises:
            NobodyInPost: for Champion leaves at a month when nobody was in post.
            ValueError: for an unknown intervention or a bad detail, or when the run has ended.

        """
        if kind not in INTERVENTIONS:
            raise ValueError(f"unknown intervention {kind!r}")
        with self.lock:
            self.last_used = time.monotonic()
            now = self.model.month
            if now >= self.model.horizon:
                raise ValueError("the run has reached its end: start again to try an intervention")
            month = now if at is None else max(0, min(int(at), now))
            item = UserIntervention(month, kind, dict(details))
            moves = kind == DEPARTURE and self.moved_from is None
            moves = moves and any(m >= month for m in scripted_departures(self.scenario))
            if month == now and not moves:
                before = len(self.model.roster)
                if kind == DEPARTURE and not before:
                    raise NobodyInPost(month)
                self.model.intervene(kind, **details)
                self.interventions.append(item)
                if self.replay is not None and self.replay.month == month:
                    self._apply_due_to_replay()
                self.in_post_change = (before, len(self.model.roster))
            else:
                self.in_post_change = self._rebuild(item, month if moves else self.moved_from)
            return month

    def _rebuild(self, item: UserIntervention, moved_from: int | None) -> tuple[int, int]:
        """The same world from its seed with ``item`` added; returns who was in post before and after it."""
        items = sorted([*self.interventions, item], key=lambda i: i.month)  # stable: after the month's others
        index = max(n for n, i in enumerate(items) if i is item)
        model = self._new_model(without_departures_from(self.scenario, moved_from))
        advance(model, items, 0, item.month, limit=index)
        before = len(model.roster)
        if item.kind == DEPARTURE and not before:
            raise NobodyInPost(item.month)
        model.intervene(item.kind, **item.details)
        after = len(model.roster)
        advance(model, items, index + 1, self.model.month)
        replay, overlay = self.replay, tuple(s for s in [self.replay_strategy] if s not in (None, SAME_STRATEGY))
        self.model, self.interventions, self.moved_from = model, items, moved_from
        if replay is not None:
            self.replay = self._new_model(without_departures_from(self.source.build(overlay), moved_from))
            self._replay_applied = advance(self.replay, items, 0, replay.month)
        return before, after

    def start_replay(self, strategy: str) -> None:
        """Rebuild this world from its first month with another strategy, beside the original.

        Args:
            strategy: A shipped strategy name, or :data:`SAME_STRATEGY`.

        Raises:
            ScenarioError: if the strategy cannot be applied to this scenario.

        """
        if strategy != SAME_STRATEGY and strategy not in shipped_strategies():
            raise ValueError(f"unknown strategy {strategy!r}")
        overlay = () if strategy == SAME_STRATEGY else (strategy,)
        scenario = self.source.build(overlay)
        with self.lock:
            self.last_used = time.monotonic()
            self.replay = self._new_model(without_departures_from(scenario, self.moved_from))
            self.replay_strategy = strategy
            self._replay_applied = 0
            self._apply_due_to_replay()

    def clear_replay(self) -> None:
        """Drop the replay and go on with the original alone."""
        with self.lock:
            self.replay: JourneyModel | None = None
            self.replay_strategy: str | None = None
            self._replay_applied = 0

    def tell(self, notice: str | None = None, error: str = "", area: str | None = None) -> None:
        """Set what the page says, and beside which controls (``area``).

        ``notice`` None keeps the last one, unless an error replaces it (a stale success line never
        sits under an error); errors stay until the next action.
        """
        with self.lock:
            if notice is not None or error:
                self.notice = notice or ""
            self.error = error
            if area is not None:
                self.area = area

    def in_post(self) -> int:
        """Implementers in post in the running model (who could leave now)."""
        with self.lock:
            return 0 if self.model.month >= self.model.horizon else len(self.model.roster)

    def set_playing(self, playing: bool) -> None:
        """Play or pause (a finished run never plays)."""
        with self.lock:
            self.playing = bool(playing) and not self.finished
            self._anchor = None

    def play_to(self, page_ms: float, per_second: float) -> int:
        """Advance a playing run to the month the page's clock says, at ``per_second`` months a second.

        Play is anchored at its first tick (page time, month, speed): each tick runs to
        ``anchor month + elapsed page time x speed``, so the speed holds however long each tick's round
        trip takes. A change of speed, or a gap of more than :data:`STALL_MS`, starts a new anchor.
        Returns months advanced.
        """
        with self.lock:
            if not self.playing:
                return 0
            anchor, month = self._anchor, self.clock_month()
            gap = page_ms - self._last_page_ms
            if anchor is None or anchor[2] != per_second or not 0 <= gap <= STALL_MS:
                anchor = self._anchor = (page_ms - FIRST_TICK_MS, month, per_second)
            self._last_page_ms = page_ms
            target = anchor[1] + int((page_ms - anchor[0]) / 1000.0 * per_second)
            return self.step(target - month) if target > month else 0

    def snapshot(self) -> Snapshot:
        """A consistent copy of what the page shows."""
        with self.lock:
            self.last_used = time.monotonic()
            name, replay = self.scenario.name, self.replay
            replay_label = f"Replay: + {strategy_label(self.replay_strategy or '')}"
            return Snapshot(
                scenario_name=name,
                description=self.scenario.description,
                source_kind=self.source.kind,
                start_year=self.model.start_year,
                horizon=self.model.horizon,
                world=self.world,
                seed=self.seed,
                playing=self.playing,
                original=_run_state(self.model, f"This run: {scenario_title(name)}"),
                replay=None if replay is None else _run_state(replay, replay_label),
                stages=self.model.stages() if self.model.month else dict(self.scenario.start),  # as it starts
                interventions=tuple(self.interventions),
                scenario_hash=self.scenario.hash,
                notice=self.notice,
                error=self.error,
                area=self.area,
                in_post=self.in_post(),
            )


class SessionRegistry:
    """Sessions by id, capped in number (least recently used dropped first) and expiring when idle.

    Args:
        max_sessions: Most sessions kept at once.
        ttl_seconds: Idle time after which a session is dropped.
        seed: Root seed given to new sessions.

    """

    def __init__(self, max_sessions: int = 64, ttl_seconds: float = 6 * 3600, seed: int = 0) -> None:
        self.max_sessions = max_sessions
        self.ttl_seconds = ttl_seconds
        self.seed = seed
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        for sid in [s for s, sess in self._sessions.items() if now - sess.last_used > self.ttl_seconds]:
            del self._sessions[sid]
        while len(self._sessions) > self.max_sessions:
            self._sessions.popitem(last=False)

    def get(self, sid: str | None) -> tuple[Session, bool]:
        """The session for ``sid``, created if unknown or expired; returns ``(session, created)``.

        An id that is not one this app hands out is replaced by a fresh one.
        """
        if not isinstance(sid, str) or not _SID.match(sid):
            sid = new_session_id()
        now = time.monotonic()
        with self._lock:
            self._expire(now)
            if (session := self._sessions.get(sid)) is not None:
                self._sessions.move_to_end(sid)
                session.last_used = now
                return session, False
        session = Session(sid, seed=self.seed)  # built outside the registry lock
        with self._lock:
            if (existing := self._sessions.get(sid)) is not None:
                return existing, False
            self._sessions[sid] = session
            self._expire(now)
        return session, True

    def ids(self) -> list[str]:
        """Ids of the sessions held (for tests and monitoring)."""
        with self._lock:
            return list(self._sessions)
