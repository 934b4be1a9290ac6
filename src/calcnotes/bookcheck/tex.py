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
from dataclasses import dataclass, field, replace
from fractions import Fraction

import sympy as sp
from sympy.core.function import AppliedUndef

from calcnotes.bookcheck import arrays as _arrays
from calcnotes.bookcheck.arrays import ShapeMismatchError, is_array
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
    "SPACE",
    "defined_name",
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
    r"\succ": ">>",
    ":": ":",
    r"\succeq": ">>=",
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


#: What ``\\mathbb{R}^{m \\times n}`` reads as: the letter and the two sizes of the shape.
SPACE = sp.Function("_space")

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
    #: the parameters of functions of several variables, in order: ``f`` -> ``("x", "y")``
    #: (the order of the gradient's entries, and of the arguments of ``f_x(1, 2)``)
    parameters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: vectors and matrices by name (``ubold`` for ``\mathbf u``, ``A``): their values, explicit
    arrays: dict[str, sp.ImmutableMatrix] = field(default_factory=dict)
    #: the concrete value of each symbolic size (``n`` -> 3) while a formula is read at a size
    sizes: dict[str, int] = field(default_factory=dict)
    #: names defined by a formula in symbolic sizes, read again wherever they are used:
    #: name -> (its parameters, the TeX of its definition)
    macros: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    #: the values of a function's scalar parameters while its definition is read again
    values: dict[str, sp.Basic] = field(default_factory=dict)
    #: functions of one variable the page defines: applied to a vector, entry by entry
    unary: set[str] = field(default_factory=set)
    #: entry indices bound to a number (``i`` -> 2) while a formula with a free index is read
    indices: dict[str, int] = field(default_factory=dict)


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


_PARAMETER = r"(?:[A-Za-z]|\\[a-z]+)(?:_\{?\w+\}?)?"
_DEFINED_FUNCTION = re.compile(
    r"(?:^|,|\\q?quad|\})\s*(\\?[A-Za-z]+)(?:_\{?(\w+)\}?)?"
    rf"\(\s*{_PARAMETER}(\s*,\s*{_PARAMETER})*\s*\)\s*="
)


def _parameter_names(text: str) -> tuple[str, ...]:
    """``x, y`` or ``w_{1}, w_2`` as the names the parser gives them: ``("w_1", "w_2")``."""
    names = []
    for part in text.split(","):
        part = part.strip().lstrip("\\")
        part = re.sub(r"_\{(\w+)\}", r"_\1", part)
        names.append(part.replace(" ", ""))
    return tuple(names)


_DECLARED_DEPENDENT = re.compile(r"(?<![\\A-Za-z])([A-Za-z])\s*=\s*\1\(([A-Za-z])\)")


