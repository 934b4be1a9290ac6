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


# -- an arbitrary f of a vector: the quadratic form of its Hessian, Taylor's \approx --------

GENERIC = r"""
Let $f$ have continuous second partial derivatives near $\mathbf a$. For a small step $\mathbf s$, $FORMULA$.
"""

TAYLOR = r"f(\mathbf a + \mathbf s) \approx f(\mathbf a) + \nabla f(\mathbf a)^\top \mathbf s"
QUADRATIC = r"\frac{1}{2}\, \mathbf s^\top \nabla^2 f(\mathbf a)\, \mathbf s"

TRANSPOSED = r"\frac{1}{2}\, \mathbf s \nabla^2 f(\mathbf a)\, \mathbf s^\top"
AT_THE_STEP = r"\frac{1}{2}\, \mathbf s^\top \nabla^2 f(\mathbf s)\, \mathbf s"
WRONG_VECTOR = r"\frac{1}{2}\, \mathbf a^\top \nabla^2 f(\mathbf a)\, \mathbf s"

GENERIC_CASES = [
    # (right, wrong, what the wrong one's message says)
    (TAYLOR, TAYLOR.replace(r"\nabla f", r"2\nabla f"), "power 1"),
    (TAYLOR, TAYLOR.replace(r"+ \nabla", r"- \nabla"), "power 1"),
    (f"{TAYLOR} + {QUADRATIC}", f"{TAYLOR} - {QUADRATIC}", "power 2"),
    (f"{TAYLOR} + {QUADRATIC}", f"{TAYLOR} + {TRANSPOSED}", "shapes"),
    (f"{TAYLOR} + {QUADRATIC}", f"{TAYLOR} + {WRONG_VECTOR}", "power 1"),
    (f"{TAYLOR} + {QUADRATIC}", f"{TAYLOR} + {AT_THE_STEP}", "not approximately equal"),
]


