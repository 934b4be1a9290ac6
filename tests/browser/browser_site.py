"""Helpers of the browser tests: the page list, page loading and recording, the checks' scripts.

Kept out of ``conftest.py`` so that test modules can import them by a unique module name.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from execution_fingerprint import fingerprint
from playwright.sync_api import Browser, BrowserContext, Page
from site_build import ROOT

from calcnotes._book import pages
from tools.chromium import CHROMIUM_ARGS, find_chromium  # noqa: F401 (used by conftest)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
IN_CI = os.environ.get("CI", "").lower() == "true"

BOOK = ROOT / "book"
#: What a reader's ``pip install`` of the package is made from.
SNIPPET_PACKAGE_FILES = [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "src" / "calcnotes"]
# Pages Sphinx generates besides the chapters; a missing one is skipped.
GENERATED_PAGES = ["genindex.html", "search.html", "py-modindex.html", "prf-prf.html"]


def book_pages() -> list[str]:
    """Site-relative HTML paths of every page of the book, known before the build."""
    return [f"{page}.html" for page in pages(BOOK)] + GENERATED_PAGES


def chapter_pages() -> list[str]:
    """The pages written in ``book/`` (what a reader reads), without generated ones."""
    return [page for page in book_pages() if page not in GENERATED_PAGES]


def slug(page: str) -> str:
    return page.removesuffix(".html").replace("/", "--")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def new_context(browser: Browser, base_url: str, *, dark: bool, viewport: dict) -> BrowserContext:
    context = browser.new_context(
        viewport=viewport,
        color_scheme="dark" if dark else "light",
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    mode = "dark" if dark else "light"
    # pydata-sphinx-theme reads the reader's choice from localStorage before first paint.
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    return context


@dataclass
class Load:
    """What happened while one page loaded in one browser context."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    #: waits until the tab's images, fonts and requests have settled (set by open_page)
    settle: Any = field(default=None, repr=False, compare=False)

    def frozen(self) -> Load:
        """A copy of what was recorded so far: the audit that runs next fetches things too
        (axe-core re-reads stylesheets itself, and resolves CSS ``@import`` wrongly)."""
        return Load(list(self.requests), list(self.failed), list(self.console_errors))

    def since(self, mark: Load) -> Load:
        """What was recorded after ``mark`` (an earlier :meth:`frozen` copy) was taken."""
        return Load(
            self.requests[len(mark.requests) :],
            self.failed[len(mark.failed) :],
            self.console_errors[len(mark.console_errors) :],
        )


#: How long no request may be in flight before a page counts as settled. Playwright's
#: "networkidle" waits 500 ms, three times per page; after the images and fonts are awaited,
#: a page of this site makes no request later than that.
QUIET_MS = 150


class _Traffic:
    """Requests in flight on one tab, and when the last one started or ended."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.last = time.monotonic()

    def started(self) -> None:
        self.in_flight += 1
        self.last = time.monotonic()

    def ended(self) -> None:
        self.in_flight -= 1
        self.last = time.monotonic()

    def wait_quiet(self, page: Page, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.in_flight > 0 or time.monotonic() - self.last < QUIET_MS / 1000:
            if time.monotonic() > deadline:
                msg = f"{page.url}: {self.in_flight} requests still in flight after {timeout} s"
                raise AssertionError(msg)
            page.wait_for_timeout(25)  # lets Playwright deliver the page's events


def open_page(context: BrowserContext, url: str) -> tuple[Page, Load]:
    """Open ``url`` in a new tab, recording requests, failures and console errors."""
    page = context.new_page()
    load = Load()
    traffic = _Traffic()

    def on_request(request: Any) -> None:
        load.requests.append(request.url)
        traffic.started()

    def on_failed(request: Any) -> None:
        load.failed.append(f"{request.url} ({request.failure})")
        traffic.ended()

    page.on("request", on_request)
    page.on("requestfinished", lambda request: traffic.ended())
    page.on("requestfailed", on_failed)

    def on_response(response: Any) -> None:
        if response.status >= 400:
            load.failed.append(f"{response.url} (HTTP {response.status})")

    def on_console(message: Any) -> None:
        if message.type == "error":
            load.console_errors.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: load.console_errors.append(f"uncaught: {error}"))
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    load.settle = lambda: _settle(page, traffic)
    load.settle()
    return page, load


def _settle(page: Page, traffic: _Traffic) -> None:
    """Images decode and fonts load lazily; wait for both so checks see the finished page."""
    page.evaluate(
        """async () => {
          await Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.decode().catch(() => null);
          }));
          await document.fonts.ready;
        }"""
    )
    traffic.wait_quiet(page)


# The reader's system turning dark, on a page whose theme follows it (the site's default mode):
# the theme's own control sets the mode to follow the system, and the colours change in place.
# Transitions are switched off first, so that the audit sees the final colours, not a fade.
SWITCH_TO_DARK_SCRIPT = """() => {
  const style = document.createElement("style");
  style.textContent = "*, *::before, *::after { transition: none !important; }";
  document.head.append(style);
  document.querySelector('.theme-change-button[data-mode="auto"]').click();
  return document.documentElement.dataset.theme;
}"""


def foreign_requests(load: Load, base_url: str) -> list[str]:
    """Requests to anything but the local server (``data:`` and ``blob:`` URLs are local)."""
    origin = urlsplit(base_url).netloc
    return [
        url for url in load.requests
        if urlsplit(url).scheme not in {"data", "blob", "about"} and urlsplit(url).netloc != origin
    ]  # fmt: skip


@dataclass
class Visit:
    """Everything the checks need to know about one page, gathered in one load: light mode,
    then the phone's width, then dark mode (``loads["dark"]`` is what switching fetched)."""

    path: str
    url: str
    loads: dict[str, Load]
    raw_math: list[str]
    katex_errors: int
    unrendered_math: int
    images: list[dict]
    axe: dict[str, list[dict]]
    overflow: dict
    links: list[str]
    ids: set[str]
    dark_theme: str
    dark_plot_styles: list[dict]


