"""What a reader does on the site: copy a snippet and run it, search, open a solution.

Each chapter page is opened once for the copy and the fold tests. The snippet environment
is made by pip in the background from the moment the tests are collected.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_site import BOOK, SnippetPython, chapter_pages
from playwright.sync_api import BrowserContext, Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.browser, pytest.mark.build]

CODE_CELL = re.compile(
    r"^(?P<fence>`{3,})\{code-cell\}[ \t]*python[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)


def cell_sources(md: Path) -> list[str]:
    """The code of every ``{code-cell} python`` of a page, without its option lines."""
    sources = []
    for match in CODE_CELL.finditer(md.read_text()):
        lines = match["body"].splitlines()
        if lines and lines[0].strip() == "---":
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
            lines = lines[end + 1 :]
        while lines and re.match(r"^:[\w-]+:", lines[0]):
            lines = lines[1:]
        sources.append("\n".join(lines).strip())
    return sources


def copy_cell(page: Page, cell: Locator) -> str:
    """Click a cell's copy button and return what landed on the clipboard."""
    page.evaluate("navigator.clipboard.writeText('')")
    cell.scroll_into_view_if_needed()
    cell.hover()
    cell.locator(".copybtn").first.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)", timeout=5000)
    return page.evaluate("navigator.clipboard.readText()")


