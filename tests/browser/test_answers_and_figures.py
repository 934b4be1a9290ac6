"""Answer boxes and moving figures, used as a reader uses them, in the real browser.

Every box on every page is listed in ``ANSWERS``: two equivalent right answers, a wrong one
and the typed form of each common mistake it recognises. Each is typed from the keyboard
and the feedback (its text and its live region) checked. Each figure's slider is moved from
the keyboard and the numbers it shows compared with values computed here in Python.
(The audit and the no-external-request checks of every page are in test_pages.py.)
"""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp
from answer_box import MISTAKES
from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGES = [
    "derivatives/practice.html",
    "intuition.html",
    "partial-derivatives/practice.html",
    "multivariable/practice.html",
    "matrix-calculus/practice.html",
]

# box key -> (two right answers, a wrong answer, {mistake: its typed form})
ANSWERS: dict[str, tuple[tuple[str, str], str, dict[str, str]]] = {
    "practice-q1-box": (("e^x/(1+e^x)", "1/(1 + e^(-x))"), "e^x", {"chain-rule": "1/(1+e^x)"}),
    "practice-q4-box": (
        ("x^x(ln(x)+1)", "x**x*log(x) + x**x"),
        "x^x ln(x)",  # (x^x itself is the power-rule slip: x x^(x-1) = x^x)
        {"power-rule-exponential": "x*x^(x-1)"},
    ),
    "practice-p1-box": (
        ("30x(3x^2+1)^4", "30*x*(3*x**2+1)**4"),
        "6x(3x^2+1)^4",
        {"chain-rule": "5(3x^2+1)^4"},
    ),
    "practice-p2-box": (
        ("x^2(3ln(x)+1)", "3x^2 ln(x) + x^2"),
        "3x^2 ln(x)",
        {"product-rule": "3x"},
    ),
    "practice-p3-box": (("(x^2-2y)/(2x-y^2)", "(2y - x^2)/(y^2 - 2x)"), "(x^2+2y)/(2x-y^2)", {}),
    "practice-p3-slope-box": (("-1", "-3/3"), "1", {}),
    "practice-p4-box": (("r^2", "r*r"), "2r^2", {}),
    "practice-p5-box": (
        ("x^sin(x) (cos(x) ln(x) + sin(x)/x)", "x**sin(x)*cos(x)*log(x) + sin(x)*x**(sin(x)-1)"),
        "cos(x) ln(x)",
        {"power-rule-exponential": "sin(x) x^(sin(x)-1)"},
    ),
    "intuition-ex1-poly-box": (("14", "6*2 + 2"), "12", {"value-not-derivative": "15"}),
    "intuition-ex1-recip-box": (("-1/4", "-0.25"), "-1/2", {"quotient-sign": "1/4"}),
    "intuition-ex1-xsin-box": (("sin(2)+2cos(2)", "0.0770"), "sin(2)", {"product-rule": "cos(2)"}),
    "intuition-ex3-box": (("1/4", "0.25"), "1/8", {"sigmoid-not-derivative": "1/2"}),
    "pd-p1-fy-box": (("x^2 e^(x y)", "x*x*exp(y*x)"), "x^2 y e^(x y)", {"chain-rule": "x e^(x y)"}),
    "pd-p2-rate-box": (("sqrt(26)", "26^(1/2)"), "26", {}),
    "pd-p3-rate-box": (("23/5", "4.6"), "19/5", {"not-unit-vector": "23"}),
    "pd-p5-dw-box": (("-2", "-4/2"), "2", {"weight-without-feature": "-1"}),
    "mv-p1-det-box": (("47", "4*12 - 1"), "48", {}),
    "mv-p2-box": (
        ("cos(2t) - sin(2t)", "cos(t)^2 - sin(t)^2 - 2sin(t)cos(t)"),
        "cos(2t)",
        {"chain-rule": "3cos(t) + sin(t)"},
    ),
    "mv-p4-box": (("x + 2y - (x + 2y)^2/2", "x+2*y-x^2/2-2*x*y-2*y^2"), "x + 2y - (x + 2y)^2", {}),
    "mc-p1-box": (("-1", "-2/2"), "1", {}),
    "mc-p2-box": (("-18", "2*(-9)"), "18", {"chain-rule": "2"}),
    "mc-p3-box": (("-3/4", "-0.75"), "3/4", {}),
    "mc-p5-box": (("-1/6", "-0.5/3"), "1/6", {}),
}

