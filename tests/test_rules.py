"""The rule data: every row is right, has an example, and is printed the textbook way."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy as sp

from calcnotes.rules import (
    BASIC_RULES,
    COMMON_DERIVATIVES,
    DerivativeRule,
    LogBase,
    Sigmoid,
    latex,
    rule,
    rules_table,
)
from calcnotes.verify import Ledger, VerificationError

ALL_RULES = (*BASIC_RULES, *COMMON_DERIVATIVES)
x = sp.Symbol("x")


def test_the_tables_hold_the_rules_the_book_promises() -> None:
    assert [r.key for r in BASIC_RULES] == [
        "constant", "constant-multiple", "power", "sum", "difference", "product",
        "quotient", "chain",
    ]  # fmt: skip
    assert [r.key for r in COMMON_DERIVATIVES] == [
        "const", "x^n", "e^x", "a^x", "ln", "log_a", "sin", "cos", "tan", "arcsin",
        "arctan", "sqrt", "sigmoid", "tanh",
    ]  # fmt: skip
    assert len({r.key for r in ALL_RULES}) == len(ALL_RULES)


@pytest.mark.parametrize("row", ALL_RULES, ids=lambda r: r.key)
def test_every_rule_passes_its_check(row: DerivativeRule) -> None:
    check = Ledger("tests/test_rules.py")
    check.rule(row)
    assert check.count == 1


@pytest.mark.parametrize("row", ALL_RULES, ids=lambda r: r.key)
def test_every_rule_has_a_name_a_note_and_a_concrete_example(row: DerivativeRule) -> None:
    assert row.name and row.note
    assert isinstance(row.example, sp.Basic) and isinstance(row.example_derivative, sp.Basic)
    assert not row.example.atoms(sp.core.function.AppliedUndef)  # concrete, not u(x)
    assert row.example.free_symbols <= {row.var}


@pytest.mark.parametrize("row", ALL_RULES, ids=lambda r: r.key)
def test_flipping_the_sign_of_a_stated_derivative_is_caught(row: DerivativeRule) -> None:
    # -0 is 0, so a zero derivative is mutated by adding 1 instead.
    def mutate(d: sp.Expr) -> sp.Expr:
        return -d if d != 0 else d + 1

    for field in ("derivative", "example_derivative"):
        wrong = dataclasses.replace(row, **{field: mutate(getattr(row, field))})
        with pytest.raises(VerificationError, match=rf"rule '{re.escape(row.key)}': .*differs at"):
            Ledger("book/mutant.md").rule(wrong)


def test_a_row_restated_in_an_equal_form_still_passes() -> None:
    check = Ledger("book/restated.md")
    check.rule(dataclasses.replace(rule("tan"), derivative=1 + sp.tan(x) ** 2))
    check.rule(
        dataclasses.replace(rule("sigmoid"), derivative=sp.exp(-x) / (1 + sp.exp(-x)) ** 2)
    )
    check.rule(dataclasses.replace(rule("tanh"), derivative=1 / sp.cosh(x) ** 2))
    assert check.count == 3


def test_the_notes_the_book_relies_on() -> None:
    notes = {r.key: r.note for r in COMMON_DERIVATIVES}
    assert notes["x^n"] == "Power rule, for any real n"
    assert notes["e^x"] == "Its own derivative"
    assert notes["cos"] == "Note the negative sign"
    assert notes["tan"] == "From the quotient rule on sin/cos"
    assert notes["sqrt"] == "Power rule with n = 1/2"
    assert notes["sigmoid"] == "Sigmoid (ML critical)"
    assert notes["tanh"] == "Hyperbolic tangent"
    assert notes["log_a"] == "Change of base"
    assert notes["arctan"] == "Inverse trig"


def test_rule_looks_rows_up_by_key_and_names_the_keys_when_it_cannot() -> None:
    assert rule("chain") is BASIC_RULES[-1]
    assert rule("tanh") is COMMON_DERIVATIVES[-1]
    with pytest.raises(KeyError, match="no rule 'secant'; known keys: 'constant', "):
        rule("secant")


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
        for line, row in zip(lines[2:], rows):
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
    row = DerivativeRule("abs", "Absolute | value", sp.Abs(x), sp.sign(x), sp.Abs(x), sp.sign(x))
    line = rules_table([row], columns=("name", "function")).splitlines()[2]
    assert line.count(" | ") == 1
    assert r"Absolute \| value" in line and r"\vert" in line


def test_rules_table_rejects_unknown_or_missing_columns() -> None:
    with pytest.raises(ValueError, match="unknown column 'latex'; choose from 'name'"):
        rules_table(BASIC_RULES, columns=("name", "latex"))
    with pytest.raises(ValueError, match="at least one column"):
        rules_table(BASIC_RULES, columns=())


def test_latex_prints_the_book_notation() -> None:
    u, v = sp.Function("u")(x), sp.Function("v")(x)
    f, g = sp.Function("f"), sp.Function("g")(x)
    assert latex(sp.diff(u * v, x)) == "u v' + u' v"  # SymPy's own order when not written
    assert latex(sp.diff(f(g), x)) == "f'(g(x)) g'(x)"
    assert latex(sp.Derivative(u, (x, 2))) == "u''"
    assert latex(sp.log(x)) == r"\ln x"
    assert latex(sp.log(x**2 + 1)) == r"\ln\left(x^{2} + 1\right)"
    assert latex(sp.sin(2 * x)) == r"\sin{\left(2 x \right)}"
    assert latex(sp.atan(x)) == r"\arctan x"
    assert latex(LogBase(x, 2)) == r"\log_{2} x"
    assert latex(Sigmoid(2 * x)) == r"\sigma\left(2 x\right)"
    assert (
        latex(x**2 + 1) == "x^{2} + 1"
    )  # an equal sum in the rule data keeps its order there only


def test_sigmoid_and_logbase_differentiate_from_their_definitions() -> None:
    s = sp.diff(Sigmoid(x), x)
    assert sp.simplify(s - sp.exp(-x) / (1 + sp.exp(-x)) ** 2) == 0
    assert not s.has(Sigmoid)  # computed from the definition, not from the stated rule
    a = sp.Symbol("a", positive=True)
    assert sp.simplify(sp.diff(LogBase(x, a), x) - 1 / (x * sp.log(a))) == 0
    assert Sigmoid(x).rewrite(sp.exp) == 1 / (1 + sp.exp(-x))
    assert LogBase(x, a).rewrite(sp.log) == sp.log(x) / sp.log(a)
    assert abs(float(Sigmoid(1).evalf()) - 0.7310585786300049) < 1e-15
