"""Fixtures shared by the tests of the built site."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_build import Build, ROOT, build_dir, sphinx_build


@pytest.fixture(scope="session")
def book_build() -> Build:
    """The strict build of the whole book, into the directory ``make html`` uses."""
    return sphinx_build(ROOT / "book", build_dir())


@pytest.fixture(scope="session")
def site(book_build: Build) -> Path:
    """The built HTML site; fails (once, clearly) if the strict build failed."""
    if book_build.returncode != 0:
        pytest.fail(f"the strict build failed:\n{book_build.output[-6000:]}")
    return book_build.html