def run_snippet(python: Path, code: str, where: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [str(python), "-c", code],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


#: Chapters whose copied cells already ran in the reader's fresh Python. Sybil runs every cell of
#: the book on its own; here the copy is checked on every page, and run once per chapter.
_RAN_IN_CHAPTER: set[str] = set()


@pytest.fixture(scope="module", params=chapter_pages())
def chapter(
    request: pytest.FixtureRequest, contexts: dict[str, BrowserContext], base_url: str
) -> Iterator[tuple[str, Page]]:
    """A chapter page, opened once for the tests below (pytest runs them one page at a time):
    the copy buttons are tried first, then the folds are opened."""
    tab = contexts["light"].new_page()
    tab.goto(f"{base_url}/{request.param}", wait_until="load")
    yield request.param, tab
    tab.close()


def test_copied_code_is_exactly_the_cell_and_runs_on_its_own(
    chapter: tuple[str, Page], snippet_python: SnippetPython, tmp_path: Path
) -> None:
    path, page = chapter
    # Visible code cells (a hidden-input cell has its code folded away, so a reader copies
    # from the ones shown): the first of the page, and the first that draws a plot.
    cells = page.locator("div.cell:not(.tag_hide-input):has(div.cell_input .copybtn)")
    if cells.count() == 0:
        pytest.skip(f"{path} shows no code cell")
    chosen = {0}
    plotting = page.locator(
        "div.cell:not(.tag_hide-input):has(div.cell_input .copybtn):has(div.cell_output img)"
    )
    if plotting.count():
        index = page.evaluate(
            """() => [...document.querySelectorAll("div.cell:not(.tag_hide-input)")]
                 .filter(c => c.querySelector("div.cell_input .copybtn"))
                 .findIndex(c => c.querySelector("div.cell_output img"))"""
        )
        chosen.add(index)
    sources = cell_sources(BOOK / path.replace(".html", ".md"))
    part = path.split("/")[0]
    run = part not in _RAN_IN_CHAPTER
    _RAN_IN_CHAPTER.add(part)
    python = snippet_python.ready() if run else None
    for index in sorted(chosen):
        cell = cells.nth(index)
        copied = copy_cell(page, cell)
        assert ">>>" not in copied and "In [" not in copied, (
            f"{path}: a prompt was copied:\n{copied}"
        )
        output = cell.locator("div.cell_output").first
        if output.count() and (shown := output.inner_text().strip()):
            assert shown not in copied, f"{path}: the cell's output was copied with its code"
        assert copied.strip() in sources, (
            f"{path}: copied text is not exactly a code cell:\n{copied}"
        )
        if python is None:
            continue
        done = run_snippet(python, copied, tmp_path)
        assert done.returncode == 0, (
            f"{path}: copied cell {index} fails on its own:\n{copied}\n{done.stderr[-3000:]}"
        )


@pytest.mark.parametrize(
    ("query", "chapter"),
    [
        ("sigmoid", "derivatives/definition.html"),
        ("chain rule", "derivatives/definition.html"),
        ("Rolle", "derivatives/higher-order.html"),
    ],
)
def test_search_finds_the_chapter(query: str, chapter: str, page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/search.html?q={query.replace(' ', '+')}", wait_until="load")
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    page.wait_for_function(
        "() => /finished/i.test(document.querySelector('#search-results .search-summary')?.textContent || '')",
        timeout=15000,
    )
    found = page.eval_on_selector_all(
        "#search-results ul.search li a",
        "links => links.map(a => new URL(a.href).pathname.slice(1))",
    )
    assert chapter in found, f"search for {query!r} found {found}, not {chapter}"


# Everything a page folds, in the order a reader would open it (outer before inner): the
# admonitions sphinx-togglebutton folds (sphinx-exercise solutions included), design
# dropdowns, and hidden code cells. Each gets a number in data attributes, so the clicks below
# go through Playwright as a reader's would while the visibility checks run in one call.
MARK_FOLDS = """() => {
  const found = [];
  const add = (trigger, body, what) => {
    if (!trigger || !body) return;
    trigger.dataset.foldTrigger = found.length;
    body.dataset.foldBody = found.length;
    found.push(what);
  };
  document.querySelectorAll("div.admonition.dropdown").forEach((el, i) => add(
    el.querySelector("button.toggle-button"), el.querySelector(":scope > :not(.admonition-title)"),
    `folded admonition ${i + 1} (${el.className})`));
  document.querySelectorAll("details.sd-dropdown").forEach((el, i) => add(
    el.querySelector("summary"), el.querySelector(".sd-summary-content"), `dropdown ${i + 1}`));
  document.querySelectorAll("details.hide").forEach((el, i) => add(
    el.querySelector("summary"), el.querySelector(":scope > :not(summary)"), `hidden cell ${i + 1}`));
  return found;
}"""
# Visible as Playwright means it: rendered (not in a closed <details>), a box of some size,
# and not `visibility: hidden`.
SHOWN = """() => [...document.querySelectorAll("[data-fold-body]")].filter(el => {
  const box = el.getBoundingClientRect();
  return el.checkVisibility() && box.width > 0 && box.height > 0
    && getComputedStyle(el).visibility !== "hidden";
}).map(el => Number(el.dataset.foldBody))"""


def test_hidden_answers_open_on_click(chapter: tuple[str, Page], site: Path) -> None:
    path, page = chapter
    if not re.search(r"<details|dropdown", (site / path).read_text(encoding="utf-8")):
        pytest.skip(f"{path} hides nothing")
    folds = page.evaluate(MARK_FOLDS)
    if not folds:
        pytest.skip(f"{path} hides nothing")
    shown_before = page.evaluate(SHOWN)
    assert not shown_before, (
        f"{path}: visible before they are opened: {[folds[i] for i in shown_before]}"
    )
    for i in range(len(folds)):
        page.locator(f'[data-fold-trigger="{i}"]').click()
    try:
        page.wait_for_function(f"() => ({SHOWN})().length === {len(folds)}", timeout=5000)
    except PlaywrightTimeout:
        shown = set(page.evaluate(SHOWN))
        hidden = [what for i, what in enumerate(folds) if i not in shown]
        pytest.fail(f"{path}: still hidden after a click: {hidden}")


def test_practice_page_hides_its_answers(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/derivatives/practice.html", wait_until="load")
    assert page.locator("div.solution.dropdown").count() >= 1
    assert page.locator("details.sd-dropdown").count() >= 1