# the page of each box, by the prefix of its key
BOX_PAGES = {"intuition-": PAGES[1], "pd-": PAGES[2], "mv-": PAGES[3], "mc-": PAGES[4]}


def open_box(page: Page, base_url: str, key: str) -> Locator:
    path = next((p for prefix, p in BOX_PAGES.items() if key.startswith(prefix)), PAGES[0])
    page.goto(f"{base_url}/{path}", wait_until="load")
    box = page.locator(f'.answer-box[data-key="{key}"]')
    box.wait_for(state="visible")
    return box


def answer(page: Page, box: Locator, text: str) -> str:
    """Type an answer from the keyboard, press Enter, return the verdict."""
    field = box.locator("input")
    field.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    return box.get_attribute("data-verdict") or ""


def test_every_box_on_the_site_is_tested(page: Page, base_url: str) -> None:
    found = set()
    for path in PAGES:
        page.goto(f"{base_url}/{path}", wait_until="load")
        found |= set(page.eval_on_selector_all(".answer-box", "els => els.map(e => e.dataset.key)"))
    assert found == set(ANSWERS)


@pytest.mark.parametrize("key", sorted(ANSWERS))
def test_answer_box_judges_right_equivalent_wrong_and_mistaken_answers(
    page: Page, base_url: str, key: str
) -> None:
    rights, wrong, mistakes = ANSWERS[key]
    box = open_box(page, base_url, key)
    feedback = box.locator(".answer-box-feedback")
    assert feedback.get_attribute("aria-live") == "polite"
    assert feedback.get_attribute("role") == "status"
    for text in rights:
        assert answer(page, box, text) == "right", (text, feedback.inner_text())
        assert feedback.inner_text().startswith("Right")
        assert box.locator(".answer-box-preview .katex").count() == 1  # typeset as typed
    assert answer(page, box, wrong) == "wrong", feedback.inner_text()
    assert feedback.inner_text().startswith("Not right")
    for mistake, text in mistakes.items():
        assert answer(page, box, text) == "mistake", (mistake, feedback.inner_text())
        hint, label = MISTAKES[mistake]
        assert feedback.inner_text().startswith("Common mistake. " + hint.split(":")[0])
        link = feedback.locator("a")
        assert link.count() == 1 and (link.get_attribute("href") or "").endswith("#" + label)
    assert answer(page, box, "x +* 2") == "unreadable"
    assert feedback.inner_text().startswith("Cannot read")


def test_answer_box_works_from_the_keyboard_alone(page: Page, base_url: str) -> None:
    box = open_box(page, base_url, "practice-p1-box")
    box.locator("input").focus()
    page.keyboard.type("30x(3x^2+1)^4")
    page.keyboard.press("Tab")  # to the Check button
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    assert box.get_attribute("data-verdict") == "right"
    page.keyboard.press("Shift+Tab")  # back in the field, its text selected
    page.keyboard.press("End")
    page.keyboard.type("*0")  # now 30x(3x^2+1)^4*0
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert box.get_attribute("data-verdict") == "wrong"


