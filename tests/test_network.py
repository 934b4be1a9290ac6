"""Tests of calcnotes.network: the source document's network, its gradients and shape checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from calcnotes.network import (
    EXAMPLE_NETWORK,
    ForwardPass,
    Gradients,
    backward,
    forward,
    loss,
    squared_error,
)
from calcnotes.numdiff import gradient_check

EX = EXAMPLE_NETWORK


def test_example_network_values() -> None:
    assert EX.W.tolist() == [[0.5, 0.3], [0.2, 0.7]]
    assert EX.b.tolist() == [0.1, 0.1]
    assert EX.x.tolist() == [1.0, 2.0]
    assert EX.y_true.tolist() == [1.0, 0.0]


def test_example_network_cannot_be_changed_by_accident() -> None:
    with pytest.raises(ValueError, match="read-only"):
        EX.W[0, 0] = 9.0
    with pytest.raises(AttributeError):
        EX.W = np.zeros((2, 2))  # type: ignore[misc]


def test_forward_pass_by_hand() -> None:
    out = forward(EX.W, EX.b, EX.x)
    assert isinstance(out, ForwardPass)
    assert np.allclose(out.z, [1.2, 1.7], rtol=0, atol=1e-15)
    assert np.allclose(out.a, 1 / (1 + np.exp(-np.array([1.2, 1.7]))), rtol=1e-15)


def test_loss_and_squared_error() -> None:
    a = forward(EX.W, EX.b, EX.x).a
    expected = 0.5 * ((a[0] - 1.0) ** 2 + a[1] ** 2)
    assert loss(EX.W, EX.b, EX.x, EX.y_true) == pytest.approx(expected, rel=1e-15)
    assert squared_error(a, EX.y_true) == pytest.approx(expected, rel=1e-15)
    assert type(squared_error([1.0], [0.0])) is float
    assert squared_error([1.0, 2.0], [1.0, 2.0]) == 0.0


def test_backward_chain_rule_links() -> None:
    g = backward(EX.W, EX.b, EX.x, EX.y_true)
    assert isinstance(g, Gradients)
    a = forward(EX.W, EX.b, EX.x).a
    assert np.allclose(g.dL_da, a - EX.y_true, rtol=1e-15)
    assert np.allclose(g.dL_dz, (a - EX.y_true) * a * (1 - a), rtol=1e-15)
    assert np.allclose(g.dL_dW, np.outer(g.dL_dz, EX.x), rtol=1e-15)
    assert np.array_equal(g.dL_db, g.dL_dz)
    assert g.dL_dW.shape == EX.W.shape


def test_gradients_pass_the_gradient_check() -> None:
    W, b, x, y = EX.W, EX.b, EX.x, EX.y_true
    errors = {
        "W": gradient_check(lambda M: loss(M, b, x, y), lambda M: backward(M, b, x, y).dL_dW, W),
        "b": gradient_check(lambda v: loss(W, v, x, y), lambda v: backward(W, v, x, y).dL_db, b),
        "x": gradient_check(
            lambda v: loss(W, b, v, y), lambda v: W.T @ backward(W, b, v, y).dL_dz, x
        ),
    }
    for name, error in errors.items():
        assert error < 1e-7, (name, error)


def test_dL_da_passes_the_gradient_check() -> None:
    a = forward(EX.W, EX.b, EX.x).a
    error = gradient_check(lambda v: squared_error(v, EX.y_true), lambda v: v - EX.y_true, a)
    assert error < 1e-7


def test_gradient_check_catches_a_missing_sigmoid_factor() -> None:
    W, b, x, y = EX.W, EX.b, EX.x, EX.y_true

    def wrong(M: np.ndarray) -> np.ndarray:
        a = forward(M, b, x).a
        return np.outer(a - y, x)  # forgot ∂a/∂z = a(1 - a)

    assert gradient_check(lambda M: loss(M, b, x, y), wrong, W) > 0.5


def test_larger_random_layer_passes_the_gradient_check() -> None:
    rng = np.random.default_rng(0)
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=3)
    x = rng.normal(size=4)
    y = rng.uniform(size=3)
    error = gradient_check(lambda M: loss(M, b, x, y), lambda M: backward(M, b, x, y).dL_dW, W)
    assert error < 1e-7


def test_a_gradient_step_lowers_the_loss() -> None:
    W = EX.W.copy()
    before = loss(W, EX.b, EX.x, EX.y_true)
    W -= 0.5 * backward(W, EX.b, EX.x, EX.y_true).dL_dW
    assert loss(W, EX.b, EX.x, EX.y_true) < before


def test_saturated_network_has_no_warnings() -> None:
    out = forward(np.array([[1000.0, 0.0]]), np.array([0.0]), np.array([1.0, 1.0]))
    assert out.a.tolist() == [1.0]


@pytest.mark.parametrize(
    ("W", "b", "x", "message"),
    [
        (np.ones((2, 3)), np.ones(2), np.ones(2), r"x needs 3 entries, got 2"),
        (np.ones((2, 2)), np.ones(3), np.ones(2), r"b needs 2 entries, got 3"),
        (
            np.ones(4),
            np.ones(2),
            np.ones(2),
            r"W must be a 2-D matrix, got shape \(4,\)",
        ),
        (np.ones((2, 2)), np.ones(2), np.ones((2, 1)), r"x and b must be 1-D vectors"),
    ],
)
def test_shape_mismatches(W: np.ndarray, b: np.ndarray, x: np.ndarray, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        forward(W, b, x)
    with pytest.raises(ValueError, match=message):
        backward(W, b, x, np.zeros(2))
    with pytest.raises(ValueError, match=message):
        loss(W, b, x, np.zeros(2))


def test_target_of_wrong_shape() -> None:
    with pytest.raises(
        ValueError, match=r"a and y must have the same shape, got \(2,\) and \(3,\)"
    ):
        backward(EX.W, EX.b, EX.x, np.zeros(3))
    with pytest.raises(ValueError, match="same shape"):
        loss(EX.W, EX.b, EX.x, [1.0])
    with pytest.raises(ValueError, match="same shape"):
        squared_error([1.0, 2.0], [1.0])


def test_non_finite_inputs() -> None:
    with pytest.raises(ValueError, match="^W must be finite, got nan$"):
        forward([[math.nan, 0.0], [0.0, 0.0]], EX.b, EX.x)
    with pytest.raises(ValueError, match="^x must be finite, got inf$"):
        forward(EX.W, EX.b, [math.inf, 0.0])
    with pytest.raises(ValueError, match="^y must be finite, got nan$"):
        loss(EX.W, EX.b, EX.x, [math.nan, 0.0])
