"""Exact derivatives with SymPy: the symbolic side of every result the book states.

Each function takes a SymPy expression (or a string SymPy can parse) and the
:class:`sympy.Symbol` to differentiate with respect to, and returns an exact SymPy
expression. The variable is treated as a *real* variable, as in a first calculus
course: ``Abs(x)`` differentiates to ``sign(x)`` and a point where the expression
is not a real number (``log(x)`` at ``x = -1``) is outside the domain.

Errors follow one scheme: a wrong *type* (a lambda instead of an expression, a
string instead of a Symbol) raises :class:`TypeError`; a wrong *value* (a negative
order, an empty interval) raises :class:`ValueError`; a point where the expression
or a derivative it needs is undefined raises :class:`calcnotes.errors.DomainError`
(a :class:`ValueError`) naming that point.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.symbolic import nth_derivative, tangent_line
>>> x = sp.Symbol("x")
>>> nth_derivative(sp.sin(x), x, 2)
-sin(x)
>>> tangent_line(x**2, x, 1)
2*x - 1
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from calcnotes._symbolic_support import (
    as_expr,
    as_point,
    is_undefined,
    kink_candidates,
    real_roots,
    real_var,
    require_interval,
    require_only,
    require_order,
    require_symbol,
    sympify,
    value_at,
)

__all__ = [
    "nth_derivative",
    "tangent_line",
    "linear_approximation",
    "taylor_polynomial",
    "implicit_derivative",
    "logarithmic_derivative",
    "mean_value_points",
]

# --------------------------------------------------------------------------- public API


def nth_derivative(expr: sp.Expr | str, var: sp.Symbol, n: int = 1) -> sp.Expr:
    """Return the derivative of order *n* of *expr* with respect to *var*.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function, e.g. ``x**3`` or ``"sin(x)"``.
    var : sympy.Symbol
        The variable of differentiation (treated as real).
    n : int
        The order, 0 or more (default 1); ``0`` returns *expr* unchanged.

    Returns
    -------
    sympy.Expr
        :math:`\\frac{d^n}{dx^n}` of *expr*, as SymPy computes it (not simplified).

    Raises
    ------
    TypeError
        If *expr* is not an expression or string, *var* is not a Symbol, or *n* is not
        an integer.
    ValueError
        If *n* is negative.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> nth_derivative(x**3, x, 2)
    6*x
    >>> nth_derivative("exp(2*x)", x, 3)
    8*exp(2*x)
    >>> nth_derivative(sp.Abs(x), x)
    sign(x)
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    n = require_order(n)
    xr = real_var(var)
    return sp.diff(f.subs(var, xr), xr, n).subs(xr, var)


