"""Report how many cases each fuzz test tried, per input kind."""

from fuzz_helpers import EXAMPLES, TRIED


def pytest_terminal_summary(terminalreporter):  # pragma: no cover - reporting only
    if TRIED:
        terminalreporter.section("fuzz cases tried per input kind")
        for kind, count in sorted(TRIED.items()):
            terminalreporter.write_line(f"{kind:<28} {count:>6}")
        terminalreporter.write_line(f"(JOURNEYSIM_FUZZ_EXAMPLES={EXAMPLES} per test)")
