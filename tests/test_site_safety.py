"""Untrusted feed text through safety.py and the site's own markdown extensions."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml

from stayready.site import safety
from tests.conftest import REPO


def site_markdown(text: str) -> str:
    """Render with exactly the extensions mkdocs.yml enables."""
    conf = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    exts, configs = [], {}
    for item in conf["markdown_extensions"]:
        if isinstance(item, dict):
            ((name, cfg),) = item.items()
            exts.append(name)
            configs[name] = cfg
        else:
            exts.append(item)
    return markdown.markdown(text, extensions=exts, extension_configs=configs)


def test_no_file_inclusion_extension_is_enabled():
    text = (REPO / "mkdocs.yml").read_text()
    assert "pymdownx.snippets" not in text.replace("# No pymdownx.snippets", "")


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "![x](https://evil.example/p.png)",
        "{{ 7*7 }} {% include 'x' %}",
        '--8<-- "/etc/passwd"',
        '{: onclick="alert(1)" }',
        "*[HTML]: Hyper",
        "a | b | c",
        "<!-- comment",
        "**bold** _it_ `code`",
        "https://auto.example/link",
        "line\n# heading\n---",
    ],
)
def test_md_shows_the_text_and_parses_nothing(payload):
    html = site_markdown(f"| a |\n|---|\n| {safety.md(payload)} |")
    cell = re.search(r"<td>(.*?)</td>", html, re.S).group(1)
    assert "<" not in cell.replace("&lt;", ""), cell  # no element at all inside the cell
    from html import unescape

    assert unescape(cell) == safety.clean(payload)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://jobs.example/a?b=1&c=2", "https://jobs.example/a?b=1&c=2"),
        ("HTTP://Jobs.Example/x", "http://Jobs.Example/x"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ('https://x.example/a" onmouseover="x', "https://x.example/a%22%20onmouseover=%22x"),
        ("https://x.example/a(b)[c]<d>", "https://x.example/a%28b%29%5Bc%5D%3Cd%3E"),
        ("https://user:pw@x.example/", "https://x.example/"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        (None, None),
    ],
)
def test_url_allows_http_and_https_only_and_cannot_break_out(raw, expected):
    assert safety.url(raw) == expected


def test_link_falls_back_to_text_when_the_url_is_refused():
    assert safety.link("Role", "javascript:alert(1)") == "Role"
    html = site_markdown(safety.link("[Role](x)", "https://a.example/b_c*d"))
    assert re.fullmatch(r'<p><a href="https://a.example/b_c%2Ad">.*</a></p>', html)


def test_clean_caps_and_drops_control_characters():
    assert safety.clean("a\u202eb\x00c\n\n d", 50) == "a b c d"
    assert safety.clean("x" * 20, 10) == "x" * 9 + "…"


def test_xml_escapes_quotes_for_attributes():
    assert safety.xml('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_redact_urls_keeps_host_and_path_but_cuts_queries():
    msg = (
        "HTTP 401 for https://api.example/v1/jobs?api_key=S3CR3T&page=2 (then http://x.example/#t)"
    )
    assert safety.redact_urls(msg) == (
        "HTTP 401 for https://api.example/v1/jobs?… (then http://x.example/?…"
    )
