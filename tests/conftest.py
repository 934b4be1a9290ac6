"""Fixtures shared by the tests of the built site, and the order in which files start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_build import ROOT, Build, build_dir, sphinx_build

#: The suite's longest files (each a few minutes of one worker's time, measured with
#: ``--junitxml``), started first and longest first. ``make test`` hands whole files to the
#: workers in collection order (``--dist loadfile --no-loadscope-reorder``), so a long file
#: started last would leave one worker running it alone while the other idles.
LONGEST_FIRST = [
    "tests/browser/test_pages.py",
    "tests/bookcheck/test_book_formulas.py",
    "tests/test_pdf.py",
    "tests/browser/test_reader_actions.py",
    "tests/ext/test_notebook_downloads.py",
    "tests/browser/test_answers_and_figures.py",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: index for index, path in enumerate(LONGEST_FIRST)}

    def start(item: pytest.Item) -> int:
        return rank.get(item.nodeid.split("::", 1)[0], len(rank))

    items.sort(key=start)  # stable: every file keeps its own order, the rest theirs


@pytest.fixture(scope="session")
def book_build() -> Build:
    """The strict build of the whole book, in the directory ``make html`` uses.

    Under ``make test`` the site was just built by ``make html`` (strict: any warning fails
    it), which sets ``CALCNOTES_SITE_BUILT``; the suite tests that build rather than
    running Sphinx again. Run alone, pytest builds it here (incrementally, when
    ``make html`` has built it before).
    """
    html = build_dir() / "html"
    if os.environ.get("CALCNOTES_SITE_BUILT") and (html / "index.html").is_file():
        return Build(0, "built by make html", html)
    return sphinx_build(ROOT / "book", build_dir())


@pytest.fixture(scope="session")
def site(book_build: Build) -> Path:
    """The built HTML site; fails (once, clearly) if the strict build failed."""
    if book_build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{book_build.output[-6000:]}")
    return book_build.html
