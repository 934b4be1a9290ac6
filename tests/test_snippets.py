"""No snippet escapes Sybil: every code cell and Python block in the book is collected.

The count of code fences comes from the book's own reader (markdown-it, through
``calcnotes._book``), independent of Sybil's lexers, and is compared with what pytest
actually collects; jupytext's count of code cells must agree with it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from site_build import ROOT

from calcnotes._book import code_cells, fences, read_page

BOOK = ROOT / "book"
PYTHON_WORDS = {"python", "py", "python3", "ipython", "ipython3", "pycon"}
CELL_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode"}


def code_fences(text: str) -> list[tuple[int, str]]:
    """(line, info) of every code cell and Python code block, nested ones included.

    Read with the book's one reader (:func:`calcnotes._book.fences`, markdown-it), which
    is independent of Sybil's lexers.
    """
    return [
        (fence.line, fence.info)
        for fence in fences(text)
        if fence.name in CELL_DIRECTIVES or (not fence.is_directive and fence.name in PYTHON_WORDS)
    ]


def collected_by_pytest(paths: list[Path]) -> Counter[str]:
    """How many items pytest collects from each file."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    counts: Counter[str] = Counter()
    for line in done.stdout.splitlines():
        if "::" in line:
            counts[line.split("::", 1)[0]] += 1
    return counts


def test_the_fence_reader_sees_cells_blocks_and_nested_cells() -> None:
    text = "\n".join([
        "```{code-cell} python", "x = 1", "```",
        "```python", "y = 2", "```",
        "````{note}", "```{code-cell} ipython3", "z = 3", "```", "````",
        "```{tip}", "Some *Markdown*.", "```",
        "```{code-cell} python", "w = 4", "```",
        "```text", "```python inside a text block is not code", "```",
    ])  # fmt: skip
    assert [info for _, info in code_fences(text)] == [
        "{code-cell} python",
        "python",
        "{code-cell} ipython3",
        "{code-cell} python",
    ]


def test_markdown_it_and_jupytext_agree_on_the_code_cells() -> None:
    for page in sorted(BOOK.rglob("*.md")):
        cells = [
            info for _, info in code_fences(page.read_text()) if info.startswith("{code-cell}")
        ]
        assert len(cells) == len(code_cells(read_page(page))), page


def test_every_code_fence_in_the_book_is_collected() -> None:
    pages = sorted(BOOK.rglob("*.md"))
    expected = {str(page.relative_to(ROOT)): len(code_fences(page.read_text())) for page in pages}
    collected = collected_by_pytest(pages)
    missing = {
        page: f"{count} fences, {collected.get(page, 0)} collected"
        for page, count in expected.items()
        if collected.get(page, 0) < count
    }
    assert not missing, f"snippets that escape Sybil: {missing}"
    assert sum(expected.values()) > 0


def test_book_cells_are_plain_python_without_prompts() -> None:
    for page in sorted(BOOK.rglob("*.md")):
        text = page.read_text()
        for line, info in code_fences(text):
            assert info in {"{code-cell} python", "python"}, (
                f"{page.relative_to(ROOT)}:{line}: write code cells as '{{code-cell}} python', "
                f"not {info!r}"
            )
        assert not re.search(r"^>>> ", text, re.MULTILINE), (
            f"{page.relative_to(ROOT)}: no '>>>' prompts in the book's code"
        )


def test_every_docstring_example_is_collected() -> None:
    modules = sorted((ROOT / "src" / "calcnotes").rglob("*.py"))
    collected = collected_by_pytest(modules)
    for module in modules:
        text = module.read_text()
        if "__all__" in text and re.search(r"\bdef [a-z]|\bclass [A-Z]", text):
            name = str(module.relative_to(ROOT))
            assert ">>> " in text, f"{name}: public code without any docstring example"
            assert collected.get(name, 0) > 0, f"{name}: its examples are not collected"
