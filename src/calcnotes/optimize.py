"""Optimisers that record their whole trajectory (parameters and loss at every step).

Gradient descent, the heavy-ball method (gradient descent with momentum), Newton's method and
minibatch stochastic gradient descent, for one variable or several. Each returns a
:class:`Trajectory`; a run whose loss, gradient or parameters stop being finite raises a
``ValueError`` that says after how many steps, never a trajectory full of NaN.

Examples
--------
>>> from calcnotes.optimize import gradient_descent, newton
>>> path = gradient_descent(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, steps=100)
>>> round(path.final, 6)
3.0
>>> newton(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), lambda w: 2.0, 0.0, steps=1).final
3.0
"""

from __future__ import annotations

import numbers
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

__all__ = ["Trajectory", "gradient_descent", "momentum", "newton", "sgd"]


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


def _start(x0: ArrayLike) -> np.ndarray:
    """The starting parameters as a finite float array of dimension 0 or 1."""
    w = as_finite_points(x0, "x0")
    if w.ndim > 1:
        raise ValueError(f"x0 must be a number or a 1-D array, got shape {w.shape}")
    return w


def _argument(w: np.ndarray) -> Any:
    """What a user's function receives: a float for one variable, else a copy of the array."""
    return w[()] if w.ndim == 0 else w.copy()


def _gradient_value(
    grad: Callable[..., Any], w: np.ndarray, step: int, method: str, *extra: Any
) -> np.ndarray:
    """Evaluate ``grad(w, *extra)`` and insist on a finite real array shaped like ``w``."""
    with np.errstate(all="ignore"):
        g = np.asarray(grad(_argument(w), *extra))
    if g.dtype.kind not in "biuf" or g.shape != w.shape:
        raise ValueError(
            f"grad must return a real value shaped like the parameters {w.shape}, "
            f"got shape {g.shape}"
        )
    if not np.all(np.isfinite(g)):
        raise ValueError(
            f"{method} diverged: the gradient is not finite after {step} step(s) "
            "(try a smaller learning_rate)"
        )
    return g.astype(np.float64)


def _accept(w: np.ndarray, step: int, method: str) -> np.ndarray:
    """Refuse parameters that overflowed."""
    if not np.all(np.isfinite(w)):
        raise ValueError(
            f"{method} diverged: the parameters overflowed at step {step} "
            "(try a smaller learning_rate)"
        )
    return w


