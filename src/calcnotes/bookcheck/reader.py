"""Read a MyST notebook page into what the checker needs, in reading order.

The page is parsed with myst-parser's own markdown-it configuration, so a formula is found
exactly where Sphinx will find it: in paragraphs, lists, tables, admonitions, dropdowns,
proofs and figure captions (directive bodies are read recursively), and in ``:alt:`` text.
Code cells are kept as cells; a MyST comment that starts with one of the checker's marker
words (``% unchecked:``, ``% where:``) is kept as a marker.

Examples
--------
>>> from calcnotes.bookcheck.reader import read_page
>>> page = '''# Title
...
... Let $u = 3x^2 + 1$. Then
...
... $$u' = 6x$$
... '''
>>> [(item.kind, item.text, item.line) for item in read_page(page) if item.kind == "math"]
[('math', 'u = 3x^2 + 1', 3), ('math', "u' = 6x", 5)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

__all__ = ["Item", "read_page", "MARKERS"]

#: The comment words the checker reads: ``% unchecked: reason`` exempts the formulas of the
#: next block (or only ``$tex$`` when the comment names one), ``% where: ...`` declares the
#: scope's names.
MARKERS = ("unchecked", "where", "instance")

#: Directives whose body is prose the reader sees (everything else is skipped).
_PROSE_DIRECTIVES = re.compile(
    r"^(admonition|note|tip|hint|important|warning|caution|attention|danger|error|seealso"
    r"|dropdown|figure|glue:figure|epigraph|topic|sidebar|margin|card|grid-item-card|tab-item"
    r"|prf:\w+|exercise|solution|div|table|list-table)$"
)
_CODE_CELL = "{code-cell}"
_MARKER = re.compile(
    r"^\s*(?P<word>unchecked|where|instance)(?:\s+\$(?P<tex>[^$]+)\$)?\s*:\s*(?P<text>.*)$"
)
_GLUE_ROLE = re.compile(r"^glue(:\w+)?$")


@dataclass(frozen=True)
class Item:
    """One thing on the page, in reading order.

    ``kind`` is ``"heading"`` (``level``, ``text``, ``label``), ``"open"`` / ``"close"``
    (a directive body: ``text`` is the directive's name and argument), ``"math"`` (``text``
    the TeX, ``display``), ``"cell"`` (``text`` the source, ``tags``), ``"glue"`` (``text``
    the key, ``tex`` its format), ``"rules"`` (a ``{rules-table}``: ``text`` the rules, ``tags`` the columns)
    or ``"marker"`` (``word``, ``text``, ``tex``, and in ``level`` the line where
    the block it applies to ends); ``"misplaced"`` is a marker written inside a paragraph
    or list, which the comment would split in two.
    """

    kind: str
    line: int
    text: str = ""
    level: int = 0
    display: bool = False
    tags: tuple[str, ...] = ()
    word: str = ""
    tex: str = ""
    label: str = ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    config = MdParserConfig(
        enable_extensions={
            "amsmath",
            "attrs_inline",
            "colon_fence",
            "deflist",
            "dollarmath",
            "substitution",
        },  # fmt: skip
        dmath_double_inline=True,
    )
    return create_md_parser(config, RendererHTML)


def read_page(text: str, first_line: int = 1) -> list[Item]:
    """Everything the checker needs from a page's MyST source, in reading order.

    Parameters
    ----------
    text : str
        The page (or a directive's body).
    first_line : int
        The line number of the text's first line in its file.

    Returns
    -------
    list[Item]
        Headings, directive bodies opening and closing, formulas, code cells, glue
        references and markers, each with its line in the file.
    """
    items: list[Item] = []
    lines = text.split("\n")
    label = ""
    for token in _parser().parse(text):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "myst_target":
            label = token.content
        elif token.type == "heading_open":
            items.append(Item("heading", line, level=int(token.tag[1:]), label=label))
            label = ""
        elif token.type == "inline":
            items.extend(_inline_items(token, line))
        elif token.type in ("math_block", "math_block_label", "amsmath"):
            items.append(Item("math", line + 0, text=token.content.strip(), display=True))
        elif token.type == "myst_line_comment":
            items.extend(_marker(token.content, line, lines, first_line))
        elif token.type in ("fence", "colon_fence"):
            items.extend(_directive(token, line))
    return items


#: Lines a marker may follow directly without splitting a block: a heading, a label, a
#: directive's opening line or option, another comment.
_BLOCK_START = re.compile(r"^\s*(#|\(.*\)=\s*$|`{3,}|:{3,}|~{3,}|:\w[\w-]*:|%)")


def _marker(content: str, line: int, lines: list[str], first_line: int) -> list[Item]:
    out = []
    comments = content.splitlines()
    index = line - first_line - 1  # the line above the comment
    inside = (
        0 <= index < len(lines) and lines[index].strip() and not _BLOCK_START.match(lines[index])
    )
    if inside and any(_MARKER.match(comment) for comment in comments):
        out.append(Item("misplaced", line, text=comments[0].strip()))
    end = _block_end(lines, line - first_line + len(comments)) + first_line
    for offset, comment in enumerate(comments):
        match = _MARKER.match(comment)
        if match:
            out.append(
                Item("marker", line + offset, word=match["word"], text=match["text"].strip(),
                     tex=(match["tex"] or "").strip(), level=end)
            )  # fmt: skip
    return out


def _block_end(lines: list[str], start: int) -> int:
    """The index of the line after the block that starts at or after ``start``."""
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        return start
    fence = re.match(r"^\s*(`{3,}|:{3,}|~{3,})", lines[start])
    index = start + 1
    while index < len(lines):
        if fence and lines[index].strip() == fence.group(1):
            return index + 1
        if not fence and not lines[index].strip():
            return index
        index += 1
    return index


def _inline_items(token: Token, line: int) -> list[Item]:
    """The formulas and glue references of one inline run, each on its own line."""
    out = []
    content = token.content
    position = 0
    for child in token.children or []:
        if child.type in ("math_inline", "math_inline_double"):
            found = content.find(child.content, position)
            if found >= 0:
                position = found + len(child.content)
            offset = content.count("\n", 0, max(found, 0))
            out.append(Item("math", line + offset, text=child.content.strip(),
                            display=child.type == "math_inline_double"))  # fmt: skip
        elif child.type == "myst_role" and _GLUE_ROLE.match(child.meta.get("name", "")):
            found = content.find(child.content, position)
            offset = content.count("\n", 0, max(found, 0))
            key, _, spec = child.content.partition(":")
            out.append(Item("glue", line + offset, text=key.strip(), word=child.meta["name"],
                            tex=spec.strip()))  # fmt: skip
    return out


def _split_options(body: str) -> tuple[dict[str, str], str, int]:
    """A directive body's options (``:key: value`` lines or a ``---`` block) and the rest."""
    lines = body.split("\n")
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
        options = {str(k): str(v) for k, v in loaded.items()}
        return options, "\n".join(lines[end + 1 :]), end + 1
    start = 0
    while start < len(lines) and lines[start].startswith(":"):
        key, _, value = lines[start][1:].partition(":")
        options[key.strip()] = value.strip()
        start += 1
    return options, "\n".join(lines[start:]), start


def _directive(token: Token, line: int) -> list[Item]:
    info = token.info.strip()
    if info.startswith(_CODE_CELL):
        options, source, skipped = _split_options(token.content)
        tags = tuple(re.findall(r"[\w-]+", options.get("tags", "")))
        language = info[len(_CODE_CELL) :].strip()
        return [Item("cell", line + 1 + skipped, text=source, tags=tags, label=language)]
    match = re.match(r"^\{(?P<name>[\w:-]+)\}\s*(?P<argument>.*)$", info)
    if not match:
        return []  # a plain code block: not prose
    name, argument = match["name"], match["argument"]
    if name == "math":
        options, body, skipped = _split_options(token.content)
        return [Item("math", line + 1 + skipped, text=body.strip(), display=True)]
    if name.startswith("glue"):
        return [Item("glue", line, text=argument.strip(), word=name)]
    if name == "rules-table":
        options, _, _ = _split_options(token.content)
        columns = tuple(
            c.strip() for c in options.get("columns", "name, formula, example").split(",")
        )
        return [Item("rules", line, text=options.get("rules", ""), tags=columns)]
    if not _PROSE_DIRECTIVES.match(name):
        return []
    options, body, skipped = _split_options(token.content)
    out = [Item("open", line, text=f"{name} {argument}".strip())]
    out.extend(_inline_text(argument, line))
    alt_line = (
        line
        + 1
        + next(
            (i for i, text in enumerate(token.content.split("\n")) if text.startswith(":alt:")), 0
        )
    )
    out.extend(_inline_text(options.get("alt", ""), alt_line))
    out.extend(read_page(body, line + 1 + skipped))
    out.append(Item("close", line + body.count("\n") + 1 + skipped, text=name))
    return out


def _inline_text(text: str, line: int) -> list[Item]:
    """Formulas in a one-line text such as a directive's title or an ``:alt:`` option."""
    if "$" not in text:
        return []
    return [item for item in read_page(text, line) if item.kind in ("math", "glue")]
