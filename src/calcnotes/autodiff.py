"""Reverse-mode automatic differentiation (backpropagation) on scalars.

A :class:`Value` is a number that remembers how it was computed: each operation makes a
new node of a computational graph holding its result, its inputs, and the local derivative
of the result with respect to each input, evaluated on the way forward.
:meth:`Value.backward` then walks the graph once, from the output back to the inputs, in
reverse topological order, and applies the chain rule at every node: the gradient of the
output with respect to a node is the sum, over the nodes that use it, of their gradient
times the local derivative. One backward pass yields the derivative of a scalar output
with respect to every input at once, which is why training a model with millions of
parameters can afford it.

The local derivatives come from the same rules as forward mode (:mod:`calcnotes.dual`).
Errors are loud: ``TypeError`` for an operand that is not a number or a ``Value``,
:class:`~calcnotes.errors.DomainError` outside a function's domain, ``OverflowError`` when a
number is too large for a float; never NaN.

Examples
--------
>>> from calcnotes.autodiff import Value, grad, sin
>>> x, y = Value(2.0, "x"), Value(3.0, "y")
>>> f = x * y + sin(x)
>>> f.backward()
>>> round(x.grad, 12), y.grad            # y + cos x, and x
(2.583853163453, 2.0)
>>> grad(lambda a, b: a * a * b, 3.0, 2.0)
(12.0, 9.0)
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
    "Value",
    "cos",
    "exp",
    "grad",
    "log",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "tanh",
    "topological_order",
]

Rule = Callable[[float], tuple[float, float]]


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


class Value:
    """A scalar that records the computational graph it is part of.

    Parameters
    ----------
    data : float
        The number.
    label : str, optional
        A name for the node (``"x"``, ``"w1"``), shown by ``repr`` and by graph drawings.

    Attributes
    ----------
    data : float
        The number computed at this node.
    grad : float
        The derivative of the output last passed to :meth:`backward` with respect to this
        node; ``0.0`` before any backward pass.
    parents : tuple of (Value, float)
        The inputs of the operation that made this node, each with the local derivative of
        this node with respect to it. Empty for an input (a leaf).
    op : str
        The operation that made this node (``"+"``, ``"*"``, ``"exp"``, ...), or ``""`` for
        a leaf.
    label : str
        The node's name, or ``""``.

    Raises
    ------
    TypeError
        If ``data`` is not a real number.
    ValueError
        If ``data`` is NaN or infinite.

    Examples
    --------
    >>> from calcnotes.autodiff import Value
    >>> x = Value(3.0, "x")
    >>> y = x * x + x            # x is used three times: the gradients add up
    >>> y.backward()
    >>> y.data, x.grad
    (12.0, 7.0)
    >>> x + "1"
    Traceback (most recent call last):
    ...
    TypeError: unsupported operand type(s) for +: 'Value' and 'str'
    """

    __slots__ = ("data", "grad", "label", "op", "parents")

    def __init__(self, data: float, label: str = "") -> None:
        self.data = as_constant(data, "the data of a Value")
        self.grad = 0.0
        self.parents: tuple[tuple[Value, float], ...] = ()
        self.op = ""
        self.label = str(label)

    def __repr__(self) -> str:
        name = f", label={self.label!r}" if self.label else ""
        return f"Value({self.data!r}{name}, grad={self.grad!r})"

    @staticmethod
    def _node(data: float, op: str, *parents: tuple[Value, float]) -> Value:
        node = Value(finite(data, op))
        node.op = op
        node.parents = tuple((p, finite(d, f"the derivative of {op}")) for p, d in parents)
        return node

    @staticmethod
    def _lift(other: object) -> Value | None:
        if isinstance(other, Value):
            return other
        if _is_number(other):
            return Value(as_constant(other, "a constant"))
        return None

    def _apply(self, rule: Rule) -> Value:
        value, slope = rule(self.data)
        return Value._node(value, rule.__name__.removesuffix("_rule"), (self, slope))

    # arithmetic: each node stores the local derivative with respect to each input

    def __add__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        return Value._node(self.data + o.data, "+", (self, 1.0), (o, 1.0))

    __radd__ = __add__

    def __neg__(self) -> Value:
        return Value._node(-self.data, "neg", (self, -1.0))

    def __pos__(self) -> Value:
        return self

    def __sub__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        return Value._node(self.data - o.data, "-", (self, 1.0), (o, -1.0))

    def __rsub__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        return o - self

    def __mul__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        return Value._node(self.data * o.data, "*", (self, o.data), (o, self.data))

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        q = quotient(self.data, o.data)
        return Value._node(q, "/", (self, 1.0 / o.data), (o, -quotient(q, o.data)))

    def __rtruediv__(self, other: object) -> Value:
        o = Value._lift(other)
        if o is None:
            return NotImplemented
        return o / self

    def __pow__(self, other: object) -> Value:
        if isinstance(other, Value):  # x**y = exp(y ln x), for x > 0
            return (other * self.log()).exp()
        if _is_number(other):
            value, slope = power_rule(self.data, as_constant(other, "the exponent"))
            return Value._node(value, "**", (self, slope))
        return NotImplemented

    def __rpow__(self, other: object) -> Value:
        if _is_number(other):
            value, slope = exponential_rule(as_constant(other, "the base"), self.data)
            return Value._node(value, "**", (self, slope))
        return NotImplemented

    # elementary functions as methods, so x.exp() works as well as exp(x)

    def exp(self) -> Value:
        """``exp`` of this node; local derivative ``exp(x)``."""
        return self._apply(exp_rule)

    def log(self) -> Value:
        """``ln`` of this node; local derivative ``1/x``; ``x`` must be positive."""
        return self._apply(log_rule)

    def sqrt(self) -> Value:
        """``sqrt`` of this node; local derivative ``1/(2 sqrt x)``; ``x`` must be positive."""
        return self._apply(sqrt_rule)

    def sin(self) -> Value:
        """``sin`` of this node; local derivative ``cos x``."""
        return self._apply(sin_rule)

    def cos(self) -> Value:
        """``cos`` of this node; local derivative ``-sin x``."""
        return self._apply(cos_rule)

    def tanh(self) -> Value:
        """``tanh`` of this node; local derivative ``1 - tanh² x``."""
        return self._apply(tanh_rule)

    def sigmoid(self) -> Value:
        """``σ`` of this node; local derivative ``σ(x)(1 - σ(x))``."""
        return self._apply(sigmoid_rule)

    def relu(self) -> Value:
        """``max(x, 0)`` of this node; local derivative ``1`` for ``x > 0``, else ``0``."""
        return self._apply(relu_rule)

    def backward(self) -> None:
        """Backpropagate from this node: set ``grad`` of every node of its graph.

        Every node's ``grad`` is first reset to 0, this node's is set to 1, and the nodes
        are visited in reverse topological order (each after all the nodes that use it),
        each adding ``grad × local derivative`` to the ``grad`` of its inputs. A node used
        several times receives one contribution per use: the sum of the chain rule over
        all paths. Calling ``backward`` again gives the same gradients (they do not pile
        up across calls).

        Examples
        --------
        >>> from calcnotes.autodiff import Value
        >>> a = Value(2.0)
        >>> b = a * a            # b = a^2
        >>> c = b * b + b        # c = a^4 + a^2, with b shared
        >>> c.backward()
        >>> a.grad               # 4a^3 + 2a
        36.0
        >>> c.backward()
        >>> a.grad
        36.0
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in node.parents:
                parent.grad = finite(parent.grad + node.grad * local, "a gradient")