def _loss_value(
    loss: Callable[[Any], Any], w: np.ndarray, step: int, method: str = "gradient descent"
) -> float:
    """Evaluate the loss at ``w`` and insist on one finite real number."""
    with np.errstate(all="ignore"):
        value = np.asarray(loss(_argument(w)))
    if value.dtype.kind not in "biuf" or value.size != 1:
        raise ValueError(f"loss must return a single real number, got shape {value.shape}")
    result = float(value.reshape(()))
    if not np.isfinite(result):
        raise ValueError(
            f"{method} diverged: the loss is {result} after {step} step(s) "
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
    w = _start(x0)
    params = np.empty((n_steps + 1, *w.shape), dtype=np.float64)
    losses = np.empty(n_steps + 1, dtype=np.float64)
    params[0] = w
    losses[0] = _loss_value(loss, w, 0)
    for k in range(1, n_steps + 1):
        g = _gradient_value(grad, w, k - 1, "gradient descent")
        with np.errstate(all="ignore"):
            w = _accept(w - rate * g, k, "gradient descent")
        params[k] = w
        losses[k] = _loss_value(loss, w, k)
    return Trajectory(params=params, losses=losses)


def momentum(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    x0: ArrayLike,
    *,
    learning_rate: float = 0.1,
    beta: float = 0.9,
    steps: int = 100,
) -> Trajectory:
    """Minimise ``loss`` by the heavy-ball method (gradient descent with momentum).

    The update keeps a velocity ``v`` (zero at the start)::

        v_{k+1} = beta * v_k - learning_rate * grad(x_k)
        x_{k+1} = x_k + v_{k+1}

    which is Polyak's ``x_{k+1} = x_k - learning_rate * grad(x_k) + beta * (x_k - x_{k-1})``.
    With ``beta = 0`` it is :func:`gradient_descent`.

    Parameters
    ----------
    loss, grad : callable
        The function to minimise and its gradient, as for :func:`gradient_descent`.
    x0 : float or array_like
        The starting parameters (a number, or a 1-D array).
    learning_rate : float, optional
        The step size; must be positive.
    beta : float, optional
        The momentum coefficient, in ``[0, 1)``.
    steps : int, optional
        How many updates to make.

    Returns
    -------
    Trajectory
        All ``steps + 1`` parameter vectors and their losses.

    Raises
    ------
    TypeError
        If ``loss`` or ``grad`` is not callable, ``beta`` is not a real number, or ``steps``
        is not an integer.
    ValueError
        If ``learning_rate`` is not positive and finite, ``beta`` is outside ``[0, 1)``,
        ``steps < 0``, ``x0`` is not finite or not 1-D, ``grad`` returns the wrong shape, or
        the iteration diverges to infinity.

    Examples
    --------
    >>> from calcnotes.optimize import momentum
    >>> path = momentum(lambda w: w**2, lambda w: 2 * w, 1.0, learning_rate=0.25, beta=0.5,
    ...                 steps=2)
    >>> path.params
    array([1. , 0.5, 0. ])

    On the narrow valley ``w0**2 + 100 w1**2`` it needs far fewer steps than plain gradient
    descent with the same learning rate:

    >>> import numpy as np
    >>> L = lambda w: w[0] ** 2 + 100 * w[1] ** 2
    >>> dL = lambda w: np.array([2 * w[0], 200 * w[1]])
    >>> heavy = momentum(L, dL, [1.0, 1.0], learning_rate=0.009, beta=0.8, steps=150)
    >>> heavy.final_loss < 1e-12
    True
    """
    require_callable(loss, "loss")
    require_callable(grad, "grad")
    rate = require_positive(learning_rate, "learning_rate")
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise TypeError(f"beta must be a real number, got {type(beta).__name__}")
    if not 0 <= float(beta) < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    n_steps = require_count(steps, "steps")
    w = _start(x0)
    velocity = np.zeros_like(w)
    params = np.empty((n_steps + 1, *w.shape), dtype=np.float64)
    losses = np.empty(n_steps + 1, dtype=np.float64)
    params[0] = w
    losses[0] = _loss_value(loss, w, 0, "momentum")
    for k in range(1, n_steps + 1):
        g = _gradient_value(grad, w, k - 1, "momentum")
        with np.errstate(all="ignore"):
            velocity = float(beta) * velocity - rate * g
            w = _accept(w + velocity, k, "momentum")
        params[k] = w
        losses[k] = _loss_value(loss, w, k, "momentum")
    return Trajectory(params=params, losses=losses)


def newton(
    loss: Callable[[Any], Any],
    grad: Callable[[Any], Any],
    hessian: Callable[[Any], Any],
    x0: ArrayLike,
    *,
    steps: int = 20,
) -> Trajectory:
    """Minimise ``loss`` by Newton's method, ``x_{k+1} = x_k - H(x_k)^{-1} grad(x_k)``.

    For one variable the step is ``grad(x) / hessian(x)``, the second derivative in place of
    a learning rate. On a quadratic with a positive definite Hessian one step lands on the
    minimum. Newton's method looks for a point where the gradient vanishes: from a start where
    the Hessian is not positive definite it may walk to a maximum or a saddle, so the loss is
    recorded for the reader to watch.

    Parameters
    ----------
    loss : callable
        The function to minimise (a float or a 1-D array in, a real number out).
    grad : callable
        Its gradient, shaped like the parameters.
    hessian : callable
        Its second derivative: a number for one variable, an ``(n, n)`` array for ``n``.
    x0 : float or array_like
        The starting parameters.
    steps : int, optional
        How many Newton steps to make.

    Returns
    -------
    Trajectory
        All ``steps + 1`` parameter vectors and their losses.

    Raises
    ------
    TypeError
        If ``loss``, ``grad`` or ``hessian`` is not callable, or ``steps`` is not an integer.
    ValueError
        If ``steps < 0``, ``x0`` is not finite or not 1-D, ``grad`` or ``hessian`` returns the
        wrong shape or a value that is not finite, the Hessian is singular at an iterate, or
        the iteration overflows.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.optimize import newton
    >>> L = lambda w: w[0] ** 2 + 10 * w[1] ** 2 + w[0] * w[1]
    >>> dL = lambda w: np.array([2 * w[0] + w[1], 20 * w[1] + w[0]])
    >>> H = lambda w: np.array([[2.0, 1.0], [1.0, 20.0]])
    >>> newton(L, dL, H, [1.0, 1.0], steps=1).final
    array([0., 0.])

    One variable, ``f(x) = x - ln x`` (minimum at 1), converging quadratically:

    >>> path = newton(lambda x: x - np.log(x), lambda x: 1 - 1 / x, lambda x: 1 / x**2, 0.5,
    ...               steps=4)
    >>> path.params
    array([0.5       , 0.75      , 0.9375    , 0.99609375, 0.99998474])
    >>> newton(lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, 0.0, steps=1)
    Traceback (most recent call last):
    ...
    ValueError: Newton's method: the Hessian is singular at step 0 (second derivative 0)
    """
    require_callable(loss, "loss")
    require_callable(grad, "grad")
    require_callable(hessian, "hessian")
    n_steps = require_count(steps, "steps")
    w = _start(x0)
    method = "Newton's method"
    params = np.empty((n_steps + 1, *w.shape), dtype=np.float64)
    losses = np.empty(n_steps + 1, dtype=np.float64)
    params[0] = w
    losses[0] = _loss_value(loss, w, 0, method)
    for k in range(1, n_steps + 1):
        g = _gradient_value(grad, w, k - 1, method)
        with np.errstate(all="ignore"):
            h = np.asarray(hessian(_argument(w)))
        expected: tuple[int, ...] = () if w.ndim == 0 else (w.size, w.size)
        if h.dtype.kind not in "biuf" or h.shape != expected:
            raise ValueError(f"hessian must return a real array of shape {expected}, got {h.shape}")
        if not np.all(np.isfinite(h)):
            raise ValueError(f"{method}: the Hessian is not finite at step {k - 1}")
        if w.ndim == 0:
            if h == 0:
                raise ValueError(
                    f"{method}: the Hessian is singular at step {k - 1} (second derivative 0)"
                )
            direction = g / h
        else:
            try:
                direction = np.linalg.solve(h.astype(np.float64), g)
            except np.linalg.LinAlgError:
                raise ValueError(f"{method}: the Hessian is singular at step {k - 1}") from None
        with np.errstate(all="ignore"):
            w = _accept(w - direction, k, method)
        params[k] = w
        losses[k] = _loss_value(loss, w, k, method)
    return Trajectory(params=params, losses=losses)


def sgd(
    loss: Callable[[Any], Any],
    grad: Callable[[Any, np.ndarray], Any],
    x0: ArrayLike,
    n_samples: int,
    *,
    batch_size: int = 1,
    learning_rate: float = 0.1,
    steps: int = 100,
    seed: int = 0,
) -> Trajectory:
    """Minimise an average loss by minibatch stochastic gradient descent.

    Each step draws ``batch_size`` distinct sample indices at random (from a generator seeded
    with ``seed``, so a run is reproducible) and moves against the gradient on those samples
    alone: ``x_{k+1} = x_k - learning_rate * grad(x_k, batch)``.

    Parameters
    ----------
    loss : callable
        The full loss (the average over all samples), ``loss(params)``; it is recorded
        after every step but never used to choose a step.
    grad : callable
        ``grad(params, batch)``: the gradient of the average loss over the samples whose
        indices are in the integer array ``batch``.
    x0 : float or array_like
        The starting parameters.
    n_samples : int
        How many samples the loss averages over; indices run from ``0`` to ``n_samples - 1``.
    batch_size : int, optional
        Samples per step, between 1 and ``n_samples``.
    learning_rate : float, optional
        The step size; must be positive.
    steps : int, optional
        How many updates to make.
    seed : int, optional
        Seed of the random generator that draws the batches.

    Returns
    -------
    Trajectory
        All ``steps + 1`` parameter vectors and their (full) losses.

    Raises
    ------
    TypeError
        If ``loss`` or ``grad`` is not callable, or a count or the seed is not an integer.
    ValueError
        If ``n_samples < 1``, ``batch_size`` is not in ``[1, n_samples]``, ``learning_rate``
        is not positive and finite, ``steps < 0``, ``x0`` is not finite or not 1-D, ``grad``
        returns the wrong shape, or the iteration diverges.

    Examples
    --------
    Estimate a mean by minimising ``mean((w - y_i)**2)`` one sample at a time:

    >>> import numpy as np
    >>> from calcnotes.optimize import sgd
    >>> y = np.array([1.0, 2.0, 3.0, 6.0])
    >>> path = sgd(lambda w: np.mean((w - y) ** 2), lambda w, batch: 2 * np.mean(w - y[batch]),
    ...            0.0, len(y), batch_size=4, learning_rate=0.25, steps=30)
    >>> round(path.final, 6)
    3.0

    With ``batch_size = n_samples`` every step sees all the data, so this is gradient descent;
    with smaller batches the path is noisy but the same seed gives the same path:

    >>> a = sgd(lambda w: np.mean((w - y) ** 2), lambda w, b: 2 * np.mean(w - y[b]), 0.0, 4,
    ...         learning_rate=0.1, steps=50, seed=1)
    >>> b = sgd(lambda w: np.mean((w - y) ** 2), lambda w, b: 2 * np.mean(w - y[b]), 0.0, 4,
    ...         learning_rate=0.1, steps=50, seed=1)
    >>> bool(np.array_equal(a.params, b.params))
    True
    """
    require_callable(loss, "loss")
    require_callable(grad, "grad")
    rate = require_positive(learning_rate, "learning_rate")
    n_steps = require_count(steps, "steps")
    n = require_count(n_samples, "n_samples", minimum=1)
    size = require_count(batch_size, "batch_size", minimum=1)
    if size > n:
        raise ValueError(f"batch_size must be at most n_samples = {n}, got {size}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(int(seed))
    w = _start(x0)
    method = "stochastic gradient descent"
    params = np.empty((n_steps + 1, *w.shape), dtype=np.float64)
    losses = np.empty(n_steps + 1, dtype=np.float64)
    params[0] = w
    losses[0] = _loss_value(loss, w, 0, method)
    for k in range(1, n_steps + 1):
        batch = rng.choice(n, size=size, replace=False)
        g = _gradient_value(grad, w, k - 1, method, batch)
        with np.errstate(all="ignore"):
            w = _accept(w - rate * g, k, method)
        params[k] = w
        losses[k] = _loss_value(loss, w, k, method)
    return Trajectory(params=params, losses=losses)
