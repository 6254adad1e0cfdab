"""Every command, option and positional of the command line says what it is for; summaries offer --json."""

from __future__ import annotations

import argparse

import pytest

from journeysim.cli import build_parser

NO_SUMMARY = {"dashboard"}  # serves a web app; prints no summary to read as JSON


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_option_and_positional_has_help() -> None:
    missing = []
    for name, parser in _commands().items():
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.help or not action.help.strip() or action.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert not missing, "options without help text: " + ", ".join(missing)


def test_every_command_has_a_one_line_help() -> None:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    described = {c.dest for c in sub._choices_actions if c.help}
    assert set(sub.choices) <= described


@pytest.mark.parametrize("name", sorted(set(_commands()) - NO_SUMMARY))
def test_every_command_that_prints_a_summary_has_json(name: str) -> None:
    options = {o for a in _commands()[name]._actions for o in a.option_strings}
    assert "--json" in options


def test_every_command_is_described_by_its_function_docstring() -> None:
    # options.command: the body of cmd_NAME's docstring (or its one line) is what `journeysim NAME --help` says
    for name, parser in _commands().items():
        summary, _, body = parser.get_default("func").__doc__.partition("\n\n")
        assert parser.description == (body or summary) and len(parser.description.split()) >= 8, name
        assert name in parser.format_usage() and " ".join(parser.description.split()) in " ".join(
            parser.format_help().split()
        )
