"""How long the book takes to build and test, on the current book and on a ten-chapter one.

Run it with ``python -m bench.build`` from the repository root after ``make setup`` (the
toolchain must be installed; nothing is downloaded). For each book it measures, in a
temporary copy of the repository (so the working tree and its ``_build`` are untouched):

* **cold** ``make html``: no build directory and no execution cache;
* **no-op** ``make html``: nothing changed; it also counts the HTML pages rewritten, which
  must be none;
* **one-page edit**: a sentence and a code cell added to one chapter, then ``make html``;
* ``make test`` (only with ``--test``, as it takes minutes): lint, the build, the suite.

The *ten-chapter* book is the current book with its chapters copied under other names until
the numbered toctree holds ten chapter-sized pages. Nothing is asserted; the targets, on a
2-core machine, are cold <= 180 s, no-op <= 3 s rewriting no page, one-page edit <= 20 s and
``make test`` <= 600 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from calcnotes._book import chapters, pages
from tools.new_chapter import add_to_toctree

__all__ = ["Figures", "main", "measure", "ten_chapter_book"]

ROOT = Path(__file__).resolve().parent.parent
COPIED = [
    "Makefile", "pyproject.toml", "requirements.lock", "package.json", "package-lock.json",
    "conf.py", "conftest.py", "README.md", "CONTRIBUTING.md", ".pre-commit-config.yaml",
    ".gitignore", ".github", ".ci", "book", "src", "_ext", "tests", "tools", "bench",
]  # fmt: skip
TARGETS = {"cold": 180.0, "no-op": 3.0, "edit": 20.0, "test": 600.0}


@dataclass
class Figures:
    """The measured seconds (and rewritten pages) of one book."""

    book: str
    chapters: int
    cold: float = 0.0
    noop: float = 0.0
    noop_rewritten: int = 0  # pages of the book's sources
    noop_generated: tuple[str, ...] = ()  # pages Sphinx writes every time (search, ...)
    edit: float = 0.0
    test: float | None = None


def _copy_repository(target: Path) -> None:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("_build", "__pycache__")
            )
        else:
            shutil.copy2(source, target / name)
    # The installed toolchain is reused, not reinstalled: link it and mark it current.
    (target / ".venv").symlink_to(ROOT / ".venv")
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def ten_chapter_book(book: Path, total: int = 10) -> list[str]:
    """Copy chapters of ``book`` until its numbered toctree holds ``total`` chapter pages.

    A chapter page is a page of the numbered toctree other than a part's short ``index``.
    Each copy sits beside its original (so relative paths still work) and gets its own
    labels and glue keys (a suffix), so the book still builds strictly. Returns the names
    of the new pages.
    """
    originals = [page for page in chapters(book) if not page.endswith("index")]
    index = book / "index.md"
    added: list[str] = []
    while len(originals) + len(added) < total:
        page = originals[len(added) % len(originals)]
        suffix = f"copy{len(added) + 1}"
        name = f"{page}-{suffix}"
        text = _relabel((book / f"{page}.md").read_text(encoding="utf-8"), suffix)
        text = text.replace(f'Ledger("book/{page}.md")', f'Ledger("book/{name}.md")')
        (book / f"{name}.md").write_text(text, encoding="utf-8")
        index.write_text(add_to_toctree(index.read_text(encoding="utf-8"), name), encoding="utf-8")
        added.append(name)
    return added


def _relabel(text: str, suffix: str) -> str:
    """Give a copied page's labels and glue keys a suffix, where defined and where used."""
    defined = set(re.findall(r"^\(([\w-]+)\)=", text, re.MULTILINE))
    defined |= set(re.findall(r"^\s*:?(?:label|name):\s*([\w-]+)\s*$", text, re.MULTILINE))
    defined |= set(re.findall(r"\$\$\s*\(([\w-]+)\)", text))
    defined |= set(re.findall(r"""glue\(\s*["']([\w-]+)["']""", text))
    defined = {label for label in defined if "-" in label}  # not the kernel's name: python3
    for label in sorted(defined, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-{suffix}", text)
    renamed = {f"{label}-{suffix}" for label in defined}
    # Keys built in code (glue(f"deriv-{key}", ...)) get a prefix, and so do their uses.
    prefixes = tuple(re.findall(r'glue\(f"([\w-]*)\{', text))
    text = re.sub(r'glue\(f"([\w-]*)\{', rf'glue(f"{suffix}-\1{{', text)

    def prefixed(match: re.Match[str]) -> str:
        role, key = match[1], match[2]
        if key in renamed or not prefixes or not key.startswith(prefixes):
            return match[0]
        return f"{role}{suffix}-{key}"

    text = re.sub(r"(\{glue(?::\w+)?\}`)([\w-]+)", prefixed, text)
    return text


def _make(repository: Path, *targets: str) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CALCNOTES_BUILDDIR", "MPLBACKEND"}}
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", *targets],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"make {' '.join(targets)} failed:\n{(done.stdout + done.stderr)[-4000:]}"
        )
    return elapsed, done.stdout + done.stderr


