"""Rules tables for the book's pages, rendered from the checked rule data.

:func:`rules_table` turns :class:`~calcnotes.rules.DerivativeRule` rows into a MyST Markdown
table whose math is printed by :func:`calcnotes.printing.latex` from the very expressions the
checker verified, so a table can only show what has been checked.

Examples
--------
>>> from calcnotes.rules import rule
>>> from calcnotes.tables import rules_table
>>> print(rules_table([rule("cos")], columns=("function", "derivative")))
| Function | Derivative |
|---|---|
| $\\cos x$ | $- \\sin x$ |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import sympy as sp

from calcnotes.printing import d_dx, latex

if TYPE_CHECKING:
    from calcnotes.rules import DerivativeRule

__all__ = ["rules_table"]


def _formula(function: sp.Expr, derivative: sp.Expr, var: sp.Symbol) -> str:
    """``\\frac{d}{dx} f = f'``, with brackets around sums and products."""
    printed = latex(function)
    if function.is_Add or function.is_Mul:
        printed = r"\left[%s\right]" % printed
    else:
        printed = " " + printed
    return r"%s%s = %s" % (d_dx(var), printed, latex(derivative))


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
        The rows, e.g. :data:`~calcnotes.rules.BASIC_RULES` or :data:`~calcnotes.rules.COMMON_DERIVATIVES`.
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
    >>> from calcnotes.rules import rule
    >>> from calcnotes.tables import rules_table
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
