"""The formula checker: meaning, not text; definitions and scope; ties; exemptions; located findings."""

from __future__ import annotations

import textwrap

import pytest
import sympy as sp

from calcnotes.bookcheck import checker
from calcnotes.bookcheck.cells import CellRun
from calcnotes.bookcheck.checker import PageReport, check_edits, check_items
from calcnotes.bookcheck.reader import read_page

x = sp.Symbol("x")


def check(body: str, *values: object, glued: dict[str, object] | None = None) -> PageReport:
    page = "# Page\n\n" + textwrap.dedent(body)
    if (values or glued) and "{code-cell}" not in page:
        page += "\n```{code-cell} python\n:tags: [remove-cell]\n```\n"  # where they come from
    items = read_page(page)
    runs = []
    if values or glued:
        cell_line = next((item.line for item in items if item.kind == "cell"), 1)
        runs.append(CellRun(cell_line, values=[sp.sympify(v) for v in values], glued=glued or {}))
    return check_items("book/page.md", items, runs)


def messages(report: PageReport) -> list[str]:
    return [str(finding) for finding in report.findings]


@pytest.mark.parametrize(
    "tex", ["a + b = b + a", "(x + 1)^2 = x^2 + 2x + 1", r"\sin^2 x + \cos^2 x = 1"]
)
def test_an_equal_form_builds(tex: str) -> None:
    report = check(f"We have ${tex}$.")
    assert report.findings == [] and report.relations == 1


@pytest.mark.parametrize(
    "tex", ["a + b = a - b", "(x + 1)^2 = x^2 + x + 1", r"\sin^2 x - \cos^2 x = 1"]
)
def test_a_wrong_relation_is_a_located_finding(tex: str) -> None:
    report = check(f"Text.\n\nWe have ${tex}$.")
    (finding,) = report.findings
    assert finding.line == 5 and finding.page == "book/page.md" and finding.tex == tex
    assert "differ" in finding.message and " vs " in finding.message


CELL = "\n```{code-cell} python\n:tags: [remove-cell]\n```\n"


def test_definitions_bind_for_their_scope() -> None:
    report = check(
        """
        Let $f(x) = x^3 - 3x$ and $u = 3x^2 + 1$. Then $f'(x) = 3x^2 - 3$, $u' = 6x$,
        $\\frac{du}{dx} = 6x$ and $f'(1) = 0$.

        ## Next section

        Here $f(x) = x^2$, so $f'(x) = 2x$.
        """,
        x**3 - 3 * x,
        3 * x**2 + 1,
        x**2,
    )
    assert messages(report) == []
    assert report.definitions == 3 and report.relations == 5
    wrong = check("Let $f(x) = x^3 - 3x$. Then $f'(x) = 3x^2 + 3$." + CELL, x**3 - 3 * x)
    assert "differ" in wrong.findings[0].message


def test_a_definition_ends_with_its_dropdown() -> None:
    report = check(
        """
        ```{dropdown} Answer
        Let $g(x) = \\sin x$; then $g'(x) = \\cos x$.
        ```

        Outside, $g'(x) = \\cos x$ is about an unknown $g$.
        """,
        sp.sin(x),
    )
    assert [f.line for f in report.findings] == [8]


def test_approximately_within_the_typed_digits() -> None:
    assert messages(check(r"$\sin 2 + 2\cos 2 \approx 0.0770$")) == []
    assert check(r"$\sin 2 + 2\cos 2 \approx 0.0780$").findings


def test_inequalities_and_conditions() -> None:
    assert messages(check(r"$x^2 + 1 > 0$ and $e^x \ne 0$")) == []
    assert check(r"$x^2 - 1 > 0$").findings
    # a hypothesis about names is a condition, and x > 0 restricts the samples that follow
    report = check(r"For $x > 0$, $\sqrt{x^2} = x$ and $\ln(x^2) = 2 \ln x$.")
    assert messages(report) == [] and report.conditions == 1


def test_generic_functions_are_proven_as_identities() -> None:
    assert messages(check(r"% where: u = u(x), v = v(x)" "\n\n$(uv)' = u'v + uv'$")) == []
    assert check(r"% where: u = u(x), v = v(x)" "\n\n$(uv)' = u'v - uv'$").findings


def test_a_bare_formula_is_tied_to_what_the_checks_compute() -> None:
    body = "The derivative of $\\ln(1 + e^x)$ is $\\frac{e^x}{1 + e^x}$.\n\n```{code-cell} python\n:tags: [remove-cell]\n```\n"
    softplus = sp.log(1 + sp.exp(x))
    assert messages(check(body, softplus, sp.diff(softplus, x))) == []
    report = check(body.replace("1 + e^x)$", "1 - e^x)$"), softplus, sp.diff(softplus, x))
    (finding,) = report.findings
    assert finding.tex == r"\ln(1 - e^x)"


