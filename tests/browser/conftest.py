"""The built site in a real browser: Debian's Chromium driven by Playwright.

The site is built once (the ``site`` fixture), served from a thread on 127.0.0.1 at a free
port, and each page is opened a fixed number of times however many checks look at it:
``visit(path)`` loads a page in light mode (desktop), narrows the tab to a 375 px phone
screen, widens it again and turns the reader's system dark, records every request, console
message and failed request, runs the accessibility audit in both modes, and returns what it saw as a ``Visit`` that the tests
assert on. With ``CALCNOTES_SCREENSHOTS=1`` it also saves full-page screenshots of every visit
to ``<builddir>/screenshots/``, for a person to look at (no test reads them).

Without Chromium the suite says so loudly and skips; in CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from site_build import build_dir

pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright")
from browser_site import (  # noqa: E402
    CHROMIUM_ARGS,
    DESKTOP,
    IN_CI,
    QuietHandler,
    SiteVisitor,
    SnippetPython,
    Visit,
    book_pages,
    find_chromium,
    new_context,
)
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "\n" + "!" * 78 + "\n"
            "  NO CHROMIUM FOUND: the browser tests of the built site (tests/browser) did NOT run.\n"
            "  Install Debian's `chromium` package (or set $CHROMIUM to a Chromium binary).\n"
            + "!"
            * 78
        )
        if IN_CI:
            pytest.fail(message)
        print(message, file=sys.stderr)
        warnings.warn(message, stacklevel=1)
        pytest.skip("no Chromium: install the `chromium` package to run the browser tests")
    return path


@pytest.fixture(scope="session")
def base_url(site: Path, chromium_path: str) -> Iterator[str]:
    """The built site served over HTTP from a thread, on a free port of 127.0.0.1."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def contexts(browser: Browser, base_url: str) -> Iterator[dict[str, BrowserContext]]:
    made = {
        "light": new_context(browser, base_url, dark=False, viewport=DESKTOP),
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    if os.environ.get("CALCNOTES_SCREENSHOTS") != "1":
        return None
    folder = build_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def visitor(
    site: Path, base_url: str, contexts: dict[str, BrowserContext], screenshots: Path | None
) -> SiteVisitor:
    return SiteVisitor(site, base_url, contexts, screenshots)


@pytest.fixture(params=book_pages())
def visit(request: pytest.FixtureRequest, visitor: SiteVisitor) -> Visit:
    if not visitor.exists(request.param):
        pytest.skip(f"{request.param} is not part of this build")
    return visitor(request.param)


@pytest.fixture
def page(contexts: dict[str, BrowserContext]) -> Iterator[Page]:
    """A fresh light-mode desktop tab, for the interactive checks."""
    tab = contexts["light"].new_page()
    yield tab
    tab.close()


_SNIPPET_PYTHON: list[SnippetPython] = []


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Start making the snippet environment as soon as it is known to be needed, so that
    pip runs while the site builds and the pages load."""
    wanted = not config.option.collectonly and any(
        "test_copied_code" in item.nodeid for item in items
    )
    if wanted and find_chromium() and not _SNIPPET_PYTHON:
        _SNIPPET_PYTHON.append(SnippetPython(build_dir() / "snippet-python"))


@pytest.fixture(scope="session")
def snippet_python() -> SnippetPython:
    if not _SNIPPET_PYTHON:
        _SNIPPET_PYTHON.append(SnippetPython(build_dir() / "snippet-python"))
    return _SNIPPET_PYTHON[0]
