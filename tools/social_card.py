"""Draw the book's social-card image (the picture link previews show): ``book/_static/calcnotes-social-card.png``.

Matplotlib draws it with its bundled DejaVu fonts, so nothing is fetched. Run it again when
the title changes: ``.venv/bin/python -m tools.social_card``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

__all__ = ["draw"]

OUT = Path(__file__).resolve().parent.parent / "book" / "_static" / "calcnotes-social-card.png"
WIDTH, HEIGHT, DPI = 1200, 630, 100
NAVY, WHITE, AMBER = "#1f4e8c", "#ffffff", "#ffb000"


def draw(out: Path = OUT) -> Path:
    """Draw the 1200 × 630 card (a curve, its tangent, the title) into ``out``."""
    fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=NAVY)
    ax = fig.add_axes((0.55, 0.12, 0.4, 0.76))
    ax.set_facecolor(NAVY)
    x = np.linspace(-2.2, 2.2, 200)
    a = 1.2
    ax.plot(x, x**2, color=WHITE, linewidth=6, solid_capstyle="round")
    ax.plot(x, a**2 + 2 * a * (x - a), color=AMBER, linewidth=5, solid_capstyle="round")
    ax.plot([a], [a**2], "o", color=AMBER, markersize=22, markeredgecolor=NAVY, markeredgewidth=3)
    ax.set_xlim(-2.2, 2.2)
    ax.set_ylim(-0.6, 4.8)
    ax.axis("off")
    fig.text(0.06, 0.62, "calcnotes", color=WHITE, fontsize=64, fontweight="bold")
    fig.text(0.06, 0.47, "derivatives for", color=WHITE, fontsize=34)
    fig.text(0.06, 0.38, "machine learning", color=WHITE, fontsize=34)
    fig.text(0.06, 0.16, "an executable book, every result checked", color=AMBER, fontsize=20)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=DPI, facecolor=NAVY, metadata={"Software": None})
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(draw(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
