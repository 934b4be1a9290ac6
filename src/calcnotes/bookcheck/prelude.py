"""What a page's hidden check cells start from: one import and one line per page.

A page opens with one hidden cell, tagged ``remove-cell`` and ``prelude``::

    from calcnotes.bookcheck.prelude import *
    check = Ledger("book/derivatives/practice.md")

Every later hidden cell of the page (tagged ``remove-cell`` or ``remove-input``) runs after
it, in the kernel as in the test suite and the formula checker, so it starts with SymPy as
``sp``, NumPy as ``np``, the variable ``x``, the ledger ``check`` and the helpers below
instead of a block of imports. Cells a reader sees still stand alone.

Examples
--------
>>> from calcnotes.bookcheck.prelude import *
>>> check = Ledger("book/demo.md")
>>> answer = 3 * x**2
>>> check.derivative(x**3, answer, x)
>>> show("demo-answer", answer, r"\\frac{d}{dx} x^3 =")
3*x**2
>>> check.count
1
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from calcnotes.rules import latex, rule
from calcnotes.verify import Ledger

__all__ = ["sp", "np", "x", "Ledger", "latex", "rule", "show", "show_value", "glue_value"]

#: The variable of most formulas.
x = sp.Symbol("x")


def glue_value(key: str, value: Any) -> None:
    """Glue a value into the page without displaying it here (``{glue:text}`key```)."""
    from myst_nb import glue

    glue(key, value, display=False)


def show(key: str, expr: Any, before: str = "", after: str = "") -> Any:
    """Glue the formula ``before <expr> after`` for ``{glue:md}`key:myst```; return ``expr``.

    The expression is printed by :func:`calcnotes.rules.latex`, the printer of the rules
    tables, so the formula the reader sees is the one that was checked. ``before`` and
    ``after`` are TeX typed around it (the formula checker reads them too).
    """
    from IPython.display import Markdown

    parts = [part for part in (before, latex(expr), after) if part]
    glue_value(key, Markdown(f"${' '.join(parts)}$"))
    return expr


def show_value(key: str, value: Any) -> Any:
    """Glue a number or text for ``{glue:text}`key```; return it."""
    glue_value(key, value)
    return value
