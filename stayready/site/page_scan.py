"""The privacy check of the public pages, run in a forked child while MkDocs builds.

MkDocs renders one page after another on one core; each page, as it is about to be
written, goes to a child on the other core that looks for private strings in it
(privacy.Needles.find, as check_site does). After the build, check_site reads every
file of the output as before and takes the child's finding for a page only when the
file holds exactly the text the child was sent; anything else (the search index,
sitemap, 404, a page changed after it was sent, every page when the child failed) is
checked there and then. So every file is still checked, and the pages' check, about
0.1 s with a year of data, no longer comes after the build.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from stayready.site import forked
from stayready.site.privacy import POSTING_PAGES, Needles, readable_parts, text_units

ANSWER_WITHIN = 60.0  # seconds


class PageScan:
    """Pages sent as MkDocs writes them; `findings` gives what was found in each."""

    def __init__(self, needles: Needles) -> None:
        self.needles = needles
        self.sent: dict[str, str] = {}
        self._child: Any = None
        self._conn: Any = None
        if needles.empty() or not forked.can_fork():
            return
        import multiprocessing

        try:
            ctx: Any = multiprocessing.get_context("fork")
            ours, theirs = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=_child_main, args=(needles, theirs, ours), daemon=True)
            proc.start()
        except (OSError, ValueError):
            return
        theirs.close()  # so that a child dying gives EOF, not a hang
        self._child, self._conn = proc, ours

    def page(self, rel: str, html: str) -> None:
        """A page the build writes at `rel` (relative to the site, with slashes)."""
        if self._conn is None:
            return
        try:
            self._conn.send((rel, html))
            self.sent[rel] = html
        except (OSError, ValueError):
            self._stop()

    def findings(self) -> dict[str, tuple[str, str | None]]:
        """rel -> (the text checked, what was found in it or None), for every page the
        child checked; empty when there is no child or it failed."""
        if self._conn is None:
            return {}
        got: Any = None
        try:
            self._conn.send(None)
            # The child has only the last pages left to check; one that does not answer in
            # a minute is stuck, and this process checks every page itself instead.
            if self._conn.poll(ANSWER_WITHIN):
                got = self._conn.recv()
        except (EOFError, OSError, ValueError):
            got = None
        finally:
            self._stop()
        if not isinstance(got, dict):
            return {}
        return {rel: (html, got[rel]) for rel, html in self.sent.items() if rel in got}

    def close(self) -> None:
        """Stop the child (a build that failed needs no findings)."""
        self._stop()

    def _stop(self) -> None:
        conn, proc, self._conn, self._child = self._conn, self._child, None, None
        if conn is not None:
            conn.close()
        if proc is not None:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join()


def _child_main(needles: Needles, conn: Any, parents_end: Any) -> None:
    parents_end.close()  # else a parent that dies would never give this child an EOF
    found: dict[str, str | None] | None = {}
    try:
        while (msg := conn.recv()) is not None:
            rel, html = msg
            text, words_in = readable_parts(Path(rel), html)
            found[rel] = needles.find(  # type: ignore[index]
                text,
                posting_page=rel.startswith(POSTING_PAGES),
                words_in=words_in,
                units=functools.partial(text_units, Path(rel), html),
            )
    except Exception:  # EOF (the build failed) or anything else: the parent checks itself
        found = None
    try:
        conn.send(found)
    except (OSError, ValueError):  # the parent stopped listening: nothing to tell
        pass
    finally:
        conn.close()
