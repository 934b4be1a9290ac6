"""Offer every chapter as a Jupyter notebook and as its MyST source.

A *chapter* is a page of the book's numbered toctree. After an HTML build, each chapter's
MyST source is read with the book's one notebook reader (:mod:`calcnotes._book`, jupytext's
``md:myst``) into ``downloads/<page>.ipynb`` (and copied to ``downloads/<page>.md``), and a
"Download this chapter" line is added under its title.

The notebook is written for a reader's plain Jupyter kernel with only ``calcnotes``
installed:

* the book's hidden self-check cells (tagged ``remove-cell``) are left out; they use
  ``myst_nb.glue``, which a reader's kernel need not have;
* the numbers and formulas those cells glued into the prose are written in, taken from the
  build's executed notebook (``jupyter_execute/<page>.glue.json``), and cross-references,
  which only resolve inside the book, become links into the online book;
* everything else stays MyST Markdown, as jupytext writes it (JupyterLab's MyST extension
  shows directives as the book does; plain Jupyter shows them as fenced blocks);
* a first cell says where the notebook comes from and what was left out.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

from calcnotes._book import chapters as book_chapters
from calcnotes._book import is_hidden, read_text

__all__ = ["Reference", "chapters", "myst_to_notebook", "setup"]

logger = logging.getLogger(__name__)

DOWNLOAD_DIR = "downloads"

# (url, title) of a label, or None when the label is unknown.
Reference = Callable[[str], "tuple[str, str] | None"]

ROLE = re.compile(r"\{(?P<name>glue(?::\w+)?|ref|prf:ref|numref|eq|doc)\}`(?P<text>[^`]*)`")
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")


# -- Glue values --------------------------------------------------------------


def _glue_text(data: dict[str, str], spec: str) -> str:
    text = data.get("text/plain", "")
    if spec:
        try:
            return format(float(text), spec)
        except ValueError:
            return text
    return text


def _glue_markdown(data: dict[str, str]) -> str:
    if "text/markdown" in data:
        return data["text/markdown"].strip()
    if "text/latex" in data:
        return "$" + _latex_body(data["text/latex"]) + "$"
    return data.get("text/plain", "")


def _latex_body(latex: str) -> str:
    body = latex.strip().strip("$").strip()
    return body.removeprefix(r"\displaystyle").strip()


def _roles(glue: dict[str, Any], reference: Reference) -> Callable[[re.Match[str]], str]:
    """Replace a glue role by its value and a cross-reference by a link."""

    def replace(match: re.Match[str]) -> str:
        name, text = match["name"], match["text"]
        if name.startswith("glue"):
            key, _, spec = text.partition(":")
            if key not in glue:
                return f"`{key}`"
            data = glue[key].get("data", {})
            return _glue_text(data, spec) if name == "glue:text" else _glue_markdown(data)
        explicit = EXPLICIT_TITLE.match(text)
        title, target = (explicit["title"], explicit["target"]) if explicit else (None, text)
        found = reference(target.strip())
        if found is None:
            return title or f"`{target}`"
        url, default_title = found
        label = title or (f"equation ({default_title})" if name == "eq" else default_title)
        return f"[{label}]({url})"

    return replace


# -- Notebook -----------------------------------------------------------------


def myst_to_notebook(
    source: str,
    *,
    glue: dict[str, Any] | None = None,
    reference: Reference | None = None,
    preface: str = "",
) -> nbformat.NotebookNode:
    """Build the downloadable notebook of a MyST page, for a plain Jupyter kernel.

    Parameters
    ----------
    source : str
        The page's MyST Markdown text.
    glue : dict, optional
        The page's glue data (key → display output), used to fill in glued values.
    reference : callable, optional
        Maps a label to ``(url, title)`` for cross-references, or returns ``None``.
    preface : str
        Markdown of a first cell, saying where the notebook comes from.

    Returns
    -------
    nbformat.NotebookNode
        The notebook, with no hidden cells, no outputs, and the python3 kernel.

    Examples
    --------
    >>> page = "# T\\n\\nSee {ref}`x`.\\n\\n```{code-cell} python\\nprint(1)\\n```\\n"
    >>> nb = myst_to_notebook(page, reference=lambda label: ("https://e.org/#x", "X"))
    >>> [cell.cell_type for cell in nb.cells]
    ['markdown', 'code']
    >>> nb.cells[0].source
    '# T\\n\\nSee [X](https://e.org/#x).'
    """
    replace = _roles(glue or {}, reference or (lambda label: None))
    notebook = read_text(source)
    cells = []
    for cell in notebook.cells:
        if is_hidden(cell):
            continue
        if cell.cell_type == "markdown":
            # A label line such as ``(sec-rules)=`` means nothing outside the book.
            kept = [line for line in cell.source.splitlines() if not _is_label(line)]
            cell.source = ROLE.sub(replace, "\n".join(kept)).strip()
            if not cell.source:
                continue
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    if preface:
        cells.insert(0, nbformat.v4.new_markdown_cell(preface))
    notebook.cells = cells
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    return notebook


def _is_label(line: str) -> bool:
    line = line.strip()
    return line.startswith("(") and line.endswith(")=") and " " not in line


# -- Sphinx -------------------------------------------------------------------


def chapters(app: Sphinx) -> list[str]:
    """The pages of the book's numbered toctree, in reading order."""
    return book_chapters(Path(app.srcdir))


