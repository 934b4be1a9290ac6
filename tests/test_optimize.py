"""Tests of calcnotes.optimize: trajectories, convergence, shapes and errors of each optimiser."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.optimize import Trajectory, gradient_descent, momentum, newton, sgd


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


# --- momentum (the heavy-ball method) ---------------------------------------------------------

rates = st.floats(min_value=0.01, max_value=0.9)
starts = st.floats(min_value=-5.0, max_value=5.0)


@given(rate=rates, start=starts)
@settings(max_examples=40, deadline=None)
def test_momentum_without_momentum_is_gradient_descent(rate: float, start: float) -> None:
    heavy = momentum(quadratic, quadratic_grad, start, learning_rate=rate, beta=0.0, steps=15)
    plain = gradient_descent(quadratic, quadratic_grad, start, learning_rate=rate, steps=15)
    assert np.array_equal(heavy.params, plain.params)
    assert np.array_equal(heavy.losses, plain.losses)


@given(rate=rates, beta=st.floats(min_value=0.0, max_value=0.95), start=starts)
@settings(max_examples=40, deadline=None)
def test_momentum_follows_polyaks_recurrence(rate: float, beta: float, start: float) -> None:
    # x_{k+1} = x_k - rate f'(x_k) + beta (x_k - x_{k-1}), with x_{-1} = x_0.
    path = momentum(quadratic, quadratic_grad, start, learning_rate=rate, beta=beta, steps=12)
    previous, current = start, start
    for k in range(1, 13):
        previous, current = (
            current,
            current - rate * quadratic_grad(current) + beta * (current - previous),
        )
        assert path.params[k] == pytest.approx(current, rel=1e-12, abs=1e-12)


def test_momentum_beats_gradient_descent_on_a_narrow_valley() -> None:
    def loss(w: np.ndarray) -> float:
        return float(w[0] ** 2 + 100 * w[1] ** 2)

    def grad(w: np.ndarray) -> np.ndarray:
        return np.array([2 * w[0], 200 * w[1]])

    plain = gradient_descent(loss, grad, [1.0, 1.0], learning_rate=0.009, steps=150)
    heavy = momentum(loss, grad, [1.0, 1.0], learning_rate=0.009, beta=0.8, steps=150)
    assert heavy.final_loss < 1e-12 < 1e-3 < plain.final_loss
    assert heavy.params.shape == (151, 2)


def test_momentum_divergence_is_an_error() -> None:
    with pytest.raises(ValueError, match="^momentum diverged"):
        momentum(lambda w: w**2, lambda w: 2 * w, 1.0, learning_rate=5.0, beta=0.5, steps=2000)


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5, math.nan])
def test_momentum_bad_beta(beta: float) -> None:
    with pytest.raises(ValueError, match=r"^beta must be in \[0, 1\)"):
        momentum(quadratic, quadratic_grad, 0.0, beta=beta)
    with pytest.raises(TypeError, match="^beta must be a real number, got str$"):
        momentum(quadratic, quadratic_grad, 0.0, beta="0.9")


# --- Newton's method ---------------------------------------------------------------------------


@given(
    a=st.floats(min_value=0.1, max_value=50.0),
    c=st.floats(min_value=0.1, max_value=50.0),
    b=st.floats(min_value=-0.9, max_value=0.9),
    shift=st.tuples(starts, starts),
    start=st.tuples(starts, starts),
)
@settings(max_examples=50, deadline=None)
def test_newton_solves_a_positive_definite_quadratic_in_one_step(
    a: float, c: float, b: float, shift: tuple[float, float], start: tuple[float, float]
) -> None:
    # L(w) = 1/2 (w - m)^T H (w - m) with H = [[a, b sqrt(ac)], [b sqrt(ac), c]], |b| < 1.
    off = b * math.sqrt(a * c)
    H = np.array([[a, off], [off, c]])
    m = np.array(shift)

    def loss(w: np.ndarray) -> float:
        return float(0.5 * (w - m) @ H @ (w - m))

    path = newton(loss, lambda w: H @ (w - m), lambda w: H, np.array(start), steps=1)
    assert np.allclose(path.final, m, atol=1e-9 * (1 + np.abs(m).max()) / (1 - abs(b)))
    assert path.final_loss <= path.losses[0] + 1e-12


def test_newton_converges_quadratically_in_one_variable() -> None:
    path = newton(lambda x: x - np.log(x), lambda x: 1 - 1 / x, lambda x: 1 / x**2, 0.5, steps=5)
    errors = np.abs(path.params - 1.0)
    # e_{k+1} = e_k^2 exactly for this function: x_{k+1} = 2 x_k - x_k^2.
    assert np.allclose(errors[1:4], errors[:3] ** 2, rtol=1e-12)
    assert path.params.shape == (6,)


def test_newton_errors() -> None:
    with pytest.raises(ValueError, match="Hessian is singular at step 0"):
        newton(lambda w: float(w @ w), lambda w: 2 * w, lambda w: np.zeros((2, 2)), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"hessian must return a real array of shape \(2, 2\)"):
        newton(lambda w: float(w @ w), lambda w: 2 * w, lambda w: np.eye(3), [1.0, 1.0])
    with pytest.raises(ValueError, match=r"hessian must return a real array of shape \(\)"):
        newton(quadratic, quadratic_grad, lambda w: np.eye(2), 0.0)
    with pytest.raises(ValueError, match="the Hessian is not finite at step 0"):
        newton(quadratic, quadratic_grad, lambda w: math.inf, 0.0)
    with pytest.raises(TypeError, match="^hessian must be callable, got int$"):
        newton(quadratic, quadratic_grad, 2, 0.0)
    with pytest.raises(ValueError, match="^Newton's method diverged"):
        # the Newton step of a flat-ish function throws the iterate out of the log's domain
        newton(lambda x: x - np.log(x), lambda x: 1 - 1 / x, lambda x: 1 / x**2, 3.0, steps=3)


# --- stochastic gradient descent ---------------------------------------------------------------

data = np.array([1.0, 2.0, 3.0, 6.0, -1.0])


def mean_loss(w: float) -> float:
    return float(np.mean((w - data) ** 2))


def batch_grad(w: float, batch: np.ndarray) -> float:
    return float(2 * np.mean(w - data[batch]))


@given(rate=st.floats(min_value=0.01, max_value=0.9), start=starts, seed=st.integers(0, 10**6))
@settings(max_examples=40, deadline=None)
def test_sgd_with_the_whole_batch_is_gradient_descent(rate: float, start: float, seed: int) -> None:
    noisy = sgd(
        mean_loss, batch_grad, start, 5, batch_size=5, learning_rate=rate, steps=10, seed=seed
    )
    full = gradient_descent(
        mean_loss, lambda w: batch_grad(w, np.arange(5)), start, learning_rate=rate, steps=10
    )
    assert np.allclose(noisy.params, full.params, rtol=1e-12, atol=1e-12)


@given(size=st.integers(1, 5), seed=st.integers(0, 10**6))
@settings(max_examples=30, deadline=None)
def test_sgd_batches_are_distinct_indices_in_range(size: int, seed: int) -> None:
    seen: list[np.ndarray] = []

    def recording_grad(w: float, batch: np.ndarray) -> float:
        seen.append(np.array(batch))
        return batch_grad(w, batch)

    sgd(mean_loss, recording_grad, 0.0, 5, batch_size=size, learning_rate=0.1, steps=8, seed=seed)
    assert len(seen) == 8
    for batch in seen:
        assert batch.shape == (size,)
        assert len(set(batch.tolist())) == size
        assert batch.min() >= 0 and batch.max() <= 4


def test_sgd_is_reproducible_and_noisy() -> None:
    first = sgd(mean_loss, batch_grad, 0.0, 5, learning_rate=0.05, steps=200, seed=3)
    again = sgd(mean_loss, batch_grad, 0.0, 5, learning_rate=0.05, steps=200, seed=3)
    other = sgd(mean_loss, batch_grad, 0.0, 5, learning_rate=0.05, steps=200, seed=4)
    assert np.array_equal(first.params, again.params)
    assert not np.array_equal(first.params, other.params)
    # it wanders around the mean 2.2, never settling exactly on it with a fixed step
    assert abs(first.final - 2.2) < 1.5
    assert np.std(first.params[100:]) > 1e-3


def test_sgd_errors() -> None:
    with pytest.raises(ValueError, match="^batch_size must be at most n_samples = 5, got 6$"):
        sgd(mean_loss, batch_grad, 0.0, 5, batch_size=6)
    with pytest.raises(ValueError, match="^n_samples must be an integer >= 1, got 0$"):
        sgd(mean_loss, batch_grad, 0.0, 0)
    with pytest.raises(TypeError, match="^seed must be an integer, got float$"):
        sgd(mean_loss, batch_grad, 0.0, 5, seed=1.0)
    with pytest.raises(ValueError, match="^stochastic gradient descent diverged"):
        sgd(mean_loss, batch_grad, 0.0, 5, learning_rate=3.0, steps=3000)
