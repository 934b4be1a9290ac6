"""The checker itself: wrong statements are rejected with a useful message, right ones pass."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calcnotes.rules import Sigmoid, rule
from calcnotes.verify import DEFAULT_POINTS, Ledger, VerificationError

x = sp.Symbol("x")
PAGE = "book/derivatives.md"
u, v = sp.Function("u")(x), sp.Function("v")(x)
f, g = sp.Function("f"), sp.Function("g")(x)


def rejects(expr: sp.Expr, stated: sp.Expr, **options: object) -> str:
    """The message of the VerificationError the check raises."""
    with pytest.raises(VerificationError) as caught:
        Ledger(PAGE).derivative(expr, stated, x, **options)
    return str(caught.value)


# -- wrong rows are rejected with the expected message ---------------------------------


def test_the_message_names_page_formula_point_and_both_values() -> None:
    assert rejects(sp.tan(x), sp.sec(x)) == (
        "book/derivatives.md: d/dx tan(x) stated as sec(x), differs at x = 0.3: 1.047 vs 1.096"
    )


def test_a_label_names_the_function_in_the_message() -> None:
    message = rejects(sp.tan(x), sp.sec(x), label="tan x", points=[1.0])
    assert (
        message
        == "book/derivatives.md: d/dx tan x stated as sec(x), differs at x = 1: 1.851 vs 3.426"
    )


def test_a_flipped_sign_is_rejected() -> None:
    assert rejects(sp.cos(x), sp.sin(x)) == (
        "book/derivatives.md: d/dx cos(x) stated as sin(x), differs at x = 0.3: 0.2955 vs -0.2955"
    )


def test_a_missing_chain_rule_factor_is_rejected() -> None:
    assert rejects(sp.sin(x**2), sp.cos(x**2)) == (
        "book/derivatives.md: d/dx sin(x**2) stated as cos(x**2), differs at x = 0.3: 0.996 vs 0.5976"
    )


def test_a_chain_rule_without_the_inner_derivative_is_rejected() -> None:
    assert rejects(f(g), sp.Derivative(f(g), g)) == (
        "book/derivatives.md: d/dx f(g(x)) stated as f'(g(x)), differs at x = 0.3"
        " with f(t) = log(t), g(t) = t**2 + 1: 0.9174 vs 0.5505"
    )
    # written with Subs, as a reader of SymPy's docs might write f'(g(x))
    t = sp.Symbol("t")
    assert "differs at x = 0.3 with f(t) = log(t)" in rejects(
        f(g), sp.Subs(sp.Derivative(f(t), t), t, g)
    )
    row = dataclasses.replace(rule("chain"), derivative=sp.Derivative(f(g), g))
    with pytest.raises(
        VerificationError,
        match=r"^book/x\.md: rule 'chain': d/dx f\(g\(x\)\) stated as f'\(g\(x\)\), differs",
    ):
        Ledger("book/x.md").rule(row)


def test_a_wrong_constant_is_rejected() -> None:
    assert rejects(3 * x**2, 3 * x) == (
        "book/derivatives.md: d/dx 3*x**2 stated as 3*x, differs at x = 0.3: 0.9 vs 1.8"
    )
    a = sp.Symbol("a", positive=True)
    assert rejects(a**x, a**x) == (
        "book/derivatives.md: d/dx a**x stated as a**x, differs at x = 0.3, a = 2: 1.231 vs 0.8534"
    )


def test_a_quotient_rule_with_the_wrong_sign_is_rejected() -> None:
    wrong = (sp.Derivative(u, x) * v + u * sp.Derivative(v, x)) / v**2
    message = rejects(u / v, wrong)
    assert message.startswith("book/derivatives.md: d/dx u(x)/v(x) stated as ")
    assert "differs at x = 0.3 with u(t) = sin(t), v(t) = exp(t): " in message
    with pytest.raises(VerificationError, match="rule 'quotient'"):
        Ledger(PAGE).rule(dataclasses.replace(rule("quotient"), derivative=wrong))


def test_a_product_rule_written_as_the_product_of_derivatives_is_rejected() -> None:
    assert "differs at x = 0.3" in rejects(u * v, sp.Derivative(u, x) * sp.Derivative(v, x))


def test_a_wrong_higher_derivative_is_rejected() -> None:
    assert rejects(x**4, 4 * x**3, order=2) == (
        "book/derivatives.md: d^2/dx^2 x**4 stated as 4*x**3, differs at x = 0.3: 0.108 vs 1.08"
    )


def test_a_stated_derivative_undefined_at_a_point_is_reported() -> None:
    message = rejects(x**2, 2 * sp.sqrt(x) ** 3 / x, points=[-0.5])
    assert message.endswith("differs at x = -0.5: undefined (it is not real) vs -1")


def test_points_outside_the_domain_of_the_function_are_an_authoring_error() -> None:
    one = sp.sin(x) ** 2 + sp.cos(x) ** 2
    with pytest.raises(
        VerificationError,
        match=r"the true value can be evaluated at only 0 of the sample points; choose points inside the domain",
    ):
        Ledger(PAGE).derivative(sp.sqrt(x), one / (2 * sp.sqrt(x)), x, points=[-1.0])


def test_an_unprovable_statement_fails_instead_of_passing_silently() -> None:
    # |x|**2 equals x**2 on the real line, but x is not declared real: SymPy cannot prove it.
    message = rejects(x**3 / 3, sp.Abs(x) ** 2)
    assert message == (
        "book/derivatives.md: d/dx x**3/3 stated as Abs(x)**2: the numbers agree at every"
        " sample point but SymPy could not prove the two equal; restate the formula in a"
        " form SymPy can simplify"
    )


# -- right rows written differently are accepted ----------------------------------------


@pytest.mark.parametrize(
    ("expr", "stated"),
    [
        (sp.tan(x), sp.sec(x) ** 2),
        (sp.tan(x), 1 + sp.tan(x) ** 2),
        (sp.tan(x), 1 / sp.cos(x) ** 2),
        (Sigmoid(x), sp.exp(-x) / (1 + sp.exp(-x)) ** 2),
        (1 / (1 + sp.exp(-x)), Sigmoid(x) * (1 - Sigmoid(x))),
        (sp.tanh(x), 1 / sp.cosh(x) ** 2),
        (sp.log(x**2), 2 / x),
        (sp.sqrt(x), x ** sp.Rational(-1, 2) / 2),
        (sp.exp(x) * sp.sin(x), sp.sqrt(2) * sp.exp(x) * sp.sin(x + sp.pi / 4)),
        (sp.asin(x), 1 / sp.sqrt((1 - x) * (1 + x))),
        (sp.atan(x) + sp.atan(1 / x), 0),
        ("x**3", "3*x**2"),
    ],
)
def test_a_right_derivative_in_another_form_is_accepted(expr: object, stated: object) -> None:
    check = Ledger(PAGE)
    check.derivative(expr, stated, x)
    assert check.count == 1


def test_generic_rules_in_other_forms_are_accepted() -> None:
    check = Ledger(PAGE)
    t = sp.Symbol("t")
    check.derivative(f(g), sp.Subs(sp.Derivative(f(t), t), t, g) * sp.Derivative(g, x), x)
    check.derivative(u / v, sp.Derivative(u, x) / v - u * sp.Derivative(v, x) / v**2, x)
    check.derivative(
        sp.Function("h")(x) ** 2, 2 * sp.Function("h")(x) * sp.Derivative(sp.Function("h")(x), x), x
    )
    assert check.count == 3


def test_parameters_get_their_sample_values() -> None:
    n = sp.Symbol("n")
    check = Ledger(PAGE)
    check.derivative(x**n, n * x ** (n - 1), x)
    message = rejects(x**n, n * x**n, params={"n": [3]})
    assert "differs at x = 0.3, n = 3: " in message
    assert check.count == 1


# -- equal, not_derivative, rule ---------------------------------------------------------


def test_equal_accepts_equal_answers_of_every_kind() -> None:
    check = Ledger(PAGE)
    check.equal(0.1 + 0.2, 0.3, label="sum")
    check.equal(np.float64(0.25), 0.25, label="numpy scalar")
    check.equal(sp.sqrt(2) / 2, 1 / sp.sqrt(2), label="exact")
    check.equal(sp.Rational(1, 3), 0.333333333333, label="exact vs decimal", rel=1e-9)
    check.equal(np.array([[1.0, 2.0]]), [[1.0, 2.0 + 1e-13]], label="array")
    check.equal([sp.Integer(-1), 1], (-1, 1), label="critical points")
    check.equal(sp.FiniteSet(1, -1), sp.FiniteSet(-1, 1), label="set")
    check.equal((x + 1) ** 2, x**2 + 2 * x + 1, label="square")
    check.equal("local minimum", "local minimum", label="kind")
    check.equal(sp.Matrix([[x, 1]]) * 2, sp.Matrix([[2 * x, 2.0]]), label="matrix")
    check.equal({"w": 0.5, "b": sp.Rational(1, 4)}, {"b": 0.25, "w": 0.5}, label="dict")
    check.equal(Sigmoid(x) * (1 - Sigmoid(x)), sp.exp(-x) / (1 + sp.exp(-x)) ** 2, label="sigmoid'")
    assert check.count == 12


@pytest.mark.parametrize(
    ("computed", "stated", "message"),
    [
        (0.1966, 0.2, "book/derivatives.md: slope: computed 0.1966 vs stated 0.2"),
        (1.0000001, 1.0, "book/derivatives.md: slope: computed 1.0000001 vs stated 1"),
        (
            np.array([1.0, 2.0]),
            [1.0, 2.5],
            "book/derivatives.md: slope[1]: computed 2 vs stated 2.5",
        ),
        (
            np.zeros((2, 2)),
            np.zeros(3),
            "book/derivatives.md: slope: computed shape (2, 2) vs stated (3,)",
        ),
        ([1, 2], [1, 2, 3], "book/derivatives.md: slope: computed 2 items vs stated 3"),
        (
            "local minimum",
            "local maximum",
            "book/derivatives.md: slope: computed 'local minimum' vs stated 'local maximum'",
        ),
        (
            x**2,
            x**3,
            "book/derivatives.md: slope: computed x**2 vs stated x**3, differs at x = 0.3: 0.09 vs 0.027",
        ),
        (sp.pi, sp.Rational(22, 7), "book/derivatives.md: slope: computed 3.142 vs stated 3.143"),
        (
            sp.Matrix([1, x]),
            sp.Matrix([1, 2 * x]),
            "book/derivatives.md: slope[1, 0]: computed x vs stated 2*x, differs at x = 0.3: 0.3 vs 0.6",
        ),
        ({"w": 1.0}, {"b": 1.0}, "book/derivatives.md: slope: computed keys ['w'] vs stated ['b']"),
        ({"w": 1.0}, {"w": 2.0}, "book/derivatives.md: slope['w']: computed 1 vs stated 2"),
    ],
)
def test_equal_rejects_a_wrong_answer(computed: object, stated: object, message: str) -> None:
    with pytest.raises(VerificationError) as caught:
        Ledger(PAGE).equal(computed, stated, label="slope")
    assert str(caught.value) == message


def test_not_derivative_confirms_a_mistake_and_refuses_a_correct_formula() -> None:
    check = Ledger("book/practice.md")
    check.not_derivative(sp.exp(x**2), sp.exp(x**2), x, label="e^(x^2)")
    check.not_derivative(sp.sin(x**2), sp.cos(x**2), x)
    check.not_derivative(u * v, sp.Derivative(u, x) * sp.Derivative(v, x), x)
    assert check.count == 3
    with pytest.raises(
        VerificationError,
        match=r"^book/practice\.md: d/dx sin\(x\*\*2\) = 2\*x\*cos\(x\*\*2\) is shown as a mistake, but it is the derivative$",
    ):
        check.not_derivative(sp.sin(x**2), 2 * x * sp.cos(x**2), x)
    # 2 sqrt(x^2) = 2|x| agrees with 2x only for x > 0: the default points include negatives
    check.not_derivative(x**2, 2 * sp.sqrt(x**2), x)
    with pytest.raises(VerificationError, match="agrees with the derivative at every sample point"):
        check.not_derivative(x**2, 2 * sp.sqrt(x**2), x, points=[0.5, 0.9])
    assert check.count == 4


def test_rule_counts_one_check_per_row() -> None:
    check = Ledger(PAGE)
    check.rule(rule("product"))
    check.rule(rule("sigmoid"))
    assert check.count == 2
    with pytest.raises(TypeError, match="rule must be a DerivativeRule"):
        check.rule("product")


def test_failed_checks_are_not_counted_and_bad_arguments_are_reported() -> None:
    check = Ledger(PAGE)
    with pytest.raises(VerificationError):
        check.derivative(sp.cos(x), sp.sin(x), x)
    assert check.count == 0
    with pytest.raises(TypeError, match="var must be a SymPy Symbol"):
        check.derivative(x**2, 2 * x, "x")
    with pytest.raises(ValueError, match="points must be finite"):
        check.derivative(x**2, 2 * x, x, points=[float("nan")])
    with pytest.raises(ValueError, match="order must be a positive integer"):
        check.derivative(x**2, 2 * x, x, order=0)
    with pytest.raises(TypeError, match="page must be a non-empty string"):
        Ledger("")
    assert repr(check) == "Ledger('book/derivatives.md', count=0)"


# -- properties that hold for every input --------------------------------------------------

_LEAVES = st.sampled_from([x, 2 * x, x + 1, sp.Integer(3), sp.Rational(1, 2)])
_UNARY = [sp.sin, sp.cos, sp.exp, sp.atan, lambda e: sp.sqrt(e**2 + 1), lambda e: e**2]


def _grow(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
    return st.one_of(
        st.tuples(st.sampled_from(_UNARY), children).map(lambda p: p[0](p[1])),
        st.tuples(children, children).map(lambda p: p[0] + p[1]),
        st.tuples(children, children).map(lambda p: p[0] * p[1]),
    )


SMOOTH = st.recursive(_LEAVES, _grow, max_leaves=5)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(SMOOTH)
def test_the_true_derivative_is_always_accepted(expr: sp.Expr) -> None:
    check = Ledger("book/property.md")
    check.derivative(expr, sp.diff(expr, x), x)
    assert check.count == 1


@PROPERTY
@given(SMOOTH)
def test_a_negated_nonzero_derivative_is_always_rejected(expr: sp.Expr) -> None:
    d = sp.diff(expr, x)
    assume(d != 0 and sp.simplify(d) != 0)
    with pytest.raises(VerificationError, match=r"^book/property\.md: d/dx "):
        Ledger("book/property.md").derivative(expr, -d, x)


# -- the loopholes a review found, each closed ------------------------------------------------


def test_a_float_never_skips_the_proof() -> None:
    with pytest.raises(VerificationError, match="could not prove"):
        Ledger(PAGE).derivative(x**2, 2.0000000001 * x, x)


def test_a_wrong_derivative_that_agrees_at_the_sample_points_is_rejected() -> None:
    vanishing = sp.Mul(*[x - p for p in DEFAULT_POINTS])  # zero at every default point
    with pytest.raises(VerificationError, match="could not prove"):
        Ledger(PAGE).derivative(x**3, 3 * x**2 + vanishing, x)


def test_equal_samples_the_whole_domain() -> None:
    with pytest.raises(VerificationError, match="differs at x = -0.6"):
        Ledger(PAGE).equal(1.0 * sp.Abs(x), 1.0 * x)


def test_an_approximate_statement_is_decided_by_the_numbers_when_it_says_so() -> None:
    check = Ledger(PAGE)
    rounded = sp.Float("0.0770") * x
    exact = (sp.sin(2) + 2 * sp.cos(2)) * x
    with pytest.raises(VerificationError):
        check.equal(exact, rounded, rel=1e-3)
    check.equal(exact, rounded, rel=1e-3, approx=True)
    assert check.count == 1
