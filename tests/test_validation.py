"""Tests of calcnotes._validation: each helper's accepted input and every error message."""

from __future__ import annotations

import math

import numpy as np
import pytest

from calcnotes._validation import (
    as_finite_points,
    as_real_points,
    require_callable,
    require_choice,
    require_count,
    require_positive,
    require_positive_step,
)

METHODS = ("central", "forward", "backward")


def test_require_callable_returns_its_argument() -> None:
    assert require_callable(len) is len


@pytest.mark.parametrize(("value", "kind"), [(3, "int"), (None, "NoneType"), ("sin", "str")])
def test_require_callable_errors(value: object, kind: str) -> None:
    with pytest.raises(TypeError, match=f"^f must be callable, got {kind}$"):
        require_callable(value)


def test_require_callable_uses_the_name() -> None:
    with pytest.raises(TypeError, match="^loss must be callable, got float$"):
        require_callable(1.5, "loss")


def test_require_positive_step_scalars_and_arrays() -> None:
    assert require_positive_step(0.1) == 0.1
    assert type(require_positive_step(1)) is float
    arr = require_positive_step([0.1, 0.2])
    assert isinstance(arr, np.ndarray)
    assert arr.dtype == np.float64


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (0.0, "0.0"), (-1e-3, "-0.001"), (math.nan, "nan"), (math.inf, "inf")],
)
def test_require_positive_step_errors(value: float, shown: str) -> None:
    with pytest.raises(ValueError, match=f"^step h must be a positive finite number, got {shown}$"):
        require_positive_step(value)


def test_require_positive_step_shows_the_bad_array_entry() -> None:
    with pytest.raises(ValueError, match="got -2.0$"):
        require_positive_step(np.array([1.0, -2.0]))


@pytest.mark.parametrize("value", ["0.1", True, 1j, None])
def test_require_positive_step_refuses_non_reals(value: object) -> None:
    with pytest.raises(TypeError, match="step h must be a real number"):
        require_positive_step(value)


def test_as_finite_points() -> None:
    arr = as_finite_points([1, 2, 3])
    assert arr.dtype == np.float64
    assert arr.shape == (3,)
    assert as_finite_points(2.5).shape == ()


@pytest.mark.parametrize(("value", "shown"), [(math.nan, "nan"), (-math.inf, "-inf")])
def test_as_finite_points_errors(value: float, shown: str) -> None:
    with pytest.raises(ValueError, match=f"^x must be finite, got {shown}$"):
        as_finite_points(value)
    with pytest.raises(ValueError, match=f"^x0 must be finite, got {shown}$"):
        as_finite_points([0.0, value], "x0")


@pytest.mark.parametrize("value", ["1", 1 + 2j, [1, "a"], object(), [[1.0], [1.0, 2.0]]])
def test_as_finite_points_refuses_non_reals(value: object) -> None:
    with pytest.raises(TypeError, match="x must be a real number or an array of real numbers"):
        as_finite_points(value)


def test_as_real_points_allows_infinity_but_not_nan() -> None:
    assert as_real_points([math.inf, -math.inf]).tolist() == [math.inf, -math.inf]
    with pytest.raises(ValueError, match="^x must not be NaN$"):
        as_real_points([0.0, math.nan])


def test_require_choice_returns_the_canonical_option() -> None:
    assert require_choice("central", METHODS, "method") == "central"
    result = require_choice(np.int64(2), (1, 2, 3, 4), "order")
    assert result == 2
    assert type(result) is int


def test_require_choice_lists_the_allowed_values() -> None:
    with pytest.raises(
        ValueError,
        match="^unknown method 'foo'; choose one of 'central', 'forward', 'backward'$",
    ):
        require_choice("foo", METHODS, "method")
    with pytest.raises(ValueError, match="^unknown order 7; choose one of 1, 2, 3, 4$"):
        require_choice(7, (1, 2, 3, 4), "order")


@pytest.mark.parametrize("value", [True, 1.0, "1", None, np.array([1])])
def test_require_choice_refuses_look_alikes(value: object) -> None:
    with pytest.raises(ValueError, match="choose one of 1, 2"):
        require_choice(value, (1, 2), "order")


def test_require_positive() -> None:
    assert require_positive(1, "learning_rate") == 1.0
    for bad, shown in [(0, "0"), (-0.5, "-0.5"), (math.inf, "inf"), (math.nan, "nan")]:
        with pytest.raises(
            ValueError,
            match=f"^learning_rate must be a positive finite number, got {shown}$",
        ):
            require_positive(bad, "learning_rate")
    with pytest.raises(TypeError, match="learning_rate must be a real number, got str"):
        require_positive("0.1", "learning_rate")
    with pytest.raises(TypeError, match="got bool"):
        require_positive(True, "learning_rate")


def test_require_count() -> None:
    assert require_count(0, "steps") == 0
    assert require_count(np.int32(5), "steps") == 5
    with pytest.raises(ValueError, match="^steps must be an integer >= 0, got -3$"):
        require_count(-3, "steps")
    with pytest.raises(ValueError, match="^levels must be an integer >= 1, got 0$"):
        require_count(0, "levels", minimum=1)
    with pytest.raises(TypeError, match="^steps must be an integer, got float$"):
        require_count(10.0, "steps")
    with pytest.raises(TypeError, match="^steps must be an integer, got bool$"):
        require_count(True, "steps")
