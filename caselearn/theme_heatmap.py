"""The theme matrix as a heatmap (matplotlib, Agg: no display needed); PNG or SVG by file suffix."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

from ingest.theme_matrix import ThemeMatrix

logger = logging.getLogger(__name__)

FORMATS = ("png", "svg")


def render_heatmap(matrix: ThemeMatrix, path: Path, fmt: str | None = None) -> Path:
    """Themes (rows) × documents (columns), coloured and labelled by tagged passages per cell.

    `fmt` is "png" or "svg"; by default the file suffix decides.
    """
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"{path}: the heatmap is written as PNG or SVG, not {fmt!r}")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import colormaps
    from matplotlib.colors import PowerNorm
    from matplotlib.figure import Figure

    themes, docs = matrix.themes, matrix.documents
    counts = [[matrix.count(d.source, t.id) for d in docs] for t in themes]
    top = max((c for row in counts for c in row), default=0) or 1
    width = max(7.0, 2.6 + 1.15 * len(docs))
    height = max(4.0, 1.6 + 0.36 * len(themes))
    fig = Figure(figsize=(width, height), dpi=150, layout="constrained")
    ax = fig.add_subplot()
    cmap = colormaps["YlOrRd"].with_extremes(bad="#f2f2f2")  # empty cells: light grey
    shown = [[n if n else float("nan") for n in row] for row in counts]
    # A square-root scale keeps a review's few passages visible next to a long guidance document.
    norm = PowerNorm(gamma=0.5, vmin=0, vmax=top)
    image = ax.imshow(shown, cmap=cmap, norm=norm, aspect="auto")
    ax.set_xticks(range(len(docs)), ["\n".join(textwrap.wrap(d.label, 18)) for d in docs])
    ax.set_yticks(range(len(themes)), [t.label for t in themes])
    ax.tick_params(axis="x", labelsize=8, top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_xticks([x - 0.5 for x in range(1, len(docs))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(themes))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for y, row in enumerate(counts):
        for x, n in enumerate(row):
            if n:
                colour = "white" if norm(n) > 0.65 else "black"
                ax.text(x, y, str(n), ha="center", va="center", fontsize=8, color=colour)
    bar = fig.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
    bar.set_label("tagged passages", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    kinds = {"review": "reviews", "guidance": "guidance documents", "all": "documents"}
    ax.set_title(
        f"Safeguarding themes in the {kinds.get(matrix.kind, 'documents')}: passages per theme",
        fontsize=10,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG text stays text: searchable
        fig.savefig(path, format=fmt)
    logger.info("wrote the theme heatmap to %s", path)
    return path
