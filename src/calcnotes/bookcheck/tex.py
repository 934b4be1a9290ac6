"""Read the TeX of the book's formulas into SymPy.

A small recursive-descent parser for the notations the book uses, written so that every
construct has one reading the checker can rely on: a prime is a derivative (never dropped),
``f(x + h)`` is an application only when ``f`` names a function in scope (otherwise it is a
product), ``\\sin x \\cos x`` is a product of two functions, and anything the parser does not
know is an error rather than a guess.

A formula reads into a :class:`Formula`: a list of *statements* (separated by ``,``,
``\\quad``, ``\\text{and}`` ...), each a chain of expressions joined by relations
(``=``, ``\\approx``, ``\\neq``, ``<``, ``>``, ``\\le``, ``\\ge``). A chain with no relation
is a bare expression.

Examples
--------
>>> from calcnotes.bookcheck.tex import Context, parse
>>> formula = parse(r"f'(x) = 3x^2 - 3", Context(functions={"f"}))
>>> statement = formula.statements[0]
>>> statement.relations
('=',)
>>> statement.parts[1]
3*x**2 - 3
>>> parse(r"2 x \\sin(x) + x^{2} \\cos(x)").statements[0].parts[0]
x**2*cos(x) + 2*x*sin(x)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp
from sympy.core.function import AppliedUndef

from calcnotes.rules import Sigmoid

__all__ = [
    "Context",
    "Formula",
    "Statement",
    "TexError",
    "parse",
    "symbol",
    "RELATIONS",
    "ELLIPSIS",
]


class TexError(ValueError):
    """A formula the parser cannot read, with the position of the trouble."""


#: Relation commands and the relation each stands for.
RELATIONS: dict[str, str] = {
    "=": "=",
    r"\approx": "~",
    r"\neq": "!=",
    r"\ne": "!=",
    "<": "<",
    ">": ">",
    r"\le": "<=",
    r"\leq": "<=",
    r"\ge": ">=",
    r"\geq": ">=",
    r"\lt": "<",
    r"\gt": ">",
    r"\to": "->",
    r"\equiv": "=",
    r"\in": "in",
    r"\leftarrow": "<-",
}

_SEPARATORS = {
    ",",
    r"\quad",
    r"\qquad",
    ";",
    r"\Rightarrow",
    r"\implies",
    r"\iff",
    r"\text",
    r"\cup",
}
_SPACES = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\displaystyle", r"\textstyle", "~"}
_SIZES = {
    r"\left", r"\right", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr", r"\big", r"\Big",
    r"\biggl", r"\biggr", r"\Biggl", r"\Biggr", r"\middle",
}  # fmt: skip
_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "Delta", "Gamma", "Theta", "Lambda", "Phi",
    "Psi", "Omega",
}  # fmt: skip
_ELEMENTARY = {
    r"\sin": sp.sin, r"\cos": sp.cos, r"\tan": sp.tan, r"\sec": sp.sec, r"\csc": sp.csc,
    r"\cot": sp.cot, r"\arcsin": sp.asin, r"\arccos": sp.acos, r"\arctan": sp.atan,
    r"\sinh": sp.sinh, r"\cosh": sp.cosh, r"\tanh": sp.tanh, r"\exp": sp.exp,
    r"\ln": sp.log, r"\log": sp.log,
}  # fmt: skip
_NAMED = {
    "relu": lambda z: sp.Max(0, z),
    "softplus": lambda z: sp.log(1 + sp.exp(z)),
    "sigmoid": Sigmoid,
    "sign": sp.sign,
    "sgn": sp.sign,
}
_ACCENTS = {
    r"\hat": "hat",
    r"\bar": "bar",
    r"\tilde": "tilde",
    r"\mathbf": "bold",
    r"\boldsymbol": "bold",
    r"\vec": "vec",
}
_OPEN = {"(": ")", "[": "]", r"\{": r"\}", r"\lbrack": r"\rbrack"}
_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<cmd>\\[A-Za-z]+|\\.)|(?P<sym>''*|[A-Za-z]|[^\sA-Za-z0-9]))"
)


#: What ``\\dots`` reads as: a part of a chain that contains it is not checked.
ELLIPSIS = sp.Symbol("_ellipsis")


def symbol(name: str) -> sp.Symbol:
    """The symbol the parser makes for a name: real-valued, so checks sample real points."""
    return sp.Symbol(name, real=True)


@dataclass
class Context:
    """What the parser must know of the names in scope.

    Attributes
    ----------
    functions : set[str]
        Names that are functions: ``f(x + h)`` applies ``f``; any other letter before a
        bracket multiplies it.
    var : str
        The variable a prime differentiates by when the argument does not say (``y'``).
    dependent : dict[str, str]
        Names that stand for a function of a variable even when written bare: ``y`` of
        ``x`` in implicit differentiation, ``r`` of ``t`` in related rates.
    """

    functions: set[str] = field(default_factory=lambda: {"f", "g"})
    var: str = "x"
    dependent: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """A chain ``parts[0] relations[0] parts[1] ...``; no relation for a bare expression."""

    parts: tuple[sp.Basic, ...]
    relations: tuple[str, ...]
    #: the TeX of each part, as typed
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Formula:
    """Every statement of one formula, in order."""

    tex: str
    statements: tuple[Statement, ...]


def _drop_sizes(tokens: list[str]) -> list[str]:
    """Drop ``\\left``, ``\\bigl`` ...; ``\\left.`` (an invisible bracket) becomes ``\\eval``."""
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token in _SIZES:
            if token == r"\left" and index + 1 < len(tokens) and tokens[index + 1] == ".":
                out.append(r"\eval")
            continue
        if token == "." and out and out[-1] == r"\eval":
            continue
        out.append(token)
    return out


def _tokens(tex: str) -> list[str]:
    out: list[str] = []
    pos = 0
    tex = tex.rstrip()
    while pos < len(tex):
        match = _TOKEN.match(tex, pos)
        if match is None:
            if tex[pos:].strip() == "":
                break
            raise TexError(f"cannot read {tex[pos : pos + 10]!r}")
        pos = match.end()
        token = match.group(match.lastgroup or "sym")
        if token in _SPACES:
            continue
        out.append(token)
    return out


_DEFINED_FUNCTION = re.compile(
    r"(?:^|,|\\q?quad|\})\s*(\\?[A-Za-z]+)(?:_\{?(\w+)\}?)?"
    r"\(\s*(?:[A-Za-z]|\\[a-z]+)(\s*,\s*(?:[A-Za-z]|\\[a-z]+))*\s*\)\s*="
)
_DECLARED_DEPENDENT = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*=\s*\1\(([A-Za-z])\)")


class _Parser:
    def __init__(self, tex: str, context: Context) -> None:
        self.tex = tex
        functions, dependent = set(context.functions), dict(context.dependent)
        for defined in _DEFINED_FUNCTION.finditer(tex):
            # F(x, y) = ...: its parameters are plain variables here, even a y = y(x)
            for parameter in re.findall(
                r"[A-Za-z]", defined.group(0).split("(", 1)[1].split(")")[0]
            ):
                dependent.pop(parameter, None)
            if len(defined[1]) == 1:
                # "A(x) = 2x..." defines a function A: read A(...) as an application throughout
                functions.add(defined[1] if not defined[2] else f"{defined[1]}_{defined[2]}")
        for declared in _DECLARED_DEPENDENT.finditer(tex):
            dependent.setdefault(declared[1], declared[2])  # "y = y(x)"
        for letter in re.findall(r"([A-Za-z])(?:_\{?\w+\}?)?'", re.sub(r"\\[A-Za-z]+", " ", tex)):
            # a letter with a prime is a function of the variable, also where it stands bare
            if letter not in functions:
                dependent.setdefault(letter, context.var)
        self.context = Context(functions, context.var, dependent)
        self.tokens = _drop_sizes(_tokens(tex))
        self.pos = 0
        self.bars = 0
        self.matrices: list[sp.ImmutableMatrix] = []

    def expression_only(self) -> sp.Expr:
        """One expression filling the whole text (a matrix entry)."""
        value = self.expression()
        if self.peek() is not None:
            raise self.error(f"unexpected {self.peek()!r} in a matrix entry")
        return value

    # -- token helpers -------------------------------------------------------------------

    def peek(self, offset: int = 0) -> str | None:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise TexError(f"{self.tex!r} ends too early")
        self.pos += 1
        return token

    def expect(self, token: str) -> None:
        found = self.take()
        if found != token:
            raise TexError(f"expected {token!r} but found {found!r} in {self.tex!r}")

    def error(self, message: str) -> TexError:
        near = " ".join(self.tokens[self.pos : self.pos + 4])
        return TexError(f"{message} near {near!r} in {self.tex!r}")

    # -- statements ----------------------------------------------------------------------

    def formula(self) -> Formula:
        statements: list[Statement] = []
        while self.peek() is not None:
            if self.peek() in _SEPARATORS:
                separator = self.take()
                if separator == r"\text":
                    self.group_text()
                continue
            if self.peek() == "." and self.peek(1) is None:
                self.take()
                break
            statements.append(self.statement())
        return Formula(self.tex, tuple(statements))

    def group_text(self) -> str:
        """Skip a ``{...}`` argument of ``\\text`` and return it."""
        self.expect("{")
        depth, words = 1, []
        while depth:
            token = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth:
                words.append(token)
        return "".join(words)

    def _bracketed_relation(self) -> bool:
        """Whether a ``(`` opens a relation, as in ``(F_y \\neq 0)``."""
        if self.peek() != "(":
            return False
        depth, index = 0, self.pos
        while index < len(self.tokens):
            token = self.tokens[index]
            depth += {"(": 1, ")": -1, "{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return False
            if depth == 1 and token in RELATIONS:
                return True
            index += 1
        return False

    def statement(self) -> Statement:
        if self._bracketed_relation():
            self.take()
            inner = self.statement()
            self.expect(")")
            return inner
        start = self.pos
        parts = [self.expression()]
        texts = [self.span(start)]
        relations: list[str] = []
        while self.peek() in RELATIONS:
            relations.append(RELATIONS[self.take()])
            start = self.pos
            if self.peek() is None or self.peek() in _SEPARATORS:
                parts.append(sp.Symbol("_blank"))  # "f'(2) =" waiting for a glued value
                texts.append("")
                continue
            parts.append(self.expression())
            texts.append(self.span(start))
        return Statement(tuple(parts), tuple(relations), tuple(texts))

    def span(self, start: int) -> str:
        return " ".join(self.tokens[start : self.pos])

    # -- expressions ---------------------------------------------------------------------

    def expression(self) -> sp.Expr:
        sign = 1
        if self.peek() in ("+", "-"):
            sign = -1 if self.take() == "-" else 1
        elif self.peek() in (r"\pm", r"\mp"):
            self.take()  # x = \pm 1: the two values
            value = self.term()
            if (
                self.peek() is not None
                and self.peek() not in RELATIONS
                and self.peek() not in _SEPARATORS
            ):
                raise self.error("\\pm before more terms stands for two formulas; write them out")
            return sp.FiniteSet(value, -value)
        result = sign * self.term()
        while self.peek() in ("+", "-", r"\pm"):
            op = self.take()
            if op == r"\pm":
                raise self.error("\\pm inside an expression stands for two formulas")
            term = self.term()
            result = result + term if op == "+" else result - term
        return result

    def term(self) -> sp.Expr:
        result = self.factor()
        while True:
            token = self.peek()
            if token in ("*", r"\cdot", r"\times"):
                self.take()
                result = result * self.factor()
            elif token in ("/", r"\div"):
                self.take()
                result = result / self.factor()
            elif token is not None and self.starts_factor(token):
                result = result * self.factor()
            else:
                return result

    def starts_factor(self, token: str) -> bool:
        if token in RELATIONS or token in _SEPARATORS:
            return False
        if token == "|":
            return self.bars == 0  # inside |...| a bar closes; outside it opens a factor
        if token in ("+", "-", "*", "/", ")", "]", "}", r"\}", "^", "_", "!", ",", ".", "="):
            return False
        return token not in (r"\rvert", r"\rVert", r"\cdot", r"\times", r"\pm", r"\mp", r"\rbrack")

    def factor(self) -> sp.Expr:
        if self.peek() == "-":
            self.take()
            return -self.factor()
        if self.peek() == "+":
            self.take()
            return self.factor()
        base = self.postfix()
        return base

    def postfix(self) -> sp.Expr:
        base = self.atom()
        while True:
            token = self.peek()
            if token == "^":
                self.take()
                base = base ** self.script()
            elif token == "!":
                self.take()
                base = sp.factorial(base)
            elif token is not None and set(token) == {"'"}:
                self.take()  # (uv)': the derivative of the bracket by the variable
                base = sp.Derivative(base, (symbol(self.context.var), len(token)))
            else:
                return base

    def script(self) -> sp.Expr:
        """The argument of ``^`` or ``_``: a group, or a single character."""
        token = self.peek()
        if token == "{":
            return self.group()
        if token is not None and re.fullmatch(r"\d+(\.\d+)?", token):
            self.take()
            if len(token) > 1:  # x^23 is x^2 3 in TeX
                self.tokens.insert(self.pos, token[1:])
            return sp.Integer(int(token[0]))
        if token == "-":
            self.take()
            return -self.script()
        return self.atom()

    def group(self) -> sp.Expr:
        self.expect("{")
        if self.peek() == "}":
            raise self.error("an empty group")
        value = self.expression()
        self.expect("}")
        return value

    def raw_group(self) -> list[str]:
        """The tokens of a ``{...}`` group, unparsed."""
        if self.peek() != "{":
            token = self.take()
            if re.fullmatch(r"\d+(\.\d+)?", token) and len(token) > 1:  # \frac12: 1 and 2
                self.tokens.insert(self.pos, token[1:])
                return [token[0]]
            return [token]
        self.take()
        depth, out = 1, list[str]()
        while True:
            token = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                return out
            out.append(token)

    # -- atoms ---------------------------------------------------------------------------

    def atom(self) -> sp.Expr:
        token = self.peek()
        if token is None:
            raise self.error("a value is missing")
        if re.fullmatch(r"\d+(\.\d+)?|\.\d+", token):
            self.take()
            return _number(token)
        if token == "{":
            return self.group()
        if token in _OPEN:
            return self.bracketed()
        if token in ("|", r"\lvert", r"\vert"):
            return self.absolute()
        if token in (r"\lVert", r"\Vert"):
            raise self.error("norms are not read yet")
        if token == r"\matrixslot":
            self.take()
            self.expect("{")
            index = int(self.take() or "0")
            self.expect("}")
            return self.matrices[index]
        if token.startswith("\\"):
            return self.command()
        if re.fullmatch(r"[A-Za-z]", token):
            return self.name(token)
        if token == "'":
            raise self.error("a prime without a function")
        raise self.error(f"unexpected {token!r}")

    def bracketed(self) -> sp.Expr:
        opener = self.take()
        close = _OPEN[opener]
        value = self.expression()
        if self.peek() == ",":  # a point (3, 3) or an interval [a, b]
            items = [value]
            while self.peek() == ",":
                self.take()
                items.append(self.expression())
            ending = self.take()
            if ending not in (")", "]", "["):
                raise self.error("a point or interval must close")
            return sp.Tuple(*items)
        self.expect(close)
        return value

    def absolute(self) -> sp.Expr:
        opener = self.take()
        closer = {"|": "|", r"\lvert": r"\rvert", r"\vert": r"\vert"}[opener]
        self.bars += 1
        value = self.expression()
        self.bars -= 1
        self.expect(closer)
        return sp.Abs(value)

    def name(self, letter: str) -> sp.Expr:
        self.take()
        name = letter
        if self.peek() == "_":
            self.take()
            sub = self.raw_group()
            if letter in self.context.functions and len(sub) == 1 and sub[0].isalpha():
                return self.partial_subscript(letter, sub[0])
            name = f"{letter}_{''.join(sub)}"
        if self.peek() == "^" and self.peek(1) in (r"\ast", "*"):
            self.take(), self.take()
            return symbol(f"{name}_ast")  # h^\ast: the best step, a name of its own
        if name == "O" and self.peek() == "(" and "O" not in self.context.functions:
            (order,) = self.arguments()
            return sp.Order(order, *sorted(order.free_symbols, key=str)[:1])  # O(h^4)
        primes = 0
        while self.peek() is not None and set(self.peek() or "") == {"'"}:
            primes += len(self.take())
        if self._order_superscript(name):
            # f^{(n)}: the n-th derivative
            self.take()
            tokens = self.raw_group()
            order = _Parser(" ".join(tokens[1:-1]), self.context).expression()
            return self.applied(name, order)
        if (
            name in self.context.functions | set(self.context.dependent)
            and not primes
            and self.peek() == "^"
            and self._power_then_call()
        ):
            self.take()
            power = self.script()
            return self.applied(name, 0) ** power
        if name == "e" and not primes and name not in self.context.functions:
            return sp.E
        if primes or name in self.context.functions or name in self.context.dependent:
            return self.applied(name, primes)
        if self.peek() == "(" and self._comma_in_brackets():
            return self.applied(name, 0)  # F(x, y) can only be an application
        return symbol(name)

    def _comma_in_brackets(self) -> bool:
        depth, index = 0, self.pos
        while index < len(self.tokens):
            token = self.tokens[index]
            depth += {"(": 1, ")": -1, "{": 1, "}": -1, "[": 1, "]": -1}.get(token, 0)
            if depth == 0:
                return False
            if depth == 1 and token == ",":
                return True
            index += 1
        return False

    def _order_superscript(self, name: str) -> bool:
        """Whether ``^{(...)}`` follows: an order of derivative (f^{(4)}), not a power (e^{(x + 1)y})."""
        if name == "e" and name not in self.context.functions:
            return False
        if not (self.peek() == "^" and self.peek(1) == "{" and self.peek(2) == "("):
            return False
        depth, index = 0, self.pos + 2
        while index < len(self.tokens):
            depth += {"(": 1, ")": -1}.get(self.tokens[index], 0)
            if depth == 0:
                return index + 1 < len(self.tokens) and self.tokens[index + 1] == "}"
            index += 1
        return False

    def _power_then_call(self) -> bool:
        """Whether ``^{...}`` is followed by ``(``: SymPy's way of printing f(x)^2 as f^{2}(x)."""
        if self.peek(1) != "{":
            return self.peek(2) == "("
        depth, index = 0, self.pos + 1
        while index < len(self.tokens):
            depth += {"{": 1, "}": -1}.get(self.tokens[index], 0)
            if depth == 0:
                return index + 1 < len(self.tokens) and self.tokens[index + 1] == "("
            index += 1
        return False

    def partial_subscript(self, name: str, var: str) -> sp.Expr:
        """``F_x``: the partial derivative of ``F`` by ``x``, at the point its arguments name.

        Written bare, ``F_y`` is taken at ``(x, y)``; where ``y`` stands for ``y(x)``, at
        ``(x, y(x))``: the derivative in ``y`` with ``x`` held fixed, then evaluated there.
        """
        args = self.arguments() if self.peek() == "(" else None
        if args is None:
            args = [symbol("x"), symbol("y")]  # F_x: F of x and y, as the book writes it
            args = [sp.Function(a.name)(symbol(self.context.dependent[a.name]))
                    if a.name in self.context.dependent else a for a in args]  # fmt: skip
        names = [
            a.name
            if isinstance(a, sp.Symbol)
            else a.func.__name__
            if isinstance(a, AppliedUndef)
            else f"p{i}"
            for i, a in enumerate(args)
        ]
        if var not in names:
            raise self.error(f"{name}_{var}: {var} is not one of the arguments of {name}")
        slots = [sp.Dummy(n, real=True) for n in names]
        inner = sp.Derivative(sp.Function(name)(*slots), slots[names.index(var)])
        if all(isinstance(a, sp.Symbol) for a in args):
            return inner.xreplace(dict(zip(slots, args, strict=False)))
        return sp.Subs(inner, slots, args)

    def arguments(self) -> list[sp.Expr]:
        self.expect("(")
        args = [self.expression()]
        while self.peek() == ",":
            self.take()
            args.append(self.expression())
        self.expect(")")
        return args

    def applied(self, name: str, order: sp.Expr | int) -> sp.Expr:
        """A function name with its primes (or ``(n)`` order) and its arguments."""
        var = symbol(self.context.dependent.get(name, self.context.var))
        own_argument = self.peek(1) == var.name and self.peek(2) == ")"
        if self.peek() == "(" and (name not in self.context.dependent or own_argument):
            args = self.arguments()
        elif name in self.context.dependent:
            args = [var]  # y'(3y^2 - 6x) multiplies: y is y(x)
        else:
            args = [var]  # a bare u in u'v + uv' is u(x)
        function = sp.Function(name)
        if order == 0:
            return function(*args)
        if len(args) != 1:
            raise self.error(f"a prime on {name} of several arguments")
        (arg,) = args
        if arg == var or (isinstance(arg, sp.Symbol) and not isinstance(order, int)):
            return sp.Derivative(function(arg), (arg, order))
        dummy = sp.Dummy("t", real=True)
        return sp.Subs(sp.Derivative(function(dummy), (dummy, order)), dummy, arg)

    def command(self) -> sp.Expr:
        token = self.take()
        name = token[1:]
        if token in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if token == r"\sqrt":
            index = None
            if self.peek() == "[":
                self.take()
                index = self.expression()
                self.expect("]")
            value = self.script() if self.peek() != "{" else self.group()
            return sp.sqrt(value) if index is None else sp.root(value, index)
        if token in _ELEMENTARY:
            return self.elementary(token)
        if token == r"\sigma":
            return self.named_call("sigmoid", token)
        if token == r"\nabla" and self.peek() == "_":
            # \nabla_\theta L(\theta_t) of a function of one parameter: its derivative there
            self.take()
            self.script()
            name = self.take()
            if name not in self.context.functions:
                raise self.error(f"the gradient of {name}, which is not a function here")
            return self.applied(name, 1)
        if token in (r"\operatorname", r"\mathrm", r"\text", r"\mathit"):
            word = "".join(self.raw_group())
            if word.lower() in _NAMED:
                return self.named_call(word.lower(), token)
            if len(word) == 1:
                return self.name_after(word)
            raise self.error(f"unknown function {word!r}")
        if token in (r"\max", r"\min"):
            args = self.arguments()
            return (sp.Max if token == r"\max" else sp.Min)(*args)
        if token in (r"\dots", r"\cdots", r"\ldots"):
            return ELLIPSIS
        if token == r"\pi":
            return sp.pi
        if token == r"\infty":
            return sp.oo
        if token == r"\lim":
            return self.limit()
        if token == r"\eval":
            return self.evaluated()
        if token == r"\sum":
            return self.sum()
        if token in _ACCENTS:
            inner = "".join(self.raw_group())
            return symbol(f"{inner}{_ACCENTS[token]}")  # SymPy prints yhat as \hat{y}
        if (
            name == "Delta"
            and self.peek() is not None
            and re.fullmatch(r"[a-z]", self.peek() or "")
        ):
            return symbol(f"Delta_{self.take()}")  # \Delta x is one name: the change in x
        if name in _GREEK:
            return self.name_after(name)
        if token == r"\partial":
            raise self.error("a lone \\partial")
        raise self.error(f"unknown command {token}")

    def name_after(self, name: str) -> sp.Expr:
        """A Greek or roman name already taken: push it back as a letter-like token."""
        self.tokens.insert(self.pos, name)
        return self.name_token()

    def name_token(self) -> sp.Expr:
        token = self.take()
        name = token
        if self.peek() == "_":
            self.take()
            name = f"{token}_{''.join(self.raw_group())}"
        if name in self.context.functions and self.peek() in ("(", "'"):
            primes = 0
            while self.peek() is not None and set(self.peek() or "") == {"'"}:
                primes += len(self.take())
            return self.applied(name, primes)
        return symbol(name)

    def named_call(self, key: str, token: str) -> sp.Expr:
        function = _NAMED[key]
        power = None
        if self.peek() == "^":
            self.take()
            power = self.script()
        primes = 0
        while self.peek() is not None and set(self.peek() or "") == {"'"}:
            primes += len(self.take())
        if self.peek() != "(":
            raise self.error(f"{token} needs its argument in brackets")
        args = self.arguments()
        if len(args) != 1:
            raise self.error(f"{token} takes one argument")
        value = _derivative_at(function, args[0], primes)
        return value if power is None else value**power

    def elementary(self, token: str) -> sp.Expr:
        function = _ELEMENTARY[token]
        base = None
        if token in (r"\log",) and self.peek() == "_":
            self.take()
            base = self.script()
        power = None
        if self.peek() == "^":
            self.take()
            power = self.script()
            if power == -1 and token != r"\exp":
                raise self.error(f"{token}^{{-1}} is ambiguous; write the inverse function")
        if self.peek() in _OPEN:
            argument = self.bracketed()
        elif self.peek() == "{":
            argument = self.group()
        else:
            argument = self.loose_argument()
        value = function(argument) if base is None else sp.log(argument, base)
        return value if power is None else value**power

    def loose_argument(self) -> sp.Expr:
        """``\\sin 2x`` is sin(2x); the argument stops before another function or operator."""
        value = self.postfix()
        while True:
            token = self.peek()
            if token is None or not self.starts_factor(token):
                return value
            if token.startswith("\\") and token not in (r"\pi",) and token[1:] not in _GREEK:
                return value
            if token in _OPEN or token in ("|", r"\lvert"):
                return value
            value = value * self.postfix()

    def fraction(self) -> sp.Expr:
        top = self.raw_group()
        bottom = self.raw_group()
        derivative = self.derivative_operator(top, bottom)
        if derivative is not None:
            return derivative
        numerator = _Parser(" ".join(top), self.context)._whole()
        denominator = _Parser(" ".join(bottom), self.context)._whole()
        return numerator / denominator

    def _whole(self) -> sp.Expr:
        value = self.expression()
        if self.peek() is not None:
            raise self.error("unexpected text")
        return value

    def derivative_operator(self, top: list[str], bottom: list[str]) -> sp.Expr | None:
        """``\\frac{d}{dx}``, ``\\frac{dy}{dx}``, ``\\frac{d^2 y}{dx^2}``, ``\\frac{\\partial F}{\\partial x}``."""
        if not top or top[0] not in ("d", r"\partial") or not bottom or bottom[0] != top[0]:
            return None
        if top[0] == "d" and (len(bottom) < 2 or not re.fullmatch(r"[A-Za-z]|\\[a-z]+", bottom[1])):
            return None
        order: sp.Expr = sp.Integer(1)
        rest = top[1:]
        if rest[:1] == ["^"]:
            reader = _Parser(" ".join(rest[1:]), self.context)
            order = reader.script()
            rest = reader.tokens[reader.pos :]
        variables = _Parser(" ".join(bottom), self.context).denominator_variables(top[0])
        if sp.simplify(sum(count for _, count in variables) - order) != 0:
            raise self.error("the orders on top and below the fraction bar differ")
        if rest:
            function = _Parser(" ".join(rest), self.context)._whole()
            if len(rest) == 1 and isinstance(function, (AppliedUndef, sp.Symbol)):
                # dL/dw: L is a function of the variables below the bar (its definition,
                # if the page gives one, replaces it)
                name = (
                    function.func
                    if isinstance(function, AppliedUndef)
                    else sp.Function(function.name)
                )
                function = name(*[variable for variable, _ in variables])
            return sp.Derivative(function, *variables)
        # an operator: it applies to the bracket that follows, or else to the product
        operand = self.postfix() if self.peek() in _OPEN else self.term()
        return sp.Derivative(operand, *variables)

    def denominator_variables(self, d: str) -> list[tuple[sp.Symbol, sp.Expr]]:
        out: list[tuple[sp.Symbol, sp.Expr]] = []
        while self.peek() is not None:
            if self.take() != d:
                raise self.error("expected d or \\partial in the denominator")
            name = self.take()
            if name.startswith("\\"):
                name = name[1:]
            count: sp.Expr = sp.Integer(1)
            if self.peek() == "^":
                self.take()
                count = self.script()
            out.append((symbol(name), count))
        return out

    def evaluated(self) -> sp.Expr:
        """``\\left. \\frac{d^2}{dt^2} f(t) \\right|_{t=0}``: the expression at a point."""
        self.bars += 1
        value = self.expression()
        self.bars -= 1
        self.expect("|")
        self.expect("_")
        tokens = [t for t in self.raw_group() if t not in (r"\substack", "{", "}")]
        split = tokens.index("=")
        variable = symbol("".join(tokens[:split]))
        point = _Parser(" ".join(tokens[split + 1 :]), self.context)._whole()
        return sp.Subs(value, variable, point)

    def limit(self) -> sp.Expr:
        self.expect("_")
        tokens = self.raw_group()
        if r"\to" not in tokens:
            raise self.error("a limit needs x \\to a")
        split = tokens.index(r"\to")
        var = _Parser(" ".join(tokens[:split]), self.context)._whole()
        target_tokens = tokens[split + 1 :]
        direction = "+-"
        if target_tokens[-2:] in (["^", "+"], ["^", "-"]):
            direction = target_tokens[-1]
            target_tokens = target_tokens[:-2]
        target = _Parser(" ".join(target_tokens), self.context)._whole()
        body = self.term()
        return sp.Limit(body, var, target, dir=direction)

    def sum(self) -> sp.Expr:
        self.expect("_")
        lower = self.raw_group()
        if "=" in lower:
            split = lower.index("=")
            index = symbol("".join(lower[:split]))
            start = _Parser(" ".join(lower[split + 1 :]), self.context)._whole()
        else:
            index, start = symbol("".join(lower)), sp.Integer(1)
        end: sp.Expr = symbol("n")
        if self.peek() == "^":
            self.take()
            end = self.script()
        body = self.term()
        return sp.Sum(body, (index, start, end))


def _derivative_at(function, argument: sp.Expr, primes: int) -> sp.Expr:
    if not primes:
        return function(argument)
    dummy = sp.Dummy("t", real=True)
    derivative = sp.diff(function(dummy), dummy, primes)
    return derivative.subs(dummy, argument)


def _number(token: str) -> sp.Expr:
    """A decimal as typed: exact (0.25 is 1/4), so that proofs stay exact."""
    if "." in token:
        return sp.Rational(Fraction(token).numerator, Fraction(token).denominator)
    return sp.Integer(int(token))


_ALIGNED = re.compile(r"\\begin\{(aligned|align\*?|gathered|split)\}(?P<body>.*?)\\end\{\1\}", re.S)


def _unalign(tex: str) -> str:
    """An ``aligned`` block as one chain per line; a line starting with ``&=`` continues the last."""
    match = _ALIGNED.search(tex)
    if not match:
        return tex
    lines = [line.replace("&", " ").strip() for line in match["body"].split("\\\\")]
    chains: list[str] = []
    for line in filter(None, lines):
        if chains and re.match(r"^(=|\\approx|<|>|\\le|\\ge)", line):
            chains[-1] += " " + line
        else:
            chains.append(line.rstrip(",. "))
    return " , ".join(chain.rstrip(",. ") for chain in chains)


_MATRIX = re.compile(r"\\begin\{([pb]matrix)\}(?P<body>.*?)\\end\{\1\}", re.S)


def _matrices(tex: str, context: Context) -> tuple[str, list[sp.ImmutableMatrix]]:
    """Each ``pmatrix`` as a slot ``\\matrixslot{i}`` and its entries, read one by one."""
    found: list[sp.ImmutableMatrix] = []

    def slot(match: re.Match[str]) -> str:
        rows = [row for row in match["body"].split("\\\\") if row.strip()]
        entries = [
            [_Parser(entry, context).expression_only() for entry in row.split("&")] for row in rows
        ]
        if len({len(row) for row in entries}) != 1:
            raise TexError("the rows of a matrix have different lengths")
        found.append(sp.ImmutableMatrix(entries))
        return f" \\matrixslot{{{len(found) - 1}}} "

    return _MATRIX.sub(slot, tex), found


_SLASHED = re.compile(r"(?<![\\A-Za-z])d([A-Za-z])\s*/\s*d([A-Za-z])(?![A-Za-z])")


def _unslash(tex: str) -> str:
    """``dL/dw`` (a derivative written inline) as ``\\frac{dL}{dw}``."""
    return _SLASHED.sub(r"\\frac{d\1}{d\2}", tex)


def parse(tex: str, context: Context | None = None) -> Formula:
    """Read one formula.

    Parameters
    ----------
    tex : str
        The TeX between the dollar signs.
    context : Context or None
        The names in scope (default: ``f`` and ``g`` are functions, ``x`` the variable).

    Returns
    -------
    Formula
        Its statements.

    Raises
    ------
    TexError
        If the formula uses notation the parser does not read.

    Examples
    --------
    >>> from calcnotes.bookcheck.tex import Context, parse
    >>> parse(r"\\frac{d}{dx}\\left[x^3\\right] = 3x^2").statements[0].parts
    (Derivative(x**3, x), 3*x**2)
    >>> parse(r"u'v + uv'", Context(functions={"u", "v"})).statements[0].parts[0]
    u(x)*Derivative(v(x), x) + v(x)*Derivative(u(x), x)
    """
    context = context or Context()
    text, matrices = _matrices(_unslash(_unalign(tex)), context)
    parser = _Parser(text, context)
    parser.matrices = matrices
    return parser.formula()
