"""robots.txt is written from the one base URL, and the sitemap always lists every page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from site_build import ROOT
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


def test_the_sitemap_lists_every_page_after_an_incremental_build(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_sitemap", "site_extras"]\n'
        'html_baseurl = "https://example.org/book/"\nsitemap_url_scheme = "{link}"\n'
        'sitemap_excludes = ["search.html", "genindex.html"]\n'
    )
    (tmp_path / "index.rst").write_text("Book\n====\n\n.. toctree::\n\n   one\n   two\n")
    for name in ("one", "two"):
        (tmp_path / f"{name}.rst").write_text(f"{name.title()}\n===\n\nText.\n")

    def sitemap() -> set[str]:
        # In a process of its own: sphinx-sitemap forks a multiprocessing manager, and a fork
        # of a test worker that drives a browser can leave the browser session hanging.
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"),
             str(tmp_path), str(tmp_path / "html")],
            capture_output=True, text=True, check=False, timeout=120,
            env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        root = ElementTree.parse(tmp_path / "html" / "sitemap.xml").getroot()
        return {
            str(loc.text) for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        }

    everything = {f"https://example.org/book/{page}.html" for page in ("index", "one", "two")}
    assert sitemap() == everything
    (tmp_path / "two.rst").write_text("Two\n===\n\nOther text.\n")
    assert sitemap() == everything  # one page rewritten, every page listed
    assert sitemap() == everything  # none rewritten
