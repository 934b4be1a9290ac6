"""Numerical differentiation: finite differences, Richardson extrapolation, complex step.

Every function here estimates derivatives from values of ``f`` alone and is vectorised: a
scalar point gives a Python ``float``, an array of points gives an array of the same shape.
``f`` is evaluated with NumPy warnings silenced and its values are then checked, so a point
outside the function's domain raises :class:`~calcnotes.errors.DomainError` instead of
quietly producing NaN.

Examples
--------
>>> import numpy as np
>>> from calcnotes.numdiff import derivative
>>> round(derivative(np.sin, 0.0), 10)
1.0
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from calcnotes._validation import (
    as_finite_points,
    require_callable,
    require_choice,
    require_count,
    require_positive_step,
)
from calcnotes.errors import DomainError

__all__ = [
    "complex_step",
    "default_step",
    "derivative",
    "gradient",
    "gradient_check",
    "relative_error",
    "richardson",
]

_EPS = float(np.finfo(np.float64).eps)
_TINY = float(np.finfo(np.float64).tiny)
METHODS = ("central", "forward", "backward")
ORDERS = (1, 2, 3, 4)
# Power of h in the truncation error of each method: central differences are second order.
_ACCURACY = {"central": 2, "forward": 1, "backward": 1}

# Stencils as (offsets in units of h, integer weights, common denominator): the n-th
# derivative is sum(weight * f(x + offset*h)) / (denominator * h**n).  The centre point is
# always part of a stencil (with weight 0 if unused) so that a point outside the domain is
# reported as such rather than as a stencil problem.
_CENTRAL: dict[int, tuple[tuple[int, ...], tuple[int, ...], int]] = {
    1: ((-1, 0, 1), (-1, 0, 1), 2),
    2: ((-1, 0, 1), (1, -2, 1), 1),
    3: ((-2, -1, 0, 1, 2), (-1, 2, 0, -2, 1), 2),
    4: ((-2, -1, 0, 1, 2), (1, -4, 6, -4, 1), 1),
}

Points = float | np.ndarray
Func = Callable[[Any], Any]


def _stencil(order: int, method: str) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """Offsets, weights and denominator of the finite-difference formula of ``order``."""
    if method == "central":
        return _CENTRAL[order]
    # One-sided n-th differences: weights (-1)**(n-k) * C(n, k) at offsets 0..n (forward)
    # or -n..0 (backward).
    weights = []
    coefficient = 1
    for k in range(order + 1):
        weights.append((-1) ** (order - k) * coefficient)
        coefficient = coefficient * (order - k) // (k + 1)
    if method == "forward":
        return tuple(range(order + 1)), tuple(weights), 1
    return tuple(range(-order, 1)), tuple(weights), 1


def _output(values: np.ndarray) -> Points:
    """A 0-d array becomes a Python float; anything else stays an array."""
    if values.ndim == 0:
        return float(values)
    return values


def _fmt(value: float) -> str:
    """Shortest text of a float, as ``repr`` writes it."""
    return repr(float(value))


def _representable(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Adjust ``h`` so that ``(x + h) - x == h`` holds exactly in floating point."""
    with np.errstate(all="ignore"):
        for _ in range(3):
            h = (x + h) - x
    return h


def _is_domain_failure(err: Exception) -> bool:
    """Whether an exception raised by ``f`` means "outside the domain" (math.log(-1), 1/0)."""
    return isinstance(err, ArithmeticError) or "domain" in str(err)


