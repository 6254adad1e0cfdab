"""Self-contained HTML documents: plotly.js inlined once, figures, tables, text.

A document written here opens from disk with no server and no network: the
plotly library sits in the page's head, each figure is a ``<div>`` drawn by
it, and the styles are inline. Every piece of text is escaped.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from journeysim import __version__

CSS = """
body { font-family: Atkinson Hyperlegible, Verdana, DejaVu Sans, Arial, sans-serif; font-size: 17px;
       line-height: 1.45; color: #000; background: #fff; margin: 0 auto; max-width: 1280px; padding: 1.5rem; }
h1 { font-size: 2rem; margin-bottom: .2rem; } h2 { font-size: 1.5rem; border-bottom: 2px solid #0072B2;
     padding-bottom: .2rem; margin-top: 2.5rem; } h3 { font-size: 1.2rem; margin-top: 1.6rem; }
.subtitle { color: #444; margin-top: 0; } .caption { color: #333; font-size: .95rem; margin: .2rem 0 1.2rem; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-size: .95rem; }
th, td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #eef4fa; } tr.differs td { background: #fff7e0; font-weight: 600; }
pre { background: #f6f6f6; padding: .8rem; overflow-x: auto; font-size: .85rem; border: 1px solid #ddd; }
nav ol { columns: 2; } details { margin: .6rem 0; } summary { cursor: pointer; font-weight: 600; }
ul.timeline { list-style: none; padding-left: 0; } ul.timeline li { padding: .15rem 0; border-bottom: 1px solid #eee; }
.up { color: #005a8c; } .down { color: #a33f00; }
.figure { margin: .4rem 0; }
"""

PLOT_CONFIG = {"displaylogo": False, "responsive": True, "toImageButtonOptions": {"format": "png", "scale": 2}}


def escape(text: Any) -> str:
    """HTML-escape any value's text."""
    return html.escape(str(text), quote=True)


def table_html(frame: pd.DataFrame, highlight: Sequence[bool] | None = None) -> str:
    """A DataFrame as an escaped HTML table; rows flagged in ``highlight`` are marked as differing."""
    head = "".join(f"<th scope='col'>{escape(c)}</th>" for c in frame.columns)
    body = []
    for i, (_, row) in enumerate(frame.iterrows()):
        cells = "".join(f"<td>{escape(_fmt(v))}</td>" for v in row.tolist())
        cls = " class='differs'" if highlight is not None and highlight[i] else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, default=str)
    return str(value)


class Report:
    """A self-contained HTML report built section by section.

    Args:
        title: The page title and heading.
        subtitle: One line under the title.

    """

    def __init__(self, title: str, subtitle: str = "") -> None:
        self.title = title
        self.subtitle = subtitle
        self._parts: list[str] = []
        self._toc: list[tuple[str, str]] = []
        self._figures = 0

    def section(self, title: str) -> Report:
        """Start a numbered section (listed in the contents)."""
        anchor = f"s{len(self._toc) + 1}"
        self._toc.append((anchor, title))
        self._parts.append(f"<h2 id='{anchor}'>{escape(title)}</h2>")
        return self

    def heading(self, text: str) -> Report:
        """A sub-heading."""
        self._parts.append(f"<h3>{escape(text)}</h3>")
        return self

    def paragraph(self, text: str, cls: str = "") -> Report:
        """A paragraph of plain text."""
        attr = f" class='{escape(cls)}'" if cls else ""
        self._parts.append(f"<p{attr}>{escape(text)}</p>")
        return self

    def figure(self, fig: go.Figure, caption: str = "") -> Report:
        """A plotly figure (drawn by the inlined plotly.js) with an optional caption."""
        self._figures += 1
        div = pio.to_html(
            fig, full_html=False, include_plotlyjs=False, div_id=f"figure-{self._figures}", config=PLOT_CONFIG
        )
        self._parts.append(f"<div class='figure'>{div}</div>")
        if caption:
            self.paragraph(caption, "caption")
        return self

    def table(self, frame: pd.DataFrame, caption: str = "", highlight: Sequence[bool] | None = None) -> Report:
        """A table from a DataFrame."""
        self._parts.append(table_html(frame, highlight))
        if caption:
            self.paragraph(caption, "caption")
        return self

    def bullets(self, items: Sequence[str], cls: str = "", item_classes: Sequence[str] | None = None) -> Report:
        """A list of plain-text items."""
        lis = "".join(
            f"<li class='{escape(item_classes[i])}'>{escape(t)}</li>" if item_classes else f"<li>{escape(t)}</li>"
            for i, t in enumerate(items)
        )
        attr = f" class='{escape(cls)}'" if cls else ""
        self._parts.append(f"<ul{attr}>{lis}</ul>")
        return self

    def code(self, data: Any, summary: str | None = None) -> Report:
        """Data shown as indented JSON (in a collapsible block if ``summary`` is given)."""
        text = data if isinstance(data, str) else json.dumps(data, indent=2, default=str, sort_keys=False)
        block = f"<pre>{escape(text)}</pre>"
        if summary:
            block = f"<details><summary>{escape(summary)}</summary>{block}</details>"
        self._parts.append(block)
        return self

    def html(self) -> str:
        """The whole document."""
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        toc = "".join(f"<li><a href='#{a}'>{escape(t)}</a></li>" for a, t in self._toc)
        return (
            "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<meta name='generator' content='journeysim {escape(__version__)}'>\n"
            f"<title>{escape(self.title)}</title>\n<style>{CSS}</style>\n"
            f"<script type='text/javascript'>{get_plotlyjs()}</script>\n</head>\n<body>\n"
            f"<h1>{escape(self.title)}</h1>\n"
            f"<p class='subtitle'>{escape(self.subtitle)}</p>\n"
            f"<p class='caption'>Generated {generated} by journeysim {escape(__version__)}. "
            "This file is self-contained: it opens offline, with no server.</p>\n"
            + (f"<nav aria-label='Contents'><ol>{toc}</ol></nav>\n" if toc else "")
            + "\n".join(self._parts)
            + "\n</body>\n</html>\n"
        )

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the document atomically (a temporary file in the same folder, then renamed)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(self.html(), encoding="utf-8")
            tmp.chmod(0o644)  # a report is meant to be shared
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return target
