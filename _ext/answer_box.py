"""Answer boxes: a reader types an answer and the page judges it, with no server.

A hidden check cell verifies an answer and passes the same SymPy expression to
:func:`calcnotes.interactive.glue_answer`, which glues, as JSON, its values at sample points
of its domain and the values of the common mistakes the box recognises. The directive reads
that glue entry when the page is built::

    :::{answer-box} practice-p1-box
    :prompt: dy/dx =
    :var: x
    :mistakes: chain-rule
    :::

and writes a box holding the numbers, with a hint for each named mistake (its text and the
section of the book that explains it, from :data:`MISTAKES`). In the browser
``_static/answer-box.js`` parses the typed answer with mathjs, typesets it with KaTeX,
evaluates it at the points and judges it. The box is ``hidden`` in the HTML: without
JavaScript a reader sees the static solution only.

Only a page with a box loads the scripts: KaTeX (copied from ``node_modules``), a minimal
mathjs bundle (built here by esbuild from ``_ext/assets/mathjs-entry.js`` and cached by the
hash of its inputs), and ``answer-box.js``.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

__all__ = [
    "MISTAKES",
    "AnswerBox",
    "AnswerBoxNode",
    "AnswerHintNode",
    "box_problems",
    "build_mathjs_bundle",
    "setup",
]

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ENTRY = Path(__file__).resolve().parent / "assets" / "mathjs-entry.js"
BUNDLE = "calcnotes-mathjs.js"

#: The common mistakes a box can recognise: name -> (the hint, the label of the section
#: that explains it). A page names the ones that fit each box in ``:mistakes:``.
MISTAKES: dict[str, tuple[str, str]] = {
    "chain-rule": (
        "Missing chain-rule factor: multiply the outer derivative by the derivative of the "
        "inner function.",
        "sec-common-mistakes",
    ),
    "product-rule": (
        "The derivative of a product is not the product of the derivatives: use (uv)' = u'v + uv'.",
        "sec-common-mistakes",
    ),
    "quotient-sign": (
        "Flipped sign in the quotient rule: the numerator is u'v - uv', in that order.",
        "sec-common-mistakes",
    ),
    "not-unit-vector": (
        "The direction was not a unit vector: divide it by its length before the dot product "
        "with the gradient.",
        "sec-partial-derivatives-common-mistakes",
    ),
    "weight-without-feature": (
        "That is the partial derivative by the bias: the one by a weight carries the weight's "
        "feature as its inner derivative.",
        "sec-partial-derivatives-common-mistakes",
    ),
    "power-rule-exponential": (
        "The power rule applied to a variable exponent: it holds only for a constant "
        "exponent; take logarithms first.",
        "sec-logarithmic-differentiation",
    ),
    "value-not-derivative": (
        "That is the value of the function at the point, not its derivative (the slope).",
        "sec-intuition-tangent",
    ),
    "sigmoid-not-derivative": (
        "That is the sigmoid itself at the peak, not its derivative there.",
        "sec-intuition-activations",
    ),
}


class AnswerBoxNode(nodes.General, nodes.Element):
    """A box: its attributes hold the glue key, the prompt and the JSON data."""


class AnswerHintNode(nodes.General, nodes.Element):
    """The hint for one mistake, hidden until the box recognises it."""


def box_problems(data: dict[str, Any], variables: list[str], mistakes: list[str]) -> list[str]:
    """What is wrong with a box's options for its glued data (an empty list when nothing).

    >>> data = {"variables": ["x"], "points": [[0.4]], "values": [0.8], "mistakes": {}}
    >>> box_problems(data, ["x"], [])
    []
    >>> box_problems(data, ["y"], ["chain-rule"])  # doctest: +NORMALIZE_WHITESPACE
    [":var: says ['y'] but the checked answer's variables are ['x']",
     "the mistake 'chain-rule' has no values in the glued data"]
    """
    problems = []
    for key in ("variables", "points", "values", "mistakes"):
        if key not in data:
            return [
                f"the glued data has no {key!r}: glue it with calcnotes.interactive.glue_answer"
            ]
    if variables and variables != data["variables"]:
        problems.append(
            f":var: says {variables} but the checked answer's variables are {data['variables']}"
        )
    for name in mistakes:
        if name not in MISTAKES:
            problems.append(f"unknown mistake {name!r}; known: {', '.join(sorted(MISTAKES))}")
        elif name not in data["mistakes"]:
            problems.append(f"the mistake {name!r} has no values in the glued data")
    for name in data["mistakes"]:
        if name not in mistakes:
            problems.append(f"the glued mistake {name!r} is not listed in :mistakes:")
    return problems


def _names(argument: str | None) -> list[str]:
    return [part.strip() for part in (argument or "").split(",") if part.strip()]


class AnswerBox(SphinxDirective):
    """``{answer-box} <glue key>`` with ``:prompt:``, ``:var:`` and ``:mistakes:``."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "prompt": directives.unchanged,
        "var": directives.unchanged,
        "mistakes": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from myst_nb.ext.glue.utils import retrieve_glue_data

        from calcnotes.interactive import MIME_TYPE

        key = self.arguments[0]
        try:
            output = retrieve_glue_data(self.state.document, key)
        except Exception as error:  # noqa: BLE001 (myst-nb's RetrievalError, or no notebook)
            raise self.error(f"answer-box {key}: {error}") from None
        try:
            data = json.loads(output.data[MIME_TYPE])
        except (KeyError, TypeError, ValueError):
            data = None
        if not isinstance(data, dict):
            raise self.error(
                f"answer-box {key}: the glue entry is not JSON; glue it with "
                "calcnotes.interactive.glue_answer"
            )
        mistakes = _names(self.options.get("mistakes"))
        problems = box_problems(data, _names(self.options.get("var")), mistakes)
        if problems:
            raise self.error(f"answer-box {key}: " + "; ".join(problems))
        box = AnswerBoxNode(
            key=key,
            serial=self.env.new_serialno("answer-box"),
            prompt=self.options.get("prompt", "Your answer:"),
            variables=data["variables"],
            data=json.dumps(data, separators=(",", ":")),
        )
        self.set_source_info(box)
        for name in mistakes:
            text, label = MISTAKES[name]
            hint = AnswerHintNode(mistake=name)
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text="Common mistake. ")
            paragraph += nodes.Text(text + " See ")
            ref = addnodes.pending_xref(
                "", nodes.inline(), refdomain="std", reftype="ref", reftarget=label,
                refexplicit=False, refwarn=True, refdoc=self.env.docname,
            )  # fmt: skip
            paragraph += ref
            paragraph += nodes.Text(".")
            hint += paragraph
            box += hint
        return [box]


