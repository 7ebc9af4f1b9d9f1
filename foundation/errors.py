"""The one error hierarchy of Stay Ready.

Every error a person can fix carries the file, the line and a hint; the command
line turns it into one clear message and exit status 1. The core raises these and
never prints or exits.
"""

from __future__ import annotations

from pathlib import Path


class StayReadyError(Exception):
    """An error the person can act on: where it is and what to do."""

    exit_status = 1

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.hint = hint

    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(StayReadyError):
    """The command line itself was wrong."""

    exit_status = 2


class _Several(StayReadyError):
    """Several problems told at once, each with its file and line, then what was kept;
    the first one is the error's own message, file and line."""

    closing = ""

    def __init__(self, problems: list[StayReadyError]) -> None:
        first = problems[0]
        super().__init__(first.message, file=first.file, line=first.line, hint=first.hint)
        self.problems = problems

    def __str__(self) -> str:
        lines = [StayReadyError.__str__(p) for p in self.problems]
        return "\n".join([*lines, self.closing] if self.closing else lines)


class ConfigError(_Several):
    """stayready.yml is invalid. May carry several problems at once."""

    closing = "No data was changed. Fix the configuration and run the command again."


class StoreError(StayReadyError):
    """The job history in data/ could not be read or written."""


class NotebookError(StayReadyError):
    """A notebook file (contact or entry) is invalid."""


class CaptureRefused(StayReadyError):
    """An issue that may not write to the notebook: a public repository, or an author who
    is neither the owner nor listed in notebook.capture_from. Its own exit status lets the
    capture workflow leave such an issue alone instead of asking its author to fix it."""

    exit_status = 3


class CaptureError(_Several, NotebookError):
    """An issue the journal cannot read (a line, a field, an unknown contact). Carries every
    problem at once, each naming its line, so one reply says all there is to fix; its exit
    status tells the capture workflow to comment rather than fail."""

    exit_status = 4
    closing = "Nothing was written."


class BuildError(StayReadyError):
    """The site could not be rendered or built."""


class PrivacyError(BuildError):
    """The public edition would publish something private."""


class PostingIdError(StayReadyError):
    """A posting id the job history does not hold, or a prefix that fits several."""
