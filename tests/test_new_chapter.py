"""A chapter started from the template (``make chapter``) is listed in the toctree and builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_build import ROOT, Build, sphinx_build

from calcnotes._book import chapters
from tools.new_chapter import add_to_toctree, main, new_chapter

INDEX = """\
# A book

```{toctree}
:numbered: 2

first
```

```{toctree}
:caption: About

about
```
"""


def test_the_chapter_goes_at_the_end_of_the_numbered_toctree() -> None:
    text = add_to_toctree(INDEX, "second")
    assert "first\nsecond\n```" in text
    assert text.count("second") == 1 and "about\n```" in text


def test_an_index_without_a_numbered_toctree_is_refused() -> None:
    with pytest.raises(ValueError, match="no numbered toctree"):
        add_to_toctree("# A book\n\n```{toctree}\nabout\n```\n", "second")


def test_names_are_kebab_case_and_pages_are_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text(INDEX)
    with pytest.raises(ValueError, match="kebab-case"):
        new_chapter("Chain Rule", "Chain rule", tmp_path)
    new_chapter("chain-rule", "The chain rule", tmp_path)
    with pytest.raises(FileExistsError):
        new_chapter("chain-rule", "The chain rule", tmp_path)
    assert main(["chain-rule", "--book", str(tmp_path)]) == 1


@pytest.fixture(scope="module")
def template_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    """A book of the landing page and one chapter made with ``make chapter``'s script."""
    book = tmp_path_factory.mktemp("book")
    (book / "index.md").write_text(INDEX.replace("first\n", "").replace("about\n", ""))
    shutil.copytree(ROOT / "book" / "_static", book / "_static")
    assert main(["gradient-flow", "--title", "Gradient flow", "--book", str(book)]) == 0
    return book, sphinx_build(book, book / "_build")


def test_the_new_chapter_is_in_the_chapter_list(template_build: tuple[Path, Build]) -> None:
    book, _ = template_build
    assert chapters(book) == ["gradient-flow"]
    text = (book / "gradient-flow.md").read_text()
    assert "@@" not in text and "(sec-gradient-flow)=" in text and "# Gradient flow" in text


@pytest.mark.build
def test_a_chapter_made_from_the_template_builds_strictly(
    template_build: tuple[Path, Build],
) -> None:
    _, build = template_build
    assert build.returncode == 0, build.output[-4000:]
    assert not re.search(r"^(?!\[).*\b(WARNING|ERROR)\b", build.output, re.MULTILINE)
    page = (build.html / "gradient-flow.html").read_text()
    assert "Gradient flow" in page and "the slope of x^3 at x = 2 is 12.000000" in page
    assert ">12<" in page or " 12;" in page  # the glued exact slope
