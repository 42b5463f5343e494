"""The timeline chart of a storyline as a PNG (matplotlib, drawn off the event loop)."""

from __future__ import annotations

import io

from news.storylines.timeline import Timeline
from news.text.cleaning import truncate


def timeline_png(
    timeline: Timeline, title: str, figures: dict[str, list[float | None]] | None = None
) -> bytes:
    """A stacked bar chart of articles per day by source; with `figures`, a line per figure
    (its value at each day's end) on an axis of its own."""
    # Imported here: matplotlib is slow to import and large, and only this rare chart needs it.
    # Figure alone (no pyplot) draws to memory with no display or backend to choose.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(9, 4), dpi=100)
    axes = figure.subplots()
    labels = [day.strftime("%d %b") for day in timeline.days]
    positions = list(range(len(labels)))
    bottom = [0] * len(labels)
    for source, values in timeline.counts.items():
        axes.bar(positions, values, 0.6, bottom=bottom, label=truncate(source, 30))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_xticks(positions, labels)
    axes.set_xlim(-0.75, max(len(labels), 3) - 0.25)
    axes.set_title(truncate(title, 70), fontsize=11)
    axes.set_ylabel("articles")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    if figures:
        counts = axes.twinx()
        for kind, reported in figures.items():
            shown = [v if v is not None else float("nan") for v in reported]
            counts.plot(positions, shown, marker="o", linewidth=2, label=kind)
        counts.set_ylabel("reported")
        counts.set_ylim(bottom=0)
        counts.yaxis.set_major_locator(MaxNLocator(integer=True))
        counts.legend(fontsize=8, loc="lower left", bbox_to_anchor=(1.01, 0.0), frameon=False)
    if len(labels) > 10:
        axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
