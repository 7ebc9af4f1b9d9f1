"""Static SVG charts drawn in Python: horizontal bars and monthly lines.

Inline SVG that follows the page's colour scheme: text uses `currentColor`, marks use
CSS classes coloured by the theme's variables (see docs/stylesheets/stayready.css), so
the same markup reads in light and dark. Every label is escaped; nothing is fetched.

Each chart is drawn twice, once laid out for a desk (`sr-wide`, 640 units) and once for
a phone (`sr-narrow`, 360 units); the stylesheet shows one. An SVG scales its text with
its width, so a single drawing either shrinks its labels to a few pixels on a phone or
blows them up on a desk: two layouts keep text at about its size in both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from stayready.site.safety import xml

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 190
WIDTH = 640
NARROW = 360
FONT = 12
NARROW_FONT = 13


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[tuple[str, float], ...]  # (x label such as "2026-03", value)


def _fmt(value: float) -> str:
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.1f}"


def _both(draw: Callable[[int, str], str]) -> str:
    return draw(WIDTH, "sr-wide") + draw(NARROW, "sr-narrow")


def _wrap(text: str, chars: int) -> list[str]:
    """A title in lines of at most `chars` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _title(title: str, width: int, font: int) -> tuple[str, int]:
    """The title's text lines and the height they take."""
    lines = _wrap(title, int(width / (font * 0.6)))
    step = font + 4
    out = "".join(
        f'<text x="0" y="{font + 2 + i * step}" class="sr-title">{xml(line)}</text>'
        for i, line in enumerate(lines)
    )
    return out, len(lines) * step + 8


def bar_chart(title: str, rows: Sequence[tuple[str, float]], *, unit: str = "") -> str:
    """Horizontal bars, one per (label, value), largest scale to the full width."""
    rows = list(rows)
    return _both(lambda width, kind: _bars(title, rows, unit, width, kind))


