"""Tests of calcnotes.activations: values, stability, derivatives, shapes and errors."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.activations import (
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softplus,
    softplus_derivative,
    tanh,
    tanh_derivative,
)
from calcnotes.numdiff import complex_step, derivative

ALL = [
    sigmoid,
    sigmoid_derivative,
    tanh,
    tanh_derivative,
    relu,
    relu_derivative,
    softplus,
    softplus_derivative,
]


def test_known_values() -> None:
    assert sigmoid(0.0) == 0.5
    assert sigmoid_derivative(0.0) == 0.25
    assert tanh(0.0) == 0.0
    assert tanh_derivative(0.0) == 1.0
    assert sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)), rel=1e-15)
    assert tanh(0.5) == pytest.approx(math.tanh(0.5), rel=1e-15)


@pytest.mark.parametrize("x", [1000.0, -1000.0, 1e308, -1e308, math.inf, -math.inf])
def test_sigmoid_is_stable_for_large_inputs(x: float) -> None:
    # pytest turns RuntimeWarning (overflow) into an error, so no warning may escape.
    expected = 1.0 if x > 0 else 0.0
    assert sigmoid(x) == expected
    assert sigmoid_derivative(x) == 0.0
    assert tanh(x) == expected * 2 - 1
    assert tanh_derivative(x) == 0.0


def test_sigmoid_array_at_extremes() -> None:
    out = sigmoid(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    assert out[0] == 0.0
    assert out[-1] == 1.0
    assert out[1] == pytest.approx(math.exp(-30) / (1 + math.exp(-30)), rel=1e-14)
    assert np.all(np.diff(out) >= 0)


def test_sigmoid_keeps_relative_accuracy_in_the_left_tail() -> None:
    # σ(-50) ≈ e^-50: the stable branch keeps full relative precision there.
    assert sigmoid(-50.0) == pytest.approx(math.exp(-50.0), rel=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(-700, 700))
def test_sigmoid_symmetry_and_range(x: float) -> None:
    s = sigmoid(x)
    assert 0.0 <= s <= 1.0
    assert s + sigmoid(-x) == pytest.approx(1.0, abs=1e-15)
    assert tanh(x) == pytest.approx(2 * sigmoid(2 * x) - 1, abs=1e-14)


@settings(max_examples=50, deadline=None)
@given(st.floats(-30, 30))
def test_derivatives_match_numerical_derivatives(x: float) -> None:
    # Finite differences of f (|f| <= 1 here) have an absolute rounding error of a few
    # eps * |f| / h, which dominates where the derivative itself is tiny: asking for a
    # relative accuracy there raises, so the comparison states its absolute tolerance.
    numeric_sigmoid = derivative(sigmoid, x, atol=1e-10)
    numeric_tanh = derivative(tanh, x, atol=1e-10)
    assert sigmoid_derivative(x) == pytest.approx(numeric_sigmoid, rel=1e-7, abs=1e-10)
    assert tanh_derivative(x) == pytest.approx(numeric_tanh, rel=1e-7, abs=1e-10)


@pytest.mark.parametrize("x", [-3.0, -0.5, 0.0, 0.7, 4.0])
def test_derivatives_match_the_complex_step(x: float) -> None:
    assert sigmoid_derivative(x) == pytest.approx(complex_step(sigmoid, x), rel=1e-14)
    assert tanh_derivative(x) == pytest.approx(complex_step(tanh, x), rel=1e-14)


def test_sigmoid_derivative_is_largest_at_zero() -> None:
    xs = np.linspace(-5, 5, 1001)
    values = sigmoid_derivative(xs)
    assert xs[np.argmax(values)] == 0.0
    assert values.max() == 0.25


def test_relu_and_its_derivative() -> None:
    xs = np.array([-2.0, -0.0, 0.0, 1e-300, 3.5])
    assert relu(xs).tolist() == [0.0, 0.0, 0.0, 1e-300, 3.5]
    assert relu_derivative(xs).tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]


def test_relu_derivative_at_zero_is_zero() -> None:
    assert relu_derivative(0.0) == 0.0
    assert relu_derivative(0) == 0.0


def test_relu_derivative_agrees_with_one_sided_differences() -> None:
    assert relu_derivative(2.0) == pytest.approx(derivative(relu, 2.0))
    assert relu_derivative(-2.0) == pytest.approx(derivative(relu, -2.0))
    # At the corner the one-sided slopes differ: 1 from the right, 0 from the left.
    assert derivative(relu, 0.0, method="forward") == pytest.approx(1.0)
    assert derivative(relu, 0.0, method="backward") == 0.0


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", [(4,), (2, 3), (0,)])
def test_array_in_array_out(f: Callable[..., Any], shape: tuple[int, ...]) -> None:
    xs = np.linspace(-2, 2, int(np.prod(shape))).reshape(shape)
    out = f(xs)
    assert isinstance(out, np.ndarray)
    assert out.shape == shape
    assert out.dtype == np.float64


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_scalar_in_float_out(f: Callable[..., Any]) -> None:
    assert type(f(0.5)) is float
    assert type(f(np.float64(-0.5))) is float
    assert type(f(1)) is float
    assert isinstance(f([1.0, 2.0]), np.ndarray)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_input_is_not_modified(f: Callable[..., Any]) -> None:
    xs = np.array([-1.0, 0.0, 2.0])
    f(xs)
    assert xs.tolist() == [-1.0, 0.0, 2.0]


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_nan_is_refused(f: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="^x must not be NaN$"):
        f(math.nan)
    with pytest.raises(ValueError, match="^x must not be NaN$"):
        f(np.array([0.0, math.nan]))


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", ["1.0", None, object()])
def test_non_numbers_are_refused(f: Callable[..., Any], bad: object) -> None:
    with pytest.raises(TypeError, match="x must be a number or an array of numbers"):
        f(bad)


def test_complex_input_for_the_complex_step() -> None:
    z = 0.3 + 1e-20j
    assert isinstance(sigmoid(z), complex)
    assert complex_step(relu, 2.0) == 1.0
    assert complex_step(relu, -2.0) == 0.0


# ---------------------------------------------------------------- issue 12: stable derivatives


def _exact_sigmoid_derivative(x: float) -> float:
    # s (1 - s) as written, with enough digits (400) that 1 - s keeps its own at |x| = 745
    with mpmath.workdps(400):
        s = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
        return float(s * (1 - s))


def _exact_tanh_derivative(x: float) -> float:
    with mpmath.workdps(50):
        return float(1 / mpmath.cosh(mpmath.mpf(x)) ** 2)


@pytest.mark.parametrize("x", [36.0, 37.0, 38.0, 39.0, 40.0, 100.0, 700.0])
def test_sigmoid_derivative_in_the_far_tail(x: float) -> None:
    # s (1 - s) was 4 % off at 36 and exactly 0 from about 37 (true sigma'(40) = 4.25e-18).
    exact = _exact_sigmoid_derivative(x)
    assert exact > 0
    assert sigmoid_derivative(x) == pytest.approx(exact, rel=1e-14)
    assert sigmoid_derivative(-x) == pytest.approx(exact, rel=1e-14)


@settings(max_examples=200, deadline=None)
@given(st.floats(-745.0, 745.0))
def test_sigmoid_derivative_is_exactly_even(x: float) -> None:
    assert sigmoid_derivative(x) == sigmoid_derivative(-x)
    assert tanh_derivative(x) == tanh_derivative(-x)


@settings(max_examples=200, deadline=None)
@given(st.floats(-700.0, 700.0))
def test_sigmoid_derivative_matches_high_precision_everywhere(x: float) -> None:
    assert sigmoid_derivative(x) == pytest.approx(_exact_sigmoid_derivative(x), rel=1e-14)


@settings(max_examples=200, deadline=None)
@given(st.floats(-350.0, 350.0))
def test_tanh_derivative_matches_high_precision_everywhere(x: float) -> None:
    assert tanh_derivative(x) == pytest.approx(_exact_tanh_derivative(x), rel=1e-14)


@pytest.mark.parametrize("x", [19.0, 20.0, 25.0, 100.0, 354.0])
def test_tanh_derivative_for_large_inputs(x: float) -> None:
    # 1 - tanh(x)**2 was exactly 0 for |x| >= 19.
    exact = _exact_tanh_derivative(x)
    assert tanh_derivative(x) == pytest.approx(exact, rel=1e-14)
    assert tanh_derivative(-x) == pytest.approx(exact, rel=1e-14)


def test_derivatives_underflow_only_below_the_smallest_float() -> None:
    assert sigmoid_derivative(800.0) == 0.0  # true value e**-800 is below 5e-324
    assert tanh_derivative(400.0) == 0.0
    assert sigmoid_derivative(np.array([-1e308, 1e308])).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("x", [-1000.0, -40.0, -1.0, 0.0, 0.5, 30.0, 1000.0])
def test_softplus_matches_high_precision(x: float) -> None:
    with mpmath.workdps(50):
        exact = float(mpmath.log(1 + mpmath.exp(mpmath.mpf(x))))
    if exact == 0.0:
        assert softplus(x) == 0.0
    else:
        assert softplus(x) == pytest.approx(exact, rel=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.floats(-30.0, 30.0))
def test_softplus_derivative_is_the_sigmoid_and_matches_the_numerical_one(x: float) -> None:
    assert softplus_derivative(x) == sigmoid(x)
    assert softplus_derivative(x) == pytest.approx(complex_step(softplus, x), rel=1e-13)
