"""Local derivative rules shared by forward and reverse mode: value and slope at a point.

Automatic differentiation needs, for each elementary operation, its value and its
derivative at a number. Both :mod:`calcnotes.dual` (forward mode) and
:mod:`calcnotes.autodiff` (reverse mode) take them from here, so the two modes cannot
disagree on a rule, and both refuse a point outside a function's domain in the same words.
Every rule returns a pair ``(value, slope)`` of finite floats or raises: ``DomainError``
outside the domain (or where the derivative does not exist), ``OverflowError`` when a
result is too large for a float. No rule returns NaN or infinity.

Examples
--------
>>> from calcnotes._elementary import log_rule, power_rule
>>> log_rule(1.0)
(0.0, 1.0)
>>> power_rule(3.0, 2)
(9.0, 6.0)
"""

from __future__ import annotations

import math
import numbers

from calcnotes.errors import DomainError

__all__ = [
    "as_constant",
    "cos_rule",
    "exp_rule",
    "exponential_rule",
    "finite",
    "log_rule",
    "power_rule",
    "quotient",
    "relu_rule",
    "sigmoid_rule",
    "sin_rule",
    "sqrt_rule",
    "tanh_rule",
]


def as_constant(value: object, name: str = "value") -> float:
    """Check that ``value`` is a finite real number (not a bool) and return it as a float.

    Parameters
    ----------
    value : object
        A Python or NumPy real number.
    name : str, optional
        What the value is, for the error message.

    Returns
    -------
    float
        ``value`` as a float.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (``True``, a string, a complex number).
    ValueError
        If ``value`` is NaN or infinite.

    Examples
    --------
    >>> from calcnotes._elementary import as_constant
    >>> as_constant(2)
    2.0
    >>> as_constant("2")
    Traceback (most recent call last):
    ...
    TypeError: value must be a real number, got str
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number!r}")
    return number


def finite(value: float, what: str) -> float:
    """Return ``value`` if it is finite; otherwise raise ``OverflowError`` naming ``what``.

    Parameters
    ----------
    value : float
        A computed result.
    what : str
        The operation that produced it, for the error message.

    Returns
    -------
    float
        ``value`` unchanged.

    Raises
    ------
    OverflowError
        If ``value`` is infinite or NaN (an overflow such as ``inf - inf`` upstream).

    Examples
    --------
    >>> from calcnotes._elementary import finite
    >>> finite(1.5, "x * y")
    1.5
    >>> finite(float("inf"), "x * y")
    Traceback (most recent call last):
    ...
    OverflowError: x * y overflowed (the result is too large for a float)
    """
    if not math.isfinite(value):
        raise OverflowError(f"{what} overflowed (the result is too large for a float)")
    return value


def _pair(value: float, slope: float, what: str) -> tuple[float, float]:
    return finite(value, what), finite(slope, f"the derivative of {what}")


def exp_rule(v: float) -> tuple[float, float]:
    """``exp`` and its derivative ``exp`` at ``v``.

    Examples
    --------
    >>> from calcnotes._elementary import exp_rule
    >>> exp_rule(0.0)
    (1.0, 1.0)
    """
    try:
        e = math.exp(v)
    except OverflowError:
        raise OverflowError(
            f"exp({v!r}) overflowed (the result is too large for a float)"
        ) from None
    return _pair(e, e, f"exp({v!r})")


def log_rule(v: float) -> tuple[float, float]:
    """``ln`` and its derivative ``1/v``; ``v`` must be positive.

    Raises
    ------
    DomainError
        If ``v <= 0``.

    Examples
    --------
    >>> from calcnotes._elementary import log_rule
    >>> log_rule(2.0)[1]
    0.5
    >>> log_rule(0.0)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: log is defined for positive numbers only, got 0.0
    """
    if v <= 0:
        raise DomainError(f"log is defined for positive numbers only, got {v!r}")
    return _pair(math.log(v), 1.0 / v, f"log({v!r})")


def sqrt_rule(v: float) -> tuple[float, float]:
    """``sqrt`` and its derivative ``1/(2 sqrt v)``; ``v`` must be positive.

    At ``0`` the square root is defined but its derivative is not (the slope is infinite),
    so ``0`` is refused too.

    Raises
    ------
    DomainError
        If ``v <= 0``.

    Examples
    --------
    >>> from calcnotes._elementary import sqrt_rule
    >>> sqrt_rule(4.0)
    (2.0, 0.25)
    """
    if v <= 0:
        raise DomainError(
            f"sqrt is differentiable for positive numbers only, got {v!r}"
            + (" (its slope at 0 is infinite)" if v == 0 else "")
        )
    root = math.sqrt(v)
    return _pair(root, 0.5 / root, f"sqrt({v!r})")


def sin_rule(v: float) -> tuple[float, float]:
    """``sin`` and its derivative ``cos``.

    Examples
    --------
    >>> from calcnotes._elementary import sin_rule
    >>> sin_rule(0.0)
    (0.0, 1.0)
    """
    return math.sin(v), math.cos(v)


def cos_rule(v: float) -> tuple[float, float]:
    """``cos`` and its derivative ``-sin``.

    Examples
    --------
    >>> from calcnotes._elementary import cos_rule
    >>> cos_rule(0.0)
    (1.0, -0.0)
    """
    return math.cos(v), -math.sin(v)


def tanh_rule(v: float) -> tuple[float, float]:
    """``tanh`` and its derivative ``1 - tanh^2``.

    Examples
    --------
    >>> from calcnotes._elementary import tanh_rule
    >>> tanh_rule(0.0)
    (0.0, 1.0)
    """
    t = math.tanh(v)
    return t, 1.0 - t * t


def sigmoid_rule(v: float) -> tuple[float, float]:
    """The logistic sigmoid and its derivative ``s (1 - s)``, without overflow.

    Examples
    --------
    >>> from calcnotes._elementary import sigmoid_rule
    >>> sigmoid_rule(0.0)
    (0.5, 0.25)
    >>> sigmoid_rule(-1000.0)
    (0.0, 0.0)
    """
    if v >= 0:
        s = 1.0 / (1.0 + math.exp(-v))
    else:
        e = math.exp(v)  # underflows to 0.0 for very negative v, never overflows
        s = e / (1.0 + e)
    return s, s * (1.0 - s)


def relu_rule(v: float) -> tuple[float, float]:
    """``max(v, 0)`` and its slope: ``1`` for ``v > 0`` and ``0`` for ``v <= 0``.

    ReLU has no derivative at ``0``; like :func:`calcnotes.activations.relu_derivative`
    and the deep-learning frameworks, the slope ``0`` is used there.

    Examples
    --------
    >>> from calcnotes._elementary import relu_rule
    >>> relu_rule(2.0), relu_rule(-1.0), relu_rule(0.0)
    ((2.0, 1.0), (0.0, 0.0), (0.0, 0.0))
    """
    return (v, 1.0) if v > 0 else (0.0, 0.0)


def power_rule(v: float, n: float) -> tuple[float, float]:
    """``v**n`` for a constant exponent ``n``, and its derivative ``n v**(n-1)``.

    A negative base needs an integer exponent; a zero base needs ``n >= 1`` or ``n = 0``
    (for ``0 < n < 1`` the slope at ``0`` is infinite, for ``n < 0`` the power is).

    Raises
    ------
    DomainError
        Outside those cases.
    OverflowError
        If the power or its derivative is too large for a float.

    Examples
    --------
    >>> from calcnotes._elementary import power_rule
    >>> power_rule(-2.0, 3)
    (-8.0, 12.0)
    >>> power_rule(-2.0, 0.5)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: (-2.0)**0.5 is not a real number: a negative base needs an integer exponent
    """
    what = f"({v!r})**{n!r}"
    if n == 0:
        return 1.0, 0.0
    integer = float(n).is_integer()
    if v < 0 and not integer:
        raise DomainError(f"{what} is not a real number: a negative base needs an integer exponent")
    if v == 0:
        if n < 0:
            raise DomainError(f"{what} divides by zero")
        if n < 1:
            raise DomainError(f"{what} has no derivative: the slope of x**{n!r} at 0 is infinite")
        return 0.0, (1.0 if n == 1 else 0.0)
    exponent: float | int = int(n) if integer else n
    try:
        value = v**exponent
        slope = n * v ** (exponent - 1)
    except OverflowError:
        raise OverflowError(f"{what} overflowed (the result is too large for a float)") from None
    return _pair(float(value), float(slope), what)


def exponential_rule(c: float, v: float) -> tuple[float, float]:
    """``c**v`` for a constant positive base ``c``, and its derivative ``c**v ln c``.

    Raises
    ------
    DomainError
        If ``c <= 0``.

    Examples
    --------
    >>> from calcnotes._elementary import exponential_rule
    >>> exponential_rule(2.0, 3.0)[0]
    8.0
    """
    if c <= 0:
        raise DomainError(f"{c!r}**x needs a positive base to be differentiable in x")
    try:
        value = c**v
    except OverflowError:
        raise OverflowError(
            f"{c!r}**{v!r} overflowed (the result is too large for a float)"
        ) from None
    return _pair(value, value * math.log(c), f"{c!r}**{v!r}")


def quotient(a: float, b: float) -> float:
    """``a / b``, refusing ``b == 0`` with a ``DomainError`` instead of an infinity.

    Examples
    --------
    >>> from calcnotes._elementary import quotient
    >>> quotient(1.0, 4.0)
    0.25
    >>> quotient(1.0, 0.0)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: division by zero: 1.0 / 0.0 is undefined
    """
    if b == 0:
        raise DomainError(f"division by zero: {a!r} / {b!r} is undefined")
    return finite(a / b, f"{a!r} / {b!r}")