def _page_times(html: Path) -> dict[Path, int]:
    return {page: page.stat().st_mtime_ns for page in html.rglob("*.html")}


def measure(book_name: str, *, ten: bool, with_test: bool) -> Figures:
    """Build the book in a temporary copy of the repository and time each figure."""
    with tempfile.TemporaryDirectory(prefix="calcnotes-bench-") as folder:
        repository = Path(folder)
        _copy_repository(repository)
        if ten:
            ten_chapter_book(repository / "book")
        listed = chapters(repository / "book")
        figures = Figures(book_name, sum(1 for page in listed if not page.endswith("index")))
        figures.cold, _ = _make(repository, "html")
        html = repository / "_build" / "html"
        before = _page_times(html)
        figures.noop, _ = _make(repository, "html")
        after = _page_times(html)
        sources = {html / f"{page}.html" for page in pages(repository / "book")}
        rewritten = [page for page, mtime in after.items() if before.get(page) != mtime]
        figures.noop_rewritten = sum(1 for page in rewritten if page in sources)
        figures.noop_generated = tuple(
            sorted(page.relative_to(html).as_posix() for page in rewritten if page not in sources)
        )
        edited = repository / "book" / f"{chapters(repository / 'book')[0]}.md"
        edited.write_text(
            edited.read_text(encoding="utf-8")
            + "\n\nOne more sentence.\n\n```{code-cell} python\nprint(2 + 2)\n```\n",
            encoding="utf-8",
        )
        figures.edit, _ = _make(repository, "html")
        if with_test:
            figures.test, _ = _make(repository, "test")
    return figures


def _row(name: str, seconds: float | None, target: float, extra: str = "") -> str:
    if seconds is None:
        return f"  {name:<16} {'not run':>9}   (target <= {target:.0f} s)"
    verdict = "ok" if seconds <= target else "OVER"
    return f"  {name:<16} {seconds:8.1f} s  (target <= {target:.0f} s, {verdict}){extra}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Time the book's build and tests.")
    parser.add_argument("--test", action="store_true", help="also time `make test` (minutes)")
    parser.add_argument("--only", choices=["current", "ten"], help="measure one book only")
    args = parser.parse_args(argv)
    books = [("current", False), ("ten chapters", True)]
    if args.only:
        books = [books[0] if args.only == "current" else books[1]]
    print(f"calcnotes build bench on {os.cpu_count()} cores")
    for name, ten in books:
        figures = measure(name, ten=ten, with_test=args.test)
        print(f"{figures.book} book ({figures.chapters} chapter pages, besides part indexes):")
        print(_row("cold make html", figures.cold, TARGETS["cold"]))
        rewritten = f", {figures.noop_rewritten} book pages rewritten"
        if figures.noop_generated:
            rewritten += f" (Sphinx regenerates {', '.join(figures.noop_generated)})"
        print(_row("no-op make html", figures.noop, TARGETS["no-op"], rewritten))
        print(_row("one-page edit", figures.edit, TARGETS["edit"]))
        print(_row("make test", figures.test, TARGETS["test"]))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
