"""Root finding by bisection, with the error bound the intermediate value theorem guarantees.

If a continuous function takes values of opposite signs at the ends of ``[a, b]``, it has a
zero in between (the intermediate value theorem). Bisection halves the bracket, keeping the
half on which the sign still changes, so after ``n`` halvings the midpoint of the bracket is
within ``(b - a) / 2**(n + 1)`` of a zero.

Examples
--------
>>> from calcnotes.roots import bisect
>>> result = bisect(lambda x: x**2 - 2, 0.0, 2.0, tol=1e-10)
>>> round(result.root, 8)
1.41421356
>>> result.bound <= 1e-10
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from calcnotes._validation import require_callable, require_count, require_positive
from calcnotes.errors import DomainError

__all__ = ["Bisection", "bisect"]


@dataclass(frozen=True)
class Bisection:
    """The outcome of :func:`bisect`: the last bracket, its midpoint and the error bound.

    Attributes
    ----------
    root : float
        The midpoint of the last bracket (or a point where ``f`` is exactly zero).
    bound : float
        Half the width of the last bracket: a zero of ``f`` lies within ``bound`` of
        ``root`` (``0.0`` when ``f(root) == 0`` exactly).
    steps : int
        How many brackets follow the first: one per halving, and a last one
        ``[r, r]`` when ``f`` is exactly zero at a point ``r`` it evaluates.
    brackets : numpy.ndarray
        Shape ``(steps + 1, 2)``: ``brackets[k]`` is the bracket ``[lower, upper]`` after
        ``k`` halvings (``brackets[0]`` is ``[a, b]``).

    Examples
    --------
    >>> from calcnotes.roots import bisect
    >>> result = bisect(lambda x: x - 0.3, 0.0, 1.0, steps=2)
    >>> result.brackets
    array([[0.  , 1.  ],
           [0.  , 0.5 ],
           [0.25, 0.5 ]])
    >>> result.root, result.bound
    (0.375, 0.125)
    """

    root: float
    bound: float
    steps: int
    brackets: np.ndarray

    @property
    def lower(self) -> float:
        """The left end of the last bracket.

        Examples
        --------
        >>> from calcnotes.roots import bisect
        >>> bisect(lambda x: x - 0.3, 0.0, 1.0, steps=2).lower
        0.25
        """
        return float(self.brackets[-1, 0])

    @property
    def upper(self) -> float:
        """The right end of the last bracket.

        Examples
        --------
        >>> from calcnotes.roots import bisect
        >>> bisect(lambda x: x - 0.3, 0.0, 1.0, steps=2).upper
        0.5
        """
        return float(self.brackets[-1, 1])


def _end(value: object, name: str) -> float:
    """An end of the bracket as a finite float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number!r}")
    return number


def _sign(f: Callable[[float], Any], at: float) -> float:
    """The sign of ``f(at)`` (-1.0, 0.0 or 1.0); a non-finite or non-real value is refused."""
    with np.errstate(all="ignore"):
        value = np.asarray(f(at))
    if value.dtype.kind not in "biuf" or value.size != 1:
        raise TypeError(
            f"f must return a single real number, got {value.dtype} of shape {value.shape}"
        )
    number = float(value.reshape(()))
    if not math.isfinite(number):
        raise DomainError(f"f is not finite at x = {at!r} (got {number}); is f continuous there?")
    return float(np.sign(number))


def bisect(
    f: Callable[[float], Any],
    a: float,
    b: float,
    *,
    tol: float | None = None,
    steps: int | None = None,
) -> Bisection:
    """Find a zero of ``f`` in ``[a, b]`` by halving a bracket on which ``f`` changes sign.

    Parameters
    ----------
    f : callable
        A function of one real number, continuous on ``[a, b]``, returning a real number.
    a, b : float
        The ends of the bracket, ``a < b``, with ``f(a)`` and ``f(b)`` of opposite signs
        (or one of them zero).
    tol : float, optional
        Halve until the error bound is at most ``tol`` (default ``1e-12`` when ``steps``
        is not given).
    steps : int, optional
        Make exactly this many halvings instead (fewer only if ``f`` is exactly zero at
        a midpoint); the bound is then ``(b - a) / 2**(steps + 1)``.

    Returns
    -------
    Bisection
        The root estimate, its error bound and every bracket on the way.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns something other than one real number, if ``a``
        or ``b`` is not a real number, if ``steps`` is not an integer, or if both ``tol``
        and ``steps`` are given.
    ValueError
        If ``a`` or ``b`` is not finite, ``a >= b``, ``f(a)`` and ``f(b)`` have the same
        sign, ``tol`` is not positive, or ``tol`` is finer than floating point can
        resolve near the root.
    DomainError
        If ``f`` is NaN or infinite at an end or at a midpoint.

    Examples
    --------
    >>> import math
    >>> from calcnotes.roots import bisect
    >>> result = bisect(math.cos, 1.0, 2.0, steps=20)
    >>> result.steps, result.bound
    (20, 4.76837158203125e-07)
    >>> abs(result.root - math.pi / 2) <= result.bound
    True

    Without a change of sign there is nothing to bracket:

    >>> bisect(lambda x: x**2 + 1, -1.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: f(a) = 2.0 and f(b) = 2.0 have the same sign: bisection needs f(a) and f(b) of opposite signs
    """
    require_callable(f)
    lo, hi = _end(a, "a"), _end(b, "b")
    if not lo < hi:
        raise ValueError(f"the bracket needs a < b, got a = {lo!r} and b = {hi!r}")
    if tol is not None and steps is not None:
        raise TypeError("give tol or steps, not both")
    limit = require_count(steps, "steps") if steps is not None else None
    wanted = require_positive(tol, "tol") if tol is not None else 1e-12
    sign_lo, sign_hi = _sign(f, lo), _sign(f, hi)
    brackets = [(lo, hi)]

    def done(root: float, bound: float) -> Bisection:
        return Bisection(root, bound, len(brackets) - 1, np.array(brackets, dtype=np.float64))

    if sign_lo == 0:
        brackets.append((lo, lo))
        return done(lo, 0.0)
    if sign_hi == 0:
        brackets.append((hi, hi))
        return done(hi, 0.0)
    if sign_lo == sign_hi:
        raise ValueError(
            f"f(a) = {float(np.asarray(f(lo)))!r} and f(b) = {float(np.asarray(f(hi)))!r} have"
            " the same sign: bisection needs f(a) and f(b) of opposite signs"
        )
    while True:
        taken = len(brackets) - 1
        if limit is not None and taken == limit:
            break
        if limit is None and (hi - lo) / 2 <= wanted:
            break
        mid = lo + (hi - lo) / 2
        if not lo < mid < hi:  # the bracket holds two neighbouring floats
            if limit is None:
                raise ValueError(
                    f"tol = {wanted!r} is finer than floating point resolves near {mid!r};"
                    f" the best bound there is {(hi - lo) / 2!r}"
                )
            raise ValueError(
                f"steps = {limit} halvings are more than floating point resolves near {mid!r}"
                f" (it stalls after {taken})"
            )
        sign_mid = _sign(f, mid)
        if sign_mid == 0:
            brackets.append((mid, mid))
            return done(mid, 0.0)
        if sign_mid == sign_lo:
            lo = mid
        else:
            hi = mid
        brackets.append((lo, hi))
    return done(lo + (hi - lo) / 2, (hi - lo) / 2)
