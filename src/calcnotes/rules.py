"""Derivative rules as data: the one source of truth for every rules table in the book.

Each row is a :class:`DerivativeRule` holding SymPy expressions. The same expressions
are checked by :meth:`calcnotes.verify.Ledger.rule` and printed by :func:`rules_table`,
so a table can only show what has been checked. Generic rules are written with
undefined functions ``u(x)``, ``v(x)``, ``f(g(x))``; the book's LaTeX printer shows them
the way a textbook does (``u' v + u v'``).

Examples
--------
>>> from calcnotes.rules import rule, latex
>>> latex(rule("product").derivative)
"u' v + u v'"
>>> rule("sigmoid").note
'Sigmoid (ML critical)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = [
    "DerivativeRule",
    "BASIC_RULES",
    "COMMON_DERIVATIVES",
    "Sigmoid",
    "LogBase",
    "rule",
    "rules_table",
    "latex",
]


# -- Functions SymPy lacks: printed by name, differentiated from their definition ----------


class _DefinedFunction(sp.Function):
    """A named function that stands for an explicit formula (its :meth:`definition`)."""

    def definition(self) -> sp.Expr:  # pragma: no cover - overridden
        raise NotImplementedError

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        # Differentiate the definition, never a stated formula: the checks stay honest.
        dummies = [sp.Dummy() for _ in self.args]
        body = type(self)(*dummies).definition()
        return sp.diff(body, dummies[argindex - 1]).subs(dict(zip(dummies, self.args)))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.definition().evalf(prec)


class Sigmoid(_DefinedFunction):
    r"""The logistic sigmoid as a SymPy function, :math:`\sigma(x) = 1/(1 + e^{-x})`.

    Printed as :math:`\sigma(x)` by :func:`latex`; ``definition()`` (or
    ``rewrite(sp.exp)``) gives the formula. It is the symbolic twin of the numeric
    :func:`calcnotes.activations.sigmoid`.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.rules import Sigmoid, latex
    >>> x = sp.Symbol("x")
    >>> Sigmoid(x).definition()
    1/(1 + exp(-x))
    >>> latex(Sigmoid(x) * (1 - Sigmoid(x)))
    '\\sigma(x) \\left(1 - \\sigma(x)\\right)'
    >>> Sigmoid(0).evalf(3)
    0.500
    """

    nargs = 1

    def definition(self) -> sp.Expr:
        """Return the formula ``1/(1 + exp(-z))`` for the argument ``z``."""
        (z,) = self.args
        return 1 / (1 + sp.exp(-z))

    def _eval_rewrite_as_exp(self, z: sp.Expr, **kwargs: Any) -> sp.Expr:
        return 1 / (1 + sp.exp(-z))

    def _latex(self, printer: LatexPrinter, exp: str | None = None) -> str:
        (z,) = self.args
        if z.is_Symbol or z.is_Number:
            tex = r"\sigma(%s)" % printer._print(z)
        else:
            tex = r"\sigma\left(%s\right)" % printer._print(z)
        return tex if exp is None else r"%s^{%s}" % (tex, exp)

    def _sympystr(self, printer: StrPrinter) -> str:
        return "sigma(%s)" % printer._print(self.args[0])


class LogBase(_DefinedFunction):
    r"""The logarithm to base ``a`` as a SymPy function, :math:`\log_a z = \ln z / \ln a`.

    SymPy's own ``log(z, a)`` turns at once into a quotient of natural logarithms; this
    class keeps the conventional look :math:`\log_a z` in printed tables.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.rules import LogBase, latex
    >>> x = sp.Symbol("x")
    >>> LogBase(x, 10).definition()
    log(x)/log(10)
    >>> latex(LogBase(x, 10))
    '\\log_{10} x'
    >>> LogBase(100, 10).evalf(3)
    2.00
    """

    nargs = 2

    def definition(self) -> sp.Expr:
        """Return the formula ``log(z) / log(a)``."""
        z, base = self.args
        return sp.log(z) / sp.log(base)

    def _eval_rewrite_as_log(self, z: sp.Expr, base: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.log(z) / sp.log(base)

    def _latex(self, printer: LatexPrinter, exp: str | None = None) -> str:
        z, base = self.args
        name = r"\log_{%s}" % printer._print(base)
        if exp is not None:
            name = r"%s^{%s}" % (name, exp)
        return name + _call_brackets(printer, z, fold=True)

    def _sympystr(self, printer: StrPrinter) -> str:
        z, base = self.args
        return "log_%s(%s)" % (printer._print(base), printer._print(z))


def _call_brackets(printer: LatexPrinter, arg: sp.Expr, fold: bool = False) -> str:
    """Print a function's argument: ``x`` after a space when ``fold`` and it is a symbol."""
    if fold and (arg.is_Symbol or arg.is_Number):
        return " " + printer._print(arg)
    return r"\left(%s\right)" % printer._print(arg)


