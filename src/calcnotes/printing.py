"""How the book prints formulas: LaTeX for pages and tables, plain text for messages.

:func:`latex` writes expressions the way a textbook does (``\\ln x``, ``\\arcsin x``,
``u' v + u v'``, ``f'(g(x))``); :func:`plain_text` is its plain-text twin for error messages.
Generic rules are written with undefined functions ``u(x)``, ``v(x)``, ``f(g(x))``, and
printed without their arguments where a textbook leaves them out.

Examples
--------
>>> import sympy as sp
>>> from calcnotes.printing import latex
>>> u, v = sp.Function("u")(sp.Symbol("x")), sp.Function("v")(sp.Symbol("x"))
>>> latex(sp.diff(sp.Function("f")(u), sp.Symbol("x")))
"f'(u) u'"
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["d_dx", "latex", "ordered_sum", "plain_text"]


def _argument(printer: LatexPrinter, arg: sp.Expr) -> str:
    """A function's argument: ``x`` after a space when it is a symbol or number, else in brackets."""
    if arg.is_Symbol or arg.is_Number:
        return " " + printer._print(arg)
    return r"\left(%s\right)" % printer._print(arg)


#: Sums printed in the order they were written (see :func:`ordered_sum`), by identity: an
#: equal sum built elsewhere keeps SymPy's usual order.
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
            if variable == call.args[0] and order.is_Integer and order <= 3:
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


_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "varphi",
    "chi", "psi", "omega",
}  # fmt: skip


def _bold(name: str) -> str:
    """``xbold`` as ``\\mathbf{x}``, ``deltabold_2`` as ``\\boldsymbol{\\delta}_{2}``."""
    letters, _, sub = name.partition("bold")
    shown = r"\boldsymbol{\%s}" % letters if letters in _GREEK else r"\mathbf{%s}" % letters
    return shown + (r"_{%s}" % sub.lstrip("_") if sub else "")


class _BookLatexPrinter(LatexPrinter):
    """LaTeX as the book writes it: ``\\ln x``, ``\\arcsin x``, ``u' v``, ``f'(g(x))``."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        base = {"ln_notation": True, "inv_trig_style": "full", "fold_func_brackets": True}
        base.update(settings or {})
        super().__init__(base)

    # A limit before another factor is bracketed, as SymPy brackets a sum or an integral:
    # ``\left(\lim_{x \to a} f(x)\right) \lim_{x \to a} g(x)``, not a limit of the product.
    def _needs_mul_brackets(self, expr: sp.Expr, first: bool = False, last: bool = False) -> bool:
        if not last and expr.has(sp.Limit):
            return True
        return bool(super()._needs_mul_brackets(expr, first=first, last=last))

    # ``\sin x`` for a symbol argument, ``\sin{\left(2 x \right)}`` for anything else.
    def _needs_function_brackets(self, expr: sp.Expr) -> bool:
        return not (
            expr.is_Symbol or isinstance(expr, AppliedUndef) and expr.func.__name__ in _BARE
        )

    # The formula checker's names of bold vectors (``xbold``, ``deltabold_2``), of the
    # Jacobian of a composition (``J_fbold_gbold``) and of a declared shape (``_space``) print
    # back as the book types them.
    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        name = expr.name
        derived = re.fullmatch(
            r"([JH])_((?:[A-Za-z]+bold|[A-Za-z])(?:_(?:[A-Za-z]+bold|[A-Za-z]))*)", name
        )
        if derived and "bold" in name:
            parts = [_bold(part) for part in derived[2].split("_")]
            return r"%s_{%s}" % (derived[1], r" \circ ".join(parts))
        if re.fullmatch(r"[A-Za-z]+bold(?:_\w+)?", name):
            return _bold(name)
        return str(super()._print_Symbol(expr, style))

    def _print_space(self, expr: sp.Expr) -> str:
        letter, rows, cols = expr.args
        sizes = (
            self._print(rows)
            if cols == 1 or (str(letter) == "S" and rows == cols)
            else (r"%s \times %s" % (self._print(rows), self._print(cols)))
        )
        return r"\mathbb{%s}^{%s}" % (letter, sizes)

    def _print_log(self, expr: sp.Expr, exp: str | None = None) -> str:
        name = r"\ln" if exp is None else r"\ln^{%s}" % exp
        return name + _argument(self, expr.args[0])

    def _print_Function(self, expr: sp.Expr, exp: str | None = None) -> str:
        if isinstance(expr, AppliedUndef) and expr.func.__name__ == "_space" and exp is None:
            return self._print_space(expr)
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
        if found:
            return self._print_prime(found)
        # The operator with its operand in brackets, so that a factor after it is not read
        # as part of what is differentiated: \frac{d}{dx}\left[\ln x\right] x.
        placeholder = sp.Symbol("PLACEHOLDER")
        operator = super()._print_Derivative(sp.Derivative(placeholder, *expr.variable_count))
        body = r"\left[%s\right]" % self._print(expr.expr)
        return operator.replace(self._print(placeholder), body)

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
    >>> from calcnotes.printing import latex
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


def plain_text(expr: Any) -> str:
    """Print ``expr`` as plain text for messages: ``u'(x)``, ``f'(g(x))``, ``sigma(x)``.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.printing import plain_text
    >>> x = sp.Symbol("x")
    >>> plain_text(sp.diff(sp.Function("f")(sp.Function("g")(x)), x))
    "f'(g(x))*g'(x)"
    """
    return _MessagePrinter().doprint(expr)


def ordered_sum(*terms: sp.Expr) -> sp.Expr:
    r"""A sum that :func:`latex` prints in the order its terms are given.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.printing import latex, ordered_sum
    >>> x = sp.Symbol("x")
    >>> latex(ordered_sum(sp.cos(x), x**2)), latex(sp.cos(x) + x**2)
    ('\\cos x + x^{2}', 'x^{2} + \\cos x')
    """
    total = sp.Add(*terms, evaluate=False)
    _ORDERED_SUMS[id(total)] = total
    return total


def d_dx(var: sp.Symbol) -> str:
    r"""The operator :math:`\frac{d}{dx}` in LaTeX, for the variable ``var``.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.printing import d_dx
    >>> d_dx(sp.Symbol("t"))
    '\\frac{d}{dt}'
    """
    return r"\frac{d}{d%s}" % _BookLatexPrinter().doprint(var)
