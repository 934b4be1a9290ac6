"""What answer boxes and moving figures add to each chapter page, on the wire.

Run it with ``python -m bench.interactive [BUILD_HTML_DIR]`` after ``make html`` (the
directory defaults to ``$CALCNOTES_BUILDDIR/html``, else ``_build/html``). For every chapter
page it prints the page weight of ``tools/site_weight.py`` (HTML and the files it links,
gzip level 6), the bytes the interactive assets it links add (KaTeX's script, the mathjs
bundle, the two scripts and the stylesheet) and what the JSON tables inside the page add to
its compressed HTML; then the size of each asset, raw and gzip. Nothing is asserted:
``tests/test_site_weight.py`` holds the budget (200 KB gzip, only on pages with boxes or
figures).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from calcnotes._book import pages as book_pages
from tools.site_weight import INTERACTIVE_ASSETS, added_weight, page_weight, wire_size

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    default = Path(os.environ.get("CALCNOTES_BUILDDIR", "_build")) / "html"
    html = Path(argv[0]).resolve() if argv else (ROOT / default).resolve()
    if not (html / "index.html").is_file():
        print(f"no built site in {html}: run `make html` first", file=sys.stderr)
        return 1
    pages = [f"{page}.html" for page in book_pages(ROOT / "book")]
    print(f"{'page':34} {'weight':>9} {'assets':>9} {'tables':>8} {'added':>9}")
    for page in pages:
        if not (html / page).is_file():
            continue
        added = added_weight(html, page)
        tables = added.get("inline tables", 0)
        assets = sum(added.values()) - tables
        print(
            f"{page:34} {page_weight(html, page):9,} {assets:9,} {tables:8,} {assets + tables:9,}"
        )
    print(f"\n{'asset':34} {'raw':>9} {'gzip':>9}")
    for asset in INTERACTIVE_ASSETS:
        path = html / "_static" / asset
        if path.is_file():
            print(f"{asset:34} {path.stat().st_size:9,} {wire_size(path):9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
