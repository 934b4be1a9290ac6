"""Tests of calcnotes.quadrature: exactness on polynomials, measured error orders, bad input."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.quadrature import gauss_legendre, simpson, trapezoid

RULES = (trapezoid, simpson, gauss_legendre)

coefficient = st.integers(min_value=-5, max_value=5)
limit = st.integers(min_value=-4, max_value=4)


def _exact_integral(coefficients: list[int], a: int, b: int) -> float:
    """∫_a^b Σ c_k x**k dx in exact rational arithmetic, rounded once."""
    total = Fraction(0)
    for k, c in enumerate(coefficients):
        total += Fraction(c, k + 1) * (Fraction(b) ** (k + 1) - Fraction(a) ** (k + 1))
    return float(total)


def _polynomial(coefficients: list[int]):
    return lambda x: np.polynomial.polynomial.polyval(x, coefficients)


def _scale(coefficients: list[int], a: int, b: int) -> float:
    """A size against which rounding error of the rule is judged."""
    width = max(abs(a), abs(b), 1)
    return sum(abs(c) * width ** (k + 1) for k, c in enumerate(coefficients)) + 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(coefficient, min_size=2, max_size=2), limit, limit, st.integers(1, 20))
def test_trapezoid_is_exact_for_degree_1(coefficients, a, b, n):
    exact = _exact_integral(coefficients, a, b)
    got = trapezoid(_polynomial(coefficients), a, b, n)
    assert got == pytest.approx(exact, abs=1e-12 * _scale(coefficients, a, b))


@settings(max_examples=60, deadline=None)
@given(st.lists(coefficient, min_size=4, max_size=4), limit, limit, st.integers(1, 10))
def test_simpson_is_exact_for_degree_3(coefficients, a, b, half_n):
    exact = _exact_integral(coefficients, a, b)
    got = simpson(_polynomial(coefficients), a, b, 2 * half_n)
    assert got == pytest.approx(exact, abs=1e-12 * _scale(coefficients, a, b))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.data(), limit, limit)
def test_gauss_legendre_is_exact_for_degree_2n_minus_1(n, data, a, b):
    coefficients = data.draw(st.lists(coefficient, min_size=2 * n, max_size=2 * n))
    exact = _exact_integral(coefficients, a, b)
    got = gauss_legendre(_polynomial(coefficients), a, b, n)
    assert got == pytest.approx(exact, abs=1e-11 * _scale(coefficients, a, b))


@pytest.mark.parametrize(
    ("rule", "n", "degree"),
    [(trapezoid, 7, 2), (simpson, 6, 4), (gauss_legendre, 3, 6), (gauss_legendre, 5, 10)],
)
def test_each_rule_misses_the_first_degree_it_does_not_claim(rule, n, degree):
    # x**degree on [0, 1]: the rule's error is visibly nonzero, so "exact" above is not vacuous
    got = rule(lambda x: x**degree, 0.0, 1.0, n)
    assert abs(got - 1 / (degree + 1)) > 1e-8


@pytest.mark.parametrize(("rule", "order"), [(trapezoid, 2), (simpson, 4)])
def test_measured_order_of_convergence(rule, order):
    exact = math.e - 1
    ns = [8, 16, 32, 64]
    errors = [abs(rule(np.exp, 0.0, 1.0, n) - exact) for n in ns]
    measured = [math.log2(e1 / e2) for e1, e2 in zip(errors, errors[1:], strict=False)]
    for p in measured:
        assert p == pytest.approx(order, abs=0.05)


def test_gauss_legendre_converges_geometrically():
    exact = math.e - 1
    errors = [abs(gauss_legendre(np.exp, 0.0, 1.0, n) - exact) for n in (1, 2, 3, 4)]
    # each extra node gains more than a factor 50 on a smooth integrand
    for e1, e2 in zip(errors, errors[1:], strict=False):
        assert e2 < e1 / 50
    assert abs(gauss_legendre(np.exp, 0.0, 1.0, 8) - exact) < 1e-14


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(RULES),
    st.floats(-3, 3),
    st.floats(-3, 3),
    st.integers(1, 8),
)
def test_swapping_the_limits_flips_the_sign(rule, a, b, half_n):
    n = 2 * half_n
    forward = rule(np.cos, a, b, n)
    backward = rule(np.cos, b, a, n)
    assert backward == pytest.approx(-forward, abs=1e-13)


@pytest.mark.parametrize("rule", RULES)
def test_equal_limits_give_zero(rule):
    assert rule(np.exp, 1.5, 1.5, 4) == 0.0


@pytest.mark.parametrize("rule", RULES)
def test_scalar_only_and_constant_functions(rule):
    assert rule(math.cos, 0.0, 1.0, 4) == pytest.approx(rule(np.cos, 0.0, 1.0, 4), abs=1e-15)
    assert rule(lambda x: 2.0, 1.0, 4.0, 4) == pytest.approx(6.0)


@pytest.mark.parametrize("rule", RULES)
def test_results_are_python_floats(rule):
    assert type(rule(np.sin, 0.0, 1.0, 4)) is float


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("n", [0, -2])
def test_too_small_n_is_refused(rule, n):
    with pytest.raises(ValueError, match="n must be an integer >="):
        rule(np.sin, 0.0, 1.0, n)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("n", [2.0, True, "4", None])
def test_non_integer_n_is_refused(rule, n):
    with pytest.raises(TypeError, match="n must be an integer"):
        rule(np.sin, 0.0, 1.0, n)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_simpson_refuses_odd_n(n):
    with pytest.raises(ValueError, match="even number of subintervals"):
        simpson(np.sin, 0.0, 1.0, n)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_non_finite_limits_are_refused(rule, bad):
    with pytest.raises(ValueError, match="must be a finite number"):
        rule(np.sin, bad, 1.0, 2)
    with pytest.raises(ValueError, match="must be a finite number"):
        rule(np.sin, 0.0, bad, 2)


@pytest.mark.parametrize("rule", RULES)
def test_non_real_limits_are_refused(rule):
    with pytest.raises(TypeError, match="a must be a real number"):
        rule(np.sin, 1j, 1.0, 2)
    with pytest.raises(TypeError, match="b must be a real number"):
        rule(np.sin, 0.0, "1", 2)


@pytest.mark.parametrize("rule", RULES)
def test_non_callable_is_refused(rule):
    with pytest.raises(TypeError, match="f must be callable"):
        rule(3.0, 0.0, 1.0, 2)


@pytest.mark.parametrize("rule", (trapezoid, simpson))
def test_a_pole_at_a_node_is_refused_not_summed(rule):
    with pytest.raises(ValueError, match="not finite at x = 0.0"):
        rule(lambda x: 1 / x, 0.0, 1.0, 4)


@pytest.mark.parametrize("rule", RULES)
def test_nan_values_are_refused(rule):
    with pytest.raises(ValueError, match="not finite"):
        rule(lambda x: np.sqrt(x), -1.0, 1.0, 4)


@pytest.mark.parametrize("rule", RULES)
def test_complex_values_are_refused(rule):
    with pytest.raises(TypeError, match="real numbers"):
        rule(lambda x: x + 1j, 0.0, 1.0, 2)


@pytest.mark.parametrize("rule", RULES)
def test_wrong_shape_is_refused(rule):
    with pytest.raises(ValueError, match="one value per node"):
        rule(lambda x: np.ones(3), 0.0, 1.0, 10)
