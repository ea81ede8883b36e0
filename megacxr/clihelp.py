"""Argument parsers of every megacxr command: help texts show each option's default.

``Parser`` is an ``argparse.ArgumentParser`` whose subcommand parsers are ``Parser`` too, with ``HelpFormatter``:
descriptions keep their line breaks and an option whose default is worth stating (not None, False, an empty list
or suppressed) gets ``(default: ...)`` appended unless its help already says it. ``tests/test_cli_help.py`` checks
that no option of any command lacks help text. ``positive_int`` and ``non_negative_int`` are the argument types
of counts and sizes: 0 or -1 where only a positive number makes sense is a one-line usage error, not a silent
no-op or a traceback later.
"""

from __future__ import annotations

import argparse

__all__ = ["HelpFormatter", "Parser", "non_negative_int", "positive_int"]


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}") from None


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of at least 0."""
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            text
            and text != argparse.SUPPRESS
            and "default" not in text
            and action.option_strings
            and default not in (None, False, argparse.SUPPRESS)
            and default != []
        ):
            text += " (default: %(default)s)"
        return text


class Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
