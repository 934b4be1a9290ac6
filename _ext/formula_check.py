"""Check every formula a reader sees, page by page, as the book is built.

When Sphinx reads a page, :func:`calcnotes.bookcheck.checker.check_page` reads its MyST
source: definitions bind names, relations are proven, bare formulas are tied to the values
its check cells compute. Each finding is a warning located at the formula's file and line,
so the strict build (``-W``) fails on a wrong formula. Only the pages Sphinx reads again are
checked, so an incremental build checks just what changed, and a page's result is kept in the
execution cache (keyed on the page's text and on the fingerprint of ``src/calcnotes``), so that
another builder of the same sources (``make pdf``'s single page) reuses it instead of checking
the page again; its findings are reported again all the same. What the page's check cells
computed is kept beside it, for the mutation test to check edits of the page without running
them again.

The verification page shows the book's counts with the ``{formula-report}`` directive,
filled in once every page has been read.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import matplotlib
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

__all__ = ["setup"]

logger = logging.getLogger(__name__)


def _reports(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, "calcnotes_formulas"):
        env.calcnotes_formulas = {}  # type: ignore[attr-defined]
    return env.calcnotes_formulas  # type: ignore[attr-defined]


def _cached_report(app: Sphinx, path: Path, page: str) -> dict[str, Any]:
    """The page's report as a dict: from the cache when the page and the package are unchanged."""
    from calcnotes.bookcheck.cells import page_key
    from calcnotes.bookcheck.checker import check_page

    folder = Path(app.config.nb_execution_cache_path) / "formulas"
    store = folder / f"{page_key(path, page)}.json"
    if store.is_file():
        return json.loads(store.read_text(encoding="utf-8"))
    matplotlib.use("Agg")
    text = json.dumps(asdict(check_page(path, page, keep=folder)))
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(text, encoding="utf-8")
    return json.loads(text)  # as a later build reads it back


def _check(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    path = Path(env.doc2path(env.docname))
    if path.suffix != ".md":
        return
    root = Path(app.confdir) if path.is_relative_to(app.confdir) else Path(app.srcdir)
    page = path.relative_to(root).as_posix()
    try:
        summary = _cached_report(app, path, page)
    except Exception as error:  # noqa: BLE001 - a check cell failing is a located error too
        logger.warning("%s", error, location=env.docname, type="calcnotes", subtype="formula")
        return
    for finding in summary.pop("findings"):
        logger.warning(
            "formula %s: %s", " ".join(finding["tex"].split()), finding["message"],
            location=(env.docname, finding["line"]), type="calcnotes", subtype="formula",
        )  # fmt: skip
    summary["exemptions"] = [tuple(e) for e in summary["exemptions"]]
    _reports(env)[env.docname] = summary


def _forget(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _reports(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _reports(env).update({d: r for d, r in _reports(other).items() if d in docnames})


class FormulaReport(nodes.General, nodes.Element):
    """Placeholder for the book's formula counts, filled in after every page is read."""


class FormulaReportDirective(SphinxDirective):
    """``{formula-report}``: the table of formula classes and the list of exemptions."""

    def run(self) -> list[nodes.Node]:
        return [FormulaReport()]


_CLASSES = (
    ("relations", "relations proven (symbolically and at sample points)"),
    ("definitions", "definitions binding a name for their scope"),
    ("tied", "formulas tied to a value the page's checks compute"),
    ("generated", "formulas generated from checked expressions (glued)"),
    ("conditions", "conditions and hypotheses (x > 0, f'(c) = 0) that set a scope's assumptions"),
    ("instances", "statements about an arbitrary function, checked on the example named"),
    ("names", "names and notation (f, x, f'(x))"),
    ("ledger_checks", "Ledger checks in hidden cells"),
)


def _fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(FormulaReport))
    if not placeholders:
        return
    reports = _reports(app.env)
    pages = sorted(
        p for p, r in reports.items() if any(r[key] for key, _ in _CLASSES) or r["exemptions"]
    )
    table = nodes.table(classes=["formula-report"])
    group = nodes.tgroup(cols=2 + len(pages))
    table += group
    for _ in range(2 + len(pages)):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(["", *pages, "book"])
    group += head
    body = nodes.tbody()
    for key, words in _CLASSES:
        values = [reports[p][key] for p in pages]
        body += _row([words, *map(str, values), str(sum(values))])
    exemptions = [(p, line, tex, why) for p in pages for line, tex, why in reports[p]["exemptions"]]
    body += _row(["exempt, each listed below with its reason",
                  *[str(len(reports[p]["exemptions"])) for p in pages], str(len(exemptions))])  # fmt: skip
    group += body
    listing = nodes.bullet_list()
    for page, line, tex, why in exemptions:
        item = nodes.list_item()
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(f"{page}.md, line {line}: ")
        paragraph += nodes.math(tex, tex)
        paragraph += nodes.Text(f" — {why}")
        item += paragraph
        listing += item
    for placeholder in placeholders:
        content: list[nodes.Node] = [table]
        if exemptions:
            content.append(listing)
        placeholder.replace_self(content)


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    return row


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(FormulaReport)
    app.add_directive("formula-report", FormulaReportDirective)
    app.connect("doctree-read", _check)
    app.connect("env-purge-doc", _forget)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _fill)
    return {
        "version": "1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