class _Parser:
    def __init__(self, tex: str, context: Context) -> None:
        self.tex = tex
        functions, dependent = set(context.functions), dict(context.dependent)
        parameters = dict(context.parameters)
        for defined in _DEFINED_FUNCTION.finditer(tex):
            # F(x, y) = ...: its parameters are plain variables here, even a y = y(x)
            names = _parameter_names(defined.group(0).split("(", 1)[1].split(")")[0])
            for parameter in names:
                dependent.pop(parameter, None)
            greek = defined[1].startswith("\\") and defined[1][1:] in _GREEK
            if len(defined[1]) == 1 or greek:
                # "A(x) = 2x..." defines a function A: read A(...) as an application throughout
                # (\varphi(\eta) = ... too)
                name = defined[1].lstrip("\\")
                name = name if not defined[2] else f"{name}_{defined[2]}"
                functions.add(name)
                if len(names) > 1 and not defined.group(0).lstrip().startswith("}"):
                    parameters[name] = names  # (not D_{\\mathbf u} f(a, b) = ...: a point)
        for declared in _DECLARED_DEPENDENT.finditer(tex):
            dependent.setdefault(declared[1], declared[2])  # "y = y(x)"
        for letter in re.findall(r"([A-Za-z])(?:_\{?\w+\}?)?'", re.sub(r"\\[A-Za-z]+", " ", tex)):
            # a letter with a prime is a function of the variable, also where it stands bare
            if letter not in functions:
                dependent.setdefault(letter, context.var)
        self.context = replace(
            context, functions=functions, dependent=dependent, parameters=parameters
        )
        self.tokens = _drop_sizes(_tokens(tex))
        self.pos = 0
        self.bars = 0
        self.norms = 0
        #: sum indices bound to a number while a sum over entries is written out
        self.indices: dict[str, int] = dict(context.indices)
        #: how far each index runs, found while reading a sum over entries
        self.ranges: dict[str, int] = {}
        self.matrices: list[sp.ImmutableMatrix] = []
        self.matrix_tex: list[str] = []
        #: sizes the formula's braces state (``m \\times k``), where no declaration gives them
        self.brace_sizes: dict[str, int] = {}

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
        text = " ".join(self.tokens[start : self.pos])
        return re.sub(  # a matrix as typed, so that a definition can be read again
            r"\\matrixslot \{ (\d+) \}", lambda m: self.matrix_tex[int(m[1])], text
        )

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
        result = self.term()
        if sign == -1:
            result = self.shaped(_arrays.multiply, -1, result)
        while self.peek() in ("+", "-", r"\pm"):
            op = self.take()
            if op == r"\pm":
                raise self.error("\\pm inside an expression stands for two formulas")
            term = self.term()
            result = self.shaped(_arrays.add, result, term, 1 if op == "+" else -1)
        return result

    def shaped(self, operation, *operands):  # noqa: ANN001, ANN202 - one of arrays' helpers
        """Apply an operation of :mod:`arrays`; a shape that does not fit is a TexError."""
        try:
            return operation(*operands)
        except ShapeMismatchError as error:
            raise TexError(f"the shapes do not fit: {error}") from error

    def term(self) -> sp.Expr:
        result = self.factor()
        while True:
            token = self.peek()
            if token in ("*", r"\times"):
                self.take()
                result = self.shaped(_arrays.multiply, result, self.factor())
            elif token == r"\cdot":
                self.take()
                result = self.shaped(_arrays.dot, result, self.factor())
            elif token == r"\odot":
                self.take()
                other = self.factor()
                while self.peek() is not None and self.starts_factor(self.peek() or ""):
                    other = self.shaped(
                        _arrays.multiply, other, self.factor()
                    )  # a (W b): a product first
                result = self.shaped(_arrays.hadamard, result, other)
            elif token == r"\circ":  # f \circ g: the composition, a name (J_{f \circ g} reads it)
                self.take()
                other = self.factor()
                if not (isinstance(result, sp.Symbol) and isinstance(other, sp.Symbol)):
                    raise self.error("\\circ between two function names only")
                result = symbol(f"{result.name}_circ_{other.name}")
            elif token in ("/", r"\div"):
                self.take()
                divisor = _arrays.scalar(self.factor())
                if is_array(divisor):
                    raise self.error(f"a division by {_arrays.describe(divisor)}")
                result = self.shaped(_arrays.multiply, result, 1 / divisor)
            elif token is not None and self.starts_factor(token):
                result = self.shaped(_arrays.multiply, result, self.factor())
            else:
                return result

    def starts_factor(self, token: str) -> bool:
        if token in RELATIONS or token in _SEPARATORS:
            return False
        if token == "|":
            return self.bars == 0  # inside |...| a bar closes; outside it opens a factor
        if token == r"\|":
            return self.norms == 0
        if token in ("+", "-", "*", "/", ")", "]", "}", r"\}", "^", "_", "!", ",", ".", "="):
            return False
        return token not in (
            r"\rvert", r"\rVert", r"\cdot", r"\times", r"\pm", r"\mp", r"\rbrack", r"\odot",
            r"\circ",
        )  # fmt: skip

    def factor(self) -> sp.Expr:
        if self.peek() == "-":
            self.take()
            return self.shaped(_arrays.multiply, -1, self.factor())
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
                if is_array(base) or isinstance(base, sp.Tuple):
                    base = self.array_power(base)
                elif base == _arrays.ONES and self.peek() in (r"\top", "{", "T"):
                    self.raw_group()
                    base = _arrays.ONES_ROW
                elif self.peek() == r"\top" or (self.peek() == "{" and self.peek(1) == r"\top"):
                    raise self.undeclared(base, "a transpose")
                else:
                    base = base ** self.script()
            elif token == "_" and is_array(base):  # (A\mathbf x)_i: an entry of a vector
                self.take()
                sub = [t for t in self.raw_group() if t != ","]
                base = self.index_array(base, sub)
            elif token == "!":
                self.take()
                base = sp.factorial(base)
            elif token is not None and set(token) == {"'"}:
                self.take()  # (uv)': the derivative of the bracket by the variable
                base = sp.Derivative(base, (symbol(self.context.var), len(token)))
            else:
                return base

    def array_power(self, base: sp.Basic) -> sp.Basic:
        """``A^\\top``, ``A^T``, ``A^{-1}``, ``A^{-\\top}``, ``A^2`` of a vector or matrix."""
        text = "".join(self.raw_group())
        transposed = {r"\top", "T", r"\intercal", r"\mathsfT", r"\mathrmT"}
        if text in transposed:
            return _arrays.transpose(base)
        if text.startswith("-") and text[1:] in transposed:
            return _arrays.transpose(self.shaped(_arrays.inverse, base))
        if text == "-1":
            return self.shaped(_arrays.inverse, base)
        if re.fullmatch(r"\d", text):
            result = base
            for _ in range(int(text) - 1):
                result = self.shaped(_arrays.multiply, result, base)
            return result
        raise self.error(f"an exponent {text!r} of {_arrays.describe(base)}")

    def undeclared(self, base: sp.Basic, what: str) -> TexError:
        """A transpose or diag of a name whose shape the formula does not know."""
        names = sorted(s.name for s in _arrays._bold_names(base))
        capitals = sorted(
            s.name
            for s in (base.free_symbols if isinstance(base, sp.Basic) else ())
            if re.fullmatch(r"[A-Z](_\w+)?", s.name)
        )
        if names or capitals:
            shown = f"\\mathbf {names[0].removesuffix('bold')}" if names else capitals[0]
            space = "\\mathbb{R}^n" if names else "\\mathbb{R}^{m \\times n}"
            return self.error(
                f"{what} of {shown}, whose shape is not declared: declare it"
                f" (% where: {shown} \\in {space}) or bind it"
            )
        return self.error(f"{what} of a number")

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
        bars, norms = self.bars, self.norms
        self.bars = self.norms = 0  # a bar inside braces opens: |{x |{x}|}|
        value = self.expression()
        self.bars, self.norms = bars, norms
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
        if token in (r"\lVert", r"\Vert", r"\|"):
            return self.norm()
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

    def norm(self) -> sp.Expr:
        """``\\lVert v \\rVert``, ``\\|v\\|``, ``\\lVert v \\rVert_2``: the Euclidean norm (of a
        matrix, the Frobenius norm)."""
        opener = self.take()
        closer = {r"\lVert": r"\rVert", r"\Vert": r"\Vert", r"\|": r"\|"}[opener]
        self.norms += 1
        value = _arrays.column(self.expression())
        self.norms -= 1
        self.expect(closer)
        if self.peek() == "_":
            self.take()
            if "".join(self.raw_group()) not in ("2", "F"):
                raise self.error("only the Euclidean norm (subscript 2) is read")
        if not is_array(value):
            return sp.Abs(value)
        return sp.sqrt(sum((entry**2 for entry in value), sp.Integer(0)))

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
            if letter == "D" and sub[:1] in ([r"\mathbf"], [r"\boldsymbol"], [r"\vec"]):
                return self.directional(sub)
            if letter in self.context.functions and self._partial_letters(letter, sub):
                return self.partial_subscript(letter, "".join(sub))
            if letter in ("J", "H") and f"{letter}_{''.join(sub)}" not in self.context.arrays:
                derived = self.derived_matrix(letter, sub)
                if derived is not None:
                    return derived
            if letter == "I" and "I" not in self.context.arrays and self.context.sizes:
                size = _Parser(" ".join(sub), self.context)._whole()
                if size.is_Integer:
                    return sp.ImmutableMatrix(sp.eye(int(size)))  # I_n
            entry = self.entry(letter, sub)
            if entry is not None:
                return entry
            name = f"{letter}_{''.join(sub)}"
        if name in self.context.arrays:
            return self.context.arrays[name]
        if name in self.context.values:
            return self.context.values[name]
        if name == "I" and self.context.sizes:
            return _arrays.IDENTITY  # the identity of the size its neighbours give it
        if name in self.context.sizes:
            return sp.Integer(self.context.sizes[name])
        if name in self.context.macros:
            return self.macro(name)
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

    def _partial_letters(self, name: str, sub: list[str]) -> bool:
        """Whether ``f_{xy}`` names partial derivatives: every letter a parameter of f."""
        if not sub or not all(len(t) == 1 and t.isalpha() for t in sub):
            return False
        known = self.context.parameters.get(name)
        if known is None:  # f_{xx} of an f the page leaves generic: a name of its own; f_i too
            return len(sub) == 1 and sub[0] in ("x", "y", "z")
        return all(t in known for t in sub)

    def entry(self, letter: str, sub: list[str]) -> sp.Expr | None:
        """``x_i``, ``A_{ij}``, ``A_{12}``: an entry of a vector or matrix the formula knows."""
        array = self.context.arrays.get(f"{letter}bold", self.context.arrays.get(letter))
        if array is None and not self.context.macros.get(f"{letter}bold", (1,))[0]:
            value = self.call_macro(f"{letter}bold", [])  # p_i of \mathbf p = softmax(z)
            array = value if is_array(value) else None
        if array is None or not (self.indices or self.context.sizes):
            return None
        indices: list[int] = []
        for token in sub:
            if token == ",":
                continue
            if token in self.indices:
                axis = len(indices) if 1 not in array.shape else (0 if array.shape[1] == 1 else 1)
                self.ranges[token] = array.shape[axis]
                indices.append(self.indices[token])
            elif token.isdigit():
                indices.extend(int(d) for d in token)
            else:
                return None
        if 1 in array.shape and len(indices) == 1:
            (index,) = indices
            if index == 0:
                return None  # w_0 beside \mathbf w = (w_1, ..., w_d): a name of its own
            if not 1 <= index <= len(array):
                raise self.error(f"{letter}_{index}: the vector has {len(array)} entries")
            return array[index - 1]
        if len(indices) == 2:
            i, j = indices
            if not (1 <= i <= array.shape[0] and 1 <= j <= array.shape[1]):
                raise self.error(f"{letter}_{{{i}{j}}} lies outside {_arrays.describe(array)}")
            return array[i - 1, j - 1]
        return None

    def index_array(self, array: sp.MatrixBase, sub: list[str]) -> sp.Expr:
        """An entry of a vector or matrix by indices bound by a sum, or by numbers."""
        indices = []
        for token in sub:
            if token in self.indices:
                indices.append(self.indices[token])
            elif token.isdigit():
                indices.extend(int(d) for d in token)
            else:
                raise self.error(f"the index {token} is not bound (write it inside a sum)")
        if 1 in array.shape and len(indices) == 1 and 1 <= indices[0] <= len(array):
            return array[indices[0] - 1]
        if len(indices) == 2 and all(
            1 <= i <= n for i, n in zip(indices, array.shape, strict=True)
        ):
            return array[indices[0] - 1, indices[1] - 1]
        raise self.error(f"the entry {sub} lies outside {_arrays.describe(array)}")

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

    def partial_subscript(self, name: str, letters: str) -> sp.Expr:
        """``F_x``, ``f_{xy}``: partial derivatives of ``F``, taken in the order of the letters
        (``f_{xy}`` is the derivative by ``y`` of ``f_x``), at the point its arguments name.

        Written bare, ``F_y`` is taken at the function's own parameters (``(x, y)`` when the
        page does not define it); where ``y`` stands for ``y(x)``, at ``(x, y(x))``: the
        derivative in ``y`` with ``x`` held fixed, then evaluated there.
        """
        args = self.arguments() if self.peek() == "(" else None
        return self.partial(name, list(letters), args)

    def spread(
        self, name: str, args: list[sp.Expr] | None, several: bool = False
    ) -> list[sp.Expr] | None:
        """``f(\\mathbf p)`` of a function of several variables: the vector's entries are its
        arguments (a vector the page leaves generic has as many entries as f has variables)."""
        if args is None or len(args) != 1 or name in self.context.unary:
            return args
        if (
            not several
            and name not in self.context.parameters
            and is_array(_arrays.column(args[0]))
        ):
            return args  # f(\mathbf z) of a vector: a function of one variable, entry by entry
        known = self.context.parameters.get(name)
        (arg,) = args
        arg = _arrays.column(arg)
        if is_array(arg) and 1 in arg.shape and len(arg) > 1:
            if known is not None and len(known) != len(arg):
                raise self.error(f"{name} of {len(known)} variables at a point of {len(arg)}")
            return list(arg)
        if not is_array(arg) and _arrays._bold_names(arg):
            return list(_arrays.vectorize(arg, len(known) if known else 2))
        if several and isinstance(arg, sp.Symbol) and arg.name not in (known or ()):
            # \nabla f(p) at a point p named by one letter: its coordinates p_1, p_2
            return [symbol(f"{arg.name}_{i + 1}") for i in range(len(known) if known else 2)]
        return args

    def partial(self, name: str, letters: list[str], args: list[sp.Expr] | None) -> sp.Expr:
        """The partial derivative of the function ``name`` by each letter in turn, at ``args``."""
        args = self.spread(name, args, several=True)
        known = self.context.parameters.get(name)
        if known is not None:
            names = list(known)
        elif (
            args is not None
            and all(isinstance(a, sp.Symbol) for a in args)
            and len(args) > 1
            and all(letter in [a.name for a in args] for letter in letters)
        ):
            names = [a.name for a in args]
        elif args is not None and len(args) == 2:
            names = ["x", "y"]  # f_x(a, b): f of x and y, at the point (a, b)
        elif args is not None and len(args) > 2:
            names = (
                ["x", "y", "z"][: len(args)]
                if len(args) == 3
                else [f"p{i}" for i in range(len(args))]
            )
        else:
            names = ["x", "y"]  # F_x: F of x and y, as the book writes it
        if args is None:
            args = [symbol(n) for n in names]
            args = [sp.Function(a.name)(symbol(self.context.dependent[a.name]))
                    if a.name in self.context.dependent else a for a in args]  # fmt: skip
        if len(args) != len(names):
            raise self.error(f"{name} takes {len(names)} arguments, not {len(args)}")
        for letter in letters:
            if letter not in names:
                raise self.error(f"{name}_{letter}: {letter} is not one of the arguments of {name}")
        slots = [sp.Dummy(n, real=True) for n in names]
        inner = sp.Derivative(
            sp.Function(name)(*slots), *[slots[names.index(letter)] for letter in letters]
        )
        if all(isinstance(a, sp.Symbol) for a in args) and len(set(args)) == len(args):
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
        args = self.spread(name, args) or args
        if any(is_array(a) for a in args):
            if len(args) != 1:
                raise self.error(f"{name} of a vector and more: only f(\\mathbf z) entry by entry")
            if order == 0:
                return args[0].applyfunc(function)  # f(\mathbf z) of a scalar f: entry by entry
            dummy = sp.Dummy("t", real=True)
            derivative = sp.Derivative(function(dummy), (dummy, order))
            return args[0].applyfunc(lambda entry: sp.Subs(derivative, dummy, entry))
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
        if token == r"\nabla":
            return self.nabla()
        if token == r"\partial" and self.peek() == "_":
            self.take()
            letters = [t for t in self.raw_group() if t != ","]
            return self.partial_operator(letters)
        if token == r"\det":
            return self.matrix_function("det")
        if token in (r"\operatorname", r"\mathrm", r"\text", r"\mathit"):
            word = "".join(self.raw_group())
            if word.lower() in _NAMED:
                return self.named_call(word.lower(), token)
            if word in ("tr", "Tr", "trace", "diag", "det", "softmax"):
                return self.matrix_function(word.lower().replace("trace", "tr"))
            if len(word) == 1:
                return self.name_after(word)
            raise self.error(f"unknown function {word!r}")
        if token == r"\mathbb":
            return self.space()
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
            if _ACCENTS[token] == "bold":
                return self.bold(inner.lstrip("\\"))
            name = f"{inner}{_ACCENTS[token]}"  # SymPy prints yhat as \hat{y}
            if self.peek() == "_":  # \hat y_i
                self.take()
                name = f"{name}_{''.join(self.raw_group())}"
            return symbol(name)
        if (
            name == "Delta"
            and self.peek() is not None
            and re.fullmatch(r"[a-z]", self.peek() or "")
        ):
            return symbol(f"Delta_{self.take()}")  # \Delta x is one name: the change in x
        if name in _GREEK or name == "ell":
            return self.name_after(name)
        if token in (r"\underbrace", r"\overbrace"):
            value = self.group()  # the brace's label (a shape, a word) is not part of the value
            if self.peek() in ("_", "^"):
                self.take()
                self.brace_shape(value, self.raw_group())
            return value
        if token == r"\partial":
            raise self.error("a lone \\partial")
        raise self.error(f"unknown command {token}")

    def brace_shape(self, value: sp.Basic, label: list[str]) -> None:
        """``\\underbrace{J_{\\mathbf g}(\\mathbf x)}_{k \\times n}``: the shape a brace states must
        be the shape of what it spans. A size the formula does not know takes the value the
        first brace that names it gives, and must keep it in every later brace."""
        if r"\times" not in label:
            return  # a word under the brace ("the error"): no shape
        pieces = " ".join(label).split(r"\times")
        if len(pieces) != 2 or any(not piece.strip() for piece in pieces):
            return
        value = _arrays.column(value)
        shape = value.shape if is_array(value) else (1, 1)
        if not is_array(value) and _arrays._bold_names(value):
            return  # a vector the formula leaves generic: its shape is not known
        if isinstance(value, sp.Symbol):
            return  # J_{\mathbf f} of a function the page leaves generic: notation
        for piece, size in zip(pieces, shape, strict=True):
            words = piece.split()
            if len(words) == 1 and re.fullmatch(r"\d+", words[0]):
                expected: int | None = int(words[0])
            elif len(words) == 1 and re.fullmatch(r"[A-Za-z]", words[0]):
                letter = words[0]
                if letter in self.context.sizes:
                    expected = self.context.sizes[letter]
                else:
                    expected = self.brace_sizes.get(letter)
                    self.brace_sizes.setdefault(letter, size)
            else:
                return  # (m + 1) x n: not read
            if expected is not None and expected != size:
                raise self.error(
                    f"the brace states {' x '.join(p.strip() for p in pieces)} but spans"
                    f" {_arrays.describe(value)}"
                    + (
                        f" ({', '.join(f'{k} = {v}' for k, v in self.brace_sizes.items())})"
                        if self.brace_sizes
                        else ""
                    )
                )

    def bold(self, inner: str) -> sp.Expr:
        """``\\mathbf x``: a vector the formula knows, or its name; ``\\mathbf 0`` is zero."""
        name = f"{inner}bold"
        if self.peek() == "_" and inner not in ("0", "1"):  # \mathbf h_1: a vector of its own
            self.take()
            name = f"{name}_{''.join(self.raw_group())}"
        if inner == "0":
            return sp.Integer(0)  # the zero vector: compared with a vector, it takes its shape
        if inner == "1" and self.peek() == "_":  # \mathbf 1_n: the vector of n ones
            self.take()
            size = _Parser(" ".join(self.raw_group()), self.context)._whole()
            if not size.is_Integer:
                raise self.error("\\mathbf 1_n needs a size the formula knows")
            return sp.ImmutableMatrix(sp.ones(int(size), 1))
        if inner == "1":
            return _arrays.ONES  # \mathbf 1: its length from its neighbours
        if name in self.context.arrays:
            return self.context.arrays[name]
        if name in self.context.macros:
            return self.macro(name)
        if self.peek() == "(" and name in self.context.functions:
            return sp.Function(name)(*self.arguments())
        return symbol(name)

    def derived_matrix(self, letter: str, sub: list[str]) -> sp.Expr | None:
        """``J_{\\mathbf f}(\\mathbf x)``: the Jacobian of a function the page defines, at a point;
        ``H_f(\\mathbf x)``: its Hessian. ``J_{\\mathbf f \\circ \\mathbf g}``: of the composition."""
        if letter == "J" and len(sub) == 2 and sub[0] == r"\nabla":
            return self.jacobian_of_gradient(sub[1])
        names = []
        for piece in " ".join(sub).split(r"\circ"):
            tokens = [t for t in piece.split() if t not in "{}"]
            if tokens[:1] in ([r"\mathbf"], [r"\boldsymbol"]):
                tokens = [f"{tokens[1].lstrip(chr(92))}bold"]
            if len(tokens) != 1 or not re.fullmatch(r"\w+", tokens[0]):
                return None
            names.append(tokens[0])
        if self.peek() != "(":
            return symbol(f"{letter}_{'_'.join(names)}")  # J_{\mathbf f} alone: notation
        if any(n not in self.context.macros for n in names):
            self.arguments()  # J_{\mathbf f}(\mathbf x) of an f the page does not define
            return symbol(f"{letter}_{'_'.join(names)}")
        args = self.arguments()
        point = _arrays.column(args[0]) if len(args) == 1 else sp.ImmutableMatrix(args)
        if not is_array(point):
            point = sp.ImmutableMatrix([point])
        slots = _arrays.entries("_slot", point.shape[0], point.shape[1])
        value: sp.Basic = slots
        for name in reversed(names):
            count = len(self.context.macros[name][0])
            value = self.call_macro(name, list(value) if count > 1 or len(args) > 1 else [value])
        if letter == "J":
            matrix = self.shaped(_arrays.jacobian, value, slots)
        else:
            matrix = self.shaped(
                _arrays.jacobian, self.shaped(_arrays.gradient, value, slots), slots
            )
        return _arrays.at_point(matrix, slots, point)

    def jacobian_of_gradient(self, name: str) -> sp.Expr:
        """``J_{\\nabla f}(\\mathbf x)``: the Jacobian of the gradient of f (its Hessian), taken
        as written: the column of first partials, then each differentiated by each variable."""
        if self.peek() != "(":
            return symbol(f"J_nabla_{name}")  # J_{\nabla f} alone: notation
        if name in self.context.macros:
            parameters, _ = self.context.macros[name]
            args = [_arrays.column(a) for a in self.arguments()]
            if len(args) != 1 or not is_array(args[0]):
                raise self.error(f"J_{{\\nabla {name}}} of a function that is not of one vector")
            slots = _arrays.entries("_slot", *args[0].shape)
            value = self.call_macro(name, [slots])
        elif name in self.context.functions:
            point = self.spread(name, self.arguments(), True) or []
            letters = self.context.parameters.get(name, ("x", "y"))
            if len(point) != len(letters):
                raise self.error(f"J_{{\\nabla {name}}} at a point of {len(point)} coordinates")
            slots = sp.ImmutableMatrix([sp.Dummy(v, real=True) for v in letters])
            value = sp.Function(name)(*slots)
            args = [sp.ImmutableMatrix(point)]
        else:
            raise self.error(f"J_{{\\nabla {name}}} of a function the formula does not know")
        first = self.shaped(_arrays.gradient, value, slots)
        return _arrays.at_point(self.shaped(_arrays.jacobian, first, slots), slots, args[0])

    def call_macro(self, name: str, values: list[sp.Basic]) -> sp.Basic:
        """A function defined in symbolic sizes, at the given arguments."""
        parameters, tex = self.context.macros[name]
        if len(values) == 1 and len(parameters) > 1:  # \mathbf f(\mathbf g(x, y)): its entries
            single = _arrays.column(values[0])
            if is_array(single) and 1 in single.shape:
                values = list(single)
        if len(values) != len(parameters):
            raise self.error(f"{name} takes {len(parameters)} arguments")
        arrays = dict(self.context.arrays)
        values_of = dict(self.context.values)
        for parameter, value in zip(parameters, values, strict=True):
            value = _arrays.column(value)
            if is_array(value):
                arrays[parameter] = value
                values_of.pop(parameter, None)
            else:
                arrays.pop(parameter, None)
                values_of[parameter] = value  # a number argument: the name reads as it
        macros = {k: v for k, v in self.context.macros.items() if k != name}
        inner = replace(self.context, arrays=arrays, macros=macros, values=values_of)
        return _arrays.column(_read_whole(tex, inner))

    def nabla(self) -> sp.Expr:
        """``\\nabla f(x, y)``: the column of partials; ``\\nabla^2 f``: the Hessian;
        ``\\nabla_{\\mathbf x} (...)``: the gradient by a vector or matrix, of its shape."""
        order = 1
        variable = None
        if self.peek() == "^":
            self.take()
            order = int("".join(self.raw_group()))
            if order != 2:
                raise self.error("only \\nabla and \\nabla^2 are read")
        if self.peek() == "_":
            self.take()
            sub = self.raw_group()
            between = self.intermediate(sub)
            if between is not None:  # \nabla_{\mathbf z} L with \mathbf z = W \mathbf x + \mathbf b
                return self.by_intermediate(between, order, jacobian=False)
            variable = _Parser(" ".join(sub), self.context).expression_only()
            if is_array(variable) and not all(isinstance(v, sp.Symbol) for v in variable):
                named = defined_name(" ".join(sub))
                if named is None or named[1]:
                    raise self.error("a gradient by an expression: name the vector")
                # \nabla_{\mathbf z} L with z = (0, ln 3, -ln 3): the gradient there
                return self.by_intermediate((named[0], variable), order, jacobian=False)
            if not is_array(variable):
                if order != 1 or self.peek() not in self.context.functions:
                    raise self.error(
                        "a gradient by a name that is not a declared vector: declare it"
                        " (% where: \\mathbf z \\in \\mathbb{R}^n)"
                    )
                # \nabla_\theta L(\theta_t) of a function of one parameter: its derivative there
                return self.applied(self.take(), 1)
        name = self.peek()
        if name in (r"\mathbf", r"\boldsymbol"):
            name = None
        if (
            variable is None
            and name is not None
            and re.fullmatch(r"[A-Za-z]", name)
            and name not in self.context.functions
            and name not in self.context.macros
            and name not in self.context.arrays
            and self.peek(1) in (None, "(", ",", ".", *RELATIONS)
        ):
            self.context.functions.add(name)  # \nabla L of an L the page leaves generic
        if variable is None and name is not None and name in self.context.macros:
            self.take()
            parameters, _ = self.context.macros[name]
            if self.peek() == "(":
                args = [_arrays.column(a) for a in self.arguments()]
            else:
                args = [self.context.arrays.get(p) for p in parameters]
            if len(args) != 1 or not is_array(args[0]):
                raise self.error(f"the gradient of {name}, which is not a function of one vector")
            slots = _arrays.entries("_slot", *args[0].shape)
            value = self.call_macro(name, [slots])
            result = self.shaped(_arrays.gradient, value, slots)
            if order == 2:
                result = self.shaped(_arrays.jacobian, result, slots)
            return _arrays.at_point(result, slots, args[0])
        if variable is None and name is not None and name in self.context.functions:
            self.take()
            point = self.spread(name, self.arguments(), True) if self.peek() == "(" else None
            if point is not None and any(is_array(a) for a in point):
                raise self.error(
                    f"the gradient of {name} of a vector: define {name}(\\mathbf x) on the page,"
                    " with \\mathbf x declared in \\mathbb{R}^n"
                )
            letters = self.context.parameters.get(name)
            if letters is None:
                letters = tuple(a.name for a in point) if point and all(
                    isinstance(a, sp.Symbol) for a in point) else ("x", "y")  # fmt: skip
            if order == 1:
                return sp.ImmutableMatrix([self.partial(name, [v], point) for v in letters])
            return sp.ImmutableMatrix(
                [[self.partial(name, [a, b], point) for b in letters] for a in letters]
            )
        operand = self.postfix() if self.peek() in _OPEN else self.term()
        if isinstance(operand, sp.Symbol) and variable is not None:
            # \nabla_W L of an L not defined here: notation (a relation with it is a finding)
            return symbol(f"nabla_{operand.name}")
        if variable is None:
            variable = self.only_vector(operand)
        if order == 1:
            return self.shaped(_arrays.gradient, operand, variable)
        first = self.shaped(_arrays.gradient, operand, variable)
        return self.shaped(_arrays.jacobian, first, variable)

    def intermediate(self, tokens: list[str]) -> tuple[str, sp.ImmutableMatrix] | None:
        """A vector defined in symbolic sizes (``\\mathbf z = W\\mathbf x + \\mathbf b``) named as
        the variable of a derivative: its name and its value."""
        named = defined_name(" ".join(tokens))
        if named is None or named[1] or self.context.macros.get(named[0], ((1,),))[0]:
            return None
        value = _arrays.column(self.call_macro(named[0], []))
        return (named[0], value) if is_array(value) else None

    def by_intermediate(
        self, between: tuple[str, sp.ImmutableMatrix], order: int, jacobian: bool
    ) -> sp.Expr:
        """The derivative of what follows by an intermediate vector, held as a variable of
        its own (the chain rule's view), then taken at its value."""
        name, value = between
        slots = _arrays.entries(f"_{name}", *value.shape)
        saved = self.context
        macros = {k: v for k, v in saved.macros.items() if k != name}
        self.context = replace(saved, arrays={**saved.arrays, name: slots}, macros=macros)
        try:
            operand = self.postfix() if self.peek() in _OPEN else self.term()
        finally:
            self.context = saved
        if not any(sp.sympify(operand).has(slot) for slot in slots):
            shown = name.removesuffix("bold").replace("bold_", "_")
            raise self.error(
                f"the derivative by {shown} of something that does not depend on it here"
                " (is the function defined in this section?)"
            )
        if jacobian:
            result = self.shaped(_arrays.jacobian, operand, slots)
        else:
            result = self.shaped(_arrays.gradient, operand, slots)
            if order == 2:
                result = self.shaped(_arrays.jacobian, result, slots)
        return _arrays.at_point(result, slots, value)

    def only_vector(self, operand: sp.Basic) -> sp.ImmutableMatrix:
        """The one declared vector an operand depends on (``\\nabla^2 (x^T A x)``: x)."""
        free = operand.free_symbols if isinstance(operand, sp.Basic) else set()
        found = [
            array for name, array in self.context.arrays.items()
            if name.endswith("bold") and set(array.free_symbols) & free
        ]  # fmt: skip
        if len(found) != 1:
            raise self.error("write the variable of the gradient: \\nabla_{\\mathbf x}")
        return found[0]

    def partial_operator(self, letters: list[str]) -> sp.Expr:
        """``\\partial_x f``, ``\\partial_x f(1, 2)``, ``\\partial_x (x^2 y)``."""
        if len(letters) == 1 and len(letters[0]) > 1 and letters[0].isalpha():
            letters = list(letters[0])
        name = self.peek()
        if name in self.context.functions and self.peek(1) not in ("_", "^"):
            self.take()
            args = self.arguments() if self.peek() == "(" else None
            return self.partial(name, letters, args)
        operand = self.postfix() if self.peek() in _OPEN else self.term()
        return sp.Derivative(operand, *[symbol(letter) for letter in letters])

    def directional(self, sub: list[str]) -> sp.Expr:
        """``D_{\\mathbf u} f(x, y)``: the derivative along u, d/dt f(p + t u) at t = 0."""
        inner = "".join(t for t in sub[1:] if t not in "{}").lstrip("\\")
        direction = self.context.arrays.get(f"{inner}bold")
        name = self.peek()
        if name not in self.context.functions:
            raise self.error("D_{\\mathbf u} must be followed by the function it differentiates")
        self.take()
        args = self.spread(name, self.arguments(), True) if self.peek() == "(" else None
        letters = self.context.parameters.get(name) or ("x", "y")
        if direction is None:  # a direction the page leaves generic: u_1, u_2, ...
            direction = _arrays.vectorize(symbol(f"{inner}bold"), len(letters))
        if len(direction) != len(letters):
            raise self.error(
                f"a direction of {len(direction)} entries for a function of {len(letters)} variables"
            )
        return sum(
            (self.partial(name, [v], args) * c for v, c in zip(letters, direction, strict=True)),
            sp.Integer(0),
        )

    def matrix_function(self, word: str) -> sp.Expr:
        """``\\det A``, ``\\operatorname{tr}(AX)``, ``\\operatorname{diag}(\\mathbf v)``,
        ``\\operatorname{softmax}(\\mathbf z)``."""
        power = None
        if self.peek() == "^":
            self.take()
            power = self.script()
        if self.peek() in _OPEN:
            argument = self.bracketed()
        elif self.peek() == "{":
            argument = self.group()
        else:
            argument = self.postfix()
        argument = _arrays.column(argument)
        if word in ("det", "tr"):
            if not is_array(argument) or argument.shape[0] != argument.shape[1]:
                raise self.error(f"\\{word} of {_arrays.describe(argument)}, not a square matrix")
            value = argument.det() if word == "det" else argument.trace()
        elif word == "diag":
            if not is_array(argument):
                raise self.undeclared(argument, "diag")
            if 1 not in argument.shape:
                raise self.error(f"diag of {_arrays.describe(argument)}, not a vector")
            value = sp.ImmutableMatrix(sp.diag(*argument))
        else:  # softmax
            if not is_array(argument):
                raise self.undeclared(argument, "softmax")
            if argument.shape[0] == 1:
                argument = argument.T
            # of a vector; of a matrix, column by column (a batch of score vectors)
            totals = [sum((sp.exp(z) for z in argument.col(j)), sp.Integer(0))
                      for j in range(argument.shape[1])]  # fmt: skip
            value = sp.ImmutableMatrix(argument.shape[0], argument.shape[1],
                                       lambda i, j: sp.exp(argument[i, j]) / totals[j])  # fmt: skip
            if self.peek() == "_":  # softmax(z)_i: one entry
                self.take()
                index = [t for t in self.raw_group() if t != ","]
                number = self.indices.get(index[0]) if len(index) == 1 else None
                if number is None and len(index) == 1 and index[0].isdigit():
                    number = int(index[0])
                if number is None:
                    raise self.error("softmax(z)_i needs its index bound by a sum")
                if not 1 <= number <= len(value):
                    raise self.error(f"softmax(z)_{number}: the vector has {len(value)} entries")
                value = value[number - 1]
        return value if power is None else value**power

    def space(self) -> sp.Expr:
        """``\\mathbb{R}^{m \\times n}``, ``\\mathbb{R}^n``, ``\\mathbb{S}^n``: a shape declared."""
        letter = "".join(self.raw_group())
        rows: sp.Expr = sp.Integer(1)
        cols: sp.Expr = sp.Integer(1)
        if self.peek() == "^":
            self.take()
            sizes = " ".join(self.raw_group()).split(r"\times")
            plain = Context(functions=set())
            values = [_Parser(size, plain).expression_only() for size in sizes]
            if len(values) == 1:
                rows = values[0]
                cols = rows if letter == "S" else sp.Integer(1)
            elif len(values) == 2:
                rows, cols = values
            else:
                raise self.error("a shape has at most two sizes")
        return SPACE(sp.Symbol(letter), rows, cols)

    def macro(self, name: str) -> sp.Expr:
        """A name defined in symbolic sizes, read again here (with its arguments, if any)."""
        parameters, _ = self.context.macros[name]
        if parameters and self.peek() == "(":
            values = self.arguments()
        else:
            values = [self.context.arrays.get(p) for p in parameters]
            if any(v is None for v in values):
                return symbol(name)  # \mathbf f alone: the function named
        return self.call_macro(name, values)

    def name_after(self, name: str) -> sp.Expr:
        """A Greek or roman name already taken: push it back as a letter-like token."""
        self.tokens.insert(self.pos, name)
        return self.name_token()

    def name_token(self) -> sp.Expr:
        token = self.take()
        name = token
        if self.peek() == "_":
            self.take()
            sub = self.raw_group()
            if token == "delta" and len(sub) == 2 and all(i in self.indices for i in sub):
                return sp.Integer(int(self.indices[sub[0]] == self.indices[sub[1]]))  # \delta_{ij}
            entry = self.entry(token, sub)  # \theta_i of \boldsymbol\theta
            if entry is not None:
                return entry
            name = f"{token}_{''.join(sub)}"
        if name in self.context.arrays:
            return self.context.arrays[name]
        if name in self.context.values:
            return self.context.values[name]
        if name in self.context.macros:
            return self.macro(name)  # \ell = ...: a name defined in symbolic sizes
        if name in self.context.functions and (
            self.peek() == "(" or set(self.peek() or "x") == {"'"}
        ):  # \varphi(t), \varphi'(t), \varphi''(t)
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
        if is_array(args[0]):  # \sigma(\mathbf z): entry by entry
            value = args[0].applyfunc(lambda entry: _derivative_at(function, entry, primes))
            return value if power is None else value.applyfunc(lambda entry: entry**power)
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
        argument = _arrays.scalar(argument)
        if is_array(argument):  # \exp(\mathbf z): entry by entry
            value = argument.applyfunc(
                lambda entry: function(entry) if base is None else sp.log(entry, base)
            )
            return value if power is None else value.applyfunc(lambda entry: entry**power)
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
        if top[0] == r"\partial" and len(bottom) > 1:
            between = self.intermediate(bottom[1:])
            if between is not None:  # \frac{\partial L}{\partial \mathbf z}, z defined
                if top[1:]:
                    saved, self.tokens, self.pos = (self.tokens, self.pos), [*top[1:]], 0
                    try:
                        value = self.by_intermediate(between, 1, jacobian=True)
                    finally:
                        self.tokens, self.pos = saved
                    return value
                return self.by_intermediate(between, 1, jacobian=True)
        arrays = self.array_variables(top[0], bottom)
        if arrays is not None:
            return self.jacobian_fraction(top, rest_tokens=top[1:], variable=arrays)
        variables = _Parser(" ".join(bottom), self.context).denominator_variables(top[0])
        if sp.simplify(sum(count for _, count in variables) - order) != 0:
            raise self.error("the orders on top and below the fraction bar differ")
        variables = variables[::-1]  # d^2 f/(dx dy) is d/dx (df/dy): the last one first
        if rest:
            function = _Parser(" ".join(rest), self.context)._whole()
            if len(rest) == 1 and isinstance(function, (AppliedUndef, sp.Symbol)):
                # dL/dw: L is a function of the variables below the bar (its definition,
                # if the page gives one, replaces it), or of its own parameters
                name = (
                    function.func
                    if isinstance(function, AppliedUndef)
                    else sp.Function(function.name)
                )
                below = list(dict.fromkeys(variable for variable, _ in variables))
                known = self.context.parameters.get(name.__name__)
                if known and all(v.name in known for v in below):
                    below = [symbol(p) for p in known]
                elif len(below) > 1 and all(v.name in "xyz" for v in below):
                    below.sort(key=lambda v: v.name)
                function = name(*below)
            return sp.Derivative(function, *variables)
        # an operator: it applies to the bracket that follows, or else to the product
        operand = self.postfix() if self.peek() in _OPEN else self.term()
        return sp.Derivative(operand, *variables)

    def array_variables(self, d: str, bottom: list[str]) -> sp.ImmutableMatrix | None:
        """The vector or matrix below ``\\partial`` in a Jacobian (None for plain variables)."""
        if (
            d != r"\partial"
            or len(bottom) < 2
            or bottom[1] not in _ACCENTS
            and not (len(bottom) == 2 and bottom[1] in self.context.arrays)
        ):
            return None
        value = _Parser(" ".join(bottom[1:]), self.context)._whole()
        if not is_array(value) and bottom[1] in (r"\mathbf", r"\boldsymbol"):
            raise self.error(
                f"a derivative by {' '.join(bottom[1:])}, whose shape is not declared: declare it"
                " (% where: \\mathbf z \\in \\mathbb{R}^n)"
            )
        return value if is_array(value) else None

    def jacobian_fraction(
        self, top: list[str], rest_tokens: list[str], variable: sp.ImmutableMatrix
    ) -> sp.Expr:
        """``\\frac{\\partial \\mathbf f}{\\partial \\mathbf x}``: the Jacobian, numerator layout."""
        if rest_tokens[:1] == ["^"]:
            raise self.error("a second derivative by a vector: write the Hessian \\nabla^2")
        if rest_tokens:
            numerator = _Parser(" ".join(rest_tokens), self.context)._whole()
        else:
            numerator = self.postfix() if self.peek() in _OPEN else self.term()
        return self.shaped(_arrays.jacobian, numerator, variable)

    def denominator_variables(self, d: str) -> list[tuple[sp.Symbol, sp.Expr]]:
        out: list[tuple[sp.Symbol, sp.Expr]] = []
        while self.peek() is not None:
            if self.take() != d:
                raise self.error("expected d or \\partial in the denominator")
            name = self.take()
            if name.startswith("\\"):
                name = name[1:]
            entry = None
            if self.peek() == "_":  # \partial w_1: a subscripted variable is a plain one
                self.take()
                sub = self.raw_group()
                entry = self.entry(name, sub)  # \partial x_i, \partial W_{ij}: an entry
                name = f"{name}_{''.join(sub)}"
            count: sp.Expr = sp.Integer(1)
            if self.peek() == "^":
                self.take()
                count = self.script()
            out.append((entry if isinstance(entry, sp.Symbol) else symbol(name), count))
        return out

    def evaluated(self) -> sp.Expr:
        """``\\left. \\frac{d^2}{dt^2} f(t) \\right|_{t=0}``: the expression at a point."""
        self.bars += 1
        value = self.expression()
        self.bars -= 1
        self.expect("|")
        self.expect("_")
        tokens = [t for t in self.raw_group() if t not in (r"\substack", "{", "}")]
        variables, points = [], []
        for piece in " ".join(tokens).split(r"\\"):  # \substack{ x=1\\ y=2 }: several
            pieces = piece.split()
            split = pieces.index("=")
            variables.append(symbol("".join(pieces[:split])))
            points.append(_Parser(" ".join(pieces[split + 1 :]), self.context)._whole())
        if len(variables) == 1:
            return sp.Subs(value, variables[0], points[0])
        return sp.Subs(value, tuple(variables), tuple(points))

    def limit(self) -> sp.Expr:
        self.expect("_")
        tokens = self.raw_group()
        if r"\to" not in tokens:
            raise self.error("a limit needs x \\to a")
        split = tokens.index(r"\to")
        var = _Parser(" ".join(tokens[:split]), self.context)._whole()
        target_tokens = tokens[split + 1 :]
        if isinstance(var, sp.Tuple):
            return self.limit_of_several(var, target_tokens)
        direction = "+-"
        if target_tokens[-2:] in (["^", "+"], ["^", "-"]):
            direction = target_tokens[-1]
            target_tokens = target_tokens[:-2]
        target = _Parser(" ".join(target_tokens), self.context)._whole()
        body = self.term()
        return sp.Limit(body, var, target, dir=direction)

    def limit_of_several(self, variables: sp.Tuple, target_tokens: list[str]) -> sp.Expr:
        """``\\lim_{(x, y) \\to (0, 0)}``: the limit along a line through the point, which must
        agree with the limit along a second line and along a parabola (else it is not finite)."""
        target = _Parser(" ".join(target_tokens), self.context)._whole()
        if not isinstance(target, sp.Tuple) or len(target) != len(variables):
            raise self.error("a limit of several variables goes to a point of as many coordinates")
        body = self.term()
        t = sp.Dummy("t", positive=True)
        paths = []
        for steps in ((t, 3 * t / 7, -5 * t / 11), (t, -2 * t, 3 * t), (t**2, t, -(t**3))):
            path = {v: c + step for v, c, step in zip(variables, target, steps, strict=False)}
            paths.append(sp.limit(body.xreplace(path), t, 0, "+"))
        if any(p != paths[0] for p in paths[1:]) or not paths[0].is_finite:
            return sp.nan
        return paths[0]

    def sum(self) -> sp.Expr:
        self.expect("_")
        lower = self.raw_group()
        if "=" in lower:
            split = lower.index("=")
            index = symbol("".join(lower[:split]))
            start = _Parser(" ".join(lower[split + 1 :]), self.context)._whole()
        else:
            index, start = symbol("".join(lower)), sp.Integer(1)
        end: sp.Expr | None = None
        if self.peek() == "^":
            self.take()
            end = self.script()
        if self.context.sizes and (end is None or sp.sympify(end).is_Integer):
            return self.entry_sum(lower, start, end)
        body = self.term()
        return sp.Sum(body, (index, start, symbol("n") if end is None else end))

    def entry_sum(self, lower: list[str], start: sp.Expr, end: sp.Expr | None) -> sp.Expr:
        """``\\sum_{i=1}^{n} x_i``, ``\\sum_i``, ``\\sum_{i,j} A_{ij}``: a sum over the entries of
        vectors and matrices of a known size, written out term by term."""
        names = [t for t in (lower[: lower.index("=")] if "=" in lower else lower) if t != ","]
        if not all(re.fullmatch(r"[a-z]", n) for n in names):
            raise self.error("a sum over entries runs over single-letter indices")
        if not start.is_Integer or (end is not None and not sp.sympify(end).is_Integer):
            raise self.error("a sum over entries needs the sizes it runs to")
        begin = self.pos
        total: sp.Basic = sp.Integer(0)
        saved = dict(self.indices)

        def run(position: int, bounds: dict[str, int]) -> None:
            nonlocal total
            if position == len(names):
                self.pos = begin
                self.ranges = {}
                total = self.shaped(_arrays.add, total, self.term())
                return
            name = names[position]
            value = int(start)
            while True:
                self.indices[name] = value
                self.ranges = {}
                if end is None and value == int(start):
                    self.pos = begin  # a first reading finds how far the index runs
                    inner = dict(self.indices)
                    for later in names[position + 1 :]:
                        inner[later] = int(start)
                    self.indices = inner
                    self.term()
                    limit = self.ranges.get(name)
                    self.indices = {
                        k: v
                        for k, v in self.indices.items()
                        if k in saved or k in names[: position + 1]
                    }
                    if limit is None:
                        raise self.error(f"the sum over {name} does not say how far it runs")
                    bounds[name] = limit
                last = int(end) if end is not None else bounds[name]
                if value > last:
                    break
                run(position + 1, bounds)
                value += 1

        run(0, {})
        self.indices = saved
        return total


