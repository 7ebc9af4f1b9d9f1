"""A posting id as a person types it: whole, or a unique prefix of six characters or
more (as git takes a commit), resolved against the ids the history ever stored.

Every command that takes a posting id resolves it here, so a typo is an error that
writes nothing instead of a mark for a posting that never existed.
"""

from __future__ import annotations

from collections.abc import Collection

from foundation.errors import PostingIdError

MIN_PREFIX = 6


def resolve(given: str, known: Collection[str]) -> str:
    """The stored id that `given` names; UsageError when none or several do."""
    given = given.strip()
    if given in known:
        return given
    if len(given) >= MIN_PREFIX:
        matches = sorted(pid for pid in known if pid.startswith(given))
        if len(matches) == 1:
            return matches[0]
        if matches:
            shown = ", ".join(matches[:5]) + (" ..." if len(matches) > 5 else "")
            raise PostingIdError(
                f"posting id {given!r} is ambiguous: {len(matches)} postings start with it "
                f"({shown})",
                hint="type more of the id",
            )
    short = len(given) < MIN_PREFIX and any(pid.startswith(given) for pid in known)
    raise PostingIdError(
        f"posting {given!r} is not in the job history",
        hint=(
            f"type at least {MIN_PREFIX} characters of the id"
            if short
            else "copy the id from the private edition's job tables; for a posting seen "
            "elsewhere, add --elsewhere to keep it anyway"
        ),
    )
