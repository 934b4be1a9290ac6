"""katex_assets: KaTeX's stylesheet and fonts are served from the site, and math is rendered
when the book is built (a LaTeX error failing the build is tested in tests/test_build.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def test_katex_assets_are_served_from_the_site(site: Path) -> None:
    css = site / "_static" / "katex" / "katex.min.css"
    assert css.is_file()
    fonts = re.findall(r"url\((fonts/[^)]+\.woff2)\)", css.read_text())
    assert fonts, "KaTeX stylesheet references no woff2 font"
    for font in fonts:
        assert (css.parent / font).is_file(), f"missing KaTeX font {font}"


def test_math_is_rendered_at_build_time(site: Path) -> None:
    html = (site / "index.html").read_text()
    assert "katex.min.js" not in html and "auto-render" not in html
    pages = [p.read_text() for p in site.rglob("*.html")]
    assert any('class="katex"' in page for page in pages)
