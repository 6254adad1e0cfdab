"""Every parameter is declared once, with a default inside its range and a source; the docs match."""

from pathlib import Path

from journeysim.parameters import PARAMETERS, parameter_table_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "parameters.md"


def test_every_parameter_has_unit_range_and_source():
    for p in PARAMETERS.values():
        assert p.source, p.name
        assert p.description, p.name
        if p.kind in ("int", "float"):
            assert p.low <= p.default <= p.high, p.name
            assert p.check(p.default) == p.default
        elif p.kind == "choice":
            assert p.default in p.choices


def test_parameter_docs_are_generated_from_the_declarations():
    assert DOCS.read_text() == parameter_table_markdown(), "run: journeysim docs"
