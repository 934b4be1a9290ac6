"""Tests of calcnotes.optimize: trajectories, convergence, shapes and errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from calcnotes.optimize import Trajectory, gradient_descent


def quadratic(w: float) -> float:
    return (w - 3.0) ** 2


def quadratic_grad(w: float) -> float:
    return 2.0 * (w - 3.0)


def test_one_variable_trajectory_shape_and_start() -> None:
    path = gradient_descent(quadratic, quadratic_grad, 0.0, learning_rate=0.1, steps=10)
    assert isinstance(path, Trajectory)
    assert path.params.shape == (11,)
    assert path.losses.shape == (11,)
    assert path.params[0] == 0.0
    assert path.losses[0] == 9.0


def test_one_variable_updates_follow_the_rule() -> None:
    path = gradient_descent(quadratic, quadratic_grad, 0.0, learning_rate=0.1, steps=5)
    # w_{k+1} - 3 = 0.8 (w_k - 3), so w_k = 3 - 3 * 0.8**k.
    expected = 3.0 - 3.0 * 0.8 ** np.arange(6)
    assert np.allclose(path.params, expected, rtol=0, atol=1e-15)
    assert np.allclose(path.losses, (expected - 3.0) ** 2, rtol=0, atol=1e-14)


def test_converges_and_final_properties() -> None:
    path = gradient_descent(quadratic, quadratic_grad, 10.0, learning_rate=0.2, steps=200)
    assert type(path.final) is float
    assert path.final == pytest.approx(3.0, abs=1e-12)
    assert type(path.final_loss) is float
    assert path.final_loss == pytest.approx(0.0, abs=1e-20)
    assert np.all(np.diff(path.losses) <= 0)


def test_several_variables() -> None:
    def loss(w: np.ndarray) -> float:
        return float((w[0] - 1) ** 2 + 5 * (w[1] + 2) ** 2)

    def grad(w: np.ndarray) -> np.ndarray:
        return np.array([2 * (w[0] - 1), 10 * (w[1] + 2)])

    path = gradient_descent(loss, grad, [0.0, 0.0], learning_rate=0.05, steps=300)
    assert path.params.shape == (301, 2)
    assert path.losses.shape == (301,)
    assert path.params[0].tolist() == [0.0, 0.0]
    assert isinstance(path.final, np.ndarray)
    assert np.allclose(path.final, [1.0, -2.0], atol=1e-10)
    assert path.final_loss < 1e-20


def test_one_element_vector_stays_a_vector_problem() -> None:
    path = gradient_descent(
        lambda w: float(w[0] ** 2),
        lambda w: 2 * w,
        np.array([1.0]),
        learning_rate=0.25,
        steps=2,
    )
    assert path.params.shape == (3, 1)
    assert np.asarray(path.final).tolist() == [0.25]


def test_zero_steps_evaluates_only_the_start() -> None:
    path = gradient_descent(quadratic, quadratic_grad, 1.0, steps=0)
    assert path.params.tolist() == [1.0]
    assert path.losses.tolist() == [4.0]
    assert path.final == 1.0


def test_too_large_learning_rate_oscillates_but_stays_finite() -> None:
    path = gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, learning_rate=1.1, steps=20)
    assert np.all(np.abs(np.diff(np.abs(path.params))) > 0)
    assert abs(float(path.final)) > 1.0


def test_divergence_to_infinity_is_an_error_not_nan() -> None:
    with pytest.raises(ValueError, match="gradient descent diverged"):
        gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, learning_rate=10.0, steps=1000)


def test_trajectory_is_frozen() -> None:
    path = gradient_descent(quadratic, quadratic_grad, 0.0, steps=1)
    with pytest.raises(AttributeError):
        path.params = np.zeros(2)  # type: ignore[misc]


def test_grad_and_loss_receive_copies() -> None:
    seen = []

    def grad(w: np.ndarray) -> np.ndarray:
        seen.append(w)
        w += 100.0  # a careless gradient that writes into its argument
        return 2 * (w - 100.0)

    path = gradient_descent(lambda w: float(w @ w), grad, [1.0, 1.0], learning_rate=0.25, steps=1)
    assert path.params[1].tolist() == [0.5, 0.5]


@pytest.mark.parametrize(
    ("rate", "shown"), [(0, "0"), (-0.1, "-0.1"), (math.nan, "nan"), (math.inf, "inf")]
)
def test_bad_learning_rate(rate: float, shown: str) -> None:
    with pytest.raises(
        ValueError,
        match=f"^learning_rate must be a positive finite number, got {shown}$",
    ):
        gradient_descent(quadratic, quadratic_grad, 0.0, learning_rate=rate)


def test_bad_steps() -> None:
    with pytest.raises(ValueError, match="^steps must be an integer >= 0, got -1$"):
        gradient_descent(quadratic, quadratic_grad, 0.0, steps=-1)
    with pytest.raises(TypeError, match="^steps must be an integer, got float$"):
        gradient_descent(quadratic, quadratic_grad, 0.0, steps=10.0)


def test_not_callable() -> None:
    with pytest.raises(TypeError, match="^loss must be callable, got int$"):
        gradient_descent(1, quadratic_grad, 0.0)
    with pytest.raises(TypeError, match="^grad must be callable, got NoneType$"):
        gradient_descent(quadratic, None, 0.0)


def test_bad_start() -> None:
    with pytest.raises(ValueError, match="^x0 must be finite, got nan$"):
        gradient_descent(quadratic, quadratic_grad, math.nan)
    with pytest.raises(ValueError, match=r"x0 must be a number or a 1-D array, got shape \(2, 2\)"):
        gradient_descent(quadratic, quadratic_grad, np.zeros((2, 2)))


def test_grad_of_wrong_shape() -> None:
    with pytest.raises(ValueError, match=r"grad must return .* shaped like the parameters \(2,\)"):
        gradient_descent(lambda w: float(w @ w), lambda w: np.ones(3), [1.0, 2.0])


def test_loss_that_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="loss must return a single real number"):
        gradient_descent(lambda w: w * 2, lambda w: w, [1.0, 2.0])


def test_loss_nan_at_start() -> None:
    with pytest.raises(ValueError, match="the loss is nan after 0 step"):
        gradient_descent(lambda w: math.nan, quadratic_grad, 1.0)
