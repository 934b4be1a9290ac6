"""Tests of calcnotes.roots: bisection's bracket, its error bound and its errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from calcnotes.errors import DomainError
from calcnotes.roots import Bisection, bisect


def test_square_root_of_two_to_the_requested_tolerance() -> None:
    result = bisect(lambda x: x**2 - 2, 0.0, 2.0, tol=1e-10)
    assert isinstance(result, Bisection)
    assert result.bound <= 1e-10
    assert abs(result.root - math.sqrt(2)) <= result.bound
    assert result.lower <= math.sqrt(2) <= result.upper


def test_default_tolerance_is_1e_12() -> None:
    result = bisect(math.cos, 1.0, 2.0)
    assert result.bound <= 1e-12
    assert abs(result.root - math.pi / 2) <= result.bound


def test_fixed_number_of_steps_gives_the_halving_bound() -> None:
    for n in (0, 1, 5, 20, 40):
        result = bisect(math.cos, 1.0, 2.0, steps=n)
        assert result.steps == n
        assert result.brackets.shape == (n + 1, 2)
        assert result.bound == pytest.approx((2.0 - 1.0) / 2 ** (n + 1), rel=1e-12)
        assert abs(result.root - math.pi / 2) <= result.bound


def test_brackets_halve_and_keep_the_sign_change() -> None:
    f = lambda x: x**3 - x - 1  # noqa: E731 - one real root, near 1.3247
    result = bisect(f, 1.0, 2.0, steps=12)
    widths = result.brackets[:, 1] - result.brackets[:, 0]
    assert np.allclose(widths[1:], widths[:-1] / 2, rtol=1e-12)
    for lo, hi in result.brackets:
        assert f(lo) < 0 < f(hi)


def test_the_steps_of_a_known_run() -> None:
    result = bisect(lambda x: x - 0.3, 0.0, 1.0, steps=3)
    assert result.brackets.tolist() == [[0.0, 1.0], [0.0, 0.5], [0.25, 0.5], [0.25, 0.375]]
    assert (result.root, result.bound) == (0.3125, 0.0625)


def test_decreasing_function_is_handled() -> None:
    result = bisect(lambda x: 1 - x, 0.0, 3.0, tol=1e-9)
    assert abs(result.root - 1.0) <= result.bound <= 1e-9


def test_exact_zero_at_a_midpoint_stops_with_bound_zero() -> None:
    result = bisect(lambda x: x - 0.5, 0.0, 1.0)
    assert (result.root, result.bound, result.steps) == (0.5, 0.0, 1)
    assert (result.lower, result.upper) == (0.5, 0.5)


@pytest.mark.parametrize(("a", "b", "expected"), [(0.0, 1.0, 0.0), (-1.0, 0.0, 0.0)])
def test_exact_zero_at_an_end_is_returned(a: float, b: float, expected: float) -> None:
    result = bisect(lambda x: x, a, b)
    assert (result.root, result.bound) == (expected, 0.0)


def test_same_signs_are_refused_with_the_values() -> None:
    with pytest.raises(ValueError, match=r"f\(a\) = 2.0 and f\(b\) = 2.0 have the same sign"):
        bisect(lambda x: x**2 + 1, -1.0, 1.0)


def test_an_even_number_of_roots_is_refused_too() -> None:
    # x^2 - 1/4 has two zeros in [-1, 1], but no change of sign between the ends
    with pytest.raises(ValueError, match="same sign"):
        bisect(lambda x: x**2 - 0.25, -1.0, 1.0)


@pytest.mark.parametrize(("a", "b"), [(1.0, 1.0), (2.0, 1.0)])
def test_bracket_must_be_ordered(a: float, b: float) -> None:
    with pytest.raises(ValueError, match="a < b"):
        bisect(lambda x: x, a, b)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_ends_must_be_finite(bad: float) -> None:
    with pytest.raises(ValueError, match="must be finite"):
        bisect(lambda x: x, bad, 1.0)
    with pytest.raises(ValueError, match="must be finite"):
        bisect(lambda x: x, -1.0, bad)


@pytest.mark.parametrize("bad", ["0", None, 1j, True])
def test_ends_must_be_real_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match="a must be a real number"):
        bisect(lambda x: x, bad, 1.0)


def test_f_must_be_callable() -> None:
    with pytest.raises(TypeError, match="f must be callable"):
        bisect(3, 0.0, 1.0)


def test_f_must_return_one_real_number() -> None:
    with pytest.raises(TypeError, match="single real number"):
        bisect(lambda x: [x, x], -1.0, 1.0)
    with pytest.raises(TypeError, match="single real number"):
        bisect(lambda x: complex(x, 1), -1.0, 1.0)


def test_nan_at_a_midpoint_is_a_domain_error() -> None:
    # 1/x on [-1, 2]: its first midpoint is 0.5, fine; a log that is NaN at the midpoint:
    with pytest.raises(DomainError, match="not finite at x = 0.0"):
        bisect(lambda x: math.copysign(1.0, x) if x != 0 else math.nan, -1.0, 1.0)


def test_infinite_value_at_an_end_is_a_domain_error() -> None:
    with pytest.raises(DomainError, match="not finite"):
        bisect(lambda x: np.float64(1.0) / x, 0.0, 1.0)


def test_tol_and_steps_are_checked() -> None:
    with pytest.raises(TypeError, match="not both"):
        bisect(math.cos, 1.0, 2.0, tol=1e-3, steps=3)
    with pytest.raises(ValueError, match="tol must be a positive"):
        bisect(math.cos, 1.0, 2.0, tol=0.0)
    with pytest.raises(TypeError, match="steps must be an integer"):
        bisect(math.cos, 1.0, 2.0, steps=2.5)
    with pytest.raises(ValueError, match="steps must be an integer >= 0"):
        bisect(math.cos, 1.0, 2.0, steps=-1)


def test_a_tolerance_below_float_spacing_is_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="finer than floating point"):
        bisect(lambda x: x - 1e6 - 0.1, 1e6, 1e6 + 1, tol=1e-15)
    with pytest.raises(ValueError, match="more than floating point resolves"):
        bisect(lambda x: 1.0 if x > 0.1 else -1.0, 0.0, 1.0, steps=2000)


def test_jump_without_a_zero_is_found_as_the_jump() -> None:
    # The sign function changes sign at 0 without being continuous: bisection still
    # closes in on the jump, where the theorem's hypothesis fails and no zero need exist.
    result = bisect(lambda x: 1.0 if x > 1 / 3 else -1.0, 0.0, 1.0, tol=1e-9)
    assert abs(result.root - 1 / 3) <= result.bound


@given(
    root=st.floats(-50, 50, allow_nan=False),
    left=st.floats(1e-3, 10),
    right=st.floats(1e-3, 10),
    slope=st.floats(0.1, 10) | st.floats(-10, -0.1),
)
def test_a_linear_zero_lies_within_the_bound(
    root: float, left: float, right: float, slope: float
) -> None:
    result = bisect(lambda x: slope * (x - root), root - left, root + right, tol=1e-9)
    assert result.bound <= 1e-9
    assert abs(result.root - root) <= result.bound + 1e-12


@given(
    roots=st.lists(st.floats(-3, 3, allow_nan=False), min_size=1, max_size=5),
    n=st.integers(0, 30),
)
def test_after_n_steps_the_bracket_still_brackets_a_sign_change(roots: list[float], n: int) -> None:
    def f(x: float) -> float:
        return float(np.prod([x - r for r in roots]))

    a, b = -4.0, 4.0  # f(a) and f(b) differ in sign exactly when the count of roots is odd
    if len(roots) % 2 == 0:
        with pytest.raises(ValueError, match="same sign"):
            bisect(f, a, b, steps=n)
        return
    result = bisect(f, a, b, steps=n)
    assert result.bound <= (b - a) / 2 ** (min(n, result.steps) + 1) * (1 + 1e-12)
    if result.bound == 0.0:
        assert f(result.root) == 0.0
    else:
        assert result.bound == pytest.approx((b - a) / 2 ** (n + 1), rel=1e-12)
        assert np.sign(f(result.lower)) != np.sign(f(result.upper))
        assert any(abs(result.root - r) <= result.bound * (1 + 1e-12) for r in roots)
