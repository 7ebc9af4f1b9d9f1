"""Whether the public site already shows what a build would: a digest of its inputs.

Most nights every feed answers 304 and nothing the site shows changes, yet a build
costs a whole MkDocs run. The digest covers everything the public pages are made from:
the postings and their events, what each feed's health row shows (not the times of the
night's requests, which change every night whatever the feeds said), the notebook (whose
contacts the privacy scan reads), the configuration, `docs/`, the templates, the
project's code, the installed theme, and the day in `site.timezone` (pages count days). When
it equals the digest recorded by the last build and `site/` is still there, the build
leaves `site/` as it is. Feed health's "last success" times are then those of the
last build that changed something.

The record lives in the private cache folder (`paths.cache`), never in `site/`. So
does a memo of each history file's own digest by its size and modification time: the
history is hundreds of megabytes after a year, read twice a build otherwise, while a
night changes one month file and the events (the trends cache makes the same bet).
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from foundation import __version__
from foundation.config import Config
from stayready.site.rendered import GENERATED, BuildResult, templates_dir

RECORD = "site-build.json"
MEMO = "site-digest-files.json"  # history file -> [size, mtime_ns, digest of its bytes]
_HERE = Path(__file__).resolve()
_PACKAGES = ("foundation", "aggregator", "journal", "stayready")
# What a feed's health row shows that a 304 night rewrites without anything changing.
_VOLATILE = ("last_attempt", "last_success", "next_attempt", "http_status")


def digest(config: Config, now: datetime) -> str:
    """A digest of everything the public edition is built from, at `now`."""
    h = hashlib.blake2b(digest_size=20)

    def add(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + len(data).to_bytes(8, "big") + data)

    theme = _theme_version()
    day = now.astimezone(ZoneInfo(config.site.timezone)).date().isoformat()
    add("version", f"{__version__} {theme} {day}".encode())
    root = config.root
    for path in (config.path, root / "mkdocs.yml"):
        add(path.name, _read(path))
    _tree(add, "docs", root / "docs", skip=root / "docs" / GENERATED)
    _tree(add, "templates", templates_dir(root))
    for package in _PACKAGES:  # the code: a new rule or page reaches the site at once
        _tree(add, package, _HERE.parents[2] / package)
    _tree(add, "notebook", Path(config.notebook.path))
    data = config.data_dir
    memo = _Memo(config.cache_dir / MEMO)
    for folder in ("postings", "events"):
        _tree(add, folder, data / folder, suffix=".jsonl", read=memo.digest)
    memo.save()
    add("feeds", _feed_rows(data / "feeds.json"))
    return h.hexdigest()


class _Memo:
    """Each history file's digest, kept while the file has the size and modification time
    it had: a file that changed in place without changing either is taken as unchanged
    (as the trends cache takes it; the store only appends and replaces files)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        self.kept: dict[str, list] = found if isinstance(found, dict) else {}
        self.now: dict[str, list] = {}

    def digest(self, path: Path) -> bytes:
        try:
            st = path.stat()
        except OSError:
            return _read(path)
        key = str(path)
        kept = self.kept.get(key)
        if isinstance(kept, list) and kept[:2] == [st.st_size, st.st_mtime_ns]:
            self.now[key] = kept
            return bytes.fromhex(kept[2])
        data = _read(path)
        value = hashlib.blake2b(data, digest_size=20).digest()
        if len(data) == st.st_size:  # else it changed while read: not kept
            self.now[key] = [st.st_size, st.st_mtime_ns, value.hex()]
        return value

    def save(self) -> None:
        """Keep what this digest read (files gone are dropped); a failure costs speed."""
        if self.now == self.kept:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.now), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass


def public_if_changed(config: Config, now: datetime, *, force: bool = False) -> BuildResult:
    """The public build, unless nothing it is made from changed since the last one
    (`force`: build all the same)."""
    value = digest(config, now)
    last = None if force else last_build(config, value)
    if last is not None:
        root = config.root
        # The problems that build warned of still stand: say them again, as it did.
        problems = [str(p) for p in last.get("problems", [])]
        return BuildResult("public", root / "docs", root / "site", 0, 0.0, problems=problems,
                           unchanged=True)  # fmt: skip
    from foundation.clock import iso
    from stayready.site import editions  # MkDocs and the renderer: only when building

    result = editions.public(config, now)
    # Read again: a first build adds what the project lacked (mkdocs.yml, docs/index.md).
    record(config, digest(config, now), iso(now), result.problems)
    return result


def last_build(config: Config, value: str) -> dict | None:
    """The record of the last public build when it was made from inputs with digest
    `value` and its site is still in place; else None."""
    if not (config.root / "site" / "index.html").is_file():
        return None
    try:
        found = json.loads((config.cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and found.get("digest") == value else None


def record(config: Config, value: str, built_at: str, problems: list[str]) -> None:
    """Keep the digest of the build that just replaced site/ (a lost record costs one
    build), with the problems it warned of. Private: it lives in the cache folder."""
    doc = {"digest": value, "built_at": built_at, "problems": problems}
    try:
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        path = config.cache_dir / RECORD
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def _theme_version() -> str:
    """mkdocs-material's version from its dist-info folder's name: importlib.metadata
    costs more than the rest of the digest."""
    for entry in sys.path:
        for info in Path(entry or ".").glob("mkdocs_material-*.dist-info"):
            return info.name
    return "none"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing"


def _tree(add, label: str, folder: Path, *, suffix: str = "", skip: Path | None = None,
          read=_read) -> None:  # fmt: skip
    if not folder.is_dir():
        add(label, b"\0missing")
        return
    for path in sorted(folder.rglob("*" + suffix)):
        if skip is not None and path.is_relative_to(skip):
            continue
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
            add(f"{label}/{path.relative_to(folder).as_posix()}", read(path))


def _feed_rows(path: Path) -> bytes:
    """feeds.json without the times and status codes every request rewrites."""
    raw = _read(path)
    try:
        doc = json.loads(raw)
    except ValueError:
        return raw

    def shown(row: object) -> object:
        return (
            {f: v for f, v in row.items() if f not in _VOLATILE} if isinstance(row, dict) else row
        )

    feeds = doc.get("feeds") if isinstance(doc, dict) else None
    if isinstance(feeds, dict):
        doc = {**doc, "feeds": {k: shown(row) for k, row in feeds.items()}}
    elif isinstance(feeds, list):
        doc = {**doc, "feeds": [shown(row) for row in feeds]}
    return json.dumps(doc, sort_keys=True).encode()
