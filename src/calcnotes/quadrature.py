"""Numerical integration over an interval: the trapezoid rule, Simpson's rule, Gauss–Legendre.

Each rule approximates ``∫_a^b f(x) dx`` from ``n`` (sub)intervals or points and evaluates
``f`` once, on a NumPy array of all its nodes (a function that only takes scalars, such as
``math.sin``, is applied node by node instead).  The error falls as a power of ``n`` for a
smooth ``f``: ``n**-2`` for the trapezoid rule, ``n**-4`` for Simpson's rule, and faster
than any power for Gauss–Legendre, which integrates polynomials of degree ``2 n - 1``
exactly.

``a > b`` is allowed and gives ``-∫_b^a f``, as the integral itself does; ``a == b``
gives ``0.0``.  Endpoints must be finite real numbers, and a value of ``f`` that is NaN,
infinite or complex is refused with an error instead of being summed into the result.

Examples
--------
>>> import numpy as np
>>> from calcnotes.quadrature import gauss_legendre, simpson, trapezoid
>>> round(trapezoid(np.exp, 0.0, 1.0, 1000), 6), round(float(np.e - 1), 6)
(1.718282, 1.718282)
>>> simpson(lambda x: x**3, 0.0, 2.0, 2)
4.0
>>> round(gauss_legendre(np.cos, 0.0, np.pi / 2, 8), 12)
1.0
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from calcnotes._validation import require_callable, require_count

__all__ = ["trapezoid", "simpson", "gauss_legendre"]


def _endpoint(value: object, name: str) -> float:
    """``value`` as a finite Python float, or a clear TypeError/ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def _values(f: Callable[..., Any], nodes: np.ndarray) -> np.ndarray:
    """``f`` at every node, as a float array, refusing NaN, infinite and complex values."""
    try:
        with np.errstate(all="ignore"):
            raw = f(nodes)
        values = np.asarray(raw)
        if values.ndim == 0:  # a constant such as ``lambda x: 1.0``
            values = np.full(nodes.shape, values)
    except TypeError:  # f takes scalars only (math.sin)
        values = np.array([f(float(t)) for t in nodes])
    if values.shape != nodes.shape:
        raise ValueError(
            f"f must return one value per node: given {nodes.size} nodes it returned "
            f"an array of shape {values.shape}"
        )
    if np.iscomplexobj(values):
        raise TypeError("f must return real numbers, got complex values")
    try:
        values = values.astype(float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"f must return real numbers, got {values.dtype}") from err
    bad = ~np.isfinite(values)
    if bad.any():
        where = float(nodes[np.argmax(bad)])
        raise ValueError(
            f"f is not finite at x = {where!r} (value {values[np.argmax(bad)]!r}); "
            "the rule cannot integrate through a pole or a NaN"
        )
    return values


def trapezoid(f: Callable[..., Any], a: float, b: float, n: int) -> float:
    """Integrate ``f`` from ``a`` to ``b`` by the composite trapezoid rule.

    With ``h = (b - a) / n`` and nodes ``x_k = a + k h``, the rule is
    ``h * (f(x_0) / 2 + f(x_1) + ... + f(x_{n-1}) + f(x_n) / 2)``.  For ``f`` with a
    continuous second derivative its error is ``-(b - a) h**2 f''(ξ) / 12`` for some
    ``ξ`` in the interval: it halves the step and quarters the error, and it is exact
    for polynomials of degree at most 1.

    Parameters
    ----------
    f : callable
        The integrand; called on an array of the ``n + 1`` nodes (or node by node if it
        only accepts scalars).
    a, b : float
        The limits of integration (finite; ``a > b`` integrates backwards).
    n : int
        The number of subintervals, at least 1.

    Returns
    -------
    float
        The approximation of the integral.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``n`` is not an integer, a limit is not a real number,
        or ``f`` returns complex values.
    ValueError
        If ``n < 1``, a limit is not finite, or ``f`` is NaN or infinite at a node.

    Examples
    --------
    >>> from calcnotes.quadrature import trapezoid
    >>> trapezoid(lambda x: 3 * x + 1, 0.0, 2.0, 1)
    8.0
    >>> trapezoid(lambda x: x**2, 0.0, 1.0, 2)
    0.375
    >>> trapezoid(lambda x: x**2, 0.0, 1.0, 0)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer >= 1, got 0
    """
    f = require_callable(f)
    a, b = _endpoint(a, "a"), _endpoint(b, "b")
    n = require_count(n, "n", minimum=1)
    if a == b:
        return 0.0
    nodes = np.linspace(a, b, n + 1)
    y = _values(f, nodes)
    h = (b - a) / n
    return float(h * (0.5 * y[0] + y[1:-1].sum() + 0.5 * y[-1]))


