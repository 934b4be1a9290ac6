"""The notations issue 15 left pending after session 4: each is read and checked (a right
formula builds with no finding and counts as a relation, a definition or a condition, never a
mere name), and a wrong one (sign, transpose, swapped product, wrong entry, wrong shape) is a
located finding with a message that says what differs."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.bookcheck.arrays import entries
from calcnotes.bookcheck.checker import PageReport, _sample_entries, _Scope, check_items
from calcnotes.bookcheck.reader import read_page


def check(page: str) -> PageReport:
    return check_items("book/page.md", read_page("# Page\n" + textwrap.dedent(page)), [])


def checked(report: PageReport) -> int:
    """Statements checked for real: proven relations, bound definitions, hypotheses."""
    return report.relations + report.definitions + report.conditions


# -- hypotheses on the entries: \det X > 0, \mathbf 1^\top \mathbf y = 1 ---------------------

HYPOTHESES = r"""
Let $X \in \mathbb{R}^{n \times n}$ with $CONDITION$. Then $FORMULA$.
"""

HYPOTHESIS_CASES = [
    # (condition, right formula, wrong formula)
    (r"\det X > 0", r"\lvert \det X \rvert = \det X", r"\lvert \det X \rvert = -\det X"),
    (r"\det(X) < 0", r"\lvert \det X \rvert = -\det X", r"\lvert \det X \rvert = \det X"),
]


@pytest.mark.parametrize(("condition", "right", "wrong"), HYPOTHESIS_CASES)
def test_a_determinant_sign_is_a_condition_the_entries_satisfy(
    condition: str, right: str, wrong: str
) -> None:
    page = HYPOTHESES.replace("CONDITION", condition)
    good = check(page.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1 and good.conditions == 2
    bad = check(page.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and "differ" in bad.findings[0].message


def test_without_the_sign_the_claim_is_a_finding() -> None:
    report = check(r"Let $X \in \mathbb{R}^{n \times n}$. Then $\lvert \det X \rvert = \det X$.")
    assert len(report.findings) == 1


DISTRIBUTION = r"""
Let $\mathbf z, \mathbf y \in \mathbb{R}^k$ and $\mathbf p = \operatorname{softmax}(\mathbf z)$, $L = -\mathbf y^\top \ln \mathbf p$.

SUMS

Then $FORMULA$.
"""

SUMS = [r"A target with $\mathbf 1^\top \mathbf y = 1$.", r"% where: \mathbf 1^\top \mathbf y = 1"]


@pytest.mark.parametrize("sums", SUMS)
@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        (
            r"\nabla_{\mathbf z} L = \mathbf p - \mathbf y",
            r"\nabla_{\mathbf z} L = \mathbf y - \mathbf p",
        ),
        (
            r"\nabla_{\mathbf z} L = \mathbf p - \mathbf y",
            r"\nabla_{\mathbf z} L = \mathbf p^\top - \mathbf y^\top",
        ),
        (r"\sum_i y_i = 1", r"\sum_i y_i = 2"),
    ],
)
def test_entries_summing_to_one_are_a_hypothesis(sums: str, right: str, wrong: str) -> None:
    page = DISTRIBUTION.replace("SUMS", sums)
    good = check(page.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1
    bad = check(page.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong


def test_the_gradient_for_any_target_needs_no_hypothesis() -> None:
    page = DISTRIBUTION.replace("SUMS", "")
    good = check(
        page.replace(
            "FORMULA", r"\nabla_{\mathbf z} L = (\mathbf 1^\top \mathbf y)\, \mathbf p - \mathbf y"
        )
    )
    assert good.findings == [] and good.relations == 1
    bad = check(page.replace("FORMULA", r"\nabla_{\mathbf z} L = \mathbf p - \mathbf y"))
    assert len(bad.findings) == 1 and "differ" in bad.findings[0].message


@settings(max_examples=25, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=4), draw=st.integers(0, 50), seed=st.text(max_size=8)
)
def test_drawn_entries_satisfy_the_declared_hypotheses(size: int, draw: int, seed: str) -> None:
    scope = _Scope()
    frame = scope.frames[0]
    frame.shapes.update({"X": (sp.Symbol("n"), sp.Symbol("n")), "ybold": (sp.Symbol("n"), 1)})
    frame.properties.update({"X": {"negative determinant"}, "ybold": {"entries sum to one"}})
    x, y = entries("X", size, size), list(entries("ybold", size, 1))
    values = _sample_entries(scope, set(x) | set(y), {"n": size}, draw, seed)
    assert x.xreplace(values).det() < 0
    assert sum(values[v] for v in y) == 1 and all(values[v] > 0 for v in y)