# -- The book's printers ---------------------------------------------------------------

#: Sums of the rule data whose terms are printed in the order they were written, by
#: identity (an equal sum built elsewhere keeps SymPy's usual order).
_ORDERED_SUMS: dict[int, sp.Expr] = {}

#: Undefined functions printed without their argument: ``u(x)`` shows as ``u``.
_BARE = frozenset({"u", "v"})


def _undefined_call(expr: sp.Expr) -> AppliedUndef | None:
    """Return ``expr`` if it is an undefined function of one argument, else None."""
    if isinstance(expr, AppliedUndef) and len(expr.args) == 1:
        return expr
    return None


def _prime_form(expr: sp.Expr) -> tuple[AppliedUndef, int, sp.Expr] | None:
    """Recognise ``F'(arg)``: return (the call, order, argument) or None.

    Two shapes mean the same: ``Derivative(F(arg), arg)`` (what SymPy's ``diff`` gives for
    a composition) and ``Subs(Derivative(F(t), t), t, arg)``.
    """
    if isinstance(expr, sp.Subs):
        inner, old, new = expr.args
        if len(old) == 1:
            found = _prime_form(inner)
            if found is not None and found[2] == old[0]:
                call, order, _ = found
                return call.func(new[0]), order, new[0]
        return None
    if isinstance(expr, sp.Derivative):
        call = _undefined_call(expr.expr)
        if call is not None and len(expr.variable_count) == 1:
            variable, order = expr.variable_count[0]
            if variable == call.args[0] and order <= 3:
                return call, int(order), variable
    return None


def _factor_key(factor: sp.Expr) -> tuple[int, str]:
    """Order of factors in a product: numbers, plain factors, u/v/f/g by name, sums last."""
    if factor.is_Number:
        return (0, "")
    prime = _prime_form(factor)
    call = prime[0] if prime is not None else _undefined_call(factor)
    if call is None and factor.is_Pow:
        call = _undefined_call(factor.base) or (_prime_form(factor.base) or (None,))[0]
    if call is not None:
        return (2, call.func.__name__)
    if factor.is_Add:
        return (3, "")
    return (1, "")


