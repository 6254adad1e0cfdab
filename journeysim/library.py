"""Scenario files: finding, reading and composing the TOML scenarios.

Shipped scenarios live in the repository's ``scenarios/`` folder (copied into
the package as ``journeysim/_scenarios`` when built as a wheel); strategy
overlays in ``scenarios/strategies/``. A scenario argument may be a shipped
name, a path to a TOML file, and may add strategies with ``+``:
``lone_champion+succession_planning``.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from journeysim.scenario import (
    TOP_LEVEL_KEYS,
    Scenario,
    ScenarioError,
    _suggest,
    check_shapes,
    compose,
    parse_cli_value,
    shown,
    validate,
)

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 16
"""Deepest nesting of tables and arrays a scenario or experiment file may have (the formats need 4)."""
MAX_REF_CHARS = 1024
"""Longest scenario or experiment argument (a name, NAME+STRATEGY or a path)."""


def is_file(path: Path | str) -> bool:
    """``Path(path).is_file()``, but ``False`` (never an error) for a name too long or with a NUL character."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def check_ref(ref: str | Path, what: str = "scenario") -> str:
    """A scenario or experiment argument as text, refused if too long or holding control characters."""
    text = str(ref)
    if len(text) > MAX_REF_CHARS or any(ord(c) < 32 for c in text):
        raise ScenarioError(
            f"{shown(text)}: is not a {what} name or path (at most {MAX_REF_CHARS} characters, no control characters)"
        )
    return text


def _depth(value: Any) -> int:
    """Nesting depth of tables and arrays (iterative: never a RecursionError)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level <= MAX_DEPTH and isinstance(item, dict | list):
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def scenarios_dir() -> Path:
    """The folder of shipped scenarios."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "scenarios", here / "_scenarios"):
        if candidate.is_dir():
            return candidate
    raise ScenarioError("the shipped scenarios folder is missing from this installation")


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario names and their files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.toml"))}


def shipped_strategies() -> dict[str, Path]:
    """Strategy overlay names and their files."""
    return {p.stem: p for p in sorted((scenarios_dir() / "strategies").glob("*.toml"))}


