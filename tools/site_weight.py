"""What a chapter page weighs on the wire, computed from the built files (no browser).

A page's weight is its HTML plus every file it links to directly (stylesheets, scripts,
images, icons), each counted once, text gzip-compressed at level 6 as GitHub Pages serves
it and binary files (PNG, WOFF2) as they are. Fonts that a stylesheet loads on demand are
not counted; ``bench/site.py`` measures those in a real browser. Used by
``tests/test_site_weight.py`` (the median must not grow) and by ``bench/site.py``.
"""

from __future__ import annotations

import gzip
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

__all__ = [
    "COMPRESSIBLE",
    "INTERACTIVE_ASSETS",
    "added_weight",
    "median_page_weight",
    "page_weight",
    "wire_size",
]

COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".map", ".xml"}


def wire_size(path: Path) -> int:
    """Bytes sent for one file: gzip level 6 for text, the file itself otherwise."""
    data = path.read_bytes()
    return (
        len(gzip.compress(data, compresslevel=6, mtime=0))
        if path.suffix in COMPRESSIBLE
        else len(data)
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") in {"stylesheet", "icon", "preload"}:
            self.found.append(values.get("href") or "")
        elif tag in {"script", "img"}:
            self.found.append(values.get("src") or "")


def page_weight(html_root: Path, page: str) -> int:
    """Wire bytes of *page* (a path relative to *html_root*) and the files it links to."""
    path = html_root / page
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    total = wire_size(path)
    seen: set[Path] = set()
    for ref in parser.found:
        parts = urlsplit(ref)
        if not ref or parts.scheme or parts.netloc or ref.startswith("data:"):
            continue
        target = (path.parent / parts.path).resolve()
        if target in seen or not target.is_file():
            continue
        seen.add(target)
        total += wire_size(target)
    return total


def median_page_weight(html_root: Path, pages: list[str]) -> float:
    """The median of :func:`page_weight` over *pages*."""
    return statistics.median(page_weight(html_root, page) for page in pages)


#: The files only pages with answer boxes or moving figures link (under ``_static/``).
INTERACTIVE_ASSETS = (
    "katex/katex.min.js",
    "calcnotes-mathjs.js",
    "answer-box.js",
    "interactive-figures.js",
    "calcnotes-interactive.css",
)
_INLINE_TABLES = re.compile(
    r'<script type="application/json" class="(?:answer-box|interactive-figure)-data">.*?</script>',
    re.S,
)


def added_weight(html_root: Path, page: str) -> dict[str, int]:
    """Wire bytes the answer boxes and moving figures add to *page*.

    One entry per interactive asset the page links (gzip level 6), and ``inline tables``:
    how much the JSON tables inside the page add to its compressed HTML. A page without
    boxes or figures gets an empty dict.
    """
    path = html_root / page
    text = path.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(text)
    added: dict[str, int] = {}
    for ref in parser.found:
        target = (path.parent / urlsplit(ref).path).resolve()
        for asset in INTERACTIVE_ASSETS:
            if target == (html_root / "_static" / asset).resolve() and target.is_file():
                added[asset] = wire_size(target)
    stripped = _INLINE_TABLES.sub("", text)
    if stripped != text:
        whole = len(gzip.compress(text.encode(), compresslevel=6, mtime=0))
        added["inline tables"] = whole - len(
            gzip.compress(stripped.encode(), compresslevel=6, mtime=0)
        )
    return added