def test_glued_formulas_are_checked_with_their_typed_parts() -> None:
    class Markdown:
        def __init__(self, data: str) -> None:
            self.data = data

    body = "The rule: {glue:md}`rule:myst`.\n\n```{code-cell} python\n:tags: [remove-cell]\n```\n"
    right = check(body, glued={"rule": Markdown(r"$\frac{d}{dx} x^3 = 3 x^{2}$")})
    assert messages(right) == [] and right.generated == 1
    wrong = check(body, glued={"rule": Markdown(r"$\frac{d}{dx} x^4 = 3 x^{2}$")})
    assert wrong.findings


def test_exemptions_are_counted_with_their_reasons() -> None:
    report = check(
        """
        % unchecked $\\nabla f$: a gradient, checked in the several-variables chapter
        The gradient $\\nabla f$ and $x + 1 = x$.

        % unchecked: the theorem's hypotheses
        If $f$ is continuous on $[a, b]$ and $f(a) \\cdot f(b) < 0$, ...
        """
    )
    assert [finding.tex for finding in report.findings] == ["x + 1 = x"]
    reasons = [reason for _, _, reason in report.exemptions]
    assert (
        reasons
        == ["a gradient, checked in the several-variables chapter"]
        + ["the theorem's hypotheses"] * 3
    )


def test_an_unreadable_formula_is_a_finding_not_a_pass() -> None:
    (finding,) = check(r"Then $\oint f = 0$.").findings
    assert "cannot read" in finding.message


def test_implicit_differentiation_is_checked_on_the_curve() -> None:
    body = """
    % where: y = y(x), x^3 + y^3 = 6xy
    On the curve $x^3 + y^3 = 6xy$, differentiating gives $3x^2 + 3y^2 y' = 6xy' + 6y$, so
    $y' = \\frac{2y - x^2}{y^2 - 2x}$.
    """
    assert messages(check(body)) == []
    wrong = check(body.replace("2y - x^2", "2y + x^2"))
    assert "on the curve" in wrong.findings[0].message


def test_a_rules_table_is_read_and_checked() -> None:
    report = check(":::{rules-table}\n:rules: cos, tan\n:columns: function, derivative\n:::\n")
    assert messages(report) == [] and report.generated == 4


def test_a_definition_must_be_one_the_checks_compute() -> None:
    body = "Let $u = 3x^2 + 1$; then $u' = 6x$.\n"
    (finding,) = check(body).findings
    assert "defines u as a value the section's check cells do not compute" in finding.message
    assert messages(check(body + CELL, 3 * x**2 + 1)) == []
    # an edit that the derivative cannot see (the constant) is caught by the tie
    assert check(body.replace("+ 1", "+ 2") + CELL, 3 * x**2 + 1).findings
    # the tangent line of an arbitrary f has nothing concrete to be tied to
    assert messages(check("The tangent is $y = f(a) + f'(a)(x - a)$.")) == []


# -- statements about an arbitrary function, checked on a named example ------------------------

THEOREM = """
% instance $f''(c) > 0$: f(x) = x^2/4, c = 0
% instance: f(x) = x^3, a = 1, b = 3, c = \\sqrt{13/3}
If $f''(c) > 0$, a minimum; and $f'(c) = \\frac{f(b) - f(a)}{b - a}$.
"""


def test_a_statement_holds_on_its_instance() -> None:
    report = check(THEOREM)
    assert report.findings == [] and report.instances == 2


@pytest.mark.parametrize(
    ("typed", "edited", "words"),
    [
        ("f''(c) > 0$, a", "f''(c) > 1$, a", "names no formula"),  # the marker no longer matches
        ("f(b) - f(a)", "f(b) + f(a)", "differ"),
        ("{b - a}", "{b + a}", "differ"),
        ("{f(b) - f(a)}", "{f(b) - f(d)}", "leaves d unbound"),
    ],
)
def test_an_edited_statement_fails_on_its_instance(typed: str, edited: str, words: str) -> None:
    report = check(THEOREM.replace(typed, edited, 1))
    assert any(words in message for message in messages(report)), messages(report)


def test_an_update_rule_gives_the_stated_new_value() -> None:
    marker = "% instance: L(w) = (w - 3)^2, w = 0, \\eta = 1/10, w \\leftarrow 3/5\n"
    right = check(marker + "Then $w \\leftarrow w - \\eta \\, \\dfrac{dL}{dw}$.")
    wrong = check(marker + "Then $w \\leftarrow w + \\eta \\, \\dfrac{dL}{dw}$.")
    assert right.findings == [] and right.instances == 1
    assert "the update gives" in messages(wrong)[0]


