"""Every option of every megacxr command has help text, and options with a default worth stating show it."""

from __future__ import annotations

import argparse

import pytest

from megacxr.cli import make_parser
from megacxr.profile import build_parser as profile_parser
from megacxr.train.__main__ import build_parser as train_parser


def _parsers(parser: argparse.ArgumentParser, name: str):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


ALL = list(_parsers(make_parser(), "megacxr")) + [
    ("megacxr profile", profile_parser()),
    ("megacxr train", train_parser()),
]


@pytest.mark.parametrize("name,parser", ALL, ids=[n for n, _ in ALL])
def test_every_option_has_help_and_shows_its_default(name, parser):
    text = parser.format_help()
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
            continue
        if action.help == argparse.SUPPRESS:
            continue
        assert action.help, f"{name}: {action.option_strings or action.dest} has no help text"
        shown = action.default not in (None, False, argparse.SUPPRESS) and action.default != []
        if action.option_strings and shown:
            assert "default" in parser._get_formatter()._get_help_string(action), (name, action.option_strings)
    assert "usage:" in text


def test_the_command_line_starts_without_importing_torch():
    """`megacxr --help` and building every sub-command's parser import no torch (which takes seconds): a command
    imports its code when it runs."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom megacxr.cli import make_parser\nmake_parser()\n"
        "print(sorted(m for m in ('torch', 'transformers', 'deepspeed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"