class _BookLatexPrinter(LatexPrinter):
    """LaTeX as the book writes it: ``\\ln x``, ``\\arcsin x``, ``u' v``, ``f'(g(x))``."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        base = {"ln_notation": True, "inv_trig_style": "full", "fold_func_brackets": True}
        base.update(settings or {})
        super().__init__(base)

    # ``\sin x`` for a symbol argument, ``\sin{\left(2 x \right)}`` for anything else.
    def _needs_function_brackets(self, expr: sp.Expr) -> bool:
        return not (
            expr.is_Symbol or isinstance(expr, AppliedUndef) and expr.func.__name__ in _BARE
        )

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        name = r"\ln" if exp is None else r"\ln^{%s}" % exp
        return name + _call_brackets(self, expr.args[0], fold=True)

    def _print_Function(self, expr: sp.Expr, exp: str | None = None) -> str:
        if isinstance(expr, AppliedUndef):
            name = self._hprint_Function(expr.func.__name__)
            if exp is not None:
                name = r"%s^{%s}" % (name, exp)
            if expr.func.__name__ in _BARE and len(expr.args) == 1 and expr.args[0].is_Symbol:
                return name
            return "%s(%s)" % (name, ", ".join(self._print(arg) for arg in expr.args))
        tex = super()._print_Function(expr, exp)
        if len(expr.args) == 1 and expr.args[0].is_Symbol:
            # SymPy folds as ``\sin {x}``; the book writes ``\sin x``.
            folded = " {%s}" % self._print(expr.args[0])
            if tex.endswith(folded):
                tex = tex[: -len(folded)] + " " + folded[2:-1]
        return tex

    def _print_prime(self, found: tuple[AppliedUndef, int, sp.Expr]) -> str:
        call, order, argument = found
        name = self._hprint_Function(call.func.__name__) + "'" * order
        if call.func.__name__ in _BARE and argument.is_Symbol:
            return name
        return "%s(%s)" % (name, self._print(argument))

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        found = _prime_form(expr)
        return self._print_prime(found) if found else super()._print_Derivative(expr)

    def _print_Subs(self, expr: sp.Subs) -> str:
        found = _prime_form(expr)
        return self._print_prime(found) if found else super()._print_Subs(expr)

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        # A sum written with _ordered_sum keeps the order its author chose.
        if order is None and _ORDERED_SUMS.get(id(expr)) is expr:
            order = "none"
        return super()._print_Add(expr, order=order)

    def _print_Mul(self, expr: sp.Mul) -> str:
        if self._settings["order"] == "none":  # latex(..., as_written=True)
            return super()._print_Mul(expr)
        factors = expr.as_ordered_factors()
        if not any(_factor_key(f)[0] >= 2 for f in factors) or any(
            f.is_Pow and f.exp.is_negative for f in factors
        ):
            return super()._print_Mul(expr)
        ordered = sorted(factors, key=_factor_key)
        saved = self._settings["order"]
        self._settings["order"] = "none"
        try:
            return super()._print_Mul(sp.Mul(*ordered, evaluate=False))
        finally:
            self._settings["order"] = saved


class _MessagePrinter(StrPrinter):
    """Plain text for error messages: ``u'(x)`` and ``f'(g(x))`` instead of ``Subs(...)``."""

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        found = _prime_form(expr)
        if found is None:
            return super()._print_Derivative(expr)
        call, order, argument = found
        return "%s%s(%s)" % (call.func.__name__, "'" * order, self._print(argument))

    _print_Subs = _print_Derivative


def latex(expr: Any, *, as_written: bool = False) -> str:
    r"""Print ``expr`` as the book prints formulas (for gluing checked answers into prose).

    Parameters
    ----------
    expr : sympy.Expr or float
        The expression to print.
    as_written : bool, optional
        Keep the order of the terms and factors of an unevaluated expression
        (built with ``evaluate=False``), as a person would write it.

    Returns
    -------
    str
        LaTeX without surrounding dollars.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.rules import latex
    >>> x = sp.Symbol("x")
    >>> latex(sp.log(x) + sp.asin(x))
    '\\ln x + \\arcsin x'
    >>> latex(sp.diff(sp.Function("f")(sp.Function("g")(x)), x))
    "f'(g(x)) g'(x)"
    >>> latex(sp.Mul(x, 2 ** sp.Add(x, -1, evaluate=False), evaluate=False), as_written=True)
    'x 2^{x - 1}'
    """
    if as_written:
        return _BookLatexPrinter({"order": "none"}).doprint(expr)
    return _BookLatexPrinter().doprint(sp.sympify(expr))


def _text(expr: Any) -> str:
    """Plain-text form of an expression for messages."""
    return _MessagePrinter().doprint(expr)


# -- The rule data -----------------------------------------------------------------------

_x = sp.Symbol("x")
_n = sp.Symbol("n")
_a = sp.Symbol("a", positive=True)
_c = sp.Symbol("c")
_u = sp.Function("u")(_x)
_v = sp.Function("v")(_x)
_g = sp.Function("g")(_x)
_f = sp.Function("f")


def _d(expr: sp.Expr) -> sp.Derivative:
    """An unevaluated first derivative in x (printed with a prime)."""
    return sp.Derivative(expr, _x)


def _seq(*terms: sp.Expr) -> sp.Expr:
    """A sum that is printed in the order written."""
    total = sp.Add(*terms, evaluate=False)
    _ORDERED_SUMS[id(total)] = total
    return total


@dataclass(frozen=True)
class DerivativeRule:
    r"""One row of a derivative table: a formula, a worked example and a note.

    Parameters
    ----------
    key : str
        Short identifier used by :func:`rule`, e.g. ``"chain"`` or ``"tan"``.
    name : str
        Human name shown in tables, e.g. ``"Chain rule"``.
    function : sympy.Expr
        The function differentiated, in ``var`` (generic rules use ``u(x)``, ``v(x)``, ...).
    derivative : sympy.Expr
        The stated derivative of ``function``, written by hand (never computed).
    example : sympy.Expr
        A concrete function the rule applies to.
    example_derivative : sympy.Expr
        The stated derivative of ``example``.
    note : str
        A short remark shown in tables.
    domain : sympy.Set
        Where formula and example hold; checks sample points inside it.
    var : sympy.Symbol
        The variable of differentiation (``x``).

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.rules import DerivativeRule
    >>> x = sp.Symbol("x")
    >>> row = DerivativeRule("square", "Square", x**2, 2*x, 3*x**2, 6*x, "Power rule, n = 2")
    >>> row.derivative
    2*x
    """

    key: str
    name: str
    function: sp.Expr
    derivative: sp.Expr
    example: sp.Expr
    example_derivative: sp.Expr
    note: str = ""
    domain: sp.Set = sp.S.Reals
    var: sp.Symbol = _x


_POSITIVE = sp.Interval.open(0, sp.oo)

#: The basic rules of differentiation, written for generic functions u, v, f, g.
BASIC_RULES: tuple[DerivativeRule, ...] = (
    DerivativeRule(
        "constant",
        "Constant rule",
        _c,
        sp.S.Zero,
        sp.Integer(5),
        sp.S.Zero,
        "A constant does not change",
    ),
    DerivativeRule(
        "constant-multiple",
        "Constant multiple rule",
        _c * _u,
        _c * _d(_u),
        3 * _x**2,
        6 * _x,
        "Constants factor out",
    ),
    DerivativeRule(
        "power",
        "Power rule",
        _x**_n,
        _n * _x ** (_n - 1),
        _x**7,
        7 * _x**6,
        "For any real n (x > 0)",
        _POSITIVE,
    ),
    DerivativeRule(
        "sum",
        "Sum rule",
        _u + _v,
        _seq(_d(_u), _d(_v)),
        _seq(_x**3, sp.sin(_x)),
        _seq(3 * _x**2, sp.cos(_x)),
        "Differentiate term by term",
    ),
    DerivativeRule(
        "difference",
        "Difference rule",
        _seq(_u, -_v),
        _seq(_d(_u), -_d(_v)),
        _seq(_x**2, -sp.exp(_x)),
        _seq(2 * _x, -sp.exp(_x)),
        "Differentiate term by term",
    ),
    DerivativeRule(
        "product",
        "Product rule",
        _u * _v,
        _seq(_d(_u) * _v, _u * _d(_v)),
        _x**2 * sp.sin(_x),
        _seq(2 * _x * sp.sin(_x), _x**2 * sp.cos(_x)),
        "Not u' v'",
    ),
    DerivativeRule(
        "quotient",
        "Quotient rule",
        _u / _v,
        _seq(_d(_u) * _v, -_u * _d(_v)) / _v**2,
        sp.sin(_x) / _x,
        _seq(_x * sp.cos(_x), -sp.sin(_x)) / _x**2,
        "Where v is not 0; mind the order in the numerator",
        sp.S.Reals - sp.FiniteSet(0),
    ),
    DerivativeRule(
        "chain",
        "Chain rule",
        _f(_g),
        sp.Derivative(_f(_g), _g) * _d(_g),
        sp.sin(_x**2),
        2 * _x * sp.cos(_x**2),
        "Outer derivative at the inner function, times the inner derivative",
    ),
)

#: Derivatives of the common functions, each with a note and a worked example.
COMMON_DERIVATIVES: tuple[DerivativeRule, ...] = (
    DerivativeRule(
        "const",
        "Constant",
        _c,
        sp.S.Zero,
        sp.pi,
        sp.S.Zero,
        "Any constant c",
    ),
    DerivativeRule(
        "x^n",
        "Power",
        _x**_n,
        _n * _x ** (_n - 1),
        _x**5,
        5 * _x**4,
        "Power rule, for any real n",
        _POSITIVE,
    ),
    DerivativeRule(
        "e^x",
        "Natural exponential",
        sp.exp(_x),
        sp.exp(_x),
        sp.exp(3 * _x),
        3 * sp.exp(3 * _x),
        "Its own derivative",
    ),
    DerivativeRule(
        "a^x",
        "Exponential, base a",
        _a**_x,
        _a**_x * sp.log(_a),
        2**_x,
        2**_x * sp.log(2),
        "General exponential (a > 0)",
    ),
    DerivativeRule(
        "ln",
        "Natural logarithm",
        sp.log(_x),
        1 / _x,
        sp.log(_x**2),
        2 / _x,
        "Logarithmic derivative (x > 0)",
        _POSITIVE,
    ),
    DerivativeRule(
        "log_a",
        "Logarithm, base a",
        LogBase(_x, _a),
        1 / (_x * sp.log(_a)),
        LogBase(_x, 10),
        1 / (_x * sp.log(10)),
        "Change of base",
        _POSITIVE,
    ),
    DerivativeRule(
        "sin",
        "Sine",
        sp.sin(_x),
        sp.cos(_x),
        sp.sin(2 * _x),
        2 * sp.cos(2 * _x),
        "Cyclic pattern (angles in radians)",
    ),
    DerivativeRule(
        "cos",
        "Cosine",
        sp.cos(_x),
        -sp.sin(_x),
        sp.cos(3 * _x),
        -3 * sp.sin(3 * _x),
        "Note the negative sign",
    ),
    DerivativeRule(
        "tan",
        "Tangent",
        sp.tan(_x),
        sp.sec(_x) ** 2,
        sp.tan(2 * _x),
        2 * sp.sec(2 * _x) ** 2,
        "From the quotient rule on sin/cos",
        sp.Interval.open(-sp.pi / 2, sp.pi / 2),
    ),
    DerivativeRule(
        "arcsin",
        "Arcsine",
        sp.asin(_x),
        1 / sp.sqrt(1 - _x**2),
        sp.asin(_x**2),
        2 * _x / sp.sqrt(1 - _x**4),
        "Inverse trig, for |x| < 1",
        sp.Interval.open(-1, 1),
    ),
    DerivativeRule(
        "arctan",
        "Arctangent",
        sp.atan(_x),
        1 / _seq(1, _x**2),
        sp.atan(2 * _x),
        2 / _seq(1, 4 * _x**2),
        "Inverse trig",
    ),
    DerivativeRule(
        "sqrt",
        "Square root",
        sp.sqrt(_x),
        1 / (2 * sp.sqrt(_x)),
        sp.sqrt(_x**2 + 1),
        _x / sp.sqrt(_x**2 + 1),
        "Power rule with n = 1/2",
        _POSITIVE,
    ),
    DerivativeRule(
        "sigmoid",
        "Sigmoid",
        Sigmoid(_x),
        Sigmoid(_x) * (1 - Sigmoid(_x)),
        Sigmoid(2 * _x),
        2 * Sigmoid(2 * _x) * (1 - Sigmoid(2 * _x)),
        "Sigmoid (ML critical)",
    ),
    DerivativeRule(
        "tanh",
        "Hyperbolic tangent",
        sp.tanh(_x),
        1 - sp.tanh(_x) ** 2,
        sp.tanh(2 * _x),
        sp.Mul(2, 1 - sp.tanh(2 * _x) ** 2, evaluate=False),
        "Hyperbolic tangent",
    ),
)

_BY_KEY = {row.key: row for row in (*BASIC_RULES, *COMMON_DERIVATIVES)}


def rule(key: str) -> DerivativeRule:
    """Return the rule or table row with this key.

    Parameters
    ----------
    key : str
        One of the keys of :data:`BASIC_RULES` (``"constant"``, ``"constant-multiple"``,
        ``"power"``, ``"sum"``, ``"difference"``, ``"product"``, ``"quotient"``,
        ``"chain"``) or :data:`COMMON_DERIVATIVES` (``"const"``, ``"x^n"``, ``"e^x"``,
        ``"a^x"``, ``"ln"``, ``"log_a"``, ``"sin"``, ``"cos"``, ``"tan"``, ``"arcsin"``,
        ``"arctan"``, ``"sqrt"``, ``"sigmoid"``, ``"tanh"``).

    Returns
    -------
    DerivativeRule
        The row.

    Raises
    ------
    KeyError
        If no rule has this key; the message lists the keys.

    Examples
    --------
    >>> from calcnotes.rules import rule
    >>> rule("cos").derivative
    -sin(x)
    >>> rule("secant")
    Traceback (most recent call last):
    ...
    KeyError: "no rule 'secant'; known keys: 'constant', ..."
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        known = ", ".join(repr(k) for k in _BY_KEY)
        raise KeyError(f"no rule {key!r}; known keys: {known}") from None


