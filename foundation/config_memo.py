"""A memo of the last validated configuration, so a command need not parse YAML again.

Reading stayready.yml with line numbers (ruamel) and validating it costs about 35 ms of
CPU, most of a warm night's time before its first request leaves. The memo keeps the
resulting `Config` in `<the file's folder>/.cache/config-memo.pickle`, under a key that
covers everything the result depends on: the file's resolved path and bytes, the code
that reads it (each `foundation` module's size and time, ruamel.yaml's and anyascii's)
and Python's version. A key that differs, a memo that cannot be read, or one holding
anything but the schema's own types means parsing the file as before; only a valid file
is memoized, so errors are always found and worded by the parser. Nothing here prints.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from foundation import config_schema
from foundation.config_schema import Config

MEMO_NAME = "config-memo.pickle"
_FORMAT = b"stayready config memo 1\n"
# What a Config pickles into besides the schema's dataclasses and plain values.
_ALLOWED = {
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    ("re", "_compile"),
}


def memo_path(file: Path) -> Path:
    """Where the memo of `file` lives: the default cache folder beside it."""
    return file.parent / ".cache" / MEMO_NAME


def memo_key(file: Path, data: bytes) -> bytes:
    """The digest of everything a parse of `file` holding `data` depends on."""
    h = hashlib.blake2b(digest_size=20)
    h.update(_FORMAT)
    h.update(sys.version.encode())
    h.update(os.fsencode(str(file)) + b"\0")
    for code in _code_files():
        try:
            st = os.stat(code)
        except OSError:
            h.update(b"missing\0")
            continue
        h.update(f"{code}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    h.update(data)
    return h.hexdigest().encode()


def _code_files() -> list[str]:
    here = Path(__file__).parent
    files = sorted(str(p) for p in here.glob("*.py"))
    # ruamel.yaml's version decides what the bytes parse to; anyascii's, the feed ids
    # that names without one are given (config_schema.slugify).
    for name in ("ruamel.yaml", "anyascii"):
        spec = find_spec(name)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    return files


def recall(file: Path, data: bytes) -> Config | None:
    """The memoized Config of `file` with these bytes, or None."""
    try:
        stored = memo_path(file).read_bytes()
    except OSError:
        return None
    key = memo_key(file, data)
    head = _FORMAT + key + b"\n"
    if not stored.startswith(head):
        return None
    try:
        config = _SchemaOnly(io.BytesIO(stored[len(head) :])).load()
    except Exception:  # a truncated or foreign memo: parse the file instead
        return None
    return config if isinstance(config, Config) and config.path == file else None


def remember(file: Path, data: bytes, config: Config) -> None:
    """Keep `config` as the parse of `file` holding `data`, if the cache folder exists
    (a command that only reads the config must not create it)."""
    path = memo_path(file)
    try:
        if not path.parent.is_dir() or file.read_bytes() != data:
            return  # no cache folder, or the file was rewritten while it was parsed
    except OSError:
        return
    tmp = path.with_name(f".{MEMO_NAME}.{os.getpid()}")
    try:
        blob = pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.write_bytes(_FORMAT + memo_key(file, data) + b"\n" + blob)
        os.replace(tmp, path)
    except Exception:  # only costs a parse next time
        tmp.unlink(missing_ok=True)


class _SchemaOnly(pickle.Unpickler):
    """Unpickles the schema's dataclasses, paths, patterns and plain values, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if module == config_schema.__name__:
            value = getattr(config_schema, name, None)
            if isinstance(value, type) and hasattr(value, "__dataclass_fields__"):
                return value
        elif (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not part of a config: {module}.{name}")
