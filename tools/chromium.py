"""Where Chromium is and how to start it here: shared by the browser tests, the PDF printer
and the site benchmark.

Debian's ``chromium`` is the browser (Playwright's own download cannot work offline), started
headless with the flags this sandbox needs: no sandbox as root, no GPU, and none of the
background connections to Google's services that a closed network refuses.
"""

from __future__ import annotations

import os
import shutil

__all__ = ["CHROMIUM_ARGS", "find_chromium"]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def find_chromium() -> str | None:
    """Path of a Chromium executable: ``$CHROMIUM``, else ``chromium`` on PATH, else None."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "chromium",
        "chromium-browser",
        "/usr/bin/chromium",
    ):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None
