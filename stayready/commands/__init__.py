"""Command handlers: each parses nothing, loads the config, calls one core function, prints.

One module per group of commands, named in `stayready.cli.COMMANDS`.
"""

from __future__ import annotations

import argparse

from foundation.config import Config, load_config


def load(args: argparse.Namespace) -> Config:
    """The validated config named by --config (default ./stayready.yml), from the memo
    of its last load when the file is unchanged (foundation/config_memo.py)."""
    return load_config(getattr(args, "config", None), memo=True)
