"""Gradient descent that records its whole trajectory (parameters and loss at every step).

Examples
--------
>>> from calcnotes.optimize import gradient_descent
>>> path = gradient_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, steps=100)
>>> round(path.final, 6)
3.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from calcnotes._validation import (
    as_finite_points,
    require_callable,
    require_count,
    require_positive,
)

__all__ = ["Trajectory", "gradient_descent"]


@dataclass(frozen=True)
class Trajectory:
    """The path of an optimiser: the parameters and the loss after every step.

    Attributes
    ----------
    params : numpy.ndarray
        ``params[k]`` holds the parameters after ``k`` steps (``params[0]`` is the start).
        Shape ``(steps + 1,)`` for a one-variable problem, ``(steps + 1, n)`` for ``n``
        variables.
    losses : numpy.ndarray
        ``losses[k]`` is the loss at ``params[k]``; shape ``(steps + 1,)``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.optimize import Trajectory
    >>> t = Trajectory(params=np.array([1.0, 0.5]), losses=np.array([1.0, 0.25]))
    >>> t.final, t.final_loss
    (0.5, 0.25)
    """

    params: np.ndarray
    losses: np.ndarray

    @property
    def final(self) -> float | np.ndarray:
        """The last parameters, as a float for one variable, else as a 1-D array.

        Examples
        --------
        >>> import numpy as np
        >>> from calcnotes.optimize import Trajectory
        >>> Trajectory(np.array([[1.0, 2.0], [0.5, 1.0]]), np.array([5.0, 1.25])).final
        array([0.5, 1. ])
        """
        last = self.params[-1]
        if np.ndim(last) == 0:
            return float(last)
        return np.array(last, dtype=np.float64)

    @property
    def final_loss(self) -> float:
        """The loss at the last parameters.

        Examples
        --------
        >>> import numpy as np
        >>> from calcnotes.optimize import Trajectory
        >>> Trajectory(np.array([1.0, 0.5]), np.array([1.0, 0.25])).final_loss
        0.25
        """
        return float(self.losses[-1])


def _loss_value(loss: Callable[[Any], Any], w: np.ndarray, step: int) -> float:
    """Evaluate the loss at ``w`` and insist on one finite real number."""
    with np.errstate(all="ignore"):
        value = np.asarray(loss(w[()] if w.ndim == 0 else w.copy()))
    if value.dtype.kind not in "biuf" or value.size != 1:
        raise ValueError(f"loss must return a single real number, got shape {value.shape}")
    result = float(value.reshape(()))
    if not np.isfinite(result):
        raise ValueError(
            f"gradient descent diverged: the loss is {result} after {step} step(s) "
            "(try a smaller learning_rate)"
        )
    return result


def gradient_descent(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    x0: ArrayLike,
    *,
    learning_rate: float = 0.1,
    steps: int = 100,
) -> Trajectory:
    """Minimise ``loss`` by gradient descent, ``x_{k+1} = x_k - learning_rate * grad(x_k)``.

    Parameters
    ----------
    loss : callable
        The function to minimise; takes the parameters (a float, or a 1-D array) and
        returns a real number.
    grad : callable
        Its gradient; returns a float, or an array shaped like the parameters.
    x0 : float or array_like
        The starting parameters: a number for a one-variable problem, a 1-D array for
        several variables.
    learning_rate : float, optional
        The step size; must be positive.
    steps : int, optional
        How many updates to make; ``0`` just evaluates the start.

    Returns
    -------
    Trajectory
        All ``steps + 1`` parameter vectors and their losses.

    Raises
    ------
    TypeError
        If ``loss`` or ``grad`` is not callable, or ``steps`` is not an integer.
    ValueError
        If ``learning_rate <= 0`` (or not finite), ``steps < 0``, ``x0`` is not finite or
        not 1-D, ``grad`` returns the wrong shape, or the iteration diverges to infinity.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.optimize import gradient_descent
    >>> path = gradient_descent(lambda w: w**2, lambda w: 2 * w, 1.0, learning_rate=0.25, steps=3)
    >>> path.params
    array([1.   , 0.5  , 0.25 , 0.125])
    >>> path.losses
    array([1.      , 0.25    , 0.0625  , 0.015625])

    Two variables, ``L(w) = w0**2 + 10 w1**2``:

    >>> L = lambda w: w[0] ** 2 + 10 * w[1] ** 2
    >>> dL = lambda w: np.array([2 * w[0], 20 * w[1]])
    >>> path = gradient_descent(L, dL, [1.0, 1.0], learning_rate=0.05, steps=200)
    >>> path.params.shape
    (201, 2)
    >>> np.round(path.final, 6)
    array([0., 0.])
    """
    require_callable(loss, "loss")
    require_callable(grad, "grad")
    rate = require_positive(learning_rate, "learning_rate")
    n_steps = require_count(steps, "steps")
    w = as_finite_points(x0, "x0")
    if w.ndim > 1:
        raise ValueError(f"x0 must be a number or a 1-D array, got shape {w.shape}")
    params = np.empty((n_steps + 1, *w.shape), dtype=np.float64)
    losses = np.empty(n_steps + 1, dtype=np.float64)
    params[0] = w
    losses[0] = _loss_value(loss, w, 0)
    for k in range(1, n_steps + 1):
        with np.errstate(all="ignore"):
            g = np.asarray(grad(w[()] if w.ndim == 0 else w.copy()))
        if g.dtype.kind not in "biuf" or g.shape != w.shape:
            raise ValueError(
                f"grad must return a real value shaped like the parameters {w.shape}, "
                f"got shape {g.shape}"
            )
        if not np.all(np.isfinite(g)):
            raise ValueError(
                f"gradient descent diverged: the gradient is not finite after {k - 1} step(s) "
                "(try a smaller learning_rate)"
            )
        with np.errstate(all="ignore"):
            w = w - rate * g
        if not np.all(np.isfinite(w)):
            raise ValueError(
                f"gradient descent diverged: the parameters overflowed at step {k} "
                "(try a smaller learning_rate)"
            )
        params[k] = w
        losses[k] = _loss_value(loss, w, k)
    return Trajectory(params=params, losses=losses)
