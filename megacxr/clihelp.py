"""Argument parsers of every megacxr command: help texts show each option's default.

``Parser`` is an ``argparse.ArgumentParser`` whose subcommand parsers are ``Parser`` too, with ``HelpFormatter``:
descriptions keep their line breaks and an option whose default is worth stating (not None, False, an empty list
or suppressed) gets ``(default: ...)`` appended unless its help already says it. ``tests/test_cli_help.py`` checks
that no option of any command lacks help text.
"""

from __future__ import annotations

import argparse

__all__ = ["HelpFormatter", "Parser"]


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