def test_a_series_is_its_function_to_the_order_shown() -> None:
    series = "% instance: f(x) = e^x, a = 1/2\n$$f(x) = f(a) + f'(a)(x-a) + \\frac{f''(a)}{2!}(x-a)^2 + \\cdots$$\n"
    assert check(series).findings == []
    wrong = check(series.replace("{2!}", "{3!}"))
    assert "not the series to order 2" in messages(wrong)[0]


def test_an_infinite_sum_of_derivatives_is_summed_on_the_instance() -> None:
    taylor = "% instance: f(x) = e^x, a = 1/2\n$$f(x) = \\sum_{n=0}^{\\infty} \\frac{f^{(n)}(a)}{n!}(x - a)^n$$\n"
    assert check(taylor).findings == []
    assert messages(check(taylor.replace("n=0", "n=1")))


# -- points, arrays and glued numbers ------------------------------------------------------------


def test_a_point_must_be_one_the_checks_evaluate_at() -> None:
    page = "At $x = 2$ the slope is 4.\n" + CELL
    items = read_page("# Page\n\n" + page)
    line = next(item.line for item in items if item.kind == "cell")
    evaluated_at_2 = CellRun(line, values=[sp.Integer(4)], arguments=[sp.Integer(2)])
    computed_2 = CellRun(line, values=[sp.Integer(2), sp.Integer(4)])
    assert check_items("book/page.md", items, [evaluated_at_2]).findings == []
    (finding,) = check_items("book/page.md", items, [computed_2]).findings
    assert "not one the section's check cells use" in finding.message


def test_a_matrix_ties_to_the_array_the_checks_compute() -> None:
    typed = (
        "Take $W = \\begin{pmatrix} 0.5 & 0.3 \\\\ 0.2 & 0.7 \\end{pmatrix}$ and $b = (0.1, 0.1)$."
    )
    computed = [sp.ImmutableMatrix([[0.5, 0.3], [0.2, 0.7]]), sp.ImmutableMatrix([0.1, 0.1])]
    assert check(typed, *computed).findings == []
    (finding,) = check(typed.replace("0.7", "0.8"), *computed).findings
    assert "not one the section's check cells compute" in finding.message


def test_a_formula_ending_in_equals_is_completed_by_the_glued_number() -> None:
    body = "Let $f(x) = x^4$. Then $f^{(4)}(0) =$ {glue:text}`value`.\n"
    assert check(body, x**4, glued={"value": 24}).findings == []
    (finding,) = check(body, x**4, glued={"value": 25}).findings
    assert "not the glued 25" in finding.message
    rounded = "Then $\\sin(1) \\approx$ {glue:text}`value:.3f`.\n"
    assert check(rounded, glued={"value": 0.8414709848}).findings == []
    assert check(rounded, glued={"value": 0.85}).findings


def test_a_marker_inside_a_paragraph_is_reported() -> None:
    report = check("Some words\n% unchecked: a reason\nmore words $x$.\n")
    assert any("splits it in two" in message for message in messages(report))
    assert check("Some words.\n\n% unchecked: a reason\nmore words $x$.\n").findings == []


def test_an_elided_product_is_reported_not_skipped() -> None:
    (finding,) = check("Recall $n! = 1 \\cdot 2 \\cdots n$.").findings
    assert "elided" in finding.message
    assert check("Chains $f'(c) = f''(c) = \\dots = 0$ skip only the elided link.").findings == []


def test_a_variable_approaches_the_point_its_limit_takes_it_to() -> None:
    body = "$$f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}$$\n\nAs $h \\to 0$ the secant turns.\n"
    assert check(body).findings == []
    (finding,) = check(body.replace("As $h \\to 0$", "As $h \\to 1$")).findings
    assert "take h to 0, not 1" in finding.message


def test_a_finite_sum_of_derivatives_is_summed_on_the_instance() -> None:
    marker = "% instance: f(x) = e^x, a = 0, n = 2, T_n(x) = 1 + x + \\frac{x^2}{2}\n"
    body = marker + "$$T_n(x) = \\sum_{k=0}^{n} \\frac{f^{(k)}(a)}{k!} (x - a)^k$$\n"
    assert check(body).findings == []
    assert messages(check(body.replace("{k!}", "{(k+1)!}")))


def test_a_check_can_stop_at_its_first_new_finding() -> None:
    """The mutation test asks only whether an edit adds a finding: it stops at the first."""
    page = "# Two mistakes\n\n$(x^2)' = 3x$\n\n$(x^3)' = 2x^2$\n"
    items = read_page(page)
    assert len(check_items("page.md", items, []).findings) == 2
    (first,) = check_items("page.md", items, [], stop_after=0).findings
    assert first.line == 3
    assert len(check_items("page.md", items, [], stop_after=1).findings) == 2


