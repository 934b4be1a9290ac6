"""Fixtures shared by the tests of the built site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_build import ROOT, Build, build_dir, sphinx_build


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep the tests that share an expensive session fixture on one xdist worker.

    ``make test`` runs the suite on every core (``pytest -n auto --dist loadgroup``): the
    browser suite shares one Chromium and one visit of each page, and the PDF tests one
    ``make pdf``, so each group runs on a single worker while the others share the rest.
    """
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parts:
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif path.name == "test_pdf.py":
            item.add_marker(pytest.mark.xdist_group("pdf"))
