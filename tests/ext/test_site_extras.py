"""robots.txt is written from the one base URL."""

from __future__ import annotations

from site_extras import robots_txt


def test_robots_txt_allows_everything_and_names_the_sitemap() -> None:
    text = robots_txt("https://example.org/book/")
    assert text.splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        "Sitemap: https://example.org/book/sitemap.xml",
    ]


def test_robots_txt_names_another_sitemap_when_asked() -> None:
    assert robots_txt("https://example.org/", "map.xml").endswith("https://example.org/map.xml\n")