def _elementary(x: Value | float, rule: Rule, name: str) -> Value | float:
    if isinstance(x, Value):
        return x._apply(rule)
    if _is_number(x):
        return rule(as_constant(x, "x"))[0]
    raise TypeError(f"{name} needs a Value or a real number, got {type(x).__name__}")


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, inputs first, each after all the nodes it uses.

    The walk is iterative, so a deep graph (a long chain of operations) does not hit
    Python's recursion limit.

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    list of Value
        The nodes of the graph, each exactly once, ending with ``root``.

    Raises
    ------
    TypeError
        If ``root`` is not a ``Value``.

    Examples
    --------
    >>> from calcnotes.autodiff import Value, topological_order
    >>> x = Value(1.0, "x")
    >>> y = x * 2
    >>> z = y + x
    >>> [node.op or node.label or node.data for node in topological_order(z)]
    ['x', 2.0, '*', '+']
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent, _ in reversed(node.parents):
            if id(parent) not in seen:
                stack.append((parent, False))
    return order


@overload
def exp(x: Value) -> Value: ...
@overload
def exp(x: float) -> float: ...
def exp(x: Value | float) -> Value | float:
    """The exponential of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument.

    Returns
    -------
    Value or float
        ``exp(x)``; as a node, with local derivative ``exp(x)``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.
    OverflowError
        If ``exp(x)`` is too large for a float.

    Examples
    --------
    >>> from calcnotes.autodiff import Value, exp
    >>> x = Value(0.0)
    >>> y = exp(2 * x)
    >>> y.backward()
    >>> y.data, x.grad
    (1.0, 2.0)
    """
    return _elementary(x, exp_rule, "exp")


@overload
def log(x: Value) -> Value: ...
@overload
def log(x: float) -> float: ...
def log(x: Value | float) -> Value | float:
    """The natural logarithm of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument; it must be positive.

    Returns
    -------
    Value or float
        ``ln(x)``; as a node, with local derivative ``1/x``.

    Raises
    ------
    DomainError
        If ``x`` is zero or negative.
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import Value, log
    >>> log(Value(0.0))
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: log is defined for positive numbers only, got 0.0
    """
    return _elementary(x, log_rule, "log")