def _call(f: Func, t: np.ndarray) -> np.ndarray:
    """Evaluate ``f`` elementwise at ``t`` (warnings silenced) and check the result's type."""
    argument = t[()] if t.ndim == 0 else t
    try:
        with np.errstate(all="ignore"):
            value = f(argument)
    except (ValueError, ArithmeticError) as err:
        if not _is_domain_failure(err):
            raise
        where = f"x = {_fmt(float(t))}" if t.ndim == 0 else "the given points"
        raise DomainError(
            f"f could not be evaluated near {where} (outside its domain?): {err}"
        ) from err
    result = np.asarray(value)
    if result.dtype.kind == "c":
        raise TypeError(
            "f returned complex values; finite differences need a real-valued f "
            "(complex_step is the method that feeds f complex points)"
        )
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return real numbers, got {type(value).__name__}")
    if result.shape != t.shape:
        raise ValueError(
            f"f returned shape {result.shape} for points of shape {t.shape}; f must act "
            "elementwise (use gradient for a function of several variables)"
        )
    return result.astype(np.float64)


def _not_finite_at_points(xs: np.ndarray, bad: np.ndarray) -> DomainError:
    """The error for points where ``f`` itself is NaN or infinite."""
    bad_points = np.atleast_1d(xs)[np.atleast_1d(bad)]
    message = f"f is not finite at x = {_fmt(bad_points[0])} (outside its domain?)"
    if bad_points.size > 1:
        message += f"; {bad_points.size - 1} more point(s) fail too"
    return DomainError(message)


def _stencil_values(
    f: Func, xs: np.ndarray, h: np.ndarray, offsets: tuple[int, ...], label: str
) -> dict[int, np.ndarray]:
    """Evaluate ``f`` at ``xs + k*h`` for every offset ``k``, refusing non-finite values."""
    values: dict[int, np.ndarray] = {}
    centre = _call(f, xs)
    centre_bad = ~np.isfinite(centre)
    if np.any(centre_bad):
        raise _not_finite_at_points(xs, centre_bad)
    values[0] = centre
    for k in offsets:
        if k == 0:
            continue
        with np.errstate(all="ignore"):
            t = xs + k * h
        v = _call(f, t)
        bad = ~np.isfinite(v)
        if np.any(bad):
            i = int(np.flatnonzero(np.atleast_1d(bad))[0])
            point = np.atleast_1d(t).flat[i]
            x0 = np.atleast_1d(xs).flat[i]
            step = np.atleast_1d(h).flat[i]
            raise DomainError(
                f"f is not finite at {_fmt(point)}, a point of the {label} stencil for "
                f"x = {_fmt(x0)} (step h = {step:.3g}): the stencil leaves f's domain; "
                "try another method or a smaller h"
            )
        values[k] = v
    return values


def _difference(f: Func, xs: np.ndarray, h: np.ndarray, order: int, method: str) -> np.ndarray:
    """The finite-difference estimate of the ``order``-th derivative with steps ``h``."""
    offsets, weights, denominator = _stencil(order, method)
    values = _stencil_values(f, xs, h, offsets, method)
    with np.errstate(all="ignore"):
        total = np.zeros(np.shape(xs))
        for k, w in zip(offsets, weights, strict=False):
            if w:
                total = total + w * values[k]
        estimate = total / (denominator * h**order)
    if not np.all(np.isfinite(estimate)):
        raise ValueError(
            "the finite-difference estimate overflowed: f's values are too large for a "
            "difference quotient at these points"
        )
    return estimate


def _steps(h: object, xs: np.ndarray) -> np.ndarray:
    """A caller's step(s), checked, broadcast to the points and tested against rounding."""
    step = np.asarray(require_positive_step(h), dtype=np.float64)
    try:
        step = np.broadcast_to(step, xs.shape)
    except ValueError:
        raise ValueError(
            f"step h of shape {step.shape} does not match points of shape {xs.shape}"
        ) from None
    with np.errstate(all="ignore"):
        lost = (xs + step == xs) | (xs - step == xs)
    if np.any(lost):
        i = int(np.flatnonzero(np.atleast_1d(lost))[0])
        raise ValueError(
            f"step h = {np.atleast_1d(step).flat[i]:.3g} is too small for "
            f"x = {_fmt(np.atleast_1d(xs).flat[i])}: x + h rounds back to x"
        )
    return step