def test_without_javascript_the_static_solution_remains(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/{PAGES[0]}", wait_until="load")
        assert page.locator(".answer-box").count() == len(
            [k for k in ANSWERS if k.startswith("practice")]
        )
        assert page.locator(".answer-box:visible").count() == 0
        assert page.locator("details.dropdown, .solution").count() >= 5
        page.goto(f"{base_url}/{PAGES[1]}", wait_until="load")
        assert page.locator(".interactive-figure:visible").count() == 0
        assert page.locator("img[src$='.svg']").count() >= 4  # the static figures stay
    finally:
        context.close()


def figure(page: Page, base_url: str, kind: str) -> Locator:
    page.goto(f"{base_url}/{PAGES[1]}", wait_until="load")
    found = page.locator(f'.interactive-figure[data-kind="{kind}"]')
    found.wait_for(state="visible")
    return found


def readout(fig: Locator) -> dict[str, float]:
    values = fig.locator(".interactive-figure-readout").evaluate("el => ({...el.dataset})")
    return {k: float(v) for k, v in values.items()}


def test_the_four_figures_are_there(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/{PAGES[1]}", wait_until="load")
    kinds = page.eval_on_selector_all(".interactive-figure", "els => els.map(e => e.dataset.kind)")
    assert sorted(kinds) == ["descent", "secant", "step-error", "tangent"]
    for fig in page.locator(".interactive-figure").all():
        assert fig.locator("svg[role=img][aria-label]").count() >= 1
        assert fig.locator("input[type=range]").count() == 1
        assert fig.locator(".interactive-figure-readout[aria-live=polite]").count() == 1


def test_tangent_slider_shows_the_derivative_at_the_point(page: Page, base_url: str) -> None:
    fig = figure(page, base_url, "tangent")
    x = sp.Symbol("x")
    slider = fig.locator("input[type=range]")
    slider.focus()
    before = readout(fig)
    assert before["slope"] == pytest.approx(2 * before["a"], abs=1e-12)
    page.keyboard.press("ArrowRight")
    after = readout(fig)
    assert after["a"] == pytest.approx(before["a"] + 0.1, abs=1e-9)
    assert after["slope"] == pytest.approx(float(sp.diff(x**2, x).subs(x, after["a"])), abs=1e-9)
    assert f"f'(a) = {after['slope']:g}" in fig.inner_text()
    fig.locator("select").select_option(label="f(x) = sin(x)")
    slider.focus()  # the slider keeps its place; move it to a = -2
    page.keyboard.press("Home")
    now = readout(fig)
    assert now["a"] == -2.0 and now["slope"] == pytest.approx(math.cos(-2.0), rel=1e-12)


def test_secant_turns_into_the_tangent_as_h_shrinks(page: Page, base_url: str) -> None:
    fig = figure(page, base_url, "secant")
    fig.locator("input[type=range]").focus()
    first = readout(fig)
    assert first["h"] == 1.0 and first["slope"] == pytest.approx(3.0, rel=1e-12)
    page.keyboard.press("End")
    last = readout(fig)
    h = last["h"]
    assert h == pytest.approx(1e-3, rel=1e-9)
    assert last["slope"] == pytest.approx(((1 + h) ** 2 - 1) / h, rel=1e-12)
    assert last["tangent"] == 2.0


def test_step_error_slider_finds_the_bottom_of_the_v(page: Page, base_url: str) -> None:
    fig = figure(page, base_url, "step-error")
    fig.locator("input[type=range]").focus()
    seen = []
    page.keyboard.press("Home")
    for _ in range(57):
        seen.append(readout(fig))
        page.keyboard.press("ArrowRight")
    for row in seen[::7]:
        h = row["h"]
        forward = abs((math.exp(1 + h) - math.exp(1)) / h - math.e)
        central = abs((math.exp(1 + h) - math.exp(1 - h)) / (2 * h) - math.e)
        assert row["forward"] == pytest.approx(forward, rel=1e-12, abs=1e-300)
        assert row["central"] == pytest.approx(central, rel=1e-12, abs=1e-300)
    bottom = min(seen, key=lambda row: row["central"])
    assert 1e-6 < bottom["h"] < 1e-4  # near the cube root of machine epsilon
    assert seen[0]["central"] > bottom["central"] < seen[-1]["central"]


@pytest.mark.parametrize(
    ("presses", "rate", "verdict"),
    [(1, 0.1, "converging steadily"), (17, 0.9, "converging, oscillating"),
     (19, 1.0, "oscillating without converging"), (21, 1.1, "diverging")],
)  # fmt: skip
def test_learning_rate_slider_redraws_the_path(
    page: Page, base_url: str, presses: int, rate: float, verdict: str
) -> None:
    fig = figure(page, base_url, "descent")
    fig.locator("input[type=range]").focus()
    page.keyboard.press("Home")
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    shown = readout(fig)
    assert shown["rate"] == pytest.approx(rate, abs=1e-12)
    w = 0.0
    for _ in range(12):
        w -= rate * 2 * (w - 3)
    assert shown["w"] == pytest.approx(w, rel=1e-12)
    assert shown["loss"] == pytest.approx((w - 3) ** 2, rel=1e-12)
    assert re.search(verdict, fig.inner_text())
