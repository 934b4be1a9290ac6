"""Activation functions of neural networks and their derivatives, vectorised and stable.

Each function takes a number or an array: a scalar gives a Python ``float``, an array gives
an array of the same shape.  NaN input is refused with :class:`ValueError`; ``±inf`` is
accepted (``sigmoid(inf) == 1``).  Complex input is accepted too, so that
:func:`~calcnotes.numdiff.complex_step` can differentiate these functions.

Examples
--------
>>> from calcnotes.activations import sigmoid, sigmoid_derivative
>>> sigmoid(0.0), sigmoid_derivative(0.0)
(0.5, 0.25)
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softplus",
    "softplus_derivative",
    "tanh",
    "tanh_derivative",
]

Values = Any  # a float, a complex number or a NumPy array


def _as_input(x: object) -> np.ndarray:
    """Convert ``x`` to a float (or complex) array, refusing text and NaN."""
    if isinstance(x, (str, bytes)):
        raise TypeError("x must be a number or an array of numbers, got str")
    arr = np.asarray(x)
    if arr.dtype.kind not in "biufc":
        raise TypeError(f"x must be a number or an array of numbers, got {type(x).__name__}")
    arr = arr.astype(np.complex128 if arr.dtype.kind == "c" else np.float64)
    if np.any(np.isnan(arr)):
        raise ValueError("x must not be NaN")
    return arr


def _output(values: np.ndarray) -> Values:
    """A 0-d result becomes a Python float (or complex); arrays stay arrays."""
    if values.ndim == 0:
        return complex(values) if values.dtype.kind == "c" else float(values)
    return values


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function without overflow: ``exp`` only ever sees a non-positive real part."""
    out = np.empty_like(x)
    positive = x.real >= 0
    with np.errstate(under="ignore"):
        e_neg = np.exp(-x[positive])
        out[positive] = 1.0 / (1.0 + e_neg)
        e_pos = np.exp(x[~positive])
        out[~positive] = e_pos / (1.0 + e_pos)
    return out


def sigmoid(x: Values) -> Values:
    """The logistic sigmoid ``σ(x) = 1 / (1 + exp(-x))``, stable for large ``|x|``.

    For ``x >= 0`` it is computed as ``1 / (1 + exp(-x))`` and for ``x < 0`` as
    ``exp(x) / (1 + exp(x))``, so ``exp`` never overflows and ``sigmoid(±1000)`` gives
    ``1.0`` and ``0.0`` without a warning.

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values in ``[0, 1]``, shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.activations import sigmoid
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid(np.array([-1000.0, 1000.0]))
    array([0., 1.])
    >>> round(sigmoid(2.0), 6)
    0.880797
    """
    return _output(_sigmoid(_as_input(x)))


def _decaying(x: np.ndarray, scale: float) -> np.ndarray:
    """``exp(-scale |x|)``, with ``|x|`` read as ``±x`` by the sign of the real part.

    For complex ``x`` the branch is chosen by the real part, so the result stays analytic
    on each half-plane (``exp(-scale x)`` or ``exp(scale x)``), as the complex step needs.
    """
    signed = np.where(x.real >= 0, -x, x)
    with np.errstate(under="ignore", over="ignore"):  # -2 * 1e308 is -inf; exp(-inf) is 0
        return np.exp(scale * signed)


def sigmoid_derivative(x: Values) -> Values:
    """Derivative of the sigmoid, ``σ'(x) = σ(x) (1 - σ(x)) = e^{-|x|} / (1 + e^{-|x|})^2``.

    The product ``σ(x) (1 - σ(x))`` is the formula to remember, but computed as written it
    cancels: for large ``x``, ``1 - σ(x)`` loses all its digits (``σ(40)`` rounds to ``1``,
    which would give ``σ'(40) = 0`` instead of ``4.25e-18``).  With ``t = e^{-|x|}`` the
    same value is ``t / (1 + t)**2``, which has no cancellation, is exactly symmetric
    (``σ'(-x) = σ'(x)``) and is accurate to a few units of rounding for every ``x``;
    it only underflows to 0 where the true value is below the smallest float
    (``|x| > 745``).

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values in ``[0, 0.25]``, shaped like ``x``; the maximum ``0.25`` is at ``x = 0``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> from calcnotes.activations import sigmoid_derivative
    >>> sigmoid_derivative(0.0)
    0.25
    >>> round(sigmoid_derivative(2.0), 6)
    0.104994
    >>> print(f"{sigmoid_derivative(40.0):.6e}")
    4.248354e-18
    >>> sigmoid_derivative(-40.0) == sigmoid_derivative(40.0)
    True
    >>> sigmoid_derivative(1000.0)
    0.0
    """
    arr = _as_input(x)
    t = _decaying(arr, 1.0)
    return _output(t / (1.0 + t) ** 2)


