"""Level 2 of the notation contract (issue 15): vectors and matrices of symbolic size, declared
with \\in \\mathbb{R}^{...}. Each formula is read at several concrete sizes, so a transposed
shape fails; for each notation, a right formula builds and a wrong one (a sign, a transpose, a
swapped product, a wrong shape) is a located finding."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.bookcheck.arrays import SIZES
from calcnotes.bookcheck.checker import PageReport, check_items
from calcnotes.bookcheck.reader import read_page
from calcnotes.bookcheck.tex import Context, TexError, parse

PAGE = r"""
Let $\mathbf x \in \mathbb{R}^n$, $A \in \mathbb{R}^{m \times n}$ and $\mathbf b \in \mathbb{R}^m$.

% where: \mathbf a \in \mathbb{R}^n, B \in \mathbb{R}^{n \times n}, Z \in \mathbb{R}^{n \times m}, X \in \mathbb{R}^{n \times n}, X \succ 0, S \in \mathbb{S}^n, \mathbf z \in \mathbb{R}^m
Let $f(\mathbf x) = \mathbf a^\top \mathbf x$, $\mathbf g(\mathbf x) = A\mathbf x$ and $L = \frac{1}{2}\lVert A\mathbf x - \mathbf b \rVert^2$.

Then $FORMULA$.
"""

LINE = 8


def check(formula: str) -> PageReport:
    page = "# Page\n" + textwrap.dedent(PAGE).replace("FORMULA", formula)
    return check_items("book/page.md", read_page(page), [])


# (right, wrong)
CASES = [
    # gradients of scalars by vectors and matrices: the shape of the variable
    (r"\nabla_{\mathbf x} (\mathbf a^\top \mathbf x) = \mathbf a", r"\nabla_{\mathbf x} (\mathbf a^\top \mathbf x) = \mathbf a^\top"),
    (r"\nabla_{\mathbf x} \lVert A\mathbf x - \mathbf b \rVert^2 = 2A^\top (A\mathbf x - \mathbf b)",
     r"\nabla_{\mathbf x} \lVert A\mathbf x - \mathbf b \rVert^2 = 2A^\top (A\mathbf x + \mathbf b)"),
    (r"\nabla_{\mathbf x} \lVert A\mathbf x - \mathbf b \rVert^2 = 2A^\top (A\mathbf x - \mathbf b)",
     r"\nabla_{\mathbf x} \lVert A\mathbf x - \mathbf b \rVert^2 = 2(A\mathbf x - \mathbf b)^\top A"),
    (r"\nabla_{\mathbf x} L = A^\top (A\mathbf x - \mathbf b)", r"\nabla_{\mathbf x} L = A^\top (A\mathbf x - \mathbf b) + \mathbf x"),
    (r"\nabla_Z \operatorname{tr}(AZ) = A^\top", r"\nabla_Z \operatorname{tr}(AZ) = A"),
    (r"\nabla_X \log\det X = X^{-\top}", r"\nabla_X \log\det X = X"),
    (r"\nabla_X \ln\det X = (X^{-1})^\top", r"\nabla_X \ln\det X = -X^{-\top}"),
    (r"\nabla f(\mathbf x) = \mathbf a", r"\nabla f(\mathbf x) = 2\mathbf a"),
    # Jacobians, numerator layout
    (r"\frac{\partial (A\mathbf x)}{\partial \mathbf x} = A", r"\frac{\partial (A\mathbf x)}{\partial \mathbf x} = A^\top"),
    (r"\frac{\partial f}{\partial \mathbf x} = \mathbf a^\top", r"\frac{\partial f}{\partial \mathbf x} = \mathbf a"),
    (r"J_{\mathbf g}(\mathbf x) = A", r"J_{\mathbf g}(\mathbf x) = A^\top"),
    # Hessians
    (r"\nabla^2 (\mathbf x^\top B \mathbf x) = B + B^\top", r"\nabla^2 (\mathbf x^\top B \mathbf x) = 2B"),
    (r"\nabla^2 (\mathbf x^\top S \mathbf x) = 2S", r"\nabla^2 (\mathbf x^\top S \mathbf x) = S"),
    # products in order, transpose, inverse, trace, det
    (r"(AZ)^\top = Z^\top A^\top", r"(AZ)^\top = A^\top Z^\top"),
    (r"\mathbf x^\top B \mathbf x = \mathbf x^\top B^\top \mathbf x", r"\mathbf x^\top B \mathbf x = \mathbf x^\top \mathbf x"),
    (r"\operatorname{tr}(AZ) = \operatorname{tr}(ZA)", r"\operatorname{tr}(AZ) = \operatorname{tr}(ZA) + 1"),
    (r"\det(X^{-1}) = \frac{1}{\det X}", r"\det(X^{-1}) = \det X"),
    (r"(B + 2I)\mathbf x = B\mathbf x + 2\mathbf x", r"(B + 2I)\mathbf x = B\mathbf x + \mathbf x"),
    (r"I_n \mathbf x = \mathbf x", r"I_m \mathbf x = \mathbf x"),
    (r"\mathbf x^\top X \mathbf x > 0", r"\mathbf x^\top X \mathbf x < 0"),
    # elementwise: \odot, diag, functions, softmax
    (r"\operatorname{diag}(\mathbf a) \mathbf x = \mathbf a \odot \mathbf x", r"\operatorname{diag}(\mathbf a) \mathbf x = \mathbf a \odot \mathbf a"),
    (r"\sigma(\mathbf x) \odot \mathbf a = \mathbf a \odot \sigma(\mathbf x)", r"\sigma(\mathbf x) \odot \mathbf a = \mathbf a \odot \sigma(\mathbf a)"),
    (r"\exp(\mathbf x) \odot \exp(\mathbf a) = \exp(\mathbf x + \mathbf a)", r"\exp(\mathbf x) \odot \exp(\mathbf a) = \exp(\mathbf x \odot \mathbf a)"),
    (r"\operatorname{softmax}(\mathbf x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", r"\operatorname{softmax}(\mathbf x)_i = \frac{e^{x_i}}{\sum_j e^{2 x_j}}"),
    # entries and sums over them
    (r"\sum_{i=1}^{n} a_i x_i = \mathbf a^\top \mathbf x", r"\sum_{i=1}^{n} a_i x_i = \mathbf a^\top \mathbf a"),
    (r"\sum_{i,j} B_{ij} = \mathbf 1_n^\top B \mathbf 1_n", r"\sum_{i,j} B_{ij} = \mathbf 1_n^\top B \mathbf 1_m"),
    (r"\sum_i b_i^2 = \lVert \mathbf b \rVert^2", r"\sum_i b_i^2 = \lVert \mathbf b \rVert"),
    # shapes of expressions and of definitions
    (r"A \mathbf x", r"\mathbf x A"),
    (r"\mathbf z = A\mathbf x + \mathbf b", r"\mathbf z = A^\top \mathbf b"),
]  # fmt: skip


@pytest.mark.parametrize(("right", "wrong"), CASES)
def test_a_right_formula_in_symbolic_sizes_builds(right: str, wrong: str) -> None:
    report = check(right)
    assert [str(f) for f in report.findings] == []
    assert report.relations + report.names + report.definitions >= 1


@pytest.mark.parametrize(("right", "wrong"), CASES)
def test_a_wrong_formula_in_symbolic_sizes_is_a_located_finding(right: str, wrong: str) -> None:
    report = check(wrong)
    assert report.findings, wrong
    (finding,) = report.findings
    assert finding.tex == wrong and finding.line == LINE and finding.page == "book/page.md"


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (
            r"\nabla_{\mathbf x} (\mathbf a^\top \mathbf x) = \mathbf a^\top",
            "the shapes differ at n = 2, m = 3: a 2 x 1 vector (n x 1) on the left,"
            " a 1 x 2 row (1 x n) on the right",
        ),
        (r"\mathbf x A", "a product of a 2 x 1 vector and a 3 x 2 matrix"),
        (
            r"(AZ)^\top = A^\top Z^\top",
            "a 3 x 3 matrix (m x m) on the left, a 2 x 2 matrix (n x n)",
        ),
        (
            r"\mathbf z = A^\top \mathbf b",
            "z is declared a 3 x 1 vector (m x 1) but defined as a 2 x 1 vector (n x 1)",
        ),
        (r"\nabla_X \log\det X = X", "the two sides differ at n = 2, m = 3: entry (1, 1)"),
        (r"\mathbf x^\top X \mathbf x < 0", "the left side is not smaller"),
    ],
)
def test_the_message_names_the_sizes_and_the_shapes(wrong: str, words: str) -> None:
    (finding,) = check(wrong).findings
    assert words in finding.message, finding.message


def test_a_transpose_of_an_undeclared_vector_says_to_declare_it() -> None:
    (finding,) = check_items(
        "book/page.md", read_page("# P\n\nThen $\\mathbf s^\\top A \\mathbf s > 0$.\n"), []
    ).findings
    assert "whose shape is not declared" in finding.message


def test_declarations_are_conditions_and_sizes_are_tried_both_ways() -> None:
    report = check(r"A \mathbf x")
    assert report.conditions == 3  # the three shapes declared in the prose
    assert {row[:2] for row in SIZES} >= {(2, 3), (3, 2)}


_size = st.integers(min_value=1, max_value=4)
_entry = st.integers(min_value=-5, max_value=5)


def _matrix(draw: st.DrawFn, rows: int, cols: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(rows, cols, [draw(_entry) for _ in range(rows * cols)])


@st.composite
def _pair(draw: st.DrawFn) -> tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]:
    m, n, k = draw(_size), draw(_size), draw(_size)
    return _matrix(draw, m, n), _matrix(draw, n, k)


@settings(max_examples=60, deadline=None)
@given(_pair())
def test_laws_of_products_parse_and_hold_for_every_size(
    pair: tuple[sp.ImmutableMatrix, sp.ImmutableMatrix],
) -> None:
    """(AB)^T = B^T A^T and tr(AB) = tr(BA) read and hold at any sizes; A^T B^T fits only
    when the sizes allow it."""
    a, b = pair
    context = Context(arrays={"A": a, "B": b})
    (statement,) = parse(r"(AB)^\top = B^\top A^\top", context).statements
    assert statement.parts[0] == statement.parts[1]
    if a.shape[0] == b.shape[1]:
        (statement,) = parse(r"\operatorname{tr}(AB) = \operatorname{tr}(BA)", context).statements
        assert statement.parts[0] == statement.parts[1]
    if a.shape[0] != b.shape[1] and (1, 1) not in (a.shape, b.shape):  # a 1 x 1 is a number
        with pytest.raises(TexError, match="the shapes do not fit"):
            parse(r"A^\top B^\top", context)
