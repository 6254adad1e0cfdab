"""Output that never crashes on a narrow console encoding.

Windows redirects output in the locale's code page (often cp1252), which has
no ``▲`` or ``∞``. :func:`safe_streams` makes stdout and stderr replace any
character their encoding cannot hold with a plain-ASCII spelling (``▲`` as
``^``, ``∞`` as ``inf``) or ``?``, instead of raising ``UnicodeEncodeError``.
Characters the encoding can hold (``£`` in cp1252, everything in UTF-8) are
written unchanged.
"""

from __future__ import annotations

import codecs
import io
import sys

ERRORS = "journeysim-ascii"
"""Name of the codec error handler registered by :func:`safe_streams`."""

ASCII: dict[str, str] = {
    "▲": "^",
    "▼": "v",
    "•": "*",
    "∞": "inf",
    "—": "-",
    "–": "-",
    "→": "->",
    "←": "<-",
    "…": "...",
    "£": "GBP ",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
    "±": "+/-",
    "≈": "~",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "§": "S",
    "−": "-",
}
"""Plain spellings of the symbols journeysim prints, used only where the encoding lacks them."""


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the ASCII spelling of each unencodable character, else ``?``."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(ASCII.get(ch, "?") for ch in text), exc.end


def register() -> None:
    """Register the error handler (again: the same handler)."""
    codecs.register_error(ERRORS, _ascii_fallback)


def safe_streams() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` fall back to ASCII spellings instead of raising."""
    register()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", None):
            try:
                stream.reconfigure(errors=ERRORS)
            except (ValueError, OSError):  # pragma: no cover - a closed or detached stream
                continue