def default_step(x: Points, *, order: int = 1, method: str = "central") -> Points:
    """Return the float64 step that balances truncation and rounding error.

    A difference formula of accuracy ``p`` for the ``n``-th derivative has truncation error
    of size ``h**p`` and rounding error of size ``eps / h**n``; the two balance at
    ``h = eps**(1 / (n + p)) * max(1, |x|)``.  Central differences have ``p = 2`` (so the
    first derivative uses ``eps**(1/3)`` and the second ``eps**(1/4)``), forward and
    backward differences ``p = 1`` (``eps**(1/2)`` for the first derivative).  The step is
    then nudged so that ``(x + h) - x == h`` exactly.

    Parameters
    ----------
    x : float or array_like
        The point(s) at which a derivative will be taken.
    order : int, optional
        The order of the derivative.
    method : str, optional
        The difference formula.

    Returns
    -------
    float or numpy.ndarray
        One step per point: a float for a scalar ``x``, else an array of ``x``'s shape.

    Raises
    ------
    ValueError
        If ``x`` is not finite, or ``order``/``method`` is not one of the allowed values.

    Examples
    --------
    >>> from calcnotes.numdiff import default_step
    >>> print(f"{default_step(1.0):.3e}")
    6.055e-06
    >>> print(f"{default_step(1.0, method='forward'):.3e}")
    1.490e-08
    >>> h = default_step(3.7)
    >>> (3.7 + h) - 3.7 == h
    True
    """
    order = require_choice(order, ORDERS, "order")
    method = require_choice(method, METHODS, "method")
    xs = as_finite_points(x)
    power = 1.0 / (order + _ACCURACY[method])
    h = _EPS**power * np.maximum(1.0, np.abs(xs))
    return _output(_representable(xs, h))


def derivative(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    method: str = "central",
    h: float | np.ndarray | None = None,
) -> Points:
    """Estimate the ``order``-th derivative of ``f`` at ``x`` by finite differences.

    Parameters
    ----------
    f : callable
        A real function of one real variable, applied elementwise (a NumPy ufunc or an
        expression built from them).
    x : float or array_like
        The point(s).
    order : int, optional
        Which derivative.
    method : str, optional
        Central differences (error of size ``h**2``) or one-sided ones (size ``h``).
    h : float or array_like, optional
        The step.  By default :func:`default_step` chooses it for each point.  A given step
        is used as it is (no adjustment).

    Returns
    -------
    float or numpy.ndarray
        A Python float for a scalar ``x``, else an array of ``x``'s shape.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns non-real values.
    ValueError
        If ``x`` is not finite, ``h`` is not a positive finite number (or so small that
        ``x + h`` rounds to ``x``), or ``order``/``method`` is unknown.
    DomainError
        If ``f`` is NaN or infinite at ``x`` or at one of the stencil points, or raises
        a math domain error or an arithmetic error (``math.log(-1)``, ``1 / 0``) there.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import derivative
    >>> round(derivative(np.exp, 1.0), 8)
    2.71828183
    >>> round(derivative(np.sin, 0.5, order=2), 5)
    -0.47943
    >>> np.round(derivative(lambda t: t**3, np.array([0.0, 1.0, 2.0])), 6)
    array([ 0.,  3., 12.])
    >>> derivative(np.log, -1.0)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: f is not finite at x = -1.0 (outside its domain?)
    """
    require_callable(f)
    order = require_choice(order, ORDERS, "order")
    method = require_choice(method, METHODS, "method")
    xs = as_finite_points(x)
    if h is None:
        steps = np.asarray(default_step(xs, order=order, method=method))
    else:
        steps = _steps(h, xs)
    return _output(_difference(f, xs, steps, order, method))


