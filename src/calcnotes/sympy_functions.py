"""Functions SymPy lacks, for the book's formulas: printed by name, differentiated from their definition.

:class:`Sigmoid` is the logistic sigmoid :math:`\\sigma(x)` and :class:`LogBase` the
logarithm :math:`\\log_a x`. Each stands for an explicit formula, its ``definition()``;
SymPy differentiates that formula, never a stated derivative, so checks against these
functions stay honest. How they print is decided here too (``_latex``, ``_sympystr``).

Examples
--------
>>> import sympy as sp
>>> from calcnotes.sympy_functions import Sigmoid
>>> x = sp.Symbol("x")
>>> sp.simplify((sp.diff(Sigmoid(x), x) - Sigmoid(x) * (1 - Sigmoid(x))).rewrite(sp.exp))
0
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["DefinedFunction", "LogBase", "Sigmoid"]


class DefinedFunction(sp.Function):
    """A named function that stands for an explicit formula (its ``definition()``)."""

    def definition(self) -> sp.Expr:  # pragma: no cover - overridden
        raise NotImplementedError

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        # Differentiate the definition, never a stated formula: the checks stay honest.
        dummies = [sp.Dummy() for _ in self.args]
        body = type(self)(*dummies).definition()
        return sp.diff(body, dummies[argindex - 1]).subs(dict(zip(dummies, self.args, strict=True)))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.definition().evalf(prec)


class Sigmoid(DefinedFunction):
    r"""The logistic sigmoid as a SymPy function, :math:`\sigma(x) = 1/(1 + e^{-x})`.

    Printed as :math:`\sigma(x)` by :func:`~calcnotes.printing.latex`; ``definition()`` (or
    ``rewrite(sp.exp)``) gives the formula. It is the symbolic twin of the numeric
    :func:`calcnotes.activations.sigmoid`.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.sympy_functions import Sigmoid
    >>> from calcnotes.printing import latex
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


class LogBase(DefinedFunction):
    r"""The logarithm to base ``a`` as a SymPy function, :math:`\log_a z = \ln z / \ln a`.

    SymPy's own ``log(z, a)`` turns at once into a quotient of natural logarithms; this
    class keeps the conventional look :math:`\log_a z` in printed tables.

    Examples
    --------
    >>> import sympy as sp
    >>> from calcnotes.sympy_functions import LogBase
    >>> from calcnotes.printing import latex
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
        if z.is_Symbol or z.is_Number:
            return "%s %s" % (name, printer._print(z))
        return r"%s\left(%s\right)" % (name, printer._print(z))

    def _sympystr(self, printer: StrPrinter) -> str:
        z, base = self.args
        return "log_%s(%s)" % (printer._print(base), printer._print(z))
