"""The built site loads nothing from another host: no CDN script, style, font or image.

Links a reader clicks (``<a href>``) may point anywhere; everything the browser fetches by
itself to show a page must come from the site.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
FETCHED_BY_TAG = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LINK_RELS_NOT_FETCHED = {"canonical", "alternate", "author", "license", "next", "prev", "search"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
JS_LOADS = re.compile(
    r"""(?:\bimport\s*\(\s*|\bfrom\s+|\bimportScripts\s*\(\s*|\bfetch\s*\(\s*|"""
    r"""\.src\s*=\s*|\bnew\s+Worker\s*\(\s*)['"`]((?:https?:)?//[^'"`]+)""",
)


def external_assets_in_html(text: str) -> list[str]:
    """URLs on other hosts that the browser would fetch to render this HTML."""
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for tag in soup.find_all(True):
        attributes = FETCHED_BY_TAG.get(tag.name, ())
        if tag.name == "link":
            rels = {rel.lower() for rel in tag.get_attribute_list("rel") if rel}
            attributes = () if rels & LINK_RELS_NOT_FETCHED else ("href",)
        for attribute in attributes:
            for url in re.split(r",\s*", str(tag.get(attribute) or "")):
                if EXTERNAL.match(url):
                    found.append(f"<{tag.name} {attribute}={url.split()[0]}>")
        if tag.has_attr("style"):
            found += [url for url in CSS_URL.findall(str(tag["style"])) if EXTERNAL.match(url)]
    for style in soup.find_all("style"):
        found += [url for url in CSS_URL.findall(style.get_text()) if EXTERNAL.match(url)]
    for script in soup.find_all("script", src=False):
        found += JS_LOADS.findall(script.get_text())
    return found


def external_assets_in_css(text: str) -> list[str]:
    return [url for url in CSS_URL.findall(text) if EXTERNAL.match(url)]


def external_assets_in_js(text: str) -> list[str]:
    return JS_LOADS.findall(text)


SCANNERS = {
    ".html": external_assets_in_html,
    ".css": external_assets_in_css,
    ".js": external_assets_in_js,
}


def test_the_scanner_finds_each_kind_of_external_asset() -> None:
    html = """
      <link rel="stylesheet" href="https://cdn.example.org/x.css">
      <link rel="preconnect" href="https://fonts.example.org">
      <script src="//cdn.example.org/x.js"></script>
      <img src="http://img.example.org/a.png">
      <div style="background: url('https://img.example.org/b.png')"></div>
      <script>import("https://esm.example.org/m.js")</script>
      <a href="https://example.org/read-more">a link is fine</a>
      <link rel="canonical" href="https://example.org/page.html">
      <script src="_static/local.js"></script>
    """
    assert len(external_assets_in_html(html)) == 6
    assert external_assets_in_css("@font-face{src:url(https://f.example.org/a.woff2)}")
    assert not external_assets_in_css("@font-face{src:url(fonts/KaTeX_Main.woff2)}")
    assert external_assets_in_js('fetch("https://api.example.org/x")')
    assert not external_assets_in_js('const home = "https://example.org"')


@pytest.mark.build
def test_no_built_file_loads_anything_from_another_host(site: Path) -> None:
    offenders = {}
    for path in sorted(site.rglob("*")):
        scan = SCANNERS.get(path.suffix)
        if scan is None or not path.is_file():
            continue
        found = scan(path.read_text(errors="replace"))
        if found:
            offenders[str(path.relative_to(site))] = sorted(set(found))[:5]
    assert not offenders, f"external assets in the built site: {offenders}"
