"""Sigmoid and LogBase: differentiated from their definitions, evaluated, rewritten."""

from __future__ import annotations

import sympy as sp

from calcnotes.sympy_functions import DefinedFunction, LogBase, Sigmoid

x = sp.Symbol("x")


def test_sigmoid_and_logbase_differentiate_from_their_definitions() -> None:
    s = sp.diff(Sigmoid(x), x)
    assert sp.simplify(s - sp.exp(-x) / (1 + sp.exp(-x)) ** 2) == 0
    assert not s.has(Sigmoid)  # computed from the definition, not from the stated rule
    a = sp.Symbol("a", positive=True)
    assert sp.simplify(sp.diff(LogBase(x, a), x) - 1 / (x * sp.log(a))) == 0
    assert Sigmoid(x).rewrite(sp.exp) == 1 / (1 + sp.exp(-x))
    assert LogBase(x, a).rewrite(sp.log) == sp.log(x) / sp.log(a)
    assert abs(float(Sigmoid(1).evalf()) - 0.7310585786300049) < 1e-15


def test_both_are_defined_functions() -> None:
    assert isinstance(Sigmoid(x), DefinedFunction) and isinstance(LogBase(x, 2), DefinedFunction)
