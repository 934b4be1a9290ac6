"""Tests of calcnotes.symbolic: the book's worked examples, general laws, and errors."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.errors import DomainError
from calcnotes.symbolic import (
    implicit_derivative,
    linear_approximation,
    logarithmic_derivative,
    mean_value_points,
    nth_derivative,
    tangent_line,
    taylor_polynomial,
)

x, y = sp.symbols("x y")


def same(a: sp.Expr, b: sp.Expr) -> bool:
    difference = sp.expand(a - b)
    return difference == 0 or sp.simplify(difference) == 0


# --------------------------------------------------------------------------- worked examples


def test_nth_derivative_of_a_cubic() -> None:
    assert nth_derivative(x**3, x) == 3 * x**2
    assert nth_derivative(x**3, x, 2) == 6 * x
    assert nth_derivative(x**3, x, 4) == 0


def test_order_zero_returns_the_expression() -> None:
    assert nth_derivative(sp.sin(x), x, 0) == sp.sin(x)


def test_strings_are_parsed_with_the_callers_symbol() -> None:
    t = sp.Symbol("t", positive=True)
    assert nth_derivative("t**2", t) == 2 * t
    assert nth_derivative("t**2", t).free_symbols == {t}


def test_abs_differentiates_to_sign_for_a_real_variable() -> None:
    assert nth_derivative(sp.Abs(x), x) == sp.sign(x)


def test_tangent_line_of_x_squared_at_1() -> None:
    assert tangent_line(x**2, x, 1) == 2 * x - 1


def test_tangent_line_at_a_symbolic_point() -> None:
    a = sp.Symbol("a")
    assert same(tangent_line(x**2, x, a), 2 * a * x - a**2)


def test_linear_approximation_of_sqrt_near_4() -> None:
    line = linear_approximation(sp.sqrt(x), x, 4)
    assert line == x / 4 + 1
    assert line.subs(x, sp.Rational(41, 10)) == sp.Rational(81, 40)


def test_taylor_polynomial_of_exp_about_0_order_3() -> None:
    assert taylor_polynomial(sp.exp(x), x, 0, 3) == 1 + x + x**2 / 2 + x**3 / 6


def test_taylor_polynomial_of_log_about_1_keeps_powers_of_x_minus_1() -> None:
    poly = taylor_polynomial(sp.log(x), x, 1, 3)
    assert same(poly, (x - 1) - (x - 1) ** 2 / 2 + (x - 1) ** 3 / 3)


def test_taylor_polynomial_of_order_0_is_the_value() -> None:
    assert taylor_polynomial(sp.cos(x), x, 0, 0) == 1


def test_implicit_derivative_of_the_circle() -> None:
    slope = implicit_derivative(x**2 + y**2 - 25, x, y)
    assert slope == -x / y
    assert slope.subs({x: 3, y: 4}) == sp.Rational(-3, 4)


@pytest.mark.parametrize(
    "relation",
    [sp.Eq(x**2 + y**2, 25), "x**2 + y**2 - 25", "x**2 + y**2 = 25", "Eq(x**2 + y**2, 25)"],
)
def test_implicit_derivative_accepts_equations_and_strings(relation: object) -> None:
    assert implicit_derivative(relation, x, y) == -x / y


def test_logarithmic_derivative_of_x_to_the_x() -> None:
    result = logarithmic_derivative(x**x, x)
    assert result == x**x * (sp.log(x) + 1)
    assert same(result, sp.diff(x**x, x))


def test_logarithmic_derivative_of_a_long_product_matches_the_direct_one() -> None:
    expr = (x + 1) ** 2 * (x - 2) ** 3 / (x**2 + 1)
    assert same(logarithmic_derivative(expr, x), sp.diff(expr, x))


def test_mean_value_point_of_x_squared_on_0_2() -> None:
    assert mean_value_points(x**2, x, 0, 2) == [1]


def test_mean_value_point_of_x_cubed_on_0_3() -> None:
    assert mean_value_points(x**3, x, 0, 3) == [sp.sqrt(3)]


def test_mean_value_points_two_solutions_in_order() -> None:
    points = mean_value_points(x**3 - x, x, -2, 2)
    assert points == [-2 * sp.sqrt(3) / 3, 2 * sp.sqrt(3) / 3]


def test_mean_value_points_keep_only_the_open_interval() -> None:
    # sin on [0, 2*pi]: slope 0, cos c = 0 at pi/2 and 3*pi/2 only (not the ends)
    assert mean_value_points(sp.sin(x), x, 0, 2 * sp.pi) == [sp.pi / 2, 3 * sp.pi / 2]


def test_mean_value_points_skip_a_kink() -> None:
    # |x| on [-1, 1]: sign(c) = 0 at c = 0, but |x| is not differentiable there
    assert mean_value_points(sp.Abs(x), x, -1, 1) == []


def test_mean_value_points_numeric_fallback() -> None:
    (c,) = mean_value_points(x * sp.exp(x), x, 0, 1)
    assert isinstance(c, sp.Float)
    assert abs(float((c + 1) * sp.exp(c)) - float(sp.E)) < 1e-10


# --------------------------------------------------------------------------- laws (hypothesis)

coefficients = st.lists(st.integers(-5, 5), min_size=1, max_size=5)
points = st.integers(-3, 3)


def polynomial(coeffs: list[int]) -> sp.Expr:
    return sum(c * x**k for k, c in enumerate(coeffs))


@settings(max_examples=25, deadline=None)
@given(coefficients, points)
def test_tangent_line_agrees_with_f_and_its_slope_at_a(coeffs: list[int], a: int) -> None:
    f = polynomial(coeffs) + sp.exp(x)
    line = tangent_line(f, x, a)
    assert same(line.subs(x, a), f.subs(x, a))
    assert same(sp.diff(line, x), sp.diff(f, x).subs(x, a))
    assert sp.degree(line, x) <= 1 if line.is_polynomial(x) else False


@settings(max_examples=15, deadline=None)
@given(coefficients, points, st.integers(0, 4))
def test_taylor_polynomial_matches_derivatives_up_to_n(coeffs: list[int], a: int, n: int) -> None:
    f = polynomial(coeffs) * sp.cos(x)
    poly = taylor_polynomial(f, x, a, n)
    for k in range(n + 1):
        assert same(sp.diff(poly, x, k).subs(x, a), sp.diff(f, x, k).subs(x, a))
    assert sp.degree(sp.expand(poly), x) <= n


@settings(max_examples=10, deadline=None)
@given(coefficients, st.integers(0, 6))
def test_nth_derivative_matches_repeated_differentiation(coeffs: list[int], n: int) -> None:
    f = polynomial(coeffs) * sp.exp(2 * x)
    expected = f
    for _ in range(n):
        expected = sp.diff(expected, x)
    assert same(nth_derivative(f, x, n), expected)


@settings(max_examples=20, deadline=None)
@given(st.integers(-4, 4), st.integers(1, 5))
def test_mean_value_points_satisfy_the_theorem(a: int, width: int) -> None:
    b = a + width
    f = x**3 - 2 * x**2
    slope = (f.subs(x, b) - f.subs(x, a)) / (b - a)
    found = mean_value_points(f, x, a, b)
    assert found, "a cubic always has an MVT point"
    for c in found:
        assert a < c < b
        assert same(sp.diff(f, x).subs(x, c), slope)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("bad", [lambda t: t**2, None, [1, 2], True])
def test_non_expression_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expr must be a sympy expression or a string"):
        nth_derivative(bad, x)


def test_variable_must_be_a_symbol() -> None:
    with pytest.raises(TypeError, match="var must be a sympy Symbol, got str"):
        nth_derivative(x**2, "x")
    with pytest.raises(TypeError, match="y must be a sympy Symbol"):
        implicit_derivative(x**2 + y**2, x, 3)


def test_unparsable_string_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="could not parse expr"):
        nth_derivative("x**", x)


def test_an_equation_is_not_an_expression() -> None:
    with pytest.raises(TypeError, match="expr must be an expression, got Equality"):
        nth_derivative(sp.Eq(x, 1), x)


@pytest.mark.parametrize("n", [1.5, 2.0, "2", True])
def test_an_order_that_is_not_an_integer_is_a_type_error(n: object) -> None:
    # The package's one rule for counts (as for gradient_descent's steps): wrong kind of
    # value, TypeError; an integer out of range, ValueError.
    with pytest.raises(TypeError, match="n must be an integer, got"):
        nth_derivative(x**2, x, n)
    with pytest.raises(TypeError, match="n must be an integer, got"):
        taylor_polynomial(sp.exp(x), x, 0, n)


def test_a_negative_order_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="n must be an integer >= 0, got -1"):
        nth_derivative(x**2, x, -1)
    with pytest.raises(ValueError, match="n must be an integer >= 0, got -1"):
        taylor_polynomial(sp.exp(x), x, 0, -1)


@pytest.mark.parametrize("n", [1.5, 2.0, True])
def test_counts_follow_one_rule_across_the_package(n: object) -> None:
    from calcnotes._validation import require_count
    from calcnotes.optimize import gradient_descent

    with pytest.raises(TypeError) as symbolic:
        nth_derivative(x**2, x, n)
    with pytest.raises(TypeError) as numeric:
        require_count(n, "n")
    assert str(symbolic.value) == str(numeric.value)
    with pytest.raises(TypeError, match="steps must be an integer"):
        gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, steps=n)


def test_tangent_line_outside_the_domain_names_the_point() -> None:
    with pytest.raises(DomainError, match=r"log\(x\) is undefined at x = -1"):
        tangent_line(sp.log(x), x, -1)


def test_tangent_line_where_the_derivative_is_undefined() -> None:
    with pytest.raises(DomainError, match=r"derivative of sqrt\(x\) is undefined at x = 0"):
        tangent_line(sp.sqrt(x), x, 0)


def test_zoo_and_nan_values_are_domain_errors() -> None:
    with pytest.raises(DomainError, match="1/x is undefined at x = 0"):
        tangent_line(1 / x, x, 0)
    with pytest.raises(DomainError, match=r"undefined at x = 0 \(got nan\)"):
        taylor_polynomial(sp.sin(x) / x, x, 0, 2)


def test_taylor_polynomial_needs_every_derivative_up_to_n() -> None:
    with pytest.raises(DomainError, match="derivative of order 1 of sqrt"):
        taylor_polynomial(sp.sqrt(x), x, 0, 2)


@pytest.mark.parametrize("point", [float("nan"), sp.oo, sp.I, x + 1])
def test_bad_points_are_value_errors(point: object) -> None:
    with pytest.raises(ValueError, match="a must"):
        tangent_line(x**2, x, point)


@pytest.mark.parametrize(("a", "b"), [(2, 0), (1, 1)])
def test_mean_value_points_need_a_less_than_b(a: int, b: int) -> None:
    with pytest.raises(ValueError, match="need a < b"):
        mean_value_points(x**2, x, a, b)


def test_mean_value_points_of_a_line_hold_everywhere() -> None:
    with pytest.raises(ValueError, match="holds on a whole interval"):
        mean_value_points(2 * x + 1, x, 0, 1)


def test_mean_value_points_endpoint_outside_domain() -> None:
    with pytest.raises(DomainError, match=r"log\(x\) is undefined at x = 0"):
        mean_value_points(sp.log(x), x, 0, 1)


def test_implicit_derivative_needs_two_symbols_and_dependence_on_y() -> None:
    with pytest.raises(ValueError, match="different symbols"):
        implicit_derivative(x**2, x, x)
    with pytest.raises(ValueError, match="does not depend on y"):
        implicit_derivative(x**2 - 1, x, y)
    with pytest.raises(TypeError, match="F must be an expression or an sp.Eq"):
        implicit_derivative(sp.Lt(x, y), x, y)


def test_logarithmic_derivative_of_zero() -> None:
    with pytest.raises(ValueError, match="expr is zero"):
        logarithmic_derivative(sp.Integer(0), x)