def simpson(f: Callable[..., Any], a: float, b: float, n: int) -> float:
    """Integrate ``f`` from ``a`` to ``b`` by the composite Simpson rule.

    With an even ``n``, ``h = (b - a) / n`` and nodes ``x_k = a + k h``, the rule is
    ``h / 3 * (f(x_0) + 4 f(x_1) + 2 f(x_2) + 4 f(x_3) + ... + 4 f(x_{n-1}) + f(x_n))``:
    a parabola through each pair of subintervals.  For ``f`` with a continuous fourth
    derivative its error is ``-(b - a) h**4 f''''(ξ) / 180``: halving the step divides
    the error by 16, and the rule is exact for polynomials of degree at most 3.

    Parameters
    ----------
    f : callable
        The integrand; called on an array of the ``n + 1`` nodes.
    a, b : float
        The limits of integration (finite; ``a > b`` integrates backwards).
    n : int
        The number of subintervals: even and at least 2.

    Returns
    -------
    float
        The approximation of the integral.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``n`` is not an integer, a limit is not a real number,
        or ``f`` returns complex values.
    ValueError
        If ``n`` is odd or smaller than 2, a limit is not finite, or ``f`` is NaN or
        infinite at a node.

    Examples
    --------
    >>> from calcnotes.quadrature import simpson
    >>> simpson(lambda x: x**3 - x, 0.0, 2.0, 2)
    2.0
    >>> simpson(lambda x: x**3, 0.0, 1.0, 3)
    Traceback (most recent call last):
    ...
    ValueError: Simpson's rule needs an even number of subintervals n, got 3
    """
    f = require_callable(f)
    a, b = _endpoint(a, "a"), _endpoint(b, "b")
    n = require_count(n, "n", minimum=2)
    if n % 2:
        raise ValueError(f"Simpson's rule needs an even number of subintervals n, got {n}")
    if a == b:
        return 0.0
    nodes = np.linspace(a, b, n + 1)
    y = _values(f, nodes)
    h = (b - a) / n
    return float(h / 3 * (y[0] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum() + y[-1]))


def gauss_legendre(f: Callable[..., Any], a: float, b: float, n: int) -> float:
    """Integrate ``f`` from ``a`` to ``b`` by ``n``-point Gauss–Legendre quadrature.

    The nodes are the roots ``t_i`` of the Legendre polynomial ``P_n`` mapped from
    ``[-1, 1]`` to the interval, ``x_i = (a + b) / 2 + (b - a) / 2 * t_i``, and the
    weights ``w_i`` are chosen so that the rule ``(b - a) / 2 * Σ w_i f(x_i)`` is exact
    for every polynomial of degree at most ``2 n - 1``, the highest possible with ``n``
    nodes.  For an ``f`` analytic near the interval the error falls geometrically in
    ``n``.  The nodes lie strictly inside the interval, so ``f`` is never evaluated at
    ``a`` or ``b``.

    Parameters
    ----------
    f : callable
        The integrand; called on an array of the ``n`` nodes.
    a, b : float
        The limits of integration (finite; ``a > b`` integrates backwards).
    n : int
        The number of nodes, at least 1.

    Returns
    -------
    float
        The approximation of the integral.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``n`` is not an integer, a limit is not a real number,
        or ``f`` returns complex values.
    ValueError
        If ``n < 1``, a limit is not finite, or ``f`` is NaN or infinite at a node.

    Examples
    --------
    >>> from calcnotes.quadrature import gauss_legendre
    >>> round(gauss_legendre(lambda x: x**5 + x**2, -1.0, 1.0, 3), 14)
    0.66666666666667
    >>> gauss_legendre(lambda x: x, 0.0, 1.0, True)
    Traceback (most recent call last):
    ...
    TypeError: n must be an integer, got bool
    """
    f = require_callable(f)
    a, b = _endpoint(a, "a"), _endpoint(b, "b")
    n = require_count(n, "n", minimum=1)
    if a == b:
        return 0.0
    t, w = np.polynomial.legendre.leggauss(n)
    half = (b - a) / 2
    nodes = (a + b) / 2 + half * t
    y = _values(f, nodes)
    return float(half * np.dot(w, y))
