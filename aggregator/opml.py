"""OPML, the feed list format feed readers export: read one into stayready.yml, write one out.

Import edits stayready.yml through ruamel.yaml's round trip, so the person's comments
and layout stay; the edited file is validated before it replaces the old one.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.config import SOURCE_KINDS, FeedConfig, build_config, slugify
from foundation.errors import StayReadyError
from foundation.sources import default_url, workday_api


@dataclass(frozen=True)
class OpmlFeed:
    name: str
    url: str  # for a kind/board feed, the address it derives (written as kind and board)
    kind: str = "rss"
    line: int | None = None
    board: str | None = None
    area: str | None = None


@dataclass
class ImportResult:
    added: list[OpmlFeed]
    skipped: list[OpmlFeed]  # already in stayready.yml (same URL) or twice in the file
    # Outlines whose address is not http(s) (e.g. `feed:` or a file path): skipped alone,
    # so one odd outline does not reject the whole import.
    invalid: list[OpmlFeed] = field(default_factory=list)


def read_opml(path: Path) -> list[OpmlFeed]:
    """Every outline with an xmlUrl, in document order; a broken file names its line."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise StayReadyError("file not found", file=path) from None
    if b"<!ENTITY" in data:
        # Entity declarations have no business in a feed list and are how XML bombs work.
        line = data[: data.index(b"<!ENTITY")].count(b"\n") + 1
        raise StayReadyError("not an OPML file: it declares XML entities", file=path,
                             line=line)  # fmt: skip
    feeds: list[OpmlFeed] = []
    root_tag = None
    try:
        for event, elem in ET.iterparse(io.BytesIO(data), events=("start",)):
            del event
            tag = elem.tag.rsplit("}", 1)[-1].lower()
            if root_tag is None:
                root_tag = tag
                if tag != "opml":
                    raise StayReadyError(
                        f"not an OPML file (it starts with <{elem.tag}>)",
                        file=path,
                        line=1,
                        hint="export the feed list from your feed reader as OPML",
                    )
            if tag != "outline":
                continue
            attrs = {k.lower(): v for k, v in elem.attrib.items()}
            url = (attrs.get("xmlurl") or "").strip()
            if not url:
                continue
            name = (attrs.get("title") or attrs.get("text") or "").strip() or url
            kind = attrs.get("type", "rss").strip().lower()
            feeds.append(OpmlFeed(name=name, url=url, kind=kind if kind in SOURCE_KINDS else "rss"))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise StayReadyError(f"not a valid OPML file: {_reason(exc)}", file=path, line=line,
                             hint="check the XML around this line") from None  # fmt: skip
    if not feeds:
        raise StayReadyError("no feeds in this OPML file (no outline has an xmlUrl)", file=path)
    return feeds


def _reason(exc: ET.ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def write_opml(feeds: Sequence[FeedConfig], title: str = "Stay Ready feeds") -> str:
    """The configured feeds as OPML 2.0 (ElementTree escapes every attribute)."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for feed in feeds:
        attrs = {"type": feed.kind, "text": feed.name, "title": feed.name, "xmlUrl": feed.url}
        ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _same_url(url: str, search: Any = None) -> str:
    """The board an address asks, for telling two entries apart: a Workday site by its
    listing API (its locales and job pages are one board), narrowed by a `search` if any."""
    url = workday_api(url) or url
    same = url.strip().rstrip("/").lower()
    return f"{same} search={str(search).strip().lower()}" if search else same


def import_into_config(config_path: Path, feeds: Sequence[OpmlFeed]) -> ImportResult:
    """Add the feeds whose URL is new to stayready.yml, keeping every comment and line.

    New entries are inserted as text after the last feed, in the file's own indentation,
    so nothing else in the file moves (a full YAML re-dump can shift trailing comments).
    """
    from foundation.config_yaml import read_yaml

    doc = read_yaml(config_path)
    existing = doc.get("feeds") if isinstance(doc, dict) else None
    known = [f for f in existing or () if isinstance(f, dict)]
    # A kind/board feed has no `url:` of its own but asks its derived address; export
    # writes that address, so an import of the export must find it already here (else the
    # rate-limited APIs would be asked twice a night).
    urls = {_same_url(str(f.get("url") or default_url(str(f.get("kind") or "rss"),
                                                      _board(f.get("board"))) or ""),
                      f.get("search"))
            for f in known}  # fmt: skip
    urls.discard("")
    ids = {str(f.get("id") or slugify(str(f.get("name", "")))) for f in known}
    result = ImportResult(added=[], skipped=[])
    entries: list[dict[str, str]] = []
    for feed in feeds:
        if not re.match(r"^https?://[^\s/]+", feed.url):
            result.invalid.append(feed)
            continue
        if _same_url(feed.url) in urls:
            result.skipped.append(feed)
            continue
        entry = {"name": feed.name}
        if feed.board:  # a whole career board: its kind and board name, the URL derived
            entry.update(kind=feed.kind, board=feed.board)
        else:
            entry["url"] = feed.url
            if feed.kind != "rss":
                entry["kind"] = feed.kind
        if feed.area:
            entry["area"] = feed.area
        fid, n = slugify(feed.name), 2
        if fid in ids:
            while f"{fid}-{n}" in ids:
                n += 1
            fid = entry["id"] = f"{fid}-{n}"
        ids.add(fid)
        urls.add(_same_url(feed.url))
        entries.append(entry)
        result.added.append(feed)
    if not entries:
        return result
    text = config_path.read_text(encoding="utf-8")
    new_text = _insert_feeds(text, doc, entries, config_path)
    from ruamel.yaml import YAML

    build_config(YAML(typ="rt").load(new_text), config_path)  # a ConfigError leaves the file
    from aggregator.store_sync import atomic_write

    atomic_write(config_path, new_text.encode("utf-8"))
    return result


def _board(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _scalar(key: str, value: str) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.width = 4096
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump({key: value}, out)
    return out.getvalue().rstrip("\n")


def _insert_feeds(text: str, doc: Any, entries: list[dict[str, str]], path: Path) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    feeds = doc.get("feeds") if isinstance(doc, dict) else None
    if not feeds:
        # No feed yet: a fresh `feeds:` block at the end (an empty one is dropped).
        if isinstance(doc, dict) and "feeds" in doc:
            del lines[doc.lc.key("feeds")[0]]
        block = ["feeds:\n"] + [_render(e, 2, 4) for e in entries]
        return "".join(lines + block)
    if feeds.fa.flow_style():
        raise StayReadyError(
            "feeds are written in flow style ([...]); an import cannot add to them in place",
            file=path,
            line=doc.lc.key("feeds")[0] + 1,
            hint="write `feeds:` as a block list, one `- name: ...` per feed",
        )
    dash_line, content_col = feeds.lc.item(0)
    dash_col = len(lines[dash_line]) - len(lines[dash_line].lstrip(" "))
    start = doc.lc.key("feeds")[0]
    after = [doc.lc.key(k)[0] for k in doc if doc.lc.key(k)[0] > start]
    end = min(after) if after else len(lines)
    last = start
    for i in range(start + 1, end):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            last = i
    block = [_render(e, dash_col, content_col) for e in entries]
    return "".join(lines[: last + 1] + block + lines[last + 1 :])


def _render(entry: dict[str, str], dash_col: int, content_col: int) -> str:
    out = []
    for i, (key, value) in enumerate(entry.items()):
        prefix = (
            " " * dash_col + "-" + " " * (content_col - dash_col - 1)
            if i == 0
            else " " * content_col
        )
        out.append(prefix + _scalar(key, value) + "\n")
    return "".join(out)
