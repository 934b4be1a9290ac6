"""Derivative rules as data: the one source of truth for every rules table in the book.

Each row is a :class:`DerivativeRule` holding SymPy expressions, written with keywords. The
same expressions are checked by :meth:`calcnotes.verify.Ledger.rule` and printed by
:func:`calcnotes.tables.rules_table`, so a table can only show what has been checked.
Generic rules are written with undefined functions ``u(x)``, ``v(x)``, ``f(g(x))``;
:func:`calcnotes.printing.latex` shows them the way a textbook does (``u' v + u v'``).

The rest of the rules machinery has its own modules and is re-exported here, so
``from calcnotes.rules import latex, rule, rules_table`` keeps working: the SymPy function
classes are in :mod:`calcnotes.sympy_functions`, the printers in :mod:`calcnotes.printing`,
the table renderer in :mod:`calcnotes.tables`.

Examples
--------
>>> from calcnotes.rules import rule, latex
>>> latex(rule("product").derivative)
"u' v + u v'"
>>> rule("sigmoid").note
'Sigmoid (ML critical)'
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from calcnotes.printing import latex, ordered_sum, plain_text
from calcnotes.sympy_functions import DefinedFunction, LogBase, Sigmoid
from calcnotes.tables import rules_table

__all__ = [
    "BASIC_RULES",
    "COMMON_DERIVATIVES",
    "DerivativeRule",
    "LogBase",
    "Sigmoid",
    "latex",
    "named_rules",
    "rule",
    "rules_table",
]

# Old names calcnotes.verify imports from here; their homes are calcnotes.printing.plain_text
# and calcnotes.sympy_functions.DefinedFunction.
_text = plain_text
_DefinedFunction = DefinedFunction


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


_seq = ordered_sum  # a sum printed in the order written


@dataclass(frozen=True, kw_only=True)
class DerivativeRule:
    r"""One row of a derivative table: a formula, a worked example and a note.

    Rows are written with keywords (``key=``, ``name=``, ``function=``, ...), so each field
    of a table can be found by its name.

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
    >>> row = DerivativeRule(
    ...     key="square", name="Square", function=x**2, derivative=2*x,
    ...     example=3*x**2, example_derivative=6*x, note="Power rule, n = 2",
    ... )
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
        key="constant",
        name="Constant rule",
        function=_c,
        derivative=sp.S.Zero,
        example=sp.Integer(5),
        example_derivative=sp.S.Zero,
        note="A constant does not change",
    ),
    DerivativeRule(
        key="constant-multiple",
        name="Constant multiple rule",
        function=_c * _u,
        derivative=_c * _d(_u),
        example=3 * _x**2,
        example_derivative=6 * _x,
        note="Constants factor out",
    ),
    DerivativeRule(
        key="power",
        name="Power rule",
        function=_x**_n,
        derivative=_n * _x ** (_n - 1),
        example=_x**7,
        example_derivative=7 * _x**6,
        note="For any real n (x > 0)",
        domain=_POSITIVE,
    ),
    DerivativeRule(
        key="sum",
        name="Sum rule",
        function=_u + _v,
        derivative=_seq(_d(_u), _d(_v)),
        example=_seq(_x**3, sp.sin(_x)),
        example_derivative=_seq(3 * _x**2, sp.cos(_x)),
        note="Differentiate term by term",
    ),
    DerivativeRule(
        key="difference",
        name="Difference rule",
        function=_seq(_u, -_v),
        derivative=_seq(_d(_u), -_d(_v)),
        example=_seq(_x**2, -sp.exp(_x)),
        example_derivative=_seq(2 * _x, -sp.exp(_x)),
        note="Differentiate term by term",
    ),
    DerivativeRule(
        key="product",
        name="Product rule",
        function=_u * _v,
        derivative=_seq(_d(_u) * _v, _u * _d(_v)),
        example=_x**2 * sp.sin(_x),
        example_derivative=_seq(2 * _x * sp.sin(_x), _x**2 * sp.cos(_x)),
        note="Not u' v'",
    ),
    DerivativeRule(
        key="quotient",
        name="Quotient rule",
        function=_u / _v,
        derivative=_seq(_d(_u) * _v, -_u * _d(_v)) / _v**2,
        example=sp.sin(_x) / _x,
        example_derivative=_seq(_x * sp.cos(_x), -sp.sin(_x)) / _x**2,
        note="Where v is not 0; mind the order in the numerator",
        domain=sp.S.Reals - sp.FiniteSet(0),
    ),
    DerivativeRule(
        key="chain",
        name="Chain rule",
        function=_f(_g),
        derivative=sp.Derivative(_f(_g), _g) * _d(_g),
        example=sp.sin(_x**2),
        example_derivative=2 * _x * sp.cos(_x**2),
        note="Outer derivative at the inner function, times the inner derivative",
    ),
)

