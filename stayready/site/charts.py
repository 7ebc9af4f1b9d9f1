"""Static SVG charts drawn in Python: horizontal bars and monthly lines.

Inline SVG that follows the page's colour scheme: text uses `currentColor`, marks use
CSS classes coloured by the theme's variables (see docs/stylesheets/stayready.css), so
the same markup reads in light and dark. Every label is escaped; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stayready.site.safety import xml

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 190
WIDTH = 640


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[str, float], ...]  # (x label such as "2026-03", value)


def _fmt(value: float) -> str:
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.1f}"


def bar_chart(title: str, rows: Sequence[tuple[str, float]], *, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), largest scale to the full width."""
    rows = list(rows)
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP + 24
    top = max((abs(v) for _, v in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    parts = [_open(title, WIDTH, height)]
    parts.append(f'<text x="0" y="14" class="sr-title">{xml(title)}</text>')
    for i, (label, value) in enumerate(rows):
        y = 24 + GAP + i * (BAR_HEIGHT + GAP)
        w = max(abs(value) / top * span, 1)
        cls = "sr-bar" if value >= 0 else "sr-bar sr-neg"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">'
            f"{xml(label, 32)}</text>"
            f'<rect class="{cls}" x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" '
            f'height="{BAR_HEIGHT}" rx="2"><title>{xml(label)}: {_fmt(value)}{xml(unit)}'
            f"</title></rect>"
            f'<text x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 13}">{_fmt(value)}{xml(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, series: Sequence[Series], *, unit: str = "%") -> str:
    """Lines over shared x labels (months), up to six series, with a legend."""
    series = list(series)[:6]
    xs = sorted({x for s in series for x, _ in s.points})
    height = 240
    left, right, top_pad, bottom = 44, WIDTH - 12, 28, height - 44
    top = max((v for s in series for _, v in s.points), default=0) or 1
    parts = [_open(title, WIDTH, height + 18 * ((len(series) + 2) // 3))]
    parts.append(f'<text x="0" y="14" class="sr-title">{xml(title)}</text>')
    parts.append(
        f'<line class="sr-axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>'
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{_fmt(top)}{xml(unit)}</text>'
        f'<text x="{left - 6}" y="{bottom}" text-anchor="end">0</text>'
    )

    def px(i: int) -> float:
        return left + (right - left) * (i / max(len(xs) - 1, 1))

    for i, x in enumerate(xs):
        if len(xs) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{px(i):.1f}" y="{bottom + 16}" text-anchor="middle">'
                f"{xml(_month(x))}</text>"
            )
    for n, s in enumerate(series):
        values = dict(s.points)
        pts = [
            f"{px(i):.1f},{bottom - (bottom - top_pad) * values[x] / top:.1f}"
            for i, x in enumerate(xs)
            if x in values
        ]
        if len(pts) == 1:
            cx, cy = pts[0].split(",")
            parts.append(f'<circle class="sr-line sr-s{n}" cx="{cx}" cy="{cy}" r="3"/>')
        elif pts:
            parts.append(
                f'<polyline class="sr-line sr-s{n}" fill="none" points="{" ".join(pts)}">'
                f"<title>{xml(s.name)}</title></polyline>"
            )
        ly = height + 18 * (n // 3)
        lx = (n % 3) * (WIDTH // 3)
        parts.append(
            f'<rect class="sr-key sr-s{n}" x="{lx}" y="{ly - 10}" width="14" height="4"/>'
            f'<text x="{lx + 20}" y="{ly - 4}">{xml(s.name, 28)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _month(label: str) -> str:
    """'2026-03' -> 'Mar 26'; other labels as they are."""
    if len(label) == 7 and label[4] == "-" and label[:4].isdigit() and label[5:].isdigit():
        month = int(label[5:])
        if 1 <= month <= 12:
            return f"{_MONTHS[month - 1]} {label[2:4]}"
    return label


def _open(title: str, width: int, height: int) -> str:
    # viewBox plus width 100% keeps it sharp and responsive; role/aria for screen readers.
    return (
        f'<svg class="sr-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{xml(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" fill="currentColor" font-size="12">'
    )
