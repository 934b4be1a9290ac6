"""Reading the book's pages: the one reader shared by the build, the tests and the benches.

Not part of the public API (a reader of the book never needs it). A page of ``book/`` is a
MyST notebook; jupytext reads it into cells with their tags and options, exactly as the
notebooks a reader downloads are built. Markdown is read with markdown-it (the parser
MyST itself uses), so fenced blocks and toctrees are found as tokens, not by regular
expressions. jupytext and markdown-it come with the ``docs`` dependencies; they are imported
when first used, so ``import calcnotes`` does not need them.

Examples
--------
>>> from calcnotes._book import read_text, is_hidden
>>> page = "# T\\n\\n```{code-cell} python\\n:tags: [remove-cell]\\nx = 1\\n```\\n"
>>> cells = read_text(page).cells
>>> [(cell.cell_type, is_hidden(cell)) for cell in cells]
[('markdown', False), ('code', True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "HIDDEN_TAG",
    "Fence",
    "chapters",
    "code_cells",
    "fences",
    "is_hidden",
    "pages",
    "read_page",
    "read_text",
    "toctrees",
]

#: The tag of the book's hidden check cells: run during the build, never shown.
HIDDEN_TAG = "remove-cell"


def read_text(text: str) -> Any:
    """Read the MyST text of a page into an ``nbformat`` notebook (jupytext's ``md:myst``).

    Examples
    --------
    >>> from calcnotes._book import read_text
    >>> notebook = read_text("# Title\\n\\n```{code-cell} python\\nprint(2)\\n```\\n")
    >>> [cell.source for cell in notebook.cells]
    ['# Title', 'print(2)']
    """
    import jupytext

    return jupytext.reads(text, fmt="md:myst")


def read_page(path: Path | str) -> Any:
    """Read the page at ``path`` (see :func:`read_text`)."""
    return read_text(Path(path).read_text(encoding="utf-8"))


def is_hidden(cell: Any) -> bool:
    """Whether ``cell`` is one of the book's hidden cells (tagged ``remove-cell``)."""
    return HIDDEN_TAG in cell.get("metadata", {}).get("tags", [])


def code_cells(notebook: Any, *, hidden: bool | None = None) -> list[Any]:
    """The code cells of ``notebook``: all of them, or only the hidden (or shown) ones.

    Examples
    --------
    >>> from calcnotes._book import code_cells, read_text
    >>> page = "```{code-cell} python\\n:tags: [remove-cell]\\ncheck = 1\\n```\\n"
    >>> page += "```{code-cell} python\\nshown = 2\\n```\\n"
    >>> [cell.source for cell in code_cells(read_text(page), hidden=False)]
    ['shown = 2']
    """
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if hidden is None:
        return cells
    return [cell for cell in cells if is_hidden(cell) == hidden]


@dataclass(frozen=True)
class Fence:
    """A fenced block of a page: its info string (``{code-cell} python``), body and line."""

    info: str
    body: str
    line: int

    @property
    def name(self) -> str:
        """The first word of the info string, without a directive's braces."""
        words = self.info.split()
        return words[0].strip("{}") if words else ""

    @property
    def is_directive(self) -> bool:
        """Whether this is a MyST directive (``{name}``) rather than a code block."""
        return self.info.startswith("{")


def fences(text: str, *, first_line: int = 1) -> list[Fence]:
    """Every fenced block of MyST text, including those nested in directives, in order.

    Backtick and tilde fences are read with markdown-it; a directive's body is read again,
    since cells and blocks may sit inside a note or a dropdown.

    Examples
    --------
    >>> from calcnotes._book import fences
    >>> page = "````{note}\\n```{code-cell} python\\nx = 1\\n```\\n````\\n\\n```text\\nhi\\n```\\n"
    >>> [(fence.info, fence.line) for fence in fences(page)]
    [('{note}', 1), ('{code-cell} python', 2), ('text', 7)]
    """
    from markdown_it import MarkdownIt

    found: list[Fence] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "fence" or token.map is None:
            continue
        line = first_line + token.map[0]
        fence = Fence(token.info.strip(), token.content, line)
        found.append(fence)
        if fence.is_directive and fence.name not in {"code-cell", "code-block", "code"}:
            found += fences(token.content, first_line=line + 1)
    return found


def toctrees(text: str) -> list[tuple[dict[str, str], list[str]]]:
    """The toctrees of a page: each as (options, entries), entries as written.

    Examples
    --------
    >>> from calcnotes._book import toctrees
    >>> toctrees("```{toctree}\\n:numbered: 3\\n\\nintro\\nThe rules <rules/index>\\n```\\n")
    [({'numbered': '3'}, ['intro', 'rules/index'])]
    """
    found = []
    for fence in fences(text):
        if fence.name != "toctree":
            continue
        options: dict[str, str] = {}
        entries: list[str] = []
        for raw in fence.body.splitlines():
            line = raw.strip()
            if line.startswith(":") and not entries:
                key, _, value = line[1:].partition(":")
                options[key] = value.strip()
            elif line:
                entries.append(line[line.index("<") + 1 : -1] if line.endswith(">") else line)
        found.append((options, entries))
    return found


def _walk(book: Path, doc: str, numbered_only: bool, seen: list[str]) -> None:
    path = book / f"{doc}.md"
    if not path.is_file():
        return
    folder = doc.rsplit("/", 1)[0] + "/" if "/" in doc else ""
    for options, entries in toctrees(path.read_text(encoding="utf-8")):
        if numbered_only and doc == "index" and "numbered" not in options:
            continue
        for entry in entries:
            child = entry.removeprefix("/") if entry.startswith("/") else folder + entry
            if child not in seen:
                seen.append(child)
                _walk(book, child, numbered_only, seen)


def chapters(book: Path | str) -> list[str]:
    """The pages of the book's numbered toctree, in reading order (``derivatives/index``).

    The list is read from the toctrees of ``index.md`` and of the pages it includes, so a
    chapter added there is seen by every test and bench.
    """
    seen: list[str] = []
    _walk(Path(book), "index", True, seen)
    return seen


def pages(book: Path | str) -> list[str]:
    """Every page of the book in reading order, from ``index`` through all its toctrees."""
    seen = ["index"]
    _walk(Path(book), "index", False, seen)
    return seen
