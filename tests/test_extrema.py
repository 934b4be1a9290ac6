"""Tests of calcnotes.extrema: critical points, their classification, absolute extrema."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.errors import DomainError
from calcnotes.extrema import (
    CriticalPoint,
    Extrema,
    absolute_extrema,
    classify_critical_point,
    critical_points,
)

x = sp.Symbol("x")


# --------------------------------------------------------------------------- critical points


def test_x_cubed_minus_3x_has_a_max_at_minus_1_and_a_min_at_1() -> None:
    points = critical_points(x**3 - 3 * x, x)
    assert points == [
        CriticalPoint(x=-1, value=2, kind="local maximum", test="second derivative"),
        CriticalPoint(x=1, value=-2, kind="local minimum", test="second derivative"),
    ]


def test_critical_points_are_sorted_and_restricted_to_the_interval() -> None:
    points = critical_points(x**4 - 2 * x**2, x, (-0.5, 2))
    assert [(p.x, p.kind) for p in points] == [(0, "local maximum"), (1, "local minimum")]


def test_critical_points_of_sine_on_a_period() -> None:
    points = critical_points(sp.sin(x), x, (0, 2 * sp.pi))
    assert [(p.x, p.value, p.kind) for p in points] == [
        (sp.pi / 2, 1, "local maximum"),
        (3 * sp.pi / 2, -1, "local minimum"),
    ]


def test_critical_points_accept_a_sympy_interval_and_a_string() -> None:
    points = critical_points("x**2", x, sp.Interval(-1, 1))
    assert [p.x for p in points] == [0]


def test_a_kink_is_a_critical_point() -> None:
    (point,) = critical_points(sp.Abs(x), x)
    assert point == CriticalPoint(x=0, value=0, kind="local minimum", test="first derivative")


def test_kinks_and_smooth_points_together() -> None:
    points = critical_points(sp.Abs(x**2 - 1), x)
    assert [(p.x, p.kind, p.test) for p in points] == [
        (-1, "local minimum", "first derivative"),
        (0, "local maximum", "second derivative"),
        (1, "local minimum", "first derivative"),
    ]


def test_a_kink_where_f_keeps_rising_is_neither() -> None:
    # f' -> 0 from the left (f' = -x/2 > 0) and 1 from the right: rising on both sides
    points = critical_points(sp.Max(0, x) - x**2 / 4, x)
    assert [(p.x, p.kind, p.test) for p in points] == [
        (0, "neither", "first derivative"),
        (2, "local maximum", "second derivative"),
    ]


def test_a_piecewise_kink_is_found_and_classified() -> None:
    f = sp.Piecewise((-x, x < 0), (x**2, True))
    (point,) = critical_points(f, x)
    assert (point.x, point.kind, point.test) == (0, "local minimum", "first derivative")


def test_end_of_the_domain_is_reported_inconclusive() -> None:
    points = critical_points(sp.sqrt(1 - x**2), x)
    assert [(p.x, p.kind) for p in points] == [
        (-1, "inconclusive"),
        (0, "local maximum"),
        (1, "inconclusive"),
    ]


def test_points_outside_the_domain_are_not_critical() -> None:
    # f' = -1/x**2 is undefined at 0, but so is f: no critical point
    assert critical_points(1 / x, x) == []


def test_numeric_fallback_on_a_bounded_interval() -> None:
    (point,) = critical_points(x * sp.exp(x) - sp.cos(x), x, (-2, 2))
    assert isinstance(point.x, sp.Float)
    assert abs(float(sp.diff(x * sp.exp(x) - sp.cos(x), x).subs(x, point.x))) < 1e-12
    assert point.kind == "local minimum"


# --------------------------------------------------------------------------- classification


def test_x_to_the_4_is_a_minimum_by_the_fourth_derivative() -> None:
    point = classify_critical_point(x**4, x, 0)
    assert point == CriticalPoint(x=0, value=0, kind="local minimum", test="derivative of order 4")


def test_minus_x_to_the_6_is_a_maximum() -> None:
    point = classify_critical_point(-(x**6), x, 0)
    assert (point.kind, point.test) == ("local maximum", "derivative of order 6")


def test_x_cubed_at_0_is_neither() -> None:
    point = classify_critical_point(x**3, x, 0)
    assert (point.kind, point.test) == ("neither", "derivative of order 3")


def test_x_to_the_10_with_max_order_8_is_inconclusive() -> None:
    point = classify_critical_point(x**10, x, 0, max_order=8)
    assert point.kind == "inconclusive"
    assert point.test == "derivatives up to order 8 vanish"
    # with enough derivatives the test decides
    assert classify_critical_point(x**10, x, 0, max_order=10).kind == "local minimum"


def test_flat_function_exp_minus_one_over_x_squared_is_inconclusive() -> None:
    # every derivative of this function vanishes at 0: no derivative test can decide
    flat = sp.Piecewise((sp.exp(-1 / x**2), sp.Ne(x, 0)), (0, True))
    point = classify_critical_point(flat, x, 0, max_order=4)
    assert point.kind == "inconclusive"
    assert point.test == "derivatives up to order 4 vanish"


def test_exp_minus_one_over_x_squared_itself_is_undefined_at_0() -> None:
    with pytest.raises(DomainError, match=r"undefined at x = 0"):
        classify_critical_point(sp.exp(-1 / x**2), x, 0)


def test_undecidable_sign_is_inconclusive() -> None:
    a = sp.Symbol("a")  # sign unknown: f'' = 2a
    point = classify_critical_point(a * x**2, x, 0)
    assert point.kind == "inconclusive"
    assert "undecided" in point.test


def test_second_derivative_with_an_irrational_value() -> None:
    point = classify_critical_point(sp.cos(x), x, sp.pi)
    assert (point.value, point.kind) == (-1, "local minimum")


def test_critical_point_is_frozen() -> None:
    point = classify_critical_point(x**2, x, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.kind = "local maximum"  # type: ignore[misc]


# --------------------------------------------------------------------------- absolute extrema


def test_absolute_extrema_of_x_cubed_minus_3x_on_0_3() -> None:
    result = absolute_extrema(x**3 - 3 * x, x, 0, 3)
    expected = Extrema(minimum=(1, -2), maximum=(3, 18), candidates=((0, 0), (1, -2), (3, 18)))
    assert result == expected


def test_absolute_extrema_on_minus_2_2_ties_pick_the_leftmost() -> None:
    result = absolute_extrema(x**3 - 3 * x, x, -2, 2)
    assert result.minimum == (-2, -2)  # f(-2) = f(1) = -2
    assert result.maximum == (-1, 2)  # f(-1) = f(2) = 2
    assert [c for c, _ in result.candidates] == [-2, -1, 1, 2]


def test_absolute_extrema_include_a_kink() -> None:
    result = absolute_extrema(sp.Abs(x - 1), x, -1, 2)
    assert result.minimum == (1, 0)
    assert result.maximum == (-1, 2)


def test_absolute_extrema_of_a_constant() -> None:
    result = absolute_extrema(sp.Integer(5), x, 0, 1)
    assert result.minimum == (0, 5) and result.maximum == (0, 5)


def test_absolute_extrema_of_sqrt_at_the_endpoint_cusp() -> None:
    result = absolute_extrema(sp.sqrt(x), x, 0, 4)
    assert (result.minimum, result.maximum) == ((0, 0), (4, 2))


def test_absolute_extrema_exact_values_with_pi() -> None:
    result = absolute_extrema(sp.sin(x) + sp.cos(x), x, 0, sp.pi)
    assert result.maximum == (sp.pi / 4, sp.sqrt(2))
    assert result.minimum == (sp.pi, -1)


coefficient = st.integers(-4, 4)


@settings(max_examples=15, deadline=None)
@given(coefficient, coefficient, coefficient, st.integers(-3, 2), st.integers(1, 3))
def test_absolute_extrema_bound_the_function_on_a_grid(
    c3: int, c2: int, c1: int, a: int, width: int
) -> None:
    f = c3 * x**3 + c2 * x**2 + c1 * x
    b = a + width
    result = absolute_extrema(f, x, a, b)
    low, high = float(result.minimum[1]), float(result.maximum[1])
    values = sp.lambdify(x, f)
    for k in range(41):
        value = values(a + k * width / 40)
        assert low - 1e-12 <= value <= high + 1e-12
    assert float(f.subs(x, result.minimum[0])) == pytest.approx(low)


@settings(max_examples=15, deadline=None)
@given(st.integers(-3, 3), st.integers(1, 3), st.sampled_from([1, -1]))
def test_even_power_is_a_local_extremum_and_odd_power_is_neither(c: int, k: int, s: int) -> None:
    even = classify_critical_point(s * (x - c) ** (2 * k), x, c)
    assert even.kind == ("local minimum" if s > 0 else "local maximum")
    odd = classify_critical_point(s * (x - c) ** (2 * k + 1), x, c)
    assert odd.kind == "neither"
    assert odd.test == f"derivative of order {2 * k + 1}"


# --------------------------------------------------------------------------- errors


def test_not_a_critical_point() -> None:
    with pytest.raises(ValueError, match=r"x = 1 is not a critical point of x\*\*2"):
        classify_critical_point(x**2, x, 1)


def test_max_order_must_be_at_least_2() -> None:
    with pytest.raises(ValueError, match="max_order must be an integer >= 2"):
        classify_critical_point(x**2, x, 0, max_order=1)


def test_bad_expression_and_variable_types() -> None:
    with pytest.raises(TypeError, match="expr must be a sympy expression or a string"):
        critical_points(lambda t: t**2, x)
    with pytest.raises(TypeError, match="var must be a sympy Symbol"):
        absolute_extrema(x**2, "x", 0, 1)


@pytest.mark.parametrize(("a", "b"), [(1, 0), (2, 2)])
def test_empty_interval(a: int, b: int) -> None:
    with pytest.raises(ValueError, match="need a < b"):
        absolute_extrema(x**2, x, a, b)
    with pytest.raises(ValueError, match="need a < b"):
        critical_points(x**2, x, (a, b))


def test_interval_must_be_a_pair() -> None:
    with pytest.raises(ValueError, match="interval must be a pair"):
        critical_points(x**2, x, (0, 1, 2))
    with pytest.raises(TypeError, match="interval must be None, a pair"):
        critical_points(x**2, x, 3)


def test_other_symbols_are_refused_where_numbers_are_needed() -> None:
    a = sp.Symbol("a")
    with pytest.raises(ValueError, match="expr must depend on x alone, got other symbols: a"):
        critical_points(a * x**2 - x, x)
    with pytest.raises(ValueError, match="expr must depend on x alone"):
        absolute_extrema(a * x, x, 0, 1)


def test_constant_function_has_no_isolated_critical_points() -> None:
    with pytest.raises(ValueError, match="is constant: every point is critical"):
        critical_points(sp.Integer(3), x)


def test_infinitely_many_critical_points_need_an_interval() -> None:
    with pytest.raises(ValueError, match="infinitely many solutions"):
        critical_points(sp.sin(x), x)


def test_absolute_extrema_need_continuity() -> None:
    with pytest.raises(DomainError, match=r"1/x is not continuous on \[-1, 1\]"):
        absolute_extrema(1 / x, x, -1, 1)


def test_absolute_extrema_endpoint_outside_domain() -> None:
    with pytest.raises(DomainError, match=r"log\(x\) is undefined at x = 0"):
        absolute_extrema(sp.log(x), x, 0, 1)


def test_classify_outside_the_domain() -> None:
    with pytest.raises(DomainError, match=r"log\(x\) is undefined at x = -1"):
        classify_critical_point(sp.log(x), x, -1)
