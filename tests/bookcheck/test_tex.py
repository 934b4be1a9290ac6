"""The TeX reader: each notation of the book read one way, and unknown notation refused."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.bookcheck.tex import Context, TexError, parse, symbol
from calcnotes.rules import Sigmoid, latex

x, y, h, n = (symbol(name) for name in "xyhn")
f, g, u, v = (sp.Function(name) for name in "fguv")


def read(tex: str, **context: object) -> sp.Basic:
    statement = parse(tex, Context(**context) if context else None).statements[0]
    assert not statement.relations
    return statement.parts[0]


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        (r"2 x \sin(x) + x^{2} \cos(x)", 2 * x * sp.sin(x) + x**2 * sp.cos(x)),
        (r"\sin x \cos x", sp.sin(x) * sp.cos(x)),
        (r"\sin 2x", sp.sin(2 * x)),
        (r"\sec^2 x", sp.sec(x) ** 2),
        (r"\tanh^2 x", sp.tanh(x) ** 2),
        (r"\ln(1 + e^x)", sp.log(1 + sp.exp(x))),
        (r"\log_2 x", sp.log(x) / sp.log(2)),
        (r"\frac{4}{3}\pi x^3", sp.Rational(4, 3) * sp.pi * x**3),
        (r"\tfrac12 x", x / 2),
        (r"x^23", 3 * x**2),
        (r"\bigl(x + 1\bigr)^2", (x + 1) ** 2),
        (r"|x| + \lvert y \rvert", sp.Abs(x) + sp.Abs(y)),
        (r"\sigma(x)(1 - \sigma(x))", Sigmoid(x) * (1 - Sigmoid(x))),
        (r"\operatorname{ReLU}(x)", sp.Max(0, x)),
        (r"\max(0, x)", sp.Max(0, x)),
        (r"\sqrt[3]{x}", sp.root(x, 3)),
        (r"0.25", sp.Rational(1, 4)),
        (r"\frac{d}{dx}\left[x^3\right]", sp.Derivative(x**3, x)),
        (r"\frac{d}{dx} x^2 \sin x", sp.Derivative(x**2 * sp.sin(x), x)),
        (r"\frac{d^2 y}{dx^2}", sp.Derivative(sp.Function("y")(x), (x, 2))),
        (r"dL/dw", sp.Derivative(sp.Function("L")(symbol("w")), symbol("w"))),
        (r"\frac{\partial}{\partial y} x y^2", sp.Derivative(x * y**2, y)),
        (r"f''(x)", sp.Derivative(f(x), (x, 2))),
        (r"f^{(n)}(x)", sp.Derivative(f(x), (x, n))),
        (r"\sum_{k=1}^{3} k x", sp.Sum(symbol("k") * x, (symbol("k"), 1, 3))),
        (r"\lim_{h \to 0} \frac{f(x + h) - f(x)}{h}", sp.Limit((f(x + h) - f(x)) / h, h, 0, "+-")),
        (r"(3, 3)", sp.Tuple(3, 3)),
        (r"\Delta x", symbol("Delta_x")),
    ],
)
def test_notation(tex: str, expected: sp.Basic) -> None:
    assert read(tex) == expected


def test_primes_are_derivatives_never_dropped() -> None:
    assert read("u'v + uv'") == sp.diff(u(x), x) * v(x) + u(x) * sp.diff(v(x), x)
    assert read("(uv)'", dependent={"u": "x", "v": "x"}) == sp.Derivative(u(x) * v(x), x)
    assert (
        read("f'(2)").doit()
        == sp.Subs(sp.Derivative(f(symbol("t")), symbol("t")), symbol("t"), 2).doit()
    )


def test_application_only_for_functions_in_scope() -> None:
    assert read("x(x + 1)") == x * (x + 1)
    assert read("f(x + h)") == f(x + h)
    assert read("A(x) + 1", functions={"A"}) == sp.Function("A")(x) + 1
    # a name defined as a function in the formula itself is applied throughout it
    statement = parse(r"A(x) = 2x\sqrt{1 - x^2}").statements[0]
    assert statement.parts[0] == sp.Function("A")(x)


def test_dependent_names() -> None:
    # y'(3y^2 - 6x) multiplies: y is y(x) in implicit differentiation
    yx = sp.Function("y")(x)
    assert read("y'(3y^2 - 6x)") == sp.diff(yx, x) * (3 * yx**2 - 6 * x)
    assert read(r"\frac{dr}{dt}", dependent={"r": "t"}) == sp.Derivative(
        sp.Function("r")(symbol("t")), symbol("t")
    )


def test_relations_and_statements() -> None:
    formula = parse(r"f'(x) = 3x^2 - 3 \approx 0.1, \quad x \neq 0, \qquad 0 < x \le 2")
    assert [s.relations for s in formula.statements] == [("=", "~"), ("!=",), ("<", "<=")]
    aligned = parse("\\begin{aligned} y &= x^2 \\\\ &= x \\cdot x \\end{aligned}")
    assert aligned.statements[0].relations == ("=", "=")
    assert parse(r"\cos 0.5 =").statements[0].parts[1] == sp.Symbol("_blank")


@pytest.mark.parametrize(
    "tex",
    [
        r"\nabla \times \mathbf F",
        r"x \pm h",
        r"\begin{vmatrix} 1 \end{vmatrix}",
        r"\sigma",
        "x +",
        r"\sin^{-1} x",
    ],
)
def test_unknown_notation_is_refused(tex: str) -> None:
    with pytest.raises(TexError):
        parse(tex)


_leaves = st.sampled_from([x, y, sp.Integer(2), sp.Integer(3), sp.Rational(1, 2), sp.pi])
_expressions = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.builds(sp.Add, inner, inner),
        st.builds(sp.Mul, inner, inner),
        st.builds(lambda a: a**2, inner),
        st.builds(lambda a: 1 / (a + 3), inner),
        st.builds(sp.sin, inner),
        st.builds(sp.exp, inner),
        st.builds(lambda a: sp.log(a**2 + 1), inner),
        st.builds(sp.sqrt, st.builds(lambda a: a**2 + 1, inner)),
        st.builds(sp.tanh, inner),
        st.builds(lambda a: sp.Abs(a), inner),
    ),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(_expressions)
def test_round_trip_through_the_book_printer(expr: sp.Expr) -> None:
    """What the book prints from a checked expression reads back as the same expression."""
    back = read(latex(expr))
    assert sp.simplify(back - expr) == 0


def test_a_matrix_of_numbers_reads_as_a_matrix() -> None:
    (statement,) = parse(r"W = \begin{pmatrix} 0.5 & 0.3 \\ 0.2 & 0.7 \end{pmatrix}").statements
    assert statement.parts[1] == sp.ImmutableMatrix(
        [[sp.Rational(1, 2), sp.Rational(3, 10)], [sp.Rational(1, 5), sp.Rational(7, 10)]]
    )
