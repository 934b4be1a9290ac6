"""Argument checks shared by every calcnotes module, each raising one clear error.

The helpers turn bad input into an exception that names the argument and the offending
value, so a mistake never travels on as a silent NaN.

Examples
--------
>>> from calcnotes._validation import require_positive_step
>>> require_positive_step(0.5)
0.5
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np

__all__ = [
    "as_finite_points",
    "as_real_points",
    "require_callable",
    "require_choice",
    "require_count",
    "require_positive",
    "require_positive_step",
]

T = TypeVar("T")


def _describe(value: Any) -> str:
    """Return a short text for ``value``: a float's repr, or the first bad entry of an array."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    return repr(value)


def require_callable(f: object, name: str = "f") -> Callable[..., Any]:
    """Check that ``f`` can be called, and return it unchanged.

    Parameters
    ----------
    f : object
        The object that should be a function.
    name : str, optional
        The argument's name, used in the error message.

    Returns
    -------
    callable
        ``f`` itself.

    Raises
    ------
    TypeError
        If ``f`` is not callable; the message names its type.

    Examples
    --------
    >>> from calcnotes._validation import require_callable
    >>> require_callable(abs) is abs
    True
    >>> require_callable(3)
    Traceback (most recent call last):
    ...
    TypeError: f must be callable, got int
    """
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def require_positive_step(h: object, name: str = "h") -> float | np.ndarray:
    """Check that a finite-difference step is a positive, finite real number.

    Parameters
    ----------
    h : float or array_like
        The step (one per point if an array).
    name : str, optional
        The argument's name, used in the error message.

    Returns
    -------
    float or numpy.ndarray
        The step as a Python float, or as a float array when an array was given.

    Raises
    ------
    TypeError
        If ``h`` is not a real number (or array of them).
    ValueError
        If any step is zero, negative, NaN or infinite.

    Examples
    --------
    >>> from calcnotes._validation import require_positive_step
    >>> require_positive_step(1e-3)
    0.001
    >>> require_positive_step(0)
    Traceback (most recent call last):
    ...
    ValueError: step h must be a positive finite number, got 0
    """
    arr = np.asarray(h)
    if arr.dtype.kind not in "biuf" or arr.dtype.kind == "b":
        raise TypeError(f"step {name} must be a real number, got {type(h).__name__}")
    bad = ~(np.isfinite(arr) & (arr > 0))
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else arr
        raise ValueError(f"step {name} must be a positive finite number, got {_describe(first)}")
    if arr.ndim == 0:
        return float(arr)
    return arr.astype(float)


def _as_real_array(x: object, name: str) -> np.ndarray:
    """Convert ``x`` to a float64 array, refusing text, complex numbers and other non-reals."""
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got str")
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:  # ragged nested lists, for instance
        raise TypeError(
            f"{name} must be a real number or an array of real numbers: {err}"
        ) from None
    if arr.dtype.kind not in "iuf":
        kinds = {"c": "complex", "b": "bool"}
        kind = kinds.get(arr.dtype.kind, type(x).__name__)
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {kind}")
    return arr.astype(np.float64)


def as_finite_points(x: object, name: str = "x") -> np.ndarray:
    """Convert points to a float64 array, refusing NaN and infinity.

    Parameters
    ----------
    x : float or array_like
        One point or an array of points.
    name : str, optional
        The argument's name, used in the error message.

    Returns
    -------
    numpy.ndarray
        A float64 array of the same shape (0-d for a scalar).

    Raises
    ------
    TypeError
        If ``x`` is not real-valued (text, complex, booleans, objects).
    ValueError
        If any entry is NaN or infinite; the message shows the first one.

    Examples
    --------
    >>> from calcnotes._validation import as_finite_points
    >>> as_finite_points([1, 2]).dtype
    dtype('float64')
    >>> as_finite_points(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: x must be finite, got nan
    >>> as_finite_points(True)
    Traceback (most recent call last):
    ...
    TypeError: x must be a real number or an array of real numbers, got bool
    """
    arr = _as_real_array(x, name)
    finite = np.isfinite(arr)
    if not np.all(finite):
        first = arr[~finite].flat[0] if arr.ndim else arr
        raise ValueError(f"{name} must be finite, got {_describe(first)}")
    return arr


