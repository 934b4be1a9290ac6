"""figure_numbers: a build that reads no page keeps its figure numbers without reloading doctrees.

Each test builds a small numbered book in a temporary directory with Sphinx itself, several
times over, and counts how often the figure numbering walks the doctrees.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from figure_numbers import FigureNumbersOnChange
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

Fignumbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]
CONF = 'extensions = ["figure_numbers"]\nnumfig = True\nnumfig_format = {"table": "Table %s"}\n'
INDEX = """Book
====

.. toctree::
   :numbered:

{pages}
"""


def _table(name: str) -> str:
    return f".. _tab-{name}:\n\n.. table:: {name}\n\n   ===  ===\n   a    b\n   ===  ===\n\n"


def _page(title: str, *tables: str) -> str:
    return f"{title}\n{'=' * len(title)}\n\n" + "".join(_table(t) for t in tables)


def _write_book(source: Path, pages: dict[str, str]) -> None:
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text(CONF)
    (source / "index.rst").write_text(INDEX.format(pages="\n".join(f"   {p}" for p in pages)))
    for name, text in pages.items():
        page = source / f"{name}.rst"
        if not page.is_file() or page.read_text() != text:
            page.write_text(text)


def _build(source: Path, calls: list[str]) -> Fignumbers:
    app = Sphinx(
        srcdir=source,
        confdir=source,
        outdir=source / "_build" / "html",
        doctreedir=source / "_build" / "doctrees",
        buildername="html",
        status=io.StringIO(),
        warning=io.StringIO(),
        freshenv=False,
    )
    app.build()
    assert app.statuscode == 0, app._warning.getvalue()
    calls.append("built")
    return app.env.toc_fignumbers


def _numbers(fignumbers: Fignumbers, page: str) -> list[tuple[int, ...]]:
    return sorted(fignumbers[page]["table"].values())


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every build and every figure numbering, in order."""
    calls: list[str] = []
    numbering = TocTreeCollector.assign_figure_numbers

    def counted(self: TocTreeCollector, env: BuildEnvironment) -> list[str]:
        calls.append("numbered")
        return numbering(self, env)

    monkeypatch.setattr(TocTreeCollector, "assign_figure_numbers", counted)
    return calls


def test_a_build_that_reads_nothing_keeps_the_numbers(tmp_path: Path, walks: list[str]) -> None:
    _write_book(tmp_path, {"one": _page("One", "x", "y"), "two": _page("Two", "z")})
    first = _build(tmp_path, walks)
    assert _numbers(first, "two") == [(2, 1)]
    again = _build(tmp_path, walks)
    assert walks == ["numbered", "built", "built"]
    assert again == first
    html = (tmp_path / "_build" / "html" / "two.html").read_text()
    assert "Table 2.1" in html


def test_a_page_read_again_is_numbered_again(tmp_path: Path, walks: list[str]) -> None:
    _write_book(tmp_path, {"one": _page("One", "x"), "two": _page("Two", "z")})
    _build(tmp_path, walks)
    _write_book(tmp_path, {"one": _page("One", "x"), "two": _page("Two", "w", "z")})
    numbers = _build(tmp_path, walks)
    assert walks == ["numbered", "built", "numbered", "built"]
    assert _numbers(numbers, "two") == [(2, 1), (2, 2)]


def test_a_page_removed_renumbers_the_rest(tmp_path: Path, walks: list[str]) -> None:
    _write_book(tmp_path, {"one": _page("One", "x"), "two": _page("Two", "z")})
    _build(tmp_path, walks)
    (tmp_path / "one.rst").unlink()
    _write_book(tmp_path, {"two": _page("Two", "z")})
    numbers = _build(tmp_path, walks)
    assert walks.count("numbered") == 2
    assert _numbers(numbers, "two") == [(1, 1)]


def test_it_replaces_sphinx_s_own_collector(tmp_path: Path) -> None:
    _write_book(tmp_path, {"one": _page("One", "x")})
    app = Sphinx(tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "html",
                 status=io.StringIO(), warning=io.StringIO())  # fmt: skip
    collectors = [
        type(listener.handler.__self__)
        for listener in app.events.listeners["env-get-updated"]
        if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector)
    ]
    assert collectors == [FigureNumbersOnChange]