def defined_name(text: str) -> tuple[str, tuple[str, ...]] | None:
    """The name a definition's left side introduces (``\\mathbf z``, ``L``, ``W_2``,
    ``f(\\mathbf x)``), and its parameters; None when it is not a name."""
    text = re.sub(r"\\([A-Za-z]+) \1(?![\w])", r"\\\1", text)  # "\\theta theta" as a text reads
    tokens = text.split()
    bold = tokens[:1] in ([r"\mathbf"], [r"\boldsymbol"])
    tokens = tokens[1:] if bold else tokens
    if tokens[:1] == ["{"] and tokens[2:3] == ["}"]:
        tokens = [tokens[1], *tokens[3:]]
    if not tokens or not re.fullmatch(r"\\?[A-Za-z]+", tokens[0]):
        return None
    name = tokens[0].lstrip("\\") + ("bold" if bold else "")
    rest = tokens[1:]
    if rest[:1] == ["_"]:
        if rest[1:2] == ["{"] and "}" in rest:
            close = rest.index("}")
            sub = "".join(rest[2:close])
            if not sub.isalnum():
                return None  # J_{\mathbf g}: notation for a derivative, not a new name
            name += "_" + sub
            rest = rest[close + 1 :]
        elif len(rest) > 1 and rest[1].isalnum():
            name += "_" + rest[1]
            rest = rest[2:]
        else:
            return None
    parameters: list[str] = []
    if rest[:1] == ["("] and rest[-1:] == [")"]:
        for argument in " ".join(rest[1:-1]).split(" , "):
            inner = defined_name(argument)
            if inner is None or inner[1]:
                return None
            parameters.append(inner[0])
        rest = []
    if rest:
        return None
    return name, tuple(parameters)


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


