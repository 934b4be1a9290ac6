"""A reader's first visit: empty storage, no console errors, a clean title, readable tables.

The shared context of the suite stores the light mode before each page loads (dark mode is
audited by turning the system dark on the loaded page); these tests open fresh contexts with
nothing stored, as a first visit does, from a light or a dark system.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_site import DESKTOP, PHONE, chapter_pages, open_page
from playwright.sync_api import Browser, BrowserContext
from site_build import load_conf

BOOK_TITLE = load_conf().html_title


@pytest.fixture
def first_visit(browser: Browser) -> Iterator[BrowserContext]:
    """A new browser profile: no localStorage, no cookies, no cache."""
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.mark.parametrize("path", ["index.html", "intuition.html", "derivatives/definition.html"])
def test_first_visit_logs_no_console_error(
    path: str, first_visit: BrowserContext, base_url: str
) -> None:
    page, load = open_page(first_visit, f"{base_url}/{path}")
    stored = page.evaluate("() => [localStorage.getItem('mode'), localStorage.getItem('theme')]")
    mode = page.evaluate("() => document.documentElement.dataset.mode")
    page.close()
    assert load.console_errors == [], f"{path} on a first visit: {load.console_errors}"
    assert stored[0] in (None, "auto"), f"a first visit stored mode {stored[0]!r}"
    assert mode == "auto", f"a first visit should follow the system setting, got mode {mode!r}"


@pytest.mark.parametrize("path", ["index.html", "intuition.html", "derivatives/definition.html"])
def test_a_first_visit_from_a_dark_system_loads_dark(
    path: str, browser: Browser, base_url: str
) -> None:
    """The suite audits dark mode by turning the system dark on a loaded page; a reader whose
    system is dark already gets the dark theme from the first paint on."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        page, load = open_page(context, f"{base_url}/{path}")
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        page.close()
    finally:
        context.close()
    assert load.console_errors == [], f"{path} on a dark first visit: {load.console_errors}"
    assert theme == "dark", f"{path}: a dark system got the {theme!r} theme"


def test_titles_do_not_repeat_the_book_title(first_visit: BrowserContext, base_url: str) -> None:
    page, _ = open_page(first_visit, f"{base_url}/index.html")
    landing = page.title()
    page.goto(f"{base_url}/intuition.html")
    chapter = page.title()
    page.close()
    assert landing == BOOK_TITLE
    assert chapter.endswith(f" — {BOOK_TITLE}") and chapter.count(BOOK_TITLE) == 1, chapter


# Pages with tables of formulas; every formula in a table cell must sit on one line.
TABLE_PAGES = ["derivatives/definition.html", "derivatives/practice.html"]
ONE_LINE_SCRIPT = """() => [...document.querySelectorAll('.bd-content td .katex')].map(k => {
  // An inline box broken across lines has one client rectangle per line.
  const html = k.querySelector('.katex-html') || k;
  return {text: k.querySelector('annotation') ? k.querySelector('annotation').textContent : k.textContent,
          lines: html.getClientRects().length};
})"""


@pytest.mark.parametrize("path", [p for p in chapter_pages() if p in TABLE_PAGES])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_table_formulas_stay_on_one_line(
    path: str, viewport: dict, browser: Browser, base_url: str
) -> None:
    context = browser.new_context(viewport=viewport)
    try:
        page, _ = open_page(context, f"{base_url}/{path}")
        formulas = page.evaluate(ONE_LINE_SCRIPT)
        page_overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.close()
    finally:
        context.close()
    assert formulas, f"{path}: no formulas found in tables"
    broken = [f["text"] for f in formulas if f["lines"] > 1]
    assert broken == [], f"{path} at {viewport['width']} px: formulas wrapped: {broken}"
    # A wide table scrolls inside its own box; the page itself never scrolls sideways.
    assert page_overflow <= 1, f"{path} at {viewport['width']} px is {page_overflow} px too wide"


def test_rules_tables_use_display_style_fractions(
    first_visit: BrowserContext, base_url: str
) -> None:
    page, _ = open_page(first_visit, f"{base_url}/derivatives/definition.html")
    sources = page.evaluate(
        "() => [...document.querySelectorAll('.bd-content td .katex annotation')].map(a => a.textContent)"
    )
    page.close()
    fractions = [s for s in sources if "\\frac{d}{dx}" in s]
    assert fractions and all(s.lstrip().startswith("\\displaystyle") for s in fractions), fractions[
        :3
    ]
