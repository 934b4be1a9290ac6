"""Figures a reader can move: a slider over a table the build computed and checked.

A hidden check cell tabulates the figure with :mod:`calcnotes.interactive` (tangent slopes,
secant slopes, difference errors, gradient-descent paths), checks the table against the
page's formulas with a ``Ledger``, and glues it with :func:`calcnotes.interactive.glue_figure`.
The directive places it::

    :::{interactive-figure} intuition-tangent-table
    :kind: tangent
    :::

and ``_static/interactive-figures.js`` draws it in SVG with its controls. The figure is
``hidden`` in the HTML and shown by the script, so a reader without JavaScript, and the
PDF, keep the static Matplotlib figure the page also has. Only a page with such a figure
loads the script.
"""

from __future__ import annotations

import html
import json

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

__all__ = ["KINDS", "InteractiveFigure", "InteractiveFigureNode", "setup", "table_problems"]

#: The kinds of figure the script draws, and the keys each table must have.
KINDS: dict[str, tuple[str, ...]] = {
    "tangent": ("x", "points", "functions"),
    "secant": ("at", "value", "steps", "slopes", "tangent", "x", "curve_y"),
    "step-error": ("steps", "forward", "central"),
    "descent": ("start", "minimum", "curve_w", "curve_loss", "runs"),
}


class InteractiveFigureNode(nodes.General, nodes.Element):
    """The figure's place: its kind, a description and the JSON table."""


def table_problems(kind: str, data: object) -> list[str]:
    """What is wrong with a figure's table for its kind (an empty list when nothing).

    >>> table_problems("secant", {"at": 1})
    ["the secant table has no 'value', 'steps', 'slopes', 'tangent', 'x', 'curve_y'"]
    >>> table_problems("pie", {})
    ["unknown kind 'pie'; known: descent, secant, step-error, tangent"]
    """
    if kind not in KINDS:
        return [f"unknown kind {kind!r}; known: {', '.join(sorted(KINDS))}"]
    if not isinstance(data, dict):
        return [
            "the glue entry is not a JSON object: glue it with calcnotes.interactive.glue_figure"
        ]
    missing = [key for key in KINDS[kind] if key not in data]
    if missing:
        return [f"the {kind} table has no {', '.join(repr(k) for k in missing)}"]
    return []


class InteractiveFigure(SphinxDirective):
    """``{interactive-figure} <glue key>`` with ``:kind:`` and ``:title:``."""

    required_arguments = 1
    option_spec = {
        "kind": lambda arg: directives.choice(arg, tuple(KINDS)),
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from myst_nb.ext.glue.utils import retrieve_glue_data

        from calcnotes.interactive import MIME_TYPE

        key = self.arguments[0]
        kind = self.options.get("kind", "")
        try:
            output = retrieve_glue_data(self.state.document, key)
        except Exception as error:  # noqa: BLE001 (myst-nb's RetrievalError, or no notebook)
            raise self.error(f"interactive-figure {key}: {error}") from None
        try:
            data = json.loads(output.data[MIME_TYPE])
        except (KeyError, TypeError, ValueError):
            data = None
        problems = table_problems(kind, data)
        if problems:
            raise self.error(f"interactive-figure {key}: " + "; ".join(problems))
        node = InteractiveFigureNode(
            key=key,
            kind=kind,
            title=self.options.get("title", "Try it: move the slider"),
            data=json.dumps(data, separators=(",", ":")),
        )
        self.set_source_info(node)
        return [node]


def visit_interactive_figure(self: SphinxTranslator, node: InteractiveFigureNode) -> None:
    data = node["data"].replace("</", "<\\/")
    self.body.append(
        f'<div class="interactive-figure" hidden data-kind="{html.escape(node["kind"])}" '
        f'data-key="{html.escape(node["key"])}">'
        f'<p class="interactive-figure-title"><strong>{html.escape(node["title"])}</strong></p>'
        f'<script type="application/json" class="interactive-figure-data">{data}</script>'
    )


def depart_interactive_figure(self: SphinxTranslator, node: InteractiveFigureNode) -> None:
    self.body.append("</div>\n")


def skip(self: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if doctree is None or not any(True for _ in doctree.findall(InteractiveFigureNode)):
        return
    app.add_css_file("calcnotes-interactive.css")
    app.add_js_file("interactive-figures.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(
        InteractiveFigureNode,
        html=(visit_interactive_figure, depart_interactive_figure),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("interactive-figure", InteractiveFigure)
    app.connect("html-page-context", _page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
