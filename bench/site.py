"""Page weight and first paint of the built site, as a reader's browser sees them.

Run it with ``python -m bench.site [BUILD_HTML_DIR]`` after ``make html`` (the directory
defaults to ``$CALCNOTES_BUILDDIR/html``, else ``_build/html``). It serves the site from a
local HTTP server on 127.0.0.1, opens every chapter page in headless Chromium with a cold
cache (a fresh browser context per page), waits until the network is idle (so that fonts
loaded on demand are counted), and prints one row per page: the number of requests, the
bytes transferred (as Chromium's network layer counts them, headers included) and the time
to first contentful paint. "transferred" is what crossed the wire (headers included, text
gzip-compressed as static hosts such as GitHub Pages serve it; ``--no-gzip`` turns that off),
"uncompressed" the decoded size of the same responses.

With ``--detail`` it also lists every resource of every page, largest first.

Nothing is asserted; the target (each chapter page under 1 MB) is a goal to watch.
"""

from __future__ import annotations

import functools
import gzip
import os
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from calcnotes._book import pages as book_pages
from tools.chromium import CHROMIUM_ARGS, find_chromium

__all__ = ["CHROMIUM_ARGS", "PageCost", "chapter_pages", "find_chromium", "main", "measure"]

ROOT = Path(__file__).resolve().parent.parent

# The paint entry can be queued after `networkidle`; a buffered observer waits for it.
FCP_SCRIPT = """() => new Promise(resolve => {
  const seen = performance.getEntriesByName("first-contentful-paint")[0];
  if (seen) return resolve(seen.startTime);
  new PerformanceObserver(list => {
    const entry = list.getEntriesByName("first-contentful-paint")[0];
    if (entry) resolve(entry.startTime);
  }).observe({type: "paint", buffered: true});
  setTimeout(() => resolve(-1), 5000);
})"""
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".json", ".txt", ".map"}


@dataclass(frozen=True)
class PageCost:
    """What one page costs to show."""

    page: str
    requests: int
    transferred: int
    decoded: int
    fcp_ms: float


class _Handler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed text when asked (as GitHub Pages and most hosts do)."""

    compress = True  # set from --no-gzip before serving

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def chapter_pages(html: Path) -> list[str]:
    """Site-relative paths of the book's pages, in the order of its toctrees."""
    return [
        f"{page}.html" for page in book_pages(ROOT / "book") if (html / f"{page}.html").is_file()
    ]


def measure(browser: Browser, base: str, page_path: str, *, detail: bool = False) -> PageCost:
    """Open one page with a cold cache and count what it transfers."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    decoded: dict[str, int] = {}
    cdp.on(
        "Network.dataReceived",
        lambda e: decoded.__setitem__(
            e["requestId"], decoded.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    page.goto(f"{base}/{page_path}", wait_until="networkidle")
    fcp = page.evaluate(FCP_SCRIPT)
    context.close()
    if detail:
        for request, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"  {int(size):>10,}  {urls.get(request, '?').removeprefix(base)}")
    return PageCost(
        page_path, len(sizes), int(sum(sizes.values())), sum(decoded.values()), float(fcp)
    )


def main(argv: list[str]) -> int:
    flags = {arg for arg in argv if arg.startswith("--")}
    detail = "--detail" in flags
    argv = [arg for arg in argv if not arg.startswith("--")]
    default = ROOT / os.environ.get("CALCNOTES_BUILDDIR", "_build") / "html"
    html = Path(argv[0]).resolve() if argv else default
    if not (html / "index.html").is_file():
        print(f"no built site in {html}: run `make html` first", file=sys.stderr)
        return 1
    chromium = find_chromium()
    if chromium is None:
        print(
            "Chromium not found (install the `chromium` package or set $CHROMIUM)", file=sys.stderr
        )
        return 1
    handler = functools.partial(_Handler, directory=str(html))
    _Handler.compress = "--no-gzip" not in flags
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            costs = []
            for path in chapter_pages(html):
                if detail:
                    print(path)
                costs.append(measure(browser, base, path, detail=detail))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    width = max(len(c.page) for c in costs)
    print(
        f"{'page':<{width}}  {'requests':>8}  {'transferred':>11}  {'uncompressed':>12}  {'FCP ms':>6}"
    )
    for c in costs:
        print(
            f"{c.page:<{width}}  {c.requests:>8}  {c.transferred:>11,}  {c.decoded:>12,}  {c.fcp_ms:>6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
