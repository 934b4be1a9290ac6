"""katex_assets: KaTeX's stylesheet and fonts are served from the site, and math is rendered
when the book is built (a LaTeX error failing the build is tested in tests/test_build.py)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from katex_assets import stable_static_path


@pytest.mark.build
def test_katex_assets_are_served_from_the_site(site: Path) -> None:
    css = site / "_static" / "katex" / "katex.min.css"
    assert css.is_file()
    fonts = re.findall(r"url\((fonts/[^)]+\.woff2)\)", css.read_text())
    assert fonts, "KaTeX stylesheet references no woff2 font"
    for font in fonts:
        assert (css.parent / font).is_file(), f"missing KaTeX font {font}"


@pytest.mark.build
def test_math_is_rendered_at_build_time(site: Path) -> None:
    html = (site / "index.html").read_text()
    assert "katex.min.js" not in html and "auto-render" not in html
    pages = [p.read_text() for p in site.rglob("*.html")]
    assert any('class="katex"' in page for page in pages)


def test_katex_s_static_folder_is_the_same_in_every_build(tmp_path: Path) -> None:
    # A fresh temporary folder per build would make each build's configuration differ.
    app = SimpleNamespace(
        doctreedir=str(tmp_path / "_build" / "doctrees"),
        config=SimpleNamespace(html_static_path=["book/_static"]),
    )
    stable_static_path(app)
    first = list(app.config.html_static_path)
    stable_static_path(app)
    assert (
        app.config.html_static_path
        == first
        == ["book/_static", str(tmp_path / "_build" / "katex_static")]
    )
