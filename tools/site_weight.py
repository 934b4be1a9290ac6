"""What a chapter page weighs on the wire, computed from the built files (no browser).

A page's weight is its HTML plus every file it links to directly (stylesheets, scripts,
images, icons), each counted once, text gzip-compressed at level 6 as GitHub Pages serves
it and binary files (PNG, WOFF2) as they are. Fonts that a stylesheet loads on demand are
not counted; ``bench/site.py`` measures those in a real browser. Used by
``tests/test_site_weight.py`` (the median must not grow) and by ``bench/site.py``.
"""

from __future__ import annotations

import gzip
import statistics
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["COMPRESSIBLE", "median_page_weight", "page_weight", "wire_size"]

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
