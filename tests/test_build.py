"""The strict build: the whole book builds clean, and each kind of mistake fails it loudly."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from site_build import Build, sphinx_build

pytestmark = pytest.mark.build

FRONT_MATTER = """\
---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
---
"""


def test_the_book_builds_with_no_warning(book_build: Build) -> None:
    assert book_build.returncode == 0, book_build.output[-6000:]
    assert not re.search(r"^(?!\[).*\b(WARNING|ERROR)\b", book_build.output, re.MULTILINE), (
        book_build.output
    )
    assert (book_build.html / "index.html").is_file()


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build of a small book with one mistake of each kind on its own page."""
    source = tmp_path_factory.mktemp("broken")
    pages = {
        "index.md": "# A broken book\n\n```{toctree}\nbad_latex\nbad_cell\nbad_ref\nbad_formula\n"
        "bad_rules\n```\n",
        "bad_latex.md": "# Bad LaTeX\n\nFine $x^2$, then\n\n$$\\frac{1}{$$\n",
        "bad_cell.md": FRONT_MATTER
        + "# Bad cell\n\n```{code-cell} python\nraise ValueError('planted failure')\n```\n",
        "bad_ref.md": "# Bad reference\n\nSee {ref}`sec-no-such-section`.\n",
        "bad_formula.md": "# Bad formula\n\nLet $f(x) = x^3$.\nThen $f'(x) = 3x^3$.\n",
        "bad_rules.md": "# Bad rules\n\n:::{rules-table}\n:rules: no_such_rule\n:::\n",
    }
    for name, text in pages.items():
        (source / name).write_text(textwrap.dedent(text))
    return sphinx_build(source, source / "_build")


def test_a_broken_book_fails_the_build(broken_build: Build) -> None:
    assert broken_build.returncode != 0


def test_a_latex_error_names_the_page_and_line(broken_build: Build) -> None:
    assert re.search(r"bad_latex\.md:\d+: WARNING: LaTeX error", broken_build.output), (
        broken_build.output
    )


def test_a_failing_cell_names_the_page(broken_build: Build) -> None:
    assert re.search(r"bad_cell\.md.*WARNING: Executing notebook failed", broken_build.output), (
        broken_build.output
    )
    assert "planted failure" in broken_build.output


def test_an_unresolved_reference_names_the_page_and_line(broken_build: Build) -> None:
    assert re.search(r"bad_ref\.md:\d+: WARNING: undefined label", broken_build.output), (
        broken_build.output
    )


def test_a_wrong_formula_names_the_page_line_formula_and_point(broken_build: Build) -> None:
    assert re.search(
        r"bad_formula\.md:4: WARNING: formula f'\(x\) = 3x\^3: .* differ \(at x = [-\d.]+: ",
        broken_build.output,
    ), broken_build.output


def test_a_rules_table_naming_an_unknown_rule_names_the_page(broken_build: Build) -> None:
    assert re.search(
        r"bad_rules\.md:\d+: ERROR: rules-table: .*no_such_rule", broken_build.output
    ), broken_build.output


@pytest.mark.build
def test_no_page_shows_a_checker_marker(site: Path) -> None:
    """``% where:``, ``% instance`` and ``% unchecked`` are comments for authors, never text."""
    from bs4 import BeautifulSoup

    shown = []
    for page in sorted(site.rglob("*.html")):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
        for marker in ("% where:", "% instance", "% unchecked"):
            if marker in text:
                shown.append(f"{page.relative_to(site)}: {marker}")
    assert not shown, shown
