"""Error types that the CLI turns into clean messages and exit codes.

``InputError`` is a systematic problem with the user's input (wrong ``--source`` for a folder, a missing
required column, zero studies found): the CLI prints it and exits with code 2. Its message names the file and
the field, and must never contain a patient identifier or report text; every character that is not printable
(a terminal escape, a control character, a line break from a hostile file name or id) is escaped in it, so an
error cannot drive the terminal it is printed on. ``check_size`` refuses an input file over a size limit.
"""

from __future__ import annotations

from pathlib import Path


class MegacxrError(Exception):
    """Base class for errors the CLI reports without a traceback."""

    exit_code = 1


class InputError(MegacxrError):
    """A systematic problem with the input: exit code 2."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | Path | None = None, field: str | None = None):
        self.file = str(file) if file is not None else None
        self.field = field
        self.detail = message  # the message without the file and field prefix
        parts = []
        if self.file:
            parts.append(self.file)
        if field:
            parts.append(f"field {field!r}")
        prefix = ": ".join(parts)
        super().__init__(_printable(f"{prefix}: {message}" if prefix else message))


class ConfigError(InputError):
    """A bad configuration value or key (also exit code 2)."""


class TrainingAborted(MegacxrError):
    """Training stopped on purpose (e.g. too many non-finite steps in a row): exit code 3."""

    exit_code = 3


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def check_size(path: str | Path, limit: int, field: str) -> None:
    """An ``InputError`` when the file at ``path`` is larger than ``limit`` bytes (read whole, it would fill the
    memory of the machine that evaluates it)."""
    size = Path(path).stat().st_size
    if size > limit:
        raise InputError(
            f"{size / 2**20:.0f} MiB is over the {limit / 2**20:.0f} MiB limit of this input", file=path, field=field
        )