def richardson(
    f: Func,
    x: Points,
    *,
    order: int = 1,
    h: float | np.ndarray | None = None,
    levels: int = 4,
) -> Points:
    """Estimate a derivative by Richardson extrapolation of central differences.

    Central differences with steps ``h, h/2, h/4, …`` (``levels`` of them) have errors
    ``c1 h**2 + c2 h**4 + …``; combining them in a Neville tableau cancels the terms one by
    one, leaving an error of size ``h**(2*levels)``.  Because that is so small, a much
    larger starting step than :func:`default_step` is best, which also keeps rounding error
    low.  Balancing the remaining truncation error (``h**(2*levels)``) against rounding error
    (``eps / h**order``) gives the default ``h = 2 * eps**(1 / (2*levels + order)) * max(1, |x|)``
    (``0.037`` at ``|x| <= 1`` for the first derivative with 4 levels); the factor 2 was tuned
    on the panel of ``bench/accuracy.py``.

    Parameters
    ----------
    f : callable
        A smooth real function of one real variable, applied elementwise.
    x : float or array_like
        The point(s).
    order : int, optional
        Which derivative.
    h : float or array_like, optional
        The largest (first) step; the default is described above.
    levels : int, optional
        How many step sizes to combine (``levels=1`` is a plain central difference).

    Returns
    -------
    float or numpy.ndarray
        A Python float for a scalar ``x``, else an array of ``x``'s shape.

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``levels`` is not an integer.
    ValueError
        If ``x`` or ``h`` is invalid, ``order`` is unknown or ``levels < 1``.
    DomainError
        If ``f`` is NaN or infinite at ``x`` or at a stencil point (the steps are wider than
        for :func:`derivative`, so pass a smaller ``h`` near the edge of a domain).

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import richardson
    >>> round(richardson(np.exp, 1.0), 12)
    2.718281828459
    >>> round(richardson(np.cos, 0.0, order=2), 10)
    -1.0
    """
    require_callable(f)
    order = require_choice(order, ORDERS, "order")
    levels = require_count(levels, "levels", minimum=1)
    xs = as_finite_points(x)
    if h is None:
        power = 1.0 / (2 * levels + order)
        first = 2.0 * _EPS**power * np.maximum(1.0, np.abs(xs))
    else:
        first = _steps(h, xs)
    rows: list[list[np.ndarray]] = []
    for level in range(levels):
        step = first / 2.0**level
        if h is None:
            step = _representable(xs, step)
        else:
            step = _steps(step, xs)
        row = [_difference(f, xs, step, order, "central")]
        for k in range(1, level + 1):
            factor = 4.0**k
            previous = rows[level - 1][k - 1]
            row.append(row[k - 1] + (row[k - 1] - previous) / (factor - 1.0))
        rows.append(row)
    return _output(rows[-1][-1])


