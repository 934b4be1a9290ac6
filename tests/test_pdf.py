"""``make pdf``: the whole book as one PDF, with every chapter, its math rendered, no raw TeX.

The PDF is built once per session, by ``make pdf`` into the build directory the other site
tests use (``CALCNOTES_BUILDDIR``), so its execution cache is shared with the HTML build.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_build import ROOT, build_dir

from calcnotes._book import chapters

pytestmark = pytest.mark.build


def _titles() -> list[str]:
    """The title (first heading, without markup) of every page in the book's toctree."""
    titles = []
    for doc in chapters(ROOT / "book"):
        text = (ROOT / "book" / f"{doc}.md").read_text(encoding="utf-8")
        heading = re.search(r"^# (.+)$", text, re.MULTILINE)
        assert heading, doc
        titles.append(re.sub(r"[*_`]", "", heading.group(1)))
    return titles


CHAPTER_TITLES = _titles()
RAW_TEX = re.compile(r"\\(frac|dfrac|lim|sqrt|begin|end|cdot|left|right|mathrm|partial)\b|\$\$")


@pytest.fixture(scope="session")
def pdf() -> Path:
    out = build_dir()
    done = subprocess.run(
        ["make", "pdf", f"BUILDDIR={out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "CALCNOTES_BUILDDIR": str(out)},
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"make pdf failed:\n{(done.stdout + done.stderr)[-6000:]}")
    return out / "pdf" / "calcnotes.pdf"


@pytest.fixture(scope="session")
def pdf_runs(pdf: Path) -> list[tuple[str, str]]:
    """(font name, text) of every text run of the PDF."""
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001 (pypdf's visitor signature)
        runs.append((str(font.get("/BaseFont", "")) if font else "", text))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return runs


def _normalised(texts) -> str:  # noqa: ANN001
    return unicodedata.normalize("NFKC", " ".join("".join(texts).split()))


@pytest.fixture(scope="session")
def pdf_text(pdf_runs: list[tuple[str, str]]) -> str:
    return _normalised(text for _font, text in pdf_runs)


@pytest.fixture(scope="session")
def prose_text(pdf_runs: list[tuple[str, str]]) -> str:
    """The text outside code blocks (code may show LaTeX strings; prose must not)."""
    return _normalised(text for font, text in pdf_runs if "Mono" not in font)


def test_the_pdf_has_every_chapter(pdf_text: str) -> None:
    plain = pdf_text.replace("\u2019", "'")  # Sphinx's smart quotes
    for title in CHAPTER_TITLES:
        assert " ".join(title.split()) in plain, f"chapter {title!r} missing from the PDF"


def test_the_pdf_has_no_raw_tex(prose_text: str) -> None:
    leftovers = sorted(
        {prose_text[max(0, m.start() - 40) : m.end() + 20] for m in RAW_TEX.finditer(prose_text)}
    )
    assert not leftovers, f"raw TeX in the PDF: {leftovers[:5]}"


def test_the_math_is_set_in_katex_fonts(pdf_runs: list[tuple[str, str]]) -> None:
    fonts = Counter(font.split("+")[-1] for font, text in pdf_runs for _ in text)
    assert fonts["KaTeX_Main-Regular"] > 1000 and fonts["KaTeX_Math-Italic"] > 1000, fonts


def _drawings(page: object) -> int:
    """The images of a PDF page, raster (Image XObjects) or vector (Form XObjects, how
    Chromium prints an SVG image), counted from its resources without decoding any."""
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return 0
    kinds = {"/Form", "/Image"}
    return sum(1 for x in xobjects.get_object().values() if x.get_object().get("/Subtype") in kinds)


def test_the_pdf_has_figures_and_code(pdf: Path, pdf_text: str) -> None:
    reader = PdfReader(pdf)
    # The plots are SVG, which Chromium prints as vector drawings rather than raster images;
    # count both, and the numbered captions under them.
    images = sum(_drawings(page) for page in reader.pages)
    assert images >= 5, f"only {images} figures in the PDF"
    captions = set(re.findall(r"Fig\. \d+\.\d+", pdf_text))
    assert len(captions) >= 5, f"only {len(captions)} numbered figures in the PDF"
    assert "import calcnotes" in pdf_text or "from calcnotes" in pdf_text
    assert len(reader.pages) > 20
