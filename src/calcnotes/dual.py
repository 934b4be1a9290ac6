"""Forward-mode automatic differentiation with dual numbers ``a + b ε``, where ``ε² = 0``.

A dual number carries a value and a derivative side by side. Arithmetic on dual numbers
follows from ``ε² = 0``: ``(a + bε)(c + dε) = ac + (ad + bc)ε``, which is the product
rule, and every elementary function obeys ``f(a + bε) = f(a) + f'(a) b ε``, which is the
chain rule. Evaluating a function at ``x + 1ε`` therefore returns ``f(x) + f'(x) ε``: the
exact derivative (up to rounding), computed in one pass alongside the value.

Errors are loud: an operand that is not a number raises ``TypeError``; a point outside a
function's domain (``log`` of a non-positive number, division by zero) raises
:class:`~calcnotes.errors.DomainError`; an overflow raises ``OverflowError``. No operation
returns NaN or infinity.

Examples
--------
>>> from calcnotes.dual import Dual, forward_derivative, sin
>>> x = Dual(2.0, 1.0)            # the point 2, seeded with dx/dx = 1
>>> x * x * x                     # x^3 and its derivative 3x^2 at 2
Dual(8.0, 12.0)
>>> round(forward_derivative(lambda t: t * sin(t), 0.5), 12)   # sin t + t cos t
0.918216819549
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import overload

from calcnotes._elementary import (
    as_constant,
    cos_rule,
    exp_rule,
    exponential_rule,
    finite,
    log_rule,
    power_rule,
    quotient,
    relu_rule,
    sigmoid_rule,
    sin_rule,
    sqrt_rule,
    tanh_rule,
)
from calcnotes._validation import require_callable

__all__ = [
    "Dual",
    "cos",
    "exp",
    "forward_derivative",
    "forward_gradient",
    "log",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "tanh",
]

Rule = Callable[[float], tuple[float, float]]


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


class Dual:
    """A dual number ``value + derivative·ε`` with ``ε² = 0``.

    Parameters
    ----------
    value : float
        The real part ``a``: the value of the quantity.
    derivative : float, optional
        The ``ε`` part ``b``: its derivative with respect to the seeded input (default 0,
        a constant).

    Raises
    ------
    TypeError
        If a part is not a real number.
    ValueError
        If a part is NaN or infinite.

    Examples
    --------
    >>> from calcnotes.dual import Dual
    >>> eps = Dual(0.0, 1.0)
    >>> eps * eps                     # ε² = 0
    Dual(0.0, 0.0)
    >>> (Dual(3.0, 1.0) + 2) / Dual(2.0, 0.0)
    Dual(2.5, 0.5)
    >>> Dual(1.0) + "1"
    Traceback (most recent call last):
    ...
    TypeError: unsupported operand type(s) for +: 'Dual' and 'str'
    """

    __slots__ = ("derivative", "value")

    def __init__(self, value: float, derivative: float = 0.0) -> None:
        self.value = as_constant(value, "the value of a dual number")
        self.derivative = as_constant(derivative, "the derivative of a dual number")

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, {self.derivative!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Dual):
            return self.value == other.value and self.derivative == other.derivative
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.value, self.derivative))

    @staticmethod
    def _make(value: float, derivative: float, what: str) -> Dual:
        return Dual(finite(value, what), finite(derivative, f"the derivative of {what}"))

    def _apply(self, rule: Rule) -> Dual:
        value, slope = rule(self.value)
        return Dual._make(value, slope * self.derivative, rule.__name__.removesuffix("_rule"))

    # arithmetic: each line is a rule of differentiation, written for a + bε

    def __add__(self, other: object) -> Dual:
        if isinstance(other, Dual):
            return Dual._make(self.value + other.value, self.derivative + other.derivative, "+")
        if _is_number(other):
            return Dual._make(self.value + as_constant(other), self.derivative, "+")
        return NotImplemented

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.derivative)

    def __pos__(self) -> Dual:
        return self

    def __sub__(self, other: object) -> Dual:
        if isinstance(other, Dual) or _is_number(other):
            return self + (-other)  # type: ignore[operator]
        return NotImplemented

    def __rsub__(self, other: object) -> Dual:
        if _is_number(other):
            return (-self) + other
        return NotImplemented

    def __mul__(self, other: object) -> Dual:
        if isinstance(other, Dual):  # (a + bε)(c + dε) = ac + (ad + bc)ε
            return Dual._make(
                self.value * other.value,
                self.value * other.derivative + self.derivative * other.value,
                "*",
            )
        if _is_number(other):
            c = as_constant(other)
            return Dual._make(self.value * c, self.derivative * c, "*")
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Dual:
        if isinstance(other, Dual):  # (a + bε)/(c + dε) = a/c + (bc - ad)/c² ε
            c = other.value
            return Dual._make(
                quotient(self.value, c),
                quotient(self.derivative * c - self.value * other.derivative, c * c),
                "/",
            )
        if _is_number(other):
            c = as_constant(other)
            return Dual._make(quotient(self.value, c), quotient(self.derivative, c), "/")
        return NotImplemented

    def __rtruediv__(self, other: object) -> Dual:
        if _is_number(other):
            return Dual(as_constant(other)) / self
        return NotImplemented

    def __pow__(self, other: object) -> Dual:
        if isinstance(other, Dual):  # x**y = exp(y ln x), for x > 0
            return (other * self.log()).exp()
        if _is_number(other):
            value, slope = power_rule(self.value, as_constant(other, "the exponent"))
            return Dual._make(value, slope * self.derivative, "**")
        return NotImplemented

    def __rpow__(self, other: object) -> Dual:
        if _is_number(other):
            value, slope = exponential_rule(as_constant(other, "the base"), self.value)
            return Dual._make(value, slope * self.derivative, "**")
        return NotImplemented

    # elementary functions as methods, so x.exp() works as well as exp(x)

    def exp(self) -> Dual:
        """``exp(a + bε) = e^a + e^a b ε``."""
        return self._apply(exp_rule)

    def log(self) -> Dual:
        """``ln(a + bε) = ln a + (b/a) ε``; ``a`` must be positive."""
        return self._apply(log_rule)

    def sqrt(self) -> Dual:
        """``sqrt(a + bε) = sqrt(a) + b/(2 sqrt a) ε``; ``a`` must be positive."""
        return self._apply(sqrt_rule)

    def sin(self) -> Dual:
        """``sin(a + bε) = sin a + (cos a) b ε``."""
        return self._apply(sin_rule)

    def cos(self) -> Dual:
        """``cos(a + bε) = cos a - (sin a) b ε``."""
        return self._apply(cos_rule)

    def tanh(self) -> Dual:
        """``tanh(a + bε) = tanh a + (1 - tanh² a) b ε``."""
        return self._apply(tanh_rule)

    def sigmoid(self) -> Dual:
        """``σ(a + bε) = σ(a) + σ(a)(1 - σ(a)) b ε``."""
        return self._apply(sigmoid_rule)

    def relu(self) -> Dual:
        """``relu(a + bε) = max(a, 0) + [a > 0] b ε`` (slope 0 at the corner)."""
        return self._apply(relu_rule)


def _elementary(x: Dual | float, rule: Rule, name: str) -> Dual | float:
    if isinstance(x, Dual):
        return x._apply(rule)
    if _is_number(x):
        return rule(as_constant(x, "x"))[0]
    raise TypeError(f"{name} needs a Dual or a real number, got {type(x).__name__}")


@overload
def exp(x: Dual) -> Dual: ...
@overload
def exp(x: float) -> float: ...
def exp(x: Dual | float) -> Dual | float:
    """The exponential of a dual number (or of a plain number).

    Parameters
    ----------
    x : Dual or float
        The argument.

    Returns
    -------
    Dual or float
        ``exp(x)``, with derivative ``exp(a) b`` for ``x = a + bε``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.
    OverflowError
        If ``exp(a)`` is too large for a float.

    Examples
    --------
    >>> from calcnotes.dual import Dual, exp
    >>> exp(Dual(0.0, 1.0))
    Dual(1.0, 1.0)
    >>> exp(0.0)
    1.0
    """
    return _elementary(x, exp_rule, "exp")


@overload
def log(x: Dual) -> Dual: ...
@overload
def log(x: float) -> float: ...
def log(x: Dual | float) -> Dual | float:
    """The natural logarithm of a dual number (or of a plain number).

    Parameters
    ----------
    x : Dual or float
        The argument; its value must be positive.

    Returns
    -------
    Dual or float
        ``ln(x)``, with derivative ``b / a`` for ``x = a + bε``.

    Raises
    ------
    DomainError
        If the value of ``x`` is zero or negative.
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, log
    >>> log(Dual(2.0, 1.0))
    Dual(0.6931471805599453, 0.5)
    >>> log(Dual(-1.0, 1.0))
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: log is defined for positive numbers only, got -1.0
    """
    return _elementary(x, log_rule, "log")


@overload
def sqrt(x: Dual) -> Dual: ...
@overload
def sqrt(x: float) -> float: ...
def sqrt(x: Dual | float) -> Dual | float:
    """The square root of a dual number (or of a plain number); the value must be positive.

    Parameters
    ----------
    x : Dual or float
        The argument.

    Returns
    -------
    Dual or float
        ``sqrt(x)``, with derivative ``b / (2 sqrt a)``.

    Raises
    ------
    DomainError
        If the value of ``x`` is zero (infinite slope) or negative.
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, sqrt
    >>> sqrt(Dual(9.0, 1.0))
    Dual(3.0, 0.16666666666666666)
    """
    return _elementary(x, sqrt_rule, "sqrt")


@overload
def sin(x: Dual) -> Dual: ...
@overload
def sin(x: float) -> float: ...
def sin(x: Dual | float) -> Dual | float:
    """The sine of a dual number (or of a plain number).

    Parameters
    ----------
    x : Dual or float
        The argument, in radians.

    Returns
    -------
    Dual or float
        ``sin(x)``, with derivative ``cos(a) b``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, sin
    >>> sin(Dual(0.0, 1.0))
    Dual(0.0, 1.0)
    """
    return _elementary(x, sin_rule, "sin")


@overload
def cos(x: Dual) -> Dual: ...
@overload
def cos(x: float) -> float: ...
def cos(x: Dual | float) -> Dual | float:
    """The cosine of a dual number (or of a plain number).

    Parameters
    ----------
    x : Dual or float
        The argument, in radians.

    Returns
    -------
    Dual or float
        ``cos(x)``, with derivative ``-sin(a) b``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, cos
    >>> cos(Dual(0.0, 1.0))
    Dual(1.0, -0.0)
    """
    return _elementary(x, cos_rule, "cos")


@overload
def tanh(x: Dual) -> Dual: ...
@overload
def tanh(x: float) -> float: ...
def tanh(x: Dual | float) -> Dual | float:
    """The hyperbolic tangent of a dual number (or of a plain number).

    Parameters
    ----------
    x : Dual or float
        The argument.

    Returns
    -------
    Dual or float
        ``tanh(x)``, with derivative ``(1 - tanh² a) b``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, tanh
    >>> tanh(Dual(0.0, 2.0))
    Dual(0.0, 2.0)
    """
    return _elementary(x, tanh_rule, "tanh")


@overload
def sigmoid(x: Dual) -> Dual: ...
@overload
def sigmoid(x: float) -> float: ...
def sigmoid(x: Dual | float) -> Dual | float:
    """The logistic sigmoid of a dual number (or of a plain number), without overflow.

    Parameters
    ----------
    x : Dual or float
        The argument.

    Returns
    -------
    Dual or float
        ``σ(x)``, with derivative ``σ(a)(1 - σ(a)) b``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, sigmoid
    >>> sigmoid(Dual(0.0, 1.0))
    Dual(0.5, 0.25)
    """
    return _elementary(x, sigmoid_rule, "sigmoid")


@overload
def relu(x: Dual) -> Dual: ...
@overload
def relu(x: float) -> float: ...
def relu(x: Dual | float) -> Dual | float:
    """The rectified linear unit ``max(x, 0)`` of a dual number (or of a plain number).

    ReLU has no derivative at ``0``; the slope ``0`` is used there, as in
    :func:`calcnotes.activations.relu_derivative`.

    Parameters
    ----------
    x : Dual or float
        The argument.

    Returns
    -------
    Dual or float
        ``max(a, 0)``, with derivative ``b`` where ``a > 0`` and ``0`` elsewhere.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Dual`` nor a real number.

    Examples
    --------
    >>> from calcnotes.dual import Dual, relu
    >>> relu(Dual(2.0, 1.0)), relu(Dual(-2.0, 1.0))
    (Dual(2.0, 1.0), Dual(0.0, 0.0))
    """
    return _elementary(x, relu_rule, "relu")


def _derivative_part(result: object) -> float:
    if isinstance(result, Dual):
        return result.derivative
    if _is_number(result):  # f ignored its argument: a constant has slope 0
        as_constant(result, "f(x)")
        return 0.0
    raise TypeError(f"f must return a Dual or a real number, got {type(result).__name__}")


def forward_derivative(f: Callable[[Dual], object], x: float) -> float:
    """The derivative ``f'(x)`` by forward mode: evaluate ``f(x + 1ε)`` and read off ``ε``.

    Parameters
    ----------
    f : callable
        A function of one variable written with the operators and the functions of this
        module (``exp``, ``log``, ``sin``, ``cos``, ``tanh``, ``sigmoid``, ``relu``, ``sqrt``).
    x : float
        The point.

    Returns
    -------
    float
        ``f'(x)``, exact up to rounding.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not a real number, or ``f`` returns something
        other than a ``Dual`` or a number (it used ``math.sin`` instead of this module's
        ``sin``, for instance).
    ValueError
        If ``x`` is NaN or infinite.
    DomainError
        If ``f`` leaves its domain at ``x``.

    Examples
    --------
    >>> from calcnotes.dual import exp, forward_derivative, sigmoid
    >>> forward_derivative(sigmoid, 0.0)
    0.25
    >>> forward_derivative(lambda x: exp(2 * x), 0.0)
    2.0
    >>> forward_derivative(lambda x: 3.0, 1.0)
    0.0
    """
    require_callable(f)
    return _derivative_part(f(Dual(as_constant(x, "x"), 1.0)))


def forward_gradient(f: Callable[..., object], *args: float) -> tuple[float, ...]:
    """The gradient of ``f(x_1, ..., x_n)`` by forward mode: one pass per variable.

    Pass ``i`` seeds ``x_i`` with derivative 1 and the others with 0, and reads off the
    partial derivative ``∂f/∂x_i``; a gradient of ``n`` variables costs ``n`` evaluations
    of ``f``. Reverse mode (:func:`calcnotes.autodiff.grad`) gets all of them from one.

    Parameters
    ----------
    f : callable
        A scalar function of ``len(args)`` variables, written with this module's operations.
    *args : float
        The point; at least one coordinate.

    Returns
    -------
    tuple of float
        The partial derivatives, in the order of ``args``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, a coordinate is not a real number, no coordinate is
        given, or ``f`` returns something other than a ``Dual`` or a number.
    ValueError
        If a coordinate is NaN or infinite.
    DomainError
        If ``f`` leaves its domain at the point.

    Examples
    --------
    >>> from calcnotes.dual import forward_gradient
    >>> forward_gradient(lambda x, y: x * x * y, 3.0, 2.0)
    (12.0, 9.0)
    """
    require_callable(f)
    if not args:
        raise TypeError("forward_gradient needs at least one coordinate")
    point = [as_constant(a, f"coordinate {i}") for i, a in enumerate(args)]
    partials = []
    for i in range(len(point)):
        seeded = [Dual(v, 1.0 if j == i else 0.0) for j, v in enumerate(point)]
        partials.append(_derivative_part(f(*seeded)))
    return tuple(partials)