def complex_step(f: Func, x: Points, *, h: float = 1e-20) -> Points:
    """First derivative by the complex-step method, ``Im f(x + i h) / h``.

    For a function that is analytic (given by a power series, like ``exp``, ``sin`` and
    polynomials) the formula has no subtraction, hence no cancellation: ``h`` can be tiny
    and the result is accurate to rounding error.  ``f`` must accept complex input (use
    NumPy functions, not the ``math`` module) and must not use ``abs`` or comparisons.

    Parameters
    ----------
    f : callable
        An analytic function, applied elementwise to complex arrays.
    x : float or array_like
        The real point(s).
    h : float, optional
        The imaginary step.

    Returns
    -------
    float or numpy.ndarray
        A Python float for a scalar ``x``, else an array of ``x``'s shape.

    Raises
    ------
    TypeError
        If ``f`` is not callable, rejects complex input, or returns real values for complex
        input (it is then not analytic, e.g. ``np.abs``).
    ValueError
        If ``x`` is not finite or ``h`` is not a positive finite number.
    DomainError
        If ``f`` is NaN or infinite at the real point ``x`` (checked first) or at
        ``x + i h``.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import complex_step
    >>> complex_step(np.sin, 0.0)
    1.0
    >>> np.round(complex_step(lambda t: t**2, np.array([1.0, 2.5])), 12)
    array([2., 5.])
    """
    require_callable(f)
    xs = as_finite_points(x)
    step = np.asarray(require_positive_step(h), dtype=np.float64)
    centre = _call(f, xs)
    centre_bad = ~np.isfinite(centre)
    if np.any(centre_bad):
        raise _not_finite_at_points(xs, centre_bad)
    z = xs + 1j * step
    argument = z[()] if z.ndim == 0 else z
    needs_complex = (
        "complex_step needs an f that accepts complex input (use NumPy functions such as "
        "np.sin rather than math.sin)"
    )
    try:
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
            warnings.simplefilter("always", np.exceptions.ComplexWarning)
            value = f(argument)
    except TypeError as err:
        raise TypeError(f"{needs_complex}: {err}") from err
    for w in caught:  # pass on any other warning f raised
        if not issubclass(w.category, np.exceptions.ComplexWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if any(issubclass(w.category, np.exceptions.ComplexWarning) for w in caught):
        # f cast the complex point to a real one (math.sin does this for NumPy scalars).
        raise TypeError(f"{needs_complex}: f discarded the imaginary part of its input")
    result = np.asarray(value)
    if result.dtype.kind != "c":
        raise TypeError(
            "complex_step needs an analytic f that returns complex values for complex "
            f"input; f returned {result.dtype} (abs, comparisons or math functions?)"
        )
    if result.shape != xs.shape:
        raise ValueError(
            f"f returned shape {result.shape} for points of shape {xs.shape}; f must act "
            "elementwise"
        )
    bad = ~np.isfinite(result)
    if np.any(bad):
        point = np.atleast_1d(xs)[np.atleast_1d(bad)][0]
        raise DomainError(f"f is not finite at x = {_fmt(point)} + {float(step.flat[0]):.3g}i")
    with np.errstate(all="ignore"):
        estimate = result.imag / step
    return _output(np.asarray(estimate, dtype=np.float64))


def _call_scalar(f: Func, point: np.ndarray) -> float:
    """Evaluate a function of several variables at ``point`` and return its real scalar value."""
    argument = point.copy() if point.ndim else point[()]
    try:
        with np.errstate(all="ignore"):
            value = f(argument)
    except (ValueError, ArithmeticError) as err:
        if not _is_domain_failure(err):
            raise
        raise DomainError(f"f could not be evaluated at x = {point.tolist()}: {err}") from err
    result = np.asarray(value)
    if result.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real number, got {type(value).__name__}")
    if result.size != 1:
        raise ValueError(
            f"f must return a single number (a scalar function of x), got shape {result.shape}"
        )
    return float(result.reshape(()))


def gradient(f: Func, x: object, *, h: float | np.ndarray | None = None) -> np.ndarray:
    """Gradient of a scalar function of several variables by central differences.

    Each partial derivative is ``(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)`` with the
    default step ``h_i = eps**(1/3) * max(1, |x_i|)``, made exactly representable.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` and returns one real number (a loss, say).
    x : array_like
        The point, of any shape (a vector, or a weight matrix).
    h : float or array_like, optional
        The step, one for all coordinates or one per coordinate.

    Returns
    -------
    numpy.ndarray
        The gradient, with the same shape as ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number.
    ValueError
        If ``x`` is not finite, ``h`` is invalid, or ``f`` returns more than one number.
    DomainError
        If ``f`` is NaN or infinite at ``x`` or at one of the shifted points.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import gradient
    >>> np.round(gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], [1.0, 2.0]), 8)
    array([8., 3.])
    """
    require_callable(f)
    xs = as_finite_points(x)
    if h is None:
        steps = _representable(xs, _EPS ** (1.0 / 3.0) * np.maximum(1.0, np.abs(xs)))
    else:
        steps = _steps(h, xs)
    steps = np.asarray(steps, dtype=np.float64)
    centre = _call_scalar(f, xs)
    if not np.isfinite(centre):
        raise DomainError(f"f is not finite at x = {xs.tolist()} (outside its domain?)")
    grad = np.empty(xs.shape, dtype=np.float64)
    for i in range(xs.size):
        hi = float(steps.flat[i])
        sides = []
        for sign in (1.0, -1.0):
            shifted = xs.copy()
            shifted.flat[i] += sign * hi
            value = _call_scalar(f, shifted)
            if not np.isfinite(value):
                raise DomainError(
                    f"f is not finite when coordinate {i} of x is moved by {sign * hi:+.3g} "
                    f"(to {_fmt(shifted.flat[i])}): the stencil leaves f's domain; "
                    "try a smaller h"
                )
            sides.append(value)
        with np.errstate(all="ignore"):
            grad.flat[i] = (sides[0] - sides[1]) / (2.0 * hi)
    if not np.all(np.isfinite(grad)):
        raise ValueError("the finite-difference gradient overflowed: f's values are too large")
    return grad


def relative_error(a: object, b: object) -> float:
    """Largest elementwise relative difference ``|a - b| / max(|a|, |b|)`` of two arrays.

    The denominator is floored at the smallest positive float, so two zeros agree with
    error ``0``.  Near-zero entries can show a large relative error even when the absolute
    difference is tiny; that is the price of a scale-free measure.

    Parameters
    ----------
    a, b : float or array_like
        Numbers or arrays of the same (or broadcastable) shape.

    Returns
    -------
    float
        The maximum over all entries (``0.0`` for empty arrays).

    Raises
    ------
    ValueError
        If an entry is NaN or infinite, or the shapes do not match.

    Examples
    --------
    >>> from calcnotes.numdiff import relative_error
    >>> print(f"{relative_error([1.0, 2.0], [1.0, 2.002]):.6e}")
    9.990010e-04
    >>> relative_error(0.0, 0.0)
    0.0
    """
    aa = as_finite_points(a, "a")
    bb = as_finite_points(b, "b")
    try:
        aa, bb = np.broadcast_arrays(aa, bb)
    except ValueError:
        raise ValueError(
            f"a and b must have the same shape, got {aa.shape} and {bb.shape}"
        ) from None
    if aa.size == 0:
        return 0.0
    scale = np.maximum(np.maximum(np.abs(aa), np.abs(bb)), _TINY)
    return float(np.max(np.abs(aa - bb) / scale))


def gradient_check(f: Func, grad: Func, x: object, *, h: float | np.ndarray | None = None) -> float:
    """Compare an analytic gradient with the numerical one; return the max relative error.

    This is the standard test of a backpropagation implementation: a correct ``grad``
    agrees with :func:`gradient` to about ``1e-8`` or better, a wrong one typically shows
    errors of order ``1e-2`` to ``1``.

    Parameters
    ----------
    f : callable
        The scalar function (a loss) of an array shaped like ``x``.
    grad : callable
        The claimed gradient of ``f``: takes ``x``, returns an array of ``x``'s shape.
    x : array_like
        The point at which to compare.
    h : float or array_like, optional
        The step passed to :func:`gradient`.

    Returns
    -------
    float
        ``relative_error(grad(x), gradient(f, x, h=h))``.

    Raises
    ------
    TypeError
        If ``f`` or ``grad`` is not callable.
    ValueError
        If ``grad(x)`` has the wrong shape or is not finite, or for the reasons of
        :func:`gradient`.

    Examples
    --------
    >>> import numpy as np
    >>> from calcnotes.numdiff import gradient_check
    >>> f = lambda v: np.sum(v ** 3)
    >>> gradient_check(f, lambda v: 3 * v ** 2, np.array([0.5, -1.0, 2.0])) < 1e-8
    True
    >>> gradient_check(f, lambda v: 2 * v ** 2, np.array([0.5, -1.0, 2.0])) > 0.1
    True
    """
    require_callable(f)
    require_callable(grad, "grad")
    xs = as_finite_points(x)
    analytic = np.asarray(grad(xs.copy()))
    if analytic.shape != xs.shape:
        raise ValueError(f"grad returned shape {analytic.shape} but x has shape {xs.shape}")
    if analytic.dtype.kind not in "biuf" or not np.all(np.isfinite(analytic)):
        raise ValueError("grad(x) must be a finite real array")
    numeric = gradient(f, xs, h=h)
    return relative_error(analytic, numeric)
