"""Offer every chapter as a Jupyter notebook and as its MyST source.

A *chapter* is a page of the book's numbered toctree. After an HTML build, each chapter's
MyST source is converted with jupytext into ``downloads/<page>.ipynb`` (and copied to
``downloads/<page>.md``), and a "Download this chapter" line is added under its title.

The notebook is written for a reader's plain Jupyter kernel with only ``calcnotes``
installed:

* the book's hidden self-check cells (tagged ``remove-cell``) are left out; they use
  ``myst_nb.glue``, which a reader's kernel need not have;
* the numbers and formulas those cells glued into the prose are written in, taken from the
  build's executed notebook (``jupyter_execute/<page>.glue.json``);
* MyST roles and directives Jupyter cannot show become plain Markdown: cross-references
  become links into the online book, definitions, theorems, exercises and notes become quotes,
  answers (dropdowns, solutions) become ``<details>`` blocks;
* a first cell says where the notebook comes from and what was left out.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
from sphinx.application import Sphinx
from sphinx.util import logging

__all__ = ["Reference", "chapters", "myst_to_notebook", "setup"]

logger = logging.getLogger(__name__)

DOWNLOAD_DIR = "downloads"
DROPPED_TAG = "remove-cell"

# (url, title) of a label, or None when the label is unknown.
Reference = Callable[[str], "tuple[str, str] | None"]

ROLE = re.compile(r"\{(?P<name>[a-z][\w:-]*)\}`(?P<text>[^`]*)`")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$")
TARGET = re.compile(r"^\(([\w-]+)\)=\s*$")
EQUATION_LABEL = re.compile(r"^\$\$\s*\(([\w-]+)\)\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")

FOLDED = {"dropdown", "solution"}  # answers stay hidden until the reader opens them
QUOTED = {"exercise", "admonition", "note", "tip", "warning", "important", "card"}
PROOF_TITLES = {
    "prf:definition": "Definition",
    "prf:theorem": "Theorem",
    "prf:corollary": "Corollary",
    "prf:lemma": "Lemma",
    "prf:example": "Example",
    "prf:proof": "Proof",
}


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


# -- Markdown conversion ------------------------------------------------------


class _Converter:
    def __init__(self, glue: dict[str, dict], reference: Reference) -> None:
        self.glue = glue
        self.reference = reference

    def _glued(self, key: str) -> dict[str, str]:
        return self.glue.get(key, {}).get("data", {})

    def role(self, match: re.Match[str]) -> str:
        name, text = match["name"], match["text"]
        if name in {"glue", "glue:any", "glue:text", "glue:md"}:
            key, _, spec = text.partition(":")
            if key not in self.glue:
                return f"`{key}`"
            if name == "glue:text":
                return _glue_text(self._glued(key), spec)
            return _glue_markdown(self._glued(key))
        if name == "math":
            return f"${text}$"
        if name in {"ref", "prf:ref", "numref", "eq", "doc", "any", "download"}:
            explicit = EXPLICIT_TITLE.match(text)
            title, target = (explicit["title"], explicit["target"]) if explicit else (None, text)
            found = self.reference(target.strip())
            if found is None:
                return title or f"`{target}`"
            url, default_title = found
            label = title or default_title
            if name == "eq" and not title:
                label = f"equation ({default_title})"
            return f"[{label}]({url})"
        return text

    def inline(self, text: str) -> str:
        return ROLE.sub(self.role, text)

    def lines(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if TARGET.match(line):
                i += 1
                continue
            if EQUATION_LABEL.match(line):
                out.append("$$")
                i += 1
                continue
            opening = FENCE.match(line)
            if opening:
                end = i + 1
                while end < len(lines) and lines[end].rstrip() != opening["fence"]:
                    end += 1
                body = lines[i + 1 : end]
                out += self.directive(opening["name"], opening["argument"].strip(), body)
                i = end + 1
                continue
            out.append(self.inline(line))
            i += 1
        return out

    def directive(self, name: str, argument: str, body: list[str]) -> list[str]:
        options: dict[str, str] = {}
        while body and OPTION.match(body[0]):
            option = OPTION.match(body[0])
            assert option is not None
            options[option["key"]] = option["value"]
            body = body[1:]
        content = self.lines(body)
        while content and not content[0].strip():
            content = content[1:]
        if name in {"glue", "glue:any", "glue:md"}:
            return [_glue_markdown(self._glued(argument))]
        if name == "glue:math":
            return ["$$", _latex_body(self._glued(argument).get("text/latex", "")), "$$"]
        if name == "glue:figure":
            caption = " ".join(line.strip() for line in content if line.strip())
            return [f"*Figure (shown in the online book): {caption}*"]
        if name == "toctree":
            return []
        if name in PROOF_TITLES or name in QUOTED:
            kind = PROOF_TITLES.get(name) or name.capitalize()
            if name in PROOF_TITLES or name == "exercise":
                heading = kind + (f" ({self.inline(argument)})" if argument else "")
            else:
                heading = self.inline(argument) or kind
            return [f"> **{heading}.**", ">"] + [f"> {line}".rstrip() for line in content] + [""]
        if name in FOLDED:
            title = self.inline(argument) or name.capitalize()
            if name == "solution":
                title = "Solution"
            return ["<details>", f"<summary>{title}</summary>", "", *content, "", "</details>", ""]
        fence = "```"
        return [f"{fence}{name}", *body, fence]


# -- Notebook -----------------------------------------------------------------


def myst_to_notebook(
    source: str,
    *,
    glue: dict[str, dict] | None = None,
    reference: Reference | None = None,
    preface: str = "",
) -> nbformat.NotebookNode:
    """Convert a MyST notebook page into a notebook a plain Jupyter kernel can run.

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
        The notebook, with no ``remove-cell`` cells, no outputs, and the python3 kernel.

    Examples
    --------
    >>> page = "# T\\n\\nSee {ref}`x`.\\n\\n```{code-cell} python\\nprint(1)\\n```\\n"
    >>> nb = myst_to_notebook(page, reference=lambda label: ("https://e.org/#x", "X"))
    >>> [cell.cell_type for cell in nb.cells]
    ['markdown', 'code']
    >>> nb.cells[0].source
    '# T\\n\\nSee [X](https://e.org/#x).'
    """
    converter = _Converter(glue or {}, reference or (lambda label: None))
    notebook = jupytext.reads(source, fmt="md:myst")
    cells = []
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if DROPPED_TAG in tags:
            continue
        if cell.cell_type == "markdown":
            text = "\n".join(converter.lines(cell.source.splitlines())).strip()
            text = re.sub(r"\n{3,}", "\n\n", text)
            if not text:
                continue
            cell.source = text
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


# -- Sphinx -------------------------------------------------------------------


def chapters(app: Sphinx) -> list[str]:
    """The pages of the book's numbered toctree, in reading order."""
    numbered = app.env.toc_secnumbers
    ordered = [app.config.root_doc, *app.env.toctree_includes.get(app.config.root_doc, [])]
    seen: list[str] = []

    def walk(doc: str) -> None:
        if doc in seen:
            return
        seen.append(doc)
        for child in app.env.toctree_includes.get(doc, []):
            walk(child)

    for doc in ordered:
        walk(doc)
    return [doc for doc in seen if numbered.get(doc)]


def _site_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or ""
    return base if base.endswith("/") or not base else base + "/"


def _reference(app: Sphinx) -> Reference:
    base = _site_url(app)
    std = app.env.get_domain("std")
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
        "cross-references link to the online book."
    )


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    executed = Path(app.outdir).parent / "jupyter_execute"
    reference = _reference(app)
    for doc in chapters(app):
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
    app.connect("build-finished", _write_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