def read_toml(path: Path | str) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a :class:`ScenarioError`."""
    path = Path(check_ref(path))
    if not is_file(path):
        raise ScenarioError(f"{path}: no such scenario file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: file is {size:,} bytes; a scenario may be at most {MAX_FILE_BYTES:,} bytes")
    try:
        return parse_toml_text(path.read_bytes().decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a UTF-8 text file") from None


def parse_toml_text(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, with a clear error naming the source and the line."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(f"{source}: scenario text is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: malformed TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{source}: malformed TOML: tables or arrays nested too deep") from None
    except ValueError as exc:  # an integer literal longer than Python converts (4,300 digits)
        raise ScenarioError(f"{source}: malformed TOML: a number is too long ({exc})") from None
    if _depth(data) > MAX_DEPTH:
        raise ScenarioError(f"{source}: tables or arrays are nested more than {MAX_DEPTH} deep")
    return data


def _strategy_overlay(name: str, source: str) -> dict[str, Any]:
    strategies = shipped_strategies()
    if name not in strategies:
        raise ScenarioError(
            f"{source}: strategies = {name!r} is not a strategy."
            + _suggest(name, tuple(strategies))
            + " Allowed: "
            + ", ".join(strategies)
        )
    overlay = read_toml(strategies[name])
    overlay.pop("name", None)
    overlay.pop("description", None)
    return overlay


def resolve_raw(raw: dict[str, Any], source: str, depth: int = 0) -> dict[str, Any]:
    """Follow ``extends`` and apply ``strategies`` overlays to a raw mapping."""
    if depth > 5:
        raise ScenarioError(f"{source}: 'extends' chain is too deep (a cycle?)")
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise ScenarioError(
                f"{source}: {key} = {shown(raw[key])} is not a scenario key.{_suggest(key, TOP_LEVEL_KEYS)}"
                f" Allowed: {', '.join(TOP_LEVEL_KEYS)}"
            )
    check_shapes(raw, source)  # before anything is merged: a wrong shape is blamed on this file
    base: dict[str, Any] = {}
    if "extends" in raw:
        parent = raw["extends"]
        shipped = shipped_scenarios()
        if not isinstance(parent, str) or parent not in shipped:
            raise ScenarioError(
                f"{source}: extends = {shown(parent)} is not a shipped scenario."
                + _suggest(str(parent), tuple(shipped))
                + " Allowed: "
                + ", ".join(shipped)
            )
        try:
            base = resolve_raw(read_toml(shipped[parent]), str(shipped[parent]), depth + 1)
        except ScenarioError as exc:  # name the user's file first, then where in the chain it failed
            raise ScenarioError(f"{source}: extends = {parent!r}: {exc}") from None
        base.pop("description", None)
        base.pop("name", None)
    own = {k: v for k, v in raw.items() if k not in ("extends", "strategies")}
    merged = compose(base, own)
    for key in ("name", "description"):
        if key in own:
            merged[key] = own[key]
    strategies = list(base.get("strategies", []))
    own_strategies = raw.get("strategies", [])
    if not isinstance(own_strategies, list) or not all(isinstance(s, str) for s in own_strategies):
        raise ScenarioError(f"{source}: strategies = {shown(own_strategies)} must be a list of strategy names")
    for name in own_strategies:
        merged = compose(merged, _strategy_overlay(name, source))
        strategies.append(name)
    merged["strategies"] = strategies
    return merged


def scenario_from_text(text: str, source: str = "<upload>", extra_strategies: tuple[str, ...] = ()) -> Scenario:
    """Build a scenario from TOML text (used by the dashboard's upload)."""
    raw = parse_toml_text(text, source)
    return _finish(raw, source, "uploaded", extra_strategies)


def _finish(raw: dict[str, Any], source: str, default_name: str, extra_strategies: tuple[str, ...]) -> Scenario:
    if not isinstance(raw, dict):
        raise ScenarioError(f"{source}: a scenario must be a TOML table")
    if extra_strategies:
        check_shapes(raw, source)
        raw = dict(raw)
        raw["strategies"] = list(raw.get("strategies", [])) + list(extra_strategies)
    resolved = resolve_raw(raw, source)
    scenario = validate(resolved, source, default_name)
    if extra_strategies:
        scenario = replace(scenario, name=scenario.name + "".join(f"+{s}" for s in extra_strategies))
    return scenario


def load_scenario(ref: str | Path, sets: dict[str, Any] | None = None, strategies: tuple[str, ...] = ()) -> Scenario:
    """Load a shipped scenario by name, or a TOML file by path, with optional strategies and overrides.

    Args:
        ref: ``"lone_champion"``, ``"lone_champion+succession_planning"`` or a path.
        sets: Parameter overrides (validated against their declarations).
        strategies: Extra strategy overlays to apply.

    """
    text = check_ref(ref)
    shipped = shipped_scenarios()
    base, *plus = text.split("+") if not is_file(text) else (text,)
    path = Path(base)
    if base in shipped:
        path = shipped[base]
    elif not is_file(path):
        hint = _suggest(base, tuple(shipped))
        raise ScenarioError(f"{base}: no such scenario file or shipped scenario.{hint} Shipped: {', '.join(shipped)}")
    raw = read_toml(path)
    scenario = _finish(raw, str(path), path.stem, (*plus, *strategies))
    if sets:
        scenario = scenario.with_parameters(sets, source=f"{path} (--set)")
    return scenario


def parse_sets(items: list[str] | None) -> dict[str, Any]:
    """Parse ``key=value`` strings from the command line."""
    out: dict[str, Any] = {}
    for item in items or []:
        if "=" not in item:
            raise ScenarioError(f"--set {shown(item)}: expected key=value")
        key, value = item.split("=", 1)
        out[key.strip()] = parse_cli_value(value)
    return out
