"""Everything the site shows, gathered in one place: history, trends, notebook, feed states.

The adapters to `aggregator` and `journal` live here only, so the renderer works on
plain dataclasses and tests can build a `SiteData` directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from foundation.config import Config
from stayready.site.model import (  # re-exported: the pages import them from here
    CURRENT_WINDOW,
    RUN_WINDOW,
    Application,
    Contact,
    Entry,
    FeedRow,
    SiteData,
)

__all__ = [
    "CURRENT_WINDOW",
    "RUN_WINDOW",
    "Application",
    "Contact",
    "Entry",
    "FeedRow",
    "SiteData",
    "gather",
    "slug",
]

# --- adapters ---------------------------------------------------------------------


def gather(
    config: Config,
    now: datetime,
    *,
    with_notebook: bool = True,
    meanwhile: Callable[[], object] | None = None,
) -> SiteData:
    """Load the history, compute trends and read the notebook for one render.

    `meanwhile` is called while forked children still read the history and trends
    (when there are any), for work of the caller's that needs no data.
    """
    from stayready.site import forked
    from stayready.site.notebook_view import load_notebook

    data = SiteData(now=now, config=config)
    # The three parts need nothing from each other: on a machine with two cores the
    # history and the trends are read in forked children while this process reads the
    # notebook (a build with a year of data: the data phase 4 s -> 1 s). A part whose
    # result is kept in .cache/ (a rebuild with no commit since) is read here instead:
    # a child would unpickle it, pickle it again and send it, for more work in all.
    fork = config.data_dir.exists() and can_fork()
    parts = [(load, names, forked.start(_part, load, config, now, names)
              if fork and not _kept(load, config, now) else None)
             for load, names in ((load_history, _HISTORY), (_load_trends, _TRENDS))]  # fmt: skip
    if with_notebook:
        load_notebook(config, data)
    if meanwhile is not None and any(child is not None for _, _, child in parts):
        meanwhile()
    notebook_problems, data.problems = data.problems, []
    for load, names, child in parts:
        got = forked.finish(child) if child is not None else None
        if got is None:  # no child, or it failed: here, as before
            got = _part(load, config, now, names)
        for name in names:
            if name == "problems":
                data.problems += got[name]  # in the order of a serial read
            else:
                setattr(data, name, got[name])
    data.problems += notebook_problems
    return data


# What each part fills in a SiteData (and a child sends back).
_HISTORY = ("postings", "feeds", "problems")
_TRENDS = ("trends", "problems")


def can_fork() -> bool:
    from stayready.site import forked

    return forked.can_fork()


def _kept(load: Any, config: Config, now: datetime) -> bool:
    """Whether the part's result is kept in .cache/ for the store as it is now."""
    try:
        if load is load_history:
            from aggregator.trends import cache

            where = config.cache_dir / "site" / "open-postings.pickle"
            return cache.has_kept(where, _store_key(config))
        from aggregator.trends.parallel import report_is_kept

        return report_is_kept(config.data_dir, now=now, **_trend_args(config))
    except Exception:  # whatever it is, the part itself will meet it and report it
        return False


def _part(load: Any, config: Config, now: datetime, names: tuple[str, ...]) -> dict[str, Any]:
    part = SiteData(now=now, config=config)
    load(config, part)
    return {name: getattr(part, name) for name in names}


def load_history(config: Config, data: SiteData) -> None:
    """Feed states, and only the postings a page can list (open or lately seen).

    The history may hold hundreds of thousands of postings; streaming it and keeping the
    few hundred that are open keeps memory flat. Trends read the files on their own,
    through the trends module's lean reader.
    """
    try:
        from aggregator.store import Store
        from aggregator.trends import cache
    except ImportError as exc:  # only while the store module is being written
        data.problems.append(f"job history unavailable: {exc}")
        return
    if not config.data_dir.exists():
        data.problems.append(f"no job history yet in {config.data_dir}: run `stayready fetch`")
        return
    store = Store(config.data_dir)
    # Kept from the last build while no file of the store changed (a rebuild, serve).
    key = _store_key(config)
    kept = cache.load_kept(config.cache_dir / "site" / "open-postings.pickle", key)
    if isinstance(kept, tuple):
        states, data.postings, problems = kept
    else:
        states = store.feed_states()
        live = {pid for st in states.values() for pid in st.live_ids}
        found = _live_postings(store, live)
        if found is None:  # the store's layout changed: the slow, public way
            found = [p for p in store.iter_postings() if p.id in live]
        data.postings = [p for p in found if not p.duplicate_of and not p.closed]
        problems = [str(x) for x in getattr(store, "problems", []) or []]
        if key is not None and key == _store_key(config):  # no commit landed meanwhile
            cache.save_kept(config.cache_dir / "site" / "open-postings.pickle", key,
                            (states, data.postings, problems))  # fmt: skip
    data.problems += problems
    names = {f.id: f for f in config.feeds}
    for fid, st in sorted(states.items()):
        fc = names.get(fid)
        data.feeds.append(
            FeedRow(
                id=fid,
                name=fc.name if fc else st.name,
                area=fc.area if fc else None,
                url=fc.url if fc else st.url,
                ok=st.ok,
                last_attempt=st.last_attempt,
                last_success=st.last_success,
                failures=st.consecutive_failures,
                last_error=st.last_error,
                http_status=st.http_status,
                gone=st.gone,
                redirected_to=st.redirected_to,
                next_attempt=st.next_attempt,
                items=st.items,
                live_ids=tuple(st.live_ids),
                removed=fc is None,
            )
        )
    for fc in config.feeds:  # configured but never fetched
        if fc.id not in states:
            data.feeds.append(FeedRow(id=fc.id, name=fc.name, area=fc.area, url=fc.url))