def tangent_line(expr: sp.Expr | str, var: sp.Symbol, a: Any) -> sp.Expr:
    """Return the tangent line of *expr* at ``var = a``: ``f(a) + f'(a) (var - a)``, expanded.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The point of tangency (a real number, or a symbol for the general line).

    Returns
    -------
    sympy.Expr
        The line, expanded (``2*x - 1`` rather than ``1 + 2*(x - 1)``).

    Raises
    ------
    calcnotes.errors.DomainError
        If *expr* or its derivative is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> tangent_line(x**2, x, 1)
    2*x - 1
    >>> tangent_line(sp.sin(x), x, 0)
    x
    >>> tangent_line(sp.log(x), x, -1)
    Traceback (most recent call last):
    ...
    calcnotes.errors.DomainError: log(x) is undefined at x = -1 (got I*pi)
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    point = as_point(a, var)
    xr = real_var(var)
    fr = f.subs(var, xr)
    fa = value_at(fr, xr, point, str(f), var)
    slope = value_at(sp.diff(fr, xr), xr, point, f"the derivative of {f}", var)
    return sp.expand(fa + slope * (xr - point)).subs(xr, var)


def linear_approximation(expr: sp.Expr | str, var: sp.Symbol, a: Any) -> sp.Expr:
    """Return the linear approximation ``L(x) = f(a) + f'(a) (x - a)`` of *expr* near *a*.

    It is the tangent line of :func:`tangent_line` under the name used when it serves
    to estimate values of *expr* close to *a*; both return the same expanded expression.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The base point, where *expr* and its derivative are easy to evaluate.

    Returns
    -------
    sympy.Expr
        The linear polynomial ``L``.

    Raises
    ------
    calcnotes.errors.DomainError
        If *expr* or its derivative is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> L = linear_approximation(sp.sqrt(x), x, 4)
    >>> L
    x/4 + 1
    >>> L.subs(x, sp.Rational(41, 10))
    81/40
    """
    return tangent_line(expr, var, a)


def taylor_polynomial(expr: sp.Expr | str, var: sp.Symbol, a: Any, n: int) -> sp.Expr:
    """Return the Taylor polynomial of order *n* of *expr* about *a*.

    ``sum(f^(k)(a) / k! * (var - a)**k for k = 0..n)``, with the powers of
    ``(var - a)`` kept unexpanded so the structure stays visible.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function.
    var : sympy.Symbol
        Its variable.
    a : int, float or sympy.Expr
        The centre of the expansion.
    n : int
        The order (highest power), ``n >= 0``.

    Returns
    -------
    sympy.Expr
        The polynomial.

    Raises
    ------
    TypeError
        If *n* is not an integer.
    ValueError
        If *n* is negative.
    calcnotes.errors.DomainError
        If *expr* or one of its first *n* derivatives is undefined at *a*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> taylor_polynomial(sp.exp(x), x, 0, 3)
    x**3/6 + x**2/2 + x + 1
    >>> taylor_polynomial(sp.log(x), x, 1, 2)
    x - (x - 1)**2/2 - 1
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    point = as_point(a, var)
    n = require_order(n)
    xr = real_var(var)
    current = f.subs(var, xr)
    terms = []
    for k in range(n + 1):
        if k:
            current = sp.diff(current, xr)
        what = str(f) if k == 0 else f"the derivative of order {k} of {f}"
        value = value_at(current, xr, point, what, var)
        terms.append(value / sp.factorial(k) * (xr - point) ** k)
    return sp.Add(*terms).subs(xr, var)


def implicit_derivative(F: sp.Expr | sp.Eq | str, x: sp.Symbol, y: sp.Symbol) -> sp.Expr:  # noqa: N803
    """Return dy/dx for the curve ``F(x, y) = 0``, computed as ``-F_x / F_y``, simplified.

    Parameters
    ----------
    F : sympy.Expr, sympy.Eq or str
        Either an expression meaning ``F = 0``, an equation ``sp.Eq(lhs, rhs)``
        (read as ``lhs - rhs = 0``), or a string such as ``"x**2 + y**2 = 25"``.
    x, y : sympy.Symbol
        The independent and the dependent variable.

    Returns
    -------
    sympy.Expr
        The slope in terms of *x* and *y*; substitute a point of the curve to get a number.

    Raises
    ------
    TypeError
        If *F* is not an expression/equation/string or *x*, *y* are not Symbols.
    ValueError
        If *x* and *y* are the same symbol, or *F* does not depend on *y*.

    Examples
    --------
    >>> import sympy as sp
    >>> x, y = sp.symbols("x y")
    >>> slope = implicit_derivative(x**2 + y**2 - 25, x, y)
    >>> slope
    -x/y
    >>> slope.subs({x: 3, y: 4})
    -3/4
    >>> implicit_derivative(sp.Eq(x * y, 1), x, y)
    -y/x
    """
    x = require_symbol(x, "x")
    y = require_symbol(y, "y")
    if x == y:
        raise ValueError(f"x and y must be different symbols, got {x} twice")
    if isinstance(F, str) and F.count("=") == 1 and not any(op in F for op in "<>!"):
        lhs, rhs = F.split("=")
        given: object = sp.Eq(sympify(lhs, (x, y), "F"), sympify(rhs, (x, y), "F"))
    else:
        given = F
    relation = sympify(given, (x, y), "F")
    if isinstance(relation, sp.Equality):
        relation = relation.lhs - relation.rhs
    if not isinstance(relation, sp.Expr):
        raise TypeError(
            f"F must be an expression or an sp.Eq equation, got {type(relation).__name__}"
        )
    xr, yr = real_var(x), real_var(y)
    real_relation = relation.subs({x: xr, y: yr}, simultaneous=True)
    partial_y = sp.diff(real_relation, yr)
    if sp.simplify(partial_y) == 0:
        raise ValueError(f"F = {relation} does not depend on {y}: dy/dx is not determined")
    slope = sp.simplify(-sp.diff(real_relation, xr) / partial_y)
    return slope.subs({xr: x, yr: y}, simultaneous=True)