@overload
def sqrt(x: Value) -> Value: ...
@overload
def sqrt(x: float) -> float: ...
def sqrt(x: Value | float) -> Value | float:
    """The square root of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument; it must be positive (at 0 the slope is infinite).

    Returns
    -------
    Value or float
        ``sqrt(x)``; as a node, with local derivative ``1/(2 sqrt x)``.

    Raises
    ------
    DomainError
        If ``x`` is zero or negative.
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, sqrt
    >>> grad(sqrt, 4.0)
    (0.25,)
    """
    return _elementary(x, sqrt_rule, "sqrt")


@overload
def sin(x: Value) -> Value: ...
@overload
def sin(x: float) -> float: ...
def sin(x: Value | float) -> Value | float:
    """The sine of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument, in radians.

    Returns
    -------
    Value or float
        ``sin(x)``; as a node, with local derivative ``cos x``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, sin
    >>> grad(sin, 0.0)
    (1.0,)
    """
    return _elementary(x, sin_rule, "sin")


@overload
def cos(x: Value) -> Value: ...
@overload
def cos(x: float) -> float: ...
def cos(x: Value | float) -> Value | float:
    """The cosine of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument, in radians.

    Returns
    -------
    Value or float
        ``cos(x)``; as a node, with local derivative ``-sin x``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, cos
    >>> round(grad(cos, 1.0)[0], 6)          # -sin 1
    -0.841471
    """
    return _elementary(x, cos_rule, "cos")


@overload
def tanh(x: Value) -> Value: ...
@overload
def tanh(x: float) -> float: ...
def tanh(x: Value | float) -> Value | float:
    """The hyperbolic tangent of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument.

    Returns
    -------
    Value or float
        ``tanh(x)``; as a node, with local derivative ``1 - tanh² x``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, tanh
    >>> grad(tanh, 0.0)
    (1.0,)
    """
    return _elementary(x, tanh_rule, "tanh")


@overload
def sigmoid(x: Value) -> Value: ...
@overload
def sigmoid(x: float) -> float: ...
def sigmoid(x: Value | float) -> Value | float:
    """The logistic sigmoid of a ``Value`` (a new node) or of a plain number.

    Parameters
    ----------
    x : Value or float
        The argument.

    Returns
    -------
    Value or float
        ``σ(x)``; as a node, with local derivative ``σ(x)(1 - σ(x))``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, sigmoid
    >>> grad(sigmoid, 0.0)
    (0.25,)
    """
    return _elementary(x, sigmoid_rule, "sigmoid")


@overload
def relu(x: Value) -> Value: ...
@overload
def relu(x: float) -> float: ...
def relu(x: Value | float) -> Value | float:
    """The rectified linear unit ``max(x, 0)`` of a ``Value`` (a new node) or of a number.

    ReLU has no derivative at 0; the slope 0 is used there, as in
    :func:`calcnotes.activations.relu_derivative`.

    Parameters
    ----------
    x : Value or float
        The argument.

    Returns
    -------
    Value or float
        ``max(x, 0)``; as a node, with local derivative ``1`` for ``x > 0``, else ``0``.

    Raises
    ------
    TypeError
        If ``x`` is neither a ``Value`` nor a real number.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, relu
    >>> grad(relu, 2.0), grad(relu, -2.0)
    ((1.0,), (0.0,))
    """
    return _elementary(x, relu_rule, "relu")


def grad(f: Callable[..., object], *args: float) -> tuple[float, ...]:
    """The gradient of a scalar function of several variables, by one backward pass.

    Each coordinate becomes a leaf ``Value``; ``f`` builds the graph of its output on the
    way forward, and one call of :meth:`Value.backward` gives every partial derivative.

    Parameters
    ----------
    f : callable
        A scalar function of ``len(args)`` variables, written with the operators and the
        functions of this module.
    *args : float
        The point; at least one coordinate.

    Returns
    -------
    tuple of float
        ``(∂f/∂x_1, ..., ∂f/∂x_n)`` at the point.

    Raises
    ------
    TypeError
        If ``f`` is not callable, a coordinate is not a real number, no coordinate is
        given, or ``f`` returns something other than a ``Value`` or a number (it used
        ``math.exp`` instead of this module's ``exp``, for instance).
    ValueError
        If a coordinate is NaN or infinite.
    DomainError
        If ``f`` leaves its domain at the point.

    Examples
    --------
    >>> from calcnotes.autodiff import grad, exp
    >>> grad(lambda x, y: x * exp(y), 2.0, 0.0)
    (1.0, 2.0)
    >>> grad(lambda x: 5.0, 1.0)          # a constant: every partial is 0
    (0.0,)
    """
    require_callable(f)
    if not args:
        raise TypeError("grad needs at least one coordinate")
    leaves = [Value(as_constant(a, f"coordinate {i}")) for i, a in enumerate(args)]
    out = f(*leaves)
    if isinstance(out, Value):
        out.backward()
        return tuple(leaf.grad for leaf in leaves)
    if _is_number(out):
        as_constant(out, "f(x)")
        return tuple(0.0 for _ in leaves)
    raise TypeError(f"f must return a Value or a real number, got {type(out).__name__}")
