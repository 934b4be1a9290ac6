"""The rule data: every row is right, has an example and a note, and is found by its key."""

from __future__ import annotations

import dataclasses
import re

import pytest
import sympy as sp

from calcnotes.rules import BASIC_RULES, COMMON_DERIVATIVES, DerivativeRule, rule
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
    check.rule(dataclasses.replace(rule("sigmoid"), derivative=sp.exp(-x) / (1 + sp.exp(-x)) ** 2))
    check.rule(dataclasses.replace(rule("tanh"), derivative=1 / sp.cosh(x) ** 2))
    assert check.count == 3


def test_the_notes_the_book_relies_on() -> None:
    notes = {r.key: r.note for r in COMMON_DERIVATIVES}
    assert (
        notes["x^n"]
        == "Power rule, for any real n (for x > 0; for every x when n is a whole number)"
    )
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


def test_rows_are_written_with_keywords() -> None:
    with pytest.raises(TypeError):
        DerivativeRule("square", "Square", x**2, 2 * x, 3 * x**2, 6 * x)  # type: ignore[call-arg]
    row = dataclasses.replace(rule("cos"), note="changed")
    assert row.note == "changed" and row.derivative == -sp.sin(x)


def test_the_old_names_calcnotes_verify_imports_still_resolve() -> None:
    from calcnotes import printing, rules, sympy_functions

    assert rules._text is printing.plain_text
    assert rules._DefinedFunction is sympy_functions.DefinedFunction
    assert rules.rules_table is __import__("calcnotes.tables").tables.rules_table