def logarithmic_derivative(expr: sp.Expr | str, var: sp.Symbol) -> sp.Expr:
    """Differentiate *expr* by logarithmic differentiation: ``y' = y * d/dx ln(y)``, simplified.

    The logarithm is expanded first (``ln(x**x) = x ln(x)``, ``ln(u v) = ln u + ln v``),
    which is what makes the method useful for variable exponents and long products.
    The result equals the ordinary derivative wherever both are defined.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function ``y``; must not be identically zero.
    var : sympy.Symbol
        Its variable.

    Returns
    -------
    sympy.Expr
        The derivative, simplified.

    Raises
    ------
    ValueError
        If *expr* is zero (its logarithm does not exist).

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> logarithmic_derivative(x**x, x)
    x**x*(log(x) + 1)
    >>> logarithmic_derivative(x**sp.sin(x), x)
    x**(sin(x) - 1)*(x*log(x)*cos(x) + sin(x))
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    if f.is_zero:
        raise ValueError("expr is zero, so ln(expr) does not exist")
    xr = real_var(var)
    y = f.subs(var, xr)
    log_derivative = sp.diff(sp.expand_log(sp.log(y), force=True), xr)
    simplified = sp.simplify(y * log_derivative)
    factored = sp.factor(simplified)
    if sp.count_ops(factored) < sp.count_ops(simplified):
        simplified = factored
    return simplified.subs(xr, var)


def mean_value_points(expr: sp.Expr | str, var: sp.Symbol, a: Any, b: Any) -> list[sp.Expr]:
    """Return every point ``c`` in the open interval (a, b) promised by the Mean Value Theorem.

    Solves ``f'(c) = (f(b) - f(a)) / (b - a)`` and keeps the real solutions strictly
    inside (a, b) at which *expr* is differentiable. When the theorem's hypotheses
    fail (``|x|`` on [-1, 2]) the list may be empty. Solutions are exact when SymPy
    can solve the equation, otherwise numerical ``Float`` roots (15 digits) found by
    sign changes on a fine grid.

    Parameters
    ----------
    expr : sympy.Expr or str
        The function ``f``.
    var : sympy.Symbol
        Its variable.
    a, b : int, float or sympy.Expr
        The interval ends, real numbers with ``a < b``.

    Returns
    -------
    list of sympy.Expr
        The points ``c``, in increasing order.

    Raises
    ------
    ValueError
        If ``a >= b``, *expr* has symbols other than *var*, or the slope equation holds
        on a whole sub-interval (e.g. *expr* is linear, so every point works).
    calcnotes.errors.DomainError
        If *expr* is undefined at *a* or *b*.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> mean_value_points(x**2, x, 0, 2)
    [1]
    >>> mean_value_points(x**3, x, 0, 3)
    [sqrt(3)]
    >>> mean_value_points(x**3 - x, x, -2, 2)
    [-2*sqrt(3)/3, 2*sqrt(3)/3]
    """
    var = require_symbol(var)
    f = as_expr(expr, var)
    require_only(f, var)
    lo, hi = require_interval(a, b, var)
    xr = real_var(var)
    fr = f.subs(var, xr)
    f_lo = value_at(fr, xr, lo, str(f), var)
    f_hi = value_at(fr, xr, hi, str(f), var)
    slope = sp.simplify((f_hi - f_lo) / (hi - lo))
    derivative = sp.diff(fr, xr)
    domain = sp.Interval.open(lo, hi)
    points = real_roots(derivative - slope, xr, domain, f"f'(c) = {slope}")
    kinks = set(kink_candidates(fr, xr, domain))
    return [c for c in points if c not in kinks and not is_undefined(derivative.subs(xr, c))]
