"""Rules tables: one row per rule, the chosen columns, math printed from the checked data."""

from __future__ import annotations

import pytest
import sympy as sp

from calcnotes.rules import BASIC_RULES, COMMON_DERIVATIVES, DerivativeRule, rule
from calcnotes.tables import rules_table

x = sp.Symbol("x")


@pytest.mark.parametrize(
    ("key", "formula"),
    [
        ("product", r"\frac{d}{dx}\left[u v\right] = u' v + u v'"),
        ("quotient", r"\frac{d}{dx}\left[\frac{u}{v}\right] = \frac{u' v - u v'}{v^{2}}"),
        ("chain", r"\frac{d}{dx} f(g(x)) = f'(g(x)) g'(x)"),
        ("constant-multiple", r"\frac{d}{dx}\left[c u\right] = c u'"),
        ("sum", r"\frac{d}{dx}\left[u + v\right] = u' + v'"),
        ("difference", r"\frac{d}{dx}\left[u - v\right] = u' - v'"),
        ("power", r"\frac{d}{dx} x^{n} = n x^{n - 1}"),
        ("tan", r"\frac{d}{dx} \tan x = \sec^{2} x"),
        ("log_a", r"\frac{d}{dx} \log_{a} x = \frac{1}{x \ln a}"),
        ("a^x", r"\frac{d}{dx} a^{x} = a^{x} \ln a"),
        ("arcsin", r"\frac{d}{dx} \arcsin x = \frac{1}{\sqrt{1 - x^{2}}}"),
        ("sigmoid", r"\frac{d}{dx} \sigma(x) = \sigma(x) \left(1 - \sigma(x)\right)"),
        ("tanh", r"\frac{d}{dx} \tanh x = 1 - \tanh^{2} x"),
        ("cos", r"\frac{d}{dx} \cos x = - \sin x"),
    ],
)
def test_formulas_are_printed_from_the_checked_expressions(key: str, formula: str) -> None:
    table = rules_table([rule(key)], columns=("formula",))
    assert table.splitlines()[2] == f"| ${formula}$ |"


def test_rules_table_has_one_row_per_rule_and_the_expected_columns() -> None:
    for rows in (BASIC_RULES, COMMON_DERIVATIVES):
        table = rules_table(rows)
        lines = table.splitlines()
        assert lines[0] == "| Rule | Formula | Example |"
        assert lines[1] == "|---|---|---|"
        assert len(lines) == 2 + len(rows)
        for line, row in zip(lines[2:], rows, strict=True):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            assert cells[0] == row.name
            assert cells[1].startswith(r"$\frac{d}{dx}") and cells[1].endswith("$")
            assert cells[2].startswith(r"$\frac{d}{dx}") and cells[2].endswith("$")


def test_rules_table_columns_can_be_chosen() -> None:
    columns = ("name", "function", "derivative", "formula", "example", "note", "domain")
    table = rules_table(COMMON_DERIVATIVES, columns=columns)
    lines = table.splitlines()
    assert lines[0] == "| Rule | Function | Derivative | Formula | Example | Note | Domain |"
    assert all(line.count(" | ") == len(columns) - 1 for line in lines[2:])
    sigmoid_row = lines[2 + [r.key for r in COMMON_DERIVATIVES].index("sigmoid")]
    assert r"| $\sigma(x)$ | $\sigma(x) \left(1 - \sigma(x)\right)$ |" in sigmoid_row
    assert "| Sigmoid (ML critical) |" in sigmoid_row


def test_a_pipe_in_a_cell_cannot_break_the_table() -> None:
    row = DerivativeRule(
        key="abs",
        name="Absolute | value",
        function=sp.Abs(x),
        derivative=sp.sign(x),
        example=sp.Abs(x),
        example_derivative=sp.sign(x),
    )
    line = rules_table([row], columns=("name", "function")).splitlines()[2]
    assert line.count(" | ") == 1
    assert r"Absolute \| value" in line and r"\vert" in line


def test_rules_table_rejects_unknown_or_missing_columns() -> None:
    with pytest.raises(ValueError, match="unknown column 'latex'; choose from 'name'"):
        rules_table(BASIC_RULES, columns=("name", "latex"))
    with pytest.raises(ValueError, match="at least one column"):
        rules_table(BASIC_RULES, columns=())