#: Derivatives of the common functions, each with a note and a worked example.
COMMON_DERIVATIVES: tuple[DerivativeRule, ...] = (
    DerivativeRule(
        key="const",
        name="Constant",
        function=_c,
        derivative=sp.S.Zero,
        example=sp.pi,
        example_derivative=sp.S.Zero,
        note="Any constant c",
    ),
    DerivativeRule(
        key="x^n",
        name="Power",
        function=_x**_n,
        derivative=_n * _x ** (_n - 1),
        example=_x**5,
        example_derivative=5 * _x**4,
        note="Power rule, for any real n (for x > 0; for every x when n is a whole number)",
        domain=_POSITIVE,
    ),
    DerivativeRule(
        key="e^x",
        name="Natural exponential",
        function=sp.exp(_x),
        derivative=sp.exp(_x),
        example=sp.exp(3 * _x),
        example_derivative=3 * sp.exp(3 * _x),
        note="Its own derivative",
    ),
    DerivativeRule(
        key="a^x",
        name="Exponential, base a",
        function=_a**_x,
        derivative=_a**_x * sp.log(_a),
        example=2**_x,
        example_derivative=2**_x * sp.log(2),
        note="General exponential (a > 0)",
    ),
    DerivativeRule(
        key="ln",
        name="Natural logarithm",
        function=sp.log(_x),
        derivative=1 / _x,
        example=sp.log(_x**2),
        example_derivative=2 / _x,
        note="Logarithmic derivative (x > 0)",
        domain=_POSITIVE,
    ),
    DerivativeRule(
        key="log_a",
        name="Logarithm, base a",
        function=LogBase(_x, _a),
        derivative=1 / (_x * sp.log(_a)),
        example=LogBase(_x, 10),
        example_derivative=1 / (_x * sp.log(10)),
        note="Change of base",
        domain=_POSITIVE,
    ),
    DerivativeRule(
        key="sin",
        name="Sine",
        function=sp.sin(_x),
        derivative=sp.cos(_x),
        example=sp.sin(2 * _x),
        example_derivative=2 * sp.cos(2 * _x),
        note="Cyclic pattern (angles in radians)",
    ),
    DerivativeRule(
        key="cos",
        name="Cosine",
        function=sp.cos(_x),
        derivative=-sp.sin(_x),
        example=sp.cos(3 * _x),
        example_derivative=-3 * sp.sin(3 * _x),
        note="Note the negative sign",
    ),
    DerivativeRule(
        key="tan",
        name="Tangent",
        function=sp.tan(_x),
        derivative=sp.sec(_x) ** 2,
        example=sp.tan(2 * _x),
        example_derivative=2 * sp.sec(2 * _x) ** 2,
        note="From the quotient rule on sin/cos",
        domain=sp.Interval.open(-sp.pi / 2, sp.pi / 2),
    ),
    DerivativeRule(
        key="arcsin",
        name="Arcsine",
        function=sp.asin(_x),
        derivative=1 / sp.sqrt(1 - _x**2),
        example=sp.asin(_x**2),
        example_derivative=2 * _x / sp.sqrt(1 - _x**4),
        note="Inverse trig, for |x| < 1",
        domain=sp.Interval.open(-1, 1),
    ),
    DerivativeRule(
        key="arctan",
        name="Arctangent",
        function=sp.atan(_x),
        derivative=1 / _seq(1, _x**2),
        example=sp.atan(2 * _x),
        example_derivative=2 / _seq(1, 4 * _x**2),
        note="Inverse trig",
    ),
    DerivativeRule(
        key="sqrt",
        name="Square root",
        function=sp.sqrt(_x),
        derivative=1 / (2 * sp.sqrt(_x)),
        example=sp.sqrt(_x**2 + 1),
        example_derivative=_x / sp.sqrt(_x**2 + 1),
        note="Power rule with n = 1/2",
        domain=_POSITIVE,
    ),
    DerivativeRule(
        key="sigmoid",
        name="Sigmoid",
        function=Sigmoid(_x),
        derivative=Sigmoid(_x) * (1 - Sigmoid(_x)),
        example=Sigmoid(2 * _x),
        example_derivative=2 * Sigmoid(2 * _x) * (1 - Sigmoid(2 * _x)),
        note="Sigmoid (ML critical)",
    ),
    DerivativeRule(
        key="tanh",
        name="Hyperbolic tangent",
        function=sp.tanh(_x),
        derivative=1 - sp.tanh(_x) ** 2,
        example=sp.tanh(2 * _x),
        example_derivative=sp.Mul(2, 1 - sp.tanh(2 * _x) ** 2, evaluate=False),
        note="Hyperbolic tangent",
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


def named_rules(spec: str) -> list[DerivativeRule]:
    """The rows a rules table names: ``"basic"``, ``"common"`` or rule keys separated by commas.

    Parameters
    ----------
    spec : str
        ``"basic"`` (:data:`BASIC_RULES`), ``"common"`` (:data:`COMMON_DERIVATIVES`), or
        keys such as ``"cos, tan"``.

    Returns
    -------
    list[DerivativeRule]
        The rows, in order.

    Raises
    ------
    ValueError
        If no rule is named; KeyError (from :func:`rule`) for an unknown key.

    Examples
    --------
    >>> from calcnotes.rules import named_rules
    >>> [row.key for row in named_rules("cos, tan")]
    ['cos', 'tan']
    >>> len(named_rules("basic")) == len(BASIC_RULES)
    True
    """
    named = {"basic": BASIC_RULES, "common": COMMON_DERIVATIVES}
    if spec.strip() in named:
        return list(named[spec.strip()])
    keys = [key.strip() for key in spec.split(",") if key.strip()]
    if not keys:
        raise ValueError("name the rules: basic, common, or a list of rule keys")
    return [rule(key) for key in keys]
