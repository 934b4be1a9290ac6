"""How well the formula checker guards the book, and what it costs.

Run it with ``python bench/formulas.py [--sample N] [--seed S]``. For every page of the book it
prints the formulas in each class (relations proven, definitions, tied, generated, conditions,
checked on instances, names, exempt), the checker's time on the page (running its check cells in-process, then
checking every formula: what a cold build adds), and the mutation test's kill rates: single
edits of the formulas as typed (a sign flipped, a digit changed), each applied alone, inside
relations and overall. ``--sample`` draws a seeded sample of the edits per page instead of
all of them, as an independent check of the figures that the test suite's run of every edit
gives.

The edits run in ``--jobs`` processes (all cores by default), a page per process, as
``make mutation`` runs them. Nothing is asserted here: ``tests/bookcheck/test_book_formulas.py``
holds the kill-rate gate.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from calcnotes.bookcheck.checker import check_page
from calcnotes.bookcheck.mutation import mutate_book

ROOT = Path(__file__).resolve().parent.parent
CLASSES = ("relations", "definitions", "tied", "generated", "conditions", "instances", "names")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=None, help="edits per page (default: all)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    options = parser.parse_args()
    pages = sorted(
        p
        for p in (ROOT / "book").rglob("*.md")
        if not any(part.startswith("_") for part in p.parts)
    )
    checked = []
    for path in pages:
        name = path.relative_to(ROOT).as_posix()
        started = time.perf_counter()
        report = check_page(path, name)
        seconds = time.perf_counter() - started
        counts = [getattr(report, key) for key in CLASSES]
        if any(counts) or report.exemptions:
            checked.append((path, name, counts, len(report.exemptions), seconds))
    results = mutate_book(
        [(path, name) for path, name, *_ in checked], options.sample, options.seed, options.jobs
    )
    header = ["page", *CLASSES, "exempt", "check s", "in relations", "all edits"]
    print(" | ".join(header))
    print("|".join("---" for _ in header))
    totals = dict.fromkeys(CLASSES, 0)
    exempt = checked_seconds = 0.0
    killed_in = total_in = killed_all = total_all = 0
    for (_path, name, counts, exemptions, seconds), mutations in zip(checked, results, strict=True):
        k_in, t_in = mutations.rate(in_relation=True)
        k_all, t_all = mutations.rate()
        for key, value in zip(CLASSES, counts, strict=True):
            totals[key] += value
        exempt += exemptions
        checked_seconds += seconds
        killed_in, total_in = killed_in + k_in, total_in + t_in
        killed_all, total_all = killed_all + k_all, total_all + t_all
        print(
            " | ".join(
                [
                    name,
                    *map(str, counts),
                    str(exemptions),
                    f"{seconds:.1f}",
                    _rate(k_in, t_in),
                    _rate(k_all, t_all),
                ]
            )  # fmt: skip
        )
    print(
        " | ".join(
            [
                "book",
                *(str(totals[key]) for key in CLASSES),
                str(int(exempt)),
                f"{checked_seconds:.1f}",
                _rate(killed_in, total_in),
                _rate(killed_all, total_all),
            ]
        )  # fmt: skip
    )


def _rate(killed: int, total: int) -> str:
    return f"{killed}/{total} ({100 * killed / max(total, 1):.0f} %)"


if __name__ == "__main__":
    main()
