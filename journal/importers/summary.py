"""What one import did, for the person who ran it: who was added, what was added to whom,
which same-name people were kept apart and why, and what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportSummary:
    format: str
    added: list[str] = field(default_factory=list)  # new contacts, twins not included
    merged: dict[str, list[str]] = field(default_factory=dict)  # id -> what was added
    twins: dict[str, str] = field(default_factory=dict)  # new id -> why it is another person
    unchanged: list[str] = field(default_factory=list)  # matched, nothing new to add
    skipped: list[str] = field(default_factory=list)  # "file:line: why", nothing written
    problems: list[str] = field(default_factory=list)  # warnings about what was written

    def headline(self) -> str:
        return (
            f"{self.format}: {len(self.added)} added, {len(self.merged)} merged, "
            f"{len(self.twins)} same-name twin{'s' if len(self.twins) != 1 else ''}, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )

    def lines(self) -> list[str]:
        """The headline, then one line per merge, twin and skip, each with its reason."""
        out = [self.headline()]
        out += [f"  merged {cid}: added {', '.join(what)}" for cid, what in self.merged.items()]
        out += [f"  twin {cid}: {why}" for cid, why in self.twins.items()]
        out += [f"  skipped {why}" for why in self.skipped]
        return out
