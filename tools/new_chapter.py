"""Start a new chapter from the template: ``make chapter NAME=my-topic [TITLE="My topic"]``.

Copies ``book/_templates/chapter.md`` to ``book/<NAME>.md``, filling in the name (used for
labels, glue keys and the file) and the title, and adds the page at the end of the
numbered toctree of ``book/index.md``, so every test and bench that reads the chapter list
sees it at once.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from calcnotes._book import fences

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "book" / "_templates" / "chapter.md"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

__all__ = ["add_to_toctree", "main", "new_chapter"]


def add_to_toctree(index: str, page: str) -> str:
    """The text of ``index.md`` with ``page`` added at the end of its numbered toctree."""
    lines = index.splitlines(keepends=True)
    for fence in fences(index):
        if fence.name == "toctree" and ":numbered:" in fence.body:
            opening = lines[fence.line - 1].rstrip("\n")
            marker = opening[: len(opening) - len(opening.lstrip("`~:"))]
            for number in range(fence.line, len(lines)):
                if lines[number].strip() == marker:
                    return "".join([*lines[:number], f"{page}\n", *lines[number:]])
    raise ValueError("index.md has no numbered toctree to add the chapter to")


def new_chapter(name: str, title: str, book: Path) -> Path:
    """Write ``book/<name>.md`` from the template and list it in ``book/index.md``."""
    if not NAME.match(name):
        raise ValueError(f"a chapter name is kebab-case (letters, digits, dashes): {name!r}")
    target = book / f"{name}.md"
    if target.exists():
        raise FileExistsError(f"{target} exists already")
    text = TEMPLATE.read_text(encoding="utf-8")
    target.write_text(text.replace("@@SLUG@@", name).replace("@@TITLE@@", title), encoding="utf-8")
    index = book / "index.md"
    index.write_text(add_to_toctree(index.read_text(encoding="utf-8"), name), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="kebab-case name of the page, e.g. chain-rule")
    parser.add_argument("--title", help="the chapter's title (default: from the name)")
    parser.add_argument("--book", type=Path, default=ROOT / "book", help="the book's folder")
    args = parser.parse_args(argv)
    title = args.title or args.name.replace("-", " ").capitalize()
    try:
        target = new_chapter(args.name, title, args.book)
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {target.relative_to(args.book.parent)} and added it to the book's toctree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