def tanh(x: Values) -> Values:
    """The hyperbolic tangent ``tanh(x) = (e^x - e^-x) / (e^x + e^-x) = 2σ(2x) - 1``.

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values in ``[-1, 1]``, shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.activations import tanh
    >>> tanh(0.0)
    0.0
    >>> round(tanh(1.0), 6)
    0.761594
    >>> tanh(np.array([-1000.0, 1000.0]))
    array([-1.,  1.])
    """
    return _output(np.tanh(_as_input(x)))


def tanh_derivative(x: Values) -> Values:
    """Derivative of tanh, ``1 - tanh(x)**2 = 1 / cosh(x)**2 = 4 e^{-2|x|} / (1 + e^{-2|x|})^2``.

    ``1 - tanh(x)**2`` cancels completely for ``|x| >= 19`` (``tanh(19)`` rounds to ``1``),
    and ``cosh(x)**2`` overflows for ``|x| > 355``; with ``t = e^{-2|x|}`` the value
    ``4 t / (1 + t)**2`` has neither problem and is accurate to a few units of rounding
    for every ``x`` (it is ``4 σ'(2x)``).

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values in ``[0, 1]``, shaped like ``x``; the maximum ``1`` is at ``x = 0``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> from calcnotes.activations import tanh_derivative
    >>> tanh_derivative(0.0)
    1.0
    >>> round(tanh_derivative(1.0), 6)
    0.419974
    >>> print(f"{tanh_derivative(20.0):.6e}")
    1.699342e-17
    """
    arr = _as_input(x)
    t = _decaying(arr, 2.0)
    return _output(4.0 * t / (1.0 + t) ** 2)


def softplus(x: Values) -> Values:
    """The softplus ``ln(1 + e^x)``, a smooth ReLU, computed as ``max(x, 0) + ln(1 + e^{-|x|})``.

    Written that way ``exp`` never overflows (``softplus(1000) == 1000``) and the small
    values of the left tail keep their relative accuracy (``softplus(-40) = 4.25e-18``,
    through ``log1p``).  Its derivative is the sigmoid.

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Positive values, shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.activations import softplus
    >>> round(softplus(0.0), 12)
    0.69314718056
    >>> softplus(np.array([-1000.0, 1000.0]))
    array([   0., 1000.])
    >>> print(f"{softplus(-40.0):.6e}")
    4.248354e-18
    """
    arr = _as_input(x)
    positive = np.where(arr.real >= 0, arr, 0.0).astype(arr.dtype)
    return _output(positive + np.log1p(_decaying(arr, 1.0)))


def softplus_derivative(x: Values) -> Values:
    """Derivative of the softplus: ``d/dx ln(1 + e^x) = σ(x)``, the sigmoid.

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values in ``[0, 1]``, shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> from calcnotes.activations import softplus_derivative, sigmoid
    >>> softplus_derivative(0.0)
    0.5
    >>> softplus_derivative(2.0) == sigmoid(2.0)
    True
    """
    return _output(_sigmoid(_as_input(x)))


def relu(x: Values) -> Values:
    """The rectified linear unit ``max(0, x)``.

    For complex input the real part decides: ``z`` if ``Re z > 0``, else ``0``.

    Parameters
    ----------
    x : float or array_like
        Input value(s).

    Returns
    -------
    float or numpy.ndarray
        Values shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.activations import relu
    >>> relu(-2.0), relu(3.0)
    (0.0, 3.0)
    >>> relu(np.array([-1.0, 0.0, 2.5]))
    array([0. , 0. , 2.5])
    """
    arr = _as_input(x)
    return _output(np.where(arr.real > 0, arr, 0.0).astype(arr.dtype))


def relu_derivative(x: Values) -> Values:
    """Derivative of ReLU: ``1`` for ``x > 0`` and ``0`` for ``x < 0``.

    ReLU has a corner at ``x = 0``, where no derivative exists (the one-sided slopes are
    0 and 1).  This function returns ``0`` there, the convention of most deep-learning
    libraries; any value in ``[0, 1]`` is a valid subgradient.

    Parameters
    ----------
    x : float or array_like
        Input value(s); for complex input the real part decides.

    Returns
    -------
    float or numpy.ndarray
        ``1.0`` or ``0.0``, shaped like ``x``.

    Raises
    ------
    TypeError
        If ``x`` is not numeric.
    ValueError
        If ``x`` contains NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.activations import relu_derivative
    >>> relu_derivative(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    >>> relu_derivative(0.0)
    0.0
    """
    arr = _as_input(x)
    return _output(np.where(arr.real > 0, 1.0, 0.0))
