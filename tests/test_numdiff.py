"""Tests of calcnotes.numdiff: accuracy, vectorisation, error paths, and agreement with SymPy."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcnotes.activations import relu
from calcnotes.errors import DomainError
from calcnotes.numdiff import (
    DerivativeResult,
    NumericalOverflowError,
    complex_step,
    default_step,
    derivative,
    gradient,
    gradient_check,
    relative_error,
    richardson,
)

EPS = np.finfo(float).eps

# ---------------------------------------------------------------- random smooth functions

X = sp.Symbol("x", real=True)

_UNARY = (
    sp.sin,
    sp.cos,
    sp.tanh,
    sp.atan,
    lambda u: sp.exp(sp.sin(u)),
    lambda u: sp.exp(-(u**2) / 2),
    lambda u: 1 / (1 + u**2),
    lambda u: sp.log(1 + u**2),
    lambda u: sp.sqrt(1 + u**2),
)

# Leaves are gentle polynomials (a x or a x**2 / 2 plus a constant, |a| <= 1) so that the
# functions vary on a length scale of about 1; wildly oscillating functions such as
# cos(x**7) are "smooth" too, but no fixed step suits them and no tolerance would be honest.
_leaves = st.builds(
    lambda a, k, c: a * X**k / k + c,
    st.sampled_from([sp.Rational(-1), sp.Rational(-1, 2), sp.Rational(1, 2), sp.Rational(1)]),
    st.integers(1, 2),
    st.integers(-1, 1),
)


def _extend(children: st.SearchStrategy[sp.Expr]) -> st.SearchStrategy[sp.Expr]:
    """One more level: a smooth function of a child, or a sum or product of two children."""
    return st.one_of(
        st.builds(lambda g, u: g(u), st.sampled_from(_UNARY), children),
        st.builds(lambda u, v: u + v, children, children),
        st.builds(lambda u, v: u * v, children, children),
    )


smooth_expressions: st.SearchStrategy[sp.Expr] = st.recursive(
    _leaves, _extend, max_leaves=3
).filter(lambda e: X in e.free_symbols)
"""Random compositions, sums and products of polynomials, sin, cos, tanh, atan, exp(sin),
Gaussians and other functions that are smooth on the whole real line (never constant)."""

METHODS = ("central", "forward", "backward")

# ---------------------------------------------------------------- default_step


@pytest.mark.parametrize(
    ("order", "method", "power"),
    [
        (1, "central", 1 / 3),
        (2, "central", 1 / 4),
        (3, "central", 1 / 5),
        (4, "central", 1 / 6),
        (1, "forward", 1 / 2),
        (2, "forward", 1 / 3),
        (1, "backward", 1 / 2),
        (4, "backward", 1 / 5),
    ],
)
def test_default_step_uses_the_optimal_power_of_eps(order: int, method: str, power: float) -> None:
    assert default_step(1.0, order=order, method=method) == pytest.approx(EPS**power, rel=1e-12)
    assert default_step(0.0, order=order, method=method) == pytest.approx(EPS**power, rel=1e-12)


def test_default_step_scales_with_x_beyond_one() -> None:
    assert default_step(1000.0) == pytest.approx(1000 * EPS ** (1 / 3), rel=1e-9)
    assert default_step(-1000.0) == pytest.approx(1000 * EPS ** (1 / 3), rel=1e-9)
    assert default_step(0.25) == pytest.approx(EPS ** (1 / 3), rel=1e-9)


def test_default_step_is_not_the_naive_fixed_step() -> None:
    assert default_step(1.0) > 1e-6


def test_default_step_is_vectorised() -> None:
    xs = np.array([[0.0, 1.0], [-3.0, 50.0]])
    h = default_step(xs)
    assert isinstance(h, np.ndarray)
    assert h.shape == xs.shape
    assert isinstance(default_step(2.0), float)


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(-1e8, 1e8, allow_nan=False),
    order=st.integers(1, 4),
    method=st.sampled_from(METHODS),
)
def test_default_step_is_exactly_representable(x: float, order: int, method: str) -> None:
    h = default_step(x, order=order, method=method)
    assert (x + h) - x == h
    assert h > 0


def test_default_step_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="unknown order 0; choose one of 1, 2, 3, 4"):
        default_step(1.0, order=0)
    with pytest.raises(ValueError, match="unknown method 'left'"):
        default_step(1.0, method="left")
    with pytest.raises(ValueError, match="x must be finite, got inf"):
        default_step(math.inf)


# ---------------------------------------------------------------- derivative: accuracy

# (order, method) -> relative tolerance for smooth, well-scaled functions at |x| <= 2.
TOLERANCE = {
    (1, "central"): 1e-9,
    (2, "central"): 1e-6,
    (3, "central"): 1e-4,
    (4, "central"): 1e-2,
    (1, "forward"): 1e-6,
    (2, "forward"): 1e-3,
    (3, "forward"): 1e-2,
    (4, "forward"): 5e-2,
}
TOLERANCE.update({(o, "backward"): TOLERANCE[(o, "forward")] for o in range(1, 5)})

# f and its first four derivatives.
FUNCTIONS = {
    "x^5": (
        lambda t: t**5,
        [
            lambda t: 5 * t**4,
            lambda t: 20 * t**3,
            lambda t: 60 * t**2,
            lambda t: 120 * t,
        ],
    ),
    "exp": (np.exp, [np.exp] * 4),
    "sin": (np.sin, [np.cos, lambda t: -np.sin(t), lambda t: -np.cos(t), np.sin]),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_derivative_orders_one_to_four(name: str, method: str, order: int) -> None:
    f, derivatives = FUNCTIONS[name]
    xs = np.array([-1.3, -0.4, 0.7, 1.9])
    exact = derivatives[order - 1](xs)
    estimate = derivative(f, xs, order=order, method=method)
    scale = np.maximum(np.abs(exact), 1.0)
    assert np.all(np.abs(estimate - exact) / scale < TOLERANCE[(order, method)])


def test_central_is_exact_for_quadratics_up_to_rounding() -> None:
    def f(t):
        return 3 * t**2 - 2 * t + 1

    assert derivative(f, 2.0) == pytest.approx(10.0, rel=1e-10)
    assert derivative(f, 2.0, order=2) == pytest.approx(6.0, rel=1e-7)


def test_default_step_beats_the_naive_step_for_sine() -> None:
    xs = np.linspace(-2, 2, 41)
    default_error = np.max(np.abs(derivative(np.sin, xs) - np.cos(xs)))
    naive_error = np.max(np.abs(derivative(np.sin, xs, h=1e-7) - np.cos(xs)))
    assert default_error < 1e-10
    assert default_error < naive_error


def test_explicit_step_is_used() -> None:
    # With h = 0.1 the central difference of exp at 0 is sinh(0.1)/0.1, not 1.
    assert derivative(np.exp, 0.0, h=0.1) == pytest.approx(math.sinh(0.1) / 0.1, rel=1e-14)
    assert derivative(np.exp, 0.0, h=0.1, method="forward") == pytest.approx(
        (math.exp(0.1) - 1) / 0.1, rel=1e-14
    )
    assert derivative(np.exp, 0.0, h=0.1, method="backward") == pytest.approx(
        (1 - math.exp(-0.1)) / 0.1, rel=1e-14
    )


def test_array_steps_are_accepted() -> None:
    xs = np.array([0.0, 1.0])
    out = derivative(np.sin, xs, h=np.array([1e-5, 1e-4]))
    assert np.allclose(out, np.cos(xs), rtol=1e-8)


def test_math_functions_work_for_scalars() -> None:
    assert derivative(math.sin, 0.3) == pytest.approx(math.cos(0.3), rel=1e-10)


# ---------------------------------------------------------------- vectorisation


@pytest.mark.parametrize(
    "estimator",
    [
        lambda f, t: derivative(f, t),
        lambda f, t: derivative(f, t, order=3, method="backward"),
        lambda f, t: richardson(f, t),
        lambda f, t: complex_step(f, t),
    ],
    ids=["derivative", "derivative-order3", "richardson", "complex_step"],
)
@pytest.mark.parametrize("shape", [(5,), (2, 3), (1,), (0,)])
def test_array_in_array_out_same_shape(
    estimator: Callable[..., Any], shape: tuple[int, ...]
) -> None:
    xs = np.linspace(-1, 1, int(np.prod(shape))).reshape(shape)
    out = estimator(np.sin, xs)
    assert isinstance(out, np.ndarray)
    assert out.shape == shape
    assert out.dtype == np.float64


@pytest.mark.parametrize(
    "estimator",
    [lambda f, t: derivative(f, t), lambda f, t: richardson(f, t), complex_step],
)
def test_scalar_in_python_float_out(estimator: Callable[..., Any]) -> None:
    assert type(estimator(np.sin, 0.5)) is float
    assert type(estimator(np.sin, np.float64(0.5))) is float
    assert type(estimator(np.sin, 1)) is float


def test_lists_are_accepted() -> None:
    out = derivative(np.exp, [0.0, 1.0])
    assert np.allclose(out, np.exp([0.0, 1.0]))


# ---------------------------------------------------------------- richardson


def test_richardson_and_central_reach_rounding_accuracy() -> None:
    # Both search their step and extrapolate (central to h**8), so both are near rounding.
    xs = np.linspace(-2, 2, 21)
    r_err = np.max(np.abs(richardson(np.exp, xs) - np.exp(xs)) / np.exp(xs))
    c_err = np.max(np.abs(derivative(np.exp, xs) - np.exp(xs)) / np.exp(xs))
    assert r_err < 1e-12
    assert c_err < 1e-12


def test_richardson_with_a_fixed_step_beats_the_plain_central_difference() -> None:
    r_err = abs(richardson(np.exp, 0.3, h=0.01) - np.exp(0.3))
    c_err = abs(derivative(np.exp, 0.3, h=0.01) - np.exp(0.3))
    assert r_err * 1e4 < c_err


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_richardson_all_orders_on_sine(order: int) -> None:
    exact = [math.cos(0.7), -math.sin(0.7), -math.cos(0.7), math.sin(0.7)][order - 1]
    tol = {1: 1e-12, 2: 1e-10, 3: 1e-8, 4: 1e-6}[order]
    assert richardson(np.sin, 0.7, order=order) == pytest.approx(exact, rel=tol)


def test_richardson_with_one_level_is_a_central_difference() -> None:
    assert richardson(np.exp, 0.5, h=0.01, levels=1) == derivative(np.exp, 0.5, h=0.01)


def test_richardson_more_levels_reduce_the_error_for_a_fixed_step() -> None:
    errors = [abs(richardson(np.exp, 0.0, h=0.5, levels=k) - 1.0) for k in (1, 2, 3)]
    assert errors[0] > errors[1] > errors[2]


def test_richardson_rejects_bad_levels() -> None:
    with pytest.raises(ValueError, match="levels must be an integer >= 1, got 0"):
        richardson(np.sin, 0.0, levels=0)
    with pytest.raises(TypeError, match="levels must be an integer, got float"):
        richardson(np.sin, 0.0, levels=2.0)


def test_richardson_domain_error_names_the_stencil() -> None:
    # An explicit step is used as it is, so a stencil that leaves the domain is an error ...
    with pytest.raises(DomainError, match=r"central stencil for x = 0\.01 \(step h = 0\.1\)"):
        richardson(np.log, 0.01, h=0.1)
    # ... while the search shrinks its step until the stencil stays inside the domain.
    result = richardson(np.log, 0.01, full_output=True)
    assert isinstance(result, DerivativeResult)
    assert result.value == pytest.approx(100.0, rel=1e-11)
    assert result.step < 0.01 / 2
    # A starting step well inside the domain works (steps small next to the distance 0.01).
    assert richardson(np.log, 0.01, h=0.001) == pytest.approx(100.0, rel=1e-11)


# ---------------------------------------------------------------- complex step


def test_complex_step_is_accurate_to_rounding() -> None:
    xs = np.linspace(-3, 3, 31)
    assert np.max(np.abs(complex_step(np.exp, xs) - np.exp(xs)) / np.exp(xs)) < 1e-15
    assert np.allclose(complex_step(np.sin, xs), np.cos(xs), rtol=0, atol=1e-15)


def test_complex_step_handles_a_function_with_cancellation() -> None:
    # Finite differences lose digits for this classic test function; complex step does not.
    def f(t):
        return np.exp(t) / np.sqrt(np.sin(t) ** 3 + np.cos(t) ** 3)

    t = sp.Symbol("t")
    g = sp.exp(t) / sp.sqrt(sp.sin(t) ** 3 + sp.cos(t) ** 3)
    exact = float(sp.diff(g, t).subs(t, sp.Rational(3, 2)).evalf(30))
    assert complex_step(f, 1.5) == pytest.approx(exact, rel=1e-14)


def test_complex_step_needs_complex_input() -> None:
    with pytest.raises(TypeError, match="complex step: f must accept complex input"):
        complex_step(math.sin, 0.5)


def test_complex_step_refuses_non_analytic_functions() -> None:
    with pytest.raises(TypeError, match="f must be analytic and return complex values"):
        complex_step(np.abs, 0.5)


def test_complex_step_domain_error() -> None:
    with pytest.raises(DomainError, match=r"f is not finite at x = -1\.0 \(outside its domain\?\)"):
        complex_step(np.log, -1.0)
    with pytest.raises(DomainError, match="x = -4.0"):
        complex_step(np.sqrt, np.array([1.0, -4.0]))


def test_complex_step_rejects_bad_step() -> None:
    with pytest.raises(
        ValueError, match="^complex step: step h must be a positive finite number, got -1e-20"
    ):
        complex_step(np.sin, 0.0, h=-1e-20)


# ---------------------------------------------------------------- error paths


@pytest.mark.parametrize(
    "call",
    [
        lambda f: derivative(f, 1.0),
        lambda f: richardson(f, 1.0),
        lambda f: complex_step(f, 1.0),
        lambda f: gradient(f, [1.0]),
        lambda f: gradient_check(f, lambda v: v, [1.0]),
    ],
)
def test_non_callable_f_is_a_type_error(call: Callable[..., Any]) -> None:
    with pytest.raises(TypeError, match="f must be callable, got int"):
        call(3)


def test_gradient_check_non_callable_grad() -> None:
    with pytest.raises(TypeError, match="grad must be callable, got list"):
        gradient_check(np.sum, [1.0], [1.0])


@pytest.mark.parametrize("bad", [0, -1e-3, math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "call",
    [
        lambda h: derivative(np.sin, 1.0, h=h),
        lambda h: richardson(np.sin, 1.0, h=h),
        lambda h: complex_step(np.sin, 1.0, h=h),
        lambda h: gradient(np.sum, [1.0, 2.0], h=h),
    ],
)
def test_bad_step_is_a_value_error(call: Callable[..., Any], bad: float) -> None:
    with pytest.raises(ValueError, match="step h must be a positive finite number, got"):
        call(bad)


def test_step_array_with_one_bad_entry() -> None:
    with pytest.raises(ValueError, match="got -0.5"):
        derivative(np.sin, [1.0, 2.0], h=[0.1, -0.5])


def test_step_of_wrong_shape() -> None:
    with pytest.raises(ValueError, match="does not match points of shape"):
        derivative(np.sin, [1.0, 2.0], h=[0.1, 0.1, 0.1])


def test_step_lost_to_rounding_is_refused() -> None:
    with pytest.raises(ValueError, match="too small for x = 1.0: x \\+ h rounds back to x"):
        derivative(np.sin, 1.0, h=1e-20)


def test_step_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="step h must be a real number"):
        derivative(np.sin, 1.0, h="small")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "call",
    [
        lambda x: derivative(np.sin, x),
        lambda x: richardson(np.sin, x),
        lambda x: complex_step(np.sin, x),
        lambda x: gradient(np.sum, [0.0, x]),
        lambda x: default_step(x),
    ],
)
def test_non_finite_point_is_a_value_error(call: Callable[..., Any], bad: float) -> None:
    with pytest.raises(ValueError, match="x must be finite, got"):
        call(bad)


def test_non_numeric_point_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="x must be a real number"):
        derivative(np.sin, "1.0")
    with pytest.raises(TypeError, match="got complex"):
        derivative(np.sin, 1j)


@pytest.mark.parametrize("order", [0, 5, -1, 1.0, True, "1"])
def test_unknown_order(order: object) -> None:
    with pytest.raises(ValueError, match="unknown order .*; choose one of 1, 2, 3, 4"):
        derivative(np.sin, 1.0, order=order)
    with pytest.raises(ValueError, match="choose one of 1, 2, 3, 4"):
        richardson(np.sin, 1.0, order=order)


def test_numpy_integer_order_is_accepted() -> None:
    assert derivative(np.sin, 0.0, order=np.int64(1)) == pytest.approx(1.0)


@pytest.mark.parametrize("method", ["centered", "Central", "", None])
def test_unknown_method(method: object) -> None:
    with pytest.raises(
        ValueError,
        match="unknown method .*; choose one of 'central', 'forward', 'backward'",
    ):
        derivative(np.sin, 1.0, method=method)


def test_domain_error_at_the_point() -> None:
    with pytest.raises(
        DomainError, match=r"^f is not finite at x = -1\.0 \(outside its domain\?\)$"
    ):
        derivative(np.log, -1.0)


def test_domain_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        derivative(np.log, -1.0)


def test_domain_error_for_a_backward_stencil_leaving_the_domain() -> None:
    with pytest.raises(DomainError, match=r"backward stencil for x = 0\.0"):
        derivative(np.sqrt, 0.0, method="backward")
    with pytest.raises(DomainError, match=r"central stencil for x = 0\.0"):
        derivative(np.sqrt, 0.0)


def test_domain_error_reports_the_first_bad_point_of_an_array() -> None:
    with pytest.raises(DomainError, match=r"x = -2\.0 .*1 more point"):
        derivative(np.log, np.array([1.0, -2.0, -3.0]))


def test_division_by_zero_at_the_point() -> None:
    with pytest.raises(DomainError, match=r"x = 0\.0"):
        derivative(lambda t: 1 / t, np.array([0.0, 1.0]))


def test_math_domain_errors_become_domain_errors() -> None:
    with pytest.raises(DomainError, match="math domain error"):
        derivative(math.log, -1.0)


def test_python_division_by_zero_becomes_a_domain_error() -> None:
    with pytest.raises(DomainError, match=r"near x = 0\.0 .*division by zero"):
        derivative(lambda t: 1 / float(t), 0.0)


def test_other_value_errors_of_f_pass_through() -> None:
    def f(t: float) -> float:
        raise ValueError("a bug in f")

    with pytest.raises(ValueError, match="^a bug in f$") as info:
        derivative(f, 1.0)
    assert not isinstance(info.value, DomainError)


def test_no_warning_leaks_from_f() -> None:
    # pytest turns RuntimeWarning into an error, so a leaking warning would fail here
    # with RuntimeWarning instead of DomainError.
    with pytest.raises(DomainError):
        derivative(np.log, np.array([-1.0, 0.0]))
    with pytest.raises(NumericalOverflowError, match="f overflows at x = 800.0"):
        derivative(lambda t: np.exp(t) ** 100, 800.0)


def test_f_with_wrong_output_shape() -> None:
    with pytest.raises(ValueError, match=r"f returned shape \(\) for points of shape \(3,\)"):
        derivative(lambda t: np.sum(t**2), np.array([1.0, 2.0, 3.0]))


def test_f_with_complex_output() -> None:
    with pytest.raises(TypeError, match="f returned complex values"):
        derivative(lambda t: t * 1j, 1.0)


def test_f_with_non_numeric_output() -> None:
    with pytest.raises(TypeError, match="f must return real numbers"):
        derivative(lambda t: "value", 1.0)


# ---------------------------------------------------------------- gradient & checks


def test_gradient_of_a_quadratic_form() -> None:
    A = np.array([[3.0, 1.0], [1.0, 2.0]])

    def f(v):
        return 0.5 * v @ A @ v

    v = np.array([0.3, -1.2])
    assert np.allclose(gradient(f, v), A @ v, rtol=1e-9, atol=1e-12)


def test_gradient_keeps_the_shape_of_a_matrix_argument() -> None:
    W = np.arange(6.0).reshape(2, 3) / 10
    g = gradient(lambda M: np.sum(np.sin(M)), W)
    assert g.shape == (2, 3)
    assert np.allclose(g, np.cos(W), rtol=1e-9)


def test_gradient_does_not_modify_its_input() -> None:
    v = np.array([1.0, 2.0])
    gradient(lambda w: float(w @ w), v)
    assert v.tolist() == [1.0, 2.0]


def test_gradient_with_a_scalar_point() -> None:
    g = gradient(lambda t: t**3, 2.0)
    assert g.shape == ()
    assert float(g) == pytest.approx(12.0, rel=1e-9)


def test_gradient_errors() -> None:
    with pytest.raises(ValueError, match="f must return a single number"):
        gradient(lambda v: v * 2, [1.0, 2.0])
    with pytest.raises(DomainError, match="f is not finite at x = \\[-1.0, 1.0\\]"):
        gradient(lambda v: np.sum(np.log(v)), [-1.0, 1.0])
    with pytest.raises(DomainError, match="coordinate 0 of x is moved"):
        gradient(lambda v: np.sum(np.sqrt(v)), [0.0, 1.0])
    with pytest.raises(TypeError, match="f must return a real number"):
        gradient(lambda v: "x", [0.0, 1.0])


def test_relative_error() -> None:
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, -1.0) == 2.0
    # norm-wise: ||a - b|| / max(||a||, ||b||)
    assert relative_error([1.0, 100.0], [1.1, 100.0]) == pytest.approx(0.1 / math.hypot(1.1, 100.0))
    assert relative_error([3.0, 4.0], [3.0, 4.0], floor=1.0) == 0.0
    assert relative_error([0.0], [1e-9], floor=1e-3) == pytest.approx(1e-6)
    assert relative_error([], []) == 0.0
    assert type(relative_error(1.0, 2.0)) is float


def test_relative_error_errors() -> None:
    with pytest.raises(ValueError, match="a must be finite, got nan"):
        relative_error(math.nan, 1.0)
    with pytest.raises(ValueError, match="b must be finite, got inf"):
        relative_error(1.0, math.inf)
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


def test_gradient_check_accepts_a_correct_gradient_and_flags_a_wrong_one() -> None:
    def f(v):
        return np.sum(np.exp(v) * np.sin(v))

    def good(v):
        return np.exp(v) * (np.sin(v) + np.cos(v))

    def bad(v):
        return np.exp(v) * np.cos(v)

    v = np.array([0.2, -0.7, 1.1])
    assert gradient_check(f, good, v) < 1e-8
    assert gradient_check(f, bad, v) > 1e-2


def test_gradient_check_errors() -> None:
    with pytest.raises(ValueError, match=r"grad returned shape \(3,\) but x has shape \(2,\)"):
        gradient_check(np.sum, lambda v: np.ones(3), [1.0, 2.0])
    with pytest.raises(ValueError, match="grad\\(x\\) must be a finite real array"):
        gradient_check(np.sum, lambda v: v * np.nan, [1.0, 2.0])


# ---------------------------------------------------------------- agreement with SymPy


def _exact(expr: sp.Expr, x0: float) -> float:
    """The SymPy expression at the float x0, evaluated with 40 digits (a correctly rounded reference)."""
    g = sp.lambdify(X, expr, modules="mpmath")
    with mpmath.workdps(40):
        return float(g(mpmath.mpf(x0)))


# Errors are measured relative to max(|f'(x)|, |f(x)|, 1): where f' happens to be nearly 0
# the rounding error of a difference quotient is set by |f|, not by |f'|.  The tolerances
# were chosen from 3000 random examples (worst seen: central 6e-10, Richardson 5e-11,
# complex step 1e-15; second derivatives central 4e-7, Richardson 1.2e-9) with a margin.
PROPERTY_TOLERANCE = {
    ("central", 1): 1e-6,
    ("forward", 1): 1e-5,
    ("richardson", 1): 1e-9,
    ("complex", 1): 1e-13,
    ("central", 2): 1e-5,
    ("richardson", 2): 1e-7,
}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(expr=smooth_expressions, x0=st.floats(-2.0, 2.0))
def test_numerical_derivatives_agree_with_sympy(expr: sp.Expr, x0: float) -> None:
    f = sp.lambdify(X, expr, modules="numpy")
    fx = _exact(expr, x0)
    calls: dict[tuple[str, int], Callable[[], Any]] = {
        ("central", 1): lambda: derivative(f, x0),
        ("forward", 1): lambda: derivative(f, x0, method="forward"),
        ("richardson", 1): lambda: richardson(f, x0),
        ("complex", 1): lambda: complex_step(f, x0),
        ("central", 2): lambda: derivative(f, x0, order=2),
        ("richardson", 2): lambda: richardson(f, x0, order=2),
    }
    exact = {n: _exact(sp.diff(expr, X, n), x0) for n in (1, 2)}
    for (method, order), call in calls.items():
        scale = max(abs(exact[order]), abs(fx), 1.0)
        try:
            estimate = call()
        except ValueError as err:
            # The default tolerance is relative to the derivative itself, so a derivative
            # that is tiny next to f (cos near 0) may be refused, and so may one of an f
            # whose values lose digits to cancellation (-x + (1 - x)(-x - 1) + 1 is
            # x**2 - x, computed with an absolute rounding of eps at any x): the message
            # then says that rounding is the limit, or (complex step, whose Im f(x + ih) is
            # h f'(x)) that a tiny derivative underflows.
            message = str(err)
            assert "rounding" in message or "underflows" in message, err
            continue
        error = abs(estimate - exact[order]) / scale
        assert error < PROPERTY_TOLERANCE[(method, order)], (
            method,
            order,
            str(expr),
            x0,
            error,
        )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=smooth_expressions, data=st.data())
def test_vectorised_call_matches_pointwise_calls(expr: sp.Expr, data: st.DataObject) -> None:
    f = sp.lambdify(X, expr, modules="numpy")
    xs = np.array(data.draw(st.lists(st.floats(-2, 2), min_size=1, max_size=5)))
    # an absolute tolerance, since a derivative near 0 has no relative accuracy to ask for
    vectorised = derivative(f, xs, atol=1e-10)
    pointwise = np.array([derivative(f, float(t), atol=1e-10) for t in xs])
    # NumPy may evaluate f through different (SIMD) code paths for arrays and scalars, so
    # f's values can differ in the last bit; divided by h that is about eps / h ~ 4e-11.
    np.testing.assert_allclose(vectorised, pointwise, rtol=1e-9, atol=1e-9)


# ---------------------------------------------------------------- issue 12: each review case
#
# Every case a review found answered wrongly, now answered right (to the stated tolerance)
# or refused with an error whose message says what was wrong.


def _mp_derivative(f: Callable[[Any], Any], x0: float, order: int = 1) -> float:
    """The order-th derivative of an mpmath function at the float x0, with 60 digits."""
    with mpmath.workdps(60):
        return float(mpmath.diff(f, mpmath.mpf(x0), order))


@pytest.mark.parametrize(
    ("call", "exact", "rel"),
    [
        (lambda: derivative(np.sin, 1e6), math.cos(1e6), 1e-10),
        (lambda: derivative(np.sin, 1e4), math.cos(1e4), 1e-10),
        (lambda: richardson(np.sin, 1e4), math.cos(1e4), 1e-10),
        (lambda: derivative(np.exp, 100.0, order=4), math.exp(100.0), 1e-6),
    ],
    ids=["sin at 1e6", "sin at 1e4", "richardson sin at 1e4", "exp'''' at 100"],
)
def test_large_x_step_follows_the_function(
    call: Callable[[], Any], exact: float, rel: float
) -> None:
    # The old step eps**(1/3) * |x| was 6.06 at 1e6: off by 0.97 there.
    assert call() == pytest.approx(exact, rel=rel)


def test_steps_at_large_x_stay_on_the_scale_of_the_function() -> None:
    result = derivative(np.sin, 1e6, full_output=True)
    assert result.step < 1.0  # sin varies on the scale 1 wherever x is
    assert abs(result.value - math.cos(1e6)) <= result.error


def test_reciprocal_next_to_its_pole() -> None:
    # The old stencil straddled 0 and returned +2.7e10 (true -1e14).
    assert derivative(lambda t: 1 / t, 1e-7) == pytest.approx(-1e14, rel=1e-8)
    assert richardson(lambda t: 1 / t, 0.03) == pytest.approx(-1 / 0.03**2, rel=1e-10)


def test_tan_next_to_its_pole() -> None:
    x0 = math.pi / 2 - 1e-6
    exact = _mp_derivative(mpmath.tan, x0)  # about +1e12; the old answer was -1.1e10
    for estimate in (derivative(np.tan, x0), richardson(np.tan, x0), complex_step(np.tan, x0)):
        assert estimate == pytest.approx(exact, rel=1e-8)


@pytest.mark.parametrize("f", [np.abs, relu], ids=["abs", "relu"])
def test_kink_next_to_the_point(f: Callable[[Any], Any]) -> None:
    # The old central stencil crossed the kink at 0: relu gave 0.58, abs 0.165 (true 1).
    for estimate in (derivative(f, 1e-6), richardson(f, 1e-6), derivative(f, 1e-6, order=1)):
        assert estimate == pytest.approx(1.0, rel=1e-10)


@pytest.mark.parametrize("f", [np.abs, relu], ids=["abs", "relu"])
def test_kink_at_the_point_is_a_domain_error_naming_both_slopes(f: Callable[[Any], Any]) -> None:
    with pytest.raises(DomainError, match="one-sided derivatives differ") as info:
        derivative(f, 0.0)
    assert "central stencil meets a kink" in str(info.value)
    with pytest.raises(DomainError, match="one-sided derivatives differ"):
        richardson(f, 0.0)
    # the one-sided methods give the one-sided derivative, as documented
    assert derivative(f, 0.0, method="forward") == pytest.approx(1.0, rel=1e-12)


def test_complex_step_detects_a_function_that_is_not_analytic() -> None:
    # t * |t| accepts complex input but is no power series: the old answer was 2 (true 4).
    with pytest.raises(ValueError, match="complex step: f does not look complex-analytic") as info:
        complex_step(lambda t: t * np.abs(t), 2.0)
    assert "gives 2 but a real central difference gives 4" in str(info.value)
    # without the check, the caller vouches for f
    assert complex_step(lambda t: t * np.abs(t), 2.0, check=False) == 2.0


def test_complex_step_at_a_singular_point_raises_as_derivative_does() -> None:
    # sqrt has an infinite slope at 0: the old complex step returned 7e9.
    with pytest.raises(DomainError):
        derivative(np.sqrt, 0.0)
    with pytest.raises(DomainError, match="^complex step: "):
        complex_step(np.sqrt, 0.0)


@pytest.mark.parametrize("bad", [1e-310, 5e-324, 0.0, -1e-20])
def test_complex_step_refuses_a_subnormal_or_non_positive_step(bad: float) -> None:
    expected = "is subnormal" if bad > 0 else "must be a positive finite number"
    with pytest.raises(ValueError, match=f"^complex step: .*step h.*{expected}"):
        complex_step(np.sin, 1.0, h=bad)


def test_float32_function_is_differentiated_at_its_own_precision() -> None:
    def f(t: Any) -> Any:
        return np.sin(np.float32(t))

    result = derivative(f, 1.0, full_output=True)
    # The old float64 steps were off by 6e-3.  The step and the error estimate now follow
    # float32's rounding (eps = 1.2e-7), and the estimate covers the true error.
    assert abs(result.value - math.cos(1.0)) <= result.error
    assert result.value == pytest.approx(math.cos(1.0), rel=1e-4)
    assert result.error > 1e-9  # not a float64-sized claim
    assert result.step > derivative(np.sin, 1.0, full_output=True).step
    # asking float64 accuracy of a float32 function is refused, not answered
    with pytest.raises(ValueError, match="cannot be estimated within rtol = 1e-10"):
        derivative(f, 1.0, rtol=1e-10)


def test_overflow_is_reported_as_overflow() -> None:
    with pytest.raises(NumericalOverflowError, match="f overflows at x = 1000.0") as info:
        derivative(np.exp, 1000.0)
    assert "domain" not in str(info.value)
    assert isinstance(info.value, OverflowError)
    assert isinstance(info.value, ValueError)
    # finite values whose difference quotient overflows
    with pytest.raises(NumericalOverflowError, match="the difference quotient overflows"):
        derivative(lambda t: 1e300 * np.sin(1e10 * t), 0.0, h=1e-20)


@pytest.mark.parametrize("levels", [60, 9, 1000])
def test_richardson_refuses_too_many_levels(levels: int) -> None:
    # levels=60 used to halve the step down to 0 and report a misleading overflow.
    with pytest.raises(ValueError, match=f"levels must be between 1 and 8 .* got {levels}"):
        richardson(np.sin, 1.0, levels=levels)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: derivative(np.sin, x),
        lambda x: richardson(np.sin, x),
        lambda x: complex_step(np.sin, x),
        lambda x: gradient(np.sum, x),
        lambda x: default_step(x),
    ],
    ids=["derivative", "richardson", "complex_step", "gradient", "default_step"],
)
@pytest.mark.parametrize("bad", [True, np.array([True, False])], ids=["bool", "bool array"])
def test_bool_points_are_refused(call: Callable[[Any], Any], bad: Any) -> None:
    with pytest.raises(TypeError, match="got bool"):
        call(bad)


def test_gradient_check_with_a_zero_component() -> None:
    # v0**2 + v1**3 at (1, 0): the gradient (2, 0) is right; the old componentwise score
    # was 1.0, because the numerical 0 of the second component was not exactly 0.
    def f(v: np.ndarray) -> float:
        return float(v[0] ** 2 + v[1] ** 3)

    def good(v: np.ndarray) -> np.ndarray:
        return np.array([2 * v[0], 3 * v[1] ** 2])

    def bad(v: np.ndarray) -> np.ndarray:
        return np.array([2 * v[0], 1.0])

    assert gradient_check(f, good, [1.0, 0.0]) < 1e-8
    assert gradient_check(f, bad, [1.0, 0.0]) > 0.1


def test_gradient_check_scores_are_norm_wise_whatever_the_scales() -> None:
    # one huge and one tiny component: the tiny one does not dominate the score
    def f(v: np.ndarray) -> float:
        return float(1e6 * v[0] ** 2 + 1e-6 * v[1] ** 2)

    def good(v: np.ndarray) -> np.ndarray:
        return np.array([2e6 * v[0], 2e-6 * v[1]])

    assert gradient_check(f, good, [1.0, 1.0]) < 1e-8


# ---------------------------------------------------------------- issue 12: property tests

_WIDE_FUNCTIONS = {
    "sin": (sp.sin(X), np.sin),
    "x**3": (X**3, lambda t: t**3),
    "atan": (sp.atan(X), np.arctan),
    "exp(sin)": (sp.exp(sp.sin(X)), lambda t: np.exp(np.sin(t))),
    "sqrt(1 + x**2)": (sp.sqrt(1 + X**2), lambda t: np.sqrt(1 + t**2)),
    "x cos x": (X * sp.cos(X), lambda t: t * np.cos(t)),
}


def _exact_derivative(expr: sp.Expr, x0: float, order: int) -> float:
    g = sp.lambdify(X, sp.diff(expr, X, order), modules="mpmath")
    with mpmath.workdps(50):
        return float(g(mpmath.mpf(x0)))


def _call_method(method: str, f: Callable[[Any], Any], x0: float, order: int) -> Any:
    if method == "richardson":
        return richardson(f, x0, order=order, full_output=True)
    return derivative(f, x0, order=order, method=method, full_output=True)


def _default_rtol(order: int) -> float:
    return math.sqrt(EPS) * 10.0 ** (order - 1)


def _assert_within_error_or_tolerance(result: DerivativeResult, exact: float, label: Any) -> None:
    """The law: the value is within a few times its error estimate of the truth, or within
    the tolerance the call promised (the estimate is an estimate, not a bound)."""
    error = abs(result.value - exact)
    assert error <= 4.0 * result.error or error <= _default_rtol(result.order) * abs(exact), (
        label,
        result,
        exact,
    )
    if exact != 0 and abs(exact) > 4.0 * result.error:
        assert np.sign(result.value) == np.sign(exact), (label, result, exact)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_WIDE_FUNCTIONS)),
    exponent=st.floats(-6.0, 8.0),
    sign=st.sampled_from([-1.0, 1.0]),
    method=st.sampled_from(["central", "forward", "backward", "richardson"]),
    order=st.integers(1, 4),
)
def test_wide_range_of_x_right_value_or_error(
    name: str, exponent: float, sign: float, method: str, order: int
) -> None:
    expr, f = _WIDE_FUNCTIONS[name]
    x0 = sign * 10.0**exponent
    try:
        result = _call_method(method, f, x0, order)
    except ValueError as err:  # DomainError is a ValueError too
        assert "cannot be estimated within" in str(err) or "not reliable" in str(err), err
        return
    _assert_within_error_or_tolerance(result, _exact_derivative(expr, x0, order), (name, x0))


def _reciprocal_exact(x0: float, order: int) -> float:
    return (-1) ** order * math.factorial(order) / x0 ** (order + 1)


def _kink_exact(x0: float, order: int) -> float:
    return math.copysign(1.0, x0) if order == 1 else 0.0


def _relu_exact(x0: float, order: int) -> float:
    return (1.0 if x0 > 0 else 0.0) if order == 1 else 0.0


_NEAR_SINGULAR: dict[str, tuple[Callable[[Any], Any], float, Callable[[float, int], float]]] = {
    "1/x": (lambda t: 1 / t, 0.0, _reciprocal_exact),
    "tan": (np.tan, math.pi / 2, lambda x0, n: _mp_derivative(mpmath.tan, x0, n)),
    "abs": (np.abs, 0.0, _kink_exact),
    "relu": (relu, 0.0, _relu_exact),
}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_NEAR_SINGULAR)),
    exponent=st.floats(-9.0, -3.0),
    sign=st.sampled_from([-1.0, 1.0]),
    method=st.sampled_from(["central", "forward", "backward", "richardson", "complex"]),
    order=st.integers(1, 4),
)
def test_near_poles_and_kinks_right_value_or_error(
    name: str, exponent: float, sign: float, method: str, order: int
) -> None:
    f, singular, exact_of = _NEAR_SINGULAR[name]
    x0 = singular + sign * 10.0**exponent
    try:
        if method == "complex":
            result = complex_step(f, x0, full_output=True)
        else:
            result = _call_method(method, f, x0, order)
    except (ValueError, TypeError) as err:  # a refusal, with a reason
        assert str(err), err
        return
    _assert_within_error_or_tolerance(result, exact_of(x0, result.order), (name, x0, method))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expr=smooth_expressions, x0=st.floats(-2.0, 2.0))
def test_error_estimate_bounds_the_true_error_on_smooth_functions(expr: sp.Expr, x0: float) -> None:
    f = sp.lambdify(X, expr, modules="numpy")
    for method in ("central", "richardson"):
        try:
            result = _call_method(method, f, x0, 1)
        except ValueError as err:
            assert "cannot be estimated within" in str(err), err
            continue
        exact = _exact_derivative(expr, x0, 1)
        # f's values can carry rounding no estimate sees (log(1 + x**2) is exactly 0 for
        # |x| < 1e-8, so its computed slope there is 0): an allowance of a few eps on the
        # scale max(|f'|, |f|, 1), as in test_numerical_derivatives_agree_with_sympy.
        scale = max(abs(exact), abs(_exact(expr, x0)), 1.0)
        assert abs(result.value - exact) <= 4.0 * result.error + 64.0 * EPS * scale, (
            method,
            str(expr),
            x0,
            result,
            exact,
        )


@pytest.mark.parametrize("atol", [0.0, 1e-9])
def test_values_near_underflow_are_differenced_within_their_error(atol: float) -> None:
    # Below the smallest normal number a value's rounding is absolute (the subnormal spacing),
    # not eps times the value. Found by hypothesis through Hessian entries: of 2 x^3 y^3 z at
    # z = 9.8e-307 (f'' = 1.1e-308) and of y^3 at y = 1.4e-106 (a constant 2.7e-318).
    scale = 2 * 0.15625**3 * 9.840980106652487e-307

    def cubic(t: float) -> float:
        return scale * (0.25 + t) ** 3

    def constant(t: float) -> float:
        return 1.4002381629087438e-106**3 + 0.0 * t

    for f, exact in [(cubic, 6 * scale * 0.25), (constant, 0.0)]:
        for order in (1, 2):
            expected = exact if order == 2 else 3 * scale * 0.25**2 * (f is cubic)
            result = derivative(f, 0.0, order=order, atol=atol, full_output=True)
            assert abs(result.value - expected) <= result.error <= 1e-300, (f, order)


@pytest.mark.parametrize("h", [1e-3, 1e-2, 1e-1])
@pytest.mark.parametrize("order", [1, 2])
def test_a_fixed_step_bounds_its_error_near_underflow(h: float, order: int) -> None:
    # The plain difference quotient's rounding bound counts the subnormal spacing too: with
    # eps times the values alone it understated the error up to four-fold here.
    scale = 2 * 0.15625**3 * 9.840980106652487e-307
    exact = 3 * scale * 0.25**2 if order == 1 else 6 * scale * 0.25
    result = derivative(lambda t: scale * (0.25 + t) ** 3, 0.0, order=order, h=h, full_output=True)
    assert abs(result.value - exact) <= result.error
