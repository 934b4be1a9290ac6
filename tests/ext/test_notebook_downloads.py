"""notebook_downloads: every chapter as a notebook that runs top to bottom, and as its source.

Each ``downloads/<page>.ipynb`` of the built site is executed with nbclient in a fresh
``python3`` kernel started in an empty directory, as a reader would run it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from notebook_downloads import myst_to_notebook
from site_build import ROOT

from calcnotes._book import chapters, code_cells, read_page

CHAPTERS = chapters(ROOT / "book")
# What only resolves inside the book: glued values, cross-references and label lines.
BOOK_ONLY = re.compile(r"\{(glue|ref|prf:ref|eq|numref|doc)[\w:]*\}`|^\([\w-]+\)=$", re.MULTILINE)


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_chapter_page_links_its_downloads(site: Path, chapter: str) -> None:
    page = BeautifulSoup((site / f"{chapter}.html").read_text(), "html.parser")
    links = [str(a["href"]) for a in page.select("p.calcnotes-downloads a")]
    name = chapter.rsplit("/", 1)[-1]
    assert [link.rsplit("/", 1)[-1] for link in links] == [f"{name}.ipynb", f"{name}.md"]
    for link in links:
        assert (site / chapter).parent.joinpath(link).resolve().is_file(), link


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_source_download_is_the_chapter_source(site: Path, chapter: str) -> None:
    assert (site / "downloads" / f"{chapter}.md").read_bytes() == (
        ROOT / "book" / f"{chapter}.md"
    ).read_bytes()


@pytest.mark.build
def test_only_chapters_have_downloads(site: Path) -> None:
    found = sorted(p.relative_to(site / "downloads").with_suffix("").as_posix()
                   for p in (site / "downloads").rglob("*.ipynb"))  # fmt: skip
    assert found == sorted(CHAPTERS)


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_notebook_reads_as_plain_jupyter(site: Path, chapter: str) -> None:
    notebook = nbformat.read(site / "downloads" / f"{chapter}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert "calcnotes" in notebook.cells[0].source and "self-check" in notebook.cells[0].source
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    shown = code_cells(read_page(ROOT / "book" / f"{chapter}.md"), hidden=False)
    assert len(code) == len(shown)  # every cell a reader sees, and only those
    assert not any("remove-cell" in cell.metadata.get("tags", []) for cell in code)
    assert not any("myst_nb" in cell.source for cell in code)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            leftover = BOOK_ONLY.search(cell.source)
            assert leftover is None, f"book-only MyST left in the notebook: {cell.source[:300]}"


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_notebook_runs_in_a_fresh_kernel(site: Path, chapter: str, tmp_path: Path) -> None:
    notebook = nbformat.read(site / "downloads" / f"{chapter}.ipynb", as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=300,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first failure
    errors = [
        o for cell in notebook.cells for o in cell.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors


def test_glued_values_and_references_are_written_in() -> None:
    page = (
        "(sec-a)=\n# Title\n\nThe slope is {glue:text}`slope:.2f`, the line {glue:md}`line:myst`;"
        " see {ref}`the start <sec-a>` and {prf:ref}`thm-x`.\n\n"
        ":::{prf:theorem} Rolle\n:label: thm-x\n\nA statement.\n:::\n\n"
        "```{code-cell} python\n:tags: [remove-cell]\nfrom myst_nb import glue\n```\n\n"
        "```{code-cell} python\nprint(1)\n```\n"
    )
    glue = {
        "slope": {"data": {"text/plain": "2.0"}},
        "line": {"data": {"text/markdown": "$y = 2x$"}},
    }
    targets = {
        "sec-a": ("https://e.org/a.html#sec-a", "Title"),
        "thm-x": ("https://e.org/a.html#thm-x", "Rolle"),
    }
    notebook = myst_to_notebook(page, glue=glue, reference=targets.get, preface="From calcnotes.")
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "markdown", "code"]
    text = notebook.cells[1].source
    assert "The slope is 2.00, the line $y = 2x$" in text
    assert (
        "[the start](https://e.org/a.html#sec-a)" in text
        and "[Rolle](https://e.org/a.html#thm-x)" in text
    )
    assert ":::{prf:theorem} Rolle" in text  # directives stay MyST, as jupytext writes them
    assert "(sec-a)=" not in text and not BOOK_ONLY.search(text)


def test_the_chapter_list_comes_from_the_toctree() -> None:
    assert CHAPTERS[0] == "intuition"
    assert "derivatives/index" in CHAPTERS and "verification" not in CHAPTERS


def _fake_app(outdir: Path, docs_read: bool) -> object:
    from types import SimpleNamespace

    env = SimpleNamespace(calcnotes_docs_read=docs_read, doc2path=lambda doc: ROOT / "book" / doc)
    return SimpleNamespace(builder=SimpleNamespace(name="html"), outdir=str(outdir), env=env)


@pytest.mark.parametrize("docs_read", [False, True])
def test_a_build_that_read_no_page_writes_no_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docs_read: bool
) -> None:
    import notebook_downloads

    for doc in ("one", "two"):
        (tmp_path / "downloads" / f"{doc}.ipynb").parent.mkdir(exist_ok=True)
        (tmp_path / "downloads" / f"{doc}.ipynb").write_text("{}")
    written = []
    monkeypatch.setattr(notebook_downloads, "chapters", lambda app: ["one", "two"])
    monkeypatch.setattr(notebook_downloads, "_reference", lambda app: None)

    def write(app: object, doc: str, *_: object) -> None:
        written.append(doc)

    monkeypatch.setattr(notebook_downloads, "_write_download", write)
    notebook_downloads._write_downloads(_fake_app(tmp_path, docs_read), None)
    assert written == (["one", "two"] if docs_read else [])
    (tmp_path / "downloads" / "two.ipynb").unlink()  # a notebook gone is written again
    notebook_downloads._write_downloads(_fake_app(tmp_path, False), None)
    assert written[-2:] == ["one", "two"]