@pytest.mark.parametrize(("right", "wrong", "message"), GENERIC_CASES)
def test_a_taylor_approximation_in_vectors_has_an_error_of_higher_order(
    right: str, wrong: str, message: str
) -> None:
    good = check(GENERIC.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1
    bad = check(GENERIC.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and message in bad.findings[0].message


LINE = r"""
Restrict $f$ to the line through $\mathbf a$ along $\mathbf s$: $\varphi(\tau) = f(\mathbf a + \tau \mathbf s)$. By the chain rule
$FORMULA$.
"""


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        (
            r"\varphi'(\tau) = \nabla f(\mathbf a + \tau \mathbf s)^\top \mathbf s",
            r"\varphi'(\tau) = \nabla f(\mathbf a + \tau \mathbf s)^\top \mathbf a",
        ),
        (
            r"\varphi'(\tau) = \nabla f(\mathbf a + \tau \mathbf s)^\top \mathbf s",
            r"\varphi'(\tau) = \nabla f(\mathbf a)^\top \mathbf s",
        ),
        (
            r"\varphi'(0) = \nabla f(\mathbf a)^\top \mathbf s",
            r"\varphi'(0) = -\nabla f(\mathbf a)^\top \mathbf s",
        ),
    ],
)
def test_the_derivative_along_a_line_reads_its_vectors(right: str, wrong: str) -> None:
    good = check(LINE.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1 and good.definitions == 1
    bad = check(LINE.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong


def test_a_vector_the_formula_defines_is_not_taken_for_a_step() -> None:
    report = check(
        r"Let $\mathbf g = \nabla f(\mathbf p)$ and $\nabla f(\mathbf p)^\top \mathbf g = \lVert \mathbf g \rVert^2$."
    )
    assert report.findings == [] and report.definitions == 1 and report.relations == 1


def test_a_prime_twice_on_a_greek_function_is_its_second_derivative() -> None:
    page = r"Let $\varphi(t) = f(2t)$, so $FORMULA$."
    report = check(page.replace("FORMULA", r"\varphi''(t) = 4 f''(2t)"))
    assert report.findings == [] and report.relations == 1
    wrong = check(page.replace("FORMULA", r"\varphi''(t) = 2 f''(2t)"))
    assert len(wrong.findings) == 1 and "differ" in wrong.findings[0].message


# -- a theorem's names hold for its proof; index notation with \delta_{ij}; bare ties -------

SOFTMAX = r"""
% where: \mathbf z \in \mathbb{R}^K

:::{prf:theorem} Jacobian of the softmax
:label: thm-softmax

Let $\mathbf p = \operatorname{softmax}(\mathbf z)$. Then $\frac{\partial \mathbf p}{\partial \mathbf z} = \operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top$.
:::

:::{prf:proof}
Write $S = \sum_j e^{z_j}$, so $FORMULA$.
:::
"""

SOFTMAX_CASES = [
    (r"\frac{\partial S}{\partial z_j} = e^{z_j}", r"\frac{\partial S}{\partial z_j} = e^{z_i}"),
    (
        r"\frac{\partial p_i}{\partial z_j} = \frac{\delta_{ij} e^{z_i} S - e^{z_i} e^{z_j}}{S^2}",
        r"\frac{\partial p_i}{\partial z_j} = \frac{\delta_{ij} e^{z_i} S + e^{z_i} e^{z_j}}{S^2}",
    ),
    (
        r"\frac{\partial p_i}{\partial z_j} = \delta_{ij} p_i - p_i p_j",
        r"\frac{\partial p_i}{\partial z_j} = \delta_{ij} p_j - p_i",
    ),
    (r"p_i - p_i \sum_j p_j = 0", r"p_i - \sum_j p_j = 0"),
    (
        r"\frac{\partial p_i}{\partial z_j} = p_i (\delta_{ij} - p_j)",
        r"\frac{\partial p_i}{\partial z_j} = p_j (\delta_{ij} - p_i p_j)",
    ),
]


@pytest.mark.parametrize(("right", "wrong"), SOFTMAX_CASES)
def test_index_notation_with_the_kronecker_delta_in_a_proof(right: str, wrong: str) -> None:
    good = check(SOFTMAX.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 2  # the theorem's, and this one
    bad = check(SOFTMAX.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong


def test_a_definition_in_an_example_stays_in_the_example() -> None:
    page = SOFTMAX.replace("prf:theorem", "prf:example").replace(
        "FORMULA", r"p_i - p_i \sum_j p_j = 0"
    )
    assert check(page).findings  # p is the example's: the proof does not know it


@pytest.mark.parametrize(
    ("bare", "kind"),
    [
        (r"\operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top", "tied"),
        (r"\operatorname{diag}(\mathbf p) + \mathbf p \mathbf p^\top", "names"),
        (r"\mathbf p \mathbf p^\top - \operatorname{diag}(\mathbf p)", "names"),
    ],
)
def test_a_bare_matrix_is_tied_to_the_side_of_a_relation_it_repeats(bare: str, kind: str) -> None:
    page = SOFTMAX.replace(
        "Write $S = \\sum_j e^{z_j}$, so $FORMULA$.", f"The matrix ${bare}$ is symmetric."
    )
    report = check(page)
    assert report.findings == [] and getattr(report, kind) == 1


# -- \underbrace{...}_{m \times n}: the shape a brace states is checked ----------------------

BRACES = r"""
Let $\mathbf x \in \mathbb{R}^n$, $A \in \mathbb{R}^{m \times n}$, $B \in \mathbb{R}^{n \times n}$, $\mathbf a \in \mathbb{R}^n$.

Let $f(\mathbf x) = \mathbf a^\top \mathbf x$, $\mathbf h(\mathbf x) = B \mathbf x$ and $\mathbf g(\mathbf u) = A \mathbf u$. Then $FORMULA$.
"""

BRACE_CASES = [
    (
        r"\underbrace{A\mathbf x}_{m \times 1} = \underbrace{A}_{m \times n}\, \underbrace{\mathbf x}_{n \times 1}",
        r"\underbrace{A\mathbf x}_{m \times 1} = \underbrace{A}_{n \times m}\, \underbrace{\mathbf x}_{n \times 1}",
    ),
    (
        r"\underbrace{\frac{\partial f}{\partial \mathbf x}}_{1 \times n} = \mathbf a^\top",
        r"\underbrace{\frac{\partial f}{\partial \mathbf x}}_{n \times 1} = \mathbf a^\top",
    ),
    (
        r"\underbrace{J_{\mathbf g \circ \mathbf h}(\mathbf x)}_{m \times n} = \underbrace{J_{\mathbf g}(\mathbf h(\mathbf x))}_{m \times n}\, \underbrace{J_{\mathbf h}(\mathbf x)}_{n \times n}",
        r"\underbrace{J_{\mathbf g \circ \mathbf h}(\mathbf x)}_{m \times n} = \underbrace{J_{\mathbf g}(\mathbf h(\mathbf x))}_{m \times n}\, \underbrace{J_{\mathbf h}(\mathbf x)}_{m \times n}",
    ),
    (
        r"\underbrace{J_{\mathbf g \circ \mathbf h}(\mathbf x)}_{m \times n} = \underbrace{J_{\mathbf g}(\mathbf h(\mathbf x))}_{m \times k}\, \underbrace{J_{\mathbf h}(\mathbf x)}_{k \times n}",
        r"\underbrace{J_{\mathbf g \circ \mathbf h}(\mathbf x)}_{m \times n} = \underbrace{J_{\mathbf g}(\mathbf h(\mathbf x))}_{m \times k}\, \underbrace{J_{\mathbf h}(\mathbf x)}_{k \times m}",
    ),
]


@pytest.mark.parametrize(("right", "wrong"), BRACE_CASES)
def test_an_underbrace_states_a_shape_the_checker_checks(right: str, wrong: str) -> None:
    good = check(BRACES.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1
    bad = check(BRACES.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and "the brace states" in bad.findings[0].message


def test_a_size_named_only_by_braces_keeps_one_value_in_the_formula() -> None:
    page = "Let $P = \\begin{pmatrix} 1 & 2 & 3 \\end{pmatrix}$ and $Q = \\begin{pmatrix} 1 \\\\ 1 \\\\ 1 \\end{pmatrix}$. Then $FORMULA$."
    good = check(
        page.replace("FORMULA", r"\underbrace{P}_{1 \times k} \underbrace{Q}_{k \times 1} = 6")
    )
    assert not any("brace" in f.message for f in good.findings)
    bad = check(
        page.replace("FORMULA", r"\underbrace{P}_{1 \times k} \underbrace{Q}_{1 \times k} = 6")
    )
    assert any("the brace states 1 x k" in f.message for f in bad.findings)


# -- J_{\nabla f}: the Jacobian of the gradient ---------------------------------------------

JACOBIAN_OF_GRADIENT = [
    # (page, right, wrong)
    (
        GENERIC,
        r"\nabla^2 f(\mathbf a) = J_{\nabla f}(\mathbf a)",
        r"\nabla^2 f(\mathbf a) = 2 J_{\nabla f}(\mathbf a)",
    ),
    (
        GENERIC,
        r"\nabla^2 f(\mathbf a) = J_{\nabla f}(\mathbf a)",
        r"\nabla f(\mathbf a) = J_{\nabla f}(\mathbf a)",
    ),
    (
        r"Let $\mathbf x \in \mathbb{R}^n$, $A \in \mathbb{R}^{n \times n}$ and $f(\mathbf x) = \mathbf x^\top A \mathbf x$; then $FORMULA$.",
        r"J_{\nabla f}(\mathbf x) = A + A^\top",
        r"J_{\nabla f}(\mathbf x) = 2A",
    ),
    (
        r"Let $\mathbf x \in \mathbb{R}^n$, $A \in \mathbb{R}^{n \times n}$ and $f(\mathbf x) = \mathbf x^\top A \mathbf x$; then $FORMULA$.",
        r"\nabla^2 f(\mathbf x) = J_{\nabla f}(\mathbf x)",
        r"\nabla^2 f(\mathbf x) = J_{\nabla f}(\mathbf x) - A",
    ),
]


@pytest.mark.parametrize(("page", "right", "wrong"), JACOBIAN_OF_GRADIENT)
def test_the_jacobian_of_the_gradient_is_the_hessian(page: str, right: str, wrong: str) -> None:
    good = check(page.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1
    bad = check(page.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong


# -- a vector function of named variables, defined at level 1 -------------------------------

POLAR = r"""
:::{prf:example} Polar coordinates
:label: ex-polar

**Problem.** Find the Jacobian of $\mathbf f(r, \theta) = \begin{pmatrix} r\cos\theta \\ r\sin\theta \end{pmatrix}$.

Then $FORMULA$.
:::
"""

POLAR_CASES = [
    (
        r"J_{\mathbf f}(r, \theta) = \begin{pmatrix} \cos\theta & -r\sin\theta \\ \sin\theta & r\cos\theta \end{pmatrix}",
        r"J_{\mathbf f}(r, \theta) = \begin{pmatrix} \cos\theta & r\sin\theta \\ \sin\theta & r\cos\theta \end{pmatrix}",
    ),
    (
        r"J_{\mathbf f}(r, \theta) = \begin{pmatrix} \cos\theta & -r\sin\theta \\ \sin\theta & r\cos\theta \end{pmatrix}",
        r"J_{\mathbf f}(r, \theta) = \begin{pmatrix} \cos\theta & \sin\theta \\ -r\sin\theta & r\cos\theta \end{pmatrix}",
    ),
    (
        r"\det J_{\mathbf f}(r, \theta) = r\cos^2\theta + r\sin^2\theta = r",
        r"\det J_{\mathbf f}(r, \theta) = r\cos^2\theta + r\sin^2\theta = r^2",
    ),
    (r"\mathbf f(2, 0) = (2, 0)", r"\mathbf f(2, 0) = (0, 2)"),
    (
        r"J_{\mathbf f}(2, 0) = \begin{pmatrix} 1 & 0 \\ 0 & 2 \end{pmatrix}",
        r"J_{\mathbf f}(2, 0) = \begin{pmatrix} 1 & 0 \\ 0 & 2 \\ 0 & 0 \end{pmatrix}",
    ),
]


@pytest.mark.parametrize(("right", "wrong"), POLAR_CASES)
def test_a_vector_function_of_named_variables_binds(right: str, wrong: str) -> None:
    good = check(POLAR.replace("FORMULA", right))
    assert good.findings == [] and good.definitions == 1 and good.relations >= 1
    bad = check(POLAR.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong


# -- % where: names defined in symbolic sizes by a marker -----------------------------------

MARKED = r"""
% where: \mathbf z \in \mathbb{R}^k, \mathbf y \in \mathbb{R}^k, \mathbf p = \operatorname{softmax}(\mathbf z), L = -\mathbf y^\top \ln \mathbf p

:::{prf:theorem} The gradient of softmax with cross-entropy
:label: thm-ce

For any target, $FORMULA$.
:::
"""


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        (
            r"\nabla_{\mathbf z} L = (\mathbf 1^\top \mathbf y)\, \mathbf p - \mathbf y",
            r"\nabla_{\mathbf z} L = \mathbf p - \mathbf y",
        ),
        (
            r"\nabla_{\mathbf z} L = (\mathbf 1^\top \mathbf y)\, \mathbf p - \mathbf y",
            r"\nabla_{\mathbf z} L = (\mathbf 1^\top \mathbf y)\, \mathbf p^\top - \mathbf y^\top",
        ),
        (
            r"\frac{\partial \mathbf p}{\partial \mathbf z} = \operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top",
            r"\frac{\partial \mathbf p}{\partial \mathbf z} = \operatorname{diag}(\mathbf p) - \mathbf p^\top \mathbf p",
        ),
    ],
)
def test_a_marker_defines_names_in_symbolic_sizes(right: str, wrong: str) -> None:
    good = check(MARKED.replace("FORMULA", right))
    assert good.findings == [] and good.relations == 1
    bad = check(MARKED.replace("FORMULA", wrong))
    assert len(bad.findings) == 1 and bad.findings[0].tex == wrong