def as_real_points(x: object, name: str = "x") -> np.ndarray:
    """Convert points to a float64 array, refusing NaN but allowing ±infinity.

    Parameters
    ----------
    x : float or array_like
        One point or an array of points.
    name : str, optional
        The argument's name, used in the error message.

    Returns
    -------
    numpy.ndarray
        A float64 array of the same shape (0-d for a scalar).

    Raises
    ------
    TypeError
        If ``x`` is not real-valued.
    ValueError
        If any entry is NaN.

    Examples
    --------
    >>> from calcnotes._validation import as_real_points
    >>> as_real_points(float("inf"))
    array(inf)
    >>> as_real_points([0.0, float("nan")])
    Traceback (most recent call last):
    ...
    ValueError: x must not be NaN
    """
    arr = _as_real_array(x, name)
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} must not be NaN")
    return arr


def _same_choice(value: object, option: object) -> bool:
    """Whether ``value`` selects ``option``: same kind of thing and equal (``True`` is not ``1``)."""
    if isinstance(option, str):
        return isinstance(value, str) and value == option
    if isinstance(option, int) and not isinstance(option, bool):
        is_integer = isinstance(value, (int, np.integer)) and not isinstance(
            value, (bool, np.bool_)
        )
        return bool(is_integer and value == option)
    return type(value) is type(option) and value == option


def require_choice(value: T, allowed: Iterable[T], name: str) -> T:
    """Check that ``value`` is one of ``allowed`` and return it.

    Parameters
    ----------
    value : object
        The value given by the caller.
    allowed : iterable
        The accepted values, in the order the error message should list them.
    name : str
        What the value is (``"method"``, ``"order"``), used in the error message.

    Returns
    -------
    object
        The matching entry of ``allowed`` (so ``numpy.int64(2)`` comes back as ``2``).

    Raises
    ------
    ValueError
        If ``value`` is not among ``allowed``; the message lists the allowed values.

    Examples
    --------
    >>> from calcnotes._validation import require_choice
    >>> require_choice("forward", ("central", "forward", "backward"), "method")
    'forward'
    >>> require_choice("foo", ("central", "forward", "backward"), "method")
    Traceback (most recent call last):
    ...
    ValueError: unknown method 'foo'; choose one of 'central', 'forward', 'backward'
    >>> require_choice(5, (1, 2, 3, 4), "order")
    Traceback (most recent call last):
    ...
    ValueError: unknown order 5; choose one of 1, 2, 3, 4
    """
    options = tuple(allowed)
    for option in options:
        if _same_choice(value, option):
            return option
    listed = ", ".join(repr(option) for option in options)
    raise ValueError(f"unknown {name} {_describe(value)}; choose one of {listed}")


def require_positive(value: object, name: str) -> float:
    """Check that a real parameter (a learning rate, say) is positive and finite.

    Parameters
    ----------
    value : float
        The parameter.
    name : str
        Its name, used in the error message.

    Returns
    -------
    float
        ``value`` as a Python float.

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If ``value`` is zero, negative, NaN or infinite.

    Examples
    --------
    >>> from calcnotes._validation import require_positive
    >>> require_positive(0.1, "learning_rate")
    0.1
    >>> require_positive(-1, "learning_rate")
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a positive finite number, got -1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not (np.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a positive finite number, got {_describe(value)}")
    return number


def require_count(value: object, name: str, minimum: int = 0) -> int:
    """Check that ``value`` is an integer no smaller than ``minimum``.

    Parameters
    ----------
    value : int
        The count (a number of steps or levels).
    name : str
        Its name, used in the error message.
    minimum : int, optional
        The smallest accepted value.

    Returns
    -------
    int
        ``value`` as a Python int.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (floats and booleans are refused).
    ValueError
        If ``value`` is smaller than ``minimum``.

    Examples
    --------
    >>> from calcnotes._validation import require_count
    >>> require_count(10, "steps")
    10
    >>> require_count(-1, "steps")
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer >= 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {int(value)}")
    return int(value)
