"""The market-watch commands: fetch, status, export and feeds (add, OPML import/export)."""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from stayready.commands import load


def fetch(args: argparse.Namespace) -> int:
    with _collector_paused() as resume:
        return _fetch(args, resume)


def _fetch(args: argparse.Namespace, started: Callable[[], None]) -> int:
    from aggregator.run import run_fetch
    from foundation import clock

    config = load(args)
    if not config.feeds:
        print(no_feeds_warning("fetch", config), file=sys.stderr)
        return 0
    progress = None
    if not args.quiet and sys.stderr.isatty():
        progress = _Progress(len(config.feeds) if not args.feed else len(set(args.feed)))
    try:
        report = run_fetch(config, clock.now(), only=args.feed or (), progress=progress,
                           meanwhile=started, every=args.now, force=args.force)  # fmt: skip
    finally:
        if progress:
            progress.clear()
    tz = config.site.timezone
    down = report.network_down
    width = max((len(f.name) for f in report.feeds), default=0)
    for fr in report.feeds:
        if not (down and fr.outcome == "failed"):  # said once, below, not once a feed
            print(f"{fr.name.ljust(width)}  {fr.summary(tz)}")
    for problem in report.problems:
        print(f"stayready fetch: warning: {problem}", file=sys.stderr)
    if down:
        print(network_down_message("fetch", report), file=sys.stderr)
        return 1
    failed = len(report.failed_feeds)
    print(
        f"{len(report.new_postings)} new postings; {failed} of {report.total_feeds} feeds failing"
    )
    if report.too_many_failed:
        print(too_many_failed_message("fetch", report), file=sys.stderr)
        return 1
    return 0


def no_feeds_warning(command: str, config: Any) -> str:
    """An empty feed list is not "0 of 0 feeds fine": say what to do."""
    return (f"stayready {command}: warning: no feeds in {config.path.name}, so nothing to "
            "fetch\n  hint: add feeds under `feeds:` (see README, Configuration), or take "
            "a feed reader's list with `stayready feeds import-opml FILE`")  # fmt: skip


def network_down_message(command: str, report: Any) -> str:
    """One line for an offline machine instead of a failure per feed."""
    asked = sum(1 for f in report.feeds if f.outcome == "failed")
    return (f"stayready {command}: error: the network is down: all {asked} feeds asked "
            f"failed the same way ({report.network_down}); no feed was backed off and "
            "nothing was stored\n  hint: check this machine's connection; once it is back, "
            "`stayready fetch` asks every feed")  # fmt: skip


def too_many_failed_message(command: str, report: Any) -> str:
    """Most feeds failed: what was kept, and the failures' real causes as the hint."""
    failed = len(report.failed_feeds)
    good = report.total_feeds - failed
    kept = f" (what the other {good} brought was stored)" if good else ""
    causes = "\n    ".join(report.failure_causes())
    return (f"stayready {command}: error: {failed} of {report.total_feeds} feeds failed"
            f"{kept}\n  hint: the failures:\n    "
            f"{causes}\n  each feed's line says which; `stayready status` keeps them, "
            "and `stayready fetch --now` tries them again at once")  # fmt: skip


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """No cyclic garbage collection from here until `resume()` (or the block's end).

    Before its requests leave, a fetch imports requests, requests-cache and the rest and
    sets up: all CPU, all on the critical path of a warm night, and the collector's passes
    over the tens of thousands of objects this creates (none of them garbage) add about
    10 ms to it. `resume`, called while the answers are awaited, freezes what exists
    (later passes skip it) and turns collection back on; the block's end unfreezes, so a
    caller running this in-process gets its collector back as it was.
    """
    was_enabled, had_frozen = gc.isenabled(), gc.get_freeze_count() > 0
    froze: list[bool] = []

    def resume() -> None:
        if not froze and not had_frozen:  # another's frozen objects are not ours to thaw
            gc.freeze()
            froze.append(True)
        if was_enabled:
            gc.enable()

    gc.disable()
    try:
        yield resume
    finally:
        if froze:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


