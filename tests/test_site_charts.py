"""SVG charts: well-formed, escaped, themed by currentColor and CSS classes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from stayready.site.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _wide(svg: str) -> ET.Element:
    """The desk layout: each chart is drawn twice, for a desk and for a phone."""
    wide, narrow = svg.split("</svg>", 1)
    assert 'class="sr-chart sr-narrow"' in narrow
    return ET.fromstring(wide + "</svg>")


def test_bar_chart_is_well_formed_with_one_bar_per_row():
    svg = bar_chart("Postings", [("Acme", 12), ("Globex", 3), ("<script>x</script>", 1)])
    root = _wide(svg)
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] > widths[1] > 0
    assert root.get("fill") == "currentColor"  # text follows the light or dark scheme
    assert all("sr-bar" in b.get("class") for b in bars)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert root.get("viewBox").startswith("0 0 640 ")


def test_negative_values_get_their_own_colour_class():
    svg = bar_chart("Change", [("Up", 3), ("Down", -2)])
    classes = [r.get("class") for r in _wide(svg).findall(f"{SVG}rect")]
    assert classes == ["sr-bar", "sr-bar sr-neg"]


def test_line_chart_draws_one_line_per_series_with_month_labels():
    svg = line_chart(
        "Share",
        [
            Series("Python", (("2026-01", 20.0), ("2026-02", 25.0), ("2026-03", 30.0))),
            Series("Go", (("2026-02", 5.0),)),
        ],
    )
    root = _wide(svg)
    assert len(root.findall(f"{SVG}polyline")) == 1
    assert len(root.findall(f"{SVG}circle")) == 1  # a single month is a dot, not a line
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Jan" in labels and "Mar" in labels and "2026" in labels
    assert "Python" in labels and "Go" in labels


def test_empty_charts_are_still_valid_svg():
    _wide(bar_chart("Nothing", []))
    _wide(line_chart("Nothing", []))


def test_the_value_axis_has_round_ticks_a_reader_can_use():
    from stayready.site.charts import ticks

    assert ticks(17) == [0, 5, 10, 15, 20]
    assert ticks(0.8) == [0, 0.2, 0.4, 0.6, 0.8]
    assert ticks(130) == [0, 50, 100, 150]
    svg = line_chart("Share", [Series("Go", (("2026-01", 3.0), ("2026-02", 17.0)))])
    labels = [t.text for t in _wide(svg).iter(f"{SVG}text")]
    assert ["0%", "5%", "10%", "15%", "20%"] == [x for x in labels if x and x.endswith("%")]


def test_the_month_under_way_is_dashed_and_said_to_be_partial():
    svg = line_chart(
        "Postings",
        [Series("Acme", (("2026-11", 9.0), ("2026-12", 2.0)))],
        unit="",
        partial="2026-12",
    )
    root = _wide(svg)
    dashed = [p for p in root.iter(f"{SVG}polyline") if "sr-partial" in p.get("class")]
    assert len(dashed) == 1
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Dec*" in labels and "* Dec 2026 so far: a partial month (dashed)" in labels
