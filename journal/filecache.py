"""What each notebook file parsed into, kept between loads so unchanged files skip YAML.

The site build reads the whole notebook every time and the YAML of 485 files is most
of its data phase. A file's result (its contact or entry, and the problems found in
it) depends only on its path and its bytes, so it is kept under the path with a digest
of the bytes it was parsed from: an edited file differs in its bytes and is parsed
again, a renamed one is a new path, a deleted one is not listed and drops out. The
bytes, not the size and time, are the key: a file saved twice within one tick of the
file system's clock must still show up under `stayready serve`, and reading 500 small
files costs about 10 ms. Problems are kept with the result and handed back on every
load, so a file with an error is reported each time, with its file and line.

The cache is private (the notes are in it): it lives in `<cache_dir>/notebook/`, which
the site code only passes when that folder is outside anything published (site/data.py).
Any fault in it only costs speed: the file is parsed as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
FILE = "files.pickle"


def _code_files() -> list[Path]:
    """The read path's source: the journal package and the modules it takes from
    the foundation (the duration parser, the error classes), wherever they live."""
    from foundation.config_schema import parse_days
    from foundation.errors import NotebookError

    here = Path(__file__).resolve().parent
    used = {sys.modules[f.__module__].__file__ for f in (parse_days, NotebookError)}
    return [*sorted(here.glob("*.py")), *(Path(f) for f in sorted(used) if f)]


@functools.lru_cache(maxsize=1)  # Once a process: the code it runs is the code it first read.
def code_version() -> str:
    """A digest of the read path's source, the Python version and ruamel's version.

    The results are pickled dataclasses of the read path: any change to its code (a
    field added, a message reworded) must not hand back results of the old code.
    """
    h = hashlib.blake2b(digest_size=16)
    for path in _code_files():
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            h.update(path.name.encode() + b"\0missing\0")
    try:
        from ruamel.yaml import __version__ as ruamel_version
    except ImportError:
        ruamel_version = "none"
    h.update(f"{sys.version}|{pickle.HIGHEST_PROTOCOL}|{ruamel_version}".encode())
    return h.hexdigest()


class FileResults:
    """Per-file results for one load of a notebook folder; `save` keeps the files seen."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.version = code_version() if folder is not None else ""
        self.old: dict[str, tuple[bytes, bytes]] = {}
        self.new: dict[str, tuple[bytes, bytes]] = {}
        self.changed = False
        if folder is not None:
            self.old = self._load()

    def _load(self) -> dict[str, tuple[bytes, bytes]]:
        assert self.folder is not None
        try:
            with open(self.folder / FILE, "rb") as f:
                # Our own file in the person's own folder: pickle is safe to load here.
                if pickle.load(f) != self.version:
                    return {}
                got = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError,
                ValueError, ImportError, IndexError):  # fmt: skip
            return {}
        return got if isinstance(got, dict) else {}

    def get(self, path: Path, parse: Callable[[Path, bytes | None], T]) -> T:
        """parse(path, its bytes), or the result kept for these very bytes."""
        if self.folder is None:
            return parse(path, None)
        try:
            raw = path.read_bytes()
        except OSError:
            return parse(path, None)  # the parser reports (or raises) as without a cache
        key = str(path)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        kept = self.old.get(key)
        if kept is not None and kept[0] == digest:
            try:
                result = pickle.loads(kept[1])
                self.new[key] = kept
                return result
            except Exception:  # a damaged entry: parse the file again
                pass
        result = parse(path, raw)
        try:
            # Pickled now, before the caller can change the objects it is handed.
            self.new[key] = (digest, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass
        self.changed = True
        return result

    def save(self) -> None:
        """Keep the results of the files seen in this load (a deleted file drops out)."""
        if self.folder is None or not (self.changed or self.new.keys() != self.old.keys()):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{FILE}.{os.getpid()}.tmp"
            with open(tmp, "wb") as f:
                pickle.dump(self.version, f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(self.new, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / FILE)
        except (OSError, pickle.PicklingError):
            return