#: A page with what a walk carries from item to item: definitions in sections and in a
#: directive, an exemption, a shape declared in the prose (read at its section's heading) and a
#: later definition that the earlier ones must not see.
EDITED_PAGE = r"""# Page

Let $u = 3x^2 + 1$, so $u' = 6x$ and $u(1) = 4$.

```{note}
Here $v = x - 2$ and $v^2 = x^2 - 4x + 4$.
```

% unchecked: a shorthand
$u \approx 3x^2$

```{code-cell} python
```

## Vectors

With $\mathbf a^\top \mathbf x = \mathbf x^\top \mathbf a$ for $\mathbf a \in \mathbb{R}^3$,
$\mathbf x \in \mathbb{R}^3$.

## Again

Let $u = 2x$, so $u + u = 4x$.

```{code-cell} python
```
"""


def _edited_page_runs() -> list[CellRun]:
    """What the page's two cells compute: the page as written has no finding."""
    first, second = (item.line for item in read_page(EDITED_PAGE) if item.kind == "cell")
    return [
        CellRun(first, values=[3 * x**2 + 1, sp.Integer(4), x - 2]),
        CellRun(second, values=[2 * x, 4 * x]),
    ]


def _edits(page: str) -> list[str]:
    from calcnotes.bookcheck.mutation import mutants

    edits = []
    for item in read_page(page):
        if item.kind == "math":
            edits += [page.replace(item.text, edit, 1) for _, edit in mutants(item.text)]
    return edits


@pytest.mark.parametrize("stop_early", [False, True])
def test_edited_pages_report_as_their_full_check(stop_early: bool) -> None:
    """Each edit goes on from the walk of the page as written, and reports what a check of the
    edited page from its first line reports: findings, counts and exemptions alike (stopping
    early, a partial report that agrees on whether there is a finding)."""
    edits = _edits(EDITED_PAGE) + [
        EDITED_PAGE.replace("## Again", "## Again\n\n$1 + 1 = 3$\n"),  # an item more
        EDITED_PAGE.replace("## Vectors", "Vectors"),  # a heading less
    ]
    items, runs = read_page(EDITED_PAGE), _edited_page_runs()
    assert check_items("page.md", items, runs).findings == []
    edited = [read_page(page) for page in edits]
    written, reports = check_edits("page.md", items, runs, edited, stop_early)
    stop_after = len(written.findings) if stop_early else None
    full = [check_items("page.md", page, runs, stop_after) for page in edited]
    assert written == check_items("page.md", items, runs)
    assert len(edits) > 20
    if not stop_early:
        assert reports == full
    else:  # partial reports: the first finding is the same, or there is none in either
        assert [report.findings[:1] for report in reports] == [
            report.findings[:1] for report in full
        ]
    assert sum(bool(report.findings) for report in reports) > len(edits) // 2


def test_an_edit_is_walked_from_where_it_differs_until_it_walks_as_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps: list[int] = []
    original = checker._Walk.step

    def step(walk: checker._Walk, index: int) -> None:
        steps.append(index)
        original(walk, index)

    monkeypatch.setattr(checker._Walk, "step", step)
    items, runs = read_page(EDITED_PAGE), _edited_page_runs()
    where = {item.text: index for index, item in enumerate(items)}
    last = EDITED_PAGE.replace("u + u = 4x$", "u + u = 5x$")
    _, (report,) = check_edits("page.md", items, runs, [read_page(last)])
    assert report.findings
    assert steps[len(items) :] == [where["u = 2x"], where["u + u = 4x"], where["u + u = 4x"] + 1]
    steps.clear()
    # A shape declared in the prose is read at its section's heading: the edit is walked from
    # there, and once the next section has begun its walk is the page's again.
    declared = EDITED_PAGE.replace(r"\mathbb{R}^3$,", r"\mathbb{R}^4$,")
    _, (report,) = check_edits("page.md", items, runs, [read_page(declared)])
    _, vectors, again = (index for index, item in enumerate(items) if item.kind == "heading")
    assert steps[len(items) :] == list(range(vectors, again + 1))
    assert report == check_items("page.md", read_page(declared), runs)


def test_the_checker_failing_on_an_edit_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    real = checker._check_formula

    def failing(scope: object, report: PageReport, line: int, tex: str, **kwargs: object) -> None:
        if tex == "u' = 7x":
            raise RecursionError("deep")
        real(scope, report, line, tex, **kwargs)

    monkeypatch.setattr(checker, "_check_formula", failing)
    items = read_page(EDITED_PAGE)
    _, (failed, fine) = check_edits(
        "page.md", items, [], [read_page(EDITED_PAGE.replace("6x", "7x")), items]
    )
    assert failed.findings[-1].message == "the checker failed: RecursionError('deep')"
    assert fine == check_items("page.md", items, [])
