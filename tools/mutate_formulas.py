"""The book's mutation test by hand: ``python tools/mutate_formulas.py [--sample N] book/intuition.md``.

With no page, every page of the book (``make mutation``), in as many processes as there are
cores. Prints, per page, the kill rate of seeded single edits of its formulas (inside relations and
overall) and every surviving edit, so an author sees which formulas are unguarded.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from calcnotes.bookcheck.mutation import mutate_book

ROOT = Path(__file__).resolve().parent.parent


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--sample", type=int, default=None, help="mutants per page (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: one per core)")
    options = parser.parse_args(arguments)
    pages = options.pages or sorted(
        p
        for p in (ROOT / "book").rglob("*.md")
        if not any(part.startswith("_") for part in p.parts)
    )
    started = time.perf_counter()
    named = [(path.resolve(), path.resolve().relative_to(ROOT).as_posix()) for path in pages]
    results = mutate_book(named, options.sample, options.seed, options.jobs)
    totals = [0, 0, 0, 0]
    for result in results:
        killed_in, total_in = result.rate(in_relation=True)
        killed, total = result.rate()
        totals = [a + b for a, b in zip(totals, (killed_in, total_in, killed, total), strict=True)]
        print(
            f"{result.page}: inside relations {killed_in}/{total_in} killed"
            f" ({100 * killed_in / max(total_in, 1):.0f} %), all {killed}/{total}"
            f" ({100 * killed / max(total, 1):.0f} %)"
        )
        for mutant in result.survivors():
            where = "relation" if mutant.in_relation else "bare"
            print(
                f"  survived ({where}) line {mutant.line}: {mutant.original}  ->  {mutant.mutated}"
            )
    if len(results) > 1:
        killed_in, total_in, killed, total = totals
        print(
            f"all pages: inside relations {killed_in}/{total_in} killed"
            f" ({100 * killed_in / max(total_in, 1):.1f} %), all {killed}/{total}"
            f" ({100 * killed / max(total, 1):.1f} %) in {time.perf_counter() - started:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