class _Progress:
    """One self-overwriting line on stderr while the feeds come in."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def __call__(self, feed: Any, result: Any) -> None:
        self.done += 1
        line = f"[{self.done}/{self.total}] {result.outcome.replace('_', ' ')}: {feed.name}"
        sys.stderr.write("\r\033[K" + line[:120])
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def status_records(config: Any) -> list[dict[str, Any]]:
    """One record per feed (configured ones first, then ones only in the history)."""
    from aggregator.models import FeedState
    from aggregator.store import Store

    states = Store(config.data_dir).feed_states()
    records = []
    configured = {f.id for f in config.feeds}
    for feed in config.feeds:
        st = states.get(feed.id) or FeedState(feed.id, feed.name, feed.url)
        records.append(_record(st, feed.name, True))
    for fid in sorted(set(states) - configured):
        records.append(_record(states[fid], states[fid].name, False))
    return records


def _record(st: Any, name: str, configured: bool) -> dict[str, Any]:
    data = st.to_dict()
    live = data.pop("live_ids")
    data["described"] = len(data["described"])  # a paged board's postings with their page
    data["name"] = name
    error = st.last_error if st.ok is False else None
    return {"name": name, "ok": st.ok, "error": error, **data, "live_postings": len(live),
            "configured": configured}  # fmt: skip


def status(args: argparse.Namespace) -> int:
    config = load(args)
    records = status_records(config)
    if args.json:
        print(json.dumps(records, indent=2, ensure_ascii=False))
        return 0
    if not records:
        print("no feeds configured: add some under `feeds:` in stayready.yml")
        return 0
    tz = config.site.timezone
    rows = [("feed", "health", "last success", "failures", "postings", "error (next try)")]
    for r in records:
        health = {True: "ok", False: "GONE" if r["gone"] else "FAILING", None: "never run"}[r["ok"]]
        if not r["configured"]:
            health += " (not configured)"
        note = r["error"] or ""
        if r["next_attempt"]:
            note += f" (next try {_local(r['next_attempt'], tz)})"
        if r["redirected_to"]:
            note += f" moved to {r['redirected_to']}: update stayready.yml"
        if r.get("pages"):  # a paged board: its size and the requests it took
            size = r["board_size"] if r.get("board_size") is not None else "?"
            pages = f"{r['pages']} page" + ("s" if r["pages"] != 1 else "")
            note += f" board: {size} postings in {pages}"
        if r["ok"] and r.get("incomplete"):
            note += f" incomplete: {r['incomplete']}"
        if r["ok"] and r.get("board_note"):
            note += f" ({r['board_note']})"
        rows.append((r["name"], health, _local(r["last_success"], tz),
                     str(r["consecutive_failures"] or ""), str(r["live_postings"]),
                     note.strip()))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)), row[5])
    print(f"(times in {tz}, from site.timezone; `status --json` gives them in UTC)")
    return 0


def reindex(args: argparse.Namespace) -> int:
    """Recompute duplicate marks (and whatever later parts) over the stored history."""
    config = load(args)
    from aggregator.reindex import PARTS
    from aggregator.reindex import reindex as run_reindex
    from foundation import clock

    report = run_reindex(config, clock.now(), args.part or PARTS)
    for part, n in report.changed.items():
        print(f"{part}: {n} of {report.postings} postings changed")
    if "duplicates" in report.changed:
        print(f"duplicates: {report.now_duplicates} postings are another feed's copy; "
              f"{report.keys_changed} live job keys renewed")  # fmt: skip
    return 0


def _local(stamp: str | None, tz: str) -> str:
    if not stamp:
        return "-"
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def export(args: argparse.Namespace) -> int:
    from aggregator.store import Store

    config = load(args)
    names = {f.id: f.name for f in config.feeds}
    store = Store(config.data_dir)
    out = sys.stdout
    for posting in store.iter_postings():
        record = posting.to_dict()
        record["feed"] = names.get(posting.feed_id, posting.feed)  # as the config names it now
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    for problem in store.problems:
        print(f"stayready export: warning: {problem}", file=sys.stderr)
    return 0


def feeds(args: argparse.Namespace) -> int:
    from aggregator import opml

    config = load(args)
    if args.action == "export-opml":
        sys.stdout.write(opml.write_opml(config.feeds, f"{config.site.title} feeds"))
        return 0
    if args.action == "add":
        return _add_feed(args, config)
    found = opml.read_opml(args.file)
    result = opml.import_into_config(config.path, found)
    for feed in result.added:
        print(f"added    {feed.name}  {feed.url}")
    for feed in result.skipped:
        print(f"skipped  {feed.name}  {feed.url} (already in {config.path.name})")
    for feed in result.invalid:
        print(f"skipped  {feed.name}  {feed.url} (not an http(s) address)")
    print(f"{len(result.added)} added, {len(result.skipped) + len(result.invalid)} skipped")
    return 0


def _add_feed(args: argparse.Namespace, config: Any) -> int:
    """`feeds add URL`: a career board's page, a feed, or a page that announces one."""
    from aggregator import feed_address, opml
    from foundation.sources import default_url

    found = feed_address.board_of(args.url) or _read_address(args.url, config)
    url = found.url or default_url(found.kind, found.board) or args.url
    feed = opml.OpmlFeed(name=args.name or found.name, url=url, kind=found.kind,
                         board=found.board, area=args.area)  # fmt: skip
    result = opml.import_into_config(config.path, [feed])
    what = f"{found.kind} board {found.board!r}" if found.board else f"{found.kind} feed {url}"
    if result.skipped:
        print(f"already there: {what} ({config.path.name} asks it as {url})")
        return 0
    print(f"added {feed.name!r}: {what}; `stayready fetch` asks it next")
    if found.kind == "workday" and not args.name:
        # Workday's listing never names the employer: the feed's name is the company shown.
        print(f"hint: Workday does not name the employer, so the site shows {feed.name!r} "
              f"as the company: change its `name:` in {config.path.name} (e.g. "
              f'name: Acme Health), or add it with --name "Acme Health"')  # fmt: skip
    return 0


def _read_address(url: str, config: Any) -> Any:
    """One GET of the address on a session set up as the fetch's are (headers, redirect
    limit, body cap: transport.plain_session), read by feed_address.read_response."""
    import requests

    from aggregator import feed_address
    from aggregator.transport import BodyRejected, describe, plain_session

    if not re.match(r"^https?://[^\s/]+", url):
        raise feed_address.AddressError(f"{url!r} is not an http(s) address",
                                        hint="copy the address from the browser")  # fmt: skip
    limits = config.fetch
    try:
        with plain_session(limits) as session:
            r = session.get(url, timeout=(limits.connect_timeout, limits.read_timeout))
    except (requests.RequestException, BodyRejected) as exc:
        raise feed_address.AddressError(
            f"{url} could not be fetched: {describe(exc, limits)}",
            hint="check the address and the network",
        ) from None
    if r.status_code >= 400:
        raise feed_address.AddressError(
            f"{url} answered HTTP {r.status_code}",
            hint="check the address in a browser; a 404 is a wrong or old address",
        )
    return feed_address.read_response(r.url, r.content, r.headers.get("Content-Type", ""))