def _example(variables: list[str]) -> str:
    if not variables:
        return "a number or an exact value, such as -1/4, 0.0770 or sin(2) + 2cos(2)"
    v = variables[0]
    return f"such as 3{v}^2 + 2, 30{v}(3{v}^2+1)^4, sin({v})/{v} or e^{v}*ln({v})"


def visit_answer_box(self: SphinxTranslator, node: AnswerBoxNode) -> None:
    ident = f"answer-box-{node['serial']}"
    data = node["data"].replace("</", "<\\/")
    variables = ", ".join(node["variables"]) or "no variable"
    self.body.append(
        f'<div class="answer-box" id="{ident}" hidden data-key="{html.escape(node["key"])}">'
        f'<script type="application/json" class="answer-box-data">{data}</script>'
        f'<label class="answer-box-label" for="{ident}-input">{html.escape(node["prompt"])}</label>'
        '<div class="answer-box-row">'
        f'<input id="{ident}-input" type="text" autocomplete="off" autocapitalize="off" '
        f'spellcheck="false" aria-describedby="{ident}-help">'
        '<button type="button" class="answer-box-check">Check</button></div>'
        '<div class="answer-box-preview" aria-hidden="true"></div>'
        f'<p class="answer-box-help" id="{ident}-help">Type an answer in {html.escape(variables)}, '
        f"{html.escape(_example(node['variables']))}; press Enter or Check.</p>"
        '<p class="answer-box-feedback" role="status" aria-live="polite"></p>'
        '<div class="answer-box-hints" hidden>'
    )


def depart_answer_box(self: SphinxTranslator, node: AnswerBoxNode) -> None:
    self.body.append("</div></div>\n")


def visit_answer_hint(self: SphinxTranslator, node: AnswerHintNode) -> None:
    self.body.append(f'<div data-mistake="{html.escape(node["mistake"])}">')


def depart_answer_hint(self: SphinxTranslator, node: AnswerHintNode) -> None:
    self.body.append("</div>")


def skip(self: SphinxTranslator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _node_binary() -> str:
    from katex_assets import _node_binary as shipped

    return shipped()


def build_mathjs_bundle(target: Path, cache: Path) -> Path:
    """Bundle the mathjs subset into ``target`` (reusing the cached build of the same inputs)."""
    lock = ROOT / "package-lock.json"
    digest = hashlib.sha256(ENTRY.read_bytes() + lock.read_bytes()).hexdigest()[:16]
    cached = cache / f"calcnotes-mathjs-{digest}.js"
    if not cached.is_file():
        if not (ROOT / "node_modules" / "esbuild").is_dir():
            raise ExtensionError("esbuild not found in node_modules; run `npm ci` (make does)")
        cache.mkdir(parents=True, exist_ok=True)
        script = (
            "require('esbuild').buildSync({entryPoints: [process.argv[1]], bundle: true,"
            " minify: true, format: 'iife', target: 'es2020', legalComments: 'none',"
            " outfile: process.argv[2]})"
        )
        done = subprocess.run(
            [_node_binary(), "-e", script, str(ENTRY), str(cached)],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not cached.is_file():
            raise ExtensionError(f"bundling mathjs failed:\n{done.stderr[-2000:]}")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cached, target)
    return target


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    build_mathjs_bundle(static / BUNDLE, Path(app.doctreedir).parent / "interactive")
    katex_js = Path(app.config.katex_dist_dir) / "katex.min.js"
    (static / "katex").mkdir(parents=True, exist_ok=True)
    shutil.copy2(katex_js, static / "katex" / "katex.min.js")


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if doctree is None or not any(True for _ in doctree.findall(AnswerBoxNode)):
        return
    app.add_css_file("calcnotes-interactive.css")
    app.add_js_file("katex/katex.min.js", loading_method="defer")
    app.add_js_file(BUNDLE, loading_method="defer")
    app.add_js_file("answer-box.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(
        AnswerBoxNode,
        html=(visit_answer_box, depart_answer_box),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(
        AnswerHintNode,
        html=(visit_answer_hint, depart_answer_hint),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("answer-box", AnswerBox)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _copy_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
