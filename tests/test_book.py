"""The book's one reader: cells with their tags, fences nested in directives, toctrees."""

from __future__ import annotations

import re
from pathlib import Path

from site_build import ROOT

from calcnotes._book import chapters, code_cells, fences, is_hidden, pages, read_page, toctrees

BOOK = ROOT / "book"


def test_hidden_cells_are_found_by_their_tag() -> None:
    notebook = read_page(BOOK / "derivatives" / "definition.md")
    hidden = code_cells(notebook, hidden=True)
    shown = code_cells(notebook, hidden=False)
    assert hidden and shown
    assert all(
        re.search(r"\bcheck\.|\bglue\(|\bshow(_value)?\(|Ledger", cell.source) for cell in hidden
    )
    assert all(not is_hidden(cell) for cell in shown)
    assert len(hidden) + len(shown) == len(code_cells(notebook))


def test_fences_inside_directives_are_found_with_their_lines() -> None:
    text = "Intro\n\n:::{note}\nNot a fence.\n:::\n\n````{tip}\n```python\nx = 1\n```\n````\n"
    found = fences(text)
    assert [(fence.name, fence.line, fence.is_directive) for fence in found] == [
        ("tip", 7, True),
        ("python", 8, False),
    ]
    assert found[1].body == "x = 1\n"


def test_toctree_options_and_titled_entries() -> None:
    text = "```{toctree}\n:maxdepth: 2\n:numbered:\n\nintro\nRules <rules/index>\n```\n"
    assert toctrees(text) == [({"maxdepth": "2", "numbered": ""}, ["intro", "rules/index"])]


def test_the_chapters_are_the_numbered_toctree_in_reading_order() -> None:
    listed = chapters(BOOK)
    assert listed[:2] == ["intuition", "limits/index"]
    assert listed.index("limits/practice") < listed.index("derivatives/index")
    assert listed.index("derivatives/definition") < listed.index("derivatives/practice")
    assert "verification" not in listed and "api" not in listed
    assert pages(BOOK)[0] == "index" and {"verification", "api"} <= set(pages(BOOK))


def test_every_page_of_the_book_is_in_a_toctree() -> None:
    on_disk = {
        path.relative_to(BOOK).with_suffix("").as_posix()
        for path in BOOK.rglob("*.md")
        if not any(part.startswith("_") for part in path.relative_to(BOOK).parts)
    }
    assert on_disk == set(pages(BOOK))


def test_a_folder_chapter_lists_its_own_pages(tmp_path: Path) -> None:
    (tmp_path / "part").mkdir()
    (tmp_path / "index.md").write_text("```{toctree}\n:numbered:\none\npart/index\n```\n")
    (tmp_path / "one.md").write_text("# One\n")
    (tmp_path / "part" / "index.md").write_text("```{toctree}\n:hidden:\ntwo\n```\n")
    (tmp_path / "part" / "two.md").write_text("# Two\n")
    assert chapters(tmp_path) == ["one", "part/index", "part/two"]
