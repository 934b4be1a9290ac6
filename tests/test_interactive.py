"""calcnotes.interactive: the numbers answer boxes and moving figures are built from."""

from __future__ import annotations

import json
import math

import myst_nb
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from calcnotes.interactive import (
    MIME_TYPE,
    SAMPLE_POINTS,
    answer_data,
    descent_data,
    glue_answer,
    glue_figure,
    secant_data,
    step_error_data,
    tangent_data,
)

x = sp.Symbol("x")


def test_an_expression_is_sampled_at_both_signs_and_its_values_are_the_answers() -> None:
    data = answer_data(30 * x * (3 * x**2 + 1) ** 4, x)
    assert data["variables"] == ["x"]
    assert len(data["points"]) >= 4
    assert any(p[0] < 0 for p in data["points"]) and any(p[0] > 0 for p in data["points"])
    for (point,), value in zip(data["points"], data["values"], strict=True):
        assert value == pytest.approx(30 * point * (3 * point**2 + 1) ** 4, rel=1e-14)


def test_a_positive_variable_and_a_domain_keep_the_samples_inside() -> None:
    t = sp.Symbol("t", positive=True)
    assert all(p[0] > 0 for p in answer_data(t**t * (sp.log(t) + 1), t)["points"])
    inside = answer_data(sp.sqrt(1 - x**2), x, domain=sp.Interval.open(-1, 1), count=4)
    assert all(-1 < p[0] < 1 for p in inside["points"]) and len(inside["points"]) == 4


def test_points_where_the_answer_is_not_real_are_skipped() -> None:
    data = answer_data(sp.log(x), x)  # x is not declared positive: ln of a negative is complex
    assert data["points"] and all(p[0] > 0 for p in data["points"])


def test_a_number_has_one_point_and_its_exact_value() -> None:
    data = answer_data(sp.sin(2) + 2 * sp.cos(2), mistakes={"product-rule": sp.cos(2)})
    assert data["variables"] == [] and data["points"] == [[]]
    assert data["values"] == [pytest.approx(math.sin(2) + 2 * math.cos(2), rel=1e-15)]
    assert data["mistakes"] == {"product-rule": [pytest.approx(math.cos(2), rel=1e-15)]}


def test_two_variables_are_sampled_together() -> None:
    y = sp.Symbol("y")
    answer = (x**2 - 2 * y) / (2 * x - y**2)
    data = answer_data(answer, (x, y))
    assert data["variables"] == ["x", "y"] and len(data["points"]) >= 4
    assert len({p[0] for p in data["points"]}) > 1 and len({p[1] for p in data["points"]}) > 1
    for (a, b), value in zip(data["points"], data["values"], strict=True):
        assert value == pytest.approx((a**2 - 2 * b) / (2 * a - b**2), rel=1e-12)


def test_a_mistake_the_box_could_not_tell_apart_is_refused() -> None:
    with pytest.raises(ValueError, match="agrees with the answer at every sample point"):
        answer_data(sp.sec(x) ** 2, x, mistakes={"same": 1 + sp.tan(x) ** 2})


def test_a_stray_symbol_and_too_few_points_are_refused() -> None:
    with pytest.raises(ValueError, match=r"free symbols \['n'\]"):
        answer_data(sp.Symbol("n") * x, x)
    with pytest.raises(ValueError, match="sample points lie in the domain"):
        answer_data(sp.sqrt(x - 10), x)
    with pytest.raises(TypeError, match="SymPy symbols"):
        answer_data(x, ["x"])


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=-5, max_value=5), st.integers(min_value=1, max_value=4))
def test_equivalent_forms_give_the_same_values(a: int, n: int) -> None:
    # A factored and an expanded polynomial are one answer to the box.
    factored = answer_data((x + a) ** n, x)["values"]
    expanded = answer_data(sp.expand((x + a) ** n), x)["values"]
    assert expanded == pytest.approx(factored, rel=1e-12, abs=1e-12)


def test_sample_points_avoid_integers_and_zero() -> None:
    assert all(p != 0 and p != round(p) for p in SAMPLE_POINTS)
    assert min(SAMPLE_POINTS) < 0 < max(SAMPLE_POINTS)


def test_glue_answer_and_glue_figure_glue_json(monkeypatch: pytest.MonkeyPatch) -> None:
    glued = {}
    monkeypatch.setattr(
        myst_nb, "glue", lambda name, value, display=True: glued.update({name: value})
    )
    glue_answer("demo-box", 2 * x, x, mistakes={"chain-rule": x})
    glue_figure("demo-figure", {"steps": [0.1]})
    box = json.loads(glued["demo-box"]._repr_mimebundle_()[MIME_TYPE])
    assert box["mistakes"]["chain-rule"] and box["variables"] == ["x"]
    assert json.loads(glued["demo-figure"]._repr_mimebundle_()[MIME_TYPE]) == {"steps": [0.1]}


def test_tangent_data_holds_values_and_slopes_at_each_point() -> None:
    data = tangent_data({"sin(x)": sp.sin(x), "x^2": x**2}, x, [-1.0, 0.0, 2.0], (-3, 3), 7)
    sine, square = data["functions"]
    assert sine["slopes"] == pytest.approx([math.cos(-1), 1.0, math.cos(2)])
    assert square["values"] == [1.0, 0.0, 4.0] and square["slopes"] == [-2.0, 0.0, 4.0]
    assert data["x"] == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0] and len(sine["curve_y"]) == 7


def test_a_constant_function_still_has_a_curve_and_slopes() -> None:
    data = tangent_data({"1": sp.Integer(1) + 0 * x}, x, [0.5, 1.5], (0, 2), 3)
    assert data["functions"][0]["curve_y"] == [1.0, 1.0, 1.0]
    assert data["functions"][0]["slopes"] == [0.0, 0.0]


def test_secant_slopes_approach_the_tangent() -> None:
    data = secant_data(x**3, x, 1.0, [1.0, 0.1, 0.01], (0, 2))
    assert data["slopes"] == pytest.approx([7.0, 3.31, 3.0301])
    assert data["tangent"] == 3.0 and data["value"] == 1.0


def test_step_errors_fall_then_rise() -> None:
    steps = list(10 ** np.linspace(-1, -15, 29))
    data = step_error_data(math.exp, math.e, 1.0, steps)
    central = data["central"]
    bottom = int(np.argmin(central))
    assert 0 < bottom < len(steps) - 1
    assert central[0] > central[bottom] < central[-1]
    assert data["forward"][0] == pytest.approx(0.1 / 2 * math.e, rel=0.06)


def test_descent_paths_converge_oscillate_or_diverge_with_the_rate() -> None:
    data = descent_data(lambda w: (w - 3) ** 2, lambda w: 2 * (w - 3), 0.0, [0.1, 0.9, 1.1], 10,
                        minimum=3.0, w_range=(0.0, 6.0))  # fmt: skip
    slow, swinging, wild = data["runs"]
    assert slow["losses"][-1] < slow["losses"][0] and all(w < 3 for w in slow["params"])
    assert swinging["losses"][-1] < swinging["losses"][0]
    assert any(w > 3 for w in swinging["params"])
    assert wild["losses"][-1] > wild["losses"][0]
    assert data["curve_loss"][0] == 9.0 and data["minimum"] == 3.0
