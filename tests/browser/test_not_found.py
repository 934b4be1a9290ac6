"""The 404 page works from any depth of URL, served under the site's path as on GitHub Pages."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser
from site_build import load_conf

pytestmark = [pytest.mark.browser, pytest.mark.build]

BASE_URL = load_conf().html_baseurl
PREFIX = urlparse(BASE_URL).path


def test_the_404_page_renders_styled_at_any_depth(site: Path, browser: Browser) -> None:
    class Pages(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def translate_path(self, path: str) -> str:
            return super().translate_path("/" + path.removeprefix(PREFIX))

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        failed: list[str] = []
        missing = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}a/b/c/missing.html"
        tab.on("requestfailed", lambda request: failed.append(request.url))
        tab.on(
            "response",
            lambda r: failed.append(r.url) if r.status >= 400 and r.url != missing else None,
        )
        response = tab.goto(missing)
        assert response is not None and response.status == 404
        assert "Page not found" in tab.inner_text("main")
        sheets = tab.evaluate("document.styleSheets.length")
        home = tab.get_attribute("main a[href$='index.html']", "href")
    finally:
        context.close()
        server.shutdown()
    assert not failed, failed
    assert sheets >= 5
    assert home == f"{PREFIX}index.html"
