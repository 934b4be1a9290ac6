"""The mutation test's machinery: the edits, the seeded sample, and its cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from calcnotes.bookcheck import mutation
from calcnotes.bookcheck.mutation import PageMutations, mutants, mutate_book, mutate_page

PAGE = """# Squares

The square of a sum:

$$
(x + 1)^2 = x^2 + 2x + 1
$$

and of a difference:

$$
(x - 3)^2 = x^2 - 6x + 9
$$
"""


def _page(folder: Path, text: str = PAGE) -> Path:
    path = folder / "squares.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_digit_and_sign_is_edited_once() -> None:
    assert [edit for _, edit in mutants("x^2 - 6x")] == ["x^3 - 6x", "x^2 + 6x", "x^2 - 7x"]
    assert mutants(r"\frac12 \\ a") == [(5, r"\frac22 \\ a"), (6, r"\frac13 \\ a")]


def test_a_wrong_relation_is_caught(tmp_path: Path) -> None:
    result = mutate_page(_page(tmp_path), "squares.md")
    assert result.rate(in_relation=True) == (len(result.mutants), len(result.mutants))
    assert len(result.mutants) >= 10


@pytest.mark.parametrize("sample", [1, 3, 5])
def test_the_sample_is_seeded_and_holds_no_equivalent_edit(tmp_path: Path, sample: int) -> None:
    path = _page(tmp_path)
    first = mutate_page(path, "squares.md", sample=sample, seed=7)
    assert first.mutants == mutate_page(path, "squares.md", sample=sample, seed=7).mutants
    assert len(first.mutants) == sample
    everything = {m.mutated for m in mutate_page(path, "squares.md").mutants}
    assert {m.mutated for m in first.mutants} <= everything


def test_the_cache_serves_an_unchanged_page_and_redoes_a_changed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, cache = _page(tmp_path), tmp_path / "cache"
    (first,) = mutate_book([(path, "squares.md")], sample=4, seed=1, jobs=1, cache=cache)
    done: list[str] = []
    real = mutation._mutate_one

    def counted(job: tuple[Path, str, int | None, int]) -> PageMutations:
        done.append(job[1])
        return real(job)

    monkeypatch.setattr(mutation, "_mutate_one", counted)
    (again,) = mutate_book([(path, "squares.md")], sample=4, seed=1, jobs=1, cache=cache)
    assert again == first and done == []
    mutate_book([(path, "squares.md")], sample=4, seed=2, jobs=1, cache=cache)
    assert done == ["squares.md"]
    _page(tmp_path, PAGE.replace("9", "10"))
    mutate_book([(path, "squares.md")], sample=4, seed=1, jobs=1, cache=cache)
    assert done == ["squares.md", "squares.md"]


def test_the_builds_cell_results_are_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build keeps what each page's check cells computed: the edits are checked against it
    without running the cells again, with the same result."""
    from calcnotes.bookcheck.checker import check_page

    path = _page(tmp_path, PAGE + "\n```{code-cell} python\n:tags: [remove-cell]\n"
                 "from myst_nb import glue\nglue('nine', 9, display=False)\n```\n")  # fmt: skip
    fresh = mutate_page(path, "squares.md", sample=6, seed=3)
    check_page(path, "squares.md", keep=tmp_path / "kept")

    def no_cells(*args: object) -> None:
        raise AssertionError("the cells ran again")

    monkeypatch.setattr(mutation, "run_check_cells", no_cells)
    kept = mutate_page(path, "squares.md", sample=6, seed=3, kept=tmp_path / "kept")
    assert kept.mutants == fresh.mutants
