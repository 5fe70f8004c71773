"""Server-side SVG charts (no JavaScript, no CDN), each with a title, a description and its data as a table.

Every text that reaches the SVG is escaped. Colours are dark enough to reach 3:1 against white
(WCAG 1.4.11); lines also differ by dash pattern and marker so colour is not the only cue.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# GOV.UK palette colours with at least 3:1 contrast against white.
PALETTE = ["#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#912b88", "#505a5f", "#0b0c0c", "#6f4200"]
DASHES = ["", "6 3", "2 3", "10 3 2 3", "1 4", "8 6", "4 2 1 2", "12 4"]
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
WIDTH, HEIGHT = 680, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 44, 78


@dataclass
class Chart:
    """A chart ready for a page: the SVG and its text alternative."""

    chart_id: str
    title: str
    description: str
    svg: Markup
    headers: list[str]
    rows: list[list[object]]
    numeric_columns: list[int] = field(default_factory=list)


def contrast_ratio(colour: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def nice_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """A round axis maximum and tick step covering ``maximum``."""
    if maximum <= 0:
        return 1.0, 0.25 if ticks >= 4 else 0.5
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(maximum / step), step


def number(value: float) -> str:
    """1,234 or 12.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _open(chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'class="cip-chart" role="img" focusable="false" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="arial, sans-serif" font-size="13" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]


def _value_axis(parts: list[str], top: float, step: float) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    value = 0.0
    while value <= top + 1e-9:
        y = HEIGHT - BOTTOM - plot_h * (value / top)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">{number(value)}</text>')
        value += step


def _category_labels(parts: list[str], labels: Sequence[str], centres: Sequence[float]) -> None:
    every = max(1, math.ceil(len(labels) / 12))
    for index, (label, x) in enumerate(zip(labels, centres, strict=True)):
        if index % every:
            continue
        y = HEIGHT - BOTTOM + 16
        parts.append(
            f'<text x="{x:.1f}" y="{y}" text-anchor="end" fill="{TEXT}" '
            f'transform="rotate(-35 {x:.1f} {y})">{escape(label)}</text>'
        )


def _legend(parts: list[str], names: Sequence[str], line: bool) -> None:
    """The key, in rows above the plot."""
    x, y = LEFT, 18
    for index, name in enumerate(names):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        width = 34 + int(7.4 * len(name)) + 18
        if x + width > WIDTH - RIGHT and x > LEFT:
            x, y = LEFT, y + 18
        if line:
            parts.append(
                f'<line x1="{x}" x2="{x + 26}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" stroke-width="3"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        else:
            parts.append(f'<rect x="{x + 6}" y="{y - 11}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 32}" y="{y}" fill="{TEXT}">{escape(name)}</text>')
        x += width


def line_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> Chart:
    """Lines over time, one per series."""
    parts = _open(chart_id, title, description)
    top, step = nice_scale(max((v for _, values in series for v in values), default=0))
    _value_axis(parts, top, step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    gap = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0
    xs = [LEFT + (gap * i if len(labels) > 1 else plot_w / 2) for i in range(len(labels))]
    for index, (_name, values) in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        points = " ".join(
            f"{x:.1f},{HEIGHT - BOTTOM - plot_h * (v / top):.1f}" for x, v in zip(xs, values, strict=True)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        for x, v in zip(xs, values, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{HEIGHT - BOTTOM - plot_h * (v / top):.1f}" r="3.5" fill="{colour}"/>'
            )
    _category_labels(parts, labels, xs)
    _legend(parts, [name for name, _ in series], line=True)
    parts.append("</svg>")
    headers = ["Date"] + [name for name, _ in series]
    rows = [[label] + [number(values[i]) for _, values in series] for i, label in enumerate(labels)]
    return Chart(
        chart_id,
        title,
        description,
        Markup("".join(parts)),  # noqa: S704  (every text in parts is escaped)
        headers,
        rows,
        list(range(1, len(headers))),
    )


def stacked_bar_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> Chart:
    """Bars per category, stacked by series."""
    parts = _open(chart_id, title, description)
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    top, step = nice_scale(max(totals, default=0))
    _value_axis(parts, top, step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(labels))
    bar = slot * 0.62
    centres = [LEFT + slot * (i + 0.5) for i in range(len(labels))]
    for i, centre in enumerate(centres):
        base = HEIGHT - BOTTOM
        for index, (_name, values) in enumerate(series):
            height = plot_h * (values[i] / top)
            if height <= 0:
                continue
            base -= height
            parts.append(
                f'<rect x="{centre - bar / 2:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}" stroke="#ffffff" stroke-width="1"/>'
            )
    _category_labels(parts, labels, centres)
    _legend(parts, [name for name, _ in series], line=False)
    parts.append("</svg>")
    headers = ["Month"] + [name for name, _ in series] + ["Total"]
    rows = [
        [label] + [number(values[i]) for _, values in series] + [number(totals[i])] for i, label in enumerate(labels)
    ]
    return Chart(
        chart_id,
        title,
        description,
        Markup("".join(parts)),  # noqa: S704  (every text in parts is escaped)
        headers,
        rows,
        list(range(1, len(headers))),
    )


def funnel_chart(chart_id: str, title: str, description: str, stages: Sequence[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per stage, each labelled with its count and share of the first."""
    parts = _open(chart_id, title, description)
    label_w, bar_left = 250, 262
    first = stages[0][1] if stages else 0
    longest = max((count for _, count in stages), default=0) or 1
    row_h = (HEIGHT - 32) / max(1, len(stages))
    available = WIDTH - bar_left - 120
    for index, (label, count) in enumerate(stages):
        y = 16 + row_h * index
        width = available * count / longest
        share = f" ({count / first:.0%})" if first and index else ""
        parts.append(
            f'<text x="{label_w}" y="{y + row_h * 0.62:.1f}" text-anchor="end" fill="{TEXT}">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{bar_left}" y="{y + row_h * 0.15:.1f}" width="{max(width, 1):.1f}" '
            f'height="{row_h * 0.7:.1f}" fill="{PALETTE[0]}"/>'
        )
        parts.append(
            f'<text x="{bar_left + max(width, 1) + 6:.1f}" y="{y + row_h * 0.62:.1f}" fill="{TEXT}">'
            f"{number(count)}{share}</text>"
        )
    parts.append("</svg>")
    rows = [[label, number(count), f"{count / first:.1%}" if first else ""] for label, count in stages]
    return Chart(
        chart_id,
        title,
        description,
        Markup("".join(parts)),  # noqa: S704
        ["Stage", "Applications", "Share of applications"],
        rows,
        [1, 2],
    )
