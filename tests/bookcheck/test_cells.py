"""Running a page's hidden check cells: what they leave behind, and how they fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp

from calcnotes.bookcheck.cells import CellRun, is_check_cell, keep_runs, kept_runs, run_cell
from calcnotes.verify import VerificationError


def _page(tmp_path: Path, name: str = "page.md") -> Path:
    path = tmp_path / "book" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# A page\n", encoding="utf-8")
    return path


def test_a_cell_leaves_its_values_glue_checks_and_points(tmp_path: Path) -> None:
    source = (
        "import sympy as sp\n"
        "from myst_nb import glue\n"
        "from calcnotes.verify import Ledger\n"
        "x = sp.Symbol('x')\n"
        "check = Ledger('book/page.md')\n"
        "point = 1.5\n"
        "check.derivative(x**3, 3 * x**2, x)\n"
        "slope = sp.diff(x**3, x).subs(x, point)\n"
        "glue('slope', float(slope), display=False)\n"
    )
    run = run_cell(_page(tmp_path), 3, source, "book/page.md")
    x = sp.Symbol("x")
    assert run.checks == 1
    assert 3 * x**2 in run.values  # the Ledger's facts
    assert run.glued == {"slope": pytest.approx(6.75)}
    assert sp.Float(1.5) in run.arguments  # a name passed to a call counts with its number


def test_tolerances_are_not_points(tmp_path: Path) -> None:
    source = (
        "from calcnotes.verify import Ledger\nLedger('book/page.md').equal(1.0, 1.0, rel=1e-6)\n"
    )
    run = run_cell(_page(tmp_path), 1, source, "book/page.md")
    assert run.arguments == [sp.Float(1.0), sp.Float(1.0)]  # the two compared, not rel


def test_cells_run_from_their_page_folder(tmp_path: Path) -> None:
    path = _page(tmp_path, "sub/page.md")
    (path.parent / "data.txt").write_text("42", encoding="utf-8")
    source = (
        "from pathlib import Path\n"
        "from calcnotes.verify import Ledger\n"
        "Ledger('book/sub/page.md').equal(Path('data.txt').read_text(), '42', label='data')\n"
    )
    before = Path.cwd()
    assert run_cell(path, 1, source, "book/sub/page.md").checks == 1
    assert Path.cwd() == before


def test_a_wrong_statement_fails_with_the_ledgers_message(tmp_path: Path) -> None:
    source = (
        "import sympy as sp\n"
        "from calcnotes.verify import Ledger\n"
        "x = sp.Symbol('x')\n"
        "Ledger('book/page.md').derivative(sp.tan(x), sp.sec(x), x)\n"
    )
    message = "book/page.md: d/dx tan(x) stated as sec(x), differs at x = 0.3: 1.047 vs 1.096"
    with pytest.raises(VerificationError, match=re.escape(message)):
        run_cell(_page(tmp_path), 1, source, "book/page.md")


def test_a_broken_cell_names_its_page_and_line(tmp_path: Path) -> None:
    source = "check.equal(undefined_name, 1)\n"
    with pytest.raises(RuntimeError, match=r"book/page\.md:10: the check cell failed: NameError"):
        run_cell(_page(tmp_path), 10, source, "book/page.md")


def test_a_ledger_must_name_the_page_it_is_on(tmp_path: Path) -> None:
    source = (
        "from calcnotes.verify import Ledger\nLedger('book/other.md').equal(1, 1, label='one')\n"
    )
    with pytest.raises(RuntimeError, match=r"creates Ledger\('book/other\.md'\); name the page"):
        run_cell(_page(tmp_path), 4, source, "book/page.md")


def test_only_hidden_cells_that_check_or_glue_are_check_cells() -> None:
    assert is_check_cell("check.equal(1, 1)", ("remove-cell",))
    assert is_check_cell("glue('a', 1, display=False)", ("remove-input",))
    assert not is_check_cell("check.equal(1, 1)", ())
    assert not is_check_cell("print(1)", ("remove-cell",))


def test_a_pages_results_are_kept_for_the_page_as_it_is(tmp_path: Path) -> None:
    """The build keeps what a page's cells computed; the mutation test reads it back."""
    path = _page(tmp_path)
    source = (
        "import sympy as sp\n"
        "from IPython.display import Math\n"
        "from myst_nb import glue\n"
        "x = sp.Symbol('x')\n"
        "glue('rule', Math(sp.latex(sp.diff(x**3, x))), display=False)\n"
        "glue('value', 6.75, display=False)\n"
    )
    run = run_cell(path, 3, source, "book/page.md")
    folder = tmp_path / "kept"
    assert kept_runs(folder, path, "book/page.md") is None
    keep_runs(folder, path, "book/page.md", [run])
    (back,) = kept_runs(folder, path, "book/page.md")  # type: ignore[misc]
    assert back.values == run.values and back.arguments == run.arguments
    assert back.glued["rule"].data == "3 x^{2}" and back.glued["value"] == 6.75
    assert kept_runs(folder, path, "book/other.md") is None  # another page
    path.write_text("# An edited page\n", encoding="utf-8")
    assert kept_runs(folder, path, "book/page.md") is None


def test_results_that_cannot_be_pickled_are_not_kept(tmp_path: Path) -> None:
    path, folder = _page(tmp_path), tmp_path / "kept"
    keep_runs(folder, path, "book/page.md", [CellRun(3, glued={"f": lambda: 1})])
    assert kept_runs(folder, path, "book/page.md") is None
    (folder / "junk.runs.pickle").parent.mkdir(parents=True, exist_ok=True)
    for file in folder.glob("*.runs.pickle"):
        file.write_bytes(b"not a pickle")
    assert kept_runs(folder, path, "book/page.md") is None