_MATRIX = re.compile(r"\\begin\{([pb]?matrix)\}(?P<body>.*?)\\end\{\1\}", re.S)


def _matrices(tex: str, context: Context) -> tuple[str, list[sp.ImmutableMatrix], list[str]]:
    """Each ``pmatrix`` as a slot ``\\matrixslot{i}`` and its entries, read one by one."""
    found: list[sp.ImmutableMatrix] = []
    typed: list[str] = []

    def slot(match: re.Match[str]) -> str:
        typed.append(match[0])
        rows = [row for row in _split_outside(match["body"], "\\\\") if row.strip()]
        entries = [
            [_Parser(entry, context).expression_only() for entry in _split_outside(row, "&")]
            for row in rows
        ]
        if len({len(row) for row in entries}) != 1:
            raise TexError("the rows of a matrix have different lengths")
        found.append(sp.ImmutableMatrix(entries))
        return f" \\matrixslot{{{len(found) - 1}}} "

    return _MATRIX.sub(slot, tex), found, typed


def _split_outside(text: str, separator: str) -> list[str]:
    """Split at a separator outside braces (a row break inside \\substack{...} stays)."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text.startswith(separator, index) and depth == 0:
            parts.append(text[start:index])
            index += len(separator)
            start = index
            continue
        if char == "\\":
            index += 2  # an escaped character (\{, \\) is not a brace
            continue
        if char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
        depth += {"{": 1, "}": -1}.get(char, 0)
        index += 1
    parts.append(text[start:])
    return parts


def _read_whole(tex: str, context: Context) -> sp.Basic:
    """One expression filling the whole text, matrices included."""
    text, matrices, typed = _matrices(tex, context)
    parser = _Parser(text, context)
    parser.matrices, parser.matrix_tex = matrices, typed
    return parser._whole()


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
    text, matrices, typed = _matrices(_unslash(_unalign(tex)), context)
    parser = _Parser(text, context)
    parser.matrices, parser.matrix_tex = matrices, typed
    return parser.formula()