def _bars(title: str, rows: list[tuple[str, float]], unit: str, width: int, kind: str) -> str:
    narrow = width < WIDTH
    font = NARROW_FONT if narrow else FONT
    head, top_y = _title(title, width, font)
    # On a phone the label sits above its bar, so the bar can use the whole width.
    row_h = (font + 4 + BAR_HEIGHT + GAP) if narrow else (BAR_HEIGHT + GAP)
    height = top_y + max(len(rows), 1) * row_h + GAP
    top = max((abs(v) for _, v in rows), default=0) or 1
    x0 = 0 if narrow else LABEL_WIDTH
    span = width - x0 - 70
    parts = [_open(title, width, height, font, kind), head]
    for i, (label, value) in enumerate(rows):
        y = top_y + GAP + i * row_h
        w = max(abs(value) / top * span, 1)
        cls = "sr-bar" if value >= 0 else "sr-bar sr-neg"
        if narrow:
            parts.append(f'<text x="0" y="{y + font}">{xml(label, 44)}</text>')
            y += font + 4
        else:
            parts.append(
                f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">'
                f"{xml(label, 32)}</text>"
            )
        parts.append(
            f'<rect class="{cls}" x="{x0}" y="{y}" width="{w:.1f}" '
            f'height="{BAR_HEIGHT}" rx="2"><title>{xml(label)}: {_fmt(value)}{xml(unit)}'
            f"</title></rect>"
            f'<text x="{x0 + w + 6:.1f}" y="{y + 13}">{_fmt(value)}{xml(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def ticks(top: float, most: int = 5) -> list[float]:
    """Round values from 0 to at least `top`, at most `most` + 1 of them: 0, 5, 10, 15."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def line_chart(
    title: str, series: Sequence[Series], *, unit: str = "%", partial: str | None = None
) -> str:
    """Lines over shared x labels (months), up to six series, with a legend. `partial`
    names the month still under way: its segment is dashed and its label says so."""
    series = list(series)[:6]
    return _both(lambda width, kind: _lines(title, series, unit, partial, width, kind))


def _lines(
    title: str, series: list[Series], unit: str, partial: str | None, width: int, kind: str
) -> str:
    narrow = width < WIDTH
    font = NARROW_FONT if narrow else FONT
    head, top_pad = _title(title, width, font)
    xs = sorted({x for s in series for x, _ in s.points})
    plot = 170 if narrow else 180
    left, right = (44 if narrow else 52), width - 16
    top_y, bottom = top_pad + 8, top_pad + 8 + plot
    marks = ticks(max((v for s in series for _, v in s.points), default=0))
    top = marks[-1] or 1
    per_row = 1 if narrow else 3
    legend_y = bottom + 3 * (font + 4) + 8  # below the month names and their year
    rows = (len(series) + per_row - 1) // per_row
    note = partial in xs
    height = legend_y + rows * (font + 8) + (font + 8 if note else 0)
    parts = [_open(title, width, height, font, kind), head]

    def py(v: float) -> float:
        return bottom - (bottom - top_y) * v / top

    for m in marks:
        cls = "sr-axis" if m == 0 else "sr-grid"
        parts.append(
            f'<line class="{cls}" x1="{left}" y1="{py(m):.1f}" x2="{right}" y2="{py(m):.1f}"/>'
            f'<text x="{left - 6}" y="{py(m) + font / 3:.1f}" text-anchor="end">'
            f"{_fmt(m)}{xml(unit)}</text>"
        )

    def px(i: int) -> float:
        return left + (right - left) * (i / max(len(xs) - 1, 1))

    room = (right - left) / max(font * 2.6, 1)  # month names that fit side by side
    every = max(1, math.ceil(len(xs) / max(room, 1)))
    for i, x in enumerate(xs):
        if i % every and i != len(xs) - 1:
            continue
        name, year = _month_parts(x)
        if x == partial:
            name += "*"
        parts.append(
            f'<text x="{px(i):.1f}" y="{bottom + font + 4}" text-anchor="middle">{xml(name)}</text>'
        )
        if year and (i == 0 or x.endswith("-01")):
            parts.append(
                f'<text x="{px(i):.1f}" y="{bottom + 2 * (font + 4)}" text-anchor="middle">'
                f"{year}</text>"
            )
    for n, s in enumerate(series):
        values = dict(s.points)
        pts = [(px(i), py(values[x]), x) for i, x in enumerate(xs) if x in values]
        done = [p for p in pts if p[2] != partial]
        if len(done) == 1:
            parts.append(
                f'<circle class="sr-line sr-s{n}" cx="{done[0][0]:.1f}" cy="{done[0][1]:.1f}" '
                f'r="3"><title>{xml(s.name)}</title></circle>'
            )
        elif done:
            parts.append(
                f'<polyline class="sr-line sr-s{n}" fill="none" points="{_pts(done)}">'
                f"<title>{xml(s.name)}</title></polyline>"
            )
        if pts and pts[-1][2] == partial:
            tail = pts[-2:] if len(pts) > 1 else pts
            parts.append(
                f'<polyline class="sr-line sr-partial sr-s{n}" fill="none" points="{_pts(tail)}">'
                f"<title>{xml(s.name)}, {xml(partial or '')} so far</title></polyline>"
            )
        ly = legend_y + (font + 8) * (n // per_row)
        lx = (n % per_row) * (width // per_row)
        parts.append(
            f'<rect class="sr-key sr-s{n}" x="{lx}" y="{ly - font / 2 - 2:.1f}" width="14" '
            f'height="4"/><text x="{lx + 20}" y="{ly}">{xml(s.name, 40 if narrow else 28)}</text>'
        )
    if note:
        name, year = _month_parts(partial or "")
        parts.append(
            f'<text x="0" y="{height - 6}">* {xml(name)} {year} so far: a partial month '
            f"(dashed)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _pts(points: list[tuple[float, float, str]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _month_parts(label: str) -> tuple[str, str]:
    """'2026-03' -> ('Mar', '2026'); other labels as they are, with no year."""
    if len(label) == 7 and label[4] == "-" and label[:4].isdigit() and label[5:].isdigit():
        month = int(label[5:])
        if 1 <= month <= 12:
            return _MONTHS[month - 1], label[:4]
    return label, ""


def _open(title: str, width: int, height: int, font: int, kind: str) -> str:
    # viewBox plus width 100% keeps it sharp and responsive; role/aria for screen readers.
    return (
        f'<svg class="sr-chart {kind}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{xml(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" fill="currentColor" font-size="{font}">'
    )
