"""Print the single-page build of the book to one PDF with headless Chromium.

Usage: ``python -m tools.print_pdf _build/singlehtml/index.html _build/pdf/calcnotes.pdf``
(``make pdf`` runs it after building ``_build/singlehtml``). The page is opened from disk and
every request for another host is refused, so the PDF shows exactly the offline site: math
pre-rendered by KaTeX with its fonts from ``_static``, figures, and code.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from tools.chromium import CHROMIUM_ARGS, find_chromium

__all__ = ["CHROMIUM_ARGS", "chromium_path", "print_pdf"]


# Print layout: no navigation chrome, code wraps instead of being cut at the margin.
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .prev-next-area,
.bd-footer, .bd-footer-content, .calcnotes-downloads, .headerlink, .copybtn,
#jb-print-docs-body, .toggle-button { display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
pre { white-space: pre-wrap !important; word-break: break-word; }
details { display: block; }
details > *:not(summary) { display: block !important; }
"""


def chromium_path() -> str:
    """Chromium to print with, or exit with a message saying how to get one."""
    found = find_chromium()
    if not found:
        raise SystemExit("no Chromium found: install it (apt install chromium) or set CHROMIUM")
    return found


def print_pdf(page: Path, out: Path) -> Path:
    """Print the HTML file ``page`` (A4, with backgrounds) to ``out``; fail on any remote request."""
    refused: list[str] = []

    def only_local(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    out.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.route("**/*", only_local)
            tab.goto(page.resolve().as_uri(), wait_until="load")
            tab.add_style_tag(content=PRINT_CSS)
            tab.evaluate("document.fonts.ready.then(() => true)")
            tab.evaluate(
                "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
            )
            tab.emulate_media(media="print")
            tab.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;">'
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
            )
        finally:
            browser.close()
    if refused:
        raise SystemExit(f"the page asked for remote resources: {refused[:5]}")
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: print_pdf.py SINGLEHTML_INDEX OUT_PDF")
    print(print_pdf(Path(sys.argv[1]), Path(sys.argv[2])))
