"""Level 1 of the notation contract (issue 15): functions of several named variables, explicit
vectors and matrices. For each notation, a right formula builds and a wrong one (a sign, a
swapped entry or product, a transpose, a wrong shape) is a located finding."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from calcnotes.bookcheck.cells import CellRun
from calcnotes.bookcheck.checker import PageReport, check_items
from calcnotes.bookcheck.reader import read_page
from calcnotes.bookcheck.tex import Context, TexError, parse, symbol

x, y, w1, w2 = (symbol(name) for name in ("x", "y", "w_1", "w_2"))
CELL = "\n```{code-cell} python\n:tags: [remove-cell]\n```\n"

#: What the section's hidden cell computes: f, the vectors and the matrix the page binds.
VALUES = (
    x**2 * y + y**3,
    sp.ImmutableMatrix([sp.Rational(3, 5), sp.Rational(4, 5)]),
    sp.ImmutableMatrix([1, 2]),
    sp.ImmutableMatrix([3, -1]),
    sp.ImmutableMatrix([[2, 1], [1, 2]]),
    w1**2 + 3 * w2**2,
)

PAGE = r"""
Let $f(x, y) = x^2 y + y^3$, $\mathbf u = (3/5, 4/5)$, $\mathbf a = \begin{pmatrix} 1 \\ 2 \end{pmatrix}$,
$\mathbf b = (3, -1)$ and $H = \begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}$.

Let $\mathbf w = (w_1, w_2)$ and $L(w_1, w_2) = w_1^2 + 3 w_2^2$.

