"""Insight charts: horizontal bar charts drawn on the server as SVG by matplotlib, so no script runs in
the page and the chart is the same for every reader.

Each bar carries its value as text at its end, so the chart reads without colour; a suppressed count is a
hatched, dashed stub (the threshold's length) labelled "fewer than 5", never its true size. Text stays
text in the SVG (`svg.fonttype: none`), and ids are derived from a fixed salt (`svg.hashsalt`), so the
same figures give the same bytes. Rendering takes tens of milliseconds, so charts are kept in a small
in-process LRU keyed by their data and the reader's language (the labels arrive already translated).
The pages show each chart as an `<img>` with a text alternative, next to a table of the same figures.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

BAR = "#1d4f91"
SUPPRESSED_EDGE = "#3b3b3b"
TEXT = "#1b1b1b"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "around-here-insight",
    "font.family": "sans-serif",
    "font.size": 10,
    "hatch.color": SUPPRESSED_EDGE,
    "hatch.linewidth": 0.8,
}
CACHE_SIZE = 64


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed


@dataclass(frozen=True)
class Panel:
    title: str
    bars: tuple[Bar, ...]


_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()  # matplotlib's settings are process-wide: one chart at a time


def render(panels: Sequence[Panel], *, threshold: int, fewer_text: str, language: str) -> bytes:
    """The SVG of `panels` (small multiples sharing one scale), from the cache when drawn before."""
    key = (tuple(panels), threshold, fewer_text, language)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        svg = _draw(panels, threshold=threshold, fewer_text=fewer_text)
        _cache[key] = svg
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return svg


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _draw(panels: Sequence[Panel], *, threshold: int, fewer_text: str) -> bytes:
    panels = list(panels) or [Panel("", ())]
    columns = 2 if len(panels) > 3 else 1
    rows = -(-len(panels) // columns)
    tallest = max(len(panel.bars) for panel in panels) or 1
    shown = [bar.value for panel in panels for bar in panel.bars if bar.value is not None]
    scale = max([threshold, *shown]) * 1.45  # room for the labels at the bars' ends
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        # Scripts the bundled font lacks (Arabic, Urdu) are measured roughly; the browser draws the text.
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph .* missing", category=UserWarning)
        figure = Figure(figsize=(8 if columns == 2 else 6.5, rows * (0.28 * tallest + 0.7) + 0.2))
        figure.set_layout_engine("constrained")
        axes = figure.subplots(rows, columns, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(panels):
                ax.set_axis_off()
                continue
            _panel(ax, panels[index], scale=scale, threshold=threshold, fewer_text=fewer_text)
        buffer = io.StringIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return buffer.getvalue().encode("utf-8")


def _panel(ax, panel: Panel, *, scale: float, threshold: int, fewer_text: str) -> None:  # type: ignore[no-untyped-def]
    positions = list(range(len(panel.bars)))
    for y, bar in zip(positions, panel.bars, strict=True):
        if bar.value is None:
            ax.barh(
                y,
                threshold,
                height=0.6,
                facecolor="white",
                edgecolor=SUPPRESSED_EDGE,
                linestyle="--",
                hatch="////",
                linewidth=1,
            )
            ax.text(
                threshold + scale * 0.02, y, fewer_text, va="center", ha="left", color=TEXT, style="italic"
            )
        else:
            ax.barh(y, bar.value, height=0.6, color=BAR, edgecolor=BAR)
            ax.text(bar.value + scale * 0.02, y, str(bar.value), va="center", ha="left", color=TEXT)
    ax.set_yticks(positions, [bar.label for bar in panel.bars])
    ax.set_xlim(0, scale)
    ax.set_ylim(len(positions) - 0.5, -0.5)  # the first bar at the top
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0, colors=TEXT)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    if panel.title:
        ax.set_title(panel.title, loc="left", fontsize=11, fontweight="bold", color=TEXT)