def _d_dx(var: sp.Symbol) -> str:
    return r"\frac{d}{d%s}" % _BookLatexPrinter().doprint(var)


def _formula(function: sp.Expr, derivative: sp.Expr, var: sp.Symbol) -> str:
    """``\\frac{d}{dx} f = f'``, with brackets around sums and products."""
    printed = latex(function)
    if function.is_Add or function.is_Mul:
        printed = r"\left[%s\right]" % printed
    else:
        printed = " " + printed
    return r"%s%s = %s" % (_d_dx(var), printed, latex(derivative))


_HEADERS = {
    "name": "Rule",
    "function": "Function",
    "derivative": "Derivative",
    "formula": "Formula",
    "example": "Example",
    "note": "Note",
    "domain": "Domain",
}


def _cell(row: DerivativeRule, column: str, display: bool = False) -> str:
    if column == "name":
        text = row.name
    elif column == "note":
        text = row.note
    else:
        if column == "function":
            tex = latex(row.function)
        elif column == "derivative":
            tex = latex(row.derivative)
        elif column == "formula":
            tex = _formula(row.function, row.derivative, row.var)
        elif column == "example":
            tex = _formula(row.example, row.example_derivative, row.var)
        else:
            tex = sp.latex(row.domain)
        style = r"\displaystyle " if display else ""
        text = "$%s%s$" % (style, tex.replace("|", r"\vert "))
    return text.replace("|", r"\|")