Then $FORMULA$.
"""


def check(formula: str) -> PageReport:
    page = "# Page\n" + textwrap.dedent(PAGE).replace("FORMULA", formula) + CELL
    items = read_page(page)
    line = next(item.line for item in items if item.kind == "cell")
    return check_items("book/page.md", items, [CellRun(line, values=list(VALUES))])


def findings(formula: str) -> list[str]:
    return [finding.message for finding in check(formula).findings]


# (right, wrong): each notation of the contract's level 1
CASES = [
    # partial derivatives, every notation
    (r"\frac{\partial f}{\partial x} = 2xy", r"\frac{\partial f}{\partial x} = 2y"),
    (r"\partial_x f = 2xy", r"\partial_x f = -2xy"),
    (r"\partial_y f(1, 2) = 13", r"\partial_y f(1, 2) = 4"),
    (r"f_x = 2xy", r"f_x = x^2"),
    (r"f_y(x, y) = x^2 + 3y^2", r"f_y(x, y) = x^2 - 3y^2"),
    (r"f_x(1, 2) = 4", r"f_x(1, 2) = 2"),
    (r"f_{xx} = 2y", r"f_{xx} = 2x"),
    (r"f_{xy} = 2x", r"f_{xy} = 2y"),
    (r"f_{yx} = f_{xy}", r"f_{yy} = f_{xy}"),
    (r"\frac{\partial^2 f}{\partial x^2} = 2y", r"\frac{\partial^2 f}{\partial x^2} = 6y"),
    (r"\frac{\partial^2 f}{\partial x \, \partial y} = 2x", r"\frac{\partial^2 f}{\partial x \, \partial y} = 6y"),
    (r"\frac{\partial^2 f}{\partial y \partial x} = 2x", r"\frac{\partial^2 f}{\partial y \partial x} = -2x"),
    (r"\frac{\partial}{\partial x}\left( x^2 y \right) = 2xy", r"\frac{\partial}{\partial x}\left( x^2 y \right) = x^2"),
    (r"\frac{\partial L}{\partial w_1} = 2 w_1", r"\frac{\partial L}{\partial w_2} = 2 w_1"),
    # relations among partials, at points
    (r"f_{xx} f_{yy} - f_{xy}^2 = 12y^2 - 4x^2", r"f_{xx} f_{yy} - f_{xy}^2 = 12y^2 + 4x^2"),
    (r"f_{xx}(0, 1) = 2", r"f_{xx}(0, 1) = 3"),
    # the gradient: a column of partials in the order of f's parameters
    (r"\nabla f(x, y) = \begin{pmatrix} 2xy \\ x^2 + 3y^2 \end{pmatrix}",
     r"\nabla f(x, y) = \begin{pmatrix} x^2 + 3y^2 \\ 2xy \end{pmatrix}"),
    (r"\nabla f(1, 2) = \begin{pmatrix} 4 \\ 13 \end{pmatrix}", r"\nabla f(1, 2) = \begin{pmatrix} 13 \\ 4 \end{pmatrix}"),
    (r"\nabla f(1, 2) = (4, 13)", r"\nabla f(1, 2) = (4, -13)"),
    (r"\nabla f(1, 2) = \begin{bmatrix} 4 \\ 13 \end{bmatrix}", r"\nabla f(1, 2) = \begin{bmatrix} 4 & 13 \end{bmatrix}"),
    (r"\nabla f(1, 2) = (4, 13)", r"\nabla f(1, 2) = (4, 13, 0)"),
    # the Hessian
    (r"\nabla^2 f(x, y) = \begin{pmatrix} f_{xx} & f_{xy} \\ f_{yx} & f_{yy} \end{pmatrix}",
     r"\nabla^2 f(x, y) = \begin{pmatrix} f_{yy} & f_{xy} \\ f_{yx} & f_{xx} \end{pmatrix}"),
    (r"\nabla^2 f(x, y) = \begin{bmatrix} 2y & 2x \\ 2x & 6y \end{bmatrix}",
     r"\nabla^2 f(x, y) = \begin{bmatrix} 2y & 2x \\ 2y & 6y \end{bmatrix}"),
    # directional derivative, dot product, norms
    (r"D_{\mathbf u} f(x, y) = \nabla f(x, y) \cdot \mathbf u", r"D_{\mathbf u} f(x, y) = \nabla f(x, y) \cdot \mathbf a"),
    (r"D_{\mathbf u} f(1, 2) = 64/5", r"D_{\mathbf u} f(1, 2) = 12/5"),
    (r"\mathbf a \cdot \mathbf b = 1", r"\mathbf a \cdot \mathbf b = -1"),
    (r"\lVert \mathbf a \rVert = \sqrt{5}", r"\lVert \mathbf a \rVert = \sqrt{3}"),
    (r"\|\mathbf b\|^2 = 10", r"\|\mathbf b\|^2 = 9"),
    (r"\lVert \mathbf u \rVert_2 = 1", r"\lVert \mathbf u \rVert_2 = 2"),
    # explicit matrices: det, trace, transpose, inverse, products in order
    (r"\det H = 3", r"\det H = 5"),
    (r"\det(H) = 3", r"\det(H) = -3"),
    (r"\operatorname{tr} H = 4", r"\operatorname{tr} H = 3"),
    (r"H^\top = H", r"H^\top = -H"),
    (r"H^{-1} = \frac{1}{3}\begin{pmatrix} 2 & -1 \\ -1 & 2 \end{pmatrix}",
     r"H^{-1} = \frac{1}{3}\begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}"),
    (r"H \mathbf a = (4, 5)", r"H \mathbf a = (5, 4)"),
    (r"H \mathbf a = (4, 5)", r"\mathbf a^\top H = (4, 5)"),
    (r"\mathbf a^\top H \mathbf a = 14", r"\mathbf a^\top H \mathbf a = 15"),
    (r"\mathbf a^\top \mathbf b = \mathbf a \cdot \mathbf b", r"\mathbf a \mathbf b^\top = \mathbf a \cdot \mathbf b"),
    # limits at a point of several variables
    (r"\lim_{(x, y) \to (0, 0)} \frac{x^2 y^2}{x^2 + y^2} = 0", r"\lim_{(x, y) \to (0, 0)} \frac{x^2 y^2}{x^2 + y^2} = 1"),
    (r"\lim_{(x, y) \to (1, 2)} (x^2 + y) = 3", r"\lim_{(x, y) \to (1, 2)} \frac{xy}{x^2 + y^2} = 0"),
]  # fmt: skip


@pytest.mark.parametrize(("right", "wrong"), CASES)
def test_a_right_formula_of_several_variables_builds(right: str, wrong: str) -> None:
    report = check(right)
    assert [str(f) for f in report.findings] == []
    assert report.relations >= 1


@pytest.mark.parametrize(("right", "wrong"), CASES)
def test_a_wrong_formula_of_several_variables_is_a_located_finding(right: str, wrong: str) -> None:
    report = check(wrong)
    assert report.findings, wrong
    (finding,) = report.findings
    assert finding.tex == wrong and finding.line == 8 and finding.page == "book/page.md"


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (
            r"\nabla f(1, 2) = (4, 13, 0)",
            "the shapes differ: a 2 x 1 vector on the left, a 3 x 1 vector on the right",
        ),
        (r"\nabla f(1, 2) = \begin{pmatrix} 4 & 13 \end{pmatrix}", "a 1 x 2 row on the right"),
        (r"\nabla f(1, 2) = (13, 4)", "entry 1: 4 vs 13"),
        (r"H \mathbf a^\top = (4, 5)", "a product of a 2 x 2 matrix and a 1 x 2 row"),
        (r"\mathbf a + H = H", "a sum of a 2 x 1 vector and a 2 x 2 matrix"),
        (r"\det \mathbf a = 1", "not a square matrix"),
        (r"H^{-1} = \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", "entry (1, 1)"),
    ],
)
def test_the_message_names_the_shapes_and_the_entry(wrong: str, words: str) -> None:
    (message,) = findings(wrong)
    assert words in message, message


@pytest.mark.parametrize(
    "formula",
    [
        r"\nabla f",
        r"\nabla f(x, y)",
        r"(x, y) \to (0, 0)",
        r"\partial_x f",
        r"f_{xy}",
        r"\mathbf u",
    ],
)
def test_notation_alone_is_a_name_or_a_condition(formula: str) -> None:
    report = check(formula)
    assert report.findings == [] and report.names + report.conditions + report.tied >= 1


def test_a_bound_vector_or_matrix_must_be_one_the_checks_compute() -> None:
    page = (
        "# Page\n\nTake $\\mathbf u = (3/5, 4/5)$ and $H = \\begin{pmatrix} 2 & 1 \\\\ 1 & 2 \\end{pmatrix}$.\n"
        + CELL
    )
    items = read_page(page)
    line = next(item.line for item in items if item.kind == "cell")
    right = check_items("book/page.md", items, [CellRun(line, values=list(VALUES))])
    assert right.findings == [] and right.tied == 2
    wrong = check_items(
        "book/page.md", read_page(page.replace("4/5", "3/5")), [CellRun(line, values=list(VALUES))]
    )
    assert "not one the section's check cells compute" in wrong.findings[0].message


def test_partials_follow_the_parameters_of_the_function() -> None:
    context = Context(functions={"f", "g"}, parameters={"f": ("x", "y")})
    (statement,) = parse(r"\frac{\partial^2 f}{\partial y \partial x}", context).statements
    f = sp.Function("f")
    assert statement.parts[0] == sp.Derivative(f(x, y), x, y)
    (statement,) = parse(r"f_{xy}(1, 2)", context).statements
    assert statement.parts[0].doit() == sp.Subs(sp.Derivative(f(x, y), x, y), (x, y), (1, 2)).doit()
    with pytest.raises(TexError):
        parse(r"\partial_t f", context)