# Text a reader can see (now, or after opening a dropdown or solution), outside code and
# rendered math, that still looks like TeX source.
RAW_MATH_SCRIPT = r"""() => {
  const skip = "script, style, pre, code, kbd, samp, .katex, .highlight, .cell_input, .cell_output .output, textarea";
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  const pattern = /\$|\\(?:frac|dfrac|sqrt|sum|int|prod|lim|partial|cdot|times|left|right|begin|end|mathrm|mathbf|text|alpha|beta|sigma|theta|lambda|infty|le|ge|neq|approx|to|quad)\b/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const text = node.textContent;
    if (pattern.test(text)) found.push(text.trim().slice(0, 120));
  }
  return found;
}"""

# What sticks out past the right edge of a phone screen without a scrolling box to hold it.
OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const held = el => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement)
      if (getComputedStyle(p).overflowX !== "visible") return true;
    return false;
  };
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !held(el))
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 100));
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide};
}"""

AXE_OPTIONS = {"resultTypes": ["violations"]}
# KaTeX draws each formula twice: MathML for assistive technology, and an `aria-hidden`
# HTML rendering for the eye whose glyphs inherit the colour of the surrounding text (which
# the audit does check). Auditing the thousands of spans of that hidden copy only costs time.
AXE_CONTEXT = {"exclude": [[".katex-html"]]}


# Only colours differ between the light and the dark theme, so the dark-mode audit runs the
# rules about colour; the light-mode audit runs every rule.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def run_axe(page: Page, *, colour_only: bool = False) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = dict(AXE_OPTIONS)
    if colour_only:
        options["runOnly"] = {"type": "rule", "values": AXE_COLOUR_RULES}
    results = Axe().run(page, context=AXE_CONTEXT, options=options)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {
                    "target": node["target"],
                    "html": node["html"][:200],
                    "summary": node.get("failureSummary", "")[:300],
                }
                for node in violation["nodes"][:8]
            ],
        }
        for violation in results.response["violations"]
    ]


def _gather(page: Page, base_url: str) -> dict:
    return page.evaluate(
        """() => ({
          katexErrors: document.querySelectorAll(".katex-error").length,
          unrenderedMath: [...document.querySelectorAll("span.math, div.math")]
              .filter(el => !el.querySelector(".katex")).length,
          images: [...document.images].map(img => ({
              src: img.currentSrc || img.src, alt: (img.getAttribute("alt") || "").trim(),
              complete: img.complete, naturalWidth: img.naturalWidth})),
          links: [...document.querySelectorAll("a[href]")].map(a => a.href),
          ids: [...document.querySelectorAll("[id]")].map(el => el.id),
        })"""
    )


DARK_PLOT_SCRIPT = """() => [...document.querySelectorAll(".cell_output img")].map(img => {
  const style = getComputedStyle(img);
  return {src: img.getAttribute("src"), background: style.backgroundColor,
          padding: parseFloat(style.paddingTop), filter: style.filter};
})"""


class SiteVisitor:
    """Loads each page once per mode, on demand, and keeps what it saw."""

    def __init__(
        self, site: Path, base_url: str, contexts: dict[str, BrowserContext], shots: Path | None
    ):
        self.site = site
        self.base_url = base_url
        self.contexts = contexts
        self.shots = shots
        self.visits: dict[str, Visit] = {}

    def exists(self, path: str) -> bool:
        return (self.site / path).is_file()

    def __call__(self, path: str) -> Visit:
        if path not in self.visits:
            self.visits[path] = self._visit(path)
        return self.visits[path]

    def _shoot(self, page: Page, name: str, *, full_page: bool) -> None:
        if self.shots is not None:
            page.screenshot(path=str(self.shots / name), full_page=full_page)

    def _visit(self, path: str) -> Visit:
        url = f"{self.base_url}/{path}"
        loads = {}
        page, load = open_page(self.contexts["light"], url)
        loads["light"] = load.frozen()
        try:
            seen = _gather(page, self.base_url)
            raw_math = page.evaluate(RAW_MATH_SCRIPT)
            self._shoot(page, f"{slug(path)}-light.png", full_page=True)
            axe = {"light": run_axe(page)}
            # The phone layout is the theme's CSS media queries, so the tab is narrowed to a
            # phone's width rather than loaded a third time (test_first_visit loads pages on
            # a phone from the start).
            # (the script's measurements lay the page out again at the new width; no frame
            # is awaited, as a tab in the background draws none)
            page.set_viewport_size(PHONE)
            overflow = page.evaluate(OVERFLOW_SCRIPT)
            self._shoot(page, f"{slug(path)}-phone.png", full_page=False)
            # Dark mode on the same tab rather than a second load: only colours differ (a
            # first load in dark mode is test_first_visit's).
            page.set_viewport_size(DESKTOP)
            before = load.frozen()
            page.emulate_media(color_scheme="dark")
            dark_theme = page.evaluate(SWITCH_TO_DARK_SCRIPT)
            load.settle()
            loads["dark"] = load.since(before)
            dark_plots = page.evaluate(DARK_PLOT_SCRIPT)
            self._shoot(page, f"{slug(path)}-dark.png", full_page=True)
            axe["dark"] = run_axe(page, colour_only=True)
        finally:
            page.close()
        return Visit(
            path=path,
            url=url,
            loads=loads,
            raw_math=raw_math,
            katex_errors=seen["katexErrors"],
            unrendered_math=seen["unrenderedMath"],
            images=seen["images"],
            axe=axe,
            overflow=overflow,
            links=seen["links"],
            ids=set(seen["ids"]),
            dark_theme=dark_theme,
            dark_plot_styles=dark_plots,
        )


# -- A fresh Python with only calcnotes installed, for the copied snippets ---------------


class SnippetPython:
    """A virtual environment with ``pip install`` of the package and nothing else.

    It lives in ``<builddir>/snippet-python/<key>``, keyed on the package's sources, so that
    one is made per version of the package: once for all the test workers of a run (a lock
    file makes the others wait for it) and kept for later runs. It is made in a background
    thread as soon as the tests are collected, so that pip works while the pages load.
    """

    def __init__(self, home: Path):
        self.folder = home / fingerprint(SNIPPET_PACKAGE_FILES, ROOT)
        self.error: str | None = None
        self.thread = threading.Thread(target=self._make, name="snippet-venv", daemon=True)
        self.thread.start()

    @property
    def python(self) -> Path:
        return self.folder / "venv" / "bin" / "python"

    def _make(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with (self.folder.parent / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if (self.folder / "ready").is_file():
                return
            for other in self.folder.parent.iterdir():  # venvs of older package versions
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
            shutil.rmtree(self.folder / "venv", ignore_errors=True)  # an interrupted attempt
            self.error = self._install()
            if self.error is None:
                (self.folder / "ready").touch()

    def _install(self) -> str | None:
        # Install from a copy of the package sources, so that pip's in-tree build leaves
        # no build/ or egg-info behind in the repository.
        source = self.folder / "calcnotes-src"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(
            ROOT, source,
            ignore=lambda d, names: [n for n in names if n not in {"pyproject.toml", "README.md", "src"}]
            if Path(d) == ROOT else [n for n in names if n == "__pycache__" or n.endswith(".egg-info")],
        )  # fmt: skip
        steps = [
            [sys.executable, "-m", "venv", str(self.folder / "venv")],
            [
                str(self.python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                str(source),
            ],
        ]
        try:
            for step in steps:
                # Niced, so that it takes the CPU the browser leaves idle rather than slowing it.
                done = subprocess.run(
                    step, capture_output=True, text=True, check=False, timeout=600,
                    preexec_fn=lambda: os.nice(15),
                )  # fmt: skip
                if done.returncode != 0:
                    return f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
        finally:
            shutil.rmtree(source, ignore_errors=True)
        return None

    def ready(self) -> Path:
        self.thread.join(timeout=900)
        if self.error:
            pytest.fail(self.error)
        return self.python
