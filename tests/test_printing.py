"""The book's printers: LaTeX as a textbook writes it, and plain text for messages."""

from __future__ import annotations

import pytest
import sympy as sp

from calcnotes.bookcheck.tex import parse
from calcnotes.printing import d_dx, latex, ordered_sum, plain_text
from calcnotes.sympy_functions import LogBase, Sigmoid

x = sp.Symbol("x")


def test_latex_prints_the_book_notation() -> None:
    u, v = sp.Function("u")(x), sp.Function("v")(x)
    f, g = sp.Function("f"), sp.Function("g")(x)
    assert latex(sp.diff(u * v, x)) == "u v' + u' v"  # SymPy's own order when not written
    assert latex(sp.diff(f(g), x)) == "f'(g(x)) g'(x)"
    assert latex(sp.Derivative(u, (x, 2))) == "u''"
    assert latex(sp.log(x)) == r"\ln x"
    assert latex(sp.log(x**2 + 1)) == r"\ln\left(x^{2} + 1\right)"
    assert latex(sp.sin(2 * x)) == r"\sin{\left(2 x \right)}"
    assert latex(sp.atan(x)) == r"\arctan x"
    assert latex(LogBase(x, 2)) == r"\log_{2} x"
    assert latex(Sigmoid(2 * x)) == r"\sigma\left(2 x\right)"
    assert (
        latex(x**2 + 1) == "x^{2} + 1"
    )  # an equal sum in the rule data keeps its order there only


def test_an_ordered_sum_prints_in_the_order_written() -> None:
    written = ordered_sum(sp.exp(x), -(x**2))
    assert latex(written) == r"e^{x} - x^{2}"
    assert latex(sp.exp(x) - x**2) == r"- x^{2} + e^{x}"  # the same sum built elsewhere
    assert sp.simplify(written - (sp.exp(x) - x**2)) == 0


def test_plain_text_writes_primes_for_messages() -> None:
    u = sp.Function("u")(x)
    assert plain_text(sp.Derivative(u, x)) == "u'(x)"
    assert plain_text(Sigmoid(x)) == "sigma(x)"
    assert plain_text(LogBase(x, 10)) == "log_10(x)"


def test_d_dx_names_the_variable() -> None:
    assert d_dx(x) == r"\frac{d}{dx}"
    assert d_dx(sp.Symbol("theta")) == r"\frac{d}{d\theta}"


def test_a_limit_before_another_factor_is_bracketed() -> None:
    f, g = sp.Function("f")(x), sp.Function("g")(x)
    a = sp.Symbol("a")
    product = sp.Limit(f, x, a, dir="+-") * sp.Limit(g, x, a, dir="+-")
    printed = latex(product)
    assert printed.startswith(r"\left(\lim_{x \to a}") and printed.count(r"\lim") == 2
    assert str(parse(printed).statements[0].parts[0]) == str(product)  # reads back as the product
    assert latex(3 * sp.Limit(f, x, a, dir="+-")) == r"3 \lim_{x \to a} f(x)"  # last: no brackets


@pytest.mark.parametrize(
    ("tex", "printed"),
    [
        (r"\mathbf x", r"\mathbf{x}"),
        (r"\boldsymbol\delta_2", r"\boldsymbol{\delta}_{2}"),
        (r"\mathbf h_1", r"\mathbf{h}_{1}"),
        (r"J_{\mathbf f \circ \mathbf g}", r"J_{\mathbf{f} \circ \mathbf{g}}"),
        (r"J_{\mathbf f}", r"J_{\mathbf{f}}"),
        (r"\mathbb{R}^{m \times n}", r"\mathbb{R}^{m \times n}"),
        (r"\mathbb{R}^n", r"\mathbb{R}^{n}"),
        (r"\mathbb{S}^n", r"\mathbb{S}^{n}"),
        (r"2 \mathbf a + \mathbf b", r"2 \mathbf{a} + \mathbf{b}"),
    ],
)
def test_the_checkers_names_of_vectors_and_shapes_print_back(tex: str, printed: str) -> None:
    (part,) = parse(tex).statements[0].parts
    assert latex(part) == printed
    assert parse(latex(part)).statements[0].parts[0] == part


def test_a_shape_declaration_prints_back_whole() -> None:
    statement = parse(r"\mathbf x \in \mathbb{R}^n").statements[0]
    assert " \\in ".join(latex(p) for p in statement.parts) == r"\mathbf{x} \in \mathbb{R}^{n}"
