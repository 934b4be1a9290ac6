"""Every page, as a reader's browser shows it: clean load, math, images, accessibility,
phone layout, working cross-references and plots that stay legible in dark mode."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urlsplit

import pytest
from browser_site import SiteVisitor, Visit, foreign_requests

pytestmark = [pytest.mark.browser, pytest.mark.build]

# axe rules switched off, each with the reason it does not apply to this site.
IGNORED_AXE_RULES: dict[str, str] = {}
BLOCKING_IMPACTS = {"serious", "critical"}


def test_loads_cleanly_and_only_from_the_local_server(visit: Visit, base_url: str) -> None:
    assert visit.loads["light"].requests, f"{visit.path}: no request recorded"
    for mode, load in visit.loads.items():  # the load, and what switching to dark fetched
        assert not load.console_errors, (
            f"{visit.path} ({mode}): console errors {load.console_errors}"
        )
        assert not load.failed, f"{visit.path} ({mode}): failed requests {load.failed}"
        assert not foreign_requests(load, base_url), (
            f"{visit.path} ({mode}): requests to other hosts {foreign_requests(load, base_url)}"
        )


def test_all_math_is_typeset(visit: Visit) -> None:
    assert visit.katex_errors == 0, f"{visit.path}: {visit.katex_errors} .katex-error elements"
    assert visit.unrendered_math == 0, (
        f"{visit.path}: {visit.unrendered_math} math elements without KaTeX"
    )
    assert not visit.raw_math, f"{visit.path}: raw TeX in visible text: {visit.raw_math[:5]}"


def test_every_image_loads_and_has_alt_text(visit: Visit) -> None:
    broken = [
        img["src"] for img in visit.images if not (img["complete"] and img["naturalWidth"] > 0)
    ]
    unlabelled = [img["src"] for img in visit.images if not img["alt"]]
    assert not broken, f"{visit.path}: images that did not load: {broken}"
    assert not unlabelled, f"{visit.path}: images without alt text: {unlabelled}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violation(visit: Visit, mode: str) -> None:
    blocking = [
        violation for violation in visit.axe[mode]
        if violation["impact"] in BLOCKING_IMPACTS and violation["id"] not in IGNORED_AXE_RULES
    ]  # fmt: skip
    assert not blocking, f"{visit.path} ({mode}):\n" + json.dumps(blocking, indent=1)


def test_dark_mode_is_applied(visit: Visit) -> None:
    assert visit.dark_theme == "dark", (
        f"{visit.path}: data-theme is {visit.dark_theme!r} in dark mode"
    )


def test_no_horizontal_overflow_on_a_phone(visit: Visit) -> None:
    overflow = visit.overflow
    assert overflow["scrollWidth"] <= overflow["innerWidth"], (
        f"{visit.path}: page is {overflow['scrollWidth']} px wide on a {overflow['innerWidth']} px "
        f"screen; widest offenders: {overflow['wide']}"
    )


def test_cross_references_land_on_their_targets(
    visit: Visit, visitor: SiteVisitor, base_url: str
) -> None:
    missing = []
    for href in visit.links:
        parts = urlsplit(href)
        if not href.startswith(base_url) or not parts.fragment:
            continue
        target = unquote(parts.path.lstrip("/")) or "index.html"
        if target.endswith("/"):
            target += "index.html"
        if not visitor.exists(target):
            missing.append(f"{href} (no page {target})")
            continue
        if unquote(parts.fragment) not in visitor(target).ids:
            missing.append(href.removeprefix(base_url))
    assert not missing, (
        f"{visit.path}: links whose target id is missing: {sorted(set(missing))[:10]}"
    )


def _luminance(css_color: str) -> float:
    channels = [float(c) for c in re.findall(r"[\d.]+", css_color)[:3]]
    return sum(w * c / 255 for w, c in zip((0.2126, 0.7152, 0.0722), channels, strict=True))


def test_plots_have_a_light_backdrop_in_dark_mode(visit: Visit) -> None:
    if not visit.dark_plot_styles:
        pytest.skip(f"{visit.path} has no plot")
    for style in visit.dark_plot_styles:
        assert "rgba(0, 0, 0, 0)" not in style["background"], f"{visit.path}: {style}"
        assert _luminance(style["background"]) > 0.7, (
            f"{visit.path}: dark backdrop behind a plot: {style}"
        )
        assert style["padding"] > 0, (
            f"{visit.path}: plot with no light margin in dark mode: {style}"
        )
