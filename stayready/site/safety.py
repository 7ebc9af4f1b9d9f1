"""Untrusted feed text made inert for markdown, HTML, XML and any template engine.

Feed titles, companies and links come from strangers. Rather than escape the few
characters each syntax cares about (markdown, its extensions, Jinja, HTML), every
ASCII punctuation mark except `,` and `.` becomes a numeric character reference:
markdown and its extensions see no syntax at all (no links, emphasis, table pipes,
`{: attr}` lists, `--8<--` snippets, `{{ }}`), and the browser shows the original text.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

_KEEP = {",", ".", " "}
_ENTITY = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in _KEEP}
# Control and format characters (bidi overrides, zero-width joiners in the middle of a
# word are harmless, but RLO can disguise a link) and line breaks become one space.
_SPACES = re.compile(r"\s+")
_ANY_SPACE = re.compile(r"\s")
_URL_SAFE = "/?#=&;:@%~-._+,"


def clean(text: object, limit: int | None = None) -> str:
    """Plain one-line text: no control characters, whitespace collapsed, optionally capped."""
    if text is None:
        return ""
    raw = str(text)
    if not raw.isprintable():  # rare: only then look at each character
        raw = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw)
    out = _SPACES.sub(" ", raw).strip()
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)].rstrip() + "…"
    return out


def md(text: object, limit: int | None = None) -> str:
    """Untrusted text for a markdown page or table cell: shown as written, never parsed."""
    return clean(text, limit).translate(_ENTITY)


def xml(text: object, limit: int | None = None) -> str:
    """Untrusted text for XML/HTML text and attribute values (Atom, SVG)."""
    out = clean(text, limit)
    return (
        out.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def url(value: object) -> str | None:
    """An http(s) URL safe inside a markdown link or an HTML attribute, or None.

    Anything else (javascript:, data:, vbscript:, relative, protocol-relative, file:)
    is refused. Characters that could end a markdown link or an attribute are
    percent-encoded.
    """
    if not isinstance(value, str):
        return None
    raw = value.strip()
    if not raw.isprintable():  # tabs, newlines, zero-width and bidi characters go
        raw = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    raw = raw.replace(" ", "%20")
    if _ANY_SPACE.search(raw):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc
    if "@" in host:  # credentials in a link are a phishing trick, never needed here
        host = host.rsplit("@", 1)[1]
    if not re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    path = quote(parts.path, safe="/%~-._+,=;:@")
    query = quote(parts.query, safe=_URL_SAFE)
    frag = quote(parts.fragment, safe=_URL_SAFE)
    return urlunsplit((parts.scheme.lower(), host, path or "/", query, frag))


_QUERY = re.compile(r"(https?://[^\s?#]+)[?#]\S*", re.I)


def redact_urls(text: object) -> str:
    """Error messages may quote a feed's address: its query (API keys, tokens) is cut."""
    return _QUERY.sub(lambda m: m.group(1) + "?…", clean(text))


def link(label: object, href: object, limit: int | None = None) -> str:
    """A markdown link with escaped label; plain escaped text when the URL is refused."""
    safe = url(href)
    text = md(label, limit) or "link"
    if safe is None:
        return text
    return f"[{text}]({safe})"
