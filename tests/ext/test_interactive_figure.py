"""interactive_figure: the moving figures carry the checked tables, only where placed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from interactive_figure import KINDS, table_problems


def test_each_kind_names_the_keys_its_table_needs() -> None:
    assert set(KINDS) == {"tangent", "secant", "step-error", "descent"}
    assert table_problems("tangent", {"x": [], "points": [], "functions": []}) == []
    assert table_problems("descent", [1, 2]) == [
        "the glue entry is not a JSON object: glue it with calcnotes.interactive.glue_figure"
    ]
    assert table_problems("step-error", {"steps": []}) == [
        "the step-error table has no 'forward', 'central'"
    ]


@pytest.mark.build
def test_the_intuition_chapter_has_four_figures_with_their_tables(site: Path) -> None:
    html = (site / "intuition.html").read_text()
    kinds = re.findall(r'<div class="interactive-figure" hidden data-kind="([^"]+)"', html)
    assert sorted(kinds) == sorted(KINDS)
    tables = [
        json.loads(t) for t in re.findall(r'class="interactive-figure-data">(.*?)</script>', html)
    ]
    for kind, table in zip(kinds, tables, strict=True):
        assert table_problems(kind, table) == []
    assert "interactive-figures.js" in html
    assert "interactive-figures.js" not in (site / "index.html").read_text()