def rules_table(
    rules: Iterable[DerivativeRule],
    columns: Sequence[str] = ("name", "formula", "example"),
    *,
    display: bool = False,
) -> str:
    r"""Render rules as a MyST Markdown table, math generated from the checked expressions.

    Parameters
    ----------
    rules : Iterable[DerivativeRule]
        The rows, e.g. :data:`BASIC_RULES` or :data:`COMMON_DERIVATIVES`.
    columns : Sequence[str]
        Any of ``"name"``, ``"function"``, ``"derivative"``, ``"formula"``,
        ``"example"``, ``"note"`` and ``"domain"``.
    display : bool, optional
        Set the math cells in display style (``\displaystyle``), so that fractions
        such as :math:`\frac{d}{dx}` are as large as in a displayed equation.

    Returns
    -------
    str
        The Markdown table, one line per rule after the header and separator.

    Raises
    ------
    ValueError
        If a column is unknown or no column is given.

    Examples
    --------
    >>> from calcnotes.rules import rules_table, rule
    >>> print(rules_table([rule("product")]))
    | Rule | Formula | Example |
    |---|---|---|
    | Product rule | $\frac{d}{dx}\left[u v\right] = u' v + u v'$ | $\frac{d}{dx}\left[x^{2} \sin x\right] = 2 x \sin x + x^{2} \cos x$ |
    >>> print(rules_table([rule("tan")], columns=("function", "derivative", "note")))
    | Function | Derivative | Note |
    |---|---|---|
    | $\tan x$ | $\sec^{2} x$ | From the quotient rule on sin/cos |
    >>> print(rules_table([rule("ln")], columns=("derivative",), display=True))
    | Derivative |
    |---|
    | $\displaystyle \frac{1}{x}$ |
    """
    columns = tuple(columns)
    if not columns:
        raise ValueError("rules_table needs at least one column")
    for column in columns:
        if column not in _HEADERS:
            known = ", ".join(repr(c) for c in _HEADERS)
            raise ValueError(f"unknown column {column!r}; choose from {known}")
    lines = [
        "| " + " | ".join(_HEADERS[c] for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in rules:
        lines.append("| " + " | ".join(_cell(row, c, display) for c in columns) + " |")
    return "\n".join(lines)
