"""formula_check: a page's result is reused by another build of the same sources, findings and all."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import formula_check
import pytest

from calcnotes.bookcheck.checker import Finding, PageReport

PAGE = "# Page\n\nLet $f(x) = x^2$. Then $f'(x) = 3x$.\n"


def test_a_page_is_checked_once_per_text_and_its_findings_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def check_page(path: Path, page: str, keep: Path) -> PageReport:
        calls.append(path.read_text())
        assert keep == tmp_path / "cache" / "formulas"  # the cells' results beside the report
        finding = Finding(page, 3, "f'(x) = 3x", "the two sides differ")
        return PageReport(page, relations=1, exemptions=[(3, "x", "why")], findings=[finding])

    monkeypatch.setattr("calcnotes.bookcheck.checker.check_page", check_page)
    app = SimpleNamespace(config=SimpleNamespace(nb_execution_cache_path=str(tmp_path / "cache")))
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    first = formula_check._cached_report(app, page, "book/page.md")
    again = formula_check._cached_report(app, page, "book/page.md")
    assert len(calls) == 1 and first == again
    assert again["findings"] == [
        {"page": "book/page.md", "line": 3, "tex": "f'(x) = 3x", "message": "the two sides differ"}
    ]
    assert again["relations"] == 1
    page.write_text(PAGE.replace("3x", "2x"))  # an edited page is checked again
    formula_check._cached_report(app, page, "book/page.md")
    assert len(calls) == 2