def _site_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or ""
    return base if base.endswith("/") or not base else base + "/"


def _reference(app: Sphinx) -> Reference:
    base = _site_url(app)
    std = app.env.domains.standard_domain
    labels = std.labels  # label -> (docname, anchor, title)
    anonymous = std.anonlabels  # label -> (docname, anchor)
    equations = app.env.get_domain("math").data.get("objects", {})  # label -> (docname, number)

    def url(doc: str, anchor: str = "") -> str:
        return f"{base}{app.builder.get_target_uri(doc)}" + (f"#{anchor}" if anchor else "")

    def find(label: str) -> tuple[str, str] | None:
        if label in labels:
            doc, anchor, title = labels[label]
            return url(doc, anchor), title
        if label in equations:
            doc, number = equations[label]
            return url(doc, f"equation-{label}"), str(number)
        if label in anonymous:
            doc, anchor = anonymous[label]
            return url(doc, anchor), label
        proof = app.env.get_domain("prf") if "prf" in app.env.domains else None
        for name, _display, _type, doc, anchor, _prio in proof.get_objects() if proof else ():
            if name == label:
                return url(doc, anchor), label.split("-", 1)[-1].replace("-", " ")
        return None

    return find


def _preface(app: Sphinx, doc: str) -> str:
    page = f"{_site_url(app)}{app.builder.get_target_uri(doc)}"
    return (
        f"*This notebook is a chapter of **{app.config.project}**, "
        f"version {app.config.release}; the book is online at <{page}>.* "
        "It runs top to bottom in a fresh Python 3 kernel with the `calcnotes` package "
        "installed (`pip install .` in the book's repository). "
        "The book's hidden self-check cells, which assert every stated result during the "
        "build, are left out; the numbers they computed for the text are written in, and "
        "cross-references link to the online book. The text is MyST Markdown, "
        "as the book is written."
    )


def _note_reads(app: Sphinx, env: object, docnames: list[str]) -> None:
    app.env.calcnotes_docs_read = bool(docnames)  # type: ignore[attr-defined]
    # The toctree changes only with a page read again; the list is kept in the pickled
    # environment, so a build that reads nothing does not parse every page to find it.
    if docnames or not hasattr(app.env, "calcnotes_chapters"):
        app.env.calcnotes_chapters = chapters(app)  # type: ignore[attr-defined]


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    docs = getattr(app.env, "calcnotes_chapters", None) or chapters(app)
    targets = [Path(app.outdir) / DOWNLOAD_DIR / f"{doc}.ipynb" for doc in docs]
    # A notebook links into the whole book, so any page read again may change every one of
    # them; when no page was read and every notebook exists, there is nothing to write.
    if not getattr(app.env, "calcnotes_docs_read", True) and all(t.is_file() for t in targets):
        return
    reference = _reference(app)
    for doc in docs:
        _write_download(app, doc, reference)


def _write_download(app: Sphinx, doc: str, reference: Reference) -> None:
    executed = Path(app.outdir).parent / "jupyter_execute"
    source = Path(app.env.doc2path(doc))
    glue_file = executed / f"{doc}.glue.json"
    glue = json.loads(glue_file.read_text()) if glue_file.is_file() else {}
    notebook = myst_to_notebook(
        source.read_text(encoding="utf-8"),
        glue=glue,
        reference=reference,
        preface=_preface(app, doc),
    )
    target = Path(app.outdir) / DOWNLOAD_DIR / doc
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target.with_suffix(".ipynb"))
    shutil.copyfile(source, target.with_suffix(".md"))


def _download_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name not in {"html", "dirhtml"} or not app.env.toc_secnumbers.get(pagename):
        return
    body = context.get("body")
    if not body or "</h1>" not in body:
        return
    up = "../" * pagename.count("/")
    base = f"{up}{DOWNLOAD_DIR}/{pagename}"
    line = (
        '<p class="calcnotes-downloads">Download this chapter: '
        f'<a href="{base}.ipynb" download>Jupyter notebook (.ipynb)</a> · '
        f'<a href="{base}.md" download>MyST source (.md)</a></p>'
    )
    context["body"] = body.replace("</h1>", "</h1>\n" + line, 1)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _download_links)
    app.connect("env-before-read-docs", _note_reads)
    app.connect("build-finished", _write_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
