"""The book as a whole: every formula reads back through the printer, and the mutation test.

The mutation test makes single edits (a sign flipped, a digit changed) of the formulas typed in
the book, one at a time, and runs the edited page through the checker. It fails when the share
of edits inside relations caught falls below its floor (a ratchet towards nine in ten), and
prints every survivor so that an author sees which formulas are unguarded. To stay within the
test suite's time budget it tries a seeded sample of each page's edits (the same sample until
the page's formulas change), keeps each page's result in the execution cache until the page
or the package changes, and writes the survivors to ``_build/mutation-survivors.txt``;
``make mutation`` tries every edit of every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp
from execution_fingerprint import fingerprint
from site_build import build_dir, load_conf
from sympy.core.function import AppliedUndef

from calcnotes.bookcheck.mutation import PageMutations, mutate_book
from calcnotes.bookcheck.reader import read_page
from calcnotes.bookcheck.tex import Context, TexError, parse
from calcnotes.rules import latex

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    p for p in (ROOT / "book").rglob("*.md") if not any(part.startswith("_") for part in p.parts)
)
#: The floor the book must keep: the share of single edits inside relations that the checker
#: catches. It is a ratchet, raised as more formulas are bound to checks; the goal is 0.90
#: (see issue 11). Measured when set at 0.85: 499/560 = 89.1 % over the six pages with formulas;
#: raised to the goal at 517/557 = 92.8 % over the 42 pages (30 seeded edits per page).
REQUIRED_KILL_RATE = 0.90
#: Edits tried per page, a seeded sample of them (all of a page's edits when it has fewer).
EDITS_PER_PAGE = 30
SEED = 2026


def _formulas() -> list[tuple[str, int, str]]:
    return [
        (page.relative_to(ROOT).as_posix(), item.line, item.text)
        for page in PAGES
        for item in read_page(page.read_text(encoding="utf-8"))
        if item.kind == "math"
    ]


def test_every_formula_of_the_book_reads_back_through_the_printer() -> None:
    """SymPy -> LaTeX -> parse gives the same expression, for every part of every formula."""
    checked, wrong = 0, []
    for page, line, tex in _formulas():
        try:
            formula = parse(tex)
        except TexError:
            continue  # unreadable formulas are findings of the build (or exempt)
        for statement in formula.statements:
            for part in statement.parts:
                placeholders = {s for s in part.free_symbols if s.name.startswith("_")}
                if not isinstance(part, sp.Expr) or isinstance(part, sp.MatrixBase) or placeholders:
                    continue  # "= \\dots =", "f'(2) =" before a glued value, or a matrix of numbers
                functions = {call.func.__name__ for call in part.atoms(AppliedUndef)}
                if functions & {s.name for s in part.free_symbols}:
                    continue  # r and r(t) at once: only the page's scope says which is which
                back = parse(latex(part), Context(functions=functions | {"f", "g"}))
                (again,) = back.statements[0].parts
                try:
                    same = again == part or sp.simplify(again.doit() - part.doit()) == 0
                except TypeError:  # f^{(n)}: a derivative of symbolic order compares as written
                    same = sp.srepr(again) == sp.srepr(part)
                if not same:
                    wrong.append(f"{page}:{line}: {part} printed {latex(part)} reads {again}")
                checked += 1
    assert not wrong, "\n".join(wrong)
    assert checked > 500


@pytest.fixture(scope="module")
def mutations() -> list[PageMutations]:
    pages = [(path, path.relative_to(ROOT).as_posix()) for path in PAGES]
    # Kept beside the execution cache and keyed as it is (package and lock file), so that a
    # page is mutated again only when it, the checker or what its check cells run changed.
    conf = load_conf()
    package = fingerprint([ROOT / path for path in conf.execution_fingerprint_inputs], ROOT)
    cache = Path(conf.nb_execution_cache_path) / package
    # The build keeps what each page's check cells computed beside its formula report.
    return mutate_book(
        pages, sample=EDITS_PER_PAGE, seed=SEED, cache=cache / "mutations", kept=cache / "formulas"
    )


def test_the_checker_catches_single_edits_of_the_books_formulas(
    mutations: list[PageMutations], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = []
    for result in mutations:
        killed_in, total_in = result.rate(in_relation=True)
        killed, total = result.rate()
        if total:
            lines.append(
                f"{result.page}: inside relations {killed_in}/{total_in}, all {killed}/{total}"
            )
        for mutant in result.survivors():
            kind = "relation" if mutant.in_relation else "bare"
            lines.append(
                f"  survived ({kind}) line {mutant.line}: {mutant.original} -> {mutant.mutated}"
            )
    killed_in = sum(r.rate(in_relation=True)[0] for r in mutations)
    total_in = sum(r.rate(in_relation=True)[1] for r in mutations)
    report = "\n".join(lines)
    build = build_dir()
    build.mkdir(parents=True, exist_ok=True)
    (build / "mutation-survivors.txt").write_text(report + "\n", encoding="utf-8")
    with capsys.disabled():  # shown when run alone; under xdist, read the file
        print(f"\nmutation test: {killed_in}/{total_in} edits inside relations caught\n{report}")
    assert total_in > 300
    assert killed_in >= REQUIRED_KILL_RATE * total_in, report