_load_history = load_history  # the name older callers and tests use


def _store_key(config: Config) -> tuple | None:
    """Every file of the store with its size and time (aggregator.trends.cache)."""
    from aggregator.trends import cache

    root = config.data_dir
    try:
        rels = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    except OSError:
        return None
    return cache.history_key(root, rels, f"open-postings-{OPEN_VERSION}")


OPEN_VERSION = 1  # of what is kept: feed states, open postings, problems


def _live_postings(store: Any, wanted: set[str]) -> list[Any] | None:
    """The postings with these ids, events applied, parsing only their lines.

    Month files are compact JSON lines starting with `{"id":"...`, so a line whose id is
    not wanted is skipped unparsed: with a year of history (300,000 postings, 30,000
    open) this takes a second instead of ten. It leans on the store's reading
    internals; if they change, it returns None and the caller streams the public way.
    """
    import json

    try:
        from aggregator.store_format import apply_events, posting_from_record

        out = []
        seen: set[str] = set()
        with store._reading() as view:
            feeds = store._feeds(view)
            live = {pid: st.last_success for st in feeds.values() for pid in st.live_ids}
            updates, left = store._events(view)
            files = view.listing("postings", ".jsonl")
            # A posting is written in the month it was first seen, which the live index
            # keeps: those months first, the others only for an id still not found (a
            # year of history: one or two month files read instead of 650 MB).
            first = _index_months(store, wanted, set(files))
            order = [i for i, rel in enumerate(files) if rel in first]
            order += [i for i, rel in enumerate(files) if rel not in first]
            found: list[tuple[int, int, Any]] = []
            for i in order:
                if files[i] not in first and seen >= wanted:
                    break
                buf = view.read_bytes(files[i]) or b""
                find, n = buf.find, len(buf)
                # Line by line with find, not split: only the wanted lines are copied.
                start = 0
                while start < n:
                    end = find(b"\n", start)
                    if end < 0:
                        end = n
                    quote = find(b'"', start + 7, end)
                    if quote > 0 and buf.startswith(b'{"id":"', start):
                        pid = buf[start + 7 : quote].decode("utf-8", "replace")
                        if pid in wanted and pid not in seen:
                            seen.add(pid)
                            posting = posting_from_record(json.loads(buf[start:end]))
                            posting = apply_events(posting, updates.get(pid), left.get(pid), live)
                            found.append((i, start, posting))
                    start = end + 1
        found.sort(key=lambda f: (f[0], f[1]))  # in the history's order, as one pass gives
        out = [posting for _, _, posting in found]
        return out
    except (AttributeError, ImportError, TypeError, ValueError, KeyError):
        return None


def _index_months(store: Any, wanted: set[str], files: set[str]) -> set[str]:
    """The month files the live index says hold these postings (none if it cannot)."""
    try:
        index = store.read_index() or {}
        months = {f"postings/{index[pid].first_seen[:7]}.jsonl" for pid in wanted & index.keys()}
    except Exception:  # no index, or an odd one: every month is read, as before
        return set()
    return months & files


def _load_trends(config: Config, data: SiteData) -> None:
    if not config.data_dir.exists():
        return
    try:
        from aggregator.trends.parallel import trends_json_from_store
    except ImportError as exc:
        data.problems.append(f"trends unavailable: {exc}")
        return
    problems: list[str] = []
    # As `stayready trends` does: the month cache in .cache/ (filled by the nightly run or
    # an earlier build) spares re-reading every unchanged month of the history, and a
    # rebuild on the same day with no commit in between takes the whole report from it.
    data.trends = trends_json_from_store(
        config.data_dir, now=data.now, problems=problems, keep_months=True,
        **_trend_args(config),
    )  # fmt: skip
    data.problems += problems[:5]


def _trend_args(config: Config) -> dict[str, Any]:
    from aggregator.companies import CompanyNames

    areas = sorted({f.area for f in config.feeds if f.area})
    return {"skills": config.profile.skills, "areas": areas or None, "cache_dir": config.cache_dir,
            "names": CompanyNames(config.companies.aliases)}  # fmt: skip


def slug(text: str) -> str:
    from foundation.config import slugify

    return slugify(text) if re.search(r"\w", text) else "other"
