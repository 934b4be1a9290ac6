"""Check the formulas of some pages without building the site: ``python tools/check_formulas.py book/intuition.md``.

Prints, per page, how many formulas fall in each class and every finding with its line; exits 1
if there is a finding. With no argument, checks every page of the book.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from calcnotes.bookcheck.checker import check_page

ROOT = Path(__file__).resolve().parent.parent


def main(arguments: list[str]) -> int:
    pages = [Path(a) for a in arguments] or sorted(
        p
        for p in (ROOT / "book").rglob("*.md")
        if not any(part.startswith("_") for part in p.parts)
    )
    failed = False
    for path in pages:
        started = time.perf_counter()
        report = check_page(path.resolve(), path.resolve().relative_to(ROOT).as_posix())
        seconds = time.perf_counter() - started
        print(
            f"{report.page}: {report.relations} relations, {report.definitions} definitions,"
            f" {report.tied} tied, {report.generated} generated, {report.conditions} conditions,"
            f" {report.instances} on instances,"
            f" {report.names} names, {len(report.exemptions)} exempt,"
            f" {len(report.findings)} findings ({seconds:.1f} s)"
        )
        for finding in report.findings:
            print(f"  {finding}")
        failed = failed or bool(report.findings)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
