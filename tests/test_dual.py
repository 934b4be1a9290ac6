"""Tests of calcnotes.dual: dual-number arithmetic, forward-mode derivatives and their errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from random_expressions import (
    FORWARD,
    NUMPY,
    evaluate,
    exact_gradient,
    expressions,
    points,
    show,
    trusted_difference,
)

from calcnotes.dual import (
    Dual,
    cos,
    exp,
    forward_derivative,
    forward_gradient,
    log,
    relu,
    sigmoid,
    sin,
    sqrt,
    tanh,
)
from calcnotes.errors import DomainError

reals = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
UNDEFINED = (DomainError, OverflowError)


def test_epsilon_squares_to_zero() -> None:
    eps = Dual(0.0, 1.0)
    assert eps * eps == Dual(0.0, 0.0)


@given(reals, reals, reals, reals)
def test_product_is_the_product_rule(a: float, b: float, c: float, d: float) -> None:
    p = Dual(a, b) * Dual(c, d)
    assert p.value == a * c
    assert p.derivative == pytest.approx(a * d + b * c, rel=1e-12, abs=1e-12)


@given(reals, reals, reals, reals)
def test_sum_and_difference_add_the_parts(a: float, b: float, c: float, d: float) -> None:
    assert Dual(a, b) + Dual(c, d) == Dual(a + c, b + d)
    assert Dual(a, b) - Dual(c, d) == Dual(a - c, b - d)


@given(reals, reals, reals, reals)
def test_quotient_is_the_quotient_rule(a: float, b: float, c: float, d: float) -> None:
    assume(abs(c) > 1e-3)
    q = Dual(a, b) / Dual(c, d)
    assert q.value == pytest.approx(a / c, rel=1e-12)
    assert q.derivative == pytest.approx((b * c - a * d) / c**2, rel=1e-9, abs=1e-9)


def test_mixed_arithmetic_with_plain_numbers() -> None:
    x = Dual(3.0, 1.0)
    assert 2 * x == Dual(6.0, 2.0) == x * 2
    assert 1 + x == Dual(4.0, 1.0) == x + 1
    assert 10 - x == Dual(7.0, -1.0)
    assert x - 10 == Dual(-7.0, 1.0)
    assert 6 / x == Dual(2.0, -6.0 / 9.0)
    assert x / 2 == Dual(1.5, 0.5)
    assert -x == Dual(-3.0, -1.0)
    assert +x is x
    assert x**2 == Dual(9.0, 6.0)
    assert 2**x == Dual(8.0, 8.0 * math.log(2.0))
    p = x ** Dual(2.0)
    assert (p.value, p.derivative) == pytest.approx((9.0, 6.0), rel=1e-14)
    assert np.float64(2.0) * x == Dual(6.0, 2.0)


def test_elementary_functions_carry_their_derivatives() -> None:
    a = 0.7
    x = Dual(a, 1.0)
    expected = {
        exp: (math.exp(a), math.exp(a)),
        log: (math.log(a), 1 / a),
        sqrt: (math.sqrt(a), 0.5 / math.sqrt(a)),
        sin: (math.sin(a), math.cos(a)),
        cos: (math.cos(a), -math.sin(a)),
        tanh: (math.tanh(a), 1 - math.tanh(a) ** 2),
        sigmoid: (1 / (1 + math.exp(-a)), math.exp(-a) / (1 + math.exp(-a)) ** 2),
        relu: (a, 1.0),
    }
    for f, (value, slope) in expected.items():
        out = f(x)
        assert out.value == pytest.approx(value, rel=1e-14), f.__name__
        assert out.derivative == pytest.approx(slope, rel=1e-14), f.__name__
        method = getattr(x, f.__name__)()
        assert method == out, f.__name__
        assert f(a) == pytest.approx(value, rel=1e-14)
        assert type(f(a)) is float


def test_relu_uses_slope_zero_at_the_corner() -> None:
    assert relu(Dual(0.0, 1.0)) == Dual(0.0, 0.0)
    assert relu(Dual(-1.0, 1.0)) == Dual(0.0, 0.0)


def test_sigmoid_does_not_overflow() -> None:
    assert sigmoid(Dual(-1000.0, 1.0)) == Dual(0.0, 0.0)
    assert sigmoid(Dual(1000.0, 1.0)) == Dual(1.0, 0.0)


def test_chain_rule_through_a_composition() -> None:
    # d/dx sin(x^2) = 2x cos(x^2)
    a = 1.3
    assert forward_derivative(lambda x: sin(x * x), a) == pytest.approx(
        2 * a * math.cos(a * a), rel=1e-14
    )


def test_forward_derivative_of_a_constant_function_is_zero() -> None:
    assert forward_derivative(lambda x: 4.0, 2.0) == 0.0


def test_forward_gradient_costs_one_pass_per_variable() -> None:
    calls = []

    def f(x: Dual, y: Dual, z: Dual) -> Dual:
        calls.append(1)
        return x * y + exp(z) * y

    g = forward_gradient(f, 1.0, 2.0, 0.0)
    assert g == pytest.approx((2.0, 2.0, 2.0))
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("f", "x", "message"),
    [
        (log, 0.0, "positive numbers only"),
        (log, -2.0, "positive numbers only"),
        (sqrt, 0.0, "slope at 0 is infinite"),
        (sqrt, -1.0, "positive numbers only"),
        (lambda t: 1 / t, 0.0, "division by zero"),
        (lambda t: t ** (-1), 0.0, "divides by zero"),
        (lambda t: t**0.5, -1.0, "negative base"),
        (lambda t: t**0.5, 0.0, "infinite"),
        (lambda t: t**t, -1.0, "positive numbers only"),
        (lambda t: (-2.0) ** t, 1.0, "positive base"),
    ],
)
def test_outside_the_domain_is_a_domain_error(f: object, x: float, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        forward_derivative(f, x)


def test_overflow_is_an_error_not_an_infinity() -> None:
    with pytest.raises(OverflowError, match="exp"):
        exp(Dual(1000.0, 1.0))
    with pytest.raises(OverflowError, match="overflowed"):
        Dual(1e200, 1.0) * Dual(1e200, 1.0)


def test_bad_operands_are_type_errors() -> None:
    x = Dual(1.0, 1.0)
    for bad in ("1", None, [1.0], True, 1j):
        with pytest.raises(TypeError):
            x + bad
        with pytest.raises(TypeError):
            bad * x
    with pytest.raises(TypeError, match="real number"):
        Dual("1")
    with pytest.raises(ValueError, match="finite"):
        Dual(float("nan"))
    with pytest.raises(ValueError, match="finite"):
        x + float("inf")
    with pytest.raises(TypeError, match="Dual or a real number"):
        exp("1")


def test_forward_derivative_refuses_bad_arguments() -> None:
    with pytest.raises(TypeError, match="callable"):
        forward_derivative(3, 1.0)
    with pytest.raises(ValueError, match="finite"):
        forward_derivative(sin, float("nan"))
    # a plain float is a constant to forward mode: its derivative is 0
    assert forward_derivative(lambda t: math.sin(t.value), 1.0) == 0.0
    with pytest.raises(TypeError, match="must return a Dual"):
        forward_derivative(lambda t: "oops", 1.0)
    with pytest.raises(TypeError, match="must return a Dual"):
        forward_derivative(lambda t: [t], 1.0)
    with pytest.raises(TypeError, match="at least one"):
        forward_gradient(lambda: 1.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(expressions(variables=1), points(1))
def test_forward_mode_agrees_with_sympy_and_finite_differences(
    tree: tuple, point: tuple[float, ...]
) -> None:
    (a,) = point
    try:
        got = forward_derivative(lambda t: evaluate(tree, [t], FORWARD), a)
        value = evaluate(tree, [Dual(a, 1.0)], FORWARD).value
    except UNDEFINED:
        assume(False)
        return
    assume(abs(value) < 1e6 and abs(got) < 1e6)
    try:
        (exact,) = exact_gradient(tree, point)
    except ArithmeticError:
        assume(False)
        return
    assert got == pytest.approx(exact, rel=1e-8, abs=1e-8), show(tree)
    numeric = trusted_difference(lambda t: evaluate(tree, [np.asarray(t)], NUMPY), a)
    if numeric is not None:
        assert numeric == pytest.approx(exact, rel=1e-4, abs=1e-4), show(tree)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(expressions(variables=2), points(2))
def test_forward_gradient_agrees_with_sympy(tree: tuple, point: tuple[float, ...]) -> None:
    try:
        got = forward_gradient(lambda *v: evaluate(tree, v, FORWARD), *point)
    except UNDEFINED:
        assume(False)
        return
    assume(all(abs(g) < 1e6 for g in got))
    try:
        exact = exact_gradient(tree, point)
    except ArithmeticError:
        assume(False)
        return
    assert got == pytest.approx(exact, rel=1e-8, abs=1e-8), show(tree)


def test_sympy_check_of_a_fixed_expression() -> None:
    # tanh(x) * exp(-x^2) at 0.3, a formula the chapter differentiates by hand
    t = sp.Symbol("t")
    exact = float(sp.diff(sp.tanh(t) * sp.exp(-(t**2)), t).subs(t, 0.3))
    assert forward_derivative(lambda x: tanh(x) * exp(-(x**2)), 0.3) == pytest.approx(
        exact, rel=1e-14
    )
