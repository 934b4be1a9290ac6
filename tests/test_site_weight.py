"""The built chapter pages do not get heavier on the wire, and their line plots are vectors.

The weight of a page is what ``tools/site_weight.py`` counts: the HTML and every file it
links to, text gzip-compressed (level 6) as GitHub Pages serves it. ``bench/site.py`` shows
the same numbers beside a stock sphinx-book-theme build and in a real browser.
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

from site_build import ROOT

sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from site_weight import (  # noqa: E402
    INTERACTIVE_ASSETS,
    added_weight,
    median_page_weight,
    page_weight,
    wire_size,
)

# Measured on the build of this commit (bench/site.py prints it too). Lower it when a change
# makes the pages lighter; a change that makes them heavier must pay for itself elsewhere.
# The 1 % headroom absorbs a few words of new prose, not a new asset. Re-measured when the
# book grew from 13 to 35 pages (limits, chain rule, Taylor series, optimisation, numerical
# methods): the shared assets are unchanged, the median page now carries more typeset math.
# Re-measured again at 47 pages (partial derivatives, Jacobians and Hessians, matrix
# calculus): their pages carry matrices and generated tables, the median moves up among
# them, and every page's navigation lists twelve more pages.
MEDIAN_BASELINE = 212_542
HEADROOM = 1.01

BOOK = ROOT / "book"


def chapter_pages() -> list[str]:
    return sorted(
        str(md.relative_to(BOOK).with_suffix(".html"))
        for md in BOOK.rglob("*.md")
        if md.name != "README.md"
        and not any(part.startswith("_") for part in md.relative_to(BOOK).parts)
    )


def test_median_chapter_page_weight_does_not_grow(site: Path) -> None:
    pages = [page for page in chapter_pages() if (site / page).is_file()]
    assert len(pages) >= 5, pages
    # What answer boxes and moving figures add is budgeted on its own (below), so that
    # the pages that have them do not move the median of the rest.
    weights = {
        page: page_weight(site, page) - sum(added_weight(site, page).values()) for page in pages
    }
    median = statistics.median(weights.values())
    assert median <= median_page_weight(site, pages)
    assert median <= MEDIAN_BASELINE * HEADROOM, (
        f"median chapter page weight {median:,.0f} B > baseline {MEDIAN_BASELINE:,} B; {weights}"
    )


# Answer boxes and moving figures may add this much (gzip) to a page that has them.
INTERACTIVE_BUDGET = 200_000


def test_interactive_assets_load_only_where_needed_and_within_budget(site: Path) -> None:
    pages = [page for page in chapter_pages() if (site / page).is_file()]
    added = {page: added_weight(site, page) for page in pages}
    with_boxes = {page for page in pages if 'class="answer-box"' in (site / page).read_text()}
    with_figures = {
        page for page in pages if 'class="interactive-figure"' in (site / page).read_text()
    }
    assert with_boxes and with_figures
    for page, assets in added.items():
        if page not in with_boxes | with_figures:
            assert assets == {}, f"{page} has no box or figure but loads {sorted(assets)}"
            continue
        assert sum(assets.values()) <= INTERACTIVE_BUDGET, (page, assets)
        assert ("calcnotes-mathjs.js" in assets) == (page in with_boxes), (page, assets)
        assert ("interactive-figures.js" in assets) == (page in with_figures), (page, assets)
    assert all((site / "_static" / asset).is_file() for asset in INTERACTIVE_ASSETS)


def test_plots_are_svg_and_compress_well(site: Path) -> None:
    figures = []
    for page in chapter_pages():
        html = (site / page).read_text(encoding="utf-8") if (site / page).is_file() else ""
        figures += [
            (site / page).parent / src
            for src in re.findall(r'<img [^>]*src="(_images/[^"]+|\.\./_images/[^"]+)"', html)
        ]
    assert figures, "no figures found"
    raster = [f.name for f in figures if f.suffix != ".svg"]
    assert raster == [], f"figures still drawn as raster images: {raster}"
    # Vector line plots are text: on the wire each is a fraction of its size on disk.
    for figure in figures:
        assert wire_size(figure) < 0.5 * figure.stat().st_size, figure.name


def test_wire_size_counts_gzip_for_text_only(tmp_path: Path) -> None:
    text = tmp_path / "page.html"
    text.write_text("<p>derivative</p>" * 500)
    binary = tmp_path / "plot.png"
    binary.write_bytes(bytes(range(256)) * 4)
    assert wire_size(text) < text.stat().st_size / 20
    assert wire_size(binary) == binary.stat().st_size
